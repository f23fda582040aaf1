//! Readers: every input file, delimited text ([`text::TextFile`], in bounded
//! blocks, parsed in parallel) or Parquet ([`parquet::ParquetTable`]), turned
//! into [`Row`]s with their physical line numbers, and the header a config's
//! column names are bound against ([`Binder`]).
//!
//! What every reader promises:
//! - every physical line after the header ends up in exactly one of: a row
//!   handed to the caller (accepted or rejected there), or a blank line
//!   (counted in [`ReadSummary::blank_lines`]); the reader checks
//!   `lines = skipped + header + blank + lines of rows` itself;
//! - a row that cannot be a record (a quote still open at the end of the
//!   line, a NUL byte, bytes not valid in the declared encoding, the wrong
//!   number of fields, a line longer than [`line::MAX_RECORD_BYTES`]) is
//!   handed over with its reason in [`Row::malformed`]; one bad row never
//!   stops a file;
//! - the SHA-256 in the summary is of the bytes actually read, in the one
//!   pass that parsed them.

use std::path::Path;

use crate::error::BatchError;
use crate::records::RejectReason;

pub mod line;
pub mod parquet;
pub mod text;

/// A column lookup: the header's names (or "1", "2", ... without a header
/// row).
#[derive(Debug, Clone, Default)]
pub struct Header {
    /// Column names.
    pub names: Vec<String>,
}

impl Header {
    /// The columns a configured name matches: exactly, or else ignoring case
    /// and surrounding spaces.
    fn matches(&self, column: &str) -> Vec<usize> {
        let exact: Vec<usize> = (0..self.names.len())
            .filter(|i| self.names[*i] == column)
            .collect();
        if !exact.is_empty() {
            return exact;
        }
        let wanted = column.trim().to_lowercase();
        (0..self.names.len())
            .filter(|i| self.names[*i].trim().to_lowercase() == wanted)
            .collect()
    }
}

/// Binds a file's configured column names to positions in its header,
/// collecting every missing column so that one error names them all.
pub struct Binder<'a> {
    file: &'a Path,
    header: &'a Header,
    missing: Vec<(String, String)>,
    ambiguous: Option<BatchError>,
}

/// The index a missing column is bound to; never read, because
/// [`Binder::finish`] fails first.
const UNBOUND: usize = usize::MAX;

impl<'a> Binder<'a> {
    /// Starts binding against `header`.
    pub(crate) fn new(file: &'a Path, header: &'a Header) -> Binder<'a> {
        Binder {
            file,
            header,
            missing: Vec::new(),
            ambiguous: None,
        }
    }

    /// A required column named `column` by config key `key`.
    pub(crate) fn col(&mut self, column: &str, key: &str) -> usize {
        let found = self.header.matches(column);
        match found.len() {
            1 => found[0],
            0 => {
                self.missing.push((column.to_string(), key.to_string()));
                UNBOUND
            }
            count => {
                self.ambiguous.get_or_insert(BatchError::AmbiguousColumn {
                    file: self.file.to_path_buf(),
                    column: column.to_string(),
                    key: key.to_string(),
                    count,
                });
                UNBOUND
            }
        }
    }

    /// An optional column: `None` when the config does not name one.
    pub(crate) fn opt(&mut self, column: &Option<String>, key: &str) -> Option<usize> {
        column.as_deref().map(|c| self.col(c, key))
    }

    /// Several columns (address lines), in order.
    pub(crate) fn many(&mut self, columns: &[String], key: &str) -> Vec<usize> {
        columns.iter().map(|c| self.col(c, key)).collect()
    }

    /// Every column bound, or the error naming what is missing (never the
    /// header's contents: a file that lost its header row would show a
    /// person's details there).
    pub(crate) fn finish(self) -> Result<(), BatchError> {
        if let Some(e) = self.ambiguous {
            return Err(e);
        }
        if self.missing.is_empty() {
            return Ok(());
        }
        Err(BatchError::MissingColumns {
            file: self.file.to_path_buf(),
            missing: self.missing,
            fields: self.header.names.len(),
        })
    }
}

/// The fields of one row: text with the end of each field.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    text: &'a str,
    ends: &'a [usize],
}

impl<'a> Fields<'a> {
    /// Fields from a text holding them end to end, and each one's end.
    pub(crate) fn new(text: &'a str, ends: &'a [usize]) -> Fields<'a> {
        Fields { text, ends }
    }

    /// How many fields.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Field `index`, as written (untrimmed); `None` past the end.
    pub(crate) fn get(&self, index: usize) -> Option<&'a str> {
        let end = *self.ends.get(index)?;
        let start = match index {
            0 => 0,
            i => self.ends[i - 1],
        };
        self.text.get(start..end)
    }
}

/// One data row.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// 1-based physical line in the file where the row starts.
    pub line: u64,
    /// The parsed fields.
    pub fields: Fields<'a>,
    /// The row's text as read (decoded), without its line ending.
    pub raw: &'a str,
    /// Why the row cannot be used at all, decided by the reader.
    pub malformed: Option<&'a RejectReason>,
}

impl Row<'_> {
    /// A field, trimmed; empty when absent.
    pub fn get(&self, index: usize) -> &str {
        self.fields.get(index).map(str::trim).unwrap_or("")
    }

    /// An optional field: `None` when the column is not configured or the
    /// value is empty.
    pub(crate) fn opt(&self, index: Option<usize>) -> Option<&str> {
        index.map(|i| self.get(i)).filter(|v| !v.is_empty())
    }
}

/// Where a piece of a file is, for reading it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// Byte offset in the file.
    pub offset: u64,
    /// Length in bytes.
    pub len: usize,
    /// Physical lines before the piece.
    pub lines_before: u64,
    /// A 64-bit hash of the piece's bytes, to check a re-read gets the same
    /// bytes.
    pub checksum: u64,
}

/// What reading a whole file found, besides its rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadSummary {
    /// Bytes read (the whole file).
    pub bytes: u64,
    /// SHA-256 of those bytes, hex.
    pub sha256: String,
    /// Rows handed to the caller.
    pub rows: u64,
    /// Physical lines in the file (a last line without a line end counts).
    pub lines: u64,
    /// Lines before the first data row (skipped lines and the header).
    pub lines_before_data: u64,
    /// Empty or all-blank lines among the data lines.
    pub blank_lines: u64,
    /// Whether the file ends without a line end (a cut file often does).
    pub last_line_unterminated: bool,
}

/// A 64-bit FxHash of some bytes: duplicate candidates and piece checksums
/// (never a decision on its own: candidates are confirmed on the text).
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.finish()
}

/// An input table of either kind, read the same way.
pub enum Table {
    /// Delimited text, read in blocks.
    Text(text::TextFile),
    /// Parquet, read whole (it is compressed and columnar).
    Parquet(parquet::ParquetTable),
}

impl Table {
    /// Opens a file as its resolved format says.
    pub(crate) fn open(path: &Path, format: &crate::config::Format) -> Result<Table, BatchError> {
        Ok(match format.kind {
            crate::config::FileKind::Csv => Table::Text(text::TextFile::open(path, format)?),
            crate::config::FileKind::Parquet => Table::Parquet(parquet::ParquetTable::open(path)?),
        })
    }

    /// The column names.
    pub(crate) fn header(&self) -> &Header {
        match self {
            Table::Text(t) => t.header(),
            Table::Parquet(p) => p.header(),
        }
    }

    /// The file's size in bytes when it was opened.
    pub(crate) fn len_bytes(&self) -> u64 {
        match self {
            Table::Text(t) => t.len_bytes(),
            Table::Parquet(p) => p.len_bytes(),
        }
    }

    /// Visits every row, in parallel pieces: each piece gets its own state
    /// from `make`; `visit` sees the piece's rows in order; `fold` receives
    /// the pieces' states in file order as each block completes.
    pub(crate) fn process<S, M, V, F>(
        &self,
        on_block: &dyn Fn(u64),
        make: M,
        visit: V,
        fold: F,
    ) -> Result<ReadSummary, BatchError>
    where
        S: Send,
        M: Fn() -> S + Sync,
        V: Fn(&mut S, Row<'_>) + Sync,
        F: FnMut(Piece, S),
    {
        match self {
            Table::Text(t) => t.process(on_block, make, visit, fold),
            Table::Parquet(p) => p.process(make, visit, fold),
        }
    }

    /// The raw text of the rows starting on `lines`, read again from the
    /// pieces that hold them (`index`: the pieces in file order).
    pub(crate) fn raw_rows(
        &self,
        index: &[Piece],
        lines: &[u64],
    ) -> Result<std::collections::HashMap<u64, String>, BatchError> {
        match self {
            Table::Text(t) => t.raw_rows(index, lines),
            Table::Parquet(p) => Ok(lines
                .iter()
                .filter_map(|l| p.raw(*l).map(|r| (*l, r)))
                .collect()),
        }
    }

    /// Parses a row's raw text as the reader gave it (one line, or the
    /// lines of a multiline record) again, and hands the row to `f`.
    pub(crate) fn reparse<R, F: FnOnce(&Row<'_>) -> R>(&self, raw: &str, f: F) -> Option<R> {
        let (format, width) = match self {
            Table::Text(t) => (t.format().clone(), t.header().names.len()),
            Table::Parquet(p) => (crate::config::Format::default(), p.header().names.len()),
        };
        let mut parser = line::LineParser::new(&format, width);
        let mut state: (Option<F>, Option<R>) = (Some(f), None);
        parser.parse(
            raw.as_bytes(),
            0,
            true,
            &mut state,
            &|state: &mut (Option<F>, Option<R>), row: Row<'_>| {
                if let Some(f) = state.0.take() {
                    state.1 = Some(f(&row));
                }
            },
        );
        state.1
    }
}

/// The reason a reader gives a row it could not make a record of.
pub(crate) fn malformed(message: impl Into<String>) -> RejectReason {
    RejectReason::Malformed(message.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Header {
        Header {
            names: names.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn a_missing_header_names_the_columns_and_the_field_count_never_the_values() {
        // The header row was lost: the first line is a person's record.
        let h = header(&["CT0001", "SMITH, JOHN", "12 High St", "1970-01-01"]);
        let file = Path::new("ctax/accounts.csv");
        let mut b = Binder::new(file, &h);
        b.col("Account Ref", "sources[ctax].accounts.columns.account_ref");
        b.col("Lead Liable Name", "sources[ctax].accounts.parties[0].name");
        let e = b.finish().unwrap_err().to_string();
        assert!(
            e.contains("Account Ref") && e.contains("Lead Liable Name"),
            "{e}"
        );
        assert!(e.contains("4 fields"), "{e}");
        for value in ["CT0001", "SMITH", "High St", "1970"] {
            assert!(!e.contains(value), "{value} leaked into: {e}");
        }
    }

    #[test]
    fn a_column_named_twice_in_the_header_is_refused_by_name() {
        let h = header(&["Ref", "Amount", "amount "]);
        let mut b = Binder::new(Path::new("t.csv"), &h);
        b.col("AMOUNT", "sources[x].transactions.columns.amount");
        let e = b.finish().unwrap_err().to_string();
        assert!(e.contains("\"AMOUNT\"") && e.contains("2 times"), "{e}");
        // An exact match wins over case-insensitive ones.
        let mut b = Binder::new(Path::new("t.csv"), &h);
        assert_eq!(b.col("Amount", "k"), 1);
        assert!(b.finish().is_ok());
    }
}

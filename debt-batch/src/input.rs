//! Reading one export file as its config describes it: encoding, leading
//! lines, delimiter, quote, header or positional columns.
//!
//! Every data row comes with its 1-based physical line number in the file
//! (counting skipped lines and the header) and its raw text, so that a reject
//! can name exactly what was wrong where. Bytes that are not valid in the
//! declared encoding do not stop the file: the rows they are on are rejected.

use std::path::{Path, PathBuf};

use crate::config::{Encoding, FileKind, Format};
use crate::error::BatchError;

/// A file read into memory and decoded.
#[derive(Debug)]
pub struct TextFile {
    /// Path as opened.
    pub path: PathBuf,
    /// Decoded text (after any skipped lines).
    text: String,
    /// Lines skipped before `text`.
    skipped: usize,
    /// Line numbers (within `text`, 1-based) that held invalid bytes.
    bad_lines: Vec<u64>,
    format: Format,
}

/// A column lookup: the header, and each configured column's index.
#[derive(Debug, Clone)]
pub struct Header {
    /// Column names (or "1", "2", ... without a header row).
    pub names: Vec<String>,
}

impl Header {
    /// Finds a column by its configured name: exactly, then ignoring case
    /// and surrounding spaces. `key` is the config key, for the error.
    pub fn find(&self, file: &Path, column: &str, key: &str) -> Result<usize, BatchError> {
        if let Some(i) = self.names.iter().position(|n| n == column) {
            return Ok(i);
        }
        let wanted = column.trim().to_lowercase();
        if let Some(i) = self
            .names
            .iter()
            .position(|n| n.trim().to_lowercase() == wanted)
        {
            return Ok(i);
        }
        Err(BatchError::MissingColumn {
            file: file.to_path_buf(),
            column: column.to_string(),
            key: key.to_string(),
            found: self
                .names
                .iter()
                .map(|n| format!("{n:?}"))
                .collect::<Vec<_>>()
                .join(", "),
        })
    }

    /// Like [`Header::find`] for an optional column.
    pub fn find_opt(
        &self,
        file: &Path,
        column: &Option<String>,
        key: &str,
    ) -> Result<Option<usize>, BatchError> {
        column.as_ref().map(|c| self.find(file, c, key)).transpose()
    }
}

/// One data row.
pub struct Row<'a> {
    /// 1-based physical line in the file.
    pub line: u64,
    /// The parsed fields.
    pub record: &'a csv::StringRecord,
    /// The raw text of the row, without its line ending.
    pub raw: &'a str,
    /// Why the row cannot be used at all (bad encoding, wrong field count).
    pub malformed: Option<crate::records::RejectReason>,
}

impl Row<'_> {
    /// A field, trimmed; empty string when absent.
    pub fn get(&self, index: usize) -> &str {
        self.record.get(index).map(str::trim).unwrap_or("")
    }

    /// An optional field: `None` when the column is not configured or the
    /// value is empty.
    pub fn opt(&self, index: Option<usize>) -> Option<&str> {
        index.map(|i| self.get(i)).filter(|v| !v.is_empty())
    }
}

impl TextFile {
    /// Reads and decodes a file.
    pub fn open(path: &Path, format: &Format) -> Result<TextFile, BatchError> {
        if format.kind == FileKind::Parquet {
            return Err(BatchError::Unreadable {
                file: path.to_path_buf(),
                message: "Parquet inputs are not supported by this build yet; export CSV".into(),
            });
        }
        let bytes = std::fs::read(path).map_err(|e| BatchError::io(path, e))?;
        let sniff = &bytes[..bytes.len().min(8192)];
        if sniff.contains(&0u8) {
            return Err(BatchError::Unreadable {
                file: path.to_path_buf(),
                message: "the file holds NUL bytes: it looks binary, not a delimited text export"
                    .into(),
            });
        }
        let (text, bad_lines) = decode(&bytes, format.encoding);
        let text = text.into_owned();
        // Skip leading lines (titles, run dates).
        let mut offset = 0usize;
        for _ in 0..format.skip_lines {
            match text[offset..].find('\n') {
                Some(i) => offset += i + 1,
                None => {
                    offset = text.len();
                    break;
                }
            }
        }
        let skipped = format.skip_lines;
        let text = text[offset..].to_string();
        let bad_lines = bad_lines
            .into_iter()
            .filter(|l| *l > skipped as u64)
            .map(|l| l - skipped as u64)
            .collect();
        Ok(TextFile {
            path: path.to_path_buf(),
            text,
            skipped,
            bad_lines,
            format: format.clone(),
        })
    }

    fn reader(&self) -> csv::Reader<&[u8]> {
        csv::ReaderBuilder::new()
            .delimiter(self.format.delimiter)
            .quote(self.format.quote)
            .has_headers(false)
            .flexible(true)
            .from_reader(self.text.as_bytes())
    }

    /// The header (read from the file, or positional names).
    pub fn header(&self) -> Result<Header, BatchError> {
        let mut reader = self.reader();
        let mut record = csv::StringRecord::new();
        let got = reader
            .read_record(&mut record)
            .map_err(|e| BatchError::Unreadable {
                file: self.path.clone(),
                message: format!("cannot read the first row: {e}"),
            })?;
        if !got {
            return Err(BatchError::Unreadable {
                file: self.path.clone(),
                message: "the file is empty".into(),
            });
        }
        let names = if self.format.header {
            record.iter().map(|n| n.trim().to_string()).collect()
        } else {
            (1..=record.len()).map(|i| i.to_string()).collect()
        };
        Ok(Header { names })
    }

    /// Calls `visit` for every data row, in file order. Returns the number of
    /// data rows seen.
    pub fn for_each_row(&self, mut visit: impl FnMut(Row<'_>)) -> Result<u64, BatchError> {
        let header = self.header()?;
        let expected = header.names.len();
        let mut reader = self.reader();
        let mut record = csv::StringRecord::new();
        let mut first = true;
        let mut count = 0u64;
        // Physical lines are counted here rather than taken from the CSV
        // reader: with CRLF endings it leaves the LF at the start of the next
        // record.
        let mut counted_to = 0usize;
        let mut lines_before = 0u64;
        loop {
            let start = reader.position().byte() as usize;
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let end = reader.position().byte() as usize;
                    let slice = self.text.get(start..end).unwrap_or("");
                    let leading = slice.len() - slice.trim_start_matches(['\r', '\n']).len();
                    let begin = start + leading;
                    lines_before += self
                        .text
                        .get(counted_to..begin)
                        .map(|t| t.matches('\n').count() as u64)
                        .unwrap_or(0);
                    counted_to = begin;
                    if first && self.format.header {
                        first = false;
                        continue;
                    }
                    first = false;
                    let raw = self
                        .text
                        .get(begin..end)
                        .unwrap_or("")
                        .trim_end_matches(['\r', '\n']);
                    let line_in_text = lines_before + 1;
                    let last_line_in_text = line_in_text + raw.matches('\n').count() as u64;
                    let malformed = if self
                        .bad_lines
                        .iter()
                        .any(|l| (line_in_text..=last_line_in_text).contains(l))
                    {
                        Some(crate::records::RejectReason::Malformed(format!(
                            "not valid {} text (is the file's encoding set right in the config?)",
                            match self.format.encoding {
                                Encoding::Utf8 => "UTF-8",
                                Encoding::Windows1252 => "Windows-1252",
                            }
                        )))
                    } else if record.len() != expected {
                        Some(crate::records::RejectReason::FieldCount {
                            expected,
                            found: record.len(),
                        })
                    } else {
                        None
                    };
                    count += 1;
                    visit(Row {
                        line: line_in_text + self.skipped as u64,
                        record: &record,
                        raw,
                        malformed,
                    });
                }
                Err(e) => {
                    return Err(BatchError::Unreadable {
                        file: self.path.clone(),
                        message: format!("CSV error: {e}"),
                    });
                }
            }
        }
        Ok(count)
    }
}

/// Decodes bytes; returns the text and the 1-based lines holding bytes that
/// are invalid in the encoding (replaced by U+FFFD in the text).
pub(crate) fn decode(bytes: &[u8], encoding: Encoding) -> (std::borrow::Cow<'_, str>, Vec<u64>) {
    use std::borrow::Cow;
    match encoding {
        Encoding::Windows1252 => {
            // Every byte is defined in Windows-1252 (the WHATWG mapping).
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (text, Vec::new())
        }
        Encoding::Utf8 => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            match std::str::from_utf8(bytes) {
                // Valid text is used where it lies: no copy.
                Ok(text) => (Cow::Borrowed(text), Vec::new()),
                Err(_) => {
                    let mut bad_lines = Vec::new();
                    let mut rest = bytes;
                    let mut consumed_lines = 0u64;
                    let mut out = String::with_capacity(bytes.len());
                    loop {
                        match std::str::from_utf8(rest) {
                            Ok(valid) => {
                                out.push_str(valid);
                                break;
                            }
                            Err(e) => {
                                let (valid, after) = rest.split_at(e.valid_up_to());
                                let valid = std::str::from_utf8(valid).unwrap_or("");
                                out.push_str(valid);
                                consumed_lines += valid.matches('\n').count() as u64;
                                bad_lines.push(consumed_lines + 1);
                                out.push('\u{FFFD}');
                                let skip = e.error_len().unwrap_or(after.len()).max(1);
                                rest = &after[skip.min(after.len())..];
                            }
                        }
                    }
                    (Cow::Owned(out), bad_lines)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_pound_sign_decodes() {
        let (text, bad) = decode(b"\xA31,234.56", Encoding::Windows1252);
        assert_eq!(text, "£1,234.56");
        assert!(bad.is_empty());
    }

    #[test]
    fn invalid_utf8_marks_its_line() {
        let (text, bad) = decode(b"a\nb\xA3c\nd\n", Encoding::Utf8);
        assert_eq!(bad, vec![2]);
        assert!(text.contains('\u{FFFD}'));
    }
}

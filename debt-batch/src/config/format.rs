//! How an export file is written: delimited text (delimiter, encoding, quote,
//! header, title lines to skip, whether quoted fields may hold line ends) or
//! Parquet. A file's own `format` table overrides its source's, which
//! overrides the defaults.

use serde::Deserialize;

/// A format table; every key optional so a file's table can override its
/// source's.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormatConfig {
    /// `csv` or `parquet`.
    pub kind: Option<FileKind>,
    /// Field delimiter.
    pub delimiter: Option<String>,
    /// Text encoding.
    pub encoding: Option<Encoding>,
    /// Whether the first row (after skipped lines) is a header.
    pub header: Option<bool>,
    /// Quote character.
    pub quote: Option<String>,
    /// Lines to skip before the header.
    pub skip_lines: Option<usize>,
    /// Whether a quoted field may carry line ends into the following lines
    /// (default false: one line is one record, and a quote still open at the
    /// end of a line makes that line a reject).
    pub multiline: Option<bool>,
}

/// File kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    /// Delimited text.
    Csv,
    /// Apache Parquet.
    Parquet,
}

/// Text encodings of exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Encoding {
    /// UTF-8 (a byte-order mark is skipped).
    #[serde(rename = "utf-8", alias = "utf8", alias = "UTF-8")]
    Utf8,
    /// Windows-1252 (where £ is 0xA3).
    #[serde(
        rename = "windows-1252",
        alias = "cp1252",
        alias = "Windows-1252",
        alias = "latin1"
    )]
    Windows1252,
}

/// A format with every key resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Format {
    /// CSV or Parquet.
    pub kind: FileKind,
    /// Delimiter byte.
    pub delimiter: u8,
    /// Encoding.
    pub encoding: Encoding,
    /// Header row present.
    pub header: bool,
    /// Quote byte.
    pub quote: u8,
    /// Lines before the header.
    pub skip_lines: usize,
    /// Quoted fields may span lines.
    pub multiline: bool,
}

impl Default for Format {
    /// Comma-separated UTF-8 with a header row, `"` quotes, one line a record.
    fn default() -> Format {
        Format {
            kind: FileKind::Csv,
            delimiter: b',',
            encoding: Encoding::Utf8,
            header: true,
            quote: b'"',
            skip_lines: 0,
            multiline: false,
        }
    }
}

/// Resolves a file's format from its own table over its source's table over
/// the defaults.
pub(crate) fn format_of(
    source: &Option<FormatConfig>,
    file: &Option<FormatConfig>,
) -> Result<Format, String> {
    let pick = |f: fn(&FormatConfig) -> Option<String>| {
        file.as_ref()
            .and_then(f)
            .or_else(|| source.as_ref().and_then(f))
    };
    let delimiter = match pick(|f| f.delimiter.clone()).as_deref() {
        None | Some(",") => b',',
        Some(";") => b';',
        Some("\t") | Some("tab") | Some("\\t") => b'\t',
        Some("|") => b'|',
        Some(other) if other.len() == 1 && other.is_ascii() => other.as_bytes()[0],
        Some(other) => {
            return Err(format!(
                "delimiter {other:?}: use one character such as \",\", \";\", \"tab\" or \"|\""
            ))
        }
    };
    let quote = match pick(|f| f.quote.clone()).as_deref() {
        None => b'"',
        Some(q) if q.len() == 1 && q.is_ascii() => q.as_bytes()[0],
        Some(q) => return Err(format!("quote {q:?}: use one ASCII character")),
    };
    let kind = file
        .as_ref()
        .and_then(|f| f.kind)
        .or_else(|| source.as_ref().and_then(|f| f.kind))
        .unwrap_or(FileKind::Csv);
    let encoding = file
        .as_ref()
        .and_then(|f| f.encoding)
        .or_else(|| source.as_ref().and_then(|f| f.encoding))
        .unwrap_or(Encoding::Utf8);
    let header = file
        .as_ref()
        .and_then(|f| f.header)
        .or_else(|| source.as_ref().and_then(|f| f.header))
        .unwrap_or(true);
    let skip_lines = file
        .as_ref()
        .and_then(|f| f.skip_lines)
        .or_else(|| source.as_ref().and_then(|f| f.skip_lines))
        .unwrap_or(0);
    let multiline = file
        .as_ref()
        .and_then(|f| f.multiline)
        .or_else(|| source.as_ref().and_then(|f| f.multiline))
        .unwrap_or(false);
    if delimiter == quote {
        return Err("the delimiter and the quote character are the same".into());
    }
    Ok(Format {
        kind,
        delimiter,
        encoding,
        header,
        quote,
        skip_lines,
        multiline,
    })
}

//! Parquet inputs (a system that exports Parquet instead of CSV), read with
//! polars.
//!
//! The file's bytes are read once, hashed, and handed to polars from memory,
//! so the SHA-256 in the manifest is of the bytes the rows came from. Every
//! column is turned into text (dates as yyyy-mm-dd, decimals as written), so
//! each row passes the same validation as a CSV row; a row's "line" is its
//! 1-based row number in the file.

use std::path::{Path, PathBuf};

use polars::prelude::*;
use sha2::{Digest, Sha256};

use super::{Fields, Header, Piece, ReadSummary, Row};
use crate::error::BatchError;

/// A Parquet file read for ingest.
#[derive(Debug)]
pub struct ParquetTable {
    /// The file.
    pub path: PathBuf,
    header: Header,
    /// Each row's fields end to end, and where each field ends.
    rows: Vec<(String, Vec<usize>)>,
    bytes: u64,
    sha256: String,
    modified: Option<std::time::SystemTime>,
}

fn polars_error(path: &Path, e: PolarsError) -> BatchError {
    BatchError::Unreadable {
        file: path.to_path_buf(),
        message: format!("Parquet: {e}"),
    }
}

impl ParquetTable {
    /// Reads a Parquet file; every column becomes text.
    pub fn open(path: &Path) -> Result<ParquetTable, BatchError> {
        let meta = std::fs::metadata(path).map_err(|e| BatchError::io(path, e))?;
        let bytes = std::fs::read(path).map_err(|e| BatchError::io(path, e))?;
        let sha256 = format!("{:x}", Sha256::digest(&bytes));
        let size = bytes.len() as u64;
        let df = ParquetReader::new(std::io::Cursor::new(bytes))
            .finish()
            .map_err(|e| polars_error(path, e))?;
        let names: Vec<String> = df
            .get_column_names()
            .iter()
            .map(|n| n.to_string())
            .collect();
        let mut rows: Vec<(String, Vec<usize>)> = (0..df.height())
            .map(|_| (String::new(), Vec::with_capacity(names.len())))
            .collect();
        for column in df.columns() {
            let text = column
                .cast(&DataType::String)
                .map_err(|e| polars_error(path, e))?;
            let values = text.str().map_err(|e| polars_error(path, e))?;
            let cells = values.downcast_iter().flat_map(|array| array.iter());
            for ((row, ends), value) in rows.iter_mut().zip(cells) {
                row.push_str(value.unwrap_or(""));
                ends.push(row.len());
            }
        }
        Ok(ParquetTable {
            path: path.to_path_buf(),
            header: Header { names },
            rows,
            bytes: size,
            sha256,
            modified: meta.modified().ok(),
        })
    }

    /// The file's size in bytes.
    pub(crate) fn len_bytes(&self) -> u64 {
        self.bytes
    }

    /// The column names.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Visits every row in order, as one piece.
    pub fn process<S, M, V, F>(
        &self,
        make: M,
        visit: V,
        mut fold: F,
    ) -> Result<ReadSummary, BatchError>
    where
        M: Fn() -> S,
        V: Fn(&mut S, Row<'_>),
        F: FnMut(Piece, S),
    {
        let mut state = make();
        for (index, (text, ends)) in self.rows.iter().enumerate() {
            let fields = Fields::new(text, ends);
            let raw = as_csv_line(fields);
            visit(
                &mut state,
                Row {
                    line: index as u64 + 1,
                    fields,
                    raw: &raw,
                    malformed: None,
                },
            );
        }
        fold(
            Piece {
                offset: 0,
                len: 0,
                lines_before: 0,
                checksum: 0,
            },
            state,
        );
        self.check_unchanged()?;
        Ok(ReadSummary {
            bytes: self.bytes,
            sha256: self.sha256.clone(),
            rows: self.rows.len() as u64,
            lines: self.rows.len() as u64,
            lines_before_data: 0,
            blank_lines: 0,
            last_line_unterminated: false,
        })
    }

    /// The raw text of row `line` (1-based) as one comma-separated line, as
    /// shown in rejects.
    pub fn raw(&self, line: u64) -> Option<String> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        self.rows
            .get(index)
            .map(|(text, ends)| as_csv_line(Fields::new(text, ends)))
    }

    /// Fails if the file's size or modification time moved since it was
    /// read.
    pub(crate) fn check_unchanged(&self) -> Result<(), BatchError> {
        let meta = std::fs::metadata(&self.path).map_err(|e| BatchError::io(&self.path, e))?;
        if meta.len() != self.bytes || meta.modified().ok() != self.modified {
            return Err(BatchError::InputChanged {
                file: self.path.clone(),
                message: "its size or modification time moved".into(),
            });
        }
        Ok(())
    }
}

fn as_csv_line(fields: Fields<'_>) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = writer.write_record((0..fields.len()).map(|i| fields.get(i).unwrap_or("")));
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes)
        .trim_end_matches('\n')
        .to_string()
}

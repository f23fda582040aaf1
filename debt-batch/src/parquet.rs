//! Parquet, with polars: the outputs for the data warehouse, and Parquet
//! inputs (a system that exports Parquet instead of CSV).
//!
//! Money goes to Parquet as `Decimal(18, 2)` built from exact pence, never
//! through a float. Parquet inputs are read into memory and every configured
//! column is turned into text, so each row passes the same validation as a
//! CSV row; a row's "line" is its 1-based row number in the file.

use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::error::BatchError;
use crate::input::{Header, Row, TextFile};

/// A Parquet file read for ingest.
#[derive(Debug)]
pub struct ParquetTable {
    /// The file.
    pub path: PathBuf,
    header: Header,
    rows: Vec<csv::StringRecord>,
}

fn polars_error(path: &Path, e: PolarsError) -> BatchError {
    BatchError::Unreadable {
        file: path.to_path_buf(),
        message: format!("Parquet: {e}"),
    }
}

impl ParquetTable {
    /// Reads a Parquet file; every column becomes text (dates as yyyy-mm-dd,
    /// decimals as written).
    pub fn open(path: &Path) -> Result<ParquetTable, BatchError> {
        let file = std::fs::File::open(path).map_err(|e| BatchError::io(path, e))?;
        let df = ParquetReader::new(file)
            .finish()
            .map_err(|e| polars_error(path, e))?;
        let names: Vec<String> = df
            .get_column_names()
            .iter()
            .map(|n| n.to_string())
            .collect();
        let height = df.height();
        let mut rows: Vec<csv::StringRecord> =
            (0..height).map(|_| csv::StringRecord::new()).collect();
        for column in df.columns() {
            let text = column
                .cast(&DataType::String)
                .map_err(|e| polars_error(path, e))?;
            let values = text.str().map_err(|e| polars_error(path, e))?;
            let cells = values.downcast_iter().flat_map(|array| array.iter());
            for (row, value) in rows.iter_mut().zip(cells) {
                row.push_field(value.unwrap_or(""));
            }
        }
        Ok(ParquetTable {
            path: path.to_path_buf(),
            header: Header { names },
            rows,
        })
    }

    /// The column names.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Visits every row in order; returns the number of rows.
    pub fn for_each_row(&self, mut visit: impl FnMut(Row<'_>)) -> u64 {
        for (index, record) in self.rows.iter().enumerate() {
            let raw = as_csv_line(record);
            visit(Row {
                line: index as u64 + 1,
                record,
                raw: &raw,
                malformed: None,
            });
        }
        self.rows.len() as u64
    }

    /// The raw text of row `line` (1-based) as one comma-separated line, as
    /// shown in rejects.
    pub fn raw(&self, line: u64) -> Option<String> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        self.rows.get(index).map(as_csv_line)
    }
}

fn as_csv_line(record: &csv::StringRecord) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = writer.write_record(record);
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes)
        .trim_end_matches('\n')
        .to_string()
}

/// A small input file: delimited text or Parquet.
pub enum Table {
    /// Delimited text.
    Text(TextFile),
    /// Parquet.
    Parquet(ParquetTable),
}

impl Table {
    /// The column names.
    pub fn header(&self) -> Result<Header, BatchError> {
        match self {
            Table::Text(t) => t.header(),
            Table::Parquet(p) => Ok(p.header().clone()),
        }
    }

    /// Visits every data row in order; returns the number of rows.
    pub fn for_each_row(&self, visit: impl FnMut(Row<'_>)) -> Result<u64, BatchError> {
        match self {
            Table::Text(t) => t.for_each_row(visit),
            Table::Parquet(p) => Ok(p.for_each_row(visit)),
        }
    }
}

/// A column of an output frame.
pub enum OutColumn {
    /// Text.
    Text(Vec<String>),
    /// Money in pence, written as Decimal(18, 2).
    Money(Vec<i128>),
    /// Optional dates as days since 1970-01-01, written as Date.
    Date(Vec<Option<i32>>),
    /// Counts.
    Count(Vec<u64>),
    /// Flags.
    Flag(Vec<bool>),
}

/// Writes named columns as a Parquet file at `path` (owner-only).
pub fn write_parquet(path: &Path, columns: Vec<(&str, OutColumn)>) -> Result<(), BatchError> {
    let err = |e: PolarsError| BatchError::Output(format!("{}: {e}", path.display()));
    let mut frame_columns: Vec<Column> = Vec::with_capacity(columns.len());
    for (name, column) in columns {
        let name = PlSmallStr::from_str(name);
        let series = match column {
            OutColumn::Text(values) => Series::new(name, values),
            OutColumn::Money(pence) => Int128Chunked::from_vec(name, pence)
                .into_decimal(18, 2)
                .map_err(err)?
                .into_series(),
            OutColumn::Date(days) => Series::new(name, days).cast(&DataType::Date).map_err(err)?,
            OutColumn::Count(values) => Series::new(name, values),
            OutColumn::Flag(values) => Series::new(name, values),
        };
        frame_columns.push(series.into());
    }
    let mut frame = DataFrame::new_infer_height(frame_columns).map_err(err)?;
    let file = crate::output::create_private(path)?
        .into_inner()
        .map_err(|e| BatchError::io(path, e.into_error()))?;
    ParquetWriter::new(file).finish(&mut frame).map_err(err)?;
    Ok(())
}

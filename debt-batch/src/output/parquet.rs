//! Parquet outputs for the data warehouse, with polars. Money goes to
//! Parquet as `Decimal(18, 2)` built from exact pence, never through a float.

use std::path::Path;

use polars::prelude::*;

use crate::error::BatchError;

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

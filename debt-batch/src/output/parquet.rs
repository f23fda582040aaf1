//! Parquet outputs for the data warehouse, with polars, rendered from the
//! same column list as the CSV ([`super::schema`]). Money goes to Parquet as
//! `Decimal(18, 2)` built from exact pence, never through a float; dates are
//! `Date`; counts `UInt64`; signed whole numbers `Int64`; flags `Boolean`;
//! text and formatted numbers `String`, exactly as computed (no formula
//! neutralising: that is for spreadsheets opening CSV). An empty cell is
//! null.

use std::path::Path;

use polars::prelude::*;

use super::schema::{Cell, Column, Kind};
use crate::error::BatchError;

fn days(d: chrono::NaiveDate) -> Option<i32> {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
    i32::try_from((d - epoch).num_days()).ok()
}

/// One column's values as a polars series.
fn series<T>(column: &Column<'_, T>, rows: &[T]) -> Result<Series, PolarsError> {
    let name = PlSmallStr::from_str(column.name.as_ref());
    let cells = rows.iter().map(|r| column.cell(r));
    Ok(match column.kind {
        Kind::Text | Kind::Number => {
            let values: Vec<Option<String>> = cells
                .map(|c| match c {
                    Cell::Text(t) => Some(t.into_owned()),
                    Cell::Number(n) => Some(n),
                    _ => None,
                })
                .collect();
            Series::new(name, values)
        }
        Kind::Money => {
            let pence = cells.map(|c| match c {
                Cell::Money(m) => m.to_pence().map(i128::from),
                _ => None,
            });
            Int128Chunked::from_iter_options(name, pence)
                .into_decimal(18, 2)?
                .into_series()
        }
        Kind::Date => {
            let values: Vec<Option<i32>> = cells
                .map(|c| match c {
                    Cell::Date(d) => d.and_then(days),
                    _ => None,
                })
                .collect();
            Series::new(name, values).cast(&DataType::Date)?
        }
        Kind::Count => {
            let values: Vec<Option<u64>> = cells
                .map(|c| match c {
                    Cell::Count(n) => Some(n),
                    _ => None,
                })
                .collect();
            Series::new(name, values)
        }
        Kind::Integer => {
            let values: Vec<Option<i64>> = cells
                .map(|c| match c {
                    Cell::Int(n) => Some(n),
                    _ => None,
                })
                .collect();
            Series::new(name, values)
        }
        Kind::Flag => {
            let values: Vec<Option<bool>> = cells
                .map(|c| match c {
                    Cell::Flag(b) => Some(b),
                    _ => None,
                })
                .collect();
            Series::new(name, values)
        }
    })
}

/// Writes `rows` through `columns` as a Parquet file at `path` (owner-only).
pub fn write_parquet<T>(
    path: &Path,
    columns: &[Column<'_, T>],
    rows: &[T],
) -> Result<(), BatchError> {
    let err = |e: PolarsError| BatchError::Output(format!("{}: {e}", path.display()));
    let frame_columns = columns
        .iter()
        .map(|c| {
            series(c, rows)
                .map(polars::prelude::Column::from)
                .map_err(err)
        })
        .collect::<Result<Vec<polars::prelude::Column>, _>>()?;
    let mut frame = DataFrame::new_infer_height(frame_columns).map_err(err)?;
    let file = super::create_private(path)?
        .into_inner()
        .map_err(|e| BatchError::io(path, e.into_error()))?;
    ParquetWriter::new(file).finish(&mut frame).map_err(err)?;
    file_sync(path)
}

fn file_sync(path: &Path) -> Result<(), BatchError> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| BatchError::io(path, e))
}

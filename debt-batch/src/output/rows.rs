//! `rejects.csv` and `duplicates.csv`: every row that was not accepted, with
//! its file and line.

use super::schema::{Cell, Column, Kind};
use crate::records::{Duplicate, Reject, SuspenseItem};

/// The columns of `rejects.csv`.
pub fn reject_columns() -> Vec<Column<'static, Reject>> {
    use Kind::*;
    vec![
        Column::new("source", Text, |r: &Reject| r.source.as_str().into()),
        Column::new("file", Text, |r: &Reject| r.file.as_str().into()),
        Column::new("line", Count, |r: &Reject| Cell::Count(r.line)),
        Column::new("reason_class", Text, |r: &Reject| r.reason.class().into()),
        Column::new("reason", Text, |r: &Reject| r.reason.to_string().into()),
        Column::new("raw_line", Text, |r: &Reject| r.raw.as_str().into()),
    ]
}

/// The columns of `duplicates.csv`.
pub fn duplicate_columns() -> Vec<Column<'static, Duplicate>> {
    use Kind::*;
    vec![
        Column::new("source", Text, |d: &Duplicate| d.source.as_str().into()),
        Column::new("file", Text, |d: &Duplicate| d.file.as_str().into()),
        Column::new("line", Count, |d: &Duplicate| Cell::Count(d.line)),
        Column::new("duplicate_of_line", Count, |d: &Duplicate| {
            Cell::Count(d.first_line)
        }),
        Column::new("key", Text, |d: &Duplicate| d.key.as_str().into()),
    ]
}

/// The columns of `suspense.csv`: receipts naming no account.
pub fn suspense_columns() -> Vec<Column<'static, SuspenseItem>> {
    use Kind::*;
    type S = SuspenseItem;
    vec![
        Column::new("source", Text, |s: &S| s.source.as_str().into()),
        Column::new("file", Text, |s: &S| s.file.as_str().into()),
        Column::new("line", Count, |s: &S| Cell::Count(s.line)),
        Column::new("date", Date, |s: &S| Cell::Date(Some(s.date))),
        Column::new("amount", Money, |s: &S| Cell::Money(s.amount)),
        Column::new("reference", Text, |s: &S| s.reference.as_str().into()),
        Column::new("payer", Text, |s: &S| s.payer.as_str().into()),
    ]
}

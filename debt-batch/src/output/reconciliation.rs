//! `reconciliation.csv` / `.parquet` / `.json`: one row per source, what it
//! read and computed against what the system says.

use super::schema::{Cell, Column, Kind};
use crate::reconcile::SourceReconciliation;

/// The columns of `reconciliation.csv` / `reconciliation.parquet`. Where a
/// source has no control row, the control columns are empty (null in
/// Parquet).
pub fn columns() -> Vec<Column<'static, SourceReconciliation>> {
    use Kind::*;
    type R = SourceReconciliation;
    vec![
        Column::new("source", Text, |r: &R| r.source.as_str().into()),
        Column::new("service", Text, |r: &R| r.service.as_str().into()),
        Column::new("control_name", Text, |r: &R| r.control_name.as_str().into()),
        Column::new("rows_read", Count, |r: &R| Cell::Count(r.rows_read)),
        Column::new("rows_rejected", Count, |r: &R| Cell::Count(r.rows_rejected)),
        Column::new("rows_duplicate", Count, |r: &R| {
            Cell::Count(r.rows_duplicate)
        }),
        Column::new("accounts", Count, |r: &R| Cell::Count(r.computed.accounts)),
        Column::new("closing_balance", Money, |r: &R| {
            Cell::Money(r.computed.closing_balance)
        }),
        Column::new("compared_at", Date, |r: &R| Cell::Date(Some(r.compared_at))),
        Column::new("control_accounts", Count, |r: &R| {
            r.reconciliation
                .map_or(Cell::Null, |x| Cell::Count(x.control.accounts))
        }),
        Column::new("control_balance", Money, |r: &R| {
            r.reconciliation
                .map_or(Cell::Null, |x| Cell::Money(x.control.closing_balance))
        }),
        Column::new("control_as_at", Date, |r: &R| Cell::Date(r.control_as_at)),
        Column::new("account_difference", Integer, |r: &R| {
            r.reconciliation
                .map_or(Cell::Null, |x| Cell::Int(x.account_difference))
        }),
        Column::new("difference", Money, |r: &R| {
            r.reconciliation
                .map_or(Cell::Null, |x| Cell::Money(x.balance_difference))
        }),
        Column::new("status", Text, |r: &R| r.status.code().into()),
        Column::new("suspense_items", Count, |r: &R| {
            Cell::Count(r.suspense_items)
        }),
        Column::new("suspense_total", Money, |r: &R| {
            Cell::Money(r.suspense_total)
        }),
        Column::new("note", Text, |r: &R| r.note.as_str().into()),
    ]
}

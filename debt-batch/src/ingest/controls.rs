//! Control totals: what each system says it holds (a count of accounts and
//! the total closing balance).

use debt_core::ControlTotal;

use super::bind::binder;
use super::dedupe::{read_rows, KeyRule};
use super::fields::money_field;
use super::{open_table, ControlRow, Ingested, Keep};
use crate::config::plan::FilePlan;
use crate::config::ControlColumns;
use crate::error::BatchError;
use crate::read::Row;
use crate::records::RejectReason;

/// Reads the control totals file.
pub(crate) fn read(
    out: &mut Ingested,
    cfg: &FilePlan<ControlColumns>,
    on_block: &dyn Fn(u64),
) -> Result<(), BatchError> {
    let (table, ctx) = open_table(out, &cfg.file, "control_totals", "control_totals")?;
    let mut b = binder(&cfg.file.path, table.header());
    let name = b.col(&cfg.columns.source, "control_totals.columns.source");
    let accounts = b.col(&cfg.columns.accounts, "control_totals.columns.accounts");
    let balance = b.col(
        &cfg.columns.closing_balance,
        "control_totals.columns.closing_balance",
    );
    let as_at = b.opt(&cfg.columns.as_at, "control_totals.columns.as_at");
    b.finish()?;
    let parse = |row: &Row<'_>| -> Result<ControlRow, RejectReason> {
        let system = row.get(name);
        if system.is_empty() {
            return Err(RejectReason::Missing("system name"));
        }
        let count: u64 =
            row.get(accounts)
                .replace(',', "")
                .parse()
                .map_err(|_| RejectReason::Invalid {
                    field: "account count",
                    message: format!("{:?} is not a whole number", row.get(accounts)),
                })?;
        let total = money_field(row, balance, "closing balance")?;
        let as_at = row
            .opt(as_at)
            .map(|d| {
                ctx.dates
                    .parse(cfg.columns.as_at.as_deref().unwrap_or(""), "as at", d)
            })
            .transpose()?;
        Ok(ControlRow {
            name: system.to_string(),
            total: ControlTotal {
                accounts: count,
                closing_balance: total,
            },
            as_at,
            line: row.line,
        })
    };
    let mut controls = Vec::new();
    read_rows(
        out,
        &table,
        &ctx,
        on_block,
        Keep::All,
        &mut controls,
        KeyRule::None,
        &|_| String::new(),
        &parse,
    )?;
    out.controls = controls;
    Ok(())
}

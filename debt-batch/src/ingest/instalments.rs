//! Explicit instalment plans: one row per instalment of an account's year,
//! replacing the default scheme for that year.

use std::collections::BTreeMap;

use debt_core::{ArrearsBasis, FinancialYear, Instalment};

use super::bind::binder;
use super::dedupe::{read_rows, KeyRule};
use super::fields::money_field;
use super::{open_table, Ingested, Keep};
use crate::config::plan::{FilePlan, SourcePlan};
use crate::config::InstalmentColumns;
use crate::error::BatchError;
use crate::read::Row;
use crate::records::{AccountRecord, RejectReason};

/// Reads the plans into `records` (found by reference through `by_ref`).
pub(crate) fn read(
    out: &mut Ingested,
    source: &SourcePlan,
    cfg: &FilePlan<InstalmentColumns>,
    records: &mut [AccountRecord],
    by_ref: &super::ledger::RefIndex,
    on_block: &dyn Fn(u64),
) -> Result<(), BatchError> {
    let key = format!("sources[{}].instalments.columns", source.id);
    let (table, ctx) = open_table(out, &cfg.file, &source.id, "instalments")?;
    let mut b = binder(&cfg.file.path, table.header());
    let account_ref = b.col(&cfg.columns.account_ref, &format!("{key}.account_ref"));
    let due = b.col(&cfg.columns.due_date, &format!("{key}.due_date"));
    let amount = b.col(&cfg.columns.amount, &format!("{key}.amount"));
    let year = b.opt(
        &cfg.columns.financial_year,
        &format!("{key}.financial_year"),
    );
    b.finish()?;
    type Plan = (u64, (usize, FinancialYear, Instalment));
    let parse = |row: &Row<'_>| -> Result<Plan, RejectReason> {
        let reference = row.get(account_ref);
        if reference.is_empty() {
            return Err(RejectReason::Missing("account ref"));
        }
        let due_date = ctx
            .dates
            .parse(&cfg.columns.due_date, "due date", row.get(due))?;
        let value = money_field(row, amount, "amount")?;
        let fy = match row.opt(year) {
            Some(y) => FinancialYear::parse(y).map_err(|e| RejectReason::Invalid {
                field: "financial year",
                message: e.to_string(),
            })?,
            None => FinancialYear::containing(due_date),
        };
        let index = *by_ref
            .get(reference)
            .ok_or_else(|| RejectReason::UnknownAccount(reference.to_string()))?
            as usize;
        Ok((
            row.line,
            (
                index,
                fy,
                Instalment {
                    due: due_date,
                    amount: value,
                },
            ),
        ))
    };
    let mut rows: Vec<Plan> = Vec::new();
    read_rows(
        out,
        &table,
        &ctx,
        on_block,
        Keep::All,
        &mut rows,
        KeyRule::Always,
        &|row| format!("{}|{}", row.get(account_ref), row.get(due)),
        &parse,
    )?;
    let mut plans: BTreeMap<(usize, FinancialYear), Vec<Instalment>> = BTreeMap::new();
    for (_, (index, fy, instalment)) in rows {
        plans.entry((index, fy)).or_default().push(instalment);
    }
    for ((index, fy), plan) in plans {
        if let Some(record) = records.get_mut(index) {
            if record.account.terms.basis == ArrearsBasis::Instalments {
                record.account.terms.plans.push((fy, plan));
            }
        }
    }
    Ok(())
}

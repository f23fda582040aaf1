//! One row per invoice or penalty notice: the account, its charge, and what
//! has been paid or written off so far.

use debt_core::{Transaction, TxnKind};

use super::bind::{attribute_columns, binder, names, party_columns, AccountCols};
use super::dedupe::{read_rows, KeyRule};
use super::fields::{money_field, optional_money, record_of};
use super::{open_table, Ingested, Keep};
use crate::config::plan::{MasterPlan, SourcePlan};
use crate::config::InvoiceColumns;
use crate::error::BatchError;
use crate::read::Row;
use crate::records::{AccountRecord, RejectReason};

/// Reads an invoice source.
pub(crate) fn read(
    out: &mut Ingested,
    source: &SourcePlan,
    cfg: &MasterPlan<InvoiceColumns>,
    keep: Keep,
    on_block: &dyn Fn(u64),
) -> Result<(), BatchError> {
    let key = format!("sources[{}].invoices", source.id);
    let (table, ctx) = open_table(out, &cfg.file, &source.id, "invoices")?;
    let c = &cfg.columns;
    let k = |f: &str| format!("{key}.columns.{f}");
    let mut b = binder(&cfg.file.path, table.header());
    let cols = AccountCols {
        account_ref: b.col(&c.account_ref, &k("account_ref")),
        status: b.opt(&c.status, &k("status")),
        stage: b.opt(&c.stage, &k("stage")),
        uprn: b.opt(&c.uprn, &k("uprn")),
        property_ref: b.opt(&c.property_ref, &k("property_ref")),
        address: b.many(&names(&c.address), &k("address")),
        postcode: b.opt(&c.postcode, &k("postcode")),
        forwarding: Vec::new(),
        forwarding_postcode: None,
        correspondence: Vec::new(),
        correspondence_postcode: None,
        lost_on: None,
        lost_on_key: String::new(),
        sundry_kind: b.opt(&c.sundry_kind, &k("sundry_kind")),
        occupied: [(None, String::new()), (None, String::new())],
        charge: None,
        attributes: attribute_columns(&mut b, &cfg.attributes, &key),
    };
    let invoice_date = b.col(&c.invoice_date, &k("invoice_date"));
    let due = b.opt(&c.due_date, &k("due_date"));
    let amount = b.col(&c.amount, &k("amount"));
    let paid = b.opt(&c.paid, &k("paid"));
    let written_off = b.opt(&c.written_off, &k("written_off"));
    let last_paid = b.opt(&c.last_paid_date, &k("last_paid_date"));
    let party_cols = party_columns(&mut b, &cfg.parties, &key);
    b.finish()?;
    let parse = |row: &Row<'_>| -> Result<AccountRecord, RejectReason> {
        let mut record = record_of(row, &cols, &party_cols, &cfg.codes, source, &ctx)?;
        let issued = ctx
            .dates
            .parse(&c.invoice_date, "invoice date", row.get(invoice_date))?;
        let charge = money_field(row, amount, "amount")?;
        let paid_amount = optional_money(row, paid, "amount paid")?;
        let written = optional_money(row, written_off, "written off")?;
        let paid_on = match row.opt(last_paid) {
            Some(d) => ctx.dates.parse(
                c.last_paid_date.as_deref().unwrap_or(""),
                "last paid date",
                d,
            )?,
            None => issued,
        };
        let mut t = Transaction::new(issued, TxnKind::Charge, charge);
        if let Some(d) = row.opt(due) {
            t = t.due(
                ctx.dates
                    .parse(c.due_date.as_deref().unwrap_or(""), "due date", d)?,
            );
        }
        let from = debt_core::SourceRow {
            file: ctx.file_index,
            line: row.line,
        };
        let mut push = |t: Transaction| {
            record
                .account
                .ledger
                .push(t.from_row(from))
                .map_err(RejectReason::unholdable)
        };
        push(t)?;
        if !paid_amount.is_zero() {
            push(Transaction::new(paid_on, TxnKind::Payment, -paid_amount))?;
        }
        if !written.is_zero() {
            push(Transaction::new(paid_on, TxnKind::WriteOff, -written.abs()))?;
        }
        Ok(record)
    };
    let mut accounts = std::mem::take(&mut out.accounts);
    read_rows(
        out,
        &table,
        &ctx,
        on_block,
        keep,
        &mut accounts,
        KeyRule::Always,
        &|row| row.get(cols.account_ref).to_string(),
        &parse,
    )?;
    out.accounts = accounts;
    Ok(())
}

//! A ledger source: an account master (one row per account) and a
//! transactions file (one row per posting), and optionally explicit
//! instalment plans.

use debt_core::{
    FinancialYear, InstalmentScheme, PackedTransaction, SourceRow, Transaction, TxnKind,
};
use rustc_hash::FxHashMap;

use super::bind::{account_columns, binder, party_columns};
use super::dedupe::{read_rows, repeats, settle_repeats, IdEntry, KeyRule};
use super::fields::{money_field, optional_money, record_of};
use super::{open_table, Ingested, Keep};
use crate::config::plan::{DateFormats, FilePlan, KindRule, MasterPlan, SourcePlan, TxnPlan};
use crate::config::{AccountColumns, InstalmentColumns, Sign};
use crate::error::BatchError;
use crate::read::{Piece, Row};
use crate::records::{AccountRecord, Reject, RejectReason, SuspenseItem};

/// What a ledger source is made of.
pub(crate) struct LedgerSource<'a> {
    pub source: &'a SourcePlan,
    pub accounts: &'a MasterPlan<AccountColumns>,
    pub transactions: &'a TxnPlan,
    pub instalments: Option<&'a FilePlan<InstalmentColumns>>,
    pub scheme: InstalmentScheme,
    pub keep: Keep,
}

/// Account references to their position among the source's records.
pub(crate) type RefIndex = FxHashMap<String, u32>;

/// Reads the account master, then the transactions into those accounts,
/// then any instalment plans.
pub(crate) fn read(
    out: &mut Ingested,
    s: LedgerSource<'_>,
    on_block: &dyn Fn(u64),
) -> Result<(), BatchError> {
    // The source's records go straight onto the run's list (no copy).
    let mut all = std::mem::take(&mut out.accounts);
    let first = all.len();
    let by_ref = read_accounts(out, &s, &mut all, on_block)?;
    let records = &mut all[first..];
    read_transactions(out, &s, records, &by_ref, on_block)?;
    if let Some(plans) = s.instalments {
        super::instalments::read(out, s.source, plans, records, &by_ref, on_block)?;
    }
    if s.keep == Keep::Counts {
        all.truncate(first);
        all.shrink_to_fit();
    }
    out.accounts = all;
    Ok(())
}

/// Reads the account master onto `records`; returns each reference's index
/// among the records it added.
fn read_accounts(
    out: &mut Ingested,
    s: &LedgerSource<'_>,
    records: &mut Vec<AccountRecord>,
    on_block: &dyn Fn(u64),
) -> Result<RefIndex, BatchError> {
    let key = format!("sources[{}].accounts", s.source.id);
    let cfg = s.accounts;
    let (table, ctx) = open_table(out, &cfg.file, &s.source.id, "accounts")?;
    let mut b = binder(&cfg.file.path, table.header());
    let cols = account_columns(&mut b, &cfg.columns, &cfg.attributes, &key);
    let party_cols = party_columns(&mut b, &cfg.parties, &key);
    b.finish()?;
    let first = records.len();
    let parse = |row: &Row<'_>| {
        let mut record = record_of(row, &cols, &party_cols, &cfg.codes, s.source, &ctx)?;
        record.account.terms.scheme = s.scheme;
        Ok(record)
    };
    // The accounts are kept even by a check: transactions are found by them.
    read_rows(
        out,
        &table,
        &ctx,
        on_block,
        Keep::All,
        records,
        KeyRule::Always,
        &|row| row.get(cols.account_ref).to_string(),
        &parse,
    )?;
    // Duplicates have been taken out, so every reference is there once.
    Ok(records[first..]
        .iter()
        .enumerate()
        .map(|(i, r)| (r.account.reference.clone(), i as u32))
        .collect())
}

/// The transaction file's columns.
struct TxnCols {
    account_ref: usize,
    transaction_id: Option<usize>,
    date: usize,
    kind: Option<usize>,
    payer: Option<usize>,
    amount: Option<usize>,
    debit: Option<usize>,
    credit: Option<usize>,
    year: Option<usize>,
    due: Option<usize>,
}

/// What one parallel piece of a transaction file gave.
struct TxnPiece {
    read: u64,
    accepted: Vec<(u32, PackedTransaction)>,
    rejects: Vec<Reject>,
    suspense: Vec<SuspenseItem>,
    ids: Vec<IdEntry>,
}

impl TxnPiece {
    /// Sized for a piece's rows (about 1 MB of 40-byte rows), so the vectors
    /// do not grow by copying.
    fn sized() -> TxnPiece {
        TxnPiece {
            read: 0,
            accepted: Vec::with_capacity(32_768),
            rejects: Vec::new(),
            suspense: Vec::new(),
            ids: Vec::with_capacity(32_768),
        }
    }
}

fn read_transactions(
    out: &mut Ingested,
    s: &LedgerSource<'_>,
    records: &mut [AccountRecord],
    by_ref: &RefIndex,
    on_block: &dyn Fn(u64),
) -> Result<(), BatchError> {
    let cfg = s.transactions;
    let source = s.source;
    let (table, ctx) = open_table(out, &cfg.file, &source.id, "transactions")?;
    let file_index = ctx.file_index;
    let c = &cfg.columns;
    let k = |f: &str| format!("sources[{}].transactions.columns.{f}", source.id);
    let mut b = binder(&cfg.file.path, table.header());
    let cols = TxnCols {
        account_ref: b.col(&c.account_ref, &k("account_ref")),
        transaction_id: b.opt(&c.transaction_id, &k("transaction_id")),
        date: b.col(&c.date, &k("date")),
        kind: b.opt(&c.kind, &k("type")),
        payer: b.opt(&c.payer, &k("payer")),
        amount: b.opt(&c.amount, &k("amount")),
        debit: b.opt(&c.debit, &k("debit")),
        credit: b.opt(&c.credit, &k("credit")),
        year: b.opt(&c.financial_year, &k("financial_year")),
        due: b.opt(&c.due_date, &k("due_date")),
    };
    b.finish()?;
    let display = ctx.display.clone();
    let dates = ctx.dates;
    let reject = |row: &Row<'_>, reason: RejectReason| Reject {
        source: source.id.clone(),
        file: display.clone(),
        line: row.line,
        reason,
        raw: row.raw.to_string(),
    };
    let mut read = 0u64;
    let mut accepted = 0u64;
    let mut ids: Vec<IdEntry> = Vec::new();
    let mut index: Vec<Piece> = Vec::new();
    let mut unheld: Option<debt_core::Error> = None;
    let mut rejects: Vec<Reject> = Vec::new();
    let mut suspense: Vec<SuspenseItem> = Vec::new();
    let summary = table.process(
        on_block,
        TxnPiece::sized,
        |piece: &mut TxnPiece, row: Row<'_>| {
            piece.read += 1;
            if let Some(reason) = row.malformed {
                return piece.rejects.push(reject(&row, reason.clone()));
            }
            if let Some(id_col) = cols.transaction_id {
                let id = row.get(id_col);
                if id.is_empty() {
                    return piece
                        .rejects
                        .push(reject(&row, RejectReason::Missing("transaction id")));
                }
                piece.ids.push(IdEntry::of(id, &row));
            }
            match parse_transaction(&row, &cols, cfg, dates, by_ref) {
                Ok(kept) => piece.accepted.push(kept),
                Err((reason, held)) => {
                    if let Some(item) = held {
                        piece.suspense.push(SuspenseItem {
                            source: source.id.clone(),
                            file: display.clone(),
                            line: row.line,
                            date: item.0,
                            amount: item.1,
                            reference: row.get(cols.account_ref).to_string(),
                            payer: row.opt(cols.payer).unwrap_or("").to_string(),
                        });
                    }
                    piece.rejects.push(reject(&row, reason))
                }
            }
        },
        // Each block's rows go to their accounts as soon as it is parsed.
        |where_: Piece, piece: TxnPiece| {
            read += piece.read;
            for (account, txn) in piece.accepted {
                if s.keep == Keep::All {
                    let ledger = &mut records[account as usize].account.ledger;
                    if let Err(e) = ledger.push_packed(txn, file_index) {
                        unheld.get_or_insert(e);
                    }
                }
                accepted += 1;
            }
            rejects.extend(piece.rejects);
            suspense.extend(piece.suspense);
            ids.extend(piece.ids);
            index.push(where_);
        },
    )?;

    if let Some(e) = unheld {
        return Err(BatchError::Invariant(format!("{display}: {e}")));
    }
    // A later occurrence of an id is only a duplicate or a conflict: take
    // back whatever else it became (a suspense item included).
    let id_col = cols.transaction_id.unwrap_or(usize::MAX);
    let found = repeats(&table, &index, ids, &|row| row.get(id_col).to_string())?;
    if !found.is_empty() {
        let lines: std::collections::BTreeSet<u64> = found.iter().map(|r| r.line).collect();
        let rejected: std::collections::BTreeSet<u64> = rejects.iter().map(|r| r.line).collect();
        accepted -= lines.difference(&rejected).count() as u64;
        suspense.retain(|item| !lines.contains(&item.line));
        if s.keep == Keep::All {
            for r in &found {
                let account_ref = table
                    .reparse(&r.raw, |row| row.get(cols.account_ref).to_string())
                    .unwrap_or_default();
                if let Some(&account) = by_ref.get(&account_ref) {
                    records[account as usize]
                        .account
                        .ledger
                        .retain(|t| t.source.file != file_index || !lines.contains(&t.source.line));
                }
            }
        }
    }
    let duplicates = settle_repeats(out, &ctx, found, &mut rejects);
    // Accepted rows are counted as they are kept and taken back; the ledgers
    // must hold exactly that many.
    let in_ledgers: u64 = records
        .iter()
        .map(|r| r.account.ledger.count_from(file_index) as u64)
        .sum();
    if s.keep == Keep::All && in_ledgers != accepted {
        return Err(BatchError::Invariant(format!(
            "{display}: {accepted} rows counted accepted but the ledgers hold {in_ledgers}"
        )));
    }
    let counts = debt_core::RowCounts {
        read,
        accepted,
        rejected: rejects.len() as u64,
        duplicates,
    };
    out.rejects.extend(rejects);
    out.suspense.extend(suspense);
    out.finish_file(file_index, summary, counts)?;
    for record in records.iter_mut() {
        record.account.ledger.shrink_to_fit();
    }
    Ok(())
}

/// What a receipt for no account holds: its date and the money received.
type Held = (chrono::NaiveDate, debt_core::Money);

/// A row's account and transaction, or why it is rejected; a payment for
/// an account that is empty or not in the master is also returned as money
/// held in suspense.
fn parse_transaction(
    row: &Row<'_>,
    cols: &TxnCols,
    cfg: &TxnPlan,
    dates: &DateFormats,
    lookup: &RefIndex,
) -> Result<(u32, PackedTransaction), (RejectReason, Option<Held>)> {
    let reference = row.get(cols.account_ref);
    let account = match reference.is_empty() {
        true => Err(RejectReason::Missing("account ref")),
        false => lookup
            .get(reference)
            .copied()
            .ok_or_else(|| RejectReason::UnknownAccount(reference.to_string())),
    };
    let txn = transaction_of(row, cols, cfg, dates);
    match (account, txn) {
        (Ok(account), Ok(t)) => PackedTransaction::pack(&t.from_row(SourceRow {
            file: 0,
            line: row.line,
        }))
        .map(|packed| (account, packed))
        .map_err(|e| (RejectReason::unholdable(e), None)),
        // A valid payment naming no account is rejected for that, and is
        // also money held in suspense.
        (Err(no_account), Ok(t)) => {
            let held = (t.kind == TxnKind::Payment).then_some((t.date, -t.amount));
            Err((no_account, held))
        }
        // An empty reference is the first thing wrong with a row; an
        // unknown one the last (a bad date or amount is named before it).
        (Err(no_account), Err(_)) if reference.is_empty() => Err((no_account, None)),
        (_, Err(reason)) => Err((reason, None)),
    }
}

/// The transaction a row describes, whatever account it names.
fn transaction_of(
    row: &Row<'_>,
    cols: &TxnCols,
    cfg: &TxnPlan,
    dates: &DateFormats,
) -> Result<Transaction, RejectReason> {
    let posted = dates.parse(&cfg.columns.date, "date", row.get(cols.date))?;
    let kind = match &cfg.kinds {
        KindRule::Column(map) => map.get(row.get(cols.kind.unwrap_or(usize::MAX)))?,
        KindRule::Constant(kind) => *kind,
    };
    let value = match (cols.amount, cols.debit, cols.credit) {
        (Some(a), _, _) => {
            let v = money_field(row, a, "amount")?;
            match (cfg.sign, kind.natural_sign()) {
                (Sign::AsType, Some(sign)) if sign < 0 => -v.abs(),
                (Sign::AsType, Some(_)) => v.abs(),
                _ => v,
            }
        }
        (None, Some(d), Some(cr)) => {
            if row.opt(Some(d)).is_none() && row.opt(Some(cr)).is_none() {
                return Err(RejectReason::Missing("debit or credit amount"));
            }
            optional_money(row, Some(d), "debit")? - optional_money(row, Some(cr), "credit")?
        }
        _ => return Err(RejectReason::Missing("amount")),
    };
    let mut t = Transaction::new(posted, kind, value);
    if let Some(y) = row.opt(cols.year) {
        t = t.for_year(FinancialYear::parse(y).map_err(|e| RejectReason::Invalid {
            field: "financial year",
            message: e.to_string(),
        })?);
    }
    if let Some(d) = row.opt(cols.due) {
        t = t.due(dates.parse(cfg.columns.due_date.as_deref().unwrap_or(""), "due date", d)?);
    }
    Ok(t)
}

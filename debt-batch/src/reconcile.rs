//! The reconciliation stage: per source, what the run read and computed
//! against the system's own control totals, MATCHED or BREAK with the exact
//! difference.

use chrono::NaiveDate;
use debt_core::{reconcile, ControlTotal, Money, ReconcileStatus, Reconciliation};
use rayon::prelude::*;
use serde::Serialize;

use crate::config::plan::Plan;
use crate::ingest::Ingested;
use crate::positions::AccountResult;

/// One source's reconciliation row.
#[derive(Debug, Clone, Serialize)]
pub struct SourceReconciliation {
    /// Source id.
    pub source: String,
    /// Service code.
    pub service: String,
    /// Name in the control totals file.
    pub control_name: String,
    /// Data rows read across the source's files.
    pub rows_read: u64,
    /// Rows rejected.
    pub rows_rejected: u64,
    /// Exact duplicates.
    pub rows_duplicate: u64,
    /// The comparison, or `None` when the control file has no row for it.
    pub reconciliation: Option<Reconciliation>,
    /// What the run computed (also when there is no control row), at
    /// `compared_at`.
    pub computed: ControlTotal,
    /// The date the control totals are stated for, when the file says.
    pub control_as_at: Option<NaiveDate>,
    /// The date the computed balances are summed at: the control totals'
    /// own date when they give one, else the run's as-of date.
    pub compared_at: NaiveDate,
    /// Receipts naming no account (suspense.csv), and their total.
    pub suspense_items: u64,
    /// The money those receipts hold.
    pub suspense_total: Money,
    /// MATCHED or BREAK (BREAK when no control row exists).
    pub status: ReconcileStatus,
    /// What a reader should know about the row, in words (empty when
    /// nothing): that the control totals are for another date than the run,
    /// or that the control file has no row for the source.
    pub note: String,
}

/// Every source's reconciliation, and the control rows that name no
/// configured source. Control totals stated for their own date (`AsAt`) are
/// compared with every account's balance at that date, and the row's note
/// says so.
pub(crate) fn reconcile_sources(
    plan: &Plan,
    ingested: &Ingested,
    accounts: &[AccountResult],
    as_of: NaiveDate,
) -> (Vec<SourceReconciliation>, Vec<String>) {
    let mut reconciliation = Vec::new();
    let mut used_controls = std::collections::BTreeSet::new();
    for source in &plan.sources {
        let control_name = source.control_name.clone();
        let control = ingested
            .controls
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(&control_name));
        if control.is_some() {
            used_controls.insert(control_name.to_ascii_lowercase());
        }
        let control_as_at = control.and_then(|c| c.as_at);
        let compared_at = control_as_at.unwrap_or(as_of);
        let ours = accounts.iter().filter(|a| a.record.source == source.id);
        // The system's totals are for their own date: compare like with
        // like, summing each account's ledger at that date.
        let computed = match compared_at == as_of {
            true => ours.fold(ControlTotal::default(), |mut t, a| {
                t.add_account(a.position.balance);
                t
            }),
            false => ours
                .collect::<Vec<_>>()
                .par_iter()
                .map(|a| a.record.ledger().balance_at(compared_at))
                .collect::<Vec<_>>()
                .into_iter()
                .fold(ControlTotal::default(), |mut t, balance| {
                    t.add_account(balance);
                    t
                }),
        };
        let rec = control.map(|c| reconcile(computed, c.total, plan.tolerance));
        let files = ingested.files.iter().filter(|f| f.source == source.id);
        let (mut read, mut rejected, mut duplicate) = (0, 0, 0);
        for f in files {
            read += f.counts.read;
            rejected += f.counts.rejected;
            duplicate += f.counts.duplicates;
        }
        let (mut suspense_items, mut suspense_total) = (0, Money::ZERO);
        for item in ingested.suspense.iter().filter(|s| s.source == source.id) {
            suspense_items += 1;
            suspense_total += item.amount;
        }
        let note = match (control, compared_at == as_of) {
            (None, _) => format!("the control totals file has no row named {control_name:?}"),
            (Some(_), true) => String::new(),
            (Some(_), false) => format!(
                "the control totals are as at {compared_at}, not the run's {as_of}: compared with every account's balance at {compared_at}"
            ),
        };
        reconciliation.push(SourceReconciliation {
            source: source.id.clone(),
            service: source.service.code().to_string(),
            control_name,
            rows_read: read,
            rows_rejected: rejected,
            rows_duplicate: duplicate,
            status: rec.map(|r| r.status).unwrap_or(ReconcileStatus::Break),
            reconciliation: rec,
            computed,
            control_as_at,
            compared_at,
            suspense_items,
            suspense_total,
            note,
        });
    }
    let unmatched = ingested
        .controls
        .iter()
        .filter(|c| !used_controls.contains(&c.name.to_ascii_lowercase()))
        .map(|c| c.name.clone())
        .collect();
    (reconciliation, unmatched)
}

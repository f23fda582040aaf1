//! The reconciliation stage: per source, what the run read and computed
//! against the system's own control totals, MATCHED or BREAK with the exact
//! difference.

use debt_core::{reconcile, ControlTotal, ReconcileStatus, Reconciliation};
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
    /// What the run computed (also when there is no control row).
    pub computed: ControlTotal,
    /// MATCHED or BREAK (BREAK when no control row exists).
    pub status: ReconcileStatus,
}

/// Every source's reconciliation, and the control rows that name no
/// configured source.
pub fn reconcile_sources(
    plan: &Plan,
    ingested: &Ingested,
    accounts: &[AccountResult],
) -> (Vec<SourceReconciliation>, Vec<String>) {
    let mut reconciliation = Vec::new();
    let mut used_controls = std::collections::BTreeSet::new();
    for source in &plan.sources {
        let mut computed = ControlTotal::default();
        for a in accounts.iter().filter(|a| a.record.source == source.id) {
            computed.add_account(a.position.balance);
        }
        let control_name = source.control_name.clone();
        let control = ingested
            .controls
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(&control_name));
        if control.is_some() {
            used_controls.insert(control_name.to_ascii_lowercase());
        }
        let rec = control.map(|c| reconcile(computed, c.total, plan.tolerance));
        let files = ingested.files.iter().filter(|f| f.source == source.id);
        let (mut read, mut rejected, mut duplicate) = (0, 0, 0);
        for f in files {
            read += f.counts.read;
            rejected += f.counts.rejected;
            duplicate += f.counts.duplicates;
        }
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

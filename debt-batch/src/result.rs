//! What a run produced: every stage's output, for the outputs to write and
//! for library callers and tests to read. Above the stages, below the
//! outputs and the pipeline.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use debt_core::ReconcileStatus;
use serde::Serialize;

use crate::ingest::Ingested;
use crate::positions::AccountResult;
use crate::reconcile::SourceReconciliation;

/// Time spent per stage, for the manifest.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Timings {
    /// Milliseconds per stage, in run order.
    pub stages_ms: BTreeMap<String, u128>,
}

/// Everything a run produced.
#[derive(Debug)]
pub struct RunResult {
    /// What was read.
    pub ingested: Ingested,
    /// Every accepted account with its position, sorted by source and reference.
    pub accounts: Vec<AccountResult>,
    /// One row per source.
    pub reconciliation: Vec<SourceReconciliation>,
    /// Control rows that name no configured source.
    pub unmatched_controls: Vec<String>,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// Stage timings.
    pub timings: Timings,
    /// SHA-256 of the config bytes.
    pub config_sha256: String,
    /// Persons and households.
    pub matching: crate::matching::Matching,
    /// Every household's view and the situations to act on.
    pub views: crate::view::Views,
    /// The rules the situations were found by.
    pub exception_rules: debt_core::exceptions::ExceptionRules,
}

impl RunResult {
    /// Whether any source breaks.
    pub fn has_breaks(&self) -> bool {
        self.reconciliation
            .iter()
            .any(|r| r.status == ReconcileStatus::Break)
    }
}

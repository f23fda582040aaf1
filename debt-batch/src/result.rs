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

/// Time spent per stage, and the memory the process had held at most by
/// the end of each, for the manifest.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Timings {
    /// Milliseconds per stage, in run order.
    pub stages_ms: BTreeMap<String, u128>,
    /// The process's peak resident memory (`VmHWM`) in MB by the end of
    /// each stage: the first stage whose figure reaches the run's peak is
    /// the one that set it. Empty where the system does not say (not
    /// Linux).
    pub peak_rss_mb: BTreeMap<String, u64>,
}

impl Timings {
    /// Records stage `name`, begun at `started`, as ending now.
    pub(crate) fn record(&mut self, name: &str, started: std::time::Instant) {
        self.stages_ms
            .insert(name.to_string(), started.elapsed().as_millis());
        if let Some(kb) = peak_rss_kb() {
            self.peak_rss_mb.insert(name.to_string(), kb / 1024);
        }
    }
}

/// The process's peak resident set size so far, in kB, from
/// `/proc/self/status`.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
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
    /// Income and expenditure statements, each placed in its household.
    pub statements: Vec<crate::advice::HouseholdStatement>,
    /// How each household's plan is made.
    pub arrangements: crate::config::ArrangementConfig,
    /// The rate tables' TOML text the run used.
    pub rates_text: String,
    /// Advisor summaries written (set by the outputs).
    pub summaries: u64,
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

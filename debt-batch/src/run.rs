//! The nightly run after ingest: positions for every account (in parallel),
//! reconciliation per source, and the outputs, written atomically.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use debt_core::{reconcile, ControlTotal, Position, ReconcileStatus, Reconciliation};
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::config::LoadedConfig;
use crate::error::BatchError;
use crate::ingest::{ingest, Ingested};
use crate::output::dir::OutputDir;
use crate::output::write_outputs;
use crate::records::AccountRecord;

/// One account's result row.
#[derive(Debug, Clone)]
pub struct AccountResult {
    /// The account as read.
    pub record: AccountRecord,
    /// Its position at the as-of date.
    pub position: Position,
    /// Council tax and business rates: each financial year's arrears.
    pub years: Vec<debt_core::YearPosition>,
    /// Costs and fees charged to it.
    pub costs: Vec<debt_core::household::Cost>,
    /// The person whose account it is (its lead party), once matched.
    pub person_id: String,
    /// Their household, once matched; empty when it is in none.
    pub household_id: String,
}

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
    pub suspense_total: debt_core::Money,
    /// MATCHED or BREAK (BREAK when no control row exists).
    pub status: ReconcileStatus,
    /// What a reader should know about the row, in words (empty when
    /// nothing): that the control totals are for another date than the run,
    /// or that the control file has no row for the source.
    pub note: String,
}

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

/// Where a run reports progress: the stage it has reached and input bytes
/// read. Any `Fn(&str)` closure is a progress sink that ignores bytes;
/// [`Quiet`] reports nothing.
pub trait Progress: Sync {
    /// A stage has started.
    fn stage(&self, name: &str);
    /// More input bytes have been read.
    fn bytes(&self, _count: u64) {}
}

impl<F: Fn(&str) + Sync> Progress for F {
    fn stage(&self, name: &str) {
        self(name)
    }
}

/// A progress sink that reports nothing (tests, library callers).
#[derive(Debug, Clone, Copy, Default)]
pub struct Quiet;

impl Progress for Quiet {
    fn stage(&self, _name: &str) {}
}

/// Runs ingest, positions, reconciliation and matching (no outputs), with
/// no previous run to carry person ids from.
pub fn compute(
    loaded: &LoadedConfig,
    as_of: NaiveDate,
    progress: &dyn Progress,
) -> Result<RunResult, BatchError> {
    compute_with(loaded, as_of, &std::collections::HashMap::new(), progress)
}

/// Like [`compute`], carrying person ids from a previous run's
/// `record_key → person_id`.
pub fn compute_with(
    loaded: &LoadedConfig,
    as_of: NaiveDate,
    previous_ids: &std::collections::HashMap<String, String>,
    progress: &dyn Progress,
) -> Result<RunResult, BatchError> {
    let mut timings = Timings::default();
    let started = Instant::now();
    progress.stage("ingest");
    let mut ingested = ingest(loaded, progress)?;
    timings
        .stages_ms
        .insert("1_ingest".into(), started.elapsed().as_millis());

    let started = Instant::now();
    progress.stage("positions");
    let records = std::mem::take(&mut ingested.accounts);
    let mut accounts: Vec<AccountResult> = records
        .into_par_iter()
        .map(|record| {
            let (position, years, costs) =
                record.position_years_costs(as_of).map_err(|e| match e {
                    debt_core::Error::Invariant(message) => BatchError::Invariant(format!(
                        "{} account {}: {message}",
                        record.source, record.account.reference
                    )),
                    other => BatchError::Account {
                        source_id: record.source.clone(),
                        account: record.account.reference.clone(),
                        message: other.to_string(),
                    },
                })?;
            Ok(AccountResult {
                record,
                position,
                years,
                costs,
                person_id: String::new(),
                household_id: String::new(),
            })
        })
        .collect::<Result<_, BatchError>>()?;
    accounts.par_sort_by(|a, b| {
        (
            a.record.source.as_str(),
            a.record.account.reference.as_str(),
        )
            .cmp(&(
                b.record.source.as_str(),
                b.record.account.reference.as_str(),
            ))
    });
    timings
        .stages_ms
        .insert("2_positions".into(), started.elapsed().as_millis());

    let started = Instant::now();
    progress.stage("reconcile");
    let plan = &loaded.plan;
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
        let (mut suspense_items, mut suspense_total) = (0, debt_core::Money::ZERO);
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
    let unmatched_controls = ingested
        .controls
        .iter()
        .filter(|c| !used_controls.contains(&c.name.to_ascii_lowercase()))
        .map(|c| c.name.clone())
        .collect();
    timings
        .stages_ms
        .insert("3_reconcile".into(), started.elapsed().as_millis());

    let started = Instant::now();
    progress.stage("matching");
    let addresses: HashMap<u64, (String, String)> = ingested
        .gazetteer
        .iter()
        .map(|e| {
            (
                e.uprn,
                (
                    e.address_line(),
                    e.postcode
                        .as_ref()
                        .map(|p| p.to_string())
                        .unwrap_or_default(),
                ),
            )
        })
        .collect();
    let gazetteer = crate::matching::gazetteer_of(&mut ingested);
    let overrides = match &plan.overrides {
        Some(path) => {
            let (overrides, file) = crate::matching::read_overrides(path)?;
            ingested.files.push(file);
            overrides
        }
        None => Vec::new(),
    };
    let account_refs: Vec<&AccountRecord> = accounts.iter().map(|a| &a.record).collect();
    let sources = crate::matching::person_sources(&ingested, &account_refs, &gazetteer);
    let matching = crate::matching::match_persons(sources, &plan.link, &overrides, previous_ids);
    timings
        .stages_ms
        .insert("4_matching".into(), started.elapsed().as_millis());

    let started = Instant::now();
    progress.stage("households");
    let views = crate::view::build(
        &accounts,
        &matching,
        crate::view::ViewInputs {
            people: &ingested.people,
            files: &ingested.files,
            addresses,
            rules: &plan.exceptions,
            rates: &plan.rates,
            as_of,
        },
    )?;
    for (i, a) in accounts.iter_mut().enumerate() {
        let (person, household) = views.person_and_household(i);
        a.person_id = person.to_string();
        a.household_id = household.to_string();
    }
    timings
        .stages_ms
        .insert("5_households".into(), started.elapsed().as_millis());
    Ok(RunResult {
        ingested,
        accounts,
        reconciliation,
        unmatched_controls,
        as_of,
        timings,
        config_sha256: format!("{:x}", Sha256::digest(&loaded.bytes)),
        matching,
        views,
        exception_rules: plan.exceptions.clone(),
    })
}

/// Runs everything and writes the outputs into `out_dir` atomically: the
/// folder is checked and locked first ([`OutputDir::claim`]: it must be
/// empty, missing, or a previous output of this program, and hold no input),
/// the outputs are written into a staging folder beside it, and swapped into
/// place only when complete.
pub fn run(
    loaded: &LoadedConfig,
    as_of: NaiveDate,
    out_dir: &Path,
    progress: &dyn Progress,
) -> Result<RunResult, BatchError> {
    let mut inputs = vec![loaded.path.clone()];
    inputs.extend(loaded.input_paths());
    let claimed = OutputDir::claim(out_dir, &inputs)?;
    let (previous, previous_file) = crate::matching::read_previous_ids(out_dir);
    let mut result = compute_with(loaded, as_of, &previous, progress)?;
    result.ingested.files.extend(previous_file);
    let started = Instant::now();
    progress.stage("outputs");
    write_outputs(&mut result, claimed.staging(), started)?;
    claimed.commit()?;
    Ok(result)
}

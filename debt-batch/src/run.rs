//! The nightly run, top to bottom: ingest, positions, reconciliation,
//! matching, the household view, then the outputs, written atomically. Each
//! stage is a module of its own below this one.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::config::LoadedConfig;
use crate::error::BatchError;
use crate::ingest::ingest;
use crate::output::dir::OutputDir;
use crate::output::write_outputs;
use crate::progress::Progress;
use crate::records::AccountRecord;
use crate::result::{RunResult, Timings};

/// Runs every stage (no outputs), with no previous run to carry person ids
/// from.
pub fn compute(
    loaded: &LoadedConfig,
    as_of: NaiveDate,
    progress: &dyn Progress,
) -> Result<RunResult, BatchError> {
    compute_with(loaded, as_of, &HashMap::new(), progress)
}

/// Like [`compute`], carrying person ids from a previous run's
/// `record_key → person_id`.
pub(crate) fn compute_with(
    loaded: &LoadedConfig,
    as_of: NaiveDate,
    previous_ids: &HashMap<String, String>,
    progress: &dyn Progress,
) -> Result<RunResult, BatchError> {
    let plan = &loaded.plan;
    let mut timings = Timings::default();
    let mut stage = |name: &str, started: Instant| timings.record(name, started);

    let started = Instant::now();
    progress.stage("ingest");
    let mut ingested = ingest(loaded, progress)?;
    stage("1_ingest", started);

    let started = Instant::now();
    progress.stage("positions");
    let mut accounts = crate::positions::positions(std::mem::take(&mut ingested.accounts), as_of)?;
    stage("2_positions", started);

    let started = Instant::now();
    progress.stage("reconcile");
    let (reconciliation, unmatched_controls) =
        crate::reconcile::reconcile_sources(plan, &ingested, &accounts, as_of);
    stage("3_reconcile", started);

    let started = Instant::now();
    progress.stage("matching");
    let addresses: HashMap<u64, (String, String)> = ingested
        .gazetteer
        .iter()
        .map(|e| {
            let postcode = e
                .postcode
                .as_ref()
                .map(|p| p.to_string())
                .unwrap_or_default();
            (e.uprn, (e.address_line(), postcode))
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
    let mut matching =
        crate::matching::match_persons(sources, &plan.link, &overrides, previous_ids, 1);
    let balances: std::collections::HashMap<String, debt_core::Money> = accounts
        .iter()
        .map(|a| {
            (
                format!("{}:{}", a.record.source, a.record.account.reference),
                a.position.balance,
            )
        })
        .collect();
    matching.review = crate::matching::review_queue(&matching, &|key| balances.get(key).copied());
    stage("4_matching", started);

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
            suspense: &ingested.suspense,
        },
    )?;
    accounts.par_iter_mut().enumerate().for_each(|(i, a)| {
        let (person, household) = views.person_and_household(i, &matching);
        a.person_id = person.to_string();
        a.household_id = household.to_string();
    });
    let statements = crate::advice::statements(&ingested.people, &ingested.files, &matching);
    stage("5_households", started);

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
        statements,
        arrangements: plan.arrangements.clone(),
        rates_text: plan.rates_text.clone(),
        summaries: 0,
    })
}

/// Runs everything and writes the outputs into `out_dir` atomically: the
/// folder is checked and locked first (`OutputDir::claim`: it must be
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

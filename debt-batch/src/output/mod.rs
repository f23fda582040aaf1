//! Writing the run's outputs: owner-only files in a staging folder that
//! replaces the previous outputs in one atomic step ([`dir::OutputDir`]), so
//! a failed or killed run never leaves last night's results half-overwritten.
//!
//! Each output family has one column list ([`schema`]) rendered to CSV and,
//! where the warehouse wants it, Parquet: [`accounts`], [`reconciliation`],
//! [`rows`] (rejects and duplicates), [`mod@matching`] (records and links).
//!
//! Every output is a pure function of the inputs, the config, the as-of date
//! and the previous night's records.csv (person ids carry over): rows sorted,
//! no clocks, no hash-map order. The one exception is the `timings_ms` and
//! `peak_rss_mb` blocks of `manifest.json`.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::BatchError;
use crate::result::RunResult;
use schema::{header, write_row, Column};

pub mod accounts;
pub mod advice;
pub mod dir;
pub mod households;
pub mod matching;
pub mod parquet;
pub mod reconciliation;
pub mod rows;
pub mod schema;

use crate::hooks::failpoint;

pub(crate) use crate::files::{create_private, replace_private};

fn finish(path: &Path, writer: BufWriter<File>) -> Result<(), BatchError> {
    let file = writer
        .into_inner()
        .map_err(|e| BatchError::io(path, e.into_error()))?;
    file.sync_all().map_err(|e| BatchError::io(path, e))
}

/// Writes `rows` through `columns` as the CSV file `name` in `dir`.
fn csv_file<T: Sync>(
    dir: &Path,
    name: &str,
    columns: &[Column<'_, T>],
    rows: &[T],
) -> Result<(), BatchError> {
    let path = dir.join(name);
    let out = write_csv_in_parallel(create_private(&path)?, header(columns), rows, |w, r| {
        write_row(w, columns, r)
    })
    .map_err(|e| BatchError::io(&path, e))?;
    finish(&path, out)
}

/// Writes a CSV file to `out`: the header, then one row per item through
/// [`write_rows_in_parallel`]; returns `out`, flushed.
pub(crate) fn write_csv_in_parallel<T: Sync, W: Write, H: AsRef<[u8]>>(
    out: W,
    header: impl IntoIterator<Item = H>,
    items: &[T],
    row: impl Fn(&mut csv::Writer<Vec<u8>>, &T) -> csv::Result<()> + Sync,
) -> std::io::Result<W> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(header).map_err(std::io::Error::other)?;
    let mut out = w.into_inner().map_err(|e| e.into_error())?;
    write_rows_in_parallel(items, &mut out, row)?;
    out.flush()?;
    Ok(out)
}

/// Writes one CSV row per item to `out` (no header). Rows are formatted in
/// parallel, a batch at a time, and written in order, so the bytes are the
/// same however many threads run; memory holds one batch of text.
pub(crate) fn write_rows_in_parallel<T: Sync, W: Write>(
    items: &[T],
    out: &mut W,
    row: impl Fn(&mut csv::Writer<Vec<u8>>, &T) -> csv::Result<()> + Sync,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    const CHUNK: usize = 16_384;
    for batch in items.chunks(CHUNK * 8) {
        let parts: Vec<std::io::Result<Vec<u8>>> = batch
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut w = csv::WriterBuilder::new()
                    .has_headers(false)
                    .from_writer(Vec::with_capacity(chunk.len() * 128));
                for item in chunk {
                    row(&mut w, item).map_err(std::io::Error::other)?;
                }
                w.into_inner().map_err(|e| e.into_error())
            })
            .collect();
        for part in parts {
            out.write_all(&part?)?;
        }
    }
    Ok(())
}

fn json_file<T: Serialize>(dir: &Path, name: &str, value: &T) -> Result<(), BatchError> {
    let path = dir.join(name);
    let mut writer = create_private(&path)?;
    serde_json::to_writer_pretty(&mut writer, value)
        .map_err(|e| BatchError::Output(format!("{name}: {e}")))?;
    writer
        .write_all(b"\n")
        .map_err(|e| BatchError::io(&path, e))?;
    finish(&path, writer)
}

/// Every output file, in the order the manifest lists them.
pub const OUTPUT_FILES: &[&str] = &[
    "accounts.csv",
    "accounts.parquet",
    "reconciliation.csv",
    "reconciliation.json",
    "reconciliation.parquet",
    "rejects.csv",
    "duplicates.csv",
    "suspense.csv",
    "records.csv",
    "links.csv",
    "review.csv",
    "matching.json",
    "households.csv",
    "households.parquet",
    "household_accounts.csv",
    "household_accounts.parquet",
    "household_account_years.csv",
    "household_account_years.parquet",
    "exceptions.csv",
    "exceptions.json",
    "statements.csv",
    "rates.toml",
];

/// Writes every output into `dir`.
pub(crate) fn write_outputs(
    result: &mut RunResult,
    dir: &Path,
    started: Instant,
) -> Result<(), BatchError> {
    let account_columns = accounts::columns(&result.ingested.files);
    csv_file(dir, "accounts.csv", &account_columns, &result.accounts)?;
    failpoint("after_accounts");
    parquet::write_parquet(
        &dir.join("accounts.parquet"),
        &account_columns,
        &result.accounts,
    )?;
    drop(account_columns);

    let reconciliation_columns = reconciliation::columns();
    csv_file(
        dir,
        "reconciliation.csv",
        &reconciliation_columns,
        &result.reconciliation,
    )?;
    parquet::write_parquet(
        &dir.join("reconciliation.parquet"),
        &reconciliation_columns,
        &result.reconciliation,
    )?;
    #[derive(Serialize)]
    struct ReconciliationJson<'a> {
        as_of: String,
        sources: &'a [crate::reconcile::SourceReconciliation],
        control_rows_without_source: &'a [String],
    }
    json_file(
        dir,
        "reconciliation.json",
        &ReconciliationJson {
            as_of: result.as_of.to_string(),
            sources: &result.reconciliation,
            control_rows_without_source: &result.unmatched_controls,
        },
    )?;

    let records = dir.join("records.csv");
    let inner = matching::write_records_csv(&result.matching, create_private(&records)?)
        .map_err(|e| BatchError::io(&records, e))?;
    finish(&records, inner)?;
    let links = dir.join("links.csv");
    let inner = matching::write_links_csv(&result.matching, create_private(&links)?)
        .map_err(|e| BatchError::io(&links, e))?;
    finish(&links, inner)?;
    let review = dir.join("review.csv");
    let inner = matching::write_review_csv(
        &result.matching,
        result.matching.link_threshold,
        create_private(&review)?,
    )
    .map_err(|e| BatchError::io(&review, e))?;
    finish(&review, inner)?;
    json_file(
        dir,
        "matching.json",
        &crate::matching::summary(&result.matching),
    )?;

    write_household_outputs(result, dir)?;

    let ingested = &mut result.ingested;
    ingested
        .rejects
        .sort_by(|a, b| (&a.source, &a.file, a.line).cmp(&(&b.source, &b.file, b.line)));
    csv_file(
        dir,
        "rejects.csv",
        &rows::reject_columns(),
        &ingested.rejects,
    )?;
    ingested
        .duplicates
        .sort_by(|a, b| (&a.source, &a.file, a.line).cmp(&(&b.source, &b.file, b.line)));
    csv_file(
        dir,
        "duplicates.csv",
        &rows::duplicate_columns(),
        &ingested.duplicates,
    )?;
    ingested
        .suspense
        .sort_by(|a, b| (&a.source, &a.file, a.line).cmp(&(&b.source, &b.file, b.line)));
    csv_file(
        dir,
        "suspense.csv",
        &rows::suspense_columns(),
        &ingested.suspense,
    )?;

    result.timings.record("6_outputs", started);
    let mut names: Vec<String> = OUTPUT_FILES.iter().map(|n| n.to_string()).collect();
    let summaries_dir = dir.join("summaries");
    let mut pages: Vec<String> = std::fs::read_dir(&summaries_dir)
        .map_err(|e| BatchError::io(&summaries_dir, e))?
        .map(|e| {
            e.map(|e| format!("summaries/{}", e.file_name().to_string_lossy()))
                .map_err(|e| BatchError::io(&summaries_dir, e))
        })
        .collect::<Result<_, _>>()?;
    pages.sort();
    names.extend(pages);
    let outputs = names
        .iter()
        .map(|name| {
            let path = dir.join(name);
            let bytes = std::fs::read(&path).map_err(|e| BatchError::io(&path, e))?;
            Ok(OutputEntry {
                file: name.to_string(),
                size: bytes.len() as u64,
                sha256: format!("{:x}", Sha256::digest(&bytes)),
            })
        })
        .collect::<Result<Vec<_>, BatchError>>()?;
    let distinct = |f: fn(&crate::matching::MatchedRecord) -> &str| {
        result
            .matching
            .records
            .iter()
            .map(f)
            .collect::<std::collections::BTreeSet<_>>()
            .len() as u64
    };
    let manifest = Manifest {
        program: dir::PROGRAM_ID,
        version: env!("CARGO_PKG_VERSION"),
        as_of: result.as_of.to_string(),
        config_sha256: result.config_sha256.clone(),
        inputs: result
            .ingested
            .files
            .iter()
            .map(|f| InputEntry {
                source: f.source.clone(),
                role: f.role.clone(),
                path: f.display.clone(),
                size: f.read.bytes,
                sha256: f.read.sha256.clone(),
                lines: f.read.lines,
                blank_lines: f.read.blank_lines,
                last_line_unterminated: f.read.last_line_unterminated,
                rows_read: f.counts.read,
                accepted: f.counts.accepted,
                rejected: f.counts.rejected,
                duplicates: f.counts.duplicates,
            })
            .collect(),
        accounts: result.accounts.len() as u64,
        rejects: result.ingested.rejects.len() as u64,
        duplicates: result.ingested.duplicates.len() as u64,
        suspense: result.ingested.suspense.len() as u64,
        breaks: result
            .reconciliation
            .iter()
            .filter(|r| r.status == debt_core::ReconcileStatus::Break)
            .count() as u64,
        persons: distinct(|r| r.person_id.as_str()),
        households: distinct(|r| r.household_id.as_str()),
        unassigned_accounts: result
            .views
            .placements
            .iter()
            .filter(|p| matches!(p, crate::view::Placement::Unassigned { .. }))
            .count() as u64,
        exceptions: debt_core::exceptions::ExceptionKind::ALL
            .iter()
            .map(|k| {
                (
                    k.code().to_string(),
                    result
                        .views
                        .exceptions
                        .iter()
                        .filter(|e| e.kind == *k)
                        .count() as u64,
                )
            })
            .collect(),
        arrangements: result.arrangements.clone(),
        summaries: result.summaries,
        outputs,
        timings_ms: result.timings.stages_ms.clone(),
        peak_rss_mb: result.timings.peak_rss_mb.clone(),
    };
    json_file(dir, "manifest.json", &manifest)
}

/// The single view: households, their accounts and years, and the
/// situations to act on.
fn write_household_outputs(result: &mut RunResult, dir: &Path) -> Result<(), BatchError> {
    let views = &mut result.views;
    views.exceptions.sort_by(|a, b| {
        (a.kind, &a.household_id, &a.accounts).cmp(&(b.kind, &b.household_id, &b.accounts))
    });
    let views = &result.views;
    let mut per_household: std::collections::HashMap<String, u64> = Default::default();
    for e in &views.exceptions {
        *per_household.entry(e.household_id.clone()).or_default() += 1;
    }
    let columns = households::household_columns(&views.addresses, &per_household, &result.matching);
    csv_file(dir, "households.csv", &columns, &views.households)?;
    parquet::write_parquet(&dir.join("households.parquet"), &columns, &views.households)?;
    let context = households::RowContext {
        matching: &result.matching,
        files: &result.ingested.files,
    };
    let rows = households::account_rows(views, &result.accounts, &context);
    let columns = households::account_columns();
    csv_file(dir, "household_accounts.csv", &columns, &rows)?;
    parquet::write_parquet(&dir.join("household_accounts.parquet"), &columns, &rows)?;
    let years = households::year_rows(views, &result.accounts);
    let columns = households::year_columns(result.exception_rules.limitation_years);
    csv_file(dir, "household_account_years.csv", &columns, &years)?;
    parquet::write_parquet(
        &dir.join("household_account_years.parquet"),
        &columns,
        &years,
    )?;
    csv_file(
        dir,
        "exceptions.csv",
        &households::exception_columns(),
        &views.exceptions,
    )?;
    json_file(dir, "exceptions.json", &views.exceptions)?;
    let rows = advice::statement_rows(&result.statements);
    csv_file(dir, "statements.csv", &advice::statement_columns(), &rows)?;
    drop(rows);
    crate::summary::write_text(&dir.join("rates.toml"), &result.rates_text)?;
    failpoint("before_summaries");
    // The summaries are made from the files just written, exactly as
    // `debt-batch summary` makes one later.
    (result.summaries, _) = crate::summary::write_all(
        dir,
        crate::summary::Which::WithStatements,
        Some((result.as_of, result.arrangements.clone())),
        &dir.join("summaries"),
    )?;
    Ok(())
}

#[derive(Serialize)]
struct Manifest {
    program: &'static str,
    version: &'static str,
    as_of: String,
    config_sha256: String,
    inputs: Vec<InputEntry>,
    accounts: u64,
    rejects: u64,
    duplicates: u64,
    suspense: u64,
    breaks: u64,
    persons: u64,
    households: u64,
    unassigned_accounts: u64,
    exceptions: BTreeMap<String, u64>,
    arrangements: crate::config::ArrangementConfig,
    summaries: u64,
    outputs: Vec<OutputEntry>,
    timings_ms: BTreeMap<String, u128>,
    peak_rss_mb: BTreeMap<String, u64>,
}

#[derive(Serialize)]
struct InputEntry {
    source: String,
    role: String,
    path: String,
    size: u64,
    sha256: String,
    lines: u64,
    blank_lines: u64,
    last_line_unterminated: bool,
    rows_read: u64,
    accepted: u64,
    rejected: u64,
    duplicates: u64,
}

#[derive(Serialize)]
struct OutputEntry {
    file: String,
    size: u64,
    sha256: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_written_in_parallel_are_the_bytes_a_plain_writer_gives() {
        // Enough rows for several batches, some needing quotes.
        let items: Vec<u32> = (0..300_000).collect();
        let row = |w: &mut csv::Writer<Vec<u8>>, i: &u32| {
            w.write_record([
                i.to_string(),
                format!("name, {}", i % 7),
                "x\"y".to_string(),
            ])
        };
        let mut plain = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(Vec::new());
        for i in &items {
            row(&mut plain, i).unwrap();
        }
        let plain = plain.into_inner().unwrap();
        for threads in [1, 2, 4] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let mut out = Vec::new();
            pool.install(|| write_rows_in_parallel(&items, &mut out, row))
                .unwrap();
            assert!(out == plain, "{threads} threads");
        }
    }
}

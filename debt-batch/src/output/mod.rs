//! Writing the run's outputs: owner-only files in a staging directory that
//! replaces the previous outputs in one atomic step ([`dir::OutputDir`]), so
//! a failed or killed run never leaves last night's results half-overwritten.
//!
//! Every output is a pure function of the inputs, the config and the as-of
//! date (rows sorted, no clocks, no hash-map order), so a rerun gives
//! byte-identical files. The one exception is the `timings_ms` block of
//! `manifest.json`, which records how long this run took.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::time::Instant;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::BatchError;
use crate::run::{ageing_columns, RunResult};

pub mod dir;
pub mod parquet;

use dir::failpoint;

/// Creates an owner-only (0600) file.
pub fn create_private(path: &Path) -> Result<BufWriter<File>, BatchError> {
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| BatchError::io(path, e))?;
    Ok(BufWriter::new(file))
}

fn finish(path: &Path, writer: BufWriter<File>) -> Result<(), BatchError> {
    let file = writer
        .into_inner()
        .map_err(|e| BatchError::io(path, e.into_error()))?;
    file.sync_all().map_err(|e| BatchError::io(path, e))
}

fn csv_file(
    dir: &Path,
    name: &str,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<(), BatchError> {
    let path = dir.join(name);
    let mut writer = csv::WriterBuilder::new().from_writer(create_private(&path)?);
    let csv_err = |e: csv::Error| BatchError::Output(format!("{name}: {e}"));
    writer.write_record(header).map_err(csv_err)?;
    for row in rows {
        writer.write_record(&row).map_err(csv_err)?;
    }
    let inner = writer
        .into_inner()
        .map_err(|e| BatchError::Output(format!("{name}: {e}")))?;
    finish(&path, inner)
}

/// Writes a CSV file to `out`: the header, then one row per item through
/// [`write_rows_in_parallel`]; returns `out`, flushed.
pub fn write_csv_in_parallel<T: Sync, W: Write, H: AsRef<[u8]>>(
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
pub fn write_rows_in_parallel<T: Sync, W: Write>(
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

/// Columns of `accounts.csv`, documented in docs/outputs.md.
pub const ACCOUNT_COLUMNS: &[&str] = &[
    "source",
    "service",
    "sundry_kind",
    "account_ref",
    "status",
    "stage",
    "stage_code",
    "enforcement",
    "priority",
    "uprn",
    "property_ref",
    "postcode",
    "balance",
    "arrears",
    "not_yet_due",
    "credit",
    "written_off",
    "age_0_30",
    "age_31_90",
    "age_91_365",
    "age_1_2y",
    "age_2_6y",
    "age_over_6y",
    "last_payment_date",
    "oldest_arrears_date",
    "transactions",
    "source_file",
    "source_line",
];

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// Writes every output into `dir`.
pub fn write_outputs(
    result: &mut RunResult,
    dir: &Path,
    started: Instant,
) -> Result<(), BatchError> {
    let files = &result.ingested.files;
    csv_file(
        dir,
        "accounts.csv",
        ACCOUNT_COLUMNS,
        result.accounts.iter().map(|a| {
            let r = &a.record;
            let p = &a.position;
            let account = &r.account;
            let mut row = vec![
                r.source.clone(),
                account.service.code().to_string(),
                account
                    .service
                    .sundry_kind()
                    .map(|k| k.code().to_string())
                    .unwrap_or_default(),
                account.reference.clone(),
                account.status.code().to_string(),
                account
                    .stage
                    .map(|s| s.code().to_string())
                    .unwrap_or_default(),
                r.stage_code.clone(),
                account
                    .stage
                    .map(|s| account.service.is_enforcement(s))
                    .unwrap_or(false)
                    .to_string(),
                account.priority().code().to_string(),
                r.uprn.clone().unwrap_or_default(),
                r.property_ref.clone().unwrap_or_default(),
                r.address.postcode.clone(),
                p.balance.to_string(),
                p.arrears.to_string(),
                p.not_yet_due.to_string(),
                p.credit().to_string(),
                p.written_off.to_string(),
            ];
            row.extend(ageing_columns(p).iter().map(|m| m.to_string()));
            row.push(date(p.last_payment_date));
            row.push(date(p.oldest_arrears_date));
            row.push(p.transactions_counted.to_string());
            row.push(
                files
                    .get(r.row.file as usize)
                    .map(|f| f.display.clone())
                    .unwrap_or_default(),
            );
            row.push(r.row.line.to_string());
            row
        }),
    )?;
    failpoint("after_accounts");

    csv_file(
        dir,
        "reconciliation.csv",
        &[
            "source",
            "service",
            "control_name",
            "rows_read",
            "rows_rejected",
            "rows_duplicate",
            "accounts",
            "closing_balance",
            "control_accounts",
            "control_balance",
            "account_difference",
            "difference",
            "status",
        ],
        result.reconciliation.iter().map(|r| {
            let (ca, cb, ad, bd) = match &r.reconciliation {
                Some(x) => (
                    x.control.accounts.to_string(),
                    x.control.closing_balance.to_string(),
                    x.account_difference.to_string(),
                    x.balance_difference.to_string(),
                ),
                None => (String::new(), String::new(), String::new(), String::new()),
            };
            vec![
                r.source.clone(),
                r.service.clone(),
                r.control_name.clone(),
                r.rows_read.to_string(),
                r.rows_rejected.to_string(),
                r.rows_duplicate.to_string(),
                r.computed.accounts.to_string(),
                r.computed.closing_balance.to_string(),
                ca,
                cb,
                ad,
                bd,
                r.status.code().to_string(),
            ]
        }),
    )?;

    #[derive(Serialize)]
    struct ReconciliationJson<'a> {
        as_of: String,
        sources: &'a [crate::run::SourceReconciliation],
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

    write_parquet_outputs(result, dir)?;
    let records = dir.join("records.csv");
    let inner = crate::matching::write_records_csv(&result.matching, create_private(&records)?)
        .map_err(|e| BatchError::io(&records, e))?;
    finish(&records, inner)?;
    let links = dir.join("links.csv");
    let inner = crate::matching::write_links_csv(&result.matching, create_private(&links)?)
        .map_err(|e| BatchError::io(&links, e))?;
    finish(&links, inner)?;
    json_file(
        dir,
        "matching.json",
        &crate::matching::summary(&result.matching),
    )?;

    let mut rejects: Vec<_> = result.ingested.rejects.iter().collect();
    rejects.sort_by(|a, b| (&a.source, &a.file, a.line).cmp(&(&b.source, &b.file, b.line)));
    csv_file(
        dir,
        "rejects.csv",
        &[
            "source",
            "file",
            "line",
            "reason_class",
            "reason",
            "raw_line",
        ],
        rejects.into_iter().map(|r| {
            vec![
                r.source.clone(),
                r.file.clone(),
                r.line.to_string(),
                r.reason.class().to_string(),
                r.reason.to_string(),
                r.raw.clone(),
            ]
        }),
    )?;

    let mut duplicates: Vec<_> = result.ingested.duplicates.iter().collect();
    duplicates.sort_by(|a, b| (&a.source, &a.file, a.line).cmp(&(&b.source, &b.file, b.line)));
    csv_file(
        dir,
        "duplicates.csv",
        &["source", "file", "line", "duplicate_of_line", "key"],
        duplicates.into_iter().map(|d| {
            vec![
                d.source.clone(),
                d.file.clone(),
                d.line.to_string(),
                d.first_line.to_string(),
                d.key.clone(),
            ]
        }),
    )?;

    result
        .timings
        .stages_ms
        .insert("5_outputs".into(), started.elapsed().as_millis());
    let outputs = [
        "accounts.csv",
        "accounts.parquet",
        "reconciliation.csv",
        "reconciliation.json",
        "reconciliation.parquet",
        "rejects.csv",
        "duplicates.csv",
        "records.csv",
        "links.csv",
        "matching.json",
    ]
    .iter()
    .map(|name| {
        let bytes =
            std::fs::read(dir.join(name)).map_err(|e| BatchError::io(&dir.join(name), e))?;
        Ok(OutputEntry {
            file: name.to_string(),
            size: bytes.len() as u64,
            sha256: format!("{:x}", Sha256::digest(&bytes)),
        })
    })
    .collect::<Result<Vec<_>, BatchError>>()?;
    let manifest = Manifest {
        program: "debt-batch",
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
                rows_read: f.counts.read,
                accepted: f.counts.accepted,
                rejected: f.counts.rejected,
                duplicates: f.counts.duplicates,
            })
            .collect(),
        accounts: result.accounts.len() as u64,
        rejects: result.ingested.rejects.len() as u64,
        duplicates: result.ingested.duplicates.len() as u64,
        breaks: result
            .reconciliation
            .iter()
            .filter(|r| r.status == debt_core::ReconcileStatus::Break)
            .count() as u64,
        persons: result
            .matching
            .records
            .iter()
            .map(|r| r.person_id.as_str())
            .collect::<std::collections::BTreeSet<_>>()
            .len() as u64,
        households: result
            .matching
            .records
            .iter()
            .map(|r| r.household_id.as_str())
            .collect::<std::collections::BTreeSet<_>>()
            .len() as u64,
        outputs,
        timings_ms: result.timings.stages_ms.clone(),
    };
    json_file(dir, "manifest.json", &manifest)
}

fn days(d: Option<chrono::NaiveDate>) -> Option<i32> {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
    d.and_then(|d| i32::try_from((d - epoch).num_days()).ok())
}

fn pence(m: debt_core::Money) -> i128 {
    m.to_pence().map(i128::from).unwrap_or_default()
}

/// `accounts.parquet` and `reconciliation.parquet`: the same rows and
/// columns as the CSV files, typed (Decimal(18, 2) money, Date dates).
fn write_parquet_outputs(result: &RunResult, dir: &Path) -> Result<(), BatchError> {
    use parquet::{write_parquet, OutColumn};
    let a = &result.accounts;
    let files = &result.ingested.files;
    let text = |f: &dyn Fn(&crate::run::AccountResult) -> String| {
        OutColumn::Text(a.iter().map(f).collect())
    };
    let money = |f: &dyn Fn(&crate::run::AccountResult) -> debt_core::Money| {
        OutColumn::Money(a.iter().map(|x| pence(f(x))).collect())
    };
    let bucket = |b: debt_core::AgeBucket| {
        OutColumn::Money(a.iter().map(|x| pence(x.position.ageing.get(b))).collect())
    };
    use debt_core::AgeBucket as B;
    write_parquet(
        &dir.join("accounts.parquet"),
        vec![
            ("source", text(&|x| x.record.source.clone())),
            (
                "service",
                text(&|x| x.record.account.service.code().to_string()),
            ),
            (
                "sundry_kind",
                text(&|x| {
                    x.record
                        .account
                        .service
                        .sundry_kind()
                        .map(|k| k.code().to_string())
                        .unwrap_or_default()
                }),
            ),
            ("account_ref", text(&|x| x.record.account.reference.clone())),
            (
                "status",
                text(&|x| x.record.account.status.code().to_string()),
            ),
            (
                "stage",
                text(&|x| {
                    x.record
                        .account
                        .stage
                        .map(|s| s.code().to_string())
                        .unwrap_or_default()
                }),
            ),
            ("stage_code", text(&|x| x.record.stage_code.clone())),
            (
                "enforcement",
                OutColumn::Flag(
                    a.iter()
                        .map(|x| {
                            x.record
                                .account
                                .stage
                                .is_some_and(|s| x.record.account.service.is_enforcement(s))
                        })
                        .collect(),
                ),
            ),
            (
                "priority",
                text(&|x| x.record.account.priority().code().to_string()),
            ),
            ("uprn", text(&|x| x.record.uprn.clone().unwrap_or_default())),
            (
                "property_ref",
                text(&|x| x.record.property_ref.clone().unwrap_or_default()),
            ),
            ("postcode", text(&|x| x.record.address.postcode.clone())),
            ("balance", money(&|x| x.position.balance)),
            ("arrears", money(&|x| x.position.arrears)),
            ("not_yet_due", money(&|x| x.position.not_yet_due)),
            ("credit", money(&|x| x.position.credit())),
            ("written_off", money(&|x| x.position.written_off)),
            ("age_0_30", bucket(B::Days0To30)),
            ("age_31_90", bucket(B::Days31To90)),
            ("age_91_365", bucket(B::Days91To365)),
            ("age_1_2y", bucket(B::Years1To2)),
            ("age_2_6y", bucket(B::Years2To6)),
            ("age_over_6y", bucket(B::Over6Years)),
            (
                "last_payment_date",
                OutColumn::Date(
                    a.iter()
                        .map(|x| days(x.position.last_payment_date))
                        .collect(),
                ),
            ),
            (
                "oldest_arrears_date",
                OutColumn::Date(
                    a.iter()
                        .map(|x| days(x.position.oldest_arrears_date))
                        .collect(),
                ),
            ),
            (
                "transactions",
                OutColumn::Count(
                    a.iter()
                        .map(|x| x.position.transactions_counted as u64)
                        .collect(),
                ),
            ),
            (
                "source_file",
                text(&|x| {
                    files
                        .get(x.record.row.file as usize)
                        .map(|f| f.display.clone())
                        .unwrap_or_default()
                }),
            ),
            (
                "source_line",
                OutColumn::Count(a.iter().map(|x| x.record.row.line).collect()),
            ),
        ],
    )?;
    let r = &result.reconciliation;
    let control = |f: &dyn Fn(&debt_core::Reconciliation) -> i128| {
        OutColumn::Money(
            r.iter()
                .map(|x| x.reconciliation.as_ref().map(f).unwrap_or_default())
                .collect(),
        )
    };
    write_parquet(
        &dir.join("reconciliation.parquet"),
        vec![
            (
                "source",
                OutColumn::Text(r.iter().map(|x| x.source.clone()).collect()),
            ),
            (
                "service",
                OutColumn::Text(r.iter().map(|x| x.service.clone()).collect()),
            ),
            (
                "control_name",
                OutColumn::Text(r.iter().map(|x| x.control_name.clone()).collect()),
            ),
            (
                "rows_read",
                OutColumn::Count(r.iter().map(|x| x.rows_read).collect()),
            ),
            (
                "rows_rejected",
                OutColumn::Count(r.iter().map(|x| x.rows_rejected).collect()),
            ),
            (
                "rows_duplicate",
                OutColumn::Count(r.iter().map(|x| x.rows_duplicate).collect()),
            ),
            (
                "accounts",
                OutColumn::Count(r.iter().map(|x| x.computed.accounts).collect()),
            ),
            (
                "closing_balance",
                OutColumn::Money(
                    r.iter()
                        .map(|x| pence(x.computed.closing_balance))
                        .collect(),
                ),
            ),
            (
                "control_accounts",
                OutColumn::Count(
                    r.iter()
                        .map(|x| {
                            x.reconciliation
                                .map(|c| c.control.accounts)
                                .unwrap_or_default()
                        })
                        .collect(),
                ),
            ),
            (
                "control_balance",
                control(&|c| pence(c.control.closing_balance)),
            ),
            ("difference", control(&|c| pence(c.balance_difference))),
            (
                "status",
                OutColumn::Text(r.iter().map(|x| x.status.code().to_string()).collect()),
            ),
        ],
    )
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
    breaks: u64,
    persons: u64,
    households: u64,
    outputs: Vec<OutputEntry>,
    timings_ms: std::collections::BTreeMap<String, u128>,
}

#[derive(Serialize)]
struct InputEntry {
    source: String,
    role: String,
    path: String,
    size: u64,
    sha256: String,
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

//! Ingest: every configured file read, every row accepted, rejected with a
//! reason, or counted as an exact duplicate. Nothing is dropped silently:
//! for every file, rows read = accepted + rejected + duplicates, where each
//! of the four is counted where it happens (the reader counts rows; accepted
//! rows are counted as they are kept) and the identity is checked on every
//! run, failing the run if it does not hold.
//!
//! One module per file shape: `ledger` (account master plus transactions),
//! `instalments`, `invoices` (one row per invoice or notice), `controls`,
//! `gazetteer`, `people` (breathing space, vulnerability, income and
//! expenditure). Column binding (`bind`), field parsing (`fields`) and
//! duplicate detection (`dedupe`) are shared.
//! Every file is read by [`crate::read`] in bounded blocks, its rows parsed in
//! parallel and settled in file order.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use debt_core::{ControlTotal, RowCounts};

use crate::config::plan::{DateFormats, FileSpec, Shape};
use crate::config::{LoadedConfig, PeopleKind};
use crate::error::BatchError;
use crate::progress::Progress;
use crate::read::{ReadSummary, Table};
use crate::records::{AccountRecord, Address, Duplicate, Party, Reject, SuspenseItem};

mod bind;
mod controls;
mod dedupe;
mod fields;
mod gazetteer;
mod instalments;
mod invoices;
mod ledger;
mod people;

/// One input file of the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// Which source (or `control_totals`, `gazetteer`, a people id).
    pub source: String,
    /// Its role: accounts, transactions, instalments, invoices, ...
    pub role: String,
    /// The path as written in the config (relative to it).
    pub display: String,
    /// Absolute path.
    pub path: PathBuf,
    /// What reading it found: size, SHA-256 of the bytes read, lines.
    pub read: ReadSummary,
    /// What became of its rows.
    pub counts: RowCounts,
}

/// A row of a person-bearing file with no ledger.
#[derive(Debug, Clone)]
pub struct PeopleRecord {
    /// The people source id.
    pub source: String,
    /// What the file holds.
    pub kind: PeopleKind,
    /// The record reference (a statement has several rows with one reference).
    pub record_ref: String,
    /// Where it came from.
    pub row: debt_core::SourceRow,
    /// The person it is about.
    pub party: Party,
    /// Their address as given.
    pub address: Address,
    /// What it says.
    pub detail: PeopleDetail,
}

/// What a person-bearing row says.
#[derive(Debug, Clone, PartialEq)]
pub enum PeopleDetail {
    /// A breathing space notice.
    BreathingSpace(debt_core::BreathingSpace),
    /// A vulnerability flag.
    Vulnerability {
        /// The flag as recorded.
        flag: String,
        /// When.
        recorded_on: Option<NaiveDate>,
    },
    /// One line of an income and expenditure statement.
    IncomeExpenditure {
        /// The line: Standard Financial Statement category, the advisor's
        /// description, the amount and how often.
        line: debt_core::affordability::StatementLine,
        /// The day the statement was taken, when the file says.
        taken_on: Option<NaiveDate>,
    },
}

/// A control total row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlRow {
    /// The system's name.
    pub name: String,
    /// Its stated totals.
    pub total: ControlTotal,
    /// The date they are stated for, when the file says.
    pub as_at: Option<NaiveDate>,
    /// Line in the file.
    pub line: u64,
}

/// Everything read: data only.
#[derive(Debug, Default)]
pub struct Ingested {
    /// Every input file, in config order.
    pub files: Vec<InputFile>,
    /// Accepted accounts of every source, in source then file order.
    pub accounts: Vec<AccountRecord>,
    /// Rejected rows.
    pub rejects: Vec<Reject>,
    /// Exact duplicates.
    pub duplicates: Vec<Duplicate>,
    /// Receipts naming no account (each also a reject), in source and file
    /// order.
    pub suspense: Vec<SuspenseItem>,
    /// Control totals.
    pub controls: Vec<ControlRow>,
    /// Gazetteer rows accepted.
    pub gazetteer_rows: u64,
    /// The gazetteer's properties.
    pub gazetteer: Vec<debt_core::identity::GazetteerEntry>,
    /// Person-bearing records accepted, per people id.
    pub people_rows: BTreeMap<String, u64>,
    /// The person-bearing rows themselves (breathing space, vulnerability,
    /// income and expenditure), in file order.
    pub people: Vec<PeopleRecord>,
}

/// Where a file's rows are being read from, for rejects and source rows.
pub(crate) struct FileCtx<'a> {
    pub source: &'a str,
    pub display: String,
    pub file_index: u32,
    pub dates: &'a DateFormats,
}

impl Ingested {
    /// Adds a file to the run's list; its read summary and counts are filled
    /// in by [`Ingested::finish_file`].
    fn register(&mut self, spec: &FileSpec, source: &str, role: &str) -> u32 {
        let index = self.files.len() as u32;
        self.files.push(InputFile {
            source: source.to_string(),
            role: role.to_string(),
            display: spec.display.clone(),
            path: spec.path.clone(),
            read: ReadSummary::default(),
            counts: RowCounts::default(),
        });
        index
    }

    /// Records what reading a file found and checks that nothing was lost:
    /// the reader's row count is the rows read, and rows read = accepted +
    /// rejected + duplicates, each counted where it happened.
    fn finish_file(
        &mut self,
        index: u32,
        read: ReadSummary,
        counts: RowCounts,
    ) -> Result<(), BatchError> {
        let file = &mut self.files[index as usize];
        if read.last_line_unterminated {
            tracing::warn!(
                file = %file.display,
                "the file's last line has no line end: if the export was cut short, its last row may be incomplete"
            );
        }
        if counts.read != read.rows || !counts.is_conserved() {
            return Err(BatchError::Invariant(format!(
                "{}: the reader found {} rows; counted read {} = accepted {} + rejected {} + duplicates {} does not hold",
                file.display, read.rows, counts.read, counts.accepted, counts.rejected, counts.duplicates
            )));
        }
        file.read = read;
        file.counts = counts;
        Ok(())
    }
}

/// Opens one input file as its resolved format says and registers it; the
/// context for its rows.
pub(crate) fn open_table<'a>(
    out: &mut Ingested,
    spec: &'a FileSpec,
    source: &'a str,
    role: &str,
) -> Result<(Table, FileCtx<'a>), BatchError> {
    let table = Table::open(&spec.path, &spec.format)?;
    let file_index = out.register(spec, source, role);
    crate::hooks::pause_point(&format!("after_open:{}", spec.display));
    Ok((
        table,
        FileCtx {
            source,
            display: spec.display.clone(),
            file_index,
            dates: &spec.dates,
        },
    ))
}

/// What ingest keeps of the rows it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keep {
    /// Every account with its ledger (a run).
    All,
    /// Counts, rejects and duplicates only (a check): memory stays near one
    /// block of the largest file plus the account references.
    Counts,
}

/// Reserves room for the rows a file is likely to hold, judged from its
/// first piece, so that a large file's vector does not grow by doubling
/// (which at worst holds the rows twice while it copies them).
pub(crate) fn reserve_for<T>(
    v: &mut Vec<T>,
    file_bytes: u64,
    piece: &crate::read::Piece,
    rows: usize,
) {
    if piece.len == 0 || rows == 0 {
        return;
    }
    let estimate = u128::from(file_bytes) * rows as u128 * 102 / (piece.len as u128 * 100);
    let estimate = usize::try_from(estimate).unwrap_or(usize::MAX / 2);
    if v.capacity() - v.len() < estimate / 2 {
        v.reserve(estimate);
    }
}

/// Reads every file the config names.
pub(crate) fn ingest(
    loaded: &LoadedConfig,
    progress: &dyn Progress,
) -> Result<Ingested, BatchError> {
    ingest_keeping(loaded, progress, Keep::All)
}

fn ingest_keeping(
    loaded: &LoadedConfig,
    progress: &dyn Progress,
    keep: Keep,
) -> Result<Ingested, BatchError> {
    let plan = &loaded.plan;
    let mut out = Ingested::default();
    let on_block = |bytes: u64| progress.bytes(bytes);
    if let Some(control) = &plan.control_totals {
        controls::read(&mut out, control, &on_block)?;
    }
    if let Some(g) = &plan.gazetteer {
        gazetteer::read(&mut out, g, &on_block)?;
    }
    for source in &plan.sources {
        match &source.shape {
            Shape::Ledger {
                accounts,
                transactions,
                instalments,
            } => ledger::read(
                &mut out,
                ledger::LedgerSource {
                    source,
                    accounts,
                    transactions,
                    instalments: instalments.as_deref(),
                    scheme: plan.scheme,
                    keep,
                },
                &on_block,
            )?,
            Shape::Invoices(invoices) => {
                invoices::read(&mut out, source, invoices, keep, &on_block)?
            }
        }
    }
    for p in &plan.people {
        people::read(&mut out, p, &on_block)?;
    }
    Ok(out)
}

/// Checks a config against its files without writing anything: every file
/// opened, every configured column found, every row validated. Returns the
/// files with their counts, rejects and duplicates (no accounts: a check
/// keeps no ledgers, so it needs far less memory than a run).
pub fn check(loaded: &LoadedConfig) -> Result<Ingested, BatchError> {
    ingest_keeping(loaded, &crate::progress::Quiet, Keep::Counts)
}

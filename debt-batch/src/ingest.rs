//! Ingest: every configured file read, every row accepted, rejected with a
//! reason, or counted as an exact duplicate. Nothing is dropped silently:
//! for every file, rows read = accepted + rejected + duplicates.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use debt_core::{
    Account, AccountStatus, ArrearsBasis, ControlTotal, FinancialYear, Instalment,
    InstalmentScheme, Money, RowCounts, Service, SourceRow, SundryKind, Transaction, TxnKind,
};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::chunked::{ChunkedFile, Piece};
use crate::config::{
    format_of, stage_value, AccountsConfig, FormatConfig, InstalmentsConfig, InvoicesConfig,
    LoadedConfig, OneOrMany, PartyConfig, PeopleConfig, PeopleKind, Sign, SourceConfig,
    TransactionsConfig,
};
use crate::error::BatchError;
use crate::input::{Header, Row, TextFile};
use crate::parquet::{ParquetTable, Table};
use crate::parse::{map_code, normalise_nino, DateFormat};
use crate::records::{
    AccountRecord, Address, CompactTxn, Duplicate, Party, Reject, RejectReason, Role,
};
use crate::run::Progress;

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
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
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
    pub row: SourceRow,
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
    /// Not yet known (only while reading).
    None,
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
        /// Standard Financial Statement category.
        category: String,
        /// Amount per `frequency`.
        amount: Money,
        /// weekly, fortnightly, four_weekly, monthly, annual.
        frequency: String,
    },
}

/// A control total row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlRow {
    /// The system's name.
    pub name: String,
    /// Its stated totals.
    pub total: ControlTotal,
    /// Line in the file.
    pub line: u64,
}

/// Everything read.
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
    /// Input hashes being computed.
    hashing: Vec<(u32, std::thread::JoinHandle<Result<String, BatchError>>)>,
    /// Input bytes read so far, reported to the progress sink by the caller.
    pending_bytes: std::sync::atomic::AtomicU64,
}

struct FileCtx<'a> {
    source: &'a str,
    display: String,
    file_index: u32,
    dates: DateFormats,
}

struct DateFormats {
    default: Option<DateFormat>,
    per_column: BTreeMap<String, DateFormat>,
    /// Parquet date columns arrive as yyyy-mm-dd whatever the text format.
    iso_fallback: bool,
}

impl DateFormats {
    fn for_table(mut self, table: &Table) -> DateFormats {
        self.iso_fallback = matches!(table, Table::Parquet(_));
        self
    }

    fn new(default: &Option<String>, per_column: &BTreeMap<String, String>) -> DateFormats {
        DateFormats {
            iso_fallback: false,
            default: default.as_deref().map(DateFormat::from_config),
            per_column: per_column
                .iter()
                .map(|(k, v)| (k.clone(), DateFormat::from_config(v)))
                .collect(),
        }
    }

    fn parse(&self, key: &str, field: &'static str, text: &str) -> Result<NaiveDate, RejectReason> {
        let format = self.per_column.get(key).or(self.default.as_ref());
        match format {
            Some(f) => f
                .parse(text)
                .map_err(|message| RejectReason::BadDate { field, message }),
            None => DateFormat::Iso
                .parse(text)
                .map_err(|message| RejectReason::BadDate { field, message }),
        }
    }
}

impl Ingested {
    fn bytes_read(&self, count: u64) {
        self.pending_bytes
            .fetch_add(count, std::sync::atomic::Ordering::Relaxed);
    }

    fn report(&self, progress: &dyn Progress) {
        progress.bytes(
            self.pending_bytes
                .swap(0, std::sync::atomic::Ordering::Relaxed),
        );
    }

    fn reject(
        &mut self,
        ctx: &FileCtx<'_>,
        row: &Row<'_>,
        reason: RejectReason,
        counts: &mut RowCounts,
    ) {
        counts.rejected += 1;
        self.rejects.push(Reject {
            source: ctx.source.to_string(),
            file: ctx.display.clone(),
            line: row.line,
            reason,
            raw: row.raw.to_string(),
        });
    }

    /// Whether `key` is seen here first. An exact repeat of an earlier row is
    /// counted as a duplicate; the same key with other content is rejected.
    /// Either way the row goes no further (`false`).
    fn first_seen(
        &mut self,
        ctx: &FileCtx<'_>,
        row: &Row<'_>,
        seen: &mut SeenKeys,
        key: &str,
        counts: &mut RowCounts,
    ) -> bool {
        match seen.check(key, row.raw, row.line) {
            Seen::New => true,
            Seen::Duplicate(first_line) => {
                counts.duplicates += 1;
                self.duplicates.push(Duplicate {
                    source: ctx.source.to_string(),
                    file: ctx.display.clone(),
                    line: row.line,
                    first_line,
                    key: key.to_string(),
                });
                false
            }
            Seen::Conflict(first_line) => {
                self.reject(
                    ctx,
                    row,
                    RejectReason::ConflictingDuplicate {
                        id: key.to_string(),
                        first_line,
                    },
                    counts,
                );
                false
            }
        }
    }
}

/// Reads every file the config names.
pub fn ingest(loaded: &LoadedConfig, progress: &dyn Progress) -> Result<Ingested, BatchError> {
    let base = loaded
        .path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let config = &loaded.config;
    let mut out = Ingested::default();
    let scheme = InstalmentScheme::new(config.run.instalments, config.run.instalment_day)
        .map_err(|e| BatchError::config(&loaded.path, "run", e.to_string()))?;

    if let Some(control) = &config.control_totals {
        read_controls(&mut out, &base, control)?;
        out.report(progress);
    }
    if let Some(gazetteer) = &config.gazetteer {
        read_gazetteer(&mut out, &base, gazetteer)?;
        out.report(progress);
    }
    for (source, service) in config.sources.iter().zip(&loaded.services) {
        if let (Some(accounts), Some(transactions)) = (&source.accounts, &source.transactions) {
            read_ledger_source(
                &mut out,
                &base,
                source,
                service,
                accounts,
                transactions,
                scheme,
                progress,
            )?;
        } else if let Some(invoices) = &source.invoices {
            read_invoice_source(&mut out, &base, source, service, invoices)?;
        }
        out.report(progress);
    }
    for people in &config.people {
        read_people(&mut out, &base, people)?;
        out.report(progress);
    }
    for (index, handle) in std::mem::take(&mut out.hashing) {
        let digest = handle
            .join()
            .map_err(|_| BatchError::Output("hashing an input file failed".into()))??;
        out.files[index as usize].sha256 = digest;
    }
    for file in &out.files {
        if !file.counts.is_conserved() {
            return Err(BatchError::Output(format!(
                "{}: rows read {} != accepted {} + rejected {} + duplicates {}",
                file.display,
                file.counts.read,
                file.counts.accepted,
                file.counts.rejected,
                file.counts.duplicates
            )));
        }
    }
    Ok(out)
}

fn display_path(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn open(
    out: &mut Ingested,
    base: &Path,
    path: &Path,
    source: &str,
    role: &str,
    source_format: &Option<FormatConfig>,
    file_format: &Option<FormatConfig>,
) -> Result<(Table, Header, u32), BatchError> {
    let format = format_of(source_format, file_format).map_err(|m| BatchError::Unreadable {
        file: path.to_path_buf(),
        message: m,
    })?;
    let file = match format.kind {
        crate::config::FileKind::Csv => Table::Text(TextFile::open(path, &format)?),
        crate::config::FileKind::Parquet => Table::Parquet(ParquetTable::open(path)?),
    };
    let header = file.header()?;
    let index = register(out, base, path, source, role)?;
    Ok((file, header, index))
}

/// Adds a file to the run's list and starts hashing it on its own thread
/// (joined at the end of ingest), so the SHA-256 for the manifest costs no
/// wall time on large files.
fn register(
    out: &mut Ingested,
    base: &Path,
    path: &Path,
    source: &str,
    role: &str,
) -> Result<u32, BatchError> {
    let size = std::fs::metadata(path)
        .map_err(|e| BatchError::io(path, e))?
        .len();
    let index = out.files.len() as u32;
    out.files.push(InputFile {
        source: source.to_string(),
        role: role.to_string(),
        display: display_path(base, path),
        path: path.to_path_buf(),
        size,
        sha256: String::new(),
        counts: RowCounts::default(),
    });
    let owned = path.to_path_buf();
    out.hashing
        .push((index, std::thread::spawn(move || sha256_file(&owned))));
    // Large transaction files report as they are read; others when opened.
    if role != "transactions" {
        out.bytes_read(size);
    }
    Ok(index)
}

fn sha256_file(path: &Path) -> Result<String, BatchError> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(|e| BatchError::io(path, e))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = file
            .read(&mut buffer)
            .map_err(|e| BatchError::io(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(format!("{:x}", hasher.finalize()))
}

struct PartyCols {
    role: Role,
    name: Option<usize>,
    title: Option<usize>,
    forename: Option<usize>,
    surname: Option<usize>,
    dob: Option<usize>,
    dob_key: String,
    nino: Option<usize>,
    /// This party's own period columns, with their config names.
    occupied: [(Option<usize>, String); 2],
}

fn party_columns(
    file: &Path,
    header: &Header,
    parties: &[PartyConfig],
    key: &str,
) -> Result<Vec<PartyCols>, BatchError> {
    parties
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let k = |f: &str| format!("{key}.parties[{i}].{f}");
            Ok(PartyCols {
                role: Role::parse(&p.role).map_err(|m| BatchError::config(file, &k("role"), m))?,
                name: header.find_opt(file, &p.name, &k("name"))?,
                title: header.find_opt(file, &p.title, &k("title"))?,
                forename: header.find_opt(file, &p.forename, &k("forename"))?,
                surname: header.find_opt(file, &p.surname, &k("surname"))?,
                dob: header.find_opt(file, &p.dob, &k("dob"))?,
                dob_key: p.dob.clone().unwrap_or_default(),
                nino: header.find_opt(file, &p.nino, &k("nino"))?,
                occupied: [
                    (
                        header.find_opt(file, &p.occupied_from, &k("occupied_from"))?,
                        p.occupied_from.clone().unwrap_or_default(),
                    ),
                    (
                        header.find_opt(file, &p.occupied_to, &k("occupied_to"))?,
                        p.occupied_to.clone().unwrap_or_default(),
                    ),
                ],
            })
        })
        .collect()
}

/// The people a row names; empty name columns mean no such person. An
/// unreadable date of birth or NINO is left out (the matching stage treats it
/// as missing) rather than losing the row's money.
fn parties_of(row: &Row<'_>, cols: &[PartyCols], dates: &DateFormats) -> Vec<Party> {
    let mut parties = Vec::new();
    for c in cols {
        let forename = row.opt(c.forename).map(str::to_string);
        let surname = row.opt(c.surname).map(str::to_string);
        let name = match row.opt(c.name) {
            Some(n) => n.to_string(),
            None => [row.opt(c.title), forename.as_deref(), surname.as_deref()]
                .iter()
                .flatten()
                .copied()
                .collect::<Vec<_>>()
                .join(" "),
        };
        if name.trim().is_empty() {
            continue;
        }
        let dob = row
            .opt(c.dob)
            .and_then(|d| dates.parse(&c.dob_key, "date of birth", d).ok());
        let nino = row.opt(c.nino).and_then(normalise_nino);
        let date = |(col, key): &(Option<usize>, String)| {
            row.opt(*col)
                .and_then(|d| dates.parse(key, "occupied", d).ok())
        };
        // Like a date of birth, an unreadable or back-to-front period is
        // left out rather than losing the row's money.
        let occupied = date(&c.occupied[0])
            .map(|from| (from, date(&c.occupied[1])))
            .filter(|(from, to)| to.is_none_or(|to| to >= *from));
        parties.push(Party {
            role: Some(c.role),
            name,
            forename,
            surname,
            dob,
            nino,
            occupied,
        });
    }
    parties
}

fn address_of(row: &Row<'_>, lines: &[usize], postcode: Option<usize>) -> Address {
    Address {
        text: lines
            .iter()
            .map(|i| row.get(*i))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        postcode: row.opt(postcode).unwrap_or("").to_string(),
    }
}

fn columns_of(
    file: &Path,
    header: &Header,
    cols: &Option<OneOrMany>,
    key: &str,
) -> Result<Vec<usize>, BatchError> {
    match cols {
        None => Ok(Vec::new()),
        Some(c) => c
            .names()
            .iter()
            .map(|n| header.find(file, n, key))
            .collect(),
    }
}

fn money_field(row: &Row<'_>, index: usize, field: &'static str) -> Result<Money, RejectReason> {
    let text = row.get(index);
    if text.is_empty() {
        return Err(RejectReason::Missing(field));
    }
    Money::parse(text).map_err(|e| RejectReason::BadAmount {
        field,
        message: e.to_string(),
    })
}

fn optional_money(
    row: &Row<'_>,
    index: Option<usize>,
    field: &'static str,
) -> Result<Money, RejectReason> {
    match row.opt(index) {
        None => Ok(Money::ZERO),
        Some(text) => Money::parse(text).map_err(|e| RejectReason::BadAmount {
            field,
            message: e.to_string(),
        }),
    }
}

struct AccountCols {
    account_ref: usize,
    status: Option<usize>,
    stage: Option<usize>,
    uprn: Option<usize>,
    property_ref: Option<usize>,
    address: Vec<usize>,
    postcode: Option<usize>,
    forwarding: Vec<usize>,
    forwarding_postcode: Option<usize>,
    lost_on: Option<usize>,
    lost_on_key: String,
    sundry_kind: Option<usize>,
    /// Liability or tenancy period columns, with their config names (for
    /// per-column date formats).
    occupied: [(Option<usize>, String); 2],
}

struct Maps<'a> {
    status: &'a BTreeMap<String, String>,
    stage: &'a BTreeMap<String, String>,
    sundry_kind: &'a BTreeMap<String, String>,
}

/// Validates the account-level fields shared by account masters and
/// invoice rows.
fn account_of(
    row: &Row<'_>,
    cols: &AccountCols,
    maps: &Maps<'_>,
    service: &Service,
    source: &SourceConfig,
    dates: &DateFormats,
) -> Result<(Account, String), RejectReason> {
    let reference = row.get(cols.account_ref);
    if reference.is_empty() {
        return Err(RejectReason::Missing("account ref"));
    }
    let mut service = service.clone();
    if let (Service::Sundry(_), Some(code)) = (&service, row.opt(cols.sundry_kind)) {
        let value = map_code(maps.sundry_kind, code).ok_or_else(|| RejectReason::UnknownCode {
            field: "sundry kind",
            code: code.to_string(),
        })?;
        let kind: SundryKind = value.parse().map_err(|_| RejectReason::UnknownCode {
            field: "sundry kind",
            code: code.to_string(),
        })?;
        service = Service::Sundry(kind);
    } else if let (Service::Sundry(_), None) = (&service, source.sundry_kind.as_ref()) {
        service = Service::Sundry(SundryKind::Other("unspecified".into()));
    }
    let mut account = Account::new(service.clone(), reference);
    if let Some(code) = row.opt(cols.status) {
        let value = map_code(maps.status, code).ok_or_else(|| RejectReason::UnknownCode {
            field: "status",
            code: code.to_string(),
        })?;
        account.status = value
            .parse::<AccountStatus>()
            .map_err(|_| RejectReason::UnknownCode {
                field: "status",
                code: code.to_string(),
            })?;
    }
    let stage_code = row.opt(cols.stage).unwrap_or("").to_string();
    if !stage_code.is_empty() {
        let value = map_code(maps.stage, &stage_code).ok_or_else(|| RejectReason::UnknownCode {
            field: "recovery stage",
            code: stage_code.clone(),
        })?;
        account.stage = stage_value(&service, value).map_err(|message| RejectReason::Invalid {
            field: "recovery stage",
            message,
        })?;
    }
    if let Some(text) = row.opt(cols.lost_on) {
        account.terms.instalments_lost_on =
            Some(dates.parse(&cols.lost_on_key, "instalments lost on", text)?);
    }
    Ok((account, stage_code))
}

#[allow(clippy::too_many_arguments)]
fn record_of(
    row: &Row<'_>,
    cols: &AccountCols,
    party_cols: &[PartyCols],
    maps: &Maps<'_>,
    service: &Service,
    source: &SourceConfig,
    ctx: &FileCtx<'_>,
) -> Result<AccountRecord, RejectReason> {
    let (account, stage_code) = account_of(row, cols, maps, service, source, &ctx.dates)?;
    let forwarding = address_of(row, &cols.forwarding, cols.forwarding_postcode);
    let date = |(col, key): &(Option<usize>, String), field| {
        row.opt(*col)
            .map(|text| ctx.dates.parse(key, field, text))
            .transpose()
    };
    let from = date(&cols.occupied[0], "occupied from")?;
    let to = date(&cols.occupied[1], "occupied to")?;
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            return Err(RejectReason::Invalid {
                field: "occupied to",
                message: format!("{to} is before occupied from {from}"),
            });
        }
    }
    Ok(AccountRecord {
        source: ctx.source.to_string(),
        account,
        stage_code,
        uprn: row.opt(cols.uprn).map(str::to_string),
        property_ref: row.opt(cols.property_ref).map(str::to_string),
        address: address_of(row, &cols.address, cols.postcode),
        forwarding: (!forwarding.text.is_empty() || !forwarding.postcode.is_empty())
            .then_some(forwarding),
        occupied: from.map(|from| (from, to)),
        parties: parties_of(row, party_cols, &ctx.dates),
        row: SourceRow {
            file: ctx.file_index,
            line: row.line,
        },
        txns: Vec::new(),
        txn_file: ctx.file_index,
    })
}

/// Tracks keys already seen in a file: the same key with the same raw line is
/// an exact duplicate; with a different line, a conflict.
#[derive(Default)]
struct SeenKeys {
    seen: HashMap<String, (u64, u64)>,
}

enum Seen {
    New,
    Duplicate(u64),
    Conflict(u64),
}

impl SeenKeys {
    fn check(&mut self, key: &str, raw: &str, line: u64) -> Seen {
        let mut hasher = std::hash::DefaultHasher::new();
        std::hash::Hash::hash(raw, &mut hasher);
        let digest = std::hash::Hasher::finish(&hasher);
        match self.seen.get(key) {
            Some((first_line, first_digest)) if *first_digest == digest => {
                Seen::Duplicate(*first_line)
            }
            Some((first_line, _)) => Seen::Conflict(*first_line),
            None => {
                self.seen.insert(key.to_string(), (line, digest));
                Seen::New
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn read_ledger_source(
    out: &mut Ingested,
    base: &Path,
    source: &SourceConfig,
    service: &Service,
    accounts_cfg: &AccountsConfig,
    txns_cfg: &TransactionsConfig,
    scheme: InstalmentScheme,
    progress: &dyn Progress,
) -> Result<(), BatchError> {
    let key = format!("sources[{}]", source.id);
    // Account master.
    let (file, header, file_index) = open(
        out,
        base,
        &accounts_cfg.file,
        &source.id,
        "accounts",
        &source.format,
        &accounts_cfg.format,
    )?;
    let path = &accounts_cfg.file;
    let c = &accounts_cfg.columns;
    let k = |f: &str| format!("{key}.accounts.columns.{f}");
    let cols = AccountCols {
        account_ref: header.find(path, &c.account_ref, &k("account_ref"))?,
        status: header.find_opt(path, &c.status, &k("status"))?,
        stage: header.find_opt(path, &c.stage, &k("stage"))?,
        uprn: header.find_opt(path, &c.uprn, &k("uprn"))?,
        property_ref: header.find_opt(path, &c.property_ref, &k("property_ref"))?,
        address: columns_of(path, &header, &c.address, &k("address"))?,
        postcode: header.find_opt(path, &c.postcode, &k("postcode"))?,
        forwarding: columns_of(
            path,
            &header,
            &c.forwarding_address,
            &k("forwarding_address"),
        )?,
        forwarding_postcode: header.find_opt(
            path,
            &c.forwarding_postcode,
            &k("forwarding_postcode"),
        )?,
        lost_on: header.find_opt(path, &c.instalments_lost_on, &k("instalments_lost_on"))?,
        lost_on_key: c.instalments_lost_on.clone().unwrap_or_default(),
        sundry_kind: header.find_opt(path, &c.sundry_kind, &k("sundry_kind"))?,
        occupied: [
            (
                header.find_opt(path, &c.occupied_from, &k("occupied_from"))?,
                c.occupied_from.clone().unwrap_or_default(),
            ),
            (
                header.find_opt(path, &c.occupied_to, &k("occupied_to"))?,
                c.occupied_to.clone().unwrap_or_default(),
            ),
        ],
    };
    let party_cols = party_columns(
        path,
        &header,
        &accounts_cfg.parties,
        &format!("{key}.accounts"),
    )?;
    let maps = Maps {
        status: &accounts_cfg.status_map,
        stage: &accounts_cfg.stage_map,
        sundry_kind: &accounts_cfg.sundry_kind_map,
    };
    let ctx = FileCtx {
        source: &source.id,
        display: out.files[file_index as usize].display.clone(),
        file_index,
        dates: DateFormats::new(&accounts_cfg.date_format, &accounts_cfg.date_formats)
            .for_table(&file),
    };
    let mut counts = RowCounts::default();
    let mut records: Vec<AccountRecord> = Vec::new();
    let mut by_ref: HashMap<String, usize> = HashMap::new();
    let mut seen = SeenKeys::default();
    counts.read = file.for_each_row(|row| {
        if let Some(reason) = row.malformed.clone() {
            return out.reject(&ctx, &row, reason, &mut counts);
        }
        let reference = row.get(cols.account_ref).to_string();
        if !reference.is_empty() && !out.first_seen(&ctx, &row, &mut seen, &reference, &mut counts)
        {
            return;
        }
        match record_of(&row, &cols, &party_cols, &maps, service, source, &ctx) {
            Ok(mut record) => {
                record.account.terms.scheme = scheme;
                counts.accepted += 1;
                by_ref.insert(reference, records.len());
                records.push(record);
            }
            Err(reason) => out.reject(&ctx, &row, reason, &mut counts),
        }
    })?;
    out.files[file_index as usize].counts = counts;

    // Transactions: the big file, read in parallel pieces.
    let txns_index =
        read_transactions(out, base, source, txns_cfg, &mut records, &by_ref, progress)?;
    for record in &mut records {
        record.txn_file = txns_index;
    }

    if let Some(plan_cfg) = &source.instalments {
        read_instalments(out, base, source, plan_cfg, &mut records, &by_ref)?;
    }
    out.accounts.extend(records);
    Ok(())
}

/// One row's transaction id, for duplicate detection: a hash of the id, a
/// hash of the whole row, and its line. Candidates are confirmed against the
/// rows' actual text, so a hash collision can never merge two rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct IdEntry {
    id_hash: u64,
    line: u32,
    content_hash: u32,
}

struct TxnPiece {
    read: u64,
    accepted: Vec<(u32, CompactTxn)>,
    rejects: Vec<Reject>,
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
            ids: Vec::with_capacity(32_768),
        }
    }
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.finish()
}

fn read_transactions(
    out: &mut Ingested,
    base: &Path,
    source: &SourceConfig,
    txns_cfg: &TransactionsConfig,
    records: &mut [AccountRecord],
    by_ref: &HashMap<String, usize>,
    progress: &dyn Progress,
) -> Result<u32, BatchError> {
    let key = format!("sources[{}]", source.id);
    let path = &txns_cfg.file;
    let format =
        format_of(&source.format, &txns_cfg.format).map_err(|m| BatchError::Unreadable {
            file: path.to_path_buf(),
            message: m,
        })?;
    let file = match format.kind {
        crate::config::FileKind::Csv => TxnFile::Text(ChunkedFile::open(path, &format)?),
        crate::config::FileKind::Parquet => TxnFile::Parquet(ParquetTable::open(path)?),
    };
    let header = file.header().clone();
    let file_index = register(out, base, path, &source.id, "transactions")?;
    let c = &txns_cfg.columns;
    let k = |f: &str| format!("{key}.transactions.columns.{f}");
    let cols = TxnCols {
        account_ref: header.find(path, &c.account_ref, &k("account_ref"))?,
        transaction_id: header.find(path, &c.transaction_id, &k("transaction_id"))?,
        date: header.find(path, &c.date, &k("date"))?,
        kind: header.find(path, &c.kind, &k("type"))?,
        amount: header.find_opt(path, &c.amount, &k("amount"))?,
        debit: header.find_opt(path, &c.debit, &k("debit"))?,
        credit: header.find_opt(path, &c.credit, &k("credit"))?,
        year: header.find_opt(path, &c.financial_year, &k("financial_year"))?,
        due: header.find_opt(path, &c.due_date, &k("due_date"))?,
    };
    let display = out.files[file_index as usize].display.clone();
    let mut dates = DateFormats::new(&txns_cfg.date_format, &txns_cfg.date_formats);
    dates.iso_fallback = matches!(file, TxnFile::Parquet(_));
    let lookup: rustc_hash::FxHashMap<&str, u32> = by_ref
        .iter()
        .map(|(k, v)| (k.as_str(), *v as u32))
        .collect();
    let reject = |row: &Row<'_>, reason: RejectReason| Reject {
        source: source.id.clone(),
        file: display.clone(),
        line: row.line,
        reason,
        raw: row.raw.to_string(),
    };
    let mut counts = RowCounts::default();
    let mut ids: Vec<IdEntry> = Vec::new();
    let mut index: Vec<Piece> = Vec::new();
    let mut rejects: Vec<Reject> = Vec::new();
    file.process(
        &|bytes| progress.bytes(bytes),
        TxnPiece::sized,
        |piece: &mut TxnPiece, row: Row<'_>| {
            piece.read += 1;
            let id = row.get(cols.transaction_id);
            if !id.is_empty() {
                piece.ids.push(IdEntry {
                    id_hash: hash_bytes(id.as_bytes()),
                    line: row.line as u32,
                    content_hash: hash_bytes(row.raw.as_bytes()) as u32,
                });
            }
            if let Some(reason) = row.malformed.clone() {
                return piece.rejects.push(reject(&row, reason));
            }
            if id.is_empty() {
                return piece
                    .rejects
                    .push(reject(&row, RejectReason::Missing("transaction id")));
            }
            match parse_transaction(&row, &cols, txns_cfg, &dates, &lookup) {
                Ok(accepted) => piece.accepted.push(accepted),
                Err(reason) => piece.rejects.push(reject(&row, reason)),
            }
        },
        // Each block's rows go to their accounts as soon as it is parsed.
        |where_: Piece, piece: TxnPiece| {
            counts.read += piece.read;
            for (account, txn) in piece.accepted {
                records[account as usize].txns.push(txn);
            }
            rejects.extend(piece.rejects);
            ids.extend(piece.ids);
            index.push(where_);
        },
    )?;

    // Duplicates: rows sharing an id hash are candidates; their text decides.
    rayon::slice::ParallelSliceMut::par_sort_unstable(ids.as_mut_slice());
    let mut candidates: Vec<Vec<IdEntry>> = Vec::new();
    let mut i = 0;
    while i < ids.len() {
        let mut j = i + 1;
        while j < ids.len() && ids[j].id_hash == ids[i].id_hash {
            j += 1;
        }
        if j - i > 1 {
            candidates.push(ids[i..j].to_vec());
        }
        i = j;
    }
    drop(ids);
    let mut later_lines: Vec<(u64, Outcome)> = Vec::new();
    // The accounts later occurrences may have been added to.
    let mut touched: std::collections::BTreeSet<usize> = Default::default();
    if !candidates.is_empty() {
        let wanted: Vec<u64> = candidates
            .iter()
            .flatten()
            .map(|e| u64::from(e.line))
            .collect();
        let raws = file.raw(&index, &wanted)?;
        for group in &candidates {
            // Rows with the same id text, in line order; the first stands.
            let mut by_id: BTreeMap<String, Vec<(u64, &str)>> = BTreeMap::new();
            for entry in group {
                let line = u64::from(entry.line);
                let raw = raws.get(&line).map(String::as_str).unwrap_or("");
                let id = field_of(raw, &format, cols.transaction_id);
                by_id.entry(id).or_default().push((line, raw));
            }
            for (id, mut rows) in by_id {
                rows.sort();
                let (first_line, first_raw) = rows[0];
                for (line, raw) in rows.into_iter().skip(1) {
                    if let Some(&account) = by_ref.get(&field_of(raw, &format, cols.account_ref)) {
                        touched.insert(account);
                    }
                    let outcome = if raw == first_raw {
                        Outcome::Duplicate
                    } else {
                        Outcome::Conflict
                    };
                    later_lines.push((line, outcome));
                    match outcome {
                        Outcome::Duplicate => out.duplicates.push(Duplicate {
                            source: source.id.clone(),
                            file: display.clone(),
                            line,
                            first_line,
                            key: id.clone(),
                        }),
                        Outcome::Conflict => rejects.push(Reject {
                            source: source.id.clone(),
                            file: display.clone(),
                            line,
                            reason: RejectReason::ConflictingDuplicate {
                                id: id.clone(),
                                first_line,
                            },
                            raw: raw.to_string(),
                        }),
                    }
                }
            }
        }
    }
    if !later_lines.is_empty() {
        let lines: std::collections::BTreeSet<u64> = later_lines.iter().map(|(l, _)| *l).collect();
        // A later occurrence is only a duplicate or a conflict: take back any
        // other outcome it had.
        for &account in &touched {
            records[account].txns.retain(|t| !lines.contains(&t.line()));
        }
        let mut kept = Vec::with_capacity(rejects.len());
        for r in rejects {
            let is_dup_outcome = matches!(r.reason, RejectReason::ConflictingDuplicate { .. });
            if lines.contains(&r.line) && !is_dup_outcome {
                continue;
            }
            kept.push(r);
        }
        rejects = kept;
    }
    counts.duplicates = later_lines
        .iter()
        .filter(|(_, o)| *o == Outcome::Duplicate)
        .count() as u64;
    counts.rejected = rejects.len() as u64;
    counts.accepted = counts.read - counts.rejected - counts.duplicates;
    let accepted_in_records: u64 = records.iter().map(|r| r.txns.len() as u64).sum();
    debug_assert!(accepted_in_records >= counts.accepted);
    out.rejects.extend(rejects);
    out.files[file_index as usize].counts = counts;
    for record in records.iter_mut() {
        record.txns.shrink_to_fit();
    }
    Ok(file_index)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Duplicate,
    Conflict,
}

struct TxnCols {
    account_ref: usize,
    transaction_id: usize,
    date: usize,
    kind: usize,
    amount: Option<usize>,
    debit: Option<usize>,
    credit: Option<usize>,
    year: Option<usize>,
    due: Option<usize>,
}

fn parse_transaction(
    row: &Row<'_>,
    cols: &TxnCols,
    cfg: &TransactionsConfig,
    dates: &DateFormats,
    lookup: &rustc_hash::FxHashMap<&str, u32>,
) -> Result<(u32, CompactTxn), RejectReason> {
    let reference = row.get(cols.account_ref);
    if reference.is_empty() {
        return Err(RejectReason::Missing("account ref"));
    }
    let posted = dates.parse(&cfg.columns.date, "date", row.get(cols.date))?;
    let code = row.get(cols.kind);
    let kind = lookup_kind(&cfg.type_map, code).ok_or_else(|| RejectReason::UnknownCode {
        field: "transaction type",
        code: code.to_string(),
    })?;
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
    let account = *lookup
        .get(reference)
        .ok_or_else(|| RejectReason::UnknownAccount(reference.to_string()))?;
    Ok((account, CompactTxn::pack(&t, row.line)?))
}

/// A transactions file: large delimited text read in parallel pieces, or
/// Parquet read whole.
enum TxnFile {
    Text(ChunkedFile),
    Parquet(ParquetTable),
}

impl TxnFile {
    fn header(&self) -> &Header {
        match self {
            TxnFile::Text(f) => f.header(),
            TxnFile::Parquet(p) => p.header(),
        }
    }

    fn process<S, M, V, F>(
        &self,
        on_block: &dyn Fn(u64),
        make: M,
        visit: V,
        mut fold: F,
    ) -> Result<(), BatchError>
    where
        S: Send,
        M: Fn() -> S + Sync,
        V: Fn(&mut S, Row<'_>) + Sync,
        F: FnMut(Piece, S),
    {
        match self {
            TxnFile::Text(f) => f.process(on_block, make, visit, fold),
            TxnFile::Parquet(p) => {
                let mut state = make();
                p.for_each_row(|row| visit(&mut state, row));
                fold(
                    Piece {
                        offset: 0,
                        len: 0,
                        lines_before: 0,
                    },
                    state,
                );
                Ok(())
            }
        }
    }

    fn raw(&self, index: &[Piece], lines: &[u64]) -> Result<HashMap<u64, String>, BatchError> {
        match self {
            TxnFile::Text(f) => fetch_raw(f, index, lines),
            TxnFile::Parquet(p) => Ok(lines
                .iter()
                .filter_map(|l| p.raw(*l).map(|r| (*l, r)))
                .collect()),
        }
    }
}

/// The raw text of the rows on `lines`, read again from their pieces (each
/// piece once, in parallel).
fn fetch_raw(
    file: &ChunkedFile,
    index: &[Piece],
    lines: &[u64],
) -> Result<HashMap<u64, String>, BatchError> {
    let mut by_piece: BTreeMap<usize, Vec<u64>> = BTreeMap::new();
    for line in lines {
        // The last piece starting before the line holds it.
        let p = index
            .partition_point(|piece| piece.lines_before < *line)
            .saturating_sub(1);
        by_piece.entry(p).or_default().push(*line);
    }
    let groups: Vec<(usize, Vec<u64>)> = by_piece.into_iter().collect();
    let found: Vec<Vec<(u64, String)>> = groups
        .par_iter()
        .map(|(p, lines)| file.raw_rows(index[*p], lines))
        .collect::<Result<_, _>>()?;
    Ok(found.into_iter().flatten().collect())
}

/// One field of a raw row, parsed with the file's format.
fn field_of(raw: &str, format: &crate::config::Format, index: usize) -> String {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(format.delimiter)
        .quote(format.quote)
        .has_headers(false)
        .flexible(true)
        .from_reader(raw.as_bytes());
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(true) => record.get(index).unwrap_or("").trim().to_string(),
        _ => String::new(),
    }
}

fn lookup_kind(map: &BTreeMap<String, TxnKind>, code: &str) -> Option<TxnKind> {
    map.get(code).copied().or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(code))
            .map(|(_, v)| *v)
    })
}

fn read_instalments(
    out: &mut Ingested,
    base: &Path,
    source: &SourceConfig,
    cfg: &InstalmentsConfig,
    records: &mut [AccountRecord],
    by_ref: &HashMap<String, usize>,
) -> Result<(), BatchError> {
    let key = format!("sources[{}].instalments.columns", source.id);
    let (file, header, file_index) = open(
        out,
        base,
        &cfg.file,
        &source.id,
        "instalments",
        &source.format,
        &cfg.format,
    )?;
    let path = &cfg.file;
    let account_ref = header.find(
        path,
        &cfg.columns.account_ref,
        &format!("{key}.account_ref"),
    )?;
    let due = header.find(path, &cfg.columns.due_date, &format!("{key}.due_date"))?;
    let amount = header.find(path, &cfg.columns.amount, &format!("{key}.amount"))?;
    let year = header.find_opt(
        path,
        &cfg.columns.financial_year,
        &format!("{key}.financial_year"),
    )?;
    let ctx = FileCtx {
        source: &source.id,
        display: out.files[file_index as usize].display.clone(),
        file_index,
        dates: DateFormats::new(&cfg.date_format, &cfg.date_formats).for_table(&file),
    };
    let mut counts = RowCounts::default();
    let mut seen = SeenKeys::default();
    let mut plans: BTreeMap<(usize, FinancialYear), Vec<Instalment>> = BTreeMap::new();
    counts.read = file.for_each_row(|row| {
        if let Some(reason) = row.malformed.clone() {
            return out.reject(&ctx, &row, reason, &mut counts);
        }
        let dup_key = format!("{}|{}", row.get(account_ref), row.get(due));
        if !out.first_seen(&ctx, &row, &mut seen, &dup_key, &mut counts) {
            return;
        }
        let parsed = (|| -> Result<(usize, FinancialYear, Instalment), RejectReason> {
            let reference = row.get(account_ref);
            if reference.is_empty() {
                return Err(RejectReason::Missing("account ref"));
            }
            let due_date = ctx
                .dates
                .parse(&cfg.columns.due_date, "due date", row.get(due))?;
            let value = money_field(&row, amount, "amount")?;
            let fy = match row.opt(year) {
                Some(y) => FinancialYear::parse(y).map_err(|e| RejectReason::Invalid {
                    field: "financial year",
                    message: e.to_string(),
                })?,
                None => FinancialYear::containing(due_date),
            };
            let index = *by_ref
                .get(reference)
                .ok_or_else(|| RejectReason::UnknownAccount(reference.to_string()))?;
            Ok((
                index,
                fy,
                Instalment {
                    due: due_date,
                    amount: value,
                },
            ))
        })();
        match parsed {
            Ok((index, fy, instalment)) => {
                counts.accepted += 1;
                plans.entry((index, fy)).or_default().push(instalment);
            }
            Err(reason) => out.reject(&ctx, &row, reason, &mut counts),
        }
    })?;
    out.files[file_index as usize].counts = counts;
    for ((index, fy), plan) in plans {
        if let Some(record) = records.get_mut(index) {
            if record.account.terms.basis == ArrearsBasis::Instalments {
                record.account.terms.plans.push((fy, plan));
            }
        }
    }
    Ok(())
}

fn read_invoice_source(
    out: &mut Ingested,
    base: &Path,
    source: &SourceConfig,
    service: &Service,
    cfg: &InvoicesConfig,
) -> Result<(), BatchError> {
    let key = format!("sources[{}].invoices", source.id);
    let (file, header, file_index) = open(
        out,
        base,
        &cfg.file,
        &source.id,
        "invoices",
        &source.format,
        &cfg.format,
    )?;
    let path = &cfg.file;
    let c = &cfg.columns;
    let k = |f: &str| format!("{key}.columns.{f}");
    let cols = AccountCols {
        account_ref: header.find(path, &c.account_ref, &k("account_ref"))?,
        status: header.find_opt(path, &c.status, &k("status"))?,
        stage: header.find_opt(path, &c.stage, &k("stage"))?,
        uprn: header.find_opt(path, &c.uprn, &k("uprn"))?,
        property_ref: header.find_opt(path, &c.property_ref, &k("property_ref"))?,
        address: columns_of(path, &header, &c.address, &k("address"))?,
        postcode: header.find_opt(path, &c.postcode, &k("postcode"))?,
        forwarding: Vec::new(),
        forwarding_postcode: None,
        lost_on: None,
        lost_on_key: String::new(),
        sundry_kind: header.find_opt(path, &c.sundry_kind, &k("sundry_kind"))?,
        occupied: [(None, String::new()), (None, String::new())],
    };
    let invoice_date = header.find(path, &c.invoice_date, &k("invoice_date"))?;
    let due = header.find_opt(path, &c.due_date, &k("due_date"))?;
    let amount = header.find(path, &c.amount, &k("amount"))?;
    let paid = header.find_opt(path, &c.paid, &k("paid"))?;
    let written_off = header.find_opt(path, &c.written_off, &k("written_off"))?;
    let last_paid = header.find_opt(path, &c.last_paid_date, &k("last_paid_date"))?;
    let party_cols = party_columns(path, &header, &cfg.parties, &key)?;
    let maps = Maps {
        status: &cfg.status_map,
        stage: &cfg.stage_map,
        sundry_kind: &cfg.sundry_kind_map,
    };
    let ctx = FileCtx {
        source: &source.id,
        display: out.files[file_index as usize].display.clone(),
        file_index,
        dates: DateFormats::new(&cfg.date_format, &cfg.date_formats).for_table(&file),
    };
    let mut counts = RowCounts::default();
    let mut seen = SeenKeys::default();
    let mut records = Vec::new();
    counts.read = file.for_each_row(|row| {
        if let Some(reason) = row.malformed.clone() {
            return out.reject(&ctx, &row, reason, &mut counts);
        }
        let reference = row.get(cols.account_ref).to_string();
        if !reference.is_empty() && !out.first_seen(&ctx, &row, &mut seen, &reference, &mut counts)
        {
            return;
        }
        let parsed = (|| -> Result<AccountRecord, RejectReason> {
            let mut record = record_of(&row, &cols, &party_cols, &maps, service, source, &ctx)?;
            let issued = ctx
                .dates
                .parse(&c.invoice_date, "invoice date", row.get(invoice_date))?;
            let charge = money_field(&row, amount, "amount")?;
            let paid_amount = optional_money(&row, paid, "amount paid")?;
            let written = optional_money(&row, written_off, "written off")?;
            let paid_on = match row.opt(last_paid) {
                Some(d) => ctx.dates.parse(
                    c.last_paid_date.as_deref().unwrap_or(""),
                    "last paid date",
                    d,
                )?,
                None => issued,
            };
            let mut t = Transaction::new(issued, TxnKind::Charge, charge);
            if let Some(d) = row.opt(due) {
                t = t.due(
                    ctx.dates
                        .parse(c.due_date.as_deref().unwrap_or(""), "due date", d)?,
                );
            }
            record.txns.push(CompactTxn::pack(&t, row.line)?);
            if !paid_amount.is_zero() {
                record.txns.push(CompactTxn::pack(
                    &Transaction::new(paid_on, TxnKind::Payment, -paid_amount),
                    row.line,
                )?);
            }
            if !written.is_zero() {
                record.txns.push(CompactTxn::pack(
                    &Transaction::new(paid_on, TxnKind::WriteOff, -written.abs()),
                    row.line,
                )?);
            }
            Ok(record)
        })();
        match parsed {
            Ok(record) => {
                counts.accepted += 1;
                records.push(record);
            }
            Err(reason) => out.reject(&ctx, &row, reason, &mut counts),
        }
    })?;
    out.files[file_index as usize].counts = counts;
    out.accounts.extend(records);
    Ok(())
}

fn read_controls(
    out: &mut Ingested,
    base: &Path,
    cfg: &crate::config::ControlTotalsConfig,
) -> Result<(), BatchError> {
    let (file, header, file_index) = open(
        out,
        base,
        &cfg.file,
        "control_totals",
        "control_totals",
        &None,
        &cfg.format,
    )?;
    let path = &cfg.file;
    let name = header.find(path, &cfg.columns.source, "control_totals.columns.source")?;
    let accounts = header.find(
        path,
        &cfg.columns.accounts,
        "control_totals.columns.accounts",
    )?;
    let balance = header.find(
        path,
        &cfg.columns.closing_balance,
        "control_totals.columns.closing_balance",
    )?;
    let ctx = FileCtx {
        source: "control_totals",
        display: out.files[file_index as usize].display.clone(),
        file_index,
        dates: DateFormats::new(&None, &BTreeMap::new()).for_table(&file),
    };
    let mut counts = RowCounts::default();
    let mut controls = Vec::new();
    counts.read = file.for_each_row(|row| {
        if let Some(reason) = row.malformed.clone() {
            return out.reject(&ctx, &row, reason, &mut counts);
        }
        let parsed =
            (|| -> Result<ControlRow, RejectReason> {
                let system = row.get(name);
                if system.is_empty() {
                    return Err(RejectReason::Missing("system name"));
                }
                let count: u64 = row.get(accounts).replace(',', "").parse().map_err(|_| {
                    RejectReason::Invalid {
                        field: "account count",
                        message: format!("{:?} is not a whole number", row.get(accounts)),
                    }
                })?;
                let total = money_field(&row, balance, "closing balance")?;
                Ok(ControlRow {
                    name: system.to_string(),
                    total: ControlTotal {
                        accounts: count,
                        closing_balance: total,
                    },
                    line: row.line,
                })
            })();
        match parsed {
            Ok(c) => {
                counts.accepted += 1;
                controls.push(c);
            }
            Err(reason) => out.reject(&ctx, &row, reason, &mut counts),
        }
    })?;
    out.files[file_index as usize].counts = counts;
    out.controls = controls;
    Ok(())
}

fn read_gazetteer(
    out: &mut Ingested,
    base: &Path,
    cfg: &crate::config::GazetteerConfig,
) -> Result<(), BatchError> {
    let (file, header, file_index) = open(
        out,
        base,
        &cfg.file,
        "gazetteer",
        "gazetteer",
        &None,
        &cfg.format,
    )?;
    let uprn = header.find(&cfg.file, &cfg.columns.uprn, "gazetteer.columns.uprn")?;
    let postcode = header.find_opt(
        &cfg.file,
        &cfg.columns.postcode,
        "gazetteer.columns.postcode",
    )?;
    let g = &cfg.columns;
    let cols = [
        header.find_opt(&cfg.file, &g.sao, "gazetteer.columns.sao")?,
        header.find_opt(&cfg.file, &g.pao, "gazetteer.columns.pao")?,
        header.find_opt(&cfg.file, &g.street, "gazetteer.columns.street")?,
        header.find_opt(&cfg.file, &g.locality, "gazetteer.columns.locality")?,
        header.find_opt(&cfg.file, &g.town, "gazetteer.columns.town")?,
    ];
    let mut entries = Vec::new();
    let ctx = FileCtx {
        source: "gazetteer",
        display: out.files[file_index as usize].display.clone(),
        file_index,
        dates: DateFormats::new(&None, &BTreeMap::new()).for_table(&file),
    };
    let mut counts = RowCounts::default();
    let mut seen = SeenKeys::default();
    counts.read = file.for_each_row(|row| {
        if let Some(reason) = row.malformed.clone() {
            return out.reject(&ctx, &row, reason, &mut counts);
        }
        let u = row.get(uprn);
        if u.is_empty() {
            return out.reject(&ctx, &row, RejectReason::Missing("UPRN"), &mut counts);
        }
        if !(u.len() <= 12 && u.bytes().all(|b| b.is_ascii_digit())) {
            return out.reject(
                &ctx,
                &row,
                RejectReason::Invalid {
                    field: "UPRN",
                    message: format!("{u:?} is not up to 12 digits"),
                },
                &mut counts,
            );
        }
        if postcode.is_some() && row.opt(postcode).is_none() {
            return out.reject(&ctx, &row, RejectReason::Missing("postcode"), &mut counts);
        }
        if !out.first_seen(&ctx, &row, &mut seen, u, &mut counts) {
            return;
        }
        counts.accepted += 1;
        let text = |c: Option<usize>| row.opt(c).unwrap_or("").to_string();
        if let Ok(number) = u.parse::<u64>() {
            entries.push(debt_core::identity::GazetteerEntry {
                uprn: number,
                sao: text(cols[0]),
                pao: text(cols[1]),
                street: text(cols[2]),
                locality: text(cols[3]),
                town: text(cols[4]),
                postcode: row
                    .opt(postcode)
                    .and_then(debt_core::identity::Postcode::parse),
            });
        }
    })?;
    out.gazetteer = entries;
    out.gazetteer_rows = counts.accepted;
    out.files[file_index as usize].counts = counts;
    Ok(())
}

fn read_people(out: &mut Ingested, base: &Path, cfg: &PeopleConfig) -> Result<(), BatchError> {
    let key = format!("people[{}]", cfg.id);
    let (file, header, file_index) = open(
        out,
        base,
        &cfg.file,
        &cfg.id,
        cfg_kind(cfg.kind),
        &None,
        &cfg.format,
    )?;
    let path = &cfg.file;
    let c = &cfg.columns;
    let k = |f: &str| format!("{key}.columns.{f}");
    let record_ref = header.find(path, &c.record_ref, &k("record_ref"))?;
    let kind = header.find_opt(path, &c.kind, &k("type"))?;
    let start = header.find_opt(path, &c.start, &k("start"))?;
    let end = header.find_opt(path, &c.end, &k("end"))?;
    let flag = header.find_opt(path, &c.flag, &k("flag"))?;
    let recorded = header.find_opt(path, &c.recorded_on, &k("recorded_on"))?;
    let category = header.find_opt(path, &c.category, &k("category"))?;
    let amount = header.find_opt(path, &c.amount, &k("amount"))?;
    let frequency = header.find_opt(path, &c.frequency, &k("frequency"))?;
    let address_cols = columns_of(path, &header, &c.address, &k("address"))?;
    let postcode_col = header.find_opt(path, &c.postcode, &k("postcode"))?;
    let party_cols = party_columns(path, &header, &cfg.parties, &key)?;
    let mut people: Vec<PeopleRecord> = Vec::new();
    let ctx = FileCtx {
        source: &cfg.id,
        display: out.files[file_index as usize].display.clone(),
        file_index,
        dates: DateFormats::new(&cfg.date_format, &cfg.date_formats).for_table(&file),
    };
    let mut counts = RowCounts::default();
    counts.read = file.for_each_row(|row| {
        if let Some(reason) = row.malformed.clone() {
            return out.reject(&ctx, &row, reason, &mut counts);
        }
        let checked = (|| -> Result<PeopleDetail, RejectReason> {
            if row.get(record_ref).is_empty() {
                return Err(RejectReason::Missing("record ref"));
            }
            let parties = parties_of(&row, &party_cols, &ctx.dates);
            if parties.is_empty() {
                return Err(RejectReason::Missing("name"));
            }
            let detail = match cfg.kind {
                PeopleKind::BreathingSpace => {
                    let code = row
                        .opt(kind)
                        .ok_or(RejectReason::Missing("breathing space type"))?;
                    let value =
                        map_code(&cfg.type_map, code).ok_or_else(|| RejectReason::UnknownCode {
                            field: "breathing space type",
                            code: code.to_string(),
                        })?;
                    let bs_kind = value
                        .parse::<debt_core::BreathingSpaceKind>()
                        .map_err(|_| RejectReason::UnknownCode {
                            field: "breathing space type",
                            code: code.to_string(),
                        })?;
                    let s = ctx.dates.parse(
                        c.start.as_deref().unwrap_or(""),
                        "start date",
                        row.opt(start).ok_or(RejectReason::Missing("start date"))?,
                    )?;
                    let mut end_date = None;
                    if let Some(e) = row.opt(end) {
                        let e = ctx
                            .dates
                            .parse(c.end.as_deref().unwrap_or(""), "end date", e)?;
                        if e < s {
                            return Err(RejectReason::Invalid {
                                field: "end date",
                                message: format!("{e} is before the start {s}"),
                            });
                        }
                        end_date = Some(e);
                    }
                    // For a mental health crisis the end column is the end of
                    // the crisis treatment; for a standard one, an early end.
                    let (crisis_treatment_end, ended_on) = match bs_kind {
                        debt_core::BreathingSpaceKind::MentalHealthCrisis => (end_date, None),
                        debt_core::BreathingSpaceKind::Standard => (None, end_date),
                    };
                    PeopleDetail::BreathingSpace(debt_core::BreathingSpace {
                        kind: bs_kind,
                        start: s,
                        crisis_treatment_end,
                        ended_on,
                    })
                }
                PeopleKind::Vulnerability => {
                    let flag = row
                        .opt(flag)
                        .ok_or(RejectReason::Missing("vulnerability flag"))?
                        .to_string();
                    let recorded_on = match row.opt(recorded) {
                        Some(r) => Some(ctx.dates.parse(
                            c.recorded_on.as_deref().unwrap_or(""),
                            "recorded on",
                            r,
                        )?),
                        None => None,
                    };
                    PeopleDetail::Vulnerability { flag, recorded_on }
                }
                PeopleKind::IncomeExpenditure => {
                    let category = row
                        .opt(category)
                        .ok_or(RejectReason::Missing("category"))?
                        .to_string();
                    let line_amount = money_field(&row, amount.unwrap_or(usize::MAX), "amount")?;
                    if let Some(f) = row.opt(frequency) {
                        if !matches!(
                            f.to_ascii_lowercase().as_str(),
                            "weekly"
                                | "fortnightly"
                                | "four_weekly"
                                | "4_weekly"
                                | "monthly"
                                | "annual"
                                | "yearly"
                        ) {
                            return Err(RejectReason::UnknownCode {
                                field: "frequency",
                                code: f.to_string(),
                            });
                        }
                    }
                    PeopleDetail::IncomeExpenditure {
                        category,
                        amount: line_amount,
                        frequency: row.opt(frequency).unwrap_or("monthly").to_ascii_lowercase(),
                    }
                }
            };
            people.push(PeopleRecord {
                source: cfg.id.clone(),
                kind: cfg.kind,
                record_ref: row.get(record_ref).to_string(),
                row: SourceRow {
                    file: ctx.file_index,
                    line: row.line,
                },
                party: parties.into_iter().next().unwrap_or_default(),
                address: address_of(&row, &address_cols, postcode_col),
                detail: PeopleDetail::None,
            });
            Ok(detail)
        })();
        match checked {
            Ok(detail) => {
                counts.accepted += 1;
                if let Some(last) = people.last_mut() {
                    last.detail = detail;
                }
            }
            Err(reason) => out.reject(&ctx, &row, reason, &mut counts),
        }
    })?;
    out.people_rows.insert(cfg.id.clone(), counts.accepted);
    out.people.extend(people);
    out.files[file_index as usize].counts = counts;
    Ok(())
}

fn cfg_kind(kind: PeopleKind) -> &'static str {
    match kind {
        PeopleKind::BreathingSpace => "breathing_space",
        PeopleKind::Vulnerability => "vulnerability",
        PeopleKind::IncomeExpenditure => "income_expenditure",
    }
}

/// Checks a config against its files without writing anything: every file
/// opened, every configured column found, every row validated. Returns the
/// ingest (for counts) so `check` can report what a run would accept.
pub fn check(loaded: &LoadedConfig) -> Result<Ingested, BatchError> {
    ingest(loaded, &crate::run::Quiet)
}

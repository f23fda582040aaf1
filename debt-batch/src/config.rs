//! The sources config (`sources.toml`): what each service system exports and
//! how to read it. Documented key by key in docs/config.md.
//!
//! Loading is two steps: serde reads the TOML (unknown keys are errors), then
//! [`Config::validate`] checks what serde cannot (codes map onto our ladders,
//! each file names the columns it needs) and resolves paths and formats, so
//! the run never starts on a config that cannot work.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use debt_core::{AccountStatus, Money, Service, Stage, SundryKind, TxnKind};
use serde::Deserialize;

use crate::error::BatchError;

/// The whole config file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Run-wide settings.
    #[serde(default)]
    pub run: RunConfig,
    /// The control totals file.
    pub control_totals: Option<ControlTotalsConfig>,
    /// The gazetteer (LLPG) file.
    pub gazetteer: Option<GazetteerConfig>,
    /// One entry per service system export.
    #[serde(default)]
    pub sources: Vec<SourceConfig>,
    /// Person-bearing files without a ledger.
    #[serde(default)]
    pub people: Vec<PeopleConfig>,
    /// Record linkage settings.
    #[serde(default)]
    pub matching: MatchingConfig,
}

/// `[matching]`: how records are linked into persons.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchingConfig {
    /// Officers' decisions: CSV with `decision` (same / different), `record_a`, `record_b`.
    pub overrides: Option<PathBuf>,
    /// Match probability at or above which records are the same person (default 0.95).
    pub threshold: Option<f64>,
    /// Refine the m probabilities by EM (default false).
    pub estimate_m: Option<bool>,
}

impl MatchingConfig {
    /// The linker's settings.
    pub fn link_config(&self) -> debt_core::identity::LinkConfig {
        let mut c = debt_core::identity::LinkConfig::default();
        if let Some(t) = self.threshold {
            c.threshold = t;
        }
        if let Some(e) = self.estimate_m {
            c.estimate_m = e;
        }
        c
    }
}

/// `[run]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunConfig {
    /// Largest reconciliation difference still MATCHED.
    #[serde(default)]
    pub tolerance: Money,
    /// Day of month default instalments fall due.
    #[serde(default = "default_instalment_day")]
    pub instalment_day: u8,
    /// Default number of council tax instalments (10 or 12).
    #[serde(default = "default_instalments")]
    pub instalments: u8,
}

impl Default for RunConfig {
    fn default() -> Self {
        RunConfig {
            tolerance: Money::ZERO,
            instalment_day: 1,
            instalments: 10,
        }
    }
}

fn default_instalment_day() -> u8 {
    1
}
fn default_instalments() -> u8 {
    10
}

/// A format table; every key optional so a file's table can override its
/// source's.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormatConfig {
    /// `csv` or `parquet`.
    pub kind: Option<FileKind>,
    /// Field delimiter.
    pub delimiter: Option<String>,
    /// Text encoding.
    pub encoding: Option<Encoding>,
    /// Whether the first row (after skipped lines) is a header.
    pub header: Option<bool>,
    /// Quote character.
    pub quote: Option<String>,
    /// Lines to skip before the header.
    pub skip_lines: Option<usize>,
    /// Whether a quoted field may carry line ends into the following lines
    /// (default false: one line is one record, and a quote still open at the
    /// end of a line makes that line a reject).
    pub multiline: Option<bool>,
}

/// File kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    /// Delimited text.
    Csv,
    /// Apache Parquet.
    Parquet,
}

/// Text encodings of exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Encoding {
    /// UTF-8 (a byte-order mark is skipped).
    #[serde(rename = "utf-8", alias = "utf8", alias = "UTF-8")]
    Utf8,
    /// Windows-1252 (where £ is 0xA3).
    #[serde(
        rename = "windows-1252",
        alias = "cp1252",
        alias = "Windows-1252",
        alias = "latin1"
    )]
    Windows1252,
}

/// A format with every key resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Format {
    /// CSV or Parquet.
    pub kind: FileKind,
    /// Delimiter byte.
    pub delimiter: u8,
    /// Encoding.
    pub encoding: Encoding,
    /// Header row present.
    pub header: bool,
    /// Quote byte.
    pub quote: u8,
    /// Lines before the header.
    pub skip_lines: usize,
    /// Quoted fields may span lines.
    pub multiline: bool,
}

impl Default for Format {
    /// Comma-separated UTF-8 with a header row, `"` quotes, one line a record.
    fn default() -> Format {
        Format {
            kind: FileKind::Csv,
            delimiter: b',',
            encoding: Encoding::Utf8,
            header: true,
            quote: b'"',
            skip_lines: 0,
            multiline: false,
        }
    }
}

/// `[control_totals]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ControlTotalsConfig {
    /// Path.
    pub file: PathBuf,
    /// Format.
    pub format: Option<FormatConfig>,
    /// Columns.
    pub columns: ControlColumns,
}

/// Control totals columns.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ControlColumns {
    /// The system's name.
    pub source: String,
    /// Count of accounts.
    pub accounts: String,
    /// Total closing balance.
    pub closing_balance: String,
}

/// `[gazetteer]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GazetteerConfig {
    /// Path.
    pub file: PathBuf,
    /// Format.
    pub format: Option<FormatConfig>,
    /// Columns.
    pub columns: GazetteerColumns,
}

/// LLPG columns.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GazetteerColumns {
    /// UPRN.
    pub uprn: String,
    /// Secondary addressable object (flat).
    pub sao: Option<String>,
    /// Primary addressable object (number or building).
    pub pao: Option<String>,
    /// Street.
    pub street: Option<String>,
    /// Locality.
    pub locality: Option<String>,
    /// Town.
    pub town: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
}

/// One column or several (address lines).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// A single column.
    One(String),
    /// Several columns, joined in order.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The column names.
    pub fn names(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(one) => vec![one.as_str()],
            OneOrMany::Many(many) => many.iter().map(String::as_str).collect(),
        }
    }
}

/// A person named by a row.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartyConfig {
    /// Their role on the account.
    pub role: String,
    /// Full name in one column.
    pub name: Option<String>,
    /// Title column.
    pub title: Option<String>,
    /// Forename column.
    pub forename: Option<String>,
    /// Surname column.
    pub surname: Option<String>,
    /// Date of birth column.
    pub dob: Option<String>,
    /// National Insurance number column.
    pub nino: Option<String>,
    /// First day of this party's own liability or tenancy, where it differs
    /// from the account's (a joint liable party added later).
    pub occupied_from: Option<String>,
    /// Last day of it.
    pub occupied_to: Option<String>,
}

/// `[[sources]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    /// Short name used in outputs.
    pub id: String,
    /// Service code.
    pub service: String,
    /// Default sundry sub-kind.
    pub sundry_kind: Option<String>,
    /// Name in the control totals file.
    pub control_name: Option<String>,
    /// Default format for this source's files.
    pub format: Option<FormatConfig>,
    /// Account master.
    pub accounts: Option<AccountsConfig>,
    /// Transactions.
    pub transactions: Option<TransactionsConfig>,
    /// Explicit instalment plans.
    pub instalments: Option<InstalmentsConfig>,
    /// One row per invoice / penalty notice.
    pub invoices: Option<InvoicesConfig>,
}

/// `[sources.accounts]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountsConfig {
    /// Path.
    pub file: PathBuf,
    /// Format overrides.
    pub format: Option<FormatConfig>,
    /// Default date format.
    pub date_format: Option<String>,
    /// Per-column date formats.
    #[serde(default)]
    pub date_formats: BTreeMap<String, String>,
    /// Columns.
    pub columns: AccountColumns,
    /// People per row.
    #[serde(default)]
    pub parties: Vec<PartyConfig>,
    /// Status codes.
    #[serde(default)]
    pub status_map: BTreeMap<String, String>,
    /// Stage codes.
    #[serde(default)]
    pub stage_map: BTreeMap<String, String>,
    /// Sundry sub-kind codes.
    #[serde(default)]
    pub sundry_kind_map: BTreeMap<String, String>,
}

/// Account master columns.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountColumns {
    /// Account reference (required).
    pub account_ref: String,
    /// Status.
    pub status: Option<String>,
    /// Recovery stage.
    pub stage: Option<String>,
    /// UPRN.
    pub uprn: Option<String>,
    /// Property reference.
    pub property_ref: Option<String>,
    /// Address lines or free text.
    pub address: Option<OneOrMany>,
    /// Postcode.
    pub postcode: Option<String>,
    /// Forwarding address.
    pub forwarding_address: Option<OneOrMany>,
    /// Forwarding postcode.
    pub forwarding_postcode: Option<String>,
    /// Date instalments were lost.
    pub instalments_lost_on: Option<String>,
    /// Sundry sub-kind code.
    pub sundry_kind: Option<String>,
    /// First day of the liability (council tax, rates) or tenancy (rent).
    pub occupied_from: Option<String>,
    /// Last day of it, empty while it runs.
    pub occupied_to: Option<String>,
}

/// Sign conventions of a single amount column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sign {
    /// Charges positive, payments negative.
    #[default]
    DebitPositive,
    /// All positive; the type gives the direction.
    AsType,
}

/// `[sources.transactions]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransactionsConfig {
    /// Path.
    pub file: PathBuf,
    /// Format overrides.
    pub format: Option<FormatConfig>,
    /// Default date format.
    pub date_format: Option<String>,
    /// Per-column date formats.
    #[serde(default)]
    pub date_formats: BTreeMap<String, String>,
    /// Columns.
    pub columns: TransactionColumns,
    /// Sign convention.
    #[serde(default)]
    pub sign: Sign,
    /// Type codes to ledger kinds.
    pub type_map: BTreeMap<String, TxnKind>,
}

/// Transaction columns.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransactionColumns {
    /// Account reference.
    pub account_ref: String,
    /// Transaction id.
    pub transaction_id: String,
    /// Posting date.
    pub date: String,
    /// Type code.
    #[serde(rename = "type")]
    pub kind: String,
    /// Signed amount.
    pub amount: Option<String>,
    /// Debit column.
    pub debit: Option<String>,
    /// Credit column.
    pub credit: Option<String>,
    /// Financial year.
    pub financial_year: Option<String>,
    /// Due date.
    pub due_date: Option<String>,
}

/// `[sources.instalments]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstalmentsConfig {
    /// Path.
    pub file: PathBuf,
    /// Format overrides.
    pub format: Option<FormatConfig>,
    /// Default date format.
    pub date_format: Option<String>,
    /// Per-column date formats.
    #[serde(default)]
    pub date_formats: BTreeMap<String, String>,
    /// Columns.
    pub columns: InstalmentColumns,
}

/// Instalment plan columns.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstalmentColumns {
    /// Account reference.
    pub account_ref: String,
    /// Due date.
    pub due_date: String,
    /// Amount.
    pub amount: String,
    /// Financial year (else the year of the due date).
    pub financial_year: Option<String>,
}

/// `[sources.invoices]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoicesConfig {
    /// Path.
    pub file: PathBuf,
    /// Format overrides.
    pub format: Option<FormatConfig>,
    /// Default date format.
    pub date_format: Option<String>,
    /// Per-column date formats.
    #[serde(default)]
    pub date_formats: BTreeMap<String, String>,
    /// Columns.
    pub columns: InvoiceColumns,
    /// People per row.
    #[serde(default)]
    pub parties: Vec<PartyConfig>,
    /// Status codes.
    #[serde(default)]
    pub status_map: BTreeMap<String, String>,
    /// Stage codes.
    #[serde(default)]
    pub stage_map: BTreeMap<String, String>,
    /// Sundry sub-kind codes.
    #[serde(default)]
    pub sundry_kind_map: BTreeMap<String, String>,
}

/// Invoice columns.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceColumns {
    /// Invoice / PCN number: the account reference.
    pub account_ref: String,
    /// Status.
    pub status: Option<String>,
    /// Recovery stage.
    pub stage: Option<String>,
    /// UPRN.
    pub uprn: Option<String>,
    /// Property reference.
    pub property_ref: Option<String>,
    /// Address.
    pub address: Option<OneOrMany>,
    /// Postcode.
    pub postcode: Option<String>,
    /// Sundry sub-kind code.
    pub sundry_kind: Option<String>,
    /// Invoice / issue date.
    pub invoice_date: String,
    /// Due date.
    pub due_date: Option<String>,
    /// Charge amount.
    pub amount: String,
    /// Amount paid.
    pub paid: Option<String>,
    /// Amount written off.
    pub written_off: Option<String>,
    /// Last payment date.
    pub last_paid_date: Option<String>,
}

/// `[[people]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeopleConfig {
    /// Short name.
    pub id: String,
    /// What the file holds.
    pub kind: PeopleKind,
    /// Path.
    pub file: PathBuf,
    /// Format.
    pub format: Option<FormatConfig>,
    /// Default date format.
    pub date_format: Option<String>,
    /// Per-column date formats.
    #[serde(default)]
    pub date_formats: BTreeMap<String, String>,
    /// The person each row names.
    #[serde(default)]
    pub parties: Vec<PartyConfig>,
    /// Breathing space type codes.
    #[serde(default)]
    pub type_map: BTreeMap<String, String>,
    /// Columns.
    pub columns: PeopleColumns,
}

/// Kinds of person-bearing file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeopleKind {
    /// Breathing space notices.
    BreathingSpace,
    /// Vulnerability flags.
    Vulnerability,
    /// Income and expenditure statement lines.
    IncomeExpenditure,
}

/// People file columns.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeopleColumns {
    /// Record reference.
    pub record_ref: String,
    /// Address.
    pub address: Option<OneOrMany>,
    /// Postcode.
    pub postcode: Option<String>,
    /// Breathing space type.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Breathing space start.
    pub start: Option<String>,
    /// Breathing space end.
    pub end: Option<String>,
    /// Vulnerability flag.
    pub flag: Option<String>,
    /// Date recorded.
    pub recorded_on: Option<String>,
    /// I&E category.
    pub category: Option<String>,
    /// I&E amount.
    pub amount: Option<String>,
    /// I&E frequency.
    pub frequency: Option<String>,
}

/// A config that has been read and checked, with paths made absolute.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    /// Where the config file is.
    pub path: PathBuf,
    /// Its exact bytes (for the config hash in the manifest).
    pub bytes: Vec<u8>,
    /// The parsed config.
    pub config: Config,
    /// Each source's service.
    pub services: Vec<Service>,
}

impl LoadedConfig {
    /// Every input file the config names (absolute paths).
    pub fn input_paths(&self) -> Vec<PathBuf> {
        let c = &self.config;
        let mut paths = Vec::new();
        paths.extend(c.control_totals.iter().map(|x| x.file.clone()));
        paths.extend(c.gazetteer.iter().map(|x| x.file.clone()));
        for s in &c.sources {
            paths.extend(s.accounts.iter().map(|x| x.file.clone()));
            paths.extend(s.transactions.iter().map(|x| x.file.clone()));
            paths.extend(s.instalments.iter().map(|x| x.file.clone()));
            paths.extend(s.invoices.iter().map(|x| x.file.clone()));
        }
        paths.extend(c.people.iter().map(|x| x.file.clone()));
        paths.extend(c.matching.overrides.iter().cloned());
        paths
    }
}

impl Config {
    /// Reads and validates a config file.
    pub fn load(path: &Path) -> Result<LoadedConfig, BatchError> {
        let bytes = std::fs::read(path).map_err(|e| BatchError::io(path, e))?;
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            BatchError::config(path, "", format!("the file is not UTF-8 text: {e}"))
        })?;
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let key = e
                .span()
                .map(|span| line_of(text, span.start))
                .unwrap_or_default();
            BatchError::config(path, &key, e.message().to_string())
        })?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let services = config.validate(path)?;
        config.resolve_paths(&base);
        Ok(LoadedConfig {
            path: path.to_path_buf(),
            bytes,
            config,
            services,
        })
    }

    fn resolve_paths(&mut self, base: &Path) {
        let fix = |p: &mut PathBuf| {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        };
        if let Some(c) = self.control_totals.as_mut() {
            fix(&mut c.file);
        }
        if let Some(g) = self.gazetteer.as_mut() {
            fix(&mut g.file);
        }
        for s in &mut self.sources {
            if let Some(a) = s.accounts.as_mut() {
                fix(&mut a.file);
            }
            if let Some(t) = s.transactions.as_mut() {
                fix(&mut t.file);
            }
            if let Some(i) = s.instalments.as_mut() {
                fix(&mut i.file);
            }
            if let Some(i) = s.invoices.as_mut() {
                fix(&mut i.file);
            }
        }
        for p in &mut self.people {
            fix(&mut p.file);
        }
        if let Some(o) = self.matching.overrides.as_mut() {
            fix(o);
        }
    }

    /// Checks what serde cannot; returns each source's service.
    pub fn validate(&self, path: &Path) -> Result<Vec<Service>, BatchError> {
        let err = |key: String, message: String| BatchError::config(path, &key, message);
        if !(1..=28).contains(&self.run.instalment_day) {
            return Err(err(
                "run.instalment_day".into(),
                format!(
                    "{} is not a day every month has (1 to 28)",
                    self.run.instalment_day
                ),
            ));
        }
        if !matches!(self.run.instalments, 10 | 12) {
            return Err(err(
                "run.instalments".into(),
                format!(
                    "{}: council tax is paid in 10 or 12 monthly instalments",
                    self.run.instalments
                ),
            ));
        }
        if self.sources.is_empty() {
            return Err(err(
                "sources".into(),
                "no [[sources]] are configured: there is nothing to read".into(),
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        let mut services = Vec::new();
        for source in &self.sources {
            let key = format!("sources[{}]", source.id);
            if !source.id.starts_with(|c: char| c.is_ascii_alphanumeric())
                || !source
                    .id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                return Err(err(
                    format!("{key}.id"),
                    "an id must be letters, digits, '-' or '_', starting with a letter or digit"
                        .into(),
                ));
            }
            if !seen.insert(source.id.clone()) {
                return Err(err(
                    format!("{key}.id"),
                    format!("the id {:?} is used by two sources", source.id),
                ));
            }
            let service = Service::from_code(&source.service, source.sundry_kind.as_deref())
                .map_err(|e| err(format!("{key}.service"), e.to_string()))?;
            format_of(&source.format, &None).map_err(|m| err(format!("{key}.format"), m))?;
            match (&source.accounts, &source.transactions, &source.invoices) {
                (Some(accounts), Some(transactions), None) => {
                    check_format(&source.format, &accounts.format).map_err(|m| err(format!("{key}.accounts.format"), m))?;
                    check_format(&source.format, &transactions.format).map_err(|m| err(format!("{key}.transactions.format"), m))?;
                    check_maps(&service, &accounts.status_map, &accounts.stage_map, &accounts.sundry_kind_map)
                        .map_err(|(k, m)| err(format!("{key}.accounts.{k}"), m))?;
                    let c = &transactions.columns;
                    match (&c.amount, &c.debit, &c.credit) {
                        (Some(_), None, None) | (None, Some(_), Some(_)) => {}
                        _ => {
                            return Err(err(
                                format!("{key}.transactions.columns"),
                                "give either `amount` (one signed column) or both `debit` and `credit`".into(),
                            ))
                        }
                    }
                    if transactions.type_map.is_empty() {
                        return Err(err(format!("{key}.transactions.type_map"), "map at least one type code to a ledger kind".into()));
                    }
                    check_parties(&accounts.parties).map_err(|(k, m)| err(format!("{key}.accounts.{k}"), m))?;
                }
                (None, None, Some(invoices)) => {
                    check_format(&source.format, &invoices.format).map_err(|m| err(format!("{key}.invoices.format"), m))?;
                    check_maps(&service, &invoices.status_map, &invoices.stage_map, &invoices.sundry_kind_map)
                        .map_err(|(k, m)| err(format!("{key}.invoices.{k}"), m))?;
                    check_parties(&invoices.parties).map_err(|(k, m)| err(format!("{key}.invoices.{k}"), m))?;
                }
                _ => {
                    return Err(err(
                        key,
                        "describe either `accounts` and `transactions`, or `invoices` (one row per invoice or notice)".into(),
                    ))
                }
            }
            if source.instalments.is_some() && source.invoices.is_some() {
                return Err(err(
                    format!("{key}.instalments"),
                    "instalment plans need an account master, not invoices".into(),
                ));
            }
            services.push(service);
        }
        let mut people_ids = std::collections::BTreeSet::new();
        for people in &self.people {
            let key = format!("people[{}]", people.id);
            if !people_ids.insert(people.id.clone()) {
                return Err(err(
                    format!("{key}.id"),
                    format!("the id {:?} is used twice", people.id),
                ));
            }
            check_format(&None, &people.format).map_err(|m| err(format!("{key}.format"), m))?;
            check_parties(&people.parties).map_err(|(k, m)| err(format!("{key}.{k}"), m))?;
            if people.parties.is_empty() {
                return Err(err(
                    format!("{key}.parties"),
                    "name the person each row is about".into(),
                ));
            }
            let c = &people.columns;
            let missing = match people.kind {
                PeopleKind::BreathingSpace if c.kind.is_none() || c.start.is_none() => {
                    Some("columns.type and columns.start")
                }
                PeopleKind::Vulnerability if c.flag.is_none() => Some("columns.flag"),
                PeopleKind::IncomeExpenditure if c.category.is_none() || c.amount.is_none() => {
                    Some("columns.category and columns.amount")
                }
                _ => None,
            };
            if let Some(missing) = missing {
                return Err(err(
                    key,
                    format!("a {:?} file needs {missing}", people.kind),
                ));
            }
            for (code, value) in &people.type_map {
                value
                    .parse::<debt_core::BreathingSpaceKind>()
                    .map_err(|e| err(format!("{key}.type_map.{code}"), e.to_string()))?;
            }
        }
        if let Some(c) = &self.control_totals {
            check_format(&None, &c.format).map_err(|m| err("control_totals.format".into(), m))?;
        }
        if let Some(t) = self.matching.threshold {
            if !(0.5..1.0).contains(&t) {
                return Err(err(
                    "matching.threshold".into(),
                    format!("{t}: a match probability from 0.5 up to (not including) 1"),
                ));
            }
        }
        Ok(services)
    }
}

/// What line of the TOML a byte offset is on, for error messages.
fn line_of(text: &str, offset: usize) -> String {
    let line = text[..offset.min(text.len())].matches('\n').count() + 1;
    format!("line {line}")
}

fn check_format(source: &Option<FormatConfig>, file: &Option<FormatConfig>) -> Result<(), String> {
    format_of(source, file).map(|_| ())
}

/// Resolves a file's format from its own table over its source's table over
/// the defaults.
pub fn format_of(
    source: &Option<FormatConfig>,
    file: &Option<FormatConfig>,
) -> Result<Format, String> {
    let pick = |f: fn(&FormatConfig) -> Option<String>| {
        file.as_ref()
            .and_then(f)
            .or_else(|| source.as_ref().and_then(f))
    };
    let delimiter = match pick(|f| f.delimiter.clone()).as_deref() {
        None | Some(",") => b',',
        Some(";") => b';',
        Some("\t") | Some("tab") | Some("\\t") => b'\t',
        Some("|") => b'|',
        Some(other) if other.len() == 1 && other.is_ascii() => other.as_bytes()[0],
        Some(other) => {
            return Err(format!(
                "delimiter {other:?}: use one character such as \",\", \";\", \"tab\" or \"|\""
            ))
        }
    };
    let quote = match pick(|f| f.quote.clone()).as_deref() {
        None => b'"',
        Some(q) if q.len() == 1 && q.is_ascii() => q.as_bytes()[0],
        Some(q) => return Err(format!("quote {q:?}: use one ASCII character")),
    };
    let kind = file
        .as_ref()
        .and_then(|f| f.kind)
        .or_else(|| source.as_ref().and_then(|f| f.kind))
        .unwrap_or(FileKind::Csv);
    let encoding = file
        .as_ref()
        .and_then(|f| f.encoding)
        .or_else(|| source.as_ref().and_then(|f| f.encoding))
        .unwrap_or(Encoding::Utf8);
    let header = file
        .as_ref()
        .and_then(|f| f.header)
        .or_else(|| source.as_ref().and_then(|f| f.header))
        .unwrap_or(true);
    let skip_lines = file
        .as_ref()
        .and_then(|f| f.skip_lines)
        .or_else(|| source.as_ref().and_then(|f| f.skip_lines))
        .unwrap_or(0);
    let multiline = file
        .as_ref()
        .and_then(|f| f.multiline)
        .or_else(|| source.as_ref().and_then(|f| f.multiline))
        .unwrap_or(false);
    if delimiter == quote {
        return Err("the delimiter and the quote character are the same".into());
    }
    Ok(Format {
        kind,
        delimiter,
        encoding,
        header,
        quote,
        skip_lines,
        multiline,
    })
}

/// A stage-map value: a stage on the service's ladder, or `none`.
pub fn stage_value(service: &Service, value: &str) -> Result<Option<Stage>, String> {
    if value.trim().eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    let stage: Stage = value.parse().map_err(|e: debt_core::Error| e.to_string())?;
    service.stage_rank(stage).map_err(|_| {
        format!(
            "{value:?} is not on the {} recovery ladder (expected one of: none, {})",
            service.code(),
            service
                .ladder()
                .iter()
                .map(|s| s.code())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })?;
    Ok(Some(stage))
}

fn check_maps(
    service: &Service,
    status_map: &BTreeMap<String, String>,
    stage_map: &BTreeMap<String, String>,
    sundry_kind_map: &BTreeMap<String, String>,
) -> Result<(), (String, String)> {
    for (code, value) in status_map {
        value
            .parse::<AccountStatus>()
            .map_err(|e| (format!("status_map.{code}"), e.to_string()))?;
    }
    for (code, value) in stage_map {
        stage_value(service, value).map_err(|m| (format!("stage_map.{code}"), m))?;
    }
    for (code, value) in sundry_kind_map {
        value
            .parse::<SundryKind>()
            .map_err(|e| (format!("sundry_kind_map.{code}"), e.to_string()))?;
    }
    Ok(())
}

fn check_parties(parties: &[PartyConfig]) -> Result<(), (String, String)> {
    for (index, party) in parties.iter().enumerate() {
        let key = format!("parties[{index}]");
        crate::records::Role::parse(&party.role).map_err(|m| (format!("{key}.role"), m))?;
        match (&party.name, &party.forename, &party.surname) {
            (Some(_), None, None) | (None, Some(_), Some(_)) | (None, None, Some(_)) => {}
            _ => {
                return Err((
                    key,
                    "give either `name` (one column) or `forename` and `surname`".into(),
                ))
            }
        }
    }
    Ok(())
}

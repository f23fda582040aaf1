//! The sources config (`sources.toml`): what each service system exports and
//! how to read it. Documented key by key in docs/config.md.
//!
//! Loading is two steps, the way ripgrep turns what the user said into what
//! the program does: serde reads the TOML into this module's model (unknown
//! keys are errors, so a typo never silently drops a column), then
//! `plan::Plan::compile` checks what serde cannot (codes map onto debt-core's
//! ladders and kinds, formats resolve, each file names the columns it needs)
//! and produces the typed plan that ingest reads. The run never starts on a
//! config that cannot work, and nothing is resolved twice.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use debt_core::{Money, TxnKind};
use serde::Deserialize;

use crate::error::BatchError;

pub mod format;
pub mod plan;

pub(crate) use format::format_of;
pub use format::{Encoding, FileKind, Format, FormatConfig};
pub use plan::Plan;

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
    /// The situations to look for in each household (`exceptions.csv`):
    /// kinds switched off, the limitation period, the grace days of an
    /// arrangement.
    #[serde(default)]
    pub exceptions: debt_core::exceptions::ExceptionRules,
    /// `[arrangements]`: how each household's plan is made.
    #[serde(default)]
    pub arrangements: ArrangementConfig,
}

/// `[arrangements]`: how the advisor summaries' plans are made (the same
/// settings the run records in manifest.json, so `debt-batch summary`
/// makes the same plan later).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArrangementConfig {
    /// The token payment a month for each non-priority debt while priority
    /// arrears are paid ("1.00"; "0.00" for none).
    #[serde(default = "ArrangementConfig::default_token")]
    pub token_per_month: Money,
    /// The longest a plan may run, in months.
    #[serde(default = "ArrangementConfig::default_term")]
    pub max_term_months: u32,
    /// weekly, fortnightly or monthly.
    #[serde(default = "ArrangementConfig::default_frequency")]
    pub frequency: debt_core::arrangement::PlanFrequency,
    /// The first instalment's date; by default the first day of the month
    /// after the run's date.
    #[serde(default, deserialize_with = "start_date")]
    pub start: Option<chrono::NaiveDate>,
}

/// `start = "yyyy-mm-dd"`, with an error that says the form.
fn start_date<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<chrono::NaiveDate>, D::Error> {
    let Some(text) = Option::<String>::deserialize(d)? else {
        return Ok(None);
    };
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            serde::de::Error::custom(format!(
                "start: {text:?} is not a date in the form yyyy-mm-dd, such as \"2027-01-04\""
            ))
        })
}

impl ArrangementConfig {
    fn default_token() -> Money {
        Money::from_pence(100)
    }
    fn default_term() -> u32 {
        36
    }
    fn default_frequency() -> debt_core::arrangement::PlanFrequency {
        debt_core::arrangement::PlanFrequency::Monthly
    }

    /// The first instalment's date for a run on `as_of`.
    pub(crate) fn start_for(&self, as_of: chrono::NaiveDate) -> chrono::NaiveDate {
        use chrono::Datelike;
        self.start.unwrap_or_else(|| {
            let (y, m) = if as_of.month() == 12 {
                (as_of.year() + 1, 1)
            } else {
                (as_of.year(), as_of.month() + 1)
            };
            chrono::NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(as_of)
        })
    }
}

impl Default for ArrangementConfig {
    fn default() -> ArrangementConfig {
        ArrangementConfig {
            token_per_month: ArrangementConfig::default_token(),
            max_term_months: ArrangementConfig::default_term(),
            frequency: ArrangementConfig::default_frequency(),
            start: None,
        }
    }
}

/// `[matching]`: how records are linked into persons.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchingConfig {
    /// Officers' decisions: CSV with `decision` (same / different), `record_a`, `record_b`.
    pub overrides: Option<PathBuf>,
    /// Match probability at or above which records are the same person (default 0.95).
    pub threshold: Option<f64>,
    /// Match probability at or above which a pair below the threshold is a
    /// possible link, left for an officer in review.csv (default 0.5).
    pub review_threshold: Option<f64>,
    /// Refine the m probabilities by EM (default false).
    pub estimate_m: Option<bool>,
}

impl MatchingConfig {
    /// The linker's settings.
    pub(crate) fn link_config(&self) -> debt_core::identity::LinkConfig {
        let mut c = debt_core::identity::LinkConfig::default();
        if let Some(t) = self.threshold {
            c.threshold = t;
        }
        if let Some(r) = self.review_threshold {
            c.review_threshold = r;
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
    /// The council's own dated rate tables (TOML, as debt-core/rates.toml);
    /// without it, the tables debt-core ships.
    pub rates: Option<PathBuf>,
}

impl Default for RunConfig {
    fn default() -> Self {
        RunConfig {
            tolerance: Money::ZERO,
            instalment_day: 1,
            instalments: 10,
            rates: None,
        }
    }
}

fn default_instalment_day() -> u8 {
    1
}
fn default_instalments() -> u8 {
    10
}

/// `[control_totals]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ControlTotalsConfig {
    /// Path.
    pub file: PathBuf,
    /// Format.
    pub format: Option<FormatConfig>,
    /// The date format of the `as_at` column (default `yyyy-mm-dd`).
    pub date_format: Option<String>,
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
    /// The date the system states its totals for (an `AsAt` or extract
    /// date column). When it differs from the run's as-of date the source is
    /// compared at that date, and the reconciliation row says so.
    pub as_at: Option<String>,
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
    pub(crate) fn names(&self) -> Vec<&str> {
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

/// An account master (`[sources.accounts]`) or an invoice file
/// (`[sources.invoices]`): one row per account, with the people it names and
/// the codes its system uses. `C` is the file's column table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MasterConfig<C> {
    /// The file, relative to the config.
    pub file: PathBuf,
    /// This file's own format keys, over its source's.
    pub format: Option<FormatConfig>,
    /// The date format of every date column (default `yyyy-mm-dd`).
    pub date_format: Option<String>,
    /// A date format for one column, by its name in the file.
    #[serde(default)]
    pub date_formats: BTreeMap<String, String>,
    /// Which column holds what.
    pub columns: C,
    /// The people each row names (lead and joint liable, tenants, debtor,
    /// keeper), each with their own columns.
    #[serde(default)]
    pub parties: Vec<PartyConfig>,
    /// The system's account status codes to `current`, `former`, `closed`.
    #[serde(default)]
    pub status_map: BTreeMap<String, String>,
    /// The system's recovery stage codes to stages on the service's ladder
    /// (or `none`).
    #[serde(default)]
    pub stage_map: BTreeMap<String, String>,
    /// The system's sundry service codes to sundry kinds.
    #[serde(default)]
    pub sundry_kind_map: BTreeMap<String, String>,
    /// Named attributes carried to accounts.csv as text.
    #[serde(default)]
    pub attributes: AttributeColumns,
}

/// `attributes`: columns of a master or invoice file carried as they are to
/// accounts.csv / .parquet. The names are a closed list, so that every
/// council's accounts.csv has the same columns (docs/outputs.md).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeColumns {
    /// Council tax valuation band (`A` to `H`).
    pub band: Option<String>,
    /// A penalty notice's vehicle registration mark.
    pub vehicle_registration: Option<String>,
    /// The benefit claim an overpayment arose on.
    pub claim_ref: Option<String>,
    /// The finance system's service or income code of a sundry invoice.
    pub service_code: Option<String>,
    /// The finance system's own customer number (an accounts-receivable
    /// debtor's, kept across their invoices).
    pub customer_ref: Option<String>,
}

impl AttributeColumns {
    /// The configured columns, each with its attribute.
    pub(crate) fn configured(&self) -> Vec<(crate::records::Attribute, String)> {
        use crate::records::Attribute;
        [
            (Attribute::Band, &self.band),
            (Attribute::VehicleRegistration, &self.vehicle_registration),
            (Attribute::ClaimRef, &self.claim_ref),
            (Attribute::ServiceCode, &self.service_code),
            (Attribute::CustomerRef, &self.customer_ref),
        ]
        .into_iter()
        .filter_map(|(a, c)| c.clone().map(|c| (a, c)))
        .collect()
    }
}

/// `[sources.accounts]`: the account master of a ledger source.
pub type AccountsConfig = MasterConfig<AccountColumns>;

/// `[sources.invoices]`: one row per invoice or penalty notice, carrying the
/// account, its charge and what has been paid.
pub type InvoicesConfig = MasterConfig<InvoiceColumns>;

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
    /// Correspondence address, when the system holds one besides the
    /// property's (a business ratepayer's: often a sole trader's home).
    pub correspondence_address: Option<OneOrMany>,
    /// Correspondence postcode.
    pub correspondence_postcode: Option<String>,
    /// Date instalments were lost.
    pub instalments_lost_on: Option<String>,
    /// Sundry sub-kind code.
    pub sundry_kind: Option<String>,
    /// First day of the liability (council tax, rates) or tenancy (rent).
    pub occupied_from: Option<String>,
    /// Last day of it, empty while it runs.
    pub occupied_to: Option<String>,
    /// The charge the row carries itself (an invoice's or an overpayment's
    /// amount), when the transactions file holds only what was paid.
    pub charge: Option<String>,
    /// The date of that charge (invoice date, date raised).
    pub charge_date: Option<String>,
    /// When that charge falls due.
    pub due_date: Option<String>,
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
    #[serde(default)]
    pub type_map: BTreeMap<String, TxnKind>,
    /// The one kind of every row, for a file with no type column (a
    /// receipts file is all payments).
    pub kind: Option<TxnKind>,
}

/// Transaction columns.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransactionColumns {
    /// Account reference.
    pub account_ref: String,
    /// Transaction id (without one, repeated rows cannot be told from two
    /// payments of the same amount on the same day, so none is a duplicate).
    pub transaction_id: Option<String>,
    /// Posting date.
    pub date: String,
    /// Type code (else the file's `kind`).
    #[serde(rename = "type")]
    pub kind: Option<String>,
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
    /// Who paid: a payer's name or reference, shown for a receipt that
    /// names no account (suspense.csv).
    pub payer: Option<String>,
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

impl PeopleKind {
    /// Every kind.
    pub const ALL: [PeopleKind; 3] = [
        PeopleKind::BreathingSpace,
        PeopleKind::Vulnerability,
        PeopleKind::IncomeExpenditure,
    ];

    /// Its code, as `sources.toml` and the manifest write it.
    pub(crate) fn code(self) -> &'static str {
        match self {
            PeopleKind::BreathingSpace => "breathing_space",
            PeopleKind::Vulnerability => "vulnerability",
            PeopleKind::IncomeExpenditure => "income_expenditure",
        }
    }
}

/// People file columns.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeopleColumns {
    /// Record reference. Without one, each row's key is derived from what
    /// identifies it (see `ingest::people`).
    pub record_ref: Option<String>,
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
    /// I&E line's description ("Child Benefit", "Bus fares").
    pub item: Option<String>,
    /// The day the statement was taken.
    pub taken_on: Option<String>,
}

/// A config that has been read and compiled, with paths made absolute.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    /// Where the config file is.
    pub path: PathBuf,
    /// Its exact bytes (for the config hash in the manifest).
    pub bytes: Vec<u8>,
    /// The config as written (paths made absolute).
    pub config: Config,
    /// What ingest reads: every file with its resolved format and date
    /// formats, every code map typed.
    pub plan: Plan,
}

impl LoadedConfig {
    /// Every input file the config names (absolute paths), the officers'
    /// overrides included.
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
        paths.extend(c.run.rates.iter().cloned());
        paths
    }
}

impl Config {
    /// Reads and compiles a config file.
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
        config.resolve_paths(&base);
        let plan = Plan::compile(&config, path, &base)?;
        Ok(LoadedConfig {
            path: path.to_path_buf(),
            bytes,
            config,
            plan,
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
        if let Some(r) = self.run.rates.as_mut() {
            fix(r);
        }
    }
}

/// What line of the TOML a byte offset is on, for error messages.
fn line_of(text: &str, offset: usize) -> String {
    let line = text[..offset.min(text.len())].matches('\n').count() + 1;
    format!("line {line}")
}

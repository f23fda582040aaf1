//! The compiled config: what ingest reads. Every file's format and date
//! formats are resolved, every code map is typed to debt-core's vocabulary
//! (`AccountStatus`, `Stage` on the service's own ladder, `SundryKind`,
//! `TxnKind`, `BreathingSpaceKind`), once, when the config is loaded, so a
//! config that cannot work is refused before any file is opened and no row
//! parses a map again.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use debt_core::{
    AccountStatus, BreathingSpaceKind, InstalmentScheme, Money, Service, Stage, SundryKind, TxnKind,
};

use super::{
    format_of, AccountColumns, Config, ControlColumns, FileKind, Format, FormatConfig,
    GazetteerColumns, InstalmentColumns, InvoiceColumns, MasterConfig, PartyConfig, PeopleColumns,
    PeopleKind, Sign, TransactionColumns,
};
use crate::error::BatchError;
use crate::parse::DateFormat;
use crate::records::{Attribute, RejectReason, Role};

/// A code map typed once: the system's codes to values of `T`, matched
/// exactly, then ignoring case. An empty map in the config means the data
/// already uses our words, which are then parsed as `T` row by row.
#[derive(Clone)]
pub struct CodeMap<T> {
    field: &'static str,
    exact: BTreeMap<String, T>,
    folded: HashMap<String, T>,
    own_words: Option<fn(&str, &Service) -> Option<T>>,
    service: Service,
}

impl<T: std::fmt::Debug> std::fmt::Debug for CodeMap<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CodeMap")
            .field("field", &self.field)
            .field("codes", &self.exact)
            .finish()
    }
}

impl<T: Clone> CodeMap<T> {
    /// Types every value of `map` with `parse` (the error names the code);
    /// `own_words` reads a code when the map is empty.
    fn compile(
        field: &'static str,
        map: &BTreeMap<String, String>,
        service: &Service,
        parse: impl Fn(&str) -> Result<T, String>,
        own_words: fn(&str, &Service) -> Option<T>,
    ) -> Result<CodeMap<T>, (String, String)> {
        let mut exact = BTreeMap::new();
        for (code, value) in map {
            let typed = parse(value).map_err(|m| (code.clone(), m))?;
            exact.insert(code.clone(), typed);
        }
        Ok(CodeMap::from_typed(field, exact, service, own_words))
    }

    fn from_typed(
        field: &'static str,
        exact: BTreeMap<String, T>,
        service: &Service,
        own_words: fn(&str, &Service) -> Option<T>,
    ) -> CodeMap<T> {
        let mut folded = HashMap::new();
        for (code, value) in &exact {
            folded
                .entry(code.to_lowercase())
                .or_insert_with(|| value.clone());
        }
        CodeMap {
            field,
            own_words: exact.is_empty().then_some(own_words),
            exact,
            folded,
            service: service.clone(),
        }
    }

    /// The value of a code from the data, or the reject naming it.
    pub(crate) fn get(&self, code: &str) -> Result<T, RejectReason> {
        let found = match self.own_words {
            Some(parse) => parse(code, &self.service),
            None => self
                .exact
                .get(code)
                .or_else(|| self.folded.get(&code.to_lowercase()))
                .cloned(),
        };
        found.ok_or_else(|| RejectReason::UnknownCode {
            field: self.field,
            code: code.to_string(),
        })
    }
}

/// A stage-map value: a stage on the service's ladder, or `none`.
pub(crate) fn stage_value(service: &Service, value: &str) -> Result<Option<Stage>, String> {
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

/// A file's date formats: a default and per-column overrides.
#[derive(Debug, Clone)]
pub struct DateFormats {
    default: Option<DateFormat>,
    per_column: BTreeMap<String, DateFormat>,
    /// Parquet date columns arrive as yyyy-mm-dd whatever the text format.
    iso_fallback: bool,
}

impl DateFormats {
    fn new(
        default: &Option<String>,
        per_column: &BTreeMap<String, String>,
        iso_fallback: bool,
    ) -> DateFormats {
        DateFormats {
            iso_fallback,
            default: default.as_deref().map(DateFormat::from_config),
            per_column: per_column
                .iter()
                .map(|(k, v)| (k.clone(), DateFormat::from_config(v)))
                .collect(),
        }
    }

    /// Parses the date in column `column` (the config's name for it, which
    /// may have its own format); `field` names it in a reject.
    pub(crate) fn parse(
        &self,
        column: &str,
        field: &'static str,
        text: &str,
    ) -> Result<chrono::NaiveDate, RejectReason> {
        let format = self.per_column.get(column).or(self.default.as_ref());
        let result = format.unwrap_or(&DateFormat::Iso).parse(text);
        match result {
            Ok(d) => Ok(d),
            Err(message) => match self.iso_fallback {
                true => DateFormat::Iso
                    .parse(text)
                    .map_err(|_| RejectReason::BadDate { field, message }),
                false => Err(RejectReason::BadDate { field, message }),
            },
        }
    }
}

/// One input file: where it is, how it is written, how its dates read.
#[derive(Debug, Clone)]
pub struct FileSpec {
    /// Absolute path.
    pub path: PathBuf,
    /// The path as the config writes it (relative to the config), for
    /// outputs and messages.
    pub display: String,
    /// Its resolved format.
    pub format: Format,
    /// Its date formats.
    pub dates: DateFormats,
}

/// The codes an account master or invoice file uses.
#[derive(Debug, Clone)]
pub struct AccountCodes {
    /// Account status codes.
    pub status: CodeMap<AccountStatus>,
    /// Recovery stage codes (`None`: no recovery action).
    pub stage: CodeMap<Option<Stage>>,
    /// Sundry kind codes.
    pub sundry_kind: CodeMap<SundryKind>,
}

/// An account master or invoice file, compiled.
#[derive(Debug, Clone)]
pub struct MasterPlan<C> {
    /// The file.
    pub file: FileSpec,
    /// Its columns, by name.
    pub columns: C,
    /// The people each row names, with their roles typed.
    pub parties: Vec<(Role, PartyConfig)>,
    /// Its codes.
    pub codes: AccountCodes,
    /// Named attribute columns carried to accounts.csv.
    pub attributes: Vec<(Attribute, String)>,
}

/// Where a transaction row's kind comes from.
#[derive(Debug, Clone)]
pub enum KindRule {
    /// A type column, through the type map.
    Column(CodeMap<TxnKind>),
    /// One kind for every row (a receipts file with no type column).
    Constant(TxnKind),
}

/// A transactions file, compiled.
#[derive(Debug, Clone)]
pub struct TxnPlan {
    /// The file.
    pub file: FileSpec,
    /// Its columns, by name.
    pub columns: TransactionColumns,
    /// How the amount column is signed.
    pub sign: Sign,
    /// Each row's kind.
    pub kinds: KindRule,
}

/// A file with columns and nothing else to compile.
#[derive(Debug, Clone)]
pub struct FilePlan<C> {
    /// The file.
    pub file: FileSpec,
    /// Its columns, by name.
    pub columns: C,
}

/// What a source's files are.
#[derive(Debug, Clone)]
pub enum Shape {
    /// An account master and a transactions file, and maybe instalment plans.
    Ledger {
        /// The account master.
        accounts: Box<MasterPlan<AccountColumns>>,
        /// The transactions.
        transactions: Box<TxnPlan>,
        /// Explicit instalment plans.
        instalments: Option<Box<FilePlan<InstalmentColumns>>>,
    },
    /// One row per invoice or notice.
    Invoices(Box<MasterPlan<InvoiceColumns>>),
}

/// One service system's export, compiled.
#[derive(Debug, Clone)]
pub struct SourcePlan {
    /// Source id.
    pub id: String,
    /// Its service.
    pub service: Service,
    /// Whether the config names a default sundry kind (else an account with
    /// no kind column is `unspecified`).
    pub has_default_sundry_kind: bool,
    /// Its name in the control totals file.
    pub control_name: String,
    /// Its files.
    pub shape: Shape,
}

/// A person-bearing file with no ledger, compiled.
#[derive(Debug, Clone)]
pub struct PeoplePlan {
    /// People id.
    pub id: String,
    /// What it holds.
    pub kind: PeopleKind,
    /// The file.
    pub file: FileSpec,
    /// The person each row names.
    pub parties: Vec<(Role, PartyConfig)>,
    /// Its columns.
    pub columns: PeopleColumns,
    /// Breathing space type codes.
    pub breathing_space_kinds: CodeMap<BreathingSpaceKind>,
}

/// The whole compiled config.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Largest reconciliation difference still MATCHED.
    pub tolerance: Money,
    /// The default council tax instalment scheme.
    pub scheme: InstalmentScheme,
    /// The control totals file.
    pub control_totals: Option<FilePlan<ControlColumns>>,
    /// The gazetteer.
    pub gazetteer: Option<FilePlan<GazetteerColumns>>,
    /// Every source, in config order.
    pub sources: Vec<SourcePlan>,
    /// Every people file, in config order.
    pub people: Vec<PeoplePlan>,
    /// The linker's settings.
    pub link: debt_core::identity::LinkConfig,
    /// The officers' overrides file.
    pub overrides: Option<PathBuf>,
    /// The dated rate tables in force (the council's file, or debt-core's).
    pub rates: debt_core::Rates,
    /// The council's rates file and its bytes' SHA-256, when it gives one.
    pub rates_file: Option<(PathBuf, String)>,
    /// Which situations to look for.
    pub exceptions: debt_core::exceptions::ExceptionRules,
    /// How each household's plan is made.
    pub arrangements: super::ArrangementConfig,
    /// The rate tables' TOML text, as written to the outputs' `rates.toml`.
    pub rates_text: String,
}

struct Compiler<'a> {
    path: &'a Path,
    base: &'a Path,
}

impl Compiler<'_> {
    fn err(&self, key: impl Into<String>, message: impl Into<String>) -> BatchError {
        BatchError::config(self.path, &key.into(), message)
    }

    fn file(
        &self,
        key: &str,
        path: &Path,
        source_format: &Option<FormatConfig>,
        file_format: &Option<FormatConfig>,
        date_format: &Option<String>,
        date_formats: &BTreeMap<String, String>,
    ) -> Result<FileSpec, BatchError> {
        let format = format_of(source_format, file_format)
            .map_err(|m| self.err(format!("{key}.format"), m))?;
        Ok(FileSpec {
            path: path.to_path_buf(),
            display: path
                .strip_prefix(self.base)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/"),
            dates: DateFormats::new(date_format, date_formats, format.kind == FileKind::Parquet),
            format,
        })
    }

    fn parties(
        &self,
        key: &str,
        parties: &[PartyConfig],
    ) -> Result<Vec<(Role, PartyConfig)>, BatchError> {
        parties
            .iter()
            .enumerate()
            .map(|(index, party)| {
                let key = format!("{key}.parties[{index}]");
                let role =
                    Role::parse(&party.role).map_err(|m| self.err(format!("{key}.role"), m))?;
                match (&party.name, &party.forename, &party.surname) {
                    (Some(_), None, None) | (None, Some(_), Some(_)) | (None, None, Some(_)) => {}
                    _ => {
                        return Err(self.err(
                            key,
                            "give either `name` (one column) or `forename` and `surname`",
                        ))
                    }
                }
                Ok((role, party.clone()))
            })
            .collect()
    }

    fn master<C: Clone>(
        &self,
        key: &str,
        service: &Service,
        source_format: &Option<FormatConfig>,
        m: &MasterConfig<C>,
    ) -> Result<MasterPlan<C>, BatchError> {
        let named = |what: &'static str| {
            move |(code, message): (String, String)| {
                self.err(format!("{key}.{what}.{code}"), message)
            }
        };
        let status = CodeMap::compile(
            "status",
            &m.status_map,
            service,
            |v| v.parse::<AccountStatus>().map_err(|e| e.to_string()),
            |code, _| code.parse().ok(),
        )
        .map_err(named("status_map"))?;
        let stage = CodeMap::compile(
            "recovery stage",
            &m.stage_map,
            service,
            |v| stage_value(service, v),
            |code, service| stage_value(service, code).ok(),
        )
        .map_err(named("stage_map"))?;
        let sundry_kind = CodeMap::compile(
            "sundry kind",
            &m.sundry_kind_map,
            service,
            |v| v.parse::<SundryKind>().map_err(|e| e.to_string()),
            |code, _| code.parse().ok(),
        )
        .map_err(named("sundry_kind_map"))?;
        Ok(MasterPlan {
            file: self.file(
                key,
                &m.file,
                source_format,
                &m.format,
                &m.date_format,
                &m.date_formats,
            )?,
            columns: m.columns.clone(),
            parties: self.parties(key, &m.parties)?,
            codes: AccountCodes {
                status,
                stage,
                sundry_kind,
            },
            attributes: m.attributes.configured(),
        })
    }
}

impl Plan {
    /// Checks what serde cannot and compiles the config; `path` is the
    /// config file (for errors), `base` its folder (for display paths).
    pub(crate) fn compile(config: &Config, path: &Path, base: &Path) -> Result<Plan, BatchError> {
        let c = Compiler { path, base };
        let run = &config.run;
        if !(1..=28).contains(&run.instalment_day) {
            return Err(c.err(
                "run.instalment_day",
                format!(
                    "{} is not a day every month has (1 to 28)",
                    run.instalment_day
                ),
            ));
        }
        if !matches!(run.instalments, 10 | 12) {
            return Err(c.err(
                "run.instalments",
                format!(
                    "{}: council tax is paid in 10 or 12 monthly instalments",
                    run.instalments
                ),
            ));
        }
        let scheme = InstalmentScheme::new(run.instalments, run.instalment_day)
            .map_err(|e| c.err("run", e.to_string()))?;
        if config.sources.is_empty() {
            return Err(c.err(
                "sources",
                "no [[sources]] are configured: there is nothing to read",
            ));
        }
        let mut ids = BTreeSet::new();
        let mut sources = Vec::new();
        for source in &config.sources {
            let key = format!("sources[{}]", source.id);
            if !source.id.starts_with(|ch: char| ch.is_ascii_alphanumeric())
                || !source
                    .id
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-')
            {
                return Err(c.err(
                    format!("{key}.id"),
                    "an id must be letters, digits, '-' or '_', starting with a letter or digit",
                ));
            }
            if !ids.insert(source.id.clone()) {
                return Err(c.err(
                    format!("{key}.id"),
                    format!("the id {:?} is used by two sources", source.id),
                ));
            }
            let service = Service::from_code(&source.service, source.sundry_kind.as_deref())
                .map_err(|e| c.err(format!("{key}.service"), e.to_string()))?;
            format_of(&source.format, &None).map_err(|m| c.err(format!("{key}.format"), m))?;
            let shape = match (&source.accounts, &source.transactions, &source.invoices) {
                (Some(accounts), Some(transactions), None) => {
                    let t = transactions;
                    match (&t.columns.amount, &t.columns.debit, &t.columns.credit) {
                        (Some(_), None, None) | (None, Some(_), Some(_)) => {}
                        _ => {
                            return Err(c.err(
                                format!("{key}.transactions.columns"),
                                "give either `amount` (one signed column) or both `debit` and `credit`",
                            ))
                        }
                    }
                    let kinds = match (&t.columns.kind, t.kind) {
                        (Some(_), None) if !t.type_map.is_empty() => {
                            KindRule::Column(CodeMap::from_typed(
                                "transaction type",
                                t.type_map.clone(),
                                &service,
                                |_, _| None,
                            ))
                        }
                        (Some(_), None) => {
                            return Err(c.err(
                                format!("{key}.transactions.type_map"),
                                "map at least one type code to a ledger kind",
                            ))
                        }
                        (None, Some(kind)) if t.type_map.is_empty() => KindRule::Constant(kind),
                        (None, Some(_)) => {
                            return Err(c.err(
                                format!("{key}.transactions.type_map"),
                                "a file with one `kind` for every row has no type codes to map: give `columns.type` or drop `type_map`",
                            ))
                        }
                        (Some(_), Some(_)) => {
                            return Err(c.err(
                                format!("{key}.transactions.kind"),
                                "give either `columns.type` (with `type_map`) or one `kind` for every row, not both",
                            ))
                        }
                        (None, None) => {
                            return Err(c.err(
                                format!("{key}.transactions"),
                                "say what kind each row is: `columns.type` with a `type_map`, or `kind = \"payment\"` for a file of receipts",
                            ))
                        }
                    };
                    let a = &accounts.columns;
                    match (&a.charge, &a.charge_date, &a.due_date) {
                        (Some(_), Some(_), _) | (None, None, None) => {}
                        (Some(_), None, _) => {
                            return Err(c.err(
                                format!("{key}.accounts.columns.charge_date"),
                                "a charge on the master row needs the column holding its date",
                            ))
                        }
                        (None, _, _) => {
                            return Err(c.err(
                                format!("{key}.accounts.columns.charge"),
                                "`charge_date` and `due_date` describe a charge on the master row: name its amount column in `charge`",
                            ))
                        }
                    }
                    let txn_key = format!("{key}.transactions");
                    let transactions = TxnPlan {
                        file: c.file(
                            &txn_key,
                            &t.file,
                            &source.format,
                            &t.format,
                            &t.date_format,
                            &t.date_formats,
                        )?,
                        columns: t.columns.clone(),
                        sign: t.sign,
                        kinds,
                    };
                    let instalments = match &source.instalments {
                        Some(i) => Some(Box::new(FilePlan {
                            file: c.file(
                                &format!("{key}.instalments"),
                                &i.file,
                                &source.format,
                                &i.format,
                                &i.date_format,
                                &i.date_formats,
                            )?,
                            columns: i.columns.clone(),
                        })),
                        None => None,
                    };
                    let accounts =
                        c.master(&format!("{key}.accounts"), &service, &source.format, accounts)?;
                    Shape::Ledger {
                        accounts: Box::new(accounts),
                        transactions: Box::new(transactions),
                        instalments,
                    }
                }
                (None, Some(_), Some(_)) => {
                    return Err(c.err(
                        format!("{key}.invoices"),
                        "a payments file goes with an account master: describe the invoice file as `accounts` with `columns.charge`, `columns.charge_date` and `columns.due_date` (docs/config.md, 'A master row that carries its charge')",
                    ))
                }
                (None, None, Some(invoices)) => {
                    if source.instalments.is_some() {
                        return Err(c.err(
                            format!("{key}.instalments"),
                            "instalment plans need an account master, not invoices",
                        ));
                    }
                    Shape::Invoices(Box::new(c.master(&format!("{key}.invoices"), &service, &source.format, invoices)?))
                }
                _ => {
                    return Err(c.err(
                        key,
                        "describe either `accounts` and `transactions`, or `invoices` (one row per invoice or notice)",
                    ))
                }
            };
            sources.push(SourcePlan {
                id: source.id.clone(),
                control_name: source
                    .control_name
                    .clone()
                    .unwrap_or_else(|| source.id.clone()),
                has_default_sundry_kind: source.sundry_kind.is_some(),
                service,
                shape,
            });
        }
        let mut people = Vec::new();
        let mut people_ids = BTreeSet::new();
        for p in &config.people {
            let key = format!("people[{}]", p.id);
            if !people_ids.insert(p.id.clone()) {
                return Err(c.err(
                    format!("{key}.id"),
                    format!("the id {:?} is used twice", p.id),
                ));
            }
            if p.parties.is_empty() {
                return Err(c.err(
                    format!("{key}.parties"),
                    "name the person each row is about",
                ));
            }
            let cols = &p.columns;
            let missing = match p.kind {
                PeopleKind::BreathingSpace if cols.kind.is_none() || cols.start.is_none() => {
                    Some("columns.type and columns.start")
                }
                PeopleKind::Vulnerability if cols.flag.is_none() => Some("columns.flag"),
                PeopleKind::IncomeExpenditure
                    if cols.category.is_none() || cols.amount.is_none() =>
                {
                    Some("columns.category and columns.amount")
                }
                _ => None,
            };
            if let Some(missing) = missing {
                return Err(c.err(key, format!("a {:?} file needs {missing}", p.kind)));
            }
            let breathing_space_kinds = CodeMap::compile(
                "breathing space type",
                &p.type_map,
                &Service::CouncilTax,
                |v| v.parse::<BreathingSpaceKind>().map_err(|e| e.to_string()),
                |code, _| code.parse().ok(),
            )
            .map_err(|(code, m)| c.err(format!("{key}.type_map.{code}"), m))?;
            people.push(PeoplePlan {
                id: p.id.clone(),
                kind: p.kind,
                file: c.file(
                    &key,
                    &p.file,
                    &None,
                    &p.format,
                    &p.date_format,
                    &p.date_formats,
                )?,
                parties: c.parties(&key, &p.parties)?,
                columns: p.columns.clone(),
                breathing_space_kinds,
            });
        }
        let no_dates = BTreeMap::new();
        let control_totals = config
            .control_totals
            .as_ref()
            .map(|ct| {
                Ok::<_, BatchError>(FilePlan {
                    file: c.file(
                        "control_totals",
                        &ct.file,
                        &None,
                        &ct.format,
                        &ct.date_format,
                        &no_dates,
                    )?,
                    columns: ct.columns.clone(),
                })
            })
            .transpose()?;
        let gazetteer = config
            .gazetteer
            .as_ref()
            .map(|g| {
                Ok::<_, BatchError>(FilePlan {
                    file: c.file("gazetteer", &g.file, &None, &g.format, &None, &no_dates)?,
                    columns: g.columns.clone(),
                })
            })
            .transpose()?;
        if let Some(t) = config.matching.threshold {
            if !(0.5..1.0).contains(&t) {
                return Err(c.err(
                    "matching.threshold",
                    format!("{t}: a match probability from 0.5 up to (not including) 1"),
                ));
            }
        }
        let link = config.matching.link_config();
        if !(0.0..=link.threshold).contains(&link.review_threshold) {
            return Err(c.err(
                "matching.review_threshold",
                format!(
                    "{}: a match probability from 0 up to the threshold ({})",
                    link.review_threshold, link.threshold
                ),
            ));
        }
        let (rates, rates_file, rates_text) = match &run.rates {
            None => (
                debt_core::Rates::built_in().map_err(|e| c.err("run.rates", e.to_string()))?,
                None,
                debt_core::rates::BUILT_IN_RATES.to_string(),
            ),
            Some(file) => {
                let bytes = std::fs::read(file).map_err(|e| BatchError::io(file, e))?;
                let text = std::str::from_utf8(&bytes).map_err(|_| {
                    c.err("run.rates", format!("{} is not UTF-8 text", file.display()))
                })?;
                let rates = debt_core::Rates::from_toml_str(text)
                    .map_err(|e| c.err("run.rates", format!("{}: {e}", file.display())))?;
                use sha2::Digest;
                let hash = format!("{:x}", sha2::Sha256::digest(&bytes));
                (rates, Some((file.clone(), hash)), text.to_string())
            }
        };
        let a = &config.arrangements;
        if !(1..=debt_core::arrangement::MAX_TERM_MONTHS).contains(&a.max_term_months) {
            return Err(c.err(
                "arrangements.max_term_months",
                format!(
                    "{}: give a number of months from 1 to {}",
                    a.max_term_months,
                    debt_core::arrangement::MAX_TERM_MONTHS
                ),
            ));
        }
        if a.token_per_month.is_negative() {
            return Err(c.err(
                "arrangements.token_per_month",
                "give an amount of zero or more, such as \"1.00\"",
            ));
        }
        if config.exceptions.limitation_years == 0 {
            return Err(c.err(
                "exceptions.limitation_years",
                "give a number of years, such as 6",
            ));
        }
        Ok(Plan {
            tolerance: run.tolerance,
            scheme,
            control_totals,
            gazetteer,
            sources,
            people,
            link: config.matching.link_config(),
            overrides: config.matching.overrides.clone(),
            rates,
            rates_file,
            exceptions: config.exceptions.clone(),
            arrangements: config.arrangements.clone(),
            rates_text,
        })
    }
}

//! Advisor summaries: one household's debts, statement, plan and warnings,
//! as a self-contained HTML page and as Markdown.
//!
//! A summary is made from a night's outputs, never from the run's memory:
//! households.csv, household_accounts.csv, exceptions.csv, statements.csv,
//! the run's date and `[arrangements]` settings from manifest.json, and the
//! rate tables the run used (`rates.toml`). The run writes `summaries/` by
//! loading the files it has just written into its staging folder; `debt-batch
//! summary` loads the same files from a committed folder. One code path, so a
//! summary made on demand is byte for byte the one the night wrote, and every
//! figure on it is one an officer can find in those files (each with its
//! source row).
//!
//! The plan itself is debt-core's ([`debt_core::arrangement::plan`]); an
//! advisor's what-if changes ([`WhatIf`]) are applied to the same inputs.

pub mod render;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;
use debt_core::affordability::{SfsCategory, Statement, StatementLine};
use debt_core::arrangement::{
    Means, OngoingLiability, Plan, PlanDebt, PlanInput, PlanOptions, WhatIf,
};
use debt_core::{Money, PriorityClass, Rates, Service};
use serde::Deserialize;

use crate::config::ArrangementConfig;
use crate::error::BatchError;

/// A row of an output CSV, by column name.
pub(crate) type Row = BTreeMap<String, String>;

/// Undoes the CSV outputs' formula neutralising of a text cell.
fn cell(text: &str) -> String {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => text.to_string(),
    }
}

/// Reads `name` from `dir`, keeping only rows whose `household_id` (empty
/// when the file has none) `keep` accepts; a row is made into a map only
/// once kept, so reading a few households out of a large night is cheap.
pub(crate) fn read(
    dir: &Path,
    name: &str,
    keep: &dyn Fn(&str) -> bool,
) -> Result<Vec<Row>, BatchError> {
    let path = dir.join(name);
    let unreadable = |message: String| BatchError::Unreadable {
        file: path.clone(),
        message,
    };
    let mut reader = csv::Reader::from_path(&path)
        .map_err(|e| unreadable(format!("{e} (is --out the folder of a run?)")))?;
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| unreadable(e.to_string()))?
        .iter()
        .map(String::from)
        .collect();
    let id_column = header.iter().position(|h| h == "household_id");
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    while reader
        .read_record(&mut record)
        .map_err(|e| unreadable(e.to_string()))?
    {
        let id = id_column.and_then(|i| record.get(i)).unwrap_or("");
        if keep(id) {
            rows.push(
                header
                    .iter()
                    .cloned()
                    .zip(record.iter().map(cell))
                    .collect(),
            );
        }
    }
    Ok(rows)
}

pub(crate) fn get<'a>(row: &'a Row, column: &str) -> &'a str {
    row.get(column).map(String::as_str).unwrap_or("")
}

fn money(row: &Row, column: &str, file: &str) -> Result<Money, BatchError> {
    let text = get(row, column);
    if text.is_empty() {
        return Ok(Money::ZERO);
    }
    Money::parse(text).map_err(|e| BatchError::Unreadable {
        file: file.into(),
        message: format!("column {column}: {e}"),
    })
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// One account of the household, as household_accounts.csv gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountLine {
    /// The person whose account it is.
    pub person_id: String,
    /// Their role on it.
    pub role: String,
    /// Source id and the system's reference.
    pub source: String,
    /// The account reference.
    pub account_ref: String,
    /// The service.
    pub service: Service,
    /// Its recovery stage code (empty when none).
    pub stage: String,
    /// Priority in debt advice.
    pub priority: PriorityClass,
    /// Whether enforcement is in progress.
    pub enforcement: bool,
    /// Balance, arrears, not yet due, credit.
    pub balance: Money,
    /// The overdue part.
    pub arrears: Money,
    /// Not yet due.
    pub not_yet_due: Money,
    /// A credit held.
    pub credit: Money,
    /// What it goes on asking for each month, when it does.
    pub ongoing_monthly: Option<Money>,
    /// Oldest arrears date.
    pub oldest_arrears_date: String,
    /// Where the account came from (`file:line`).
    pub source_row: String,
    /// Why it is in this household.
    pub why: String,
}

impl AccountLine {
    /// The debt's id in plans: `source:reference`.
    pub(crate) fn id(&self) -> String {
        format!("{}:{}", self.source, self.account_ref)
    }
}

/// A situation to act on, as exceptions.csv gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExceptionLine {
    /// Its kind code.
    pub kind: String,
    /// The person.
    pub person_id: String,
    /// The accounts (`source:ref`, `;`-separated).
    pub accounts: String,
    /// The amount at stake.
    pub amount: Money,
    /// What it says.
    pub detail: String,
    /// Where it came from.
    pub source_rows: String,
}

/// A statement as statements.csv gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementFile {
    /// The person it is about.
    pub person_id: String,
    /// Source id and statement reference.
    pub source: String,
    /// The statement reference.
    pub reference: String,
    /// When it was taken.
    pub taken_on: Option<NaiveDate>,
    /// Its lines, each with its source row.
    pub lines: Vec<(StatementLine, String)>,
}

impl StatementFile {
    /// The statement as debt-core takes it.
    pub(crate) fn statement(&self) -> Statement {
        let mut s = Statement::new(self.lines.iter().map(|(l, _)| l.clone()).collect());
        s.taken_on = self.taken_on;
        s
    }

    fn has(&self, category: SfsCategory) -> bool {
        self.lines.iter().any(|(l, _)| l.category == category)
    }
}

/// Everything a summary shows of one household.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Household {
    /// Its id.
    pub id: String,
    /// Address line and postcode, as the gazetteer writes them.
    pub address: String,
    /// Postcode.
    pub postcode: String,
    /// Members: person id and display name.
    pub members: Vec<(String, String)>,
    /// Totals from households.csv.
    pub total_balance: Money,
    /// Total arrears.
    pub total_arrears: Money,
    /// Priority arrears.
    pub priority_arrears: Money,
    /// Non-priority balance.
    pub non_priority_balance: Money,
    /// Credits held.
    pub credits: Money,
    /// Oldest arrears date.
    pub oldest_arrears_date: String,
    /// Breathing space active.
    pub breathing_space_active: bool,
    /// A member is recorded as vulnerable.
    pub vulnerable: bool,
    /// Enforcement in progress.
    pub enforcement_in_progress: bool,
    /// Receipts in suspense that may be theirs.
    pub suspense_items: u64,
    /// Every account.
    pub accounts: Vec<AccountLine>,
    /// Every situation to act on.
    pub exceptions: Vec<ExceptionLine>,
    /// The statement the plan uses, if any.
    pub statement: Option<StatementFile>,
    /// Other statements on file (reference, taken on).
    pub older_statements: Vec<(String, Option<NaiveDate>)>,
}

/// What the manifest says the run was.
#[derive(Debug, Clone, Deserialize)]
struct ManifestPart {
    as_of: String,
    #[serde(default)]
    arrangements: ArrangementConfig,
}

/// A night's outputs, loaded for summaries.
#[derive(Debug, Clone)]
pub struct Night {
    /// The run's date.
    pub as_of: NaiveDate,
    /// Its `[arrangements]` settings.
    pub settings: ArrangementConfig,
    /// The rate tables it used.
    pub rates: Rates,
    /// The households loaded, by id.
    pub households: BTreeMap<String, Household>,
}

/// Which households to load.
pub enum Which<'a> {
    /// Those with a current statement (what the run writes).
    WithStatements,
    /// These.
    Ids(&'a [String]),
    /// Every household.
    All,
}

impl Night {
    /// Loads a committed run's outputs in `dir` for the households `which`
    /// names; the run's date and settings come from its manifest.json.
    pub fn load(dir: &Path, which: Which<'_>) -> Result<Night, BatchError> {
        let manifest_path = dir.join("manifest.json");
        let text = std::fs::read_to_string(&manifest_path).map_err(|e| BatchError::Unreadable {
            file: manifest_path.clone(),
            message: format!("{e} (is --out the folder of a run?)"),
        })?;
        let manifest: ManifestPart =
            serde_json::from_str(&text).map_err(|e| BatchError::Unreadable {
                file: manifest_path.clone(),
                message: e.to_string(),
            })?;
        let as_of = date(&manifest.as_of).ok_or_else(|| BatchError::Unreadable {
            file: manifest_path.clone(),
            message: format!("as_of {:?} is not a date", manifest.as_of),
        })?;
        Night::load_with(dir, which, as_of, manifest.arrangements)
    }

    /// Loads the outputs in `dir` (a run's staging folder, before its
    /// manifest is written) for a run on `as_of` with these settings.
    pub(crate) fn load_with(
        dir: &Path,
        which: Which<'_>,
        as_of: NaiveDate,
        settings: ArrangementConfig,
    ) -> Result<Night, BatchError> {
        let rates_path = dir.join("rates.toml");
        let rates_text =
            std::fs::read_to_string(&rates_path).map_err(|e| BatchError::io(&rates_path, e))?;
        let rates = Rates::from_toml_str(&rates_text).map_err(|e| BatchError::Unreadable {
            file: rates_path.clone(),
            message: e.to_string(),
        })?;

        let statements = read(dir, "statements.csv", &|id| !id.is_empty())?;
        let wanted: Option<BTreeSet<String>> = match which {
            Which::All => None,
            Which::Ids(ids) => Some(ids.iter().cloned().collect()),
            Which::WithStatements => Some(
                statements
                    .iter()
                    .filter(|r| get(r, "current") == "true")
                    .map(|r| get(r, "household_id").to_string())
                    .collect(),
            ),
        };
        let keep = |id: &str| !id.is_empty() && wanted.as_ref().is_none_or(|w| w.contains(id));
        let mut households: BTreeMap<String, Household> = BTreeMap::new();
        for r in read(dir, "households.csv", &keep)? {
            let f = "households.csv";
            let members: Vec<(String, String)> = get(&r, "members")
                .split(';')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .zip(get(&r, "member_names").split(';').map(String::from))
                .collect();
            let id = get(&r, "household_id").to_string();
            households.insert(
                id.clone(),
                Household {
                    id,
                    address: get(&r, "address").to_string(),
                    postcode: get(&r, "postcode").to_string(),
                    members,
                    total_balance: money(&r, "total_balance", f)?,
                    total_arrears: money(&r, "total_arrears", f)?,
                    priority_arrears: money(&r, "priority_arrears", f)?,
                    non_priority_balance: money(&r, "non_priority_balance", f)?,
                    credits: money(&r, "credits", f)?,
                    oldest_arrears_date: get(&r, "oldest_arrears_date").to_string(),
                    breathing_space_active: get(&r, "breathing_space_active") == "true",
                    vulnerable: get(&r, "vulnerable") == "true",
                    enforcement_in_progress: get(&r, "enforcement_in_progress") == "true",
                    suspense_items: get(&r, "suspense_items").parse().unwrap_or(0),
                    accounts: Vec::new(),
                    exceptions: Vec::new(),
                    statement: None,
                    older_statements: Vec::new(),
                },
            );
        }
        for r in read(dir, "household_accounts.csv", &keep)? {
            let f = "household_accounts.csv";
            let Some(h) = households.get_mut(get(&r, "household_id")) else {
                continue;
            };
            let service_code = get(&r, "service");
            h.accounts.push(AccountLine {
                person_id: get(&r, "person_id").to_string(),
                role: get(&r, "role").to_string(),
                source: get(&r, "source").to_string(),
                account_ref: get(&r, "account_ref").to_string(),
                service: service_code
                    .parse()
                    .unwrap_or_else(|_| Service::Other(service_code.to_string())),
                stage: get(&r, "stage").to_string(),
                priority: if get(&r, "priority") == "priority" {
                    PriorityClass::Priority
                } else {
                    PriorityClass::NonPriority
                },
                enforcement: get(&r, "enforcement") == "true",
                balance: money(&r, "balance", f)?,
                arrears: money(&r, "arrears", f)?,
                not_yet_due: money(&r, "not_yet_due", f)?,
                credit: money(&r, "credit", f)?,
                ongoing_monthly: match get(&r, "ongoing_monthly") {
                    "" => None,
                    _ => Some(money(&r, "ongoing_monthly", f)?),
                },
                oldest_arrears_date: get(&r, "oldest_arrears_date").to_string(),
                source_row: get(&r, "source_row").to_string(),
                why: get(&r, "why").to_string(),
            });
        }
        for r in read(dir, "exceptions.csv", &keep)? {
            let Some(h) = households.get_mut(get(&r, "household_id")) else {
                continue;
            };
            h.exceptions.push(ExceptionLine {
                kind: get(&r, "kind").to_string(),
                person_id: get(&r, "person_id").to_string(),
                accounts: get(&r, "accounts").to_string(),
                amount: money(&r, "amount", "exceptions.csv")?,
                detail: get(&r, "detail").to_string(),
                source_rows: get(&r, "source_rows").to_string(),
            });
        }
        for r in statements.iter().filter(|r| keep(get(r, "household_id"))) {
            let Some(h) = households.get_mut(get(r, "household_id")) else {
                continue;
            };
            let taken_on = date(get(r, "taken_on"));
            if get(r, "current") != "true" {
                let entry = (get(r, "statement_ref").to_string(), taken_on);
                if !h.older_statements.contains(&entry) {
                    h.older_statements.push(entry);
                }
                continue;
            }
            let bad = |e: debt_core::Error| BatchError::Unreadable {
                file: dir.join("statements.csv"),
                message: e.to_string(),
            };
            let line = StatementLine::from_codes(
                get(r, "category"),
                get(r, "item"),
                get(r, "amount"),
                get(r, "frequency"),
            )
            .map_err(bad)?;
            let s = h.statement.get_or_insert_with(|| StatementFile {
                person_id: get(r, "person_id").to_string(),
                source: get(r, "source").to_string(),
                reference: get(r, "statement_ref").to_string(),
                taken_on,
                lines: Vec::new(),
            });
            s.lines.push((line, get(r, "source_row").to_string()));
        }
        if let Which::Ids(ids) = which {
            if let Some(missing) = ids.iter().find(|id| !households.contains_key(*id)) {
                return Err(BatchError::NotFound(format!(
                    "no household {missing} in {} (debt-batch show --find NAME finds one)",
                    dir.display()
                )));
            }
        }
        Ok(Night {
            as_of,
            settings,
            rates,
            households,
        })
    }

    /// The plan inputs for `household`: its statement (or `disposable`, an
    /// advisor's own monthly figure, which wins), each account with a
    /// balance as a debt, its breathing space, and the night's settings.
    /// `None` when there is neither a statement nor a figure.
    pub(crate) fn plan_input(
        &self,
        household: &Household,
        disposable: Option<Money>,
    ) -> Option<PlanInput> {
        let means = match (disposable, &household.statement) {
            (Some(d), _) => Means::Disposable(d),
            (None, Some(s)) => Means::Statement(s.statement()),
            (None, None) => return None,
        };
        let statement = household
            .statement
            .as_ref()
            .filter(|_| disposable.is_none());
        let debts = household
            .accounts
            .iter()
            .filter(|a| !a.balance.is_zero() || a.ongoing_monthly.is_some())
            .map(|a| {
                // The SFS way: rent and council tax are fixed costs on the
                // statement; when the statement carries one it is not taken
                // from the surplus again.
                let in_statement = statement.is_some_and(|s| match a.service {
                    Service::CouncilTax | Service::BusinessRates => s.has(SfsCategory::CouncilTax),
                    Service::HousingRent => s.has(SfsCategory::Rent),
                    _ => false,
                });
                let ongoing = match a.ongoing_monthly {
                    Some(m) if in_statement => OngoingLiability::InStatement(m),
                    Some(m) => OngoingLiability::FromSurplus(m),
                    None => OngoingLiability::None,
                };
                PlanDebt::new(a.id(), a.service.clone(), a.priority, a.balance, a.arrears)
                    .with_ongoing(ongoing)
            })
            .collect();
        let s = &self.settings;
        let mut options = PlanOptions::new(s.start_for(self.as_of), s.max_term_months);
        options.token_per_month = s.token_per_month;
        options.frequency = s.frequency;
        let mut input = PlanInput::new(means, debts, options);
        input.breathing_space_active = household.breathing_space_active;
        Some(input)
    }
}

/// A summary ready to render: the household, its plan (or why there is
/// none), and the advisor's changes.
#[derive(Debug, Clone)]
pub struct Summary<'a> {
    /// The household.
    pub household: &'a Household,
    /// The run's date.
    pub as_of: NaiveDate,
    /// The plan, or what stopped it.
    pub plan: Result<Plan, String>,
    /// The what-if changes applied, in words.
    pub changes: Vec<String>,
}

/// The summary of `household`, with `changes` applied to its plan inputs.
pub fn summarise<'a>(
    night: &Night,
    household: &'a Household,
    disposable: Option<Money>,
    changes: &[WhatIf],
) -> Summary<'a> {
    let plan = match night.plan_input(household, disposable) {
        None => Err("no income and expenditure statement is on file for this household: take one (or give --disposable) to make a plan".to_string()),
        Some(input) => input
            .what_if(changes, &night.rates)
            .map_err(|e| format!("the plan could not be made: {e}")),
    };
    let mut words: Vec<String> = Vec::new();
    if let Some(d) = disposable {
        words.push(format!("disposable income taken as {d} a month"));
    }
    words.extend(changes.iter().map(describe));
    Summary {
        household,
        as_of: night.as_of,
        plan,
        changes: words,
    }
}

/// A what-if change in words.
pub(crate) fn describe(change: &WhatIf) -> String {
    match change {
        WhatIf::SetLine {
            index,
            amount,
            frequency,
        } => format!("statement line {} set to {amount} {frequency}", index + 1),
        WhatIf::AddLine(l) => format!(
            "line added: {} {} ({}) {}",
            l.category, l.amount, l.item, l.frequency
        ),
        WhatIf::RemoveLine(i) => format!("statement line {} left out", i + 1),
        WhatIf::Disposable(m) => format!("disposable income taken as {m} a month"),
        WhatIf::Term(m) => format!("term of at most {m} months"),
        WhatIf::LeaveOut(id) => format!("debt {id} left out"),
        WhatIf::Frequency(f) => format!("{f} instalments"),
        WhatIf::Token(m) => format!("token payment of {m} a month"),
        WhatIf::Start(d) => format!("first instalment on {d}"),
        WhatIf::BreathingSpace(true) => "as if a breathing space were active".to_string(),
        WhatIf::BreathingSpace(false) => "as if no breathing space were active".to_string(),
    }
}

/// Writes the summaries of the households `which` names into the folder
/// `to`: a page and a Markdown file each, and the index. `run` gives the
/// run's date and settings when `dir` is its staging folder (no manifest
/// yet); without it they come from `dir`'s manifest. Returns how many
/// summaries, and how many of them carry a plan.
pub fn write_all(
    dir: &Path,
    which: Which<'_>,
    run: Option<(NaiveDate, ArrangementConfig)>,
    to: &Path,
) -> Result<(u64, u64), BatchError> {
    let night = match run {
        Some((as_of, settings)) => Night::load_with(dir, which, as_of, settings)?,
        None => Night::load(dir, which)?,
    };
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(to)
            .map_err(|e| BatchError::io(to, e))?;
    }
    let summaries: Vec<Summary<'_>> = night
        .households
        .values()
        .map(|h| summarise(&night, h, None, &[]))
        .collect();
    use rayon::prelude::*;
    summaries.par_iter().try_for_each(|s| {
        write_text(
            &to.join(format!("{}.html", s.household.id)),
            &render::html(s),
        )?;
        write_text(
            &to.join(format!("{}.md", s.household.id)),
            &render::markdown(s),
        )
    })?;
    write_text(
        &to.join("index.html"),
        &render::index(&summaries, night.as_of),
    )?;
    let plans = summaries.iter().filter(|s| s.plan.is_ok()).count();
    Ok((summaries.len() as u64, plans as u64))
}

/// Writes text to a new owner-only file.
pub(crate) fn write_text(path: &Path, text: &str) -> Result<(), BatchError> {
    use std::io::Write;
    let mut f = crate::files::create_private(path)?;
    f.write_all(text.as_bytes())
        .and_then(|_| f.flush())
        .map_err(|e| BatchError::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralised_cells_read_back_as_written() {
        assert_eq!(cell("'=HYPERLINK(1)"), "=HYPERLINK(1)");
        assert_eq!(cell("'-AS1"), "-AS1");
        assert_eq!(cell("'quoted"), "'quoted");
        assert_eq!(cell("SMITH"), "SMITH");
    }
}

//! `debt-batch show`: one household's view, read from last night's outputs
//! (households.csv, household_accounts.csv, household_account_years.csv,
//! exceptions.csv and the manifest) and printed for an officer, in seconds,
//! without running anything again.
//!
//! A household is found by its id, by a member's person id, by one of its
//! accounts (`source:reference`), or by a search of names, addresses and
//! postcodes. An account in no household is shown with the reason.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::error::BatchError;

/// What to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// A household by its id.
    Household(String),
    /// The household of a person.
    Person(String),
    /// The household of an account, `source:reference`.
    Account(String),
    /// Households whose members' names, address or postcode contain the
    /// text (case and spaces ignored).
    Find(String),
}

type Row = BTreeMap<String, String>;

/// Undoes the CSV outputs' formula neutralising of a text cell.
fn cell(text: &str) -> String {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => text.to_string(),
    }
}

fn read(dir: &Path, name: &str) -> Result<Vec<Row>, BatchError> {
    let path = dir.join(name);
    let mut reader = csv::Reader::from_path(&path).map_err(|e| BatchError::Unreadable {
        file: path.clone(),
        message: format!("{e} (is --out the folder of a run?)"),
    })?;
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| BatchError::Unreadable {
            file: path.clone(),
            message: e.to_string(),
        })?
        .iter()
        .map(String::from)
        .collect();
    reader
        .records()
        .map(|r| {
            r.map(|r| header.iter().cloned().zip(r.iter().map(cell)).collect())
                .map_err(|e| BatchError::Unreadable {
                    file: path.clone(),
                    message: e.to_string(),
                })
        })
        .collect()
}

fn get<'a>(row: &'a Row, column: &str) -> &'a str {
    row.get(column).map(String::as_str).unwrap_or("")
}

fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The household ids a query names, and accounts in no household it names.
fn find(query: &Query, households: &[Row], accounts: &[Row]) -> (Vec<String>, Vec<Row>) {
    let mut ids: Vec<String> = Vec::new();
    let mut unassigned = Vec::new();
    match query {
        Query::Household(id) => ids.extend(
            households
                .iter()
                .filter(|h| get(h, "household_id").eq_ignore_ascii_case(id.trim()))
                .map(|h| get(h, "household_id").to_string()),
        ),
        Query::Person(person) => {
            for h in households {
                if get(h, "members").split(';').any(|p| p == person.trim()) {
                    ids.push(get(h, "household_id").to_string());
                }
            }
            unassigned.extend(
                accounts
                    .iter()
                    .filter(|a| {
                        get(a, "household_id").is_empty() && get(a, "person_id") == person.trim()
                    })
                    .cloned(),
            );
        }
        Query::Account(key) => {
            let (source, reference) = key.split_once(':').unwrap_or(("", key.as_str()));
            for a in accounts {
                if get(a, "source") == source.trim() && get(a, "account_ref") == reference.trim() {
                    match get(a, "household_id") {
                        "" => unassigned.push(a.clone()),
                        id => ids.push(id.to_string()),
                    }
                }
            }
        }
        Query::Find(text) => {
            let wanted = fold(text);
            for h in households {
                let hay = fold(&format!(
                    "{} {} {}",
                    get(h, "member_names"),
                    get(h, "address"),
                    get(h, "postcode")
                ));
                if !wanted.is_empty() && hay.contains(&wanted) {
                    ids.push(get(h, "household_id").to_string());
                }
            }
        }
    }
    ids.sort();
    ids.dedup();
    (ids, unassigned)
}

/// The text `show` prints for `query`, from the outputs in `dir`.
pub fn show(dir: &Path, query: &Query) -> Result<String, BatchError> {
    let households = read(dir, "households.csv")?;
    let accounts = read(dir, "household_accounts.csv")?;
    let years = read(dir, "household_account_years.csv")?;
    let exceptions = read(dir, "exceptions.csv")?;
    let as_of = std::fs::read(dir.join("manifest.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .and_then(|v| v.get("as_of").and_then(|a| a.as_str()).map(String::from))
        .unwrap_or_default();
    let (ids, unassigned) = find(query, &households, &accounts);
    let mut out = String::new();
    if ids.is_empty() && unassigned.is_empty() {
        let _ = writeln!(
            out,
            "No household or account matches {query:?} in {}.",
            dir.display()
        );
        return Ok(out);
    }
    if ids.len() > 1 {
        let _ = writeln!(
            out,
            "{} households match; show one with --household ID:",
            ids.len()
        );
        for h in households
            .iter()
            .filter(|h| ids.iter().any(|id| id == get(h, "household_id")))
        {
            let _ = writeln!(
                out,
                "  {}  {} {}  {}  owes {}",
                get(h, "household_id"),
                get(h, "address"),
                get(h, "postcode"),
                get(h, "member_names").replace(';', ", "),
                get(h, "total_balance")
            );
        }
        return Ok(out);
    }
    if let Some(id) = ids.first() {
        if let Some(h) = households.iter().find(|h| get(h, "household_id") == id) {
            household(&mut out, h, &accounts, &years, &exceptions, &as_of);
        }
    }
    for a in &unassigned {
        let _ = writeln!(
            out,
            "{}:{} ({}) is in no household: {}",
            get(a, "source"),
            get(a, "account_ref"),
            get(a, "service").replace('_', " "),
            get(a, "unassigned_reason")
        );
        let _ = writeln!(
            out,
            "  balance {}  arrears {}  stage {}",
            get(a, "balance"),
            get(a, "arrears"),
            or_none(get(a, "stage"))
        );
    }
    Ok(out)
}

fn or_none(s: &str) -> &str {
    if s.is_empty() {
        "none"
    } else {
        s
    }
}

fn household(
    out: &mut String,
    h: &Row,
    accounts: &[Row],
    years: &[Row],
    exceptions: &[Row],
    as_of: &str,
) {
    let id = get(h, "household_id");
    let _ = writeln!(
        out,
        "Household {id}: {}, {}",
        get(h, "address"),
        get(h, "postcode")
    );
    let names: Vec<&str> = get(h, "member_names").split(';').collect();
    let persons: Vec<&str> = get(h, "members").split(';').collect();
    let members: Vec<String> = persons
        .iter()
        .zip(names.iter().chain(std::iter::repeat(&"")))
        .map(|(p, n)| format!("{n} ({p})"))
        .collect();
    let _ = writeln!(out, "Members: {}", members.join("; "));
    let mut flags = Vec::new();
    if get(h, "breathing_space_active") == "true" {
        flags.push("BREATHING SPACE ACTIVE: no enforcement or contact about the debts");
    }
    if get(h, "vulnerable") == "true" {
        flags.push("vulnerable member");
    }
    if get(h, "enforcement_in_progress") == "true" {
        flags.push("enforcement in progress");
    }
    if get(h, "suspense_items") != "0" && !get(h, "suspense_items").is_empty() {
        flags.push("suspense items may be theirs");
    }
    if !flags.is_empty() {
        let _ = writeln!(out, "Flags: {}", flags.join("; "));
    }
    let _ = writeln!(
        out,
        "As of {as_of}: owes {} in all; arrears {} (priority {}); non-priority {}; credits held {}",
        get(h, "total_balance"),
        get(h, "total_arrears"),
        get(h, "priority_arrears"),
        get(h, "non_priority_balance"),
        get(h, "credits")
    );
    let _ = writeln!(
        out,
        "Oldest arrears {}; furthest stage {} ({})",
        or_none(get(h, "oldest_arrears_date")),
        or_none(get(h, "highest_stage")),
        get(h, "highest_stage_service").replace('_', " ")
    );
    let _ = writeln!(out, "\nAccounts");
    let _ = writeln!(
        out,
        "  {:<27} {:<12} {:<16} {:<14} {:<12} {:>10} {:>10}  {:<20}",
        "service", "priority", "account", "person", "role", "balance", "arrears", "stage"
    );
    for a in accounts.iter().filter(|a| get(a, "household_id") == id) {
        let _ = writeln!(
            out,
            "  {:<27} {:<12} {:<16} {:<14} {:<12} {:>10} {:>10}  {:<20}{}",
            get(a, "service").replace('_', " "),
            get(a, "priority").replace('_', "-"),
            format!("{}:{}", get(a, "source"), get(a, "account_ref")),
            get(a, "person_id"),
            get(a, "role"),
            get(a, "balance"),
            get(a, "arrears"),
            or_none(get(a, "stage")),
            if get(a, "enforcement") == "true" {
                " ENFORCEMENT"
            } else {
                ""
            }
        );
        let _ = writeln!(
            out,
            "      why here: {} [{}]",
            get(a, "why"),
            get(a, "source_row")
        );
    }
    let household_years: Vec<&Row> = years
        .iter()
        .filter(|y| get(y, "household_id") == id)
        .collect();
    if !household_years.is_empty() {
        let _ = writeln!(out, "\nCouncil tax and business rates by year");
        for y in household_years {
            let _ = writeln!(
                out,
                "  {}:{} {}  arrears {}  not yet due {}  costs {}{}{}",
                get(y, "source"),
                get(y, "account_ref"),
                get(y, "financial_year"),
                get(y, "arrears"),
                get(y, "not_yet_due"),
                get(y, "costs"),
                match get(y, "stage") {
                    "" => String::new(),
                    s => format!("  stage {s}"),
                },
                match get(y, "limitation_date") {
                    "" => String::new(),
                    d => format!("  liability order by {d}"),
                }
            );
        }
    }
    let to_act: Vec<&Row> = exceptions
        .iter()
        .filter(|e| get(e, "household_id") == id)
        .collect();
    if !to_act.is_empty() {
        let _ = writeln!(out, "\nTo act on");
        for e in to_act {
            let _ = writeln!(
                out,
                "  - {} ({}): {}",
                get(e, "kind").replace('_', " "),
                get(e, "amount"),
                get(e, "detail")
            );
        }
    }
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

    #[test]
    fn a_search_ignores_case_and_spaces() {
        let h: Row = [
            ("household_id".to_string(), "H1".to_string()),
            ("member_names".to_string(), "SMITH, JOHN A".to_string()),
            ("address".to_string(), "12 High Street".to_string()),
            ("postcode".to_string(), "AS1 2HT".to_string()),
        ]
        .into();
        let (ids, _) = find(&Query::Find("as12ht".into()), std::slice::from_ref(&h), &[]);
        assert_eq!(ids, vec!["H1"]);
        let (ids, _) = find(&Query::Find("john a".into()), &[h], &[]);
        assert_eq!(ids, vec!["H1"]);
    }
}

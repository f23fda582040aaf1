//! The advice stage: each income and expenditure statement, put together
//! from its lines and placed in the household of the person it is about.
//!
//! A statement file has one row per line of a statement; the rows of one
//! statement share its reference. Each statement's subject is a record the
//! matching stage linked to a person like any other, so the statement lands
//! in that person's household. A household may hold several statements (two
//! members, or one taken again later): the latest taken (then the highest
//! reference) is the one its plan uses, and the others are still written to
//! `statements.csv` so an advisor can see them.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use debt_core::affordability::{Statement, StatementLine};

use crate::ingest::{InputFile, PeopleDetail, PeopleRecord};
use crate::matching::Matching;

/// One statement, placed.
#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdStatement {
    /// Its household; empty when its person is in none.
    pub household_id: String,
    /// The person it is about; empty when its record was not linked.
    pub person_id: String,
    /// The people source it came from.
    pub source: String,
    /// The statement's reference.
    pub reference: String,
    /// The day it was taken, when the file says.
    pub taken_on: Option<NaiveDate>,
    /// Whether it is the statement the household's plan uses.
    pub current: bool,
    /// Its lines in file order, each with its source row (`file:line`).
    pub lines: Vec<(StatementLine, String)>,
}

impl HouseholdStatement {
    /// The statement as debt-core takes it.
    pub(crate) fn statement(&self) -> Statement {
        let mut s = Statement::new(self.lines.iter().map(|(l, _)| l.clone()).collect());
        s.taken_on = self.taken_on;
        s
    }
}

/// Every statement, grouped from its lines and placed in its household:
/// sorted by household, then the current one first, then by reference.
pub(crate) fn statements(
    people: &[PeopleRecord],
    files: &[InputFile],
    matching: &Matching,
) -> Vec<HouseholdStatement> {
    // The records are sorted by key: a statement's subject is found by
    // search (a few thousand statements against a million records, whose
    // keys are not worth hashing for them).
    let record_of = |key: &str| {
        matching
            .records
            .binary_search_by(|r| r.key.as_str().cmp(key))
            .ok()
            .map(|i| &matching.records[i])
    };
    let mut grouped: BTreeMap<(&str, &str), HouseholdStatement> = BTreeMap::new();
    for p in people {
        let PeopleDetail::IncomeExpenditure { line, taken_on } = &p.detail else {
            continue;
        };
        let entry = grouped
            .entry((p.source.as_str(), p.record_ref.as_str()))
            .or_insert_with(|| {
                let record = record_of(&format!("{}:{}", p.source, p.record_ref));
                HouseholdStatement {
                    household_id: record
                        .map(|r| r.household_id.as_str())
                        .filter(|h| !h.starts_with("H-"))
                        .unwrap_or("")
                        .to_string(),
                    person_id: record.map(|r| r.person_id.clone()).unwrap_or_default(),
                    source: p.source.clone(),
                    reference: p.record_ref.clone(),
                    taken_on: None,
                    current: false,
                    lines: Vec::new(),
                }
            });
        // The statement's date is the latest any of its rows gives.
        entry.taken_on = entry.taken_on.max(*taken_on);
        let file = files
            .get(p.row.file as usize)
            .map(|f| f.display.as_str())
            .unwrap_or("");
        entry
            .lines
            .push((line.clone(), format!("{file}:{}", p.row.line)));
    }
    let mut all: Vec<HouseholdStatement> = grouped.into_values().collect();
    // Latest first within a household; a statement with no date last.
    all.sort_by(|a, b| {
        (&a.household_id, std::cmp::Reverse(a.taken_on), &b.reference).cmp(&(
            &b.household_id,
            std::cmp::Reverse(b.taken_on),
            &a.reference,
        ))
    });
    for i in 0..all.len() {
        let first = i == 0 || all[i - 1].household_id != all[i].household_id;
        all[i].current = first && !all[i].household_id.is_empty();
    }
    all
}

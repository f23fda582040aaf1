//! `statements.csv`: every income and expenditure statement line, placed in
//! its household, with its monthly figure; and the advisor summaries.

use debt_core::Money;

use super::schema::{Cell, Column, Kind};
use crate::advice::HouseholdStatement;

/// One line of one statement.
pub struct StatementRow<'a> {
    statement: &'a HouseholdStatement,
    index: usize,
    monthly: Option<Money>,
}

impl StatementRow<'_> {
    fn line(&self) -> &debt_core::affordability::StatementLine {
        &self.statement.lines[self.index].0
    }
}

/// Every statement's lines, in statement order.
pub(crate) fn statement_rows(statements: &[HouseholdStatement]) -> Vec<StatementRow<'_>> {
    let mut rows = Vec::new();
    for s in statements {
        // The monthly figures as debt-core works them out for the whole
        // statement (each line rounded once, no drift in the totals).
        let monthly = s.statement().summarise(None).ok();
        for index in 0..s.lines.len() {
            rows.push(StatementRow {
                statement: s,
                index,
                monthly: monthly
                    .as_ref()
                    .and_then(|m| m.lines.get(index))
                    .map(|l| l.monthly),
            });
        }
    }
    rows
}

/// The columns of `statements.csv`.
pub fn statement_columns<'a>() -> Vec<Column<'a, StatementRow<'a>>> {
    use Kind::*;
    type R<'x> = StatementRow<'x>;
    vec![
        Column::new("household_id", Text, |r: &R| {
            r.statement.household_id.as_str().into()
        }),
        Column::new("person_id", Text, |r: &R| {
            r.statement.person_id.as_str().into()
        }),
        Column::new("source", Text, |r: &R| r.statement.source.as_str().into()),
        Column::new("statement_ref", Text, |r: &R| {
            r.statement.reference.as_str().into()
        }),
        Column::new("taken_on", Date, |r: &R| Cell::Date(r.statement.taken_on)),
        Column::new("current", Flag, |r: &R| Cell::Flag(r.statement.current)),
        Column::new("line", Count, |r: &R| Cell::Count(r.index as u64 + 1)),
        Column::new("category", Text, |r: &R| r.line().category.code().into()),
        Column::new("section", Text, move |r: &R| {
            match r.line().category.section() {
                debt_core::affordability::Section::Income => "income",
                debt_core::affordability::Section::FixedCosts => "fixed_costs",
                debt_core::affordability::Section::FlexibleCosts => "flexible_costs",
                debt_core::affordability::Section::Savings => "savings",
            }
            .into()
        }),
        Column::new("item", Text, |r: &R| r.line().item.as_str().into()),
        Column::new("amount", Money, move |r: &R| Cell::Money(r.line().amount)),
        Column::new("frequency", Text, |r: &R| r.line().frequency.code().into()),
        Column::new("monthly", Money, |r: &R| {
            r.monthly.map(Cell::Money).unwrap_or(Cell::Null)
        }),
        Column::new("source_row", Text, |r: &R| {
            r.statement.lines[r.index].1.as_str().into()
        }),
    ]
}

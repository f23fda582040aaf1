//! One column list per output, rendered to CSV and to Parquet, so the two
//! can never drift: each [`Column`] has a name, a [`Kind`] and a function
//! giving its [`Cell`] for a row.
//!
//! The kind decides how a cell is written. Money is `1234.56` in CSV and
//! `Decimal(18, 2)` in Parquet (from exact pence, never a float); dates are
//! `yyyy-mm-dd` and Parquet `Date`; counts and flags are plain. Text cells
//! are neutralised against spreadsheet formula injection in CSV (OWASP): a
//! cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
//! leading `'`, so Excel shows it as text instead of running it. Money, date,
//! count and number columns are never changed, so a credit stays `-12.50`.
//! Parquet keeps every text exactly as read.

use std::borrow::Cow;

use chrono::NaiveDate;
use debt_core::Money;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text from the data or the run; neutralised in CSV.
    Text,
    /// Pounds and pence.
    Money,
    /// A date, or empty.
    Date,
    /// A whole number of things.
    Count,
    /// true / false.
    Flag,
    /// A signed whole number (a difference of counts).
    Integer,
    /// A measured ratio, weight or score, already formatted (never money).
    Number,
}

impl Kind {
    /// The name docs/outputs.md uses for the kind.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Money => "money",
            Kind::Date => "date",
            Kind::Count => "count",
            Kind::Flag => "flag",
            Kind::Integer => "integer",
            Kind::Number => "number",
        }
    }
}

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// Text.
    Text(Cow<'a, str>),
    /// Money.
    Money(Money),
    /// A date, or none.
    Date(Option<NaiveDate>),
    /// A count.
    Count(u64),
    /// A flag.
    Flag(bool),
    /// A signed whole number.
    Int(i64),
    /// A formatted number.
    Number(String),
    /// No value (empty in CSV, null in Parquet).
    Null,
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(s: &'a str) -> Cell<'a> {
        Cell::Text(Cow::Borrowed(s))
    }
}

impl From<String> for Cell<'_> {
    fn from(s: String) -> Self {
        Cell::Text(Cow::Owned(s))
    }
}

/// A cell's value for row type `T`.
pub type CellFn<'a, T> = Box<dyn for<'r> Fn(&'r T) -> Cell<'r> + Sync + 'a>;

/// One column of an output.
pub struct Column<'a, T> {
    /// Its name in the header (and the Parquet schema).
    pub name: Cow<'static, str>,
    /// What it holds.
    pub kind: Kind,
    cell: CellFn<'a, T>,
}

impl<'a, T> Column<'a, T> {
    /// A column.
    pub fn new(
        name: impl Into<Cow<'static, str>>,
        kind: Kind,
        cell: impl for<'r> Fn(&'r T) -> Cell<'r> + Sync + 'a,
    ) -> Column<'a, T> {
        Column {
            name: name.into(),
            kind,
            cell: Box::new(cell),
        }
    }

    /// The cell of `row`.
    pub(crate) fn cell<'r>(&self, row: &'r T) -> Cell<'r> {
        (self.cell)(row)
    }
}

/// Neutralises a text cell for CSV: a leading `'` before a character that
/// would make a spreadsheet read the cell as a formula
/// (`=HYPERLINK("x")` is written `'=HYPERLINK("x")`; `SMITH` as it is).
pub(crate) fn neutralise(text: &str) -> Cow<'_, str> {
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// A cell as CSV text.
pub(crate) fn csv_text<'c>(cell: &'c Cell<'_>) -> Cow<'c, str> {
    match cell {
        Cell::Text(t) => neutralise(t),
        Cell::Money(m) => Cow::Owned(m.to_string()),
        Cell::Date(d) => Cow::Owned(d.map(|d| d.to_string()).unwrap_or_default()),
        Cell::Count(n) => Cow::Owned(n.to_string()),
        Cell::Flag(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        Cell::Int(n) => Cow::Owned(n.to_string()),
        Cell::Number(n) => Cow::Borrowed(n),
        Cell::Null => Cow::Borrowed(""),
    }
}

/// The header of a column list.
pub(crate) fn header<'c, T>(columns: &'c [Column<'_, T>]) -> Vec<&'c str> {
    columns.iter().map(|c| c.name.as_ref()).collect()
}

/// Writes one row as a CSV record.
pub(crate) fn write_row<T>(
    w: &mut csv::Writer<Vec<u8>>,
    columns: &[Column<'_, T>],
    row: &T,
) -> csv::Result<()> {
    for c in columns {
        let cell = c.cell(row);
        w.write_field(csv_text(&cell).as_bytes())?;
    }
    w.write_record(None::<&[u8]>)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_formula_trigger_is_neutralised_and_nothing_else() {
        for bad in [
            "=1+1",
            "+1",
            "-1",
            "@SUM(1+1)*cmd|' /C calc'!A0",
            "\tx",
            "\rx",
        ] {
            assert_eq!(neutralise(bad), format!("'{bad}"));
        }
        for fine in ["SMITH, JOHN", "12 High St", "", "'quoted", "1-2"] {
            assert_eq!(neutralise(fine), fine);
        }
    }

    #[test]
    fn money_and_numbers_keep_their_minus_sign() {
        assert_eq!(csv_text(&Cell::Money(Money::from_pence(-1250))), "-12.50");
        assert_eq!(csv_text(&Cell::Number("-3.250".into())), "-3.250");
        assert_eq!(csv_text(&Cell::Text("-3.25".into())), "'-3.25");
    }
}

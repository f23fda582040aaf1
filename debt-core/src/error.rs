//! The one error type of debt-core.
//!
//! Every variant says what was wrong with which value, so that the batch can
//! put it in a reject row or a config error a finance officer can act on.
//! debt-core never panics on bad data; it returns one of these.

use chrono::NaiveDate;
use thiserror::Error as ThisError;

/// Everything that can go wrong in debt-core.
///
/// ```
/// use debt_core::{Error, Money};
/// match Money::parse("10.005") {
///     Err(Error::SubPenny(text)) => assert_eq!(text, "10.005"),
///     other => panic!("unexpected {other:?}"),
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, ThisError)]
#[non_exhaustive]
pub enum Error {
    /// An amount field was empty.
    #[error("amount is empty")]
    Empty,
    /// An amount is not in any form money is exported in.
    #[error("amount {0:?} is not a money amount (expected forms like 1234.56, -12.00, £1,234.56, (12.50))")]
    Invalid(String),
    /// An amount has non-zero digits below the penny.
    #[error("amount {0:?} has fractions of a penny")]
    SubPenny(String),
    /// An amount is larger than any real account could hold.
    #[error("amount {0:?} is out of range (at most 999,999,999,999.99)")]
    OutOfRange(String),
    /// Arithmetic overflowed (only possible far beyond realistic totals).
    #[error("arithmetic overflow in a money calculation")]
    Overflow,
    /// A pro-rata split was asked for with no weights.
    #[error("pro-rata allocation needs at least one weight")]
    NoWeights,
    /// A pro-rata split was given a negative weight.
    #[error("pro-rata allocation weights must not be negative")]
    NegativeWeight,
    /// A pro-rata split's weights add up to zero.
    #[error("pro-rata allocation weights add up to zero")]
    ZeroTotalWeight,
    /// A code or name does not name a known value (service, stage, kind...).
    #[error("unknown {what} {value:?}{}", expected_list(expected))]
    Unknown {
        /// What kind of value was looked up ("service", "recovery stage", ...).
        what: &'static str,
        /// The text that was not recognised.
        value: String,
        /// The accepted values, when there are few enough to list.
        expected: Vec<String>,
    },
    /// A date could not be read.
    #[error("date {value:?} does not match the format {format:?}")]
    BadDate {
        /// The text that was read.
        value: String,
        /// The format it was read with.
        format: String,
    },
    /// A date computation went outside the calendar chrono supports.
    #[error("date out of range after {0}")]
    DateOutOfRange(NaiveDate),
    /// An instalment plan cannot be built as asked.
    #[error("instalment plan: {0}")]
    Plan(String),
    /// A rate table (fees, periods) is malformed or has no rate for a date.
    #[error("rate table: {0}")]
    Rates(String),
    /// A transaction a [`crate::Ledger`] cannot hold (a date before 1970,
    /// an amount beyond £1.4 trillion, ...).
    #[error("{value} is outside what a ledger holds ({limit})")]
    LedgerLimit {
        /// Which part of the transaction ("date", "amount", ...).
        what: &'static str,
        /// The value given.
        value: String,
        /// What a ledger holds.
        limit: &'static str,
    },
    /// A ledger invariant did not hold (a bug, never bad data: please report).
    #[error("internal invariant broken: {0}")]
    Invariant(String),
    /// A financial year could not be read.
    #[error("financial year {0:?} is not in a form like 2026/27, 2026-27, 2026 or 202627")]
    BadFinancialYear(String),
    /// An amount that must be zero or more (a statement line, arrears, an
    /// ongoing liability, a token payment) is negative.
    #[error("{what}: amount {amount} is negative; record it as zero or more")]
    NegativeAmount {
        /// Which figure it is ("statement line 3 (Bus fares)", "arrears of ctax:CT0001").
        what: String,
        /// The amount given.
        amount: crate::money::Money,
    },
    /// Two debts given to one arrangement share an id.
    #[error("debt id {0:?} appears twice in the arrangement; each debt must be listed once")]
    DuplicateDebt(String),
    /// A what-if names a debt the arrangement does not hold.
    #[error("no debt {0:?} in the arrangement to leave out")]
    NoSuchDebt(String),
    /// A what-if names a statement line that does not exist.
    #[error("no statement line at index {index}: the statement has {lines} lines, indexed from 0")]
    NoSuchStatementLine {
        /// The index asked for (0 is the first line).
        index: usize,
        /// How many lines the statement has.
        lines: usize,
    },
    /// A what-if changes a statement line, but the arrangement was given a
    /// monthly disposable figure instead of a statement.
    #[error("this what-if changes a statement line, but the arrangement has a disposable figure, not a statement")]
    NoStatement,
    /// Text that is not a National Insurance number (the value is not
    /// repeated: it is personal data).
    #[error("not a National Insurance number: expected two letters (not D, F, I, Q, U or V; the second not O; not BG, GB, NK, KN, TN, NT or ZZ), six digits and a suffix A to D or none")]
    BadNino,
    /// An arrangement's maximum term is outside what a plan can run for.
    #[error("maximum term of {0} months: must be 1 to {max} months", max = crate::arrangement::MAX_TERM_MONTHS)]
    BadTerm(u32),
}

fn expected_list(expected: &[String]) -> String {
    if expected.is_empty() {
        String::new()
    } else {
        format!(" (expected one of: {})", expected.join(", "))
    }
}

/// Shorthand for results in debt-core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

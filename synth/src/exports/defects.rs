//! Planted defects: the bad rows a real export carries, one kind at a time,
//! each listed in `truth/defects.csv` with its file and line so that a test
//! can check that the batch rejects exactly these (with their class) or
//! counts them as duplicates, and nothing else.
//!
//! After any transaction row, with probability 6 in 20,000, one bad row of a
//! kind chosen uniformly among: `bad_date` (31 September, 29 February of a
//! common year, month 13, or the other system's date form), `bad_amount`
//! (`1O5.20`, `12.3.4`, fractions of a penny, ...), `unknown_account` (a
//! reference missing a digit), `unknown_code` (`XFR` / `TFR`), `duplicate`
//! (the previous row again, byte for byte) and `conflicting_duplicate` (the
//! previous row's transaction id with a different amount). So each kind is
//! about 1 in 20,000 rows. None of them is in the truth balances or the
//! control totals.

use chrono::{Datelike, NaiveDate};

use super::Style;
use crate::dates::{DateForm, DateText};
use crate::random::Rng;

/// Chance, after each row, of planting one bad row (of six kinds): each
/// kind is then about 1 in 20,000 rows.
pub const DEFECT_RATE: f64 = 6.0 / 20_000.0;

/// A kind of bad row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DefectKind {
    /// A date that is not one, or in the other system's form.
    BadDate,
    /// An amount that is not one.
    BadAmount,
    /// A reference no account has.
    UnknownAccount,
    /// A transaction code the config does not map.
    UnknownCode,
    /// The previous row again, byte for byte.
    Duplicate,
    /// The previous row's transaction id with a different amount.
    ConflictingDuplicate,
}

impl DefectKind {
    /// Every kind, in the order a draw picks them.
    pub const ALL: [DefectKind; 6] = [
        DefectKind::BadDate,
        DefectKind::BadAmount,
        DefectKind::UnknownAccount,
        DefectKind::UnknownCode,
        DefectKind::Duplicate,
        DefectKind::ConflictingDuplicate,
    ];

    /// As in `truth/defects.csv`: the reject class, or `duplicate` for an
    /// exact duplicate row (counted as a duplicate, not a reject).
    pub fn code(self) -> &'static str {
        match self {
            DefectKind::BadDate => "bad_date",
            DefectKind::BadAmount => "bad_amount",
            DefectKind::UnknownAccount => "unknown_account",
            DefectKind::UnknownCode => "unknown_code",
            DefectKind::Duplicate => "duplicate",
            DefectKind::ConflictingDuplicate => "conflicting_duplicate",
        }
    }
}

/// One planted bad row.
pub struct Defect {
    /// The file, relative to the output directory.
    pub file: &'static str,
    /// Its physical line (1 is the header).
    pub line: u64,
    /// What is wrong with it.
    pub kind: DefectKind,
}

/// A date that is not one: 31 of a 30-day month, 29 February of a common
/// year, month 13, or the other system's form.
pub fn bad_date(rng: &mut Rng, style: Style, d: NaiveDate, dates: &DateText) -> String {
    let y = d.year();
    let common = if y % 4 == 0 { y - 1 } else { y };
    let month30 = *rng.pick(&[4u32, 6, 9, 11]);
    match (style, rng.below(4)) {
        (Style::Revenues, 0) => format!("31/{month30:02}/{y}"),
        (Style::Revenues, 1) => format!("29/02/{common}"),
        (Style::Revenues, 2) => format!("{:02}/13/{y}", d.day()),
        (Style::Revenues, _) => dates.text(d, DateForm::Iso),
        (Style::Housing, 0) => format!("{y}-{month30:02}-31"),
        (Style::Housing, 1) => format!("{common}-02-29"),
        (Style::Housing, 2) => format!("{y}-13-{:02}", d.day()),
        (Style::Housing, _) => dates.text(d, DateForm::Dmy),
    }
}

/// An amount that is not one (a letter O for a zero, two points, a
/// fraction of a penny, a bare sign, N/A).
pub fn bad_amount(rng: &mut Rng, style: Style) -> &'static str {
    let choices: &'static [&'static str] = match style {
        Style::Revenues => &["1O5.20", "12.3.4", "12.505", "£", "N/A"],
        Style::Housing => &["1O5.20", "12.3.4", "12.505", "-", "N/A"],
    };
    rng.pick::<&str>(choices)
}

/// A reference missing its last digit(s): never a real one (revenues
/// references have 8 digits, housing ones RT and 6 or more).
pub fn unknown_account(account: &str) -> String {
    account.chars().take(7).collect()
}

/// A transfer code the config does not map, with its description.
pub fn unknown_code(style: Style) -> (&'static str, &'static str) {
    match style {
        Style::Revenues => ("XFR", "Transfer between accounts"),
        Style::Housing => ("TFR", "Transfer to former tenant account"),
    }
}

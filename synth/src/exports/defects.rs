//! Planted defects: the bad rows a real export carries, one kind at a time,
//! each listed in `truth/defects.csv` with its file and line so that a test
//! can check that the batch rejects exactly these (with their class) or
//! counts them as duplicates, and nothing else.
//!
//! After any transaction row, with probability 6 in 20,000, one bad row of a
//! kind chosen uniformly among those its style can carry
//! ([`Style::defect_kinds`]): `bad_date` (31 September, 29 February of a
//! common year, month 13, or another system's date form), `bad_amount`
//! (`1O5.20`, `12.3.4`, fractions of a penny, ...), `unknown_account` (a
//! reference missing a digit), `unknown_code` (`XFR`, `TFR`, `JNL`, `XFER`),
//! `duplicate` (the previous row again, byte for byte),
//! `conflicting_duplicate` (the previous row's transaction id with a
//! different amount) and, in receipts files, `missing_field` (a receipt with
//! no reference). So each kind is about 1 in 20,000 rows of council tax and
//! rent; the other systems' files, far smaller, carry one of each kind after
//! their first rows and then one bad row in 500. None of them is in the truth balances or the control totals; a
//! receipt among them that names no account is money held in suspense,
//! listed in `truth/suspense.csv`.

use chrono::{Datelike, NaiveDate};

use super::Style;
use crate::dates::{DateForm, DateText};
use crate::random::Rng;

/// Chance, after each row, of planting one bad row (of six kinds): each
/// kind is then about 1 in 20,000 rows.
pub const DEFECT_RATE: f64 = 6.0 / 20_000.0;

/// Chance of a bad row after each row of the other systems' transaction
/// files (smaller than council tax and rent), which also carry one of each
/// kind after their first rows.
pub const OTHER_DEFECT_RATE: f64 = 1.0 / 500.0;

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
    /// A receipt with no account reference at all.
    NoAccount,
}

impl DefectKind {
    /// The six kinds every transactions file with ids and types can carry,
    /// in the order a draw picks them.
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
            DefectKind::NoAccount => "missing_field",
        }
    }
}

/// One planted bad row.
pub struct Defect {
    /// The source whose file it is in (a people id for a people file).
    pub source: &'static str,
    /// The file, relative to the output directory.
    pub file: &'static str,
    /// Its physical line (1 is the header).
    pub line: u64,
    /// What is wrong with it.
    pub kind: DefectKind,
    /// For a valid receipt naming no account: the money it holds, in pence
    /// (listed in `truth/suspense.csv`).
    pub suspense: Option<i64>,
}

/// A date that is not one (31 of a 30-day month, 29 February of a common
/// year, month 13) in the style's own form, or a real date in a form the
/// style does not use.
pub fn bad_date(rng: &mut Rng, style: Style, d: NaiveDate, dates: &DateText) -> String {
    let y = d.year();
    let common = if y % 4 == 0 { y - 1 } else { y };
    let month30 = *rng.pick(&[4u32, 6, 9, 11]);
    let (day, month, year) = match rng.below(4) {
        0 => (31, month30, y),
        1 => (29, 2, common),
        2 => (d.day(), 13, y),
        _ => {
            let other = match style.date_form() {
                DateForm::Dmy | DateForm::Dash | DateForm::Dotted => DateForm::Iso,
                _ => DateForm::Dmy,
            };
            return dates.text(d, other);
        }
    };
    match style.date_form() {
        DateForm::Dmy => format!("{day:02}/{month:02}/{year}"),
        DateForm::Iso => format!("{year}-{month:02}-{day:02}"),
        DateForm::Dash => format!("{day:02}-{month:02}-{year}"),
        DateForm::Compact => format!("{year}{month:02}{day:02}"),
        DateForm::Dotted => format!("{day:02}.{month:02}.{year}"),
        DateForm::SlashIso => format!("{year}/{month:02}/{day:02}"),
        DateForm::Mon => format!("{day:02}-Feb-{year}"),
    }
}

/// An amount that is not one (a letter O for a zero, two points, a
/// fraction of a penny, a bare sign, N/A).
pub fn bad_amount(rng: &mut Rng, style: Style) -> &'static str {
    let choices: &'static [&'static str] = match style {
        Style::Revenues => &["1O5.20", "12.3.4", "12.505", "£", "N/A"],
        _ => &["1O5.20", "12.3.4", "12.505", "-", "N/A"],
    };
    rng.pick::<&str>(choices)
}

/// A reference missing its last digit(s): never a real one (revenues
/// references have 8 digits, housing ones RT and 6 or more).
pub fn unknown_account(account: &str) -> String {
    account.chars().take(7).collect()
}

/// A transfer code the config does not map, with its description (styles
/// with no type column never get one).
pub fn unknown_code(style: Style) -> (&'static str, &'static str) {
    match style {
        Style::Revenues => ("XFR", "Transfer between accounts"),
        Style::Housing => ("TFR", "Transfer to former tenant account"),
        Style::Rates => ("JNL", "Journal between accounts"),
        _ => ("XFER", "Transfer to another debt"),
    }
}

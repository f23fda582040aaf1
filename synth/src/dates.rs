//! Dates: the one as-of date, day arithmetic that never panics, financial
//! years, and the two written forms (`dd/mm/yyyy` and ISO) formatted once.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// A date from constant parts (`NaiveDate::MIN` for an impossible one, which
/// no constant here is).
pub const fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => date,
        None => NaiveDate::MIN,
    }
}

/// The as-of date of every generated data set: the day of the extract, of
/// the truth and of the control totals (Friday 20 November 2026).
pub const AS_OF: NaiveDate = ymd(2026, 11, 20);

/// `d` plus `n` days (minus for negative `n`); `d` itself should that leave
/// the calendar.
pub fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n.unsigned_abs())).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs())).unwrap_or(d)
    }
}

/// Days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days()
}

/// The day itself, or the next working day after a weekend, Christmas Day,
/// Boxing Day or New Year's Day.
pub fn next_weekday(d: NaiveDate) -> NaiveDate {
    let mut d = d;
    while matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
        || matches!((d.month(), d.day()), (12, 25) | (12, 26) | (1, 1))
    {
        d = add_days(d, 1);
    }
    d
}

/// The day itself when a Monday, else the next Monday.
pub fn monday_on_or_after(d: NaiveDate) -> NaiveDate {
    let back = i64::from(d.weekday().num_days_from_monday());
    if back == 0 {
        d
    } else {
        add_days(d, 7 - back)
    }
}

/// The financial year (April to March) a day falls in, by its first year.
pub fn fy_of(d: NaiveDate) -> i32 {
    if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    }
}

/// A financial year as systems write it: `2026/27`.
pub fn fy_label(fy: i32) -> String {
    format!("{}/{:02}", fy, (fy + 1) % 100)
}

/// Days in a financial year (365 or 366).
pub fn fy_days(fy: i32) -> i64 {
    days_between(ymd(fy, 4, 1), ymd(fy + 1, 4, 1))
}

/// How a system writes a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateForm {
    /// `20/11/2026` (revenues system).
    Dmy,
    /// `2026-11-20` (housing system, the evaluation set).
    Iso,
    /// `20-11-2026` (business rates system).
    Dash,
    /// `20261120` (benefits system).
    Compact,
    /// `20.11.2026` (finance system).
    Dotted,
    /// `2026/11/20` (debt recovery system).
    SlashIso,
    /// `20-Nov-2026` (parking system).
    Mon,
}

/// Month abbreviations for [`DateForm::Mon`].
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Formatted dates from 1920 to 2030, computed once: most rows of a large
/// council use a few thousand days, and formatting each anew dominated the
/// generator's time.
pub struct DateText {
    base: i32,
    dmy: Vec<[u8; 10]>,
    iso: Vec<[u8; 10]>,
}

impl Default for DateText {
    fn default() -> Self {
        DateText::new()
    }
}

impl DateText {
    /// Formats every day from 1920 to 2030 in both forms.
    pub fn new() -> DateText {
        let first = ymd(1920, 1, 1);
        let last = ymd(2030, 12, 31);
        let mut dmy = Vec::new();
        let mut iso = Vec::new();
        let mut d = first;
        while d <= last {
            let (y, m, day) = (d.year().unsigned_abs(), d.month(), d.day());
            let two = |n: u32| [b'0' + (n / 10) as u8, b'0' + (n % 10) as u8];
            let four = |n: u32| {
                [
                    b'0' + (n / 1000 % 10) as u8,
                    b'0' + (n / 100 % 10) as u8,
                    b'0' + (n / 10 % 10) as u8,
                    b'0' + (n % 10) as u8,
                ]
            };
            let (dd, mm, yyyy) = (two(day), two(m), four(y));
            dmy.push([
                dd[0], dd[1], b'/', mm[0], mm[1], b'/', yyyy[0], yyyy[1], yyyy[2], yyyy[3],
            ]);
            iso.push([
                yyyy[0], yyyy[1], yyyy[2], yyyy[3], b'-', mm[0], mm[1], b'-', dd[0], dd[1],
            ]);
            d = add_days(d, 1);
        }
        DateText {
            base: first.num_days_from_ce(),
            dmy,
            iso,
        }
    }

    /// Appends `d` in `form` (formatted on the spot outside 1920-2030).
    /// The other forms are rearranged from the two held.
    pub fn push(&self, buf: &mut Vec<u8>, d: NaiveDate, form: DateForm) {
        match form {
            DateForm::Dmy | DateForm::Iso => {}
            DateForm::Dash | DateForm::Dotted => {
                let start = buf.len();
                self.push(buf, d, DateForm::Dmy);
                let sep = if form == DateForm::Dash { b'-' } else { b'.' };
                for b in &mut buf[start..] {
                    if *b == b'/' {
                        *b = sep;
                    }
                }
                return;
            }
            DateForm::SlashIso | DateForm::Compact => {
                let start = buf.len();
                self.push(buf, d, DateForm::Iso);
                if form == DateForm::SlashIso {
                    for b in &mut buf[start..] {
                        if *b == b'-' {
                            *b = b'/';
                        }
                    }
                } else {
                    let mut i = start;
                    while i < buf.len() {
                        if buf[i] == b'-' {
                            buf.remove(i);
                        } else {
                            i += 1;
                        }
                    }
                }
                return;
            }
            DateForm::Mon => {
                let month = MONTHS[d.month0() as usize];
                buf.extend_from_slice(format!("{:02}-{month}-{}", d.day(), d.year()).as_bytes());
                return;
            }
        }
        let index = d.num_days_from_ce() - self.base;
        let table = match form {
            DateForm::Dmy => &self.dmy,
            _ => &self.iso,
        };
        match usize::try_from(index).ok().and_then(|i| table.get(i)) {
            Some(text) => buf.extend_from_slice(text),
            None => {
                let text = match form {
                    DateForm::Dmy => d.format("%d/%m/%Y").to_string(),
                    _ => d.format("%Y-%m-%d").to_string(),
                };
                buf.extend_from_slice(text.as_bytes());
            }
        }
    }

    /// `d` in `form`.
    pub fn text(&self, d: NaiveDate, form: DateForm) -> String {
        let mut buf = Vec::with_capacity(10);
        self.push(&mut buf, d, form);
        String::from_utf8_lossy(&buf).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_are_written_as_chrono_writes_them() {
        let dates = DateText::new();
        for d in [ymd(1920, 1, 1), ymd(1968, 2, 29), AS_OF, ymd(2030, 12, 31)] {
            assert_eq!(
                dates.text(d, DateForm::Dmy),
                d.format("%d/%m/%Y").to_string()
            );
            assert_eq!(
                dates.text(d, DateForm::Iso),
                d.format("%Y-%m-%d").to_string()
            );
        }
        assert_eq!(dates.text(ymd(1911, 6, 3), DateForm::Dmy), "03/06/1911");
        for (form, chrono_form) in [
            (DateForm::Dash, "%d-%m-%Y"),
            (DateForm::Compact, "%Y%m%d"),
            (DateForm::Dotted, "%d.%m.%Y"),
            (DateForm::SlashIso, "%Y/%m/%d"),
            (DateForm::Mon, "%d-%b-%Y"),
        ] {
            for d in [ymd(1968, 2, 29), AS_OF, ymd(2031, 1, 9)] {
                assert_eq!(dates.text(d, form), d.format(chrono_form).to_string());
            }
        }
    }

    #[test]
    fn payment_days_skip_weekends_and_bank_holidays_at_christmas() {
        assert_eq!(next_weekday(ymd(2026, 11, 21)), ymd(2026, 11, 23));
        assert_eq!(next_weekday(ymd(2026, 12, 25)), ymd(2026, 12, 28));
        assert_eq!(monday_on_or_after(AS_OF), ymd(2026, 11, 23));
        assert_eq!(fy_of(ymd(2027, 3, 31)), 2026);
        assert_eq!(fy_label(2026), "2026/27");
        assert_eq!(fy_days(2027), 366);
    }
}

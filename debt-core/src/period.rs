//! Financial years and monthly instalment plans.
//!
//! A UK council's financial year (and the council tax year) runs from 1 April
//! to 31 March. Council tax and business rates bills for a year are payable by
//! monthly instalments: by default 10, April to January; 12, April to March,
//! on request. When the year's amount is not a whole number of pounds per
//! instalment, the statutory schedule makes every instalment after the first
//! the same whole number of pounds and lets the first take the rest
//! (Council Tax (Administration and Enforcement) Regulations 1992, Sch. 1).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Error;
use crate::money::Money;

/// A financial year, named by the calendar year it starts in (2026 is
/// 1 April 2026 to 31 March 2027, written `2026/27`).
///
/// ```
/// use chrono::NaiveDate;
/// use debt_core::FinancialYear;
/// let year: FinancialYear = "2026/27".parse()?;
/// assert_eq!(year, FinancialYear::containing(NaiveDate::from_ymd_opt(2027, 3, 31).unwrap()));
/// assert_eq!(year.to_string(), "2026/27");
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FinancialYear(u16);

impl FinancialYear {
    /// The year starting in April of `start_year`, which the caller knows
    /// to be in range (a ledger's packed years, 1900 to 2154).
    #[inline]
    pub(crate) const fn starting_unchecked(start_year: u16) -> FinancialYear {
        FinancialYear(start_year)
    }

    /// The year starting 1 April of `start_year`. Years outside 1900..=2199
    /// are refused.
    ///
    /// ```
    /// assert!(debt_core::FinancialYear::starting(2026).is_ok());
    /// assert!(debt_core::FinancialYear::starting(20260).is_err());
    /// ```
    pub fn starting(start_year: i32) -> Result<FinancialYear, Error> {
        if (1900..=2199).contains(&start_year) {
            Ok(FinancialYear(start_year as u16))
        } else {
            Err(Error::BadFinancialYear(start_year.to_string()))
        }
    }

    /// The financial year a date falls in.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use debt_core::FinancialYear;
    /// let d = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
    /// assert_eq!(FinancialYear::containing(d).start_year(), 2025);
    /// ```
    pub fn containing(date: NaiveDate) -> FinancialYear {
        let start = if date.month() >= 4 {
            date.year()
        } else {
            date.year() - 1
        };
        FinancialYear(start.clamp(0, i32::from(u16::MAX)) as u16)
    }

    /// The calendar year the financial year starts in.
    ///
    /// ```
    /// assert_eq!(debt_core::FinancialYear::starting(2026).unwrap().start_year(), 2026);
    /// ```
    pub fn start_year(self) -> i32 {
        i32::from(self.0)
    }

    /// 1 April of the year.
    ///
    /// ```
    /// let y = debt_core::FinancialYear::starting(2026).unwrap();
    /// assert_eq!(y.first_day().to_string(), "2026-04-01");
    /// ```
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.start_year(), 4, 1).unwrap_or(NaiveDate::MIN)
    }

    /// 31 March of the following calendar year.
    ///
    /// ```
    /// let y = debt_core::FinancialYear::starting(2026).unwrap();
    /// assert_eq!(y.last_day().to_string(), "2027-03-31");
    /// ```
    pub fn last_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.start_year() + 1, 3, 31).unwrap_or(NaiveDate::MAX)
    }

    /// Parses `2026/27`, `2026-27`, `2026/2027`, `2026` or `202627`.
    ///
    /// ```
    /// use debt_core::FinancialYear;
    /// for text in ["2026/27", "2026-27", "2026/2027", "2026", "202627"] {
    ///     assert_eq!(FinancialYear::parse(text)?.start_year(), 2026);
    /// }
    /// assert!(FinancialYear::parse("2026/28").is_err());
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn parse(text: &str) -> Result<FinancialYear, Error> {
        let bad = || Error::BadFinancialYear(text.to_string());
        let t = text.trim();
        let digits_only = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let (start, end): (&str, Option<&str>) = match t.find(['/', '-']) {
            Some(i) => (&t[..i], Some(&t[i + 1..])),
            None if t.len() == 6 => (&t[..4], Some(&t[4..])),
            None => (t, None),
        };
        if start.len() != 4 || !digits_only(start) {
            return Err(bad());
        }
        let start_year: i32 = start.parse().map_err(|_| bad())?;
        if let Some(end) = end {
            if !digits_only(end) {
                return Err(bad());
            }
            let end_year: i32 = end.parse().map_err(|_| bad())?;
            let expected = match end.len() {
                2 => (start_year + 1) % 100,
                4 => start_year + 1,
                _ => return Err(bad()),
            };
            if end_year != expected {
                return Err(bad());
            }
        }
        FinancialYear::starting(start_year).map_err(|_| bad())
    }
}

impl fmt::Display for FinancialYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{:02}", self.0, (self.0 + 1) % 100)
    }
}

impl FromStr for FinancialYear {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        FinancialYear::parse(s)
    }
}

impl Serialize for FinancialYear {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FinancialYear {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// One instalment of a plan: a due date and an amount.
///
/// ```
/// use chrono::NaiveDate;
/// use debt_core::{Instalment, Money};
/// let i = Instalment { due: NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(), amount: Money::from_pence(15756) };
/// assert_eq!(i.amount.to_string(), "157.56");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instalment {
    /// When the instalment falls due.
    pub due: NaiveDate,
    /// How much falls due then.
    pub amount: Money,
}

/// The default monthly instalment scheme for council tax and business rates:
/// how many instalments (10 runs April to January, 12 April to March) and on
/// which day of the month they fall due.
///
/// ```
/// use debt_core::InstalmentScheme;
/// let s = InstalmentScheme::default();
/// assert_eq!((s.count(), s.day()), (10, 1));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct InstalmentScheme {
    count: u8,
    day: u8,
}

impl Default for InstalmentScheme {
    fn default() -> Self {
        InstalmentScheme { count: 10, day: 1 }
    }
}

impl InstalmentScheme {
    /// A scheme of `count` (1 to 12) monthly instalments falling due on `day`
    /// (1 to 28, so that every month has it), the first in April.
    ///
    /// ```
    /// use debt_core::InstalmentScheme;
    /// assert!(InstalmentScheme::new(12, 15).is_ok());
    /// assert!(InstalmentScheme::new(13, 1).is_err());
    /// assert!(InstalmentScheme::new(10, 31).is_err());
    /// ```
    pub fn new(count: u8, day: u8) -> Result<InstalmentScheme, Error> {
        if !(1..=12).contains(&count) {
            return Err(Error::Plan(format!(
                "{count} instalments: a year has 1 to 12 monthly instalments"
            )));
        }
        if !(1..=28).contains(&day) {
            return Err(Error::Plan(format!(
                "instalment day {day}: must be 1 to 28"
            )));
        }
        Ok(InstalmentScheme { count, day })
    }

    /// Number of instalments in a full year.
    pub fn count(self) -> u8 {
        self.count
    }

    /// Day of the month instalments fall due.
    pub fn day(self) -> u8 {
        self.day
    }

    /// The instalments for `total` charged for `year`, first posted on
    /// `posted`. A charge posted on or before the first instalment date runs
    /// the full scheme; one posted later runs monthly from the month after
    /// posting to the scheme's last month; if no month remains, the whole
    /// amount is due 14 days after posting. Amounts follow the statutory
    /// rule: every instalment after the first is the same whole number of
    /// pounds (the total divided by the count, rounded down), the first takes
    /// the rest. The instalments add up exactly to `total`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use debt_core::{FinancialYear, InstalmentScheme, Money};
    /// let year = FinancialYear::starting(2026)?;
    /// let plan = InstalmentScheme::default().plan(year, Money::parse("1534.56")?, NaiveDate::from_ymd_opt(2026, 3, 10).unwrap())?;
    /// assert_eq!(plan.len(), 10);
    /// assert_eq!(plan[0].amount.to_string(), "157.56");
    /// assert!(plan[1..].iter().all(|i| i.amount.to_string() == "153.00"));
    /// assert_eq!(plan[9].due.to_string(), "2027-01-01");
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn plan(
        self,
        year: FinancialYear,
        total: Money,
        posted: NaiveDate,
    ) -> Result<Vec<Instalment>, Error> {
        let first = year.first_day();
        let dates: Vec<NaiveDate> = (0..u32::from(self.count))
            .map(|k| {
                first
                    .checked_add_months(Months::new(k))
                    .and_then(|d| d.with_day(u32::from(self.day)))
                    .ok_or(Error::DateOutOfRange(first))
            })
            .collect::<Result<_, _>>()?;
        let remaining: Vec<NaiveDate> = match dates.first() {
            Some(d) if posted <= *d => dates,
            _ => {
                // Months strictly after the posting month.
                let posted_month = (posted.year(), posted.month());
                dates
                    .into_iter()
                    .filter(|d| (d.year(), d.month()) > posted_month)
                    .collect()
            }
        };
        if remaining.is_empty() {
            let due = posted
                .checked_add_days(Days::new(14))
                .ok_or(Error::DateOutOfRange(posted))?;
            return Ok(vec![Instalment { due, amount: total }]);
        }
        let amounts = statutory_split(total, remaining.len())?;
        Ok(remaining
            .into_iter()
            .zip(amounts)
            .map(|(due, amount)| Instalment { due, amount })
            .collect())
    }
}

/// Splits `total` into `count` instalments by the statutory rule: all but the
/// first are the same whole number of pounds (total ÷ count rounded towards
/// zero to the pound), the first takes the rest. Exact: the parts add up to
/// `total`. A negative total (a credit) is split the same way with negative
/// parts.
///
/// ```
/// use debt_core::{statutory_split, Money};
/// let parts = statutory_split(Money::parse("1000.00")?, 12)?;
/// assert_eq!(parts[0].to_string(), "87.00");
/// assert_eq!(parts[11].to_string(), "83.00");
/// assert_eq!(parts.iter().sum::<Money>(), Money::parse("1000.00")?);
/// # Ok::<(), debt_core::Error>(())
/// ```
pub fn statutory_split(total: Money, count: usize) -> Result<Vec<Money>, Error> {
    if count == 0 {
        return Err(Error::Plan(
            "an instalment plan needs at least one instalment".into(),
        ));
    }
    let pence = total.to_pence().ok_or(Error::Overflow)?;
    let n = count as i64;
    // Whole pounds, towards zero.
    let later = (pence / n) / 100 * 100;
    let first = pence - later * (n - 1);
    let mut parts = Vec::with_capacity(count);
    parts.push(Money::from_pence(first));
    parts.extend(std::iter::repeat_n(Money::from_pence(later), count - 1));
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn twelve_instalments_run_april_to_march() {
        let s = InstalmentScheme::new(12, 15).unwrap();
        let plan = s
            .plan(
                FinancialYear::starting(2026).unwrap(),
                Money::from_pence(120_000),
                d(2026, 3, 1),
            )
            .unwrap();
        assert_eq!(plan.len(), 12);
        assert_eq!(plan[0].due, d(2026, 4, 15));
        assert_eq!(plan[11].due, d(2027, 3, 15));
        assert!(plan.iter().all(|i| i.amount == Money::from_pence(10_000)));
    }

    #[test]
    fn mid_year_liability_runs_from_the_month_after_posting() {
        let plan = InstalmentScheme::default()
            .plan(
                FinancialYear::starting(2026).unwrap(),
                Money::from_pence(70_050),
                d(2026, 8, 12),
            )
            .unwrap();
        let dues: Vec<_> = plan.iter().map(|i| i.due).collect();
        assert_eq!(
            dues,
            vec![
                d(2026, 9, 1),
                d(2026, 10, 1),
                d(2026, 11, 1),
                d(2026, 12, 1),
                d(2027, 1, 1)
            ]
        );
        assert_eq!(plan[0].amount, Money::from_pence(14_050));
        assert_eq!(plan[1].amount, Money::from_pence(14_000));
    }

    #[test]
    fn liability_after_the_last_instalment_month_is_due_in_14_days() {
        let plan = InstalmentScheme::default()
            .plan(
                FinancialYear::starting(2026).unwrap(),
                Money::from_pence(30_000),
                d(2027, 2, 10),
            )
            .unwrap();
        assert_eq!(
            plan,
            vec![Instalment {
                due: d(2027, 2, 24),
                amount: Money::from_pence(30_000)
            }]
        );
    }

    #[test]
    fn financial_year_boundaries() {
        assert_eq!(FinancialYear::containing(d(2026, 4, 1)).start_year(), 2026);
        assert_eq!(FinancialYear::containing(d(2026, 3, 31)).start_year(), 2025);
        assert_eq!(
            FinancialYear::starting(1999).unwrap().to_string(),
            "1999/00"
        );
        assert!(FinancialYear::parse("26/27").is_err());
        assert!(FinancialYear::parse("2026/2028").is_err());
        assert!(FinancialYear::parse("abcd").is_err());
    }

    proptest! {
        #[test]
        fn statutory_split_conserves_and_later_parts_are_whole_pounds(pence in -100_000_000i64..100_000_000, count in 1usize..13) {
            let total = Money::from_pence(pence);
            let parts = statutory_split(total, count).unwrap();
            prop_assert_eq!(parts.len(), count);
            prop_assert_eq!(parts.iter().sum::<Money>(), total);
            for p in &parts[1..] {
                prop_assert_eq!(p.to_pence().unwrap() % 100, 0);
            }
        }
    }
}

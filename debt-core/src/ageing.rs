//! Ageing of arrears into buckets by how long each unpaid item has been due.
//!
//! Days are counted from the due date to the as-of date. The first two
//! buckets are by days (0-30, 31-90); the rest are by calendar anniversaries
//! of the due date, so that "over 6 years" means exactly past the sixth
//! anniversary, the limitation point for most of these debts:
//!
//! | bucket | overdue by |
//! |---|---|
//! | `0_30` | 0 to 30 days |
//! | `31_90` | 31 to 90 days |
//! | `91_365` | 91 days up to and including the first anniversary |
//! | `1_2y` | after the first anniversary, up to and including the second |
//! | `2_6y` | after the second, up to and including the sixth |
//! | `over_6y` | after the sixth anniversary: past limitation |

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::money::Money;

/// One ageing bucket.
///
/// ```
/// use chrono::NaiveDate;
/// use debt_core::AgeBucket;
/// let due = NaiveDate::from_ymd_opt(2020, 11, 20).unwrap();
/// let as_of = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
/// assert_eq!(AgeBucket::for_due_date(due, as_of), Some(AgeBucket::Over6Years));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum AgeBucket {
    /// 0 to 30 days overdue.
    Days0To30,
    /// 31 to 90 days overdue.
    Days31To90,
    /// 91 days to the first anniversary.
    Days91To365,
    /// After the first anniversary, to the second.
    Years1To2,
    /// After the second anniversary, to the sixth.
    Years2To6,
    /// After the sixth anniversary: past limitation.
    Over6Years,
}

impl AgeBucket {
    /// All buckets, youngest first.
    pub const ALL: [AgeBucket; 6] = [
        AgeBucket::Days0To30,
        AgeBucket::Days31To90,
        AgeBucket::Days91To365,
        AgeBucket::Years1To2,
        AgeBucket::Years2To6,
        AgeBucket::Over6Years,
    ];

    /// The column-name suffix used in outputs (`age_0_30`, ...).
    ///
    /// ```
    /// assert_eq!(debt_core::AgeBucket::Years2To6.label(), "2_6y");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            AgeBucket::Days0To30 => "0_30",
            AgeBucket::Days31To90 => "31_90",
            AgeBucket::Days91To365 => "91_365",
            AgeBucket::Years1To2 => "1_2y",
            AgeBucket::Years2To6 => "2_6y",
            AgeBucket::Over6Years => "over_6y",
        }
    }

    /// The bucket of an item due on `due` as at `as_of`, or `None` when it
    /// is not yet due.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use debt_core::AgeBucket;
    /// let as_of = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    /// assert_eq!(AgeBucket::for_due_date(as_of, as_of), Some(AgeBucket::Days0To30));
    /// assert_eq!(AgeBucket::for_due_date(as_of.succ_opt().unwrap(), as_of), None);
    /// ```
    pub fn for_due_date(due: NaiveDate, as_of: NaiveDate) -> Option<AgeBucket> {
        let days = (as_of - due).num_days();
        if days < 0 {
            return None;
        }
        let anniversary = |years: u32| {
            due.checked_add_months(Months::new(12 * years))
                .unwrap_or(NaiveDate::MAX)
        };
        Some(if days <= 30 {
            AgeBucket::Days0To30
        } else if days <= 90 {
            AgeBucket::Days31To90
        } else if as_of <= anniversary(1) {
            AgeBucket::Days91To365
        } else if as_of <= anniversary(2) {
            AgeBucket::Years1To2
        } else if as_of <= anniversary(6) {
            AgeBucket::Years2To6
        } else {
            AgeBucket::Over6Years
        })
    }
}

/// Arrears split by age. The buckets add up to the arrears they were built
/// from.
///
/// ```
/// use debt_core::{AgeBucket, Ageing, Money};
/// let mut ageing = Ageing::default();
/// ageing.add(AgeBucket::Days31To90, Money::from_pence(500));
/// ageing.add(AgeBucket::Over6Years, Money::from_pence(250));
/// assert_eq!(ageing.total(), Money::from_pence(750));
/// assert_eq!(ageing.get(AgeBucket::Over6Years), Money::from_pence(250));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Ageing {
    buckets: [Money; 6],
}

impl Ageing {
    /// Adds an amount to a bucket.
    pub fn add(&mut self, bucket: AgeBucket, amount: Money) {
        self.buckets[bucket as usize] += amount;
    }

    /// The amount in a bucket.
    pub fn get(&self, bucket: AgeBucket) -> Money {
        self.buckets[bucket as usize]
    }

    /// Every bucket with its amount, youngest first.
    ///
    /// ```
    /// assert_eq!(debt_core::Ageing::default().iter().count(), 6);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (AgeBucket, Money)> + '_ {
        AgeBucket::ALL.iter().map(move |b| (*b, self.get(*b)))
    }

    /// The sum of all buckets.
    pub fn total(&self) -> Money {
        self.buckets.iter().sum()
    }

    /// The part past the limitation point (over 6 years).
    ///
    /// ```
    /// assert!(debt_core::Ageing::default().past_limitation().is_zero());
    /// ```
    pub fn past_limitation(&self) -> Money {
        self.get(AgeBucket::Over6Years)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn ageing_buckets_at_their_boundaries() {
        let as_of = d(2026, 11, 20);
        let days_before = |n: u64| as_of.checked_sub_days(chrono::Days::new(n)).unwrap();
        use AgeBucket::*;
        let cases = [
            (days_before(0), Days0To30),
            (days_before(30), Days0To30),
            (days_before(31), Days31To90),
            (days_before(90), Days31To90),
            (days_before(91), Days91To365),
            (d(2025, 11, 20), Days91To365), // first anniversary is today
            (d(2025, 11, 19), Years1To2),
            (d(2024, 11, 20), Years1To2), // second anniversary is today
            (d(2024, 11, 19), Years2To6),
            (d(2020, 11, 20), Years2To6), // sixth anniversary is today: still in time
            (d(2020, 11, 19), Over6Years), // past limitation
        ];
        for (due, bucket) in cases {
            assert_eq!(
                AgeBucket::for_due_date(due, as_of),
                Some(bucket),
                "due {due}"
            );
        }
        assert_eq!(AgeBucket::for_due_date(d(2026, 11, 21), as_of), None);
    }

    #[test]
    fn leap_day_anniversary_is_end_of_february() {
        // 29 Feb 2024 + 1 year = 28 Feb 2025.
        assert_eq!(
            AgeBucket::for_due_date(d(2024, 2, 29), d(2025, 2, 28)),
            Some(AgeBucket::Days91To365)
        );
        assert_eq!(
            AgeBucket::for_due_date(d(2024, 2, 29), d(2025, 3, 1)),
            Some(AgeBucket::Years1To2)
        );
    }
}

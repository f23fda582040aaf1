//! Breathing space (the Debt Respite Scheme, England and Wales).
//!
//! While a breathing space is active, creditors must stop enforcement and
//! contact about the debt and must not add interest, fees or charges. A
//! standard breathing space lasts a fixed number of days from its start; a
//! mental health crisis breathing space lasts for the crisis treatment plus a
//! number of days after it. Both lengths come from the dated
//! [`BreathingSpaceRules`] table.

use std::str::FromStr;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::rates::{BreathingSpaceRules, RateTable};

/// The two kinds of breathing space.
///
/// ```
/// assert_eq!("mental_health_crisis".parse::<debt_core::BreathingSpaceKind>()?,
///            debt_core::BreathingSpaceKind::MentalHealthCrisis);
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BreathingSpaceKind {
    /// A standard breathing space (60 days in the 2021 rules).
    Standard,
    /// A mental health crisis breathing space (treatment plus 30 days).
    MentalHealthCrisis,
}

impl FromStr for BreathingSpaceKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "standard" => Ok(BreathingSpaceKind::Standard),
            "mental_health_crisis" => Ok(BreathingSpaceKind::MentalHealthCrisis),
            _ => Err(Error::Unknown {
                what: "breathing space type",
                value: s.to_string(),
                expected: vec!["standard".into(), "mental_health_crisis".into()],
            }),
        }
    }
}

/// A breathing space notice.
///
/// ```
/// use chrono::NaiveDate;
/// use debt_core::{BreathingSpace, BreathingSpaceKind, BreathingSpaceRules};
/// let rules = BreathingSpaceRules { effective_from: NaiveDate::from_ymd_opt(2021, 5, 4).unwrap(), standard_days: 60, mental_health_crisis_extra_days: 30 };
/// let start = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
/// let bs = BreathingSpace { kind: BreathingSpaceKind::Standard, start, crisis_treatment_end: None, ended_on: None };
/// // Day 1 is the start; the 60th and last day is 29 November.
/// assert_eq!(bs.last_day(&rules), Some(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()));
/// assert!(bs.is_active_on(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(), &rules));
/// assert!(!bs.is_active_on(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(), &rules));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreathingSpace {
    /// Standard or mental health crisis.
    pub kind: BreathingSpaceKind,
    /// The first day of the breathing space.
    pub start: NaiveDate,
    /// Mental health crisis only: the day the crisis treatment ended, if it has.
    pub crisis_treatment_end: Option<NaiveDate>,
    /// A recorded early end (cancelled by the debt adviser), if any.
    pub ended_on: Option<NaiveDate>,
}

impl BreathingSpace {
    /// The last day the breathing space is in force, or `None` while a
    /// mental health crisis treatment has no end yet (open-ended).
    pub fn last_day(&self, rules: &BreathingSpaceRules) -> Option<NaiveDate> {
        let natural = match self.kind {
            BreathingSpaceKind::Standard => {
                let days = u64::from(rules.standard_days.max(1) - 1);
                Some(
                    self.start
                        .checked_add_days(Days::new(days))
                        .unwrap_or(NaiveDate::MAX),
                )
            }
            BreathingSpaceKind::MentalHealthCrisis => self.crisis_treatment_end.map(|end| {
                end.checked_add_days(Days::new(u64::from(rules.mental_health_crisis_extra_days)))
                    .unwrap_or(NaiveDate::MAX)
            }),
        };
        match (natural, self.ended_on) {
            (Some(n), Some(e)) => Some(n.min(e)),
            (None, Some(e)) => Some(e),
            (n, None) => n,
        }
    }

    /// Whether it is in force on `date`.
    pub fn is_active_on(&self, date: NaiveDate, rules: &BreathingSpaceRules) -> bool {
        date >= self.start && self.last_day(rules).is_none_or(|last| date <= last)
    }

    /// Whether it is in force on `date`, with the rules in force at its start
    /// taken from the dated table.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use debt_core::{BreathingSpace, BreathingSpaceKind, BreathingSpaceRules, RateTable};
    /// let table = RateTable::new(vec![BreathingSpaceRules { effective_from: NaiveDate::from_ymd_opt(2021, 5, 4).unwrap(), standard_days: 60, mental_health_crisis_extra_days: 30 }])?;
    /// let bs = BreathingSpace { kind: BreathingSpaceKind::MentalHealthCrisis, start: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(), crisis_treatment_end: None, ended_on: None };
    /// assert!(bs.is_active_by_table(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(), &table)?);
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn is_active_by_table(
        &self,
        date: NaiveDate,
        table: &RateTable<BreathingSpaceRules>,
    ) -> Result<bool, Error> {
        Ok(self.is_active_on(date, table.at(self.start)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> BreathingSpaceRules {
        BreathingSpaceRules {
            effective_from: NaiveDate::from_ymd_opt(2021, 5, 4).unwrap(),
            standard_days: 60,
            mental_health_crisis_extra_days: 30,
        }
    }

    #[test]
    fn mental_health_crisis_runs_30_days_after_treatment() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let bs = BreathingSpace {
            kind: BreathingSpaceKind::MentalHealthCrisis,
            start: d(3, 1),
            crisis_treatment_end: Some(d(9, 1)),
            ended_on: None,
        };
        assert_eq!(bs.last_day(&rules()), Some(d(10, 1)));
        assert!(bs.is_active_on(d(10, 1), &rules()));
        assert!(!bs.is_active_on(d(10, 2), &rules()));
        assert!(!bs.is_active_on(d(2, 28), &rules()));
    }

    #[test]
    fn an_early_end_cuts_it_short() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let bs = BreathingSpace {
            kind: BreathingSpaceKind::Standard,
            start: d(10, 1),
            crisis_treatment_end: None,
            ended_on: Some(d(10, 10)),
        };
        assert!(!bs.is_active_on(d(10, 11), &rules()));
    }
}

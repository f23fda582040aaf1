//! Dated rate tables: the figures that change over time.
//!
//! Enforcement agent fees and breathing space lengths are set by regulation
//! and change; they live in a table an officer can update (TOML or CSV), each
//! row effective from a date, never in code. The rate in force on a date is
//! the row with the latest `effective_from` on or before it.
//!
//! ```
//! use chrono::NaiveDate;
//! use debt_core::{FeeStage, Money, Rates};
//! let rates = Rates::from_toml_str(r#"
//!     [[enforcement_fees]]
//!     effective_from = "2014-04-06"
//!     compliance = "75.00"
//!     enforcement = "235.00"
//!     enforcement_percent = "7.5"
//!     sale = "110.00"
//!     sale_percent = "7.5"
//!     threshold = "1500.00"
//!
//!     [[breathing_space]]
//!     effective_from = "2021-05-04"
//!     standard_days = 60
//!     mental_health_crisis_extra_days = 30
//! "#)?;
//! let on = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
//! let fees = rates.enforcement_fees.at(on)?;
//! assert_eq!(fees.fee(FeeStage::Enforcement, Money::parse("10000.00")?).to_string(), "872.50");
//! # Ok::<(), debt_core::Error>(())
//! ```

use std::io::Read;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::money::Money;

/// A row of a rate table: rates effective from a date.
pub trait Dated {
    /// The first day these rates apply.
    fn effective_from(&self) -> NaiveDate;
}

/// Rows effective from successive dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RateTable<T> {
    rows: Vec<T>,
}

impl<T: Dated> RateTable<T> {
    /// A table from rows in any order; two rows from the same date are an
    /// error, as is an empty table.
    pub fn new(mut rows: Vec<T>) -> Result<RateTable<T>, Error> {
        if rows.is_empty() {
            return Err(Error::Rates("the table has no rows".into()));
        }
        rows.sort_by_key(|r| r.effective_from());
        if let Some(pair) = rows
            .windows(2)
            .find(|w| w[0].effective_from() == w[1].effective_from())
        {
            return Err(Error::Rates(format!(
                "two rows are effective from {}",
                pair[0].effective_from()
            )));
        }
        Ok(RateTable { rows })
    }

    /// The rates in force on `date`, or an error if the table starts later.
    pub fn at(&self, date: NaiveDate) -> Result<&T, Error> {
        self.rows
            .iter()
            .rev()
            .find(|r| r.effective_from() <= date)
            .ok_or_else(|| Error::Rates(format!("no rate in force on {date}")))
    }

    /// All rows, earliest first.
    pub fn rows(&self) -> &[T] {
        &self.rows
    }
}

impl<T: Dated + DeserializeOwned> RateTable<T> {
    /// Reads a table from CSV with a header row naming the fields.
    ///
    /// ```
    /// use debt_core::{BreathingSpaceRules, RateTable};
    /// let csv = "effective_from,standard_days,mental_health_crisis_extra_days\n2021-05-04,60,30\n";
    /// let table: RateTable<BreathingSpaceRules> = RateTable::from_csv(csv.as_bytes())?;
    /// assert_eq!(table.rows()[0].standard_days, 60);
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn from_csv<R: Read>(reader: R) -> Result<RateTable<T>, Error> {
        let mut csv = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(reader);
        let mut rows = Vec::new();
        for (index, row) in csv.deserialize::<T>().enumerate() {
            rows.push(row.map_err(|e| Error::Rates(format!("row {}: {e}", index + 2)))?);
        }
        RateTable::new(rows)
    }
}

/// The enforcement stage a fee is for (Taking Control of Goods (Fees)
/// Regulations 2014).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeStage {
    /// Compliance stage: a fixed fee.
    Compliance,
    /// Enforcement stage: a fixed fee plus a percentage of the sum above the threshold.
    Enforcement,
    /// Sale stage: a fixed fee plus a percentage of the sum above the threshold.
    Sale,
}

/// Enforcement agent fees in force from a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnforcementFees {
    /// First day in force.
    pub effective_from: NaiveDate,
    /// Compliance stage fee.
    pub compliance: Money,
    /// Enforcement stage fixed fee.
    pub enforcement: Money,
    /// Enforcement stage percentage (7.5 means 7.5%) of the sum above the threshold.
    pub enforcement_percent: Decimal,
    /// Sale stage fixed fee.
    pub sale: Money,
    /// Sale stage percentage of the sum above the threshold.
    pub sale_percent: Decimal,
    /// The sum above which the percentage applies.
    pub threshold: Money,
}

impl Dated for EnforcementFees {
    fn effective_from(&self) -> NaiveDate {
        self.effective_from
    }
}

impl EnforcementFees {
    /// The fee for `stage` on a sum to be recovered of `sum`: the fixed fee,
    /// plus for enforcement and sale the percentage of the part of `sum`
    /// above the threshold, rounded to the penny half-up.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use rust_decimal::Decimal;
    /// use debt_core::{EnforcementFees, FeeStage, Money};
    /// # let fees = EnforcementFees { effective_from: NaiveDate::from_ymd_opt(2014, 4, 6).unwrap(),
    /// #   compliance: Money::from_pence(7500), enforcement: Money::from_pence(23500), enforcement_percent: Decimal::new(75, 1),
    /// #   sale: Money::from_pence(11000), sale_percent: Decimal::new(75, 1), threshold: Money::from_pence(150_000) };
    /// assert_eq!(fees.fee(FeeStage::Compliance, Money::from_pence(999_999)).to_string(), "75.00");
    /// assert_eq!(fees.fee(FeeStage::Sale, Money::parse("2000.00")?).to_string(), "147.50");
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn fee(&self, stage: FeeStage, sum: Money) -> Money {
        let (fixed, percent) = match stage {
            FeeStage::Compliance => return self.compliance,
            FeeStage::Enforcement => (self.enforcement, self.enforcement_percent),
            FeeStage::Sale => (self.sale, self.sale_percent),
        };
        let excess = (sum - self.threshold).max_zero();
        fixed + excess.mul_rounded(percent / Decimal::ONE_HUNDRED)
    }
}

/// How long a breathing space lasts, in force from a date (Debt Respite
/// Scheme (Breathing Space Moratorium and Mental Health Crisis Moratorium)
/// (England and Wales) Regulations 2020).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreathingSpaceRules {
    /// First day in force.
    pub effective_from: NaiveDate,
    /// Length of a standard breathing space in days, counting its first day.
    pub standard_days: u32,
    /// Days a mental health crisis breathing space runs on after the crisis
    /// treatment ends.
    pub mental_health_crisis_extra_days: u32,
}

impl Dated for BreathingSpaceRules {
    fn effective_from(&self) -> NaiveDate {
        self.effective_from
    }
}

/// Every dated rate table the crate uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rates {
    /// Enforcement agent fees.
    pub enforcement_fees: RateTable<EnforcementFees>,
    /// Breathing space lengths.
    pub breathing_space: RateTable<BreathingSpaceRules>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RatesFile {
    enforcement_fees: Vec<EnforcementFees>,
    breathing_space: Vec<BreathingSpaceRules>,
}

impl Rates {
    /// Reads every table from one TOML document (see the module example).
    /// The text is given, not a path: debt-core does no file I/O.
    pub fn from_toml_str(text: &str) -> Result<Rates, Error> {
        let file: RatesFile = toml::from_str(text).map_err(|e| Error::Rates(e.to_string()))?;
        Ok(Rates {
            enforcement_fees: RateTable::new(file.enforcement_fees)
                .map_err(|e| Error::Rates(format!("enforcement_fees: {e}")))?,
            breathing_space: RateTable::new(file.breathing_space)
                .map_err(|e| Error::Rates(format!("breathing_space: {e}")))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statutory() -> Rates {
        Rates::from_toml_str(include_str!("../../config/rates.toml")).unwrap()
    }

    fn fee_at(stage: FeeStage, sum: &str) -> String {
        let rates = statutory();
        let fees = rates
            .enforcement_fees
            .at(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap())
            .unwrap();
        fees.fee(stage, Money::parse(sum).unwrap()).to_string()
    }

    #[test]
    fn enforcement_fee_at_1500_1500_01_and_10000() {
        assert_eq!(fee_at(FeeStage::Enforcement, "1500.00"), "235.00");
        // 7.5% of one penny is 0.075p: rounds to nothing.
        assert_eq!(fee_at(FeeStage::Enforcement, "1500.01"), "235.00");
        assert_eq!(fee_at(FeeStage::Enforcement, "10000.00"), "872.50");
        assert_eq!(fee_at(FeeStage::Enforcement, "1500.07"), "235.01");
    }

    #[test]
    fn sale_fee_at_1500_1500_01_and_10000() {
        assert_eq!(fee_at(FeeStage::Sale, "1500.00"), "110.00");
        assert_eq!(fee_at(FeeStage::Sale, "1500.01"), "110.00");
        assert_eq!(fee_at(FeeStage::Sale, "10000.00"), "747.50");
    }

    #[test]
    fn compliance_fee_is_fixed() {
        assert_eq!(fee_at(FeeStage::Compliance, "10000.00"), "75.00");
    }

    #[test]
    fn rate_in_force_is_the_latest_on_or_before_the_date() {
        let toml = include_str!("../../config/rates.toml").to_string()
            + "\n[[enforcement_fees]]\neffective_from = \"2027-04-01\"\ncompliance = \"90.00\"\nenforcement = \"280.00\"\nenforcement_percent = \"7.5\"\nsale = \"130.00\"\nsale_percent = \"7.5\"\nthreshold = \"1500.00\"\n";
        let rates = Rates::from_toml_str(&toml).unwrap();
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            rates
                .enforcement_fees
                .at(d(2027, 3, 31))
                .unwrap()
                .compliance,
            Money::from_pence(7500)
        );
        assert_eq!(
            rates.enforcement_fees.at(d(2027, 4, 1)).unwrap().compliance,
            Money::from_pence(9000)
        );
        assert!(rates.enforcement_fees.at(d(2014, 4, 5)).is_err());
    }

    #[test]
    fn malformed_tables_are_errors_not_panics() {
        assert!(Rates::from_toml_str("").is_err());
        assert!(Rates::from_toml_str("[[enforcement_fees]]\neffective_from = \"x\"").is_err());
        let dup = include_str!("../../config/rates.toml").to_string() + "\n[[breathing_space]]\neffective_from = \"2021-05-04\"\nstandard_days = 1\nmental_health_crisis_extra_days = 1\n";
        let err = Rates::from_toml_str(&dup).unwrap_err().to_string();
        assert!(err.contains("2021-05-04"), "{err}");
        let bad_csv = "effective_from,standard_days\n2021-05-04,sixty\n";
        assert!(RateTable::<BreathingSpaceRules>::from_csv(bad_csv.as_bytes()).is_err());
    }
}

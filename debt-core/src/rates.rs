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

use crate::affordability::{Composition, SfsCategory};
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

/// One trigger figure: the monthly level of an SFS category above which a
/// creditor may ask the household why, for households of at least this
/// many adults, children and vehicles.
///
/// ```
/// use debt_core::affordability::SfsCategory;
/// use debt_core::rates::TriggerFigure;
/// let f: TriggerFigure = toml::from_str(r#"
///     category = "food_and_housekeeping"
///     adults = 2
///     children = 1
///     monthly = "610.00"
/// "#).map_err(|e| debt_core::Error::Rates(e.to_string()))?;
/// assert_eq!((f.category, f.vehicles), (SfsCategory::FoodAndHousekeeping, 0));
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriggerFigure {
    /// The SFS category the figure is for.
    pub category: SfsCategory,
    /// Adults in the household (this many or more).
    pub adults: u8,
    /// Dependent children (this many or more).
    pub children: u8,
    /// Vehicles (this many or more); 0 when the figure does not depend on them.
    #[serde(default)]
    pub vehicles: u8,
    /// The monthly trigger figure.
    pub monthly: Money,
}

/// The trigger figures (SFS spending guidelines) in force from a date. They
/// are licensed to SFS members, so none ship with this crate: a council that
/// holds them supplies the table.
///
/// A household's figure for a category is the row for that category with the
/// most adults, then the most children, then the most vehicles, none of them
/// more than the household has: a row stands for "this many or more", so a
/// table with rows for 0, 1, 2 and 3 children covers every family.
///
/// ```
/// use chrono::NaiveDate;
/// use debt_core::affordability::{Composition, SfsCategory};
/// use debt_core::rates::{TriggerFigure, TriggerFigures};
/// use debt_core::Money;
/// let row = |adults, children, pounds: &str| TriggerFigure { category: SfsCategory::FoodAndHousekeeping, adults, children, vehicles: 0, monthly: Money::parse(pounds).unwrap_or_default() };
/// let figures = TriggerFigures { effective_from: NaiveDate::from_ymd_opt(2026, 4, 6).unwrap_or_default(),
///     figures: vec![row(1, 0, "350.00"), row(2, 0, "520.00"), row(2, 1, "640.00"), row(2, 2, "760.00")] };
/// let family = |adults, children| Composition { adults, children, vehicles: 0 };
/// assert_eq!(figures.figure(SfsCategory::FoodAndHousekeeping, family(2, 1)), Some(Money::parse("640.00")?));
/// assert_eq!(figures.figure(SfsCategory::FoodAndHousekeeping, family(2, 5)), Some(Money::parse("760.00")?));
/// assert_eq!(figures.figure(SfsCategory::PersonalCosts, family(2, 1)), None);
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriggerFigures {
    /// First day in force.
    pub effective_from: NaiveDate,
    /// The figures, one per category and household composition.
    pub figures: Vec<TriggerFigure>,
}

impl Dated for TriggerFigures {
    fn effective_from(&self) -> NaiveDate {
        self.effective_from
    }
}

impl TriggerFigures {
    /// The trigger figure for `category` and `household`, if the table has
    /// one (see the type's documentation for which row applies).
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use debt_core::affordability::{Composition, SfsCategory};
    /// # use debt_core::rates::{TriggerFigure, TriggerFigures};
    /// # use debt_core::Money;
    /// let figures = TriggerFigures { effective_from: NaiveDate::from_ymd_opt(2026, 4, 6).unwrap_or_default(), figures: vec![
    ///     TriggerFigure { category: SfsCategory::TransportAndTravel, adults: 1, children: 0, vehicles: 1, monthly: Money::parse("260.00")? },
    /// ]};
    /// let no_car = Composition { adults: 1, children: 0, vehicles: 0 };
    /// assert_eq!(figures.figure(SfsCategory::TransportAndTravel, no_car), None);
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn figure(&self, category: SfsCategory, household: Composition) -> Option<Money> {
        self.figures
            .iter()
            .filter(|f| {
                f.category == category
                    && f.adults <= household.adults
                    && f.children <= household.children
                    && f.vehicles <= household.vehicles
            })
            .max_by_key(|f| (f.adults, f.children, f.vehicles))
            .map(|f| f.monthly)
    }

    /// Reads a trigger table from CSV, one figure a row, with the header
    /// `effective_from,category,adults,children,vehicles,monthly`
    /// (`vehicles` may be left empty for 0); rows sharing an
    /// `effective_from` form one dated set of figures. Errors name the row.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use debt_core::affordability::{Composition, SfsCategory};
    /// use debt_core::rates::TriggerFigures;
    /// let csv = "effective_from,category,adults,children,vehicles,monthly\n\
    ///            2025-04-07,personal_costs,1,0,,80.00\n\
    ///            2026-04-06,personal_costs,1,0,,84.00\n";
    /// let table = TriggerFigures::table_from_csv(csv.as_bytes())?;
    /// let on = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
    /// let single = Composition { adults: 1, children: 0, vehicles: 0 };
    /// assert_eq!(table.at(on)?.figure(SfsCategory::PersonalCosts, single).map(|m| m.to_string()), Some("84.00".into()));
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn table_from_csv<R: Read>(reader: R) -> Result<RateTable<TriggerFigures>, Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Row {
            effective_from: NaiveDate,
            category: SfsCategory,
            adults: u8,
            children: u8,
            vehicles: Option<u8>,
            monthly: Money,
        }
        let mut csv = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(reader);
        let mut sets: Vec<TriggerFigures> = Vec::new();
        for (index, row) in csv.deserialize::<Row>().enumerate() {
            let row =
                row.map_err(|e| Error::Rates(format!("trigger figures row {}: {e}", index + 2)))?;
            let figure = TriggerFigure {
                category: row.category,
                adults: row.adults,
                children: row.children,
                vehicles: row.vehicles.unwrap_or(0),
                monthly: row.monthly,
            };
            match sets
                .iter_mut()
                .find(|s| s.effective_from == row.effective_from)
            {
                Some(set) => set.figures.push(figure),
                None => sets.push(TriggerFigures {
                    effective_from: row.effective_from,
                    figures: vec![figure],
                }),
            }
        }
        RateTable::new(sets).map_err(|e| Error::Rates(format!("trigger figures: {e}")))
    }
}

/// Every dated rate table the crate uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rates {
    /// Enforcement agent fees.
    pub enforcement_fees: RateTable<EnforcementFees>,
    /// Breathing space lengths.
    pub breathing_space: RateTable<BreathingSpaceRules>,
    /// SFS trigger figures, when the council supplies them (optional: they
    /// are licensed to SFS members).
    pub trigger_figures: Option<RateTable<TriggerFigures>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RatesFile {
    enforcement_fees: Vec<EnforcementFees>,
    breathing_space: Vec<BreathingSpaceRules>,
    #[serde(default)]
    trigger_figures: Vec<TriggerFigures>,
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
            trigger_figures: if file.trigger_figures.is_empty() {
                None
            } else {
                Some(
                    RateTable::new(file.trigger_figures)
                        .map_err(|e| Error::Rates(format!("trigger_figures: {e}")))?,
                )
            },
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
    fn trigger_figures_are_optional_and_read_when_supplied() {
        assert!(statutory().trigger_figures.is_none());
        let toml = include_str!("../../config/rates.toml").to_string()
            + "\n[[trigger_figures]]\neffective_from = \"2026-04-06\"\n\n[[trigger_figures.figures]]\ncategory = \"personal_costs\"\nadults = 1\nchildren = 0\nmonthly = \"84.00\"\n";
        let rates = Rates::from_toml_str(&toml).unwrap();
        let table = rates.trigger_figures.unwrap();
        let single = Composition {
            adults: 1,
            children: 0,
            vehicles: 0,
        };
        let on = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        assert_eq!(
            table
                .at(on)
                .unwrap()
                .figure(SfsCategory::PersonalCosts, single),
            Some(Money::from_pence(8400))
        );
        let bad = "effective_from,category,adults,children,vehicles,monthly\n2026-04-06,holidays,1,0,,10.00\n";
        let err = TriggerFigures::table_from_csv(bad.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(err.contains("row 2") && err.contains("holidays"), "{err}");
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

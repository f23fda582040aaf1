//! Dated rate tables: the figures that change over time.
//!
//! Enforcement agent fees, breathing space lengths, Universal Credit
//! allowances and deduction rates, and debt relief order limits are set by
//! regulation or DWP and change; they live in a table an officer can update
//! (TOML or CSV), each row effective from a date, never in code. The rate in
//! force on a date is the row with the latest `effective_from` on or before
//! it. SFS trigger figures, which a council may supply, are read the same
//! way.
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
//!
//!     [[uc_standard_allowance]]
//!     effective_from = "2025-04-07"
//!     single_under_25 = "316.98"
//!     single_25_or_over = "400.14"
//!     couple_both_under_25 = "497.55"
//!     couple_one_or_both_25_or_over = "628.10"
//!
//!     [[uc_deductions]]
//!     effective_from = "2025-04-30"
//!     overall_cap_percent = "15"
//!     council_tax_arrears_percent = "5"
//!     rent_arrears_min_percent = "10"
//!     rent_arrears_max_percent = "20"
//!
//!     [[debt_relief_order]]
//!     effective_from = "2024-06-28"
//!     max_total_debt = "50000.00"
//!     max_monthly_surplus = "75.00"
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

/// Who a Universal Credit award is for, which sets its standard allowance.
///
/// ```
/// use debt_core::rates::UcClaimant;
/// assert_eq!("single_25_or_over".parse::<UcClaimant>()?, UcClaimant::Single25OrOver);
/// assert!("single".parse::<UcClaimant>().is_err());
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UcClaimant {
    /// A single claimant under 25.
    #[serde(rename = "single_under_25")]
    SingleUnder25,
    /// A single claimant aged 25 or over.
    #[serde(rename = "single_25_or_over")]
    Single25OrOver,
    /// Joint claimants, both under 25.
    #[serde(rename = "couple_both_under_25")]
    CoupleBothUnder25,
    /// Joint claimants, one or both aged 25 or over.
    #[serde(rename = "couple_one_or_both_25_or_over")]
    CoupleOneOrBoth25OrOver,
}

const UC_CLAIMANTS: &[UcClaimant] = &[
    UcClaimant::SingleUnder25,
    UcClaimant::Single25OrOver,
    UcClaimant::CoupleBothUnder25,
    UcClaimant::CoupleOneOrBoth25OrOver,
];

impl UcClaimant {
    /// The code used in configs and outputs.
    ///
    /// ```
    /// assert_eq!(debt_core::rates::UcClaimant::CoupleBothUnder25.code(), "couple_both_under_25");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            UcClaimant::SingleUnder25 => "single_under_25",
            UcClaimant::Single25OrOver => "single_25_or_over",
            UcClaimant::CoupleBothUnder25 => "couple_both_under_25",
            UcClaimant::CoupleOneOrBoth25OrOver => "couple_one_or_both_25_or_over",
        }
    }
}

impl std::str::FromStr for UcClaimant {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let code = s.trim().to_ascii_lowercase();
        UC_CLAIMANTS
            .iter()
            .copied()
            .find(|c| c.code() == code)
            .ok_or_else(|| Error::Unknown {
                what: "Universal Credit claimant type",
                value: s.to_string(),
                expected: UC_CLAIMANTS.iter().map(|c| c.code().to_string()).collect(),
            })
    }
}

/// Universal Credit standard allowances (monthly) in force from a date.
/// DWP uprates them every April: an officer must check and add each year's
/// row.
///
/// ```
/// use chrono::NaiveDate;
/// use debt_core::rates::{UcClaimant, UcStandardAllowance};
/// use debt_core::Money;
/// let row = UcStandardAllowance { effective_from: NaiveDate::from_ymd_opt(2025, 4, 7).unwrap_or_default(),
///     single_under_25: Money::parse("316.98")?, single_25_or_over: Money::parse("400.14")?,
///     couple_both_under_25: Money::parse("497.55")?, couple_one_or_both_25_or_over: Money::parse("628.10")? };
/// assert_eq!(row.for_claimant(UcClaimant::Single25OrOver).to_string(), "400.14");
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UcStandardAllowance {
    /// First day in force.
    pub effective_from: NaiveDate,
    /// Single claimant under 25.
    pub single_under_25: Money,
    /// Single claimant aged 25 or over.
    pub single_25_or_over: Money,
    /// Joint claimants both under 25.
    pub couple_both_under_25: Money,
    /// Joint claimants, one or both aged 25 or over.
    pub couple_one_or_both_25_or_over: Money,
}

impl Dated for UcStandardAllowance {
    fn effective_from(&self) -> NaiveDate {
        self.effective_from
    }
}

impl UcStandardAllowance {
    /// The monthly standard allowance for `claimant`.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use debt_core::rates::{UcClaimant, UcStandardAllowance};
    /// # use debt_core::Money;
    /// # let row = UcStandardAllowance { effective_from: NaiveDate::from_ymd_opt(2025, 4, 7).unwrap_or_default(),
    /// #     single_under_25: Money::parse("316.98")?, single_25_or_over: Money::parse("400.14")?,
    /// #     couple_both_under_25: Money::parse("497.55")?, couple_one_or_both_25_or_over: Money::parse("628.10")? };
    /// assert_eq!(row.for_claimant(UcClaimant::CoupleOneOrBoth25OrOver).to_string(), "628.10");
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn for_claimant(&self, claimant: UcClaimant) -> Money {
        match claimant {
            UcClaimant::SingleUnder25 => self.single_under_25,
            UcClaimant::Single25OrOver => self.single_25_or_over,
            UcClaimant::CoupleBothUnder25 => self.couple_both_under_25,
            UcClaimant::CoupleOneOrBoth25OrOver => self.couple_one_or_both_25_or_over,
        }
    }
}

/// DWP's rates for deductions from Universal Credit paid to third parties,
/// as percentages of the standard allowance, in force from a date.
///
/// ```
/// use chrono::NaiveDate;
/// use rust_decimal::Decimal;
/// use debt_core::rates::UcDeductionRates;
/// use debt_core::Money;
/// let rates = UcDeductionRates { effective_from: NaiveDate::from_ymd_opt(2025, 4, 30).unwrap_or_default(),
///     overall_cap_percent: Decimal::new(15, 0), council_tax_arrears_percent: Decimal::new(5, 0),
///     rent_arrears_min_percent: Decimal::new(10, 0), rent_arrears_max_percent: Decimal::new(20, 0) };
/// let allowance = Money::parse("400.14")?;
/// assert_eq!(UcDeductionRates::percent_of(allowance, rates.overall_cap_percent).to_string(), "60.02");
/// assert_eq!(UcDeductionRates::percent_of(allowance, rates.council_tax_arrears_percent).to_string(), "20.01");
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UcDeductionRates {
    /// First day in force.
    pub effective_from: NaiveDate,
    /// The overall cap on deductions, percent of the standard allowance
    /// (rent and fuel arrears may go above it, at DWP's discretion).
    pub overall_cap_percent: Decimal,
    /// The rate for council tax arrears.
    pub council_tax_arrears_percent: Decimal,
    /// The lowest rate for rent arrears.
    pub rent_arrears_min_percent: Decimal,
    /// The highest rate for rent arrears.
    pub rent_arrears_max_percent: Decimal,
}

impl Dated for UcDeductionRates {
    fn effective_from(&self) -> NaiveDate {
        self.effective_from
    }
}

impl UcDeductionRates {
    /// `percent` per cent of `allowance`, rounded to the penny half-up.
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use debt_core::{rates::UcDeductionRates, Money};
    /// assert_eq!(UcDeductionRates::percent_of(Money::parse("316.98")?, Decimal::new(10, 0)).to_string(), "31.70");
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn percent_of(allowance: Money, percent: Decimal) -> Money {
        allowance.mul_rounded(percent / Decimal::ONE_HUNDRED)
    }

    fn check(&self) -> Result<(), Error> {
        let in_range = |p: Decimal| p >= Decimal::ZERO && p <= Decimal::ONE_HUNDRED;
        let percents = [
            self.overall_cap_percent,
            self.council_tax_arrears_percent,
            self.rent_arrears_min_percent,
            self.rent_arrears_max_percent,
        ];
        if !percents.iter().all(|p| in_range(*p))
            || self.rent_arrears_min_percent > self.rent_arrears_max_percent
        {
            return Err(Error::Rates(format!(
                "uc_deductions from {}: percentages must be 0 to 100, rent_arrears_min_percent no more than rent_arrears_max_percent",
                self.effective_from
            )));
        }
        Ok(())
    }
}

/// The monetary limits of a debt relief order (England and Wales,
/// Insolvency Act 1986 Sch 4ZA) in force from a date: the plan names a DRO
/// as a route only when the council's debts and the household's surplus are
/// both within them (other debts, assets and the rest of the tests are for
/// the approved intermediary to check).
///
/// ```
/// use chrono::NaiveDate;
/// use debt_core::rates::DroLimits;
/// use debt_core::Money;
/// let limits = DroLimits { effective_from: NaiveDate::from_ymd_opt(2024, 6, 28).unwrap_or_default(),
///     max_total_debt: Money::parse("50000.00")?, max_monthly_surplus: Money::parse("75.00")? };
/// assert!(limits.within(Money::parse("4200.00")?, Money::parse("60.00")?));
/// assert!(!limits.within(Money::parse("4200.00")?, Money::parse("75.01")?));
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DroLimits {
    /// First day in force.
    pub effective_from: NaiveDate,
    /// The most a debtor may owe in qualifying debts.
    pub max_total_debt: Money,
    /// The most a debtor may have left each month after normal household
    /// expenses.
    pub max_monthly_surplus: Money,
}

impl Dated for DroLimits {
    fn effective_from(&self) -> NaiveDate {
        self.effective_from
    }
}

impl DroLimits {
    /// Whether `debt` and `monthly_surplus` are both within the limits.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use debt_core::rates::DroLimits;
    /// # use debt_core::Money;
    /// # let limits = DroLimits { effective_from: NaiveDate::from_ymd_opt(2024, 6, 28).unwrap_or_default(),
    /// #     max_total_debt: Money::parse("50000.00")?, max_monthly_surplus: Money::parse("75.00")? };
    /// assert!(!limits.within(Money::parse("50000.01")?, Money::ZERO));
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn within(&self, debt: Money, monthly_surplus: Money) -> bool {
        debt <= self.max_total_debt && monthly_surplus <= self.max_monthly_surplus
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
    /// Universal Credit standard allowances.
    pub uc_standard_allowance: RateTable<UcStandardAllowance>,
    /// Rates of deductions from Universal Credit for arrears.
    pub uc_deductions: RateTable<UcDeductionRates>,
    /// Debt relief order limits.
    pub debt_relief_order: RateTable<DroLimits>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RatesFile {
    enforcement_fees: Vec<EnforcementFees>,
    breathing_space: Vec<BreathingSpaceRules>,
    uc_standard_allowance: Vec<UcStandardAllowance>,
    uc_deductions: Vec<UcDeductionRates>,
    debt_relief_order: Vec<DroLimits>,
    #[serde(default)]
    trigger_figures: Vec<TriggerFigures>,
}

/// The rate tables as published, shipped with the crate (`rates.toml` at
/// its root): enforcement agent fees, breathing space lengths, Universal
/// Credit allowances and deduction rates, debt relief order limits. A
/// council that needs other figures gives its own file (the batch's
/// `[run] rates` key); this one is what the regulations say on the dates in
/// its rows.
pub const BUILT_IN_RATES: &str = include_str!("../rates.toml");

impl Rates {
    /// The tables of [`BUILT_IN_RATES`].
    ///
    /// ```
    /// let rates = debt_core::Rates::built_in()?;
    /// let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    /// assert_eq!(rates.breathing_space.at(d)?.standard_days, 60);
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn built_in() -> Result<Rates, Error> {
        Rates::from_toml_str(BUILT_IN_RATES)
    }

    /// Reads every table from one TOML document (see the module example).
    /// The text is given, not a path: debt-core does no file I/O.
    pub fn from_toml_str(text: &str) -> Result<Rates, Error> {
        let file: RatesFile = toml::from_str(text).map_err(|e| Error::Rates(e.to_string()))?;
        for row in &file.uc_deductions {
            row.check()?;
        }
        Ok(Rates {
            enforcement_fees: RateTable::new(file.enforcement_fees)
                .map_err(|e| Error::Rates(format!("enforcement_fees: {e}")))?,
            breathing_space: RateTable::new(file.breathing_space)
                .map_err(|e| Error::Rates(format!("breathing_space: {e}")))?,
            uc_standard_allowance: RateTable::new(file.uc_standard_allowance)
                .map_err(|e| Error::Rates(format!("uc_standard_allowance: {e}")))?,
            uc_deductions: RateTable::new(file.uc_deductions)
                .map_err(|e| Error::Rates(format!("uc_deductions: {e}")))?,
            debt_relief_order: RateTable::new(file.debt_relief_order)
                .map_err(|e| Error::Rates(format!("debt_relief_order: {e}")))?,
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
        Rates::from_toml_str(include_str!("../rates.toml")).unwrap()
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
        let toml = include_str!("../rates.toml").to_string()
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
    fn uc_deductions_from_april_2025_are_capped_at_15_percent_of_the_standard_allowance() {
        let rates = statutory();
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let allowance = rates.uc_standard_allowance.at(d(2025, 11, 1)).unwrap();
        let single = allowance.for_claimant(UcClaimant::Single25OrOver);
        assert_eq!(single.to_string(), "400.14");
        let deductions = rates.uc_deductions.at(d(2025, 11, 1)).unwrap();
        // 15% of 400.14 = 60.021; 5% = 20.007
        assert_eq!(
            UcDeductionRates::percent_of(single, deductions.overall_cap_percent).to_string(),
            "60.02"
        );
        assert_eq!(
            UcDeductionRates::percent_of(single, deductions.council_tax_arrears_percent)
                .to_string(),
            "20.01"
        );
        // The 2024/25 allowance applies before 7 April 2025; no deduction
        // rates are held from before the 15% cap.
        assert_eq!(
            rates
                .uc_standard_allowance
                .at(d(2025, 4, 6))
                .unwrap()
                .single_25_or_over
                .to_string(),
            "393.45"
        );
        assert!(rates.uc_deductions.at(d(2025, 4, 29)).is_err());
    }

    #[test]
    fn uc_claimant_codes_read_the_same_from_text_and_from_config() {
        #[derive(Deserialize)]
        struct Row {
            claimant: UcClaimant,
        }
        for claimant in UC_CLAIMANTS {
            let row: Row = toml::from_str(&format!("claimant = \"{}\"", claimant.code())).unwrap();
            assert_eq!(row.claimant, *claimant);
            assert_eq!(claimant.code().parse::<UcClaimant>().unwrap(), *claimant);
        }
    }

    #[test]
    fn the_dro_debt_limit_rose_to_50000_on_28_june_2024() {
        let rates = statutory();
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let limit = |date| rates.debt_relief_order.at(date).unwrap().max_total_debt;
        assert_eq!(limit(d(2024, 6, 27)).to_string(), "30000.00");
        assert_eq!(limit(d(2024, 6, 28)).to_string(), "50000.00");
    }

    #[test]
    fn a_deduction_rate_outside_0_to_100_percent_is_refused() {
        let toml = include_str!("../rates.toml").replace(
            "overall_cap_percent = \"15\"",
            "overall_cap_percent = \"150\"",
        );
        let err = Rates::from_toml_str(&toml).unwrap_err().to_string();
        assert!(err.contains("uc_deductions from 2025-04-30"), "{err}");
    }

    #[test]
    fn trigger_figures_are_optional_and_read_when_supplied() {
        assert!(statutory().trigger_figures.is_none());
        let toml = include_str!("../rates.toml").to_string()
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
        let dup = include_str!("../rates.toml").to_string() + "\n[[breathing_space]]\neffective_from = \"2021-05-04\"\nstandard_days = 1\nmental_health_crisis_extra_days = 1\n";
        let err = Rates::from_toml_str(&dup).unwrap_err().to_string();
        assert!(err.contains("2021-05-04"), "{err}");
        let bad_csv = "effective_from,standard_days\n2021-05-04,sixty\n";
        assert!(RateTable::<BreathingSpaceRules>::from_csv(bad_csv.as_bytes()).is_err());
    }
}

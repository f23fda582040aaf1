//! One affordable arrangement across all the council's debts of a household.
//!
//! The council holds every debt the household owes it, so one plan replaces
//! several competing ones. [`plan`] takes what the household can afford (an
//! income and expenditure [`Statement`], or a monthly disposable figure), the
//! debts ([`PlanDebt`]) and the [`PlanOptions`], and returns a [`Plan`]: what
//! is asked of each debt, a dated schedule, and a typed [`Outcome`].
//!
//! The rules, in order:
//!
//! 1. **Ongoing liabilities first.** This year's council tax instalments and
//!    current rent stay payable and are always shown. One already counted
//!    among the statement's costs (the SFS way) is not taken from the
//!    surplus again ([`OngoingLiability::InStatement`]); one that is not
//!    comes off it first ([`OngoingLiability::FromSurplus`]).
//! 2. **What each debt asks to clear.** A debt with an ongoing liability
//!    asks for its arrears (the ongoing payments cover what is not yet
//!    due); one without asks for its whole balance. A credit on one account
//!    is an offset candidate against arrears on another ([`Offset`]): it is
//!    applied first to debts of the same service, then to priority debts,
//!    then to the rest, and reduces what must be asked for. An officer must
//!    confirm each offset; [`PlanOptions::apply_offsets`] turns them off.
//! 3. **Priority arrears next.** Each priority debt is asked for at least
//!    the instalment that clears it within the term (its arrears ÷ the
//!    instalments in the term, rounded up to the penny), and any surplus
//!    above those is shared pro rata to their arrears, so they clear as
//!    fast as the surplus allows. Non-priority debts get a token payment
//!    meanwhile, when the surplus can carry the tokens and still clear the
//!    priority arrears within the term.
//! 4. **Non-priority debts last, pro rata.** Once the priority arrears are
//!    cleared, the whole surplus is shared among the non-priority debts pro
//!    rata to what each still owes (each gets surplus × its debt ÷ the total
//!    non-priority debt), by [`Money::allocate_pro_rata`], so the shares add
//!    up to the penny.
//! 5. **Never unaffordable.** No instalment date asks for more than the
//!    surplus for that instalment (ongoing liabilities apart). The monthly
//!    surplus becomes a weekly or fortnightly one as × 12 ÷ 52 or × 12 ÷ 26,
//!    rounded down to the penny: a budget is never rounded up.
//! 6. **Breathing space.** While one is active, no arrears are asked for;
//!    ongoing liabilities are still shown.
//! 7. **When even priority arrears cannot be met** within the term, the plan
//!    says so ([`Outcome::PriorityShortfall`]), by how much, and names the
//!    realistic [`Route`]s: Universal Credit deductions within DWP's dated
//!    cap, a breathing space, a debt relief order, discretionary relief.
//!
//! The schedule gives each debt level instalments at the plan's frequency
//! from the start date, the last one taking the remainder, so each debt's
//! instalments add up exactly to what it repays; a debt not cleared within
//! the maximum term is reported with what is left.
//!
//! [`WhatIf`] changes (an income or cost line, the term, a debt left out...)
//! are applied to a copy of the inputs and the plan made again: the work is
//! a pass over the statement's lines and one over each debt's instalments,
//! cheap enough to call on every keystroke of an advisor's form.
//!
//! docs/arrangements.md works six examples by hand; debt-core/tests/arrangements.rs
//! holds them as tests.
//!
//! ```
//! use chrono::NaiveDate;
//! use debt_core::arrangement::{plan, Means, Outcome, PlanDebt, PlanInput, PlanOptions};
//! use debt_core::{Money, PriorityClass, Rates, Service, SundryKind};
//! # let rates = Rates::from_toml_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rates.toml")))?;
//! let start = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
//! let debts = vec![
//!     PlanDebt::new("ctax:CT0001", Service::CouncilTax, PriorityClass::Priority, Money::parse("600.00")?, Money::parse("600.00")?),
//!     PlanDebt::new("sundry:S77", Service::Sundry(SundryKind::GardenWaste), PriorityClass::NonPriority, Money::parse("120.00")?, Money::parse("120.00")?),
//! ];
//! let mut options = PlanOptions::new(start, 12);
//! options.token_per_month = Money::ZERO;
//! let input = PlanInput::new(Means::Disposable(Money::parse("200.00")?), debts, options);
//! let plan = plan(&input, &rates)?;
//! // Council tax first: 200.00 a month for 3 months; then the sundry debt.
//! assert_eq!(plan.debts[0].schedule.len(), 3);
//! assert_eq!(plan.debts[1].schedule[0].due.to_string(), "2027-03-01");
//! assert_eq!(plan.outcome, Outcome::AllCleared);
//! # Ok::<(), debt_core::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

use chrono::{Days, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::affordability::{Frequency, MonthlyStatement, Statement, StatementLine};
use crate::error::Error;
use crate::ledger::{AccountStatus, ArrearsTerms, Ledger, TxnKind};
use crate::money::Money;
use crate::period::Instalment;
use crate::rates::{Rates, UcClaimant, UcDeductionRates};
use crate::service::ArrearsBasis;
use crate::service::{PriorityClass, Service};

/// The longest term a plan may run for, in months (50 years): a bound on
/// every schedule's length.
///
/// ```
/// use chrono::NaiveDate;
/// use debt_core::arrangement::{plan, Means, PlanInput, PlanOptions, MAX_TERM_MONTHS};
/// # let rates = debt_core::Rates::from_toml_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rates.toml")))?;
/// let start = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default();
/// let too_long = PlanInput::new(Means::Disposable(debt_core::Money::ZERO), vec![], PlanOptions::new(start, MAX_TERM_MONTHS + 1));
/// assert_eq!(plan(&too_long, &rates), Err(debt_core::Error::BadTerm(601)));
/// # Ok::<(), debt_core::Error>(())
/// ```
pub const MAX_TERM_MONTHS: u32 = 600;

/// The most instalment dates a schedule can have: weekly over the longest term.
const MAX_INSTALMENTS: u32 = MAX_TERM_MONTHS * 5;

/// How often the plan's instalments fall due.
///
/// ```
/// use debt_core::arrangement::PlanFrequency;
/// assert_eq!("fortnightly".parse::<PlanFrequency>()?, PlanFrequency::Fortnightly);
/// assert!("four_weekly".parse::<PlanFrequency>().is_err());
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlanFrequency {
    /// Every 7 days from the start date.
    Weekly,
    /// Every 14 days from the start date.
    Fortnightly,
    /// On the start date's day of each month (the last day of a shorter month).
    Monthly,
}

impl PlanFrequency {
    /// The code used in configs and outputs.
    ///
    /// ```
    /// assert_eq!(debt_core::arrangement::PlanFrequency::Weekly.code(), "weekly");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            PlanFrequency::Weekly => "weekly",
            PlanFrequency::Fortnightly => "fortnightly",
            PlanFrequency::Monthly => "monthly",
        }
    }

    /// Instalments a year: 52, 26 or 12.
    ///
    /// ```
    /// assert_eq!(debt_core::arrangement::PlanFrequency::Fortnightly.per_year(), 26);
    /// ```
    pub fn per_year(self) -> u32 {
        match self {
            PlanFrequency::Weekly => 52,
            PlanFrequency::Fortnightly => 26,
            PlanFrequency::Monthly => 12,
        }
    }

    /// The due date of instalment `index` (0 is the start date). Monthly
    /// dates count from the start each time, so a plan starting on the 31st
    /// falls on the last day of shorter months and back on the 31st after.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use debt_core::arrangement::PlanFrequency;
    /// let start = NaiveDate::from_ymd_opt(2027, 1, 31).unwrap_or_default();
    /// assert_eq!(PlanFrequency::Monthly.due_date(start, 1)?.to_string(), "2027-02-28");
    /// assert_eq!(PlanFrequency::Monthly.due_date(start, 2)?.to_string(), "2027-03-31");
    /// assert_eq!(PlanFrequency::Weekly.due_date(start, 2)?.to_string(), "2027-02-14");
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn due_date(self, start: NaiveDate, index: u32) -> Result<NaiveDate, Error> {
        let date = match self {
            PlanFrequency::Weekly => start.checked_add_days(Days::new(7 * u64::from(index))),
            PlanFrequency::Fortnightly => start.checked_add_days(Days::new(14 * u64::from(index))),
            PlanFrequency::Monthly => start.checked_add_months(Months::new(index)),
        };
        date.ok_or(Error::DateOutOfRange(start))
    }

    /// A monthly amount in pence as a budget per instalment: × 12 ÷ the
    /// instalments a year, rounded down to the penny (a budget is never
    /// rounded up; a shortfall grows by under a penny).
    fn budget_from_monthly(self, monthly_pence: i128) -> i128 {
        (monthly_pence * 12).div_euclid(i128::from(self.per_year()))
    }
}

impl fmt::Display for PlanFrequency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for PlanFrequency {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "weekly" => Ok(PlanFrequency::Weekly),
            "fortnightly" => Ok(PlanFrequency::Fortnightly),
            "monthly" => Ok(PlanFrequency::Monthly),
            _ => Err(Error::Unknown {
                what: "plan frequency",
                value: s.to_string(),
                expected: vec!["weekly".into(), "fortnightly".into(), "monthly".into()],
            }),
        }
    }
}

impl Serialize for PlanFrequency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for PlanFrequency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A debt's ongoing liability (this year's council tax instalment, current
/// rent) as a monthly amount, and whether the statement already counts it.
///
/// ```
/// use debt_core::arrangement::OngoingLiability;
/// use debt_core::Money;
/// let rent = OngoingLiability::FromSurplus(Money::parse("412.00")?);
/// assert_eq!(rent.monthly().to_string(), "412.00");
/// assert_eq!(rent.from_surplus().to_string(), "412.00");
/// assert_eq!(OngoingLiability::InStatement(Money::parse("193.00")?).from_surplus(), Money::ZERO);
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(tag = "kind", content = "monthly", rename_all = "snake_case")]
pub enum OngoingLiability {
    /// No ongoing liability (a past year, a former tenancy, an invoice).
    #[default]
    None,
    /// Already a cost on the household's statement (the SFS way: council
    /// tax and rent are fixed costs), so shown but not taken from the
    /// surplus again.
    InStatement(Money),
    /// Not on the statement (or there is no statement): taken from the
    /// surplus before any arrears.
    FromSurplus(Money),
}

impl OngoingLiability {
    /// The monthly amount, wherever it is counted.
    ///
    /// ```
    /// assert!(debt_core::arrangement::OngoingLiability::None.monthly().is_zero());
    /// ```
    pub fn monthly(self) -> Money {
        match self {
            OngoingLiability::None => Money::ZERO,
            OngoingLiability::InStatement(m) | OngoingLiability::FromSurplus(m) => m,
        }
    }

    /// The monthly amount the plan takes from the surplus before arrears.
    ///
    /// ```
    /// use debt_core::arrangement::OngoingLiability;
    /// assert_eq!(OngoingLiability::FromSurplus(debt_core::Money::from_pence(5)).from_surplus(), debt_core::Money::from_pence(5));
    /// ```
    pub fn from_surplus(self) -> Money {
        match self {
            OngoingLiability::FromSurplus(m) => m,
            _ => Money::ZERO,
        }
    }

    /// True when there is one.
    ///
    /// ```
    /// assert!(!debt_core::arrangement::OngoingLiability::None.exists());
    /// ```
    pub fn exists(self) -> bool {
        !matches!(self, OngoingLiability::None)
    }
}

/// The monthly amount an open account goes on asking for: the ongoing
/// liability a plan must keep paid beside any arrears. `None` for a closed
/// or former account, and for an account with nothing falling due next.
///
/// - **Council tax and business rates** (instalment basis): the next
///   instalment still to pay after `as_of` (all items falling due on the
///   first future due date), as the ledger's own instalment plan gives it.
///   Instalments are monthly, so that is the monthly amount.
/// - **Housing rent**: the latest charge date's charges, at the frequency the
///   gap to the charge date before it shows (7 days weekly, 14 fortnightly,
///   28 four-weekly, 29 to 31 monthly), made monthly exactly (× 52 ÷ 12,
///   × 26 ÷ 12, × 13 ÷ 12) and rounded to the penny once. A gap that fits
///   none of these gives `None` rather than a guess.
/// - Anything else (a former tenancy, an invoice, a penalty): `None`.
///
/// ```
/// use chrono::NaiveDate;
/// use debt_core::arrangement::ongoing_monthly;
/// use debt_core::{AccountStatus, ArrearsTerms, Ledger, Money, Service, Transaction, TxnKind};
/// let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default();
/// let rent = Ledger::new(vec![
///     Transaction::new(d(11, 2), TxnKind::Charge, Money::parse("110.00")?),
///     Transaction::new(d(11, 9), TxnKind::Charge, Money::parse("110.00")?),
/// ])?;
/// let terms = ArrearsTerms::for_service(&Service::HousingRent);
/// let monthly = ongoing_monthly(&Service::HousingRent, AccountStatus::Current, &terms, &rent, d(11, 20))?;
/// assert_eq!(monthly, Some(Money::parse("476.67")?)); // 110.00 x 52 / 12
/// assert_eq!(ongoing_monthly(&Service::HousingRent, AccountStatus::Former, &terms, &rent, d(11, 20))?, None);
/// # Ok::<(), debt_core::Error>(())
/// ```
pub fn ongoing_monthly(
    service: &Service,
    status: AccountStatus,
    terms: &ArrearsTerms,
    ledger: &Ledger,
    as_of: NaiveDate,
) -> Result<Option<Money>, Error> {
    if status != AccountStatus::Current {
        return Ok(None);
    }
    if terms.basis == ArrearsBasis::Instalments {
        let items = ledger.outstanding(terms, as_of)?;
        let future = items
            .iter()
            .filter(|i| i.bucket.is_none() && i.amount.is_positive());
        let Some(next) = future.clone().map(|i| i.due).min() else {
            return Ok(None);
        };
        let amount = future.filter(|i| i.due == next).map(|i| i.amount).sum();
        return Ok(Some(amount));
    }
    if *service != Service::HousingRent {
        return Ok(None);
    }
    let charges = || {
        ledger
            .iter()
            .filter(|t| t.kind == TxnKind::Charge && t.date <= as_of && t.amount.is_positive())
    };
    let Some(last) = charges().map(|t| t.date).max() else {
        return Ok(None);
    };
    let Some(before) = charges().map(|t| t.date).filter(|d| *d < last).max() else {
        return Ok(None);
    };
    let frequency = match (last - before).num_days() {
        7 => Frequency::Weekly,
        14 => Frequency::Fortnightly,
        28 => Frequency::FourWeekly,
        29..=31 => Frequency::Monthly,
        _ => return Ok(None),
    };
    let amount: Money = charges().filter(|t| t.date == last).map(|t| t.amount).sum();
    Ok(Some(Money::round_half_up(frequency.monthly_exact(amount))))
}

/// One of the council's debts of the household, as the arrangement sees it.
///
/// ```
/// use debt_core::arrangement::{OngoingLiability, PlanDebt};
/// use debt_core::{Money, PriorityClass, Service};
/// // This year's council tax: 1,140.00 left on the bill, 380.00 of it missed.
/// let ctax = PlanDebt::new("ctax:CT0001", Service::CouncilTax, PriorityClass::Priority, Money::parse("1140.00")?, Money::parse("380.00")?)
///     .with_ongoing(OngoingLiability::InStatement(Money::parse("190.00")?));
/// assert_eq!(ctax.owed().to_string(), "380.00"); // the instalments cover the rest
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanDebt {
    /// The debt's id in the single view, such as `ctax:CT0001`.
    pub id: String,
    /// The service it is owed through.
    pub service: Service,
    /// Priority in debt advice.
    pub priority: PriorityClass,
    /// The balance: positive is owed to the council, negative a credit owed
    /// to the resident.
    pub balance: Money,
    /// The overdue part of the balance (zero or more).
    pub arrears: Money,
    /// Any ongoing liability on the account.
    pub ongoing: OngoingLiability,
}

impl PlanDebt {
    /// A debt with no ongoing liability.
    ///
    /// ```
    /// use debt_core::arrangement::PlanDebt;
    /// use debt_core::{Money, PriorityClass, Service};
    /// let pcn = PlanDebt::new("pcn:AB12345678", Service::ParkingPenalty, PriorityClass::NonPriority, Money::parse("105.00")?, Money::parse("105.00")?);
    /// assert!(!pcn.ongoing.exists());
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn new(
        id: impl Into<String>,
        service: Service,
        priority: PriorityClass,
        balance: Money,
        arrears: Money,
    ) -> PlanDebt {
        PlanDebt {
            id: id.into(),
            service,
            priority,
            balance,
            arrears,
            ongoing: OngoingLiability::None,
        }
    }

    /// The same debt with an ongoing liability.
    ///
    /// ```
    /// use debt_core::arrangement::{OngoingLiability, PlanDebt};
    /// use debt_core::{Money, PriorityClass, Service};
    /// let rent = PlanDebt::new("rent:T1001", Service::HousingRent, PriorityClass::Priority, Money::parse("310.00")?, Money::parse("310.00")?)
    ///     .with_ongoing(OngoingLiability::FromSurplus(Money::parse("476.67")?));
    /// assert_eq!(rent.ongoing.monthly().to_string(), "476.67");
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn with_ongoing(mut self, ongoing: OngoingLiability) -> PlanDebt {
        self.ongoing = ongoing;
        self
    }

    /// What the plan must clear for this debt, before any offset: the
    /// arrears when an ongoing liability pays what is not yet due (never
    /// more than the balance), otherwise the whole balance; nothing for a
    /// credit.
    ///
    /// ```
    /// use debt_core::arrangement::PlanDebt;
    /// use debt_core::{Money, PriorityClass, Service};
    /// // A sundry invoice not all due yet: with no ongoing payments to meet
    /// // it, the plan clears the whole balance.
    /// let inv = PlanDebt::new("sundry:INV9", Service::Other("library".into()), PriorityClass::NonPriority, Money::parse("90.00")?, Money::parse("30.00")?);
    /// assert_eq!(inv.owed().to_string(), "90.00");
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn owed(&self) -> Money {
        if !self.balance.is_positive() {
            Money::ZERO
        } else if self.ongoing.exists() {
            self.arrears.min(self.balance)
        } else {
            self.balance
        }
    }

    /// The credit owed to the resident on this account (zero unless the
    /// balance is negative).
    ///
    /// ```
    /// use debt_core::arrangement::PlanDebt;
    /// use debt_core::{Money, PriorityClass, Service};
    /// let old = PlanDebt::new("ctax:CT0002", Service::CouncilTax, PriorityClass::Priority, Money::parse("-150.00")?, Money::ZERO);
    /// assert_eq!(old.credit().to_string(), "150.00");
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn credit(&self) -> Money {
        if self.balance.is_negative() {
            -self.balance
        } else {
            Money::ZERO
        }
    }
}

/// What the household can afford: a statement, or a monthly disposable
/// figure an advisor already worked out.
///
/// ```
/// use debt_core::arrangement::Means;
/// let means = Means::Disposable(debt_core::Money::from_pence(12_500));
/// assert!(matches!(means, Means::Disposable(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Means {
    /// An income and expenditure statement.
    Statement(Statement),
    /// Monthly income − expenditure − savings, already worked out.
    Disposable(Money),
}

/// How the plan is to be made.
///
/// ```
/// use chrono::NaiveDate;
/// use debt_core::arrangement::{PlanFrequency, PlanOptions};
/// let options = PlanOptions::new(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default(), 24);
/// assert_eq!((options.token_per_month.to_string(), options.frequency), ("1.00".to_string(), PlanFrequency::Monthly));
/// assert!(options.apply_offsets);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanOptions {
    /// The token payment a month for each non-priority debt while the
    /// priority arrears are being paid (zero for none).
    pub token_per_month: Money,
    /// The longest the plan may run, in months (1 to [`MAX_TERM_MONTHS`]).
    pub max_term_months: u32,
    /// How often instalments fall due.
    pub frequency: PlanFrequency,
    /// The first instalment's due date.
    pub start: NaiveDate,
    /// Whether credits reduce what is asked for (an officer must confirm
    /// each offset; the candidates are listed either way).
    pub apply_offsets: bool,
}

impl PlanOptions {
    /// Monthly instalments from `start` over at most `max_term_months`, a
    /// token of 1.00 a month, offsets applied.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// let o = debt_core::arrangement::PlanOptions::new(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default(), 12);
    /// assert_eq!(o.max_term_months, 12);
    /// ```
    pub fn new(start: NaiveDate, max_term_months: u32) -> PlanOptions {
        PlanOptions {
            token_per_month: Money::from_pence(100),
            max_term_months,
            frequency: PlanFrequency::Monthly,
            start,
            apply_offsets: true,
        }
    }
}

/// Everything a plan is made from.
///
/// ```
/// use chrono::NaiveDate;
/// use debt_core::arrangement::{Means, PlanInput, PlanOptions};
/// let input = PlanInput::new(Means::Disposable(debt_core::Money::ZERO), vec![], PlanOptions::new(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default(), 12));
/// assert!(!input.breathing_space_active && input.universal_credit.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanInput {
    /// What the household can afford.
    pub means: Means,
    /// The council's debts of the household (credits included), each id once.
    pub debts: Vec<PlanDebt>,
    /// Whether a breathing space is active on the start date.
    pub breathing_space_active: bool,
    /// The household's Universal Credit claim type, when it claims UC (for
    /// the deductions route).
    pub universal_credit: Option<UcClaimant>,
    /// How the plan is to be made.
    pub options: PlanOptions,
}

impl PlanInput {
    /// Inputs with no breathing space and no Universal Credit claim.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use debt_core::arrangement::{Means, PlanInput, PlanOptions};
    /// let input = PlanInput::new(Means::Disposable(debt_core::Money::from_pence(100)), vec![], PlanOptions::new(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default(), 6));
    /// assert!(input.debts.is_empty());
    /// ```
    pub fn new(means: Means, debts: Vec<PlanDebt>, options: PlanOptions) -> PlanInput {
        PlanInput {
            means,
            debts,
            breathing_space_active: false,
            universal_credit: None,
            options,
        }
    }

    /// The plan for these inputs (the same as [`plan`]).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use debt_core::arrangement::{Means, Outcome, PlanInput, PlanOptions};
    /// # let rates = debt_core::Rates::from_toml_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rates.toml")))?;
    /// let input = PlanInput::new(Means::Disposable(debt_core::Money::from_pence(100)), vec![], PlanOptions::new(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default(), 6));
    /// assert_eq!(input.plan(&rates)?.outcome, Outcome::AllCleared);
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn plan(&self, rates: &Rates) -> Result<Plan, Error> {
        plan(self, rates)
    }

    /// A copy of these inputs with an advisor's changes applied in order.
    /// A change naming a statement line or debt that is not there is an
    /// error saying so.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use debt_core::arrangement::{Means, PlanInput, PlanOptions, WhatIf};
    /// use debt_core::Error;
    /// let input = PlanInput::new(Means::Disposable(debt_core::Money::from_pence(100)), vec![], PlanOptions::new(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default(), 6));
    /// let longer = input.changed(&[WhatIf::Term(12)])?;
    /// assert_eq!(longer.options.max_term_months, 12);
    /// assert_eq!(input.changed(&[WhatIf::LeaveOut("pcn:X".into())]), Err(Error::NoSuchDebt("pcn:X".into())));
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn changed(&self, changes: &[WhatIf]) -> Result<PlanInput, Error> {
        let mut input = self.clone();
        for change in changes {
            change.apply(&mut input)?;
        }
        Ok(input)
    }

    /// The plan with an advisor's changes: [`changed`](Self::changed), then
    /// [`plan`]. The inputs themselves are left as they were.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use debt_core::arrangement::{Means, PlanDebt, PlanInput, PlanOptions, WhatIf};
    /// use debt_core::{Money, PriorityClass, Service};
    /// # let rates = debt_core::Rates::from_toml_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rates.toml")))?;
    /// let debts = vec![PlanDebt::new("hbop:C1", Service::HousingBenefitOverpayment, PriorityClass::NonPriority, Money::parse("1200.00")?, Money::parse("1200.00")?)];
    /// let input = PlanInput::new(Means::Disposable(Money::parse("50.00")?), debts, PlanOptions::new(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default(), 12));
    /// assert_eq!(input.plan(&rates)?.total_left().to_string(), "600.00");
    /// let richer = input.what_if(&[WhatIf::Disposable(Money::parse("100.00")?)], &rates)?;
    /// assert!(richer.total_left().is_zero());
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn what_if(&self, changes: &[WhatIf], rates: &Rates) -> Result<Plan, Error> {
        plan(&self.changed(changes)?, rates)
    }
}

/// One change an advisor tries: "what if her hours go up", "what if we
/// leave the parking fine out", "what if we take 24 months".
///
/// ```
/// use debt_core::arrangement::WhatIf;
/// use debt_core::affordability::Frequency;
/// use debt_core::Money;
/// let more_hours = WhatIf::SetLine { index: 0, amount: Money::parse("950.00")?, frequency: Frequency::Monthly };
/// assert!(matches!(more_hours, WhatIf::SetLine { index: 0, .. }));
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WhatIf {
    /// Change one statement line's amount and frequency (an income or a
    /// cost); `index` counts from 0 in the statement's order.
    SetLine {
        /// Which line (0 is the first).
        index: usize,
        /// The new amount.
        amount: Money,
        /// The new frequency.
        frequency: Frequency,
    },
    /// Add a statement line (a new income, a cost left off).
    AddLine(StatementLine),
    /// Remove a statement line.
    RemoveLine(usize),
    /// Use this monthly disposable figure instead of the statement.
    Disposable(Money),
    /// A different maximum term, in months.
    Term(u32),
    /// Leave this debt out of the plan.
    LeaveOut(String),
    /// A different instalment frequency.
    Frequency(PlanFrequency),
    /// A different token payment a month.
    Token(Money),
    /// A different start date.
    Start(NaiveDate),
    /// A breathing space active, or not.
    BreathingSpace(bool),
}

impl WhatIf {
    fn apply(&self, input: &mut PlanInput) -> Result<(), Error> {
        fn statement(input: &mut PlanInput) -> Result<&mut Statement, Error> {
            match &mut input.means {
                Means::Statement(s) => Ok(s),
                Means::Disposable(_) => Err(Error::NoStatement),
            }
        }
        match self {
            WhatIf::SetLine {
                index,
                amount,
                frequency,
            } => {
                let s = statement(input)?;
                let lines = s.lines.len();
                let line = s.lines.get_mut(*index).ok_or(Error::NoSuchStatementLine {
                    index: *index,
                    lines,
                })?;
                line.amount = *amount;
                line.frequency = *frequency;
            }
            WhatIf::AddLine(line) => statement(input)?.lines.push(line.clone()),
            WhatIf::RemoveLine(index) => {
                let s = statement(input)?;
                if *index >= s.lines.len() {
                    return Err(Error::NoSuchStatementLine {
                        index: *index,
                        lines: s.lines.len(),
                    });
                }
                s.lines.remove(*index);
            }
            WhatIf::Disposable(amount) => input.means = Means::Disposable(*amount),
            WhatIf::Term(months) => input.options.max_term_months = *months,
            WhatIf::LeaveOut(id) => {
                let before = input.debts.len();
                input.debts.retain(|d| d.id != *id);
                if input.debts.len() == before {
                    return Err(Error::NoSuchDebt(id.clone()));
                }
            }
            WhatIf::Frequency(f) => input.options.frequency = *f,
            WhatIf::Token(m) => input.options.token_per_month = *m,
            WhatIf::Start(d) => input.options.start = *d,
            WhatIf::BreathingSpace(active) => input.breathing_space_active = *active,
        }
        Ok(())
    }
}

/// A credit on one account set against what is owed on others.
///
/// ```
/// use debt_core::arrangement::{Offset, OffsetTo};
/// use debt_core::Money;
/// let o = Offset { credit_id: "ctax:CT0002".into(), credit: Money::from_pence(15_000),
///     applied: vec![OffsetTo { debt_id: "ctax:CT0001".into(), amount: Money::from_pence(15_000) }], unused: Money::ZERO };
/// assert_eq!(o.applied_total(), o.credit);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Offset {
    /// The account holding the credit.
    pub credit_id: String,
    /// The credit.
    pub credit: Money,
    /// Where it would go, in order.
    pub applied: Vec<OffsetTo>,
    /// What is left of the credit after every debt is met (for refund).
    pub unused: Money,
}

impl Offset {
    /// The part of the credit set against debts.
    ///
    /// ```
    /// # use debt_core::arrangement::Offset;
    /// let o = Offset { credit_id: "x".into(), credit: debt_core::Money::from_pence(10), applied: vec![], unused: debt_core::Money::from_pence(10) };
    /// assert!(o.applied_total().is_zero());
    /// ```
    pub fn applied_total(&self) -> Money {
        self.applied.iter().map(|a| a.amount).sum()
    }
}

/// One application of a credit.
///
/// ```
/// let to = debt_core::arrangement::OffsetTo { debt_id: "rent:T1001".into(), amount: debt_core::Money::from_pence(4_000) };
/// assert_eq!(to.amount.to_string(), "40.00");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OffsetTo {
    /// The debt it reduces.
    pub debt_id: String,
    /// By how much.
    pub amount: Money,
}

/// One debt in the plan: what it owes, what is asked and when.
///
/// ```
/// # use chrono::NaiveDate;
/// # use debt_core::arrangement::{plan, Means, PlanDebt, PlanInput, PlanOptions};
/// # use debt_core::{Money, PriorityClass, Service};
/// # let rates = debt_core::Rates::from_toml_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rates.toml")))?;
/// let debts = vec![PlanDebt::new("rent:T1", Service::HousingRent, PriorityClass::Priority, Money::parse("100.00")?, Money::parse("100.00")?)];
/// let input = PlanInput::new(Means::Disposable(Money::parse("30.00")?), debts, PlanOptions::new(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default(), 12));
/// let line = &plan(&input, &rates)?.debts[0];
/// let amounts: Vec<String> = line.schedule.iter().map(|i| i.amount.to_string()).collect();
/// assert_eq!(amounts, ["30.00", "30.00", "30.00", "10.00"]); // the last takes the remainder
/// assert_eq!(line.repaid, line.to_clear);
/// assert_eq!(line.cleared_on().map(|d| d.to_string()), Some("2027-04-01".into()));
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DebtLine {
    /// The debt's id.
    pub id: String,
    /// Its service.
    pub service: Service,
    /// Its priority.
    pub priority: PriorityClass,
    /// Its balance (negative: a credit).
    pub balance: Money,
    /// Its arrears.
    pub arrears: Money,
    /// Its ongoing liability, shown whatever else happens.
    pub ongoing: OngoingLiability,
    /// What the plan must clear before offsets ([`PlanDebt::owed`]).
    pub owed: Money,
    /// Credits set against it (when offsets are applied).
    pub offset: Money,
    /// What the plan asks to clear: owed − offset.
    pub to_clear: Money,
    /// The token per instalment while priority arrears are paid (zero when none).
    pub token: Money,
    /// The level instalment asked once it is this debt's turn (the last
    /// may be smaller); zero when nothing can be asked.
    pub instalment: Money,
    /// The dated instalments, penny-exact.
    pub schedule: Vec<Instalment>,
    /// The sum of the schedule.
    pub repaid: Money,
    /// What is still owed at the end of the term: to_clear − repaid.
    pub left: Money,
}

impl DebtLine {
    /// Whether the plan clears it within the term.
    ///
    /// ```
    /// # use debt_core::arrangement::{DebtLine, OngoingLiability};
    /// # use debt_core::{Money, PriorityClass, Service};
    /// # let line = DebtLine { id: "x".into(), service: Service::CouncilTax, priority: PriorityClass::Priority, balance: Money::ZERO, arrears: Money::ZERO,
    /// #   ongoing: OngoingLiability::None, owed: Money::ZERO, offset: Money::ZERO, to_clear: Money::ZERO, token: Money::ZERO, instalment: Money::ZERO,
    /// #   schedule: vec![], repaid: Money::ZERO, left: Money::ZERO };
    /// assert!(line.cleared()); // nothing to clear
    /// ```
    pub fn cleared(&self) -> bool {
        self.left.is_zero()
    }

    /// The date of the last instalment when the plan clears it.
    ///
    /// ```
    /// # use debt_core::arrangement::{DebtLine, OngoingLiability};
    /// # use debt_core::{Money, PriorityClass, Service};
    /// # let line = DebtLine { id: "x".into(), service: Service::CouncilTax, priority: PriorityClass::Priority, balance: Money::from_pence(5), arrears: Money::from_pence(5),
    /// #   ongoing: OngoingLiability::None, owed: Money::from_pence(5), offset: Money::ZERO, to_clear: Money::from_pence(5), token: Money::ZERO, instalment: Money::ZERO,
    /// #   schedule: vec![], repaid: Money::ZERO, left: Money::from_pence(5) };
    /// assert_eq!(line.cleared_on(), None); // not cleared
    /// ```
    pub fn cleared_on(&self) -> Option<NaiveDate> {
        if self.cleared() {
            self.schedule.last().map(|i| i.due)
        } else {
            None
        }
    }
}

/// Deductions from Universal Credit the council could ask DWP for, within
/// DWP's dated rates and never above the overall cap.
///
/// ```
/// use debt_core::arrangement::UcDeductions;
/// use debt_core::{Money, UcClaimant};
/// let d = UcDeductions { claimant: UcClaimant::Single25OrOver, standard_allowance: Money::parse("400.14")?, overall_cap: Money::parse("60.02")?,
///     rent_per_month: Money::parse("40.01")?, rent_dwp_max_per_month: Money::parse("80.03")?, council_tax_per_month: Money::parse("20.01")? };
/// assert_eq!(d.total_per_month().to_string(), "60.02");
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UcDeductions {
    /// The claim type.
    pub claimant: UcClaimant,
    /// The monthly standard allowance on the start date.
    pub standard_allowance: Money,
    /// The overall cap on deductions a month.
    pub overall_cap: Money,
    /// Rent arrears a month at DWP's lowest rate (no more than the arrears).
    pub rent_per_month: Money,
    /// DWP's highest rent arrears rate a month: only DWP may go this high,
    /// above the overall cap; not proposed.
    pub rent_dwp_max_per_month: Money,
    /// Council tax arrears a month at DWP's rate, within what the cap leaves
    /// after rent (DWP takes housing arrears first).
    pub council_tax_per_month: Money,
}

impl UcDeductions {
    /// The deductions proposed a month: never above the overall cap.
    ///
    /// ```
    /// # use debt_core::arrangement::UcDeductions;
    /// # use debt_core::{Money, UcClaimant};
    /// let d = UcDeductions { claimant: UcClaimant::SingleUnder25, standard_allowance: Money::parse("316.98")?, overall_cap: Money::parse("47.55")?,
    ///     rent_per_month: Money::ZERO, rent_dwp_max_per_month: Money::parse("63.40")?, council_tax_per_month: Money::parse("15.85")? };
    /// assert_eq!(d.total_per_month().to_string(), "15.85");
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn total_per_month(&self) -> Money {
        self.rent_per_month + self.council_tax_per_month
    }
}

/// A realistic route when the plan cannot clear the debts within the term.
///
/// ```
/// use debt_core::arrangement::Route;
/// let r = Route::DiscretionaryCouncilTaxReduction { debt_ids: vec!["ctax:CT0001".into()] };
/// assert_eq!(r.code(), "discretionary_council_tax_reduction");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "route", rename_all = "snake_case")]
pub enum Route {
    /// Ask DWP to deduct council tax or rent arrears from Universal Credit.
    UniversalCreditDeductions(UcDeductions),
    /// A breathing space (Debt Respite Scheme): 60 days with enforcement,
    /// interest and charges held, to get debt advice (one standard
    /// breathing space in 12 months).
    BreathingSpace,
    /// A debt relief order: the council's debts and the surplus are within
    /// the limits (other debts and assets are for the intermediary to check).
    DebtReliefOrder {
        /// What the plan asks to clear of the council's debts, in total.
        council_debt: Money,
        /// The DRO debt limit on the start date.
        debt_limit: Money,
        /// The household's monthly surplus after ongoing liabilities.
        available_per_month: Money,
        /// The DRO surplus income limit.
        surplus_limit: Money,
    },
    /// A council tax reduction at the council's discretion (Local Government
    /// Finance Act 1992 s.13A(1)(c)) for these council tax debts.
    DiscretionaryCouncilTaxReduction {
        /// The council tax debts not cleared within the term.
        debt_ids: Vec<String>,
    },
    /// A discretionary housing payment towards these rent arrears (for
    /// households receiving housing benefit or UC housing costs).
    DiscretionaryHousingPayment {
        /// The rent debts not cleared within the term.
        debt_ids: Vec<String>,
    },
}

impl Route {
    /// The code used in outputs.
    ///
    /// ```
    /// assert_eq!(debt_core::arrangement::Route::BreathingSpace.code(), "breathing_space");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            Route::UniversalCreditDeductions(_) => "universal_credit_deductions",
            Route::BreathingSpace => "breathing_space",
            Route::DebtReliefOrder { .. } => "debt_relief_order",
            Route::DiscretionaryCouncilTaxReduction { .. } => "discretionary_council_tax_reduction",
            Route::DiscretionaryHousingPayment { .. } => "discretionary_housing_payment",
        }
    }
}

/// What the plan achieves, plainly.
///
/// ```
/// use debt_core::arrangement::Outcome;
/// let o = Outcome::PriorityShortfall { short_by_per_instalment: debt_core::Money::from_pence(4_500), routes: vec![] };
/// assert_eq!(o.code(), "priority_shortfall");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Every debt is cleared within the term.
    AllCleared,
    /// The priority arrears are cleared within the term; the non-priority
    /// debts are not, and this much of them is left at its end.
    PriorityClearedOnly {
        /// Non-priority debt left at the end of the term.
        non_priority_left: Money,
        /// Routes worth considering.
        routes: Vec<Route>,
    },
    /// Even the priority arrears cannot be cleared within the term (or the
    /// surplus does not meet the ongoing liabilities): the plan asks only
    /// what is affordable and says by how much each instalment falls short.
    PriorityShortfall {
        /// How much more each instalment would need to clear the priority
        /// arrears within the term.
        short_by_per_instalment: Money,
        /// The realistic routes.
        routes: Vec<Route>,
    },
    /// A breathing space is active: no arrears are asked for; the ongoing
    /// liabilities are still shown. Make the plan again when it ends.
    BreathingSpace,
}

impl Outcome {
    /// The code used in outputs.
    ///
    /// ```
    /// assert_eq!(debt_core::arrangement::Outcome::AllCleared.code(), "all_cleared");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            Outcome::AllCleared => "all_cleared",
            Outcome::PriorityClearedOnly { .. } => "priority_cleared_only",
            Outcome::PriorityShortfall { .. } => "priority_shortfall",
            Outcome::BreathingSpace => "breathing_space",
        }
    }

    /// The routes the outcome names (none when everything is cleared or a
    /// breathing space is active).
    ///
    /// ```
    /// assert!(debt_core::arrangement::Outcome::AllCleared.routes().is_empty());
    /// ```
    pub fn routes(&self) -> &[Route] {
        match self {
            Outcome::PriorityClearedOnly { routes, .. }
            | Outcome::PriorityShortfall { routes, .. } => routes,
            _ => &[],
        }
    }
}

/// A combined arrangement for a household.
///
/// ```
/// use chrono::NaiveDate;
/// use debt_core::arrangement::{plan, Means, PlanDebt, PlanInput, PlanOptions};
/// use debt_core::{Money, PriorityClass, Service};
/// # let rates = debt_core::Rates::from_toml_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rates.toml")))?;
/// let debts = vec![PlanDebt::new("fta:T0042", Service::FormerTenantArrears, PriorityClass::NonPriority, Money::parse("260.00")?, Money::parse("260.00")?)];
/// let input = PlanInput::new(Means::Disposable(Money::parse("100.00")?), debts, PlanOptions::new(NaiveDate::from_ymd_opt(2027, 1, 4).unwrap_or_default(), 12));
/// let plan = plan(&input, &rates)?;
/// assert_eq!(plan.due_on(NaiveDate::from_ymd_opt(2027, 3, 4).unwrap_or_default()).to_string(), "60.00");
/// assert_eq!(plan.total_repaid(), plan.total_to_clear());
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// The monthly statement, when the plan was made from one.
    pub statement: Option<MonthlyStatement>,
    /// Monthly income − expenditure − savings.
    pub disposable_per_month: Money,
    /// Every ongoing liability a month, shown whatever else happens.
    pub ongoing_per_month: Money,
    /// The part of the ongoing liabilities taken from the surplus (those not
    /// already on the statement).
    pub ongoing_from_surplus_per_month: Money,
    /// What is left a month for arrears: disposable − ongoing from surplus.
    pub available_per_month: Money,
    /// The instalment frequency.
    pub frequency: PlanFrequency,
    /// What is left for arrears at each instalment (the monthly figure at
    /// the plan's frequency, rounded down).
    pub available_per_instalment: Money,
    /// The token payment at each instalment.
    pub token_per_instalment: Money,
    /// The first instalment date.
    pub start: NaiveDate,
    /// The first day after the term.
    pub term_end: NaiveDate,
    /// How many instalment dates fall within the term.
    pub instalments_in_term: u32,
    /// Whether a breathing space is active.
    pub breathing_space_active: bool,
    /// Every debt, in the order given.
    pub debts: Vec<DebtLine>,
    /// Credits that could offset arrears elsewhere, and where they would go.
    pub offsets: Vec<Offset>,
    /// Whether the offsets reduce what is asked for.
    pub offsets_applied: bool,
    /// What the plan achieves.
    pub outcome: Outcome,
}

impl Plan {
    /// The debt with this id.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use debt_core::arrangement::{plan, Means, PlanInput, PlanOptions};
    /// # let rates = debt_core::Rates::from_toml_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rates.toml")))?;
    /// # let p = plan(&PlanInput::new(Means::Disposable(debt_core::Money::ZERO), vec![], PlanOptions::new(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default(), 6)), &rates)?;
    /// assert!(p.debt("ctax:CT0001").is_none());
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn debt(&self, id: &str) -> Option<&DebtLine> {
        self.debts.iter().find(|d| d.id == id)
    }

    /// What the plan asks to clear, in total.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use debt_core::arrangement::{plan, Means, PlanInput, PlanOptions};
    /// # let rates = debt_core::Rates::from_toml_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rates.toml")))?;
    /// # let p = plan(&PlanInput::new(Means::Disposable(debt_core::Money::ZERO), vec![], PlanOptions::new(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default(), 6)), &rates)?;
    /// assert!(p.total_to_clear().is_zero());
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn total_to_clear(&self) -> Money {
        self.debts.iter().map(|d| d.to_clear).sum()
    }

    /// What the schedule repays within the term, in total.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use debt_core::arrangement::{plan, Means, PlanInput, PlanOptions};
    /// # let rates = debt_core::Rates::from_toml_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rates.toml")))?;
    /// # let p = plan(&PlanInput::new(Means::Disposable(debt_core::Money::ZERO), vec![], PlanOptions::new(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default(), 6)), &rates)?;
    /// assert!(p.total_repaid().is_zero());
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn total_repaid(&self) -> Money {
        self.debts.iter().map(|d| d.repaid).sum()
    }

    /// What is left at the end of the term, in total.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use debt_core::arrangement::{plan, Means, PlanInput, PlanOptions};
    /// # let rates = debt_core::Rates::from_toml_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rates.toml")))?;
    /// # let p = plan(&PlanInput::new(Means::Disposable(debt_core::Money::ZERO), vec![], PlanOptions::new(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default(), 6)), &rates)?;
    /// assert!(p.total_left().is_zero());
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn total_left(&self) -> Money {
        self.debts.iter().map(|d| d.left).sum()
    }

    /// Everything asked for on one date, across the debts (arrears only:
    /// ongoing liabilities follow their own bills).
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use debt_core::arrangement::{plan, Means, PlanInput, PlanOptions};
    /// # let rates = debt_core::Rates::from_toml_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rates.toml")))?;
    /// # let p = plan(&PlanInput::new(Means::Disposable(debt_core::Money::ZERO), vec![], PlanOptions::new(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default(), 6)), &rates)?;
    /// assert!(p.due_on(p.start).is_zero());
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn due_on(&self, date: NaiveDate) -> Money {
        self.debts
            .iter()
            .flat_map(|d| d.schedule.iter())
            .filter(|i| i.due == date)
            .map(|i| i.amount)
            .sum()
    }
}

fn money(pence: i128) -> Result<Money, Error> {
    Money::from_pence_i128(pence)
}

fn weights(pence: &[i128]) -> Result<Vec<Decimal>, Error> {
    pence
        .iter()
        .map(|p| Decimal::try_from_i128_with_scale(*p, 0).map_err(|_| Error::Overflow))
        .collect()
}

/// Splits `pot` pence pro rata to `owed` (all positive) by the largest
/// remainder, each share no more than its debt.
fn pro_rata(pot: i128, owed: &[i128]) -> Result<Vec<i128>, Error> {
    if pot <= 0 || owed.is_empty() {
        return Ok(vec![0; owed.len()]);
    }
    let shares = money(pot)?.allocate_pro_rata(&weights(owed)?)?;
    Ok(shares
        .iter()
        .zip(owed)
        .map(|(s, o)| s.pence().min(*o))
        .collect())
}

/// Level instalments of `each` pence on `dates[from..until]` until `owed` is
/// paid, the last taking the remainder. Returns what was paid and the index
/// after the last instalment.
fn level(
    dates: &[NaiveDate],
    from: usize,
    until: usize,
    each: i128,
    owed: i128,
    out: &mut Vec<Instalment>,
) -> Result<(i128, usize), Error> {
    let mut left = owed;
    let mut end = from;
    if each <= 0 {
        return Ok((0, end));
    }
    for (index, due) in dates.iter().enumerate().take(until).skip(from) {
        if left <= 0 {
            break;
        }
        let amount = each.min(left);
        out.push(Instalment {
            due: *due,
            amount: money(amount)?,
        });
        left -= amount;
        end = index + 1;
    }
    Ok((owed - left, end))
}

/// Where each credit would go: debts of the same service first, then
/// priority debts, then the rest, each in the order given. Returns the
/// offsets and the amount set against each debt.
fn find_offsets(debts: &[PlanDebt], owed: &[i128]) -> Result<(Vec<Offset>, Vec<i128>), Error> {
    let mut remaining = owed.to_vec();
    let mut offsets = Vec::new();
    for (ci, holder) in debts.iter().enumerate() {
        let credit = holder.credit().pence();
        if credit <= 0 {
            continue;
        }
        let mut order: Vec<usize> = (0..debts.len())
            .filter(|&j| j != ci && remaining[j] > 0)
            .collect();
        order.sort_by_key(|&j| (debts[j].service != holder.service, debts[j].priority, j));
        let mut left = credit;
        let mut applied = Vec::new();
        for j in order {
            if left == 0 {
                break;
            }
            let amount = left.min(remaining[j]);
            remaining[j] -= amount;
            left -= amount;
            applied.push(OffsetTo {
                debt_id: debts[j].id.clone(),
                amount: money(amount)?,
            });
        }
        offsets.push(Offset {
            credit_id: holder.id.clone(),
            credit: money(credit)?,
            applied,
            unused: money(left)?,
        });
    }
    let set_off = owed.iter().zip(&remaining).map(|(o, r)| o - r).collect();
    Ok((offsets, set_off))
}

fn validate(input: &PlanInput) -> Result<(), Error> {
    let options = &input.options;
    if options.max_term_months == 0 || options.max_term_months > MAX_TERM_MONTHS {
        return Err(Error::BadTerm(options.max_term_months));
    }
    if options.token_per_month.is_negative() {
        return Err(Error::NegativeAmount {
            what: "token payment a month".into(),
            amount: options.token_per_month,
        });
    }
    let mut ids: Vec<&str> = input.debts.iter().map(|d| d.id.as_str()).collect();
    ids.sort_unstable();
    if let Some(pair) = ids.windows(2).find(|w| w[0] == w[1]) {
        return Err(Error::DuplicateDebt(pair[0].to_string()));
    }
    for debt in &input.debts {
        if debt.arrears.is_negative() {
            return Err(Error::NegativeAmount {
                what: format!("arrears of {}", debt.id),
                amount: debt.arrears,
            });
        }
        if debt.ongoing.monthly().is_negative() {
            return Err(Error::NegativeAmount {
                what: format!("ongoing liability of {}", debt.id),
                amount: debt.ongoing.monthly(),
            });
        }
    }
    Ok(())
}

/// Makes the plan (see the module documentation for the rules).
///
/// Errors: a term outside 1 to [`MAX_TERM_MONTHS`] months, a negative token,
/// arrears or ongoing liability, two debts with one id, a negative
/// statement line, or a rate table with no row in force on the start date
/// (trigger figures on the statement's date) when one is needed.
///
/// ```
/// use chrono::NaiveDate;
/// use debt_core::arrangement::{plan, Means, Outcome, PlanDebt, PlanInput, PlanOptions, Route};
/// use debt_core::{Money, PriorityClass, Service};
/// # let rates = debt_core::Rates::from_toml_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rates.toml")))?;
/// let debts = vec![PlanDebt::new("ctax:CT0009", Service::CouncilTax, PriorityClass::Priority, Money::parse("900.00")?, Money::parse("900.00")?)];
/// let input = PlanInput::new(Means::Disposable(Money::parse("50.00")?), debts, PlanOptions::new(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default(), 12));
/// let plan = plan(&input, &rates)?;
/// // 900.00 over 12 months needs 75.00 a month; 50.00 is 25.00 short.
/// match &plan.outcome {
///     Outcome::PriorityShortfall { short_by_per_instalment, routes } => {
///         assert_eq!(short_by_per_instalment.to_string(), "25.00");
///         assert!(routes.contains(&Route::BreathingSpace));
///     }
///     other => panic!("{other:?}"),
/// }
/// assert_eq!(plan.debts[0].left.to_string(), "300.00"); // 12 × 50.00 repaid
/// # Ok::<(), debt_core::Error>(())
/// ```
pub fn plan(input: &PlanInput, rates: &Rates) -> Result<Plan, Error> {
    validate(input)?;
    let options = &input.options;
    let debts = &input.debts;

    // What the household can afford.
    let (statement, disposable) = match &input.means {
        Means::Statement(statement) => {
            let triggers = match (&rates.trigger_figures, statement.household) {
                (Some(table), Some(_)) => {
                    Some(table.at(statement.taken_on.unwrap_or(options.start))?)
                }
                _ => None,
            };
            let monthly = statement.summarise(triggers)?;
            let disposable = monthly.disposable;
            (Some(monthly), disposable)
        }
        Means::Disposable(amount) => (None, *amount),
    };
    let ongoing_per_month: Money = debts.iter().map(|d| d.ongoing.monthly()).sum();
    let ongoing_from_surplus: Money = debts.iter().map(|d| d.ongoing.from_surplus()).sum();
    let available_per_month = disposable - ongoing_from_surplus;
    let frequency = options.frequency;
    let budget = frequency.budget_from_monthly(available_per_month.pence());
    let token = frequency.budget_from_monthly(options.token_per_month.pence());

    // The instalment dates within the term.
    let term_end = options
        .start
        .checked_add_months(Months::new(options.max_term_months))
        .ok_or(Error::DateOutOfRange(options.start))?;
    let mut dates = Vec::new();
    for index in 0..MAX_INSTALMENTS {
        let due = frequency.due_date(options.start, index)?;
        if due >= term_end {
            break;
        }
        dates.push(due);
    }
    let n = dates.len();
    if n == 0 {
        return Err(Error::Invariant(
            "a term of a month or more has no instalment date".into(),
        ));
    }

    // What each debt asks to clear.
    let owed: Vec<i128> = debts.iter().map(|d| d.owed().pence()).collect();
    let (offsets, set_off) = find_offsets(debts, &owed)?;
    let to_clear: Vec<i128> = owed
        .iter()
        .zip(&set_off)
        .map(|(o, s)| if options.apply_offsets { o - s } else { *o })
        .collect();

    let mut schedules: Vec<Vec<Instalment>> = vec![Vec::new(); debts.len()];
    let mut instalment = vec![0i128; debts.len()];
    let mut token_of = vec![0i128; debts.len()];
    let priority: Vec<usize> = (0..debts.len())
        .filter(|&i| debts[i].priority == PriorityClass::Priority && to_clear[i] > 0)
        .collect();
    let non_priority: Vec<usize> = (0..debts.len())
        .filter(|&i| debts[i].priority == PriorityClass::NonPriority && to_clear[i] > 0)
        .collect();
    // The least each priority debt needs an instalment to clear in the term.
    let terms = n as i128;
    let need: Vec<i128> = priority
        .iter()
        .map(|&i| (to_clear[i] + terms - 1) / terms)
        .collect();
    let need_total: i128 = need.iter().sum();

    if !input.breathing_space_active {
        let tokens_total = token * non_priority.len() as i128;
        let use_tokens = token > 0
            && !priority.is_empty()
            && !non_priority.is_empty()
            && budget - tokens_total >= need_total;
        let for_priority = if use_tokens {
            budget - tokens_total
        } else {
            budget
        };

        // Priority arrears first.
        let mut priority_end = 0usize;
        if !priority.is_empty() {
            let owed_p: Vec<i128> = priority.iter().map(|&i| to_clear[i]).collect();
            let total_p: i128 = owed_p.iter().sum();
            let amounts: Vec<i128> = if for_priority >= need_total {
                let spare = for_priority.min(total_p) - need_total;
                let extra = pro_rata(spare, &owed_p)?;
                need.iter()
                    .zip(&extra)
                    .zip(&owed_p)
                    .map(|((n, e), o)| (n + e).min(*o))
                    .collect()
            } else {
                pro_rata(for_priority, &owed_p)?
            };
            for (k, &i) in priority.iter().enumerate() {
                instalment[i] = amounts[k];
                let (paid, end) = level(&dates, 0, n, amounts[k], to_clear[i], &mut schedules[i])?;
                priority_end = priority_end.max(if paid == to_clear[i] { end } else { n });
            }
        }
        // Tokens to non-priority debts meanwhile.
        if use_tokens {
            for &j in &non_priority {
                token_of[j] = token;
                level(
                    &dates,
                    0,
                    priority_end,
                    token,
                    to_clear[j],
                    &mut schedules[j],
                )?;
            }
        }
        // Then the whole surplus to non-priority debts, pro rata.
        if priority_end < n && budget > 0 {
            let paid = |j: usize| -> i128 { schedules[j].iter().map(|i| i.amount.pence()).sum() };
            let live: Vec<(usize, i128)> = non_priority
                .iter()
                .map(|&j| (j, to_clear[j] - paid(j)))
                .filter(|(_, r)| *r > 0)
                .collect();
            let remaining: Vec<i128> = live.iter().map(|(_, r)| *r).collect();
            let pot = budget.min(remaining.iter().sum());
            let shares = pro_rata(pot, &remaining)?;
            for ((j, rest), share) in live.iter().zip(shares) {
                instalment[*j] = share;
                level(&dates, priority_end, n, share, *rest, &mut schedules[*j])?;
            }
        }
    }

    // The lines, checked.
    let mut lines = Vec::with_capacity(debts.len());
    let mut asked_per_date = vec![0i128; n];
    for (i, debt) in debts.iter().enumerate() {
        let schedule = std::mem::take(&mut schedules[i]);
        let repaid: i128 = schedule.iter().map(|s| s.amount.pence()).sum();
        if repaid > to_clear[i] || schedule.iter().any(|s| !s.amount.is_positive()) {
            return Err(Error::Invariant(format!(
                "{}: instalments of {} for {} to clear",
                debt.id,
                money(repaid)?,
                money(to_clear[i])?
            )));
        }
        for s in &schedule {
            if let Ok(k) = dates.binary_search(&s.due) {
                asked_per_date[k] += s.amount.pence();
            }
        }
        lines.push(DebtLine {
            id: debt.id.clone(),
            service: debt.service.clone(),
            priority: debt.priority,
            balance: debt.balance,
            arrears: debt.arrears,
            ongoing: debt.ongoing,
            owed: money(owed[i])?,
            offset: money(owed[i] - to_clear[i])?,
            to_clear: money(to_clear[i])?,
            token: money(token_of[i])?,
            instalment: money(instalment[i])?,
            schedule,
            repaid: money(repaid)?,
            left: money(to_clear[i] - repaid)?,
        });
    }
    if let Some(k) = (0..n).find(|&k| asked_per_date[k] > budget.max(0)) {
        return Err(Error::Invariant(format!(
            "{} asked on {} is more than the {} available",
            money(asked_per_date[k])?,
            dates[k],
            money(budget)?
        )));
    }

    // What it achieves.
    let left_of = |class: PriorityClass| -> Money {
        lines
            .iter()
            .filter(|l| l.priority == class)
            .map(|l| l.left)
            .sum()
    };
    let priority_left = left_of(PriorityClass::Priority);
    let non_priority_left = left_of(PriorityClass::NonPriority);
    let outcome = if input.breathing_space_active {
        Outcome::BreathingSpace
    } else if available_per_month.is_negative() || priority_left.is_positive() {
        let short_by = need_total - budget;
        if short_by <= 0 {
            return Err(Error::Invariant(
                "priority arrears left although the surplus meets their instalments".into(),
            ));
        }
        Outcome::PriorityShortfall {
            short_by_per_instalment: money(short_by)?,
            routes: routes(input, rates, &lines, available_per_month)?,
        }
    } else if non_priority_left.is_positive() {
        Outcome::PriorityClearedOnly {
            non_priority_left,
            routes: routes(input, rates, &lines, available_per_month)?,
        }
    } else {
        Outcome::AllCleared
    };

    Ok(Plan {
        statement,
        disposable_per_month: disposable,
        ongoing_per_month,
        ongoing_from_surplus_per_month: ongoing_from_surplus,
        available_per_month,
        frequency,
        available_per_instalment: money(budget)?,
        token_per_instalment: money(token)?,
        start: options.start,
        term_end,
        instalments_in_term: n as u32,
        breathing_space_active: input.breathing_space_active,
        debts: lines,
        offsets,
        offsets_applied: options.apply_offsets,
        outcome,
    })
}

/// The routes worth naming when the plan does not clear everything.
fn routes(
    input: &PlanInput,
    rates: &Rates,
    lines: &[DebtLine],
    available_per_month: Money,
) -> Result<Vec<Route>, Error> {
    let start = input.options.start;
    let unpaid = |service: &Service| -> Vec<&DebtLine> {
        lines
            .iter()
            .filter(|l| l.service == *service && l.left.is_positive())
            .collect()
    };
    let council_tax = unpaid(&Service::CouncilTax);
    let rent = unpaid(&Service::HousingRent);
    let mut routes = Vec::new();

    if let Some(claimant) = input.universal_credit {
        if !council_tax.is_empty() || !rent.is_empty() {
            let allowance = rates
                .uc_standard_allowance
                .at(start)?
                .for_claimant(claimant);
            let r = rates.uc_deductions.at(start)?;
            let pct = |p| UcDeductionRates::percent_of(allowance, p);
            let overall_cap = pct(r.overall_cap_percent);
            let arrears = |ls: &[&DebtLine]| -> Money { ls.iter().map(|l| l.to_clear).sum() };
            let rent_per_month = pct(r.rent_arrears_min_percent)
                .min(arrears(&rent))
                .min(overall_cap);
            let council_tax_per_month = pct(r.council_tax_arrears_percent)
                .min(arrears(&council_tax))
                .min(overall_cap - rent_per_month);
            routes.push(Route::UniversalCreditDeductions(UcDeductions {
                claimant,
                standard_allowance: allowance,
                overall_cap,
                rent_per_month,
                rent_dwp_max_per_month: if rent.is_empty() {
                    Money::ZERO
                } else {
                    pct(r.rent_arrears_max_percent)
                },
                council_tax_per_month,
            }));
        }
    }
    if !input.breathing_space_active {
        routes.push(Route::BreathingSpace);
    }
    let dro = rates.debt_relief_order.at(start)?;
    let council_debt: Money = lines.iter().map(|l| l.to_clear).sum();
    if council_debt.is_positive() && dro.within(council_debt, available_per_month) {
        routes.push(Route::DebtReliefOrder {
            council_debt,
            debt_limit: dro.max_total_debt,
            available_per_month,
            surplus_limit: dro.max_monthly_surplus,
        });
    }
    let ids = |ls: &[&DebtLine]| ls.iter().map(|l| l.id.clone()).collect::<Vec<_>>();
    if !council_tax.is_empty() {
        routes.push(Route::DiscretionaryCouncilTaxReduction {
            debt_ids: ids(&council_tax),
        });
    }
    if !rent.is_empty() {
        routes.push(Route::DiscretionaryHousingPayment {
            debt_ids: ids(&rent),
        });
    }
    Ok(routes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::SundryKind;
    use proptest::prelude::*;

    fn rates() -> Rates {
        Rates::from_toml_str(include_str!("../rates.toml")).unwrap()
    }

    fn m(text: &str) -> Money {
        Money::parse(text).unwrap()
    }

    fn d(y: i32, mo: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, mo, day).unwrap()
    }

    #[test]
    fn the_ongoing_liability_is_the_next_instalment_or_the_rent_made_monthly() {
        use crate::ledger::{Transaction, TxnKind};
        // 1,200.00 of council tax for 2026/27 on the default 10 instalments
        // (120.00 each from April): at 20 November the December instalment
        // is next.
        let ctax = Ledger::new(vec![Transaction::new(
            d(2026, 3, 10),
            TxnKind::Charge,
            m("1200.00"),
        )
        .for_year(crate::period::FinancialYear::containing(d(2026, 4, 1)))])
        .unwrap();
        let terms = ArrearsTerms::for_service(&Service::CouncilTax);
        let next = ongoing_monthly(
            &Service::CouncilTax,
            AccountStatus::Current,
            &terms,
            &ctax,
            d(2026, 11, 20),
        );
        assert_eq!(next, Ok(Some(m("120.00"))));
        // After the last instalment nothing more falls due this year.
        let after = ongoing_monthly(
            &Service::CouncilTax,
            AccountStatus::Current,
            &terms,
            &ctax,
            d(2027, 3, 20),
        );
        assert_eq!(after, Ok(None));
        // Rent: fortnightly and four-weekly made monthly exactly.
        let rent = |gap: u64, amount: &str| {
            let first = d(2026, 10, 1);
            Ledger::new(vec![
                Transaction::new(first, TxnKind::Charge, m(amount)),
                Transaction::new(first + chrono::Days::new(gap), TxnKind::Charge, m(amount)),
                // A payment and a later-dated charge are not counted.
                Transaction::new(first + chrono::Days::new(gap), TxnKind::Payment, m("-5.00")),
                Transaction::new(d(2027, 1, 1), TxnKind::Charge, m("999.00")),
            ])
            .unwrap()
        };
        let rent_terms = ArrearsTerms::for_service(&Service::HousingRent);
        let monthly = |gap, amount| {
            ongoing_monthly(
                &Service::HousingRent,
                AccountStatus::Current,
                &rent_terms,
                &rent(gap, amount),
                d(2026, 11, 20),
            )
        };
        assert_eq!(monthly(14, "200.00"), Ok(Some(m("433.33")))); // × 26 ÷ 12
        assert_eq!(monthly(28, "400.00"), Ok(Some(m("433.33")))); // × 13 ÷ 12
        assert_eq!(monthly(31, "433.00"), Ok(Some(m("433.00"))));
        // A gap that is no rent period is not guessed at.
        assert_eq!(monthly(10, "100.00"), Ok(None));
        // Other services have none.
        assert_eq!(
            ongoing_monthly(
                &Service::ParkingPenalty,
                AccountStatus::Current,
                &rent_terms,
                &rent(7, "1.00"),
                d(2026, 11, 20)
            ),
            Ok(None)
        );
    }

    fn debt(id: &str, service: Service, owed: &str) -> PlanDebt {
        let priority = service.priority(None);
        PlanDebt::new(id, service, priority, m(owed), m(owed))
    }

    fn input(disposable: &str, debts: Vec<PlanDebt>, term: u32) -> PlanInput {
        PlanInput::new(
            Means::Disposable(m(disposable)),
            debts,
            PlanOptions::new(d(2026, 12, 1), term),
        )
    }

    fn amounts(line: &DebtLine) -> Vec<String> {
        line.schedule.iter().map(|i| i.amount.to_string()).collect()
    }

    #[test]
    fn ongoing_liabilities_are_shown_even_when_nothing_is_left() {
        let ctax = debt("ctax:1", Service::CouncilTax, "400.00")
            .with_ongoing(OngoingLiability::InStatement(m("150.00")));
        let rent = debt("rent:1", Service::HousingRent, "0.00")
            .with_ongoing(OngoingLiability::FromSurplus(m("450.00")));
        let plan = plan(&input("100.00", vec![ctax, rent], 12), &rates()).unwrap();
        assert_eq!(plan.ongoing_per_month.to_string(), "600.00");
        assert_eq!(plan.available_per_month.to_string(), "-350.00");
        assert!(plan.debts.iter().all(|l| l.schedule.is_empty()));
        assert_eq!(plan.debts[1].ongoing.monthly().to_string(), "450.00");
        match plan.outcome {
            // 400.00 / 12 = 33.34 needed, and 350.00 to find for the rent.
            Outcome::PriorityShortfall {
                short_by_per_instalment,
                ..
            } => assert_eq!(short_by_per_instalment.to_string(), "383.34"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn ongoing_liabilities_not_on_the_statement_come_off_the_surplus_first() {
        let ctax = debt("ctax:1", Service::CouncilTax, "120.00")
            .with_ongoing(OngoingLiability::FromSurplus(m("100.00")));
        let plan = plan(&input("160.00", vec![ctax], 12), &rates()).unwrap();
        assert_eq!(plan.available_per_month.to_string(), "60.00");
        assert_eq!(amounts(&plan.debts[0]), ["60.00", "60.00"]);
    }

    #[test]
    fn a_debt_with_an_ongoing_liability_asks_only_for_its_arrears() {
        let ctax = PlanDebt::new(
            "ctax:1",
            Service::CouncilTax,
            PriorityClass::Priority,
            m("1140.00"),
            m("380.00"),
        );
        assert_eq!(ctax.owed().to_string(), "1140.00");
        let ctax = ctax.with_ongoing(OngoingLiability::InStatement(m("190.00")));
        assert_eq!(ctax.owed().to_string(), "380.00");
    }

    #[test]
    fn priority_arrears_are_paid_before_non_priority_debts_get_more_than_a_token() {
        let debts = vec![
            debt("hbop:1", Service::HousingBenefitOverpayment, "500.00"),
            debt("ctax:1", Service::CouncilTax, "300.00"),
        ];
        let plan = plan(&input("101.00", debts, 12), &rates()).unwrap();
        let hbop = plan.debt("hbop:1").unwrap();
        let ctax = plan.debt("ctax:1").unwrap();
        // 1.00 token to the overpayment; 100.00 to council tax for 3 months.
        assert_eq!(amounts(ctax), ["100.00", "100.00", "100.00"]);
        assert_eq!(hbop.token.to_string(), "1.00");
        // Then 101.00 a month: 497.00 left = 4 × 101.00 + 93.00.
        assert_eq!(
            amounts(hbop),
            ["1.00", "1.00", "1.00", "101.00", "101.00", "101.00", "101.00", "93.00"]
        );
        assert_eq!(plan.outcome, Outcome::AllCleared);
    }

    #[test]
    fn non_priority_creditors_share_the_surplus_pro_rata_to_the_penny() {
        let debts = vec![
            debt("hbop:1", Service::HousingBenefitOverpayment, "1000.00"),
            debt(
                "sundry:1",
                Service::Sundry(SundryKind::AdultSocialCare),
                "2000.00",
            ),
            debt("pcn:1", Service::ParkingPenalty, "333.33"),
        ];
        let plan = plan(&input("100.00", debts, 12), &rates()).unwrap();
        let shares: Vec<String> = plan
            .debts
            .iter()
            .map(|l| l.instalment.to_string())
            .collect();
        // 100.00 × 1000 / 3333.33 = 30.0000..., × 2000 / 3333.33 = 60.0000...,
        // × 333.33 / 3333.33 = 9.99999...: largest remainder gives the penny.
        assert_eq!(shares, ["30.00", "60.00", "10.00"]);
        assert_eq!(
            plan.debts.iter().map(|l| l.instalment).sum::<Money>(),
            m("100.00")
        );
    }

    #[test]
    fn a_plan_never_asks_for_more_than_the_surplus_at_any_date() {
        let debts = vec![
            debt("ctax:1", Service::CouncilTax, "777.77"),
            debt("rent:1", Service::HousingRent, "123.45"),
            debt("hbop:1", Service::HousingBenefitOverpayment, "999.99"),
        ];
        let plan = plan(&input("87.65", debts, 24), &rates()).unwrap();
        let mut dates: Vec<NaiveDate> = plan
            .debts
            .iter()
            .flat_map(|l| l.schedule.iter().map(|i| i.due))
            .collect();
        dates.dedup();
        for date in dates {
            assert!(plan.due_on(date) <= plan.available_per_instalment, "{date}");
        }
    }

    #[test]
    fn tokens_are_offered_only_when_they_do_not_stop_the_priority_arrears_clearing() {
        // 600.00 over 12 months needs 50.00; 51.00 leaves room for one token.
        let debts = || {
            vec![
                debt("ctax:1", Service::CouncilTax, "600.00"),
                debt("pcn:1", Service::ParkingPenalty, "70.00"),
            ]
        };
        let with = plan(&input("51.00", debts(), 12), &rates()).unwrap();
        assert_eq!(with.debt("pcn:1").unwrap().token.to_string(), "1.00");
        assert!(with.debt("ctax:1").unwrap().cleared());
        // At 50.50 a token would leave the council tax short: no token.
        let without = plan(&input("50.50", debts(), 12), &rates()).unwrap();
        assert!(without.debt("pcn:1").unwrap().token.is_zero());
        assert!(without.debt("ctax:1").unwrap().cleared());
    }

    #[test]
    fn a_debt_not_cleared_within_the_term_is_reported_with_what_is_left() {
        let debts = vec![debt("fta:1", Service::FormerTenantArrears, "1000.00")];
        let plan = plan(&input("30.00", debts, 6), &rates()).unwrap();
        let fta = &plan.debts[0];
        assert_eq!(fta.schedule.len(), 6);
        assert_eq!(fta.repaid.to_string(), "180.00");
        assert_eq!(fta.left.to_string(), "820.00");
        assert!(!fta.cleared());
        assert!(matches!(
            plan.outcome,
            Outcome::PriorityClearedOnly { non_priority_left, .. } if non_priority_left == m("820.00")
        ));
    }

    #[test]
    fn during_a_breathing_space_no_arrears_are_asked_for_but_ongoing_liabilities_are_shown() {
        let ctax = debt("ctax:1", Service::CouncilTax, "500.00")
            .with_ongoing(OngoingLiability::FromSurplus(m("150.00")));
        let mut inputs = input("900.00", vec![ctax], 12);
        inputs.breathing_space_active = true;
        let plan = plan(&inputs, &rates()).unwrap();
        assert_eq!(plan.outcome, Outcome::BreathingSpace);
        assert!(plan.debts[0].schedule.is_empty());
        assert_eq!(plan.ongoing_per_month.to_string(), "150.00");
        assert_eq!(plan.debts[0].left.to_string(), "500.00");
    }

    #[test]
    fn a_weekly_plan_budget_is_the_monthly_surplus_times_12_over_52_rounded_down() {
        let mut inputs = input(
            "100.00",
            vec![debt("hbop:1", Service::HousingBenefitOverpayment, "50.00")],
            3,
        );
        inputs.options.frequency = PlanFrequency::Weekly;
        let plan = plan(&inputs, &rates()).unwrap();
        // 100 × 12 / 52 = 23.0769...: 23.07, never 23.08.
        assert_eq!(plan.available_per_instalment.to_string(), "23.07");
        assert_eq!(amounts(&plan.debts[0]), ["23.07", "23.07", "3.86"]);
        assert_eq!(plan.debts[0].schedule[1].due, d(2026, 12, 8));
        // 1 December to 1 March is 90 days: 13 weekly dates.
        assert_eq!(plan.instalments_in_term, 13);
    }

    #[test]
    fn uc_deductions_never_break_the_overall_cap_and_rent_comes_first() {
        let debts = vec![
            debt("ctax:1", Service::CouncilTax, "900.00"),
            debt("rent:1", Service::HousingRent, "1500.00"),
        ];
        let mut inputs = input("10.00", debts, 12);
        inputs.options.start = d(2025, 12, 1);
        inputs.universal_credit = Some(UcClaimant::SingleUnder25);
        let plan = plan(&inputs, &rates()).unwrap();
        let uc = plan
            .outcome
            .routes()
            .iter()
            .find_map(|r| match r {
                Route::UniversalCreditDeductions(uc) => Some(uc.clone()),
                _ => None,
            })
            .unwrap();
        // 316.98: cap 15% = 47.55, rent 10% = 31.70, council tax 5% = 15.85.
        assert_eq!(uc.overall_cap.to_string(), "47.55");
        assert_eq!(uc.rent_per_month.to_string(), "31.70");
        assert_eq!(uc.council_tax_per_month.to_string(), "15.85");
        assert!(uc.total_per_month() <= uc.overall_cap);
        assert_eq!(uc.rent_dwp_max_per_month.to_string(), "63.40");
    }

    #[test]
    fn a_dro_is_named_only_when_debts_and_surplus_are_within_its_limits() {
        let dro_named = |disposable: &str, owed: &str| {
            let debts = vec![debt("ctax:1", Service::CouncilTax, owed)];
            plan(&input(disposable, debts, 12), &rates())
                .unwrap()
                .outcome
                .routes()
                .iter()
                .any(|r| matches!(r, Route::DebtReliefOrder { .. }))
        };
        assert!(dro_named("75.00", "2000.00"));
        assert!(!dro_named("75.01", "2000.00"));
        assert!(!dro_named("10.00", "50000.01"));
    }

    #[test]
    fn a_credit_goes_first_to_the_same_service_then_to_priority_debts() {
        let debts = vec![
            debt("hbop:1", Service::HousingBenefitOverpayment, "100.00"),
            debt("rent:1", Service::HousingRent, "80.00"),
            debt("ctax:1", Service::CouncilTax, "50.00"),
            PlanDebt::new(
                "ctax:2",
                Service::CouncilTax,
                PriorityClass::Priority,
                m("-200.00"),
                Money::ZERO,
            ),
        ];
        let plan = plan(&input("500.00", debts, 12), &rates()).unwrap();
        let offset = &plan.offsets[0];
        let applied: Vec<(String, String)> = offset
            .applied
            .iter()
            .map(|a| (a.debt_id.clone(), a.amount.to_string()))
            .collect();
        assert_eq!(
            applied,
            [
                ("ctax:1".to_string(), "50.00".to_string()),
                ("rent:1".to_string(), "80.00".to_string()),
                ("hbop:1".to_string(), "70.00".to_string()),
            ]
        );
        assert!(offset.unused.is_zero());
        assert_eq!(plan.debt("hbop:1").unwrap().to_clear.to_string(), "30.00");
        assert_eq!(plan.total_to_clear().to_string(), "30.00");
        assert!(plan.debt("ctax:2").unwrap().schedule.is_empty());
    }

    #[test]
    fn offsets_left_for_an_officer_to_confirm_are_listed_but_not_applied() {
        let debts = vec![
            debt("ctax:1", Service::CouncilTax, "50.00"),
            PlanDebt::new(
                "rent:9",
                Service::HousingRent,
                PriorityClass::Priority,
                m("-80.00"),
                Money::ZERO,
            ),
        ];
        let mut inputs = input("500.00", debts, 12);
        inputs.options.apply_offsets = false;
        let plan = plan(&inputs, &rates()).unwrap();
        assert_eq!(plan.offsets[0].applied_total().to_string(), "50.00");
        assert_eq!(plan.offsets[0].unused.to_string(), "30.00");
        assert_eq!(plan.debts[0].to_clear.to_string(), "50.00");
        assert!(!plan.offsets_applied);
    }

    #[test]
    fn what_if_changes_a_cost_line_and_leaves_a_debt_out_without_touching_the_inputs() {
        let statement = Statement::new(vec![
            StatementLine::from_codes("earnings", "Wages", "1000.00", "monthly").unwrap(),
            StatementLine::from_codes("food_and_housekeeping", "Food", "100.00", "weekly").unwrap(),
        ]);
        let debts = vec![
            debt("ctax:1", Service::CouncilTax, "600.00"),
            debt("pcn:1", Service::ParkingPenalty, "100.00"),
        ];
        let inputs = PlanInput::new(
            Means::Statement(statement),
            debts,
            PlanOptions::new(d(2026, 12, 1), 12),
        );
        let base = inputs.plan(&rates()).unwrap();
        assert_eq!(base.disposable_per_month.to_string(), "566.67");
        let changed = inputs
            .what_if(
                &[
                    WhatIf::SetLine {
                        index: 1,
                        amount: m("400.00"),
                        frequency: Frequency::Monthly,
                    },
                    WhatIf::LeaveOut("pcn:1".into()),
                    WhatIf::Term(6),
                ],
                &rates(),
            )
            .unwrap();
        assert_eq!(changed.disposable_per_month.to_string(), "600.00");
        assert_eq!(changed.debts.len(), 1);
        assert_eq!(changed.term_end, d(2027, 6, 1));
        assert_eq!(inputs.debts.len(), 2, "the inputs are left as they were");
        assert_eq!(
            inputs.changed(&[WhatIf::RemoveLine(5)]),
            Err(Error::NoSuchStatementLine { index: 5, lines: 2 })
        );
        let no_statement = inputs.changed(&[WhatIf::Disposable(m("10.00"))]).unwrap();
        assert_eq!(
            no_statement.changed(&[WhatIf::RemoveLine(0)]),
            Err(Error::NoStatement)
        );
    }

    #[test]
    fn bad_inputs_are_errors_that_say_what_to_fix() {
        let r = rates();
        let twice = input(
            "10.00",
            vec![
                debt("ctax:1", Service::CouncilTax, "1.00"),
                debt("ctax:1", Service::CouncilTax, "2.00"),
            ],
            12,
        );
        assert_eq!(plan(&twice, &r), Err(Error::DuplicateDebt("ctax:1".into())));
        assert_eq!(plan(&input("10.00", vec![], 0), &r), Err(Error::BadTerm(0)));
        assert_eq!(
            plan(&input("10.00", vec![], 601), &r),
            Err(Error::BadTerm(601))
        );
        let mut negative = debt("rent:1", Service::HousingRent, "10.00");
        negative.arrears = m("-1.00");
        let err = plan(&input("10.00", vec![negative], 12), &r).unwrap_err();
        assert!(err.to_string().contains("arrears of rent:1"), "{err}");
    }

    fn arb_service() -> impl Strategy<Value = Service> {
        prop_oneof![
            Just(Service::CouncilTax),
            Just(Service::HousingRent),
            Just(Service::HousingBenefitOverpayment),
            Just(Service::Sundry(SundryKind::GardenWaste)),
            Just(Service::ParkingPenalty),
            Just(Service::FormerTenantArrears),
        ]
    }

    fn arb_debt() -> impl Strategy<Value = (Service, i64, i64, u8, i64)> {
        (
            arb_service(),
            -50_000i64..800_000,
            0i64..100,
            0u8..3,
            0i64..60_000,
        )
    }

    fn arb_input() -> impl Strategy<Value = PlanInput> {
        (
            proptest::collection::vec(arb_debt(), 0..8),
            -100_000i64..400_000,
            1u32..72,
            0usize..3,
            0i64..300,
            any::<bool>(),
            0u8..10,
        )
            .prop_map(|(raw, disposable, term, freq, token, offsets, bs)| {
                let debts = raw
                    .into_iter()
                    .enumerate()
                    .map(|(i, (service, balance, arrears_pct, ongoing, monthly))| {
                        let arrears = (balance.max(0) * arrears_pct) / 100;
                        let ongoing = match ongoing {
                            0 => OngoingLiability::None,
                            1 => OngoingLiability::InStatement(Money::from_pence(monthly)),
                            _ => OngoingLiability::FromSurplus(Money::from_pence(monthly)),
                        };
                        PlanDebt::new(
                            format!("{}:{i}", service.code()),
                            service.clone(),
                            service.priority(None),
                            Money::from_pence(balance),
                            Money::from_pence(arrears),
                        )
                        .with_ongoing(ongoing)
                    })
                    .collect();
                let mut options = PlanOptions::new(d(2026, 12, 1), term);
                options.frequency = [
                    PlanFrequency::Weekly,
                    PlanFrequency::Fortnightly,
                    PlanFrequency::Monthly,
                ][freq];
                options.token_per_month = Money::from_pence(token);
                options.apply_offsets = offsets;
                let mut input = PlanInput::new(
                    Means::Disposable(Money::from_pence(disposable)),
                    debts,
                    options,
                );
                input.breathing_space_active = bs == 0;
                input.universal_credit = Some(UcClaimant::Single25OrOver);
                input
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn every_debts_instalments_sum_exactly_to_what_it_repays_and_none_is_negative(input in arb_input()) {
            let plan = plan(&input, &rates()).unwrap();
            for line in &plan.debts {
                prop_assert_eq!(line.schedule.iter().map(|i| i.amount).sum::<Money>(), line.repaid);
                prop_assert_eq!(line.repaid + line.left, line.to_clear);
                prop_assert_eq!(line.owed - line.offset, line.to_clear);
                prop_assert!(!line.left.is_negative());
                prop_assert!(line.schedule.iter().all(|i| i.amount.is_positive()));
                prop_assert!(line.schedule.iter().all(|i| i.due >= plan.start && i.due < plan.term_end));
                prop_assert!(line.schedule.windows(2).all(|w| w[0].due < w[1].due));
            }
        }

        #[test]
        fn no_date_asks_for_more_than_the_surplus(input in arb_input()) {
            let plan = plan(&input, &rates()).unwrap();
            let limit = plan.available_per_instalment.max_zero();
            for line in &plan.debts {
                for i in &line.schedule {
                    prop_assert!(plan.due_on(i.due) <= limit, "{} on {}", plan.due_on(i.due), i.due);
                }
            }
            if input.breathing_space_active {
                prop_assert!(plan.debts.iter().all(|l| l.schedule.is_empty()));
            }
        }

        #[test]
        fn priority_debts_are_never_paid_less_than_the_non_priority_ones_would_allow(input in arb_input()) {
            let plan = plan(&input, &rates()).unwrap();
            let priority: Vec<&DebtLine> = plan.debts.iter().filter(|l| l.priority == PriorityClass::Priority).collect();
            let last_priority = priority.iter().filter_map(|l| l.schedule.last().map(|i| i.due)).max();
            let priority_all_cleared = priority.iter().all(|l| l.cleared());
            for line in plan.debts.iter().filter(|l| l.priority == PriorityClass::NonPriority) {
                for i in &line.schedule {
                    if i.amount > plan.token_per_instalment {
                        // More than a token only once every priority arrears is cleared.
                        prop_assert!(priority_all_cleared);
                        prop_assert!(last_priority.is_none_or(|last| i.due > last));
                    }
                }
                if !priority_all_cleared {
                    prop_assert!(line.schedule.is_empty(), "{} paid while priority arrears are short", line.id);
                }
            }
            // When the surplus meets their instalments, priority debts clear within the term.
            if !matches!(plan.outcome, Outcome::PriorityShortfall { .. } | Outcome::BreathingSpace) {
                prop_assert!(priority_all_cleared);
            }
        }

        #[test]
        fn pro_rata_shares_are_proportional_within_a_penny(input in arb_input()) {
            let mut input = input;
            input.options.token_per_month = Money::ZERO;
            input.breathing_space_active = false;
            let plan = plan(&input, &rates()).unwrap();
            let sharing: Vec<&DebtLine> = plan.debts.iter()
                .filter(|l| l.priority == PriorityClass::NonPriority && l.to_clear.is_positive())
                .collect();
            let priority_cleared = plan.debts.iter().filter(|l| l.priority == PriorityClass::Priority).all(|l| l.cleared());
            // Shared once the priority arrears clear with instalment dates to spare.
            let shared = sharing.iter().any(|l| l.instalment.is_positive());
            if priority_cleared && shared {
                let total: Decimal = sharing.iter().map(|l| l.to_clear.as_decimal()).sum();
                let pot = plan.available_per_instalment.as_decimal().min(total);
                for line in &sharing {
                    let exact = pot * line.to_clear.as_decimal() / total;
                    prop_assert!((line.instalment.as_decimal() - exact).abs() < Decimal::new(1, 2),
                        "{} share {} exact {}", line.id, line.instalment, exact);
                }
                prop_assert_eq!(sharing.iter().map(|l| l.instalment.as_decimal()).sum::<Decimal>(), pot);
            }
        }

        #[test]
        fn offsets_never_use_more_credit_than_there_is(input in arb_input()) {
            let plan = plan(&input, &rates()).unwrap();
            for offset in &plan.offsets {
                prop_assert_eq!(offset.applied_total() + offset.unused, offset.credit);
                prop_assert!(!offset.unused.is_negative());
            }
            let credits: Money = plan.debts.iter().map(|l| if l.balance.is_negative() { -l.balance } else { Money::ZERO }).sum();
            let set_off: Money = plan.debts.iter().map(|l| l.offset).sum();
            prop_assert!(set_off <= credits);
            if !plan.offsets_applied {
                prop_assert!(set_off.is_zero());
            }
        }

        #[test]
        fn proposed_uc_deductions_stay_within_the_overall_cap(input in arb_input()) {
            let plan = plan(&input, &rates()).unwrap();
            for route in plan.outcome.routes() {
                if let Route::UniversalCreditDeductions(uc) = route {
                    prop_assert!(uc.total_per_month() <= uc.overall_cap);
                    prop_assert!(!uc.council_tax_per_month.is_negative());
                }
            }
        }
    }
}

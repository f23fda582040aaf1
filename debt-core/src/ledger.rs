//! Accounts, transactions and what an account owes at a date.
//!
//! A ledger is the list of an account's transactions. Each carries its
//! **signed effect on the balance**: positive raises what is owed to the
//! council, negative lowers it. The balance at a date is the sum of the
//! transactions posted on or before it; a negative balance is a credit owed
//! to the resident and is kept, never dropped.
//!
//! | kind | usual sign | effect |
//! |---|---|---|
//! | charge | + | a bill, rent debit, invoice, penalty |
//! | costs | + | court summons costs, enforcement fees (due when posted) |
//! | payment | − | money received |
//! | reversal | + | a payment taken back (a bounced direct debit): the debt returns |
//! | adjustment | ± | a correction up or down |
//! | write-off | − | debt the council will not pursue; reported separately |
//! | refund | + | money paid back to the resident out of a credit |
//!
//! Arrears are not the balance: [`Ledger::position`] allocates every credit
//! to the debits it pays ([`crate::allocation`]) and reports only the unpaid
//! items already due as arrears, aged by their due dates ([`crate::ageing`]).

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ageing::{AgeBucket, Ageing};
use crate::allocation::{add_named, apply, sort_items, Item};
use crate::error::Error;
use crate::money::Money;
use crate::period::{FinancialYear, Instalment, InstalmentScheme};
use crate::service::{ArrearsBasis, Service, Stage};

/// The kind of a ledger transaction.
///
/// ```
/// use debt_core::TxnKind;
/// assert_eq!("write_off".parse::<TxnKind>()?, TxnKind::WriteOff);
/// assert_eq!(TxnKind::Payment.natural_sign(), Some(-1));
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TxnKind {
    /// A bill, rent debit, invoice or penalty.
    Charge,
    /// Money received.
    Payment,
    /// A payment taken back (bounced direct debit, returned cheque).
    Reversal,
    /// A correction up or down.
    Adjustment,
    /// Debt the council has decided not to pursue.
    WriteOff,
    /// Money paid back to the resident out of a credit balance.
    Refund,
    /// Court or enforcement costs.
    Costs,
}

const KINDS: [TxnKind; 7] = [
    TxnKind::Charge,
    TxnKind::Payment,
    TxnKind::Reversal,
    TxnKind::Adjustment,
    TxnKind::WriteOff,
    TxnKind::Refund,
    TxnKind::Costs,
];

impl TxnKind {
    /// The code used in configs and outputs.
    ///
    /// ```
    /// assert_eq!(debt_core::TxnKind::Costs.code(), "costs");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            TxnKind::Charge => "charge",
            TxnKind::Payment => "payment",
            TxnKind::Reversal => "reversal",
            TxnKind::Adjustment => "adjustment",
            TxnKind::WriteOff => "write_off",
            TxnKind::Refund => "refund",
            TxnKind::Costs => "costs",
        }
    }

    /// The sign a positive amount of this kind has on the balance: +1 for
    /// debits, −1 for credits, `None` for adjustments (either way).
    ///
    /// ```
    /// use debt_core::TxnKind;
    /// assert_eq!(TxnKind::Reversal.natural_sign(), Some(1));
    /// assert_eq!(TxnKind::Adjustment.natural_sign(), None);
    /// ```
    pub fn natural_sign(self) -> Option<i8> {
        match self {
            TxnKind::Charge | TxnKind::Reversal | TxnKind::Refund | TxnKind::Costs => Some(1),
            TxnKind::Payment | TxnKind::WriteOff => Some(-1),
            TxnKind::Adjustment => None,
        }
    }
}

impl fmt::Display for TxnKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for TxnKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let code = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        KINDS
            .iter()
            .copied()
            .find(|k| k.code() == code)
            .ok_or_else(|| Error::Unknown {
                what: "transaction kind",
                value: s.to_string(),
                expected: KINDS.iter().map(|k| k.code().to_string()).collect(),
            })
    }
}

impl Serialize for AccountStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl Serialize for TxnKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for TxnKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Where a figure came from: the index of an input file in the run and the
/// 1-based physical line in it. Carried by every transaction so any balance
/// or arrears item can be traced back to source rows.
///
/// ```
/// let row = debt_core::SourceRow { file: 2, line: 17 };
/// assert_eq!(row.to_string(), "file 2 line 17");
/// ```
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct SourceRow {
    /// Index of the input file in the run's list of files.
    pub file: u32,
    /// 1-based physical line number within the file.
    pub line: u64,
}

impl fmt::Display for SourceRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "file {} line {}", self.file, self.line)
    }
}

/// One ledger transaction.
///
/// ```
/// use chrono::NaiveDate;
/// use debt_core::{Money, Transaction, TxnKind};
/// let paid = Transaction::from_unsigned(NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(), TxnKind::Payment, Money::from_pence(5000))?;
/// assert_eq!(paid.amount, Money::from_pence(-5000));
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transaction {
    /// The posting date.
    pub date: NaiveDate,
    /// What kind of transaction it is.
    pub kind: TxnKind,
    /// Signed effect on the balance: positive is owed to the council.
    pub amount: Money,
    /// When a debit falls due, if not when posted (invoices).
    pub due_date: Option<NaiveDate>,
    /// The financial year the row names (council tax), if any.
    pub year: Option<FinancialYear>,
    /// Where the row came from.
    pub source: SourceRow,
}

impl Transaction {
    /// A transaction with a signed amount, due when posted, naming no year.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use debt_core::{Money, Transaction, TxnKind};
    /// let t = Transaction::new(NaiveDate::from_ymd_opt(2026, 4, 6).unwrap(), TxnKind::Charge, Money::from_pence(11_000));
    /// assert_eq!(t.due_date, None);
    /// ```
    pub fn new(date: NaiveDate, kind: TxnKind, amount: Money) -> Transaction {
        Transaction {
            date,
            kind,
            amount,
            due_date: None,
            year: None,
            source: SourceRow::default(),
        }
    }

    /// A transaction from an unsigned amount, signed by its kind's natural
    /// direction. Adjustments have no natural direction and are refused: give
    /// them signed with [`Transaction::new`].
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use debt_core::{Money, Transaction, TxnKind};
    /// let d = NaiveDate::from_ymd_opt(2026, 4, 6).unwrap();
    /// assert!(Transaction::from_unsigned(d, TxnKind::Adjustment, Money::from_pence(1)).is_err());
    /// ```
    pub fn from_unsigned(
        date: NaiveDate,
        kind: TxnKind,
        magnitude: Money,
    ) -> Result<Transaction, Error> {
        let sign = kind.natural_sign().ok_or_else(|| Error::Unknown {
            what: "direction for an unsigned adjustment",
            value: magnitude.to_string(),
            expected: vec!["a signed amount".into()],
        })?;
        let amount = if sign < 0 {
            -magnitude.abs()
        } else {
            magnitude.abs()
        };
        Ok(Transaction::new(date, kind, amount))
    }

    /// Sets the due date.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use debt_core::{Money, Transaction, TxnKind};
    /// let d = NaiveDate::from_ymd_opt(2026, 4, 6).unwrap();
    /// let t = Transaction::new(d, TxnKind::Charge, Money::from_pence(1)).due(d);
    /// assert_eq!(t.due_date, Some(d));
    /// ```
    pub fn due(mut self, due_date: NaiveDate) -> Transaction {
        self.due_date = Some(due_date);
        self
    }

    /// Sets the financial year the row names.
    pub fn for_year(mut self, year: FinancialYear) -> Transaction {
        self.year = Some(year);
        self
    }

    /// Sets where the row came from.
    pub fn from_row(mut self, source: SourceRow) -> Transaction {
        self.source = source;
        self
    }
}

/// Whether an account is live.
///
/// ```
/// assert_eq!("former".parse::<debt_core::AccountStatus>()?, debt_core::AccountStatus::Former);
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccountStatus {
    /// A live account (current liability, tenancy, claim).
    #[default]
    Current,
    /// The liability or tenancy has ended; a balance may remain.
    Former,
    /// Closed: nothing further expected.
    Closed,
}

impl AccountStatus {
    /// The code used in configs and outputs.
    pub fn code(self) -> &'static str {
        match self {
            AccountStatus::Current => "current",
            AccountStatus::Former => "former",
            AccountStatus::Closed => "closed",
        }
    }
}

impl FromStr for AccountStatus {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "current" => Ok(AccountStatus::Current),
            "former" => Ok(AccountStatus::Former),
            "closed" => Ok(AccountStatus::Closed),
            _ => Err(Error::Unknown {
                what: "account status",
                value: s.to_string(),
                expected: vec!["current".into(), "former".into(), "closed".into()],
            }),
        }
    }
}

impl fmt::Display for AccountStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What an account's arrears are measured against.
///
/// ```
/// use debt_core::{ArrearsBasis, ArrearsTerms, Service};
/// let terms = ArrearsTerms::for_service(&Service::CouncilTax);
/// assert_eq!(terms.basis, ArrearsBasis::Instalments);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrearsTerms {
    /// How debits fall due.
    pub basis: ArrearsBasis,
    /// The default instalment scheme (instalment basis only).
    pub scheme: InstalmentScheme,
    /// Explicit instalment plans from the data, per financial year; they
    /// replace the default scheme for that year.
    pub plans: Vec<(FinancialYear, Vec<Instalment>)>,
    /// The date the right to pay by instalments was lost: every instalment of
    /// that financial year due after it falls due on it.
    pub instalments_lost_on: Option<NaiveDate>,
    /// How credits are allocated to debits.
    pub policy: crate::allocation::AllocationPolicy,
}

impl ArrearsTerms {
    /// The usual terms of a service: its arrears basis, the default 10-month
    /// scheme, no explicit plan, instalments not lost.
    pub fn for_service(service: &Service) -> ArrearsTerms {
        ArrearsTerms {
            basis: service.arrears_basis(),
            scheme: InstalmentScheme::default(),
            plans: Vec::new(),
            instalments_lost_on: None,
            policy: Default::default(),
        }
    }
}

/// What an account owes at a date.
///
/// Invariant (checked on every computation):
/// `balance = arrears + not_yet_due − unallocated_credit`, and the ageing
/// buckets add up to `arrears`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Position {
    /// The date the position is at.
    pub as_of: NaiveDate,
    /// Sum of every transaction posted on or before `as_of`.
    pub balance: Money,
    /// Debits already due and not paid.
    pub arrears: Money,
    /// Debits posted but not yet due (future instalments, invoices in terms).
    pub not_yet_due: Money,
    /// Credit not used by any debit: a credit balance owed to the resident.
    pub unallocated_credit: Money,
    /// Total written off (positive), already included in the balance.
    pub written_off: Money,
    /// Arrears by age.
    pub ageing: Ageing,
    /// The latest payment on or before `as_of` (even if later reversed).
    pub last_payment_date: Option<NaiveDate>,
    /// The earliest due date among unpaid arrears items.
    pub oldest_arrears_date: Option<NaiveDate>,
    /// How many transactions were counted (posted on or before `as_of`).
    pub transactions_counted: usize,
}

impl Position {
    /// A credit balance as a positive amount, zero if none.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use debt_core::{ArrearsTerms, Ledger, Money, Service, Transaction, TxnKind};
    /// let d = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
    /// let ledger = Ledger::new(vec![Transaction::new(d, TxnKind::Payment, Money::from_pence(-2500))]);
    /// let pos = ledger.position(&ArrearsTerms::for_service(&Service::HousingRent), d)?;
    /// assert_eq!(pos.balance, Money::from_pence(-2500));
    /// assert_eq!(pos.credit(), Money::from_pence(2500));
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn credit(&self) -> Money {
        (-self.balance).max_zero()
    }
}

/// An unpaid debit item after allocation, with the row it came from: the
/// explanation behind arrears and ageing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OutstandingItem {
    /// When it fell or falls due.
    pub due: NaiveDate,
    /// What is still unpaid of it.
    pub amount: Money,
    /// Its financial year, if it has one.
    pub year: Option<FinancialYear>,
    /// The transaction row it came from (for an instalment, the charge).
    pub source: SourceRow,
    /// Its age bucket, or `None` when not yet due.
    pub bucket: Option<AgeBucket>,
}

/// One financial year of an account: what of it is overdue, what is not yet
/// due, the costs charged to it, and its oldest unpaid due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearPosition {
    /// The year.
    pub year: FinancialYear,
    /// Its unpaid items already due.
    pub arrears: Money,
    /// Its unpaid items not yet due (this year's later instalments).
    pub not_yet_due: Money,
    /// Costs charged to it (a court summons is charged to the years it
    /// covers), whether paid or not.
    pub costs: Money,
    /// The due date of its oldest unpaid item.
    pub oldest_due: Option<NaiveDate>,
}

impl YearPosition {
    fn new(year: FinancialYear) -> YearPosition {
        YearPosition {
            year,
            arrears: Money::ZERO,
            not_yet_due: Money::ZERO,
            costs: Money::ZERO,
            oldest_due: None,
        }
    }
}

/// An account's transactions.
///
/// ```
/// use chrono::NaiveDate;
/// use debt_core::{Ledger, Money, Transaction, TxnKind};
/// let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
/// let ledger = Ledger::new(vec![
///     Transaction::new(d(4, 6), TxnKind::Charge, Money::from_pence(11_000)),
///     Transaction::new(d(4, 10), TxnKind::Payment, Money::from_pence(-11_000)),
///     Transaction::new(d(4, 13), TxnKind::Charge, Money::from_pence(11_000)),
/// ]);
/// assert_eq!(ledger.balance_at(d(4, 12)), Money::ZERO);
/// assert_eq!(ledger.balance_at(d(4, 13)), Money::from_pence(11_000));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    transactions: Vec<Transaction>,
}

impl Ledger {
    /// A ledger over the given transactions, in any order.
    pub fn new(transactions: Vec<Transaction>) -> Ledger {
        Ledger { transactions }
    }

    /// The transactions.
    pub fn transactions(&self) -> &[Transaction] {
        &self.transactions
    }

    /// Adds a transaction.
    pub fn push(&mut self, transaction: Transaction) {
        self.transactions.push(transaction);
    }

    /// The balance at the end of `date`: the sum of every transaction posted
    /// on or before it.
    pub fn balance_at(&self, date: NaiveDate) -> Money {
        self.transactions
            .iter()
            .filter(|t| t.date <= date)
            .map(|t| t.amount)
            .sum()
    }

    /// Total written off on or before `date`, as a positive amount.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use debt_core::{Ledger, Money, Transaction, TxnKind};
    /// let d = NaiveDate::from_ymd_opt(2026, 4, 6).unwrap();
    /// let ledger = Ledger::new(vec![
    ///     Transaction::new(d, TxnKind::Charge, Money::from_pence(10_000)),
    ///     Transaction::new(d, TxnKind::WriteOff, Money::from_pence(-4_000)),
    /// ]);
    /// assert_eq!(ledger.written_off_at(d), Money::from_pence(4_000));
    /// assert_eq!(ledger.balance_at(d), Money::from_pence(6_000));
    /// ```
    pub fn written_off_at(&self, date: NaiveDate) -> Money {
        -self
            .transactions
            .iter()
            .filter(|t| t.date <= date && t.kind == TxnKind::WriteOff)
            .map(|t| t.amount)
            .sum::<Money>()
    }

    /// The latest payment posted on or before `date`.
    pub fn last_payment_date(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.transactions
            .iter()
            .filter(|t| t.date <= date && t.kind == TxnKind::Payment)
            .map(|t| t.date)
            .max()
    }

    /// Balance, arrears, not-yet-due, credit, write-offs and ageing at
    /// `as_of`, under `terms`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use debt_core::{ArrearsTerms, FinancialYear, Ledger, Money, Service, Transaction, TxnKind};
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let year = FinancialYear::starting(2026)?;
    /// // A £1,534.56 bill on the default 10 instalments; two paid.
    /// let ledger = Ledger::new(vec![
    ///     Transaction::new(d(2026, 3, 10), TxnKind::Charge, Money::parse("1534.56")?).for_year(year),
    ///     Transaction::new(d(2026, 4, 1), TxnKind::Payment, Money::parse("-157.56")?).for_year(year),
    ///     Transaction::new(d(2026, 5, 1), TxnKind::Payment, Money::parse("-153.00")?).for_year(year),
    /// ]);
    /// let pos = ledger.position(&ArrearsTerms::for_service(&Service::CouncilTax), d(2026, 11, 20))?;
    /// // June to November missed: 6 × 153.00.
    /// assert_eq!(pos.arrears.to_string(), "918.00");
    /// assert_eq!(pos.not_yet_due.to_string(), "306.00");
    /// assert_eq!(pos.balance.to_string(), "1224.00");
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn position(&self, terms: &ArrearsTerms, as_of: NaiveDate) -> Result<Position, Error> {
        compute(&self.transactions, terms, as_of, None)
    }

    /// The position, and the arrears of each financial year (council tax
    /// and business rates are billed, summonsed and limited year by year),
    /// in one pass over the ledger. Years come from the unpaid items; a
    /// year also lists the costs charged to it.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use debt_core::{ArrearsTerms, FinancialYear, Ledger, Money, Service, Transaction, TxnKind};
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let ledger = Ledger::new(vec![
    ///     Transaction::new(d(2025, 4, 1), TxnKind::Charge, Money::from_pence(100_000)),
    ///     Transaction::new(d(2026, 4, 1), TxnKind::Charge, Money::from_pence(120_000)),
    /// ]);
    /// let terms = ArrearsTerms::for_service(&Service::CouncilTax);
    /// let (position, years) = ledger.position_and_years(&terms, d(2026, 5, 20))?;
    /// assert_eq!(years.len(), 2);
    /// assert_eq!(years[0].year, FinancialYear::starting(2025)?);
    /// assert_eq!(years[0].arrears, Money::from_pence(100_000));
    /// assert_eq!(years[1].arrears + years[0].arrears, position.arrears);
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn position_and_years(
        &self,
        terms: &ArrearsTerms,
        as_of: NaiveDate,
    ) -> Result<(Position, Vec<YearPosition>), Error> {
        let mut items = Vec::new();
        let position = compute(&self.transactions, terms, as_of, Some(&mut items))?;
        let mut years: std::collections::BTreeMap<FinancialYear, YearPosition> =
            std::collections::BTreeMap::new();
        for item in &items {
            let year = item
                .year
                .unwrap_or_else(|| FinancialYear::containing(item.due));
            let entry = years.entry(year).or_insert_with(|| YearPosition::new(year));
            match item.bucket {
                Some(_) => {
                    entry.arrears += item.amount;
                    if entry.oldest_due.is_none_or(|d| item.due < d) {
                        entry.oldest_due = Some(item.due);
                    }
                }
                None => entry.not_yet_due += item.amount,
            }
        }
        for t in self.transactions.iter().filter(|t| t.date <= as_of) {
            if t.kind == TxnKind::Costs {
                let year = t.year.unwrap_or_else(|| FinancialYear::containing(t.date));
                let entry = years.entry(year).or_insert_with(|| YearPosition::new(year));
                entry.costs += t.amount;
            }
        }
        let total: Money = years.values().map(|y| y.arrears).sum();
        if total != position.arrears {
            return Err(Error::Invariant(format!(
                "the years' arrears add up to {total} but the account's are {}",
                position.arrears
            )));
        }
        Ok((position, years.into_values().collect()))
    }

    /// The unpaid items behind [`Ledger::position`], oldest first, each with
    /// its due date, amount, age bucket and source row.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use debt_core::{ArrearsTerms, Ledger, Money, Service, SourceRow, Transaction, TxnKind};
    /// let d = NaiveDate::from_ymd_opt(2026, 4, 6).unwrap();
    /// let ledger = Ledger::new(vec![
    ///     Transaction::new(d, TxnKind::Charge, Money::from_pence(11_000)).from_row(SourceRow { file: 0, line: 2 }),
    /// ]);
    /// let items = ledger.outstanding(&ArrearsTerms::for_service(&Service::HousingRent), d)?;
    /// assert_eq!(items[0].source.line, 2);
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn outstanding(
        &self,
        terms: &ArrearsTerms,
        as_of: NaiveDate,
    ) -> Result<Vec<OutstandingItem>, Error> {
        let mut items = Vec::new();
        compute(&self.transactions, terms, as_of, Some(&mut items))?;
        Ok(items)
    }
}

/// A service account: who it is with, where it stands, and its ledger.
///
/// ```
/// use chrono::NaiveDate;
/// use debt_core::{Account, Money, Service, Transaction, TxnKind};
/// let d = NaiveDate::from_ymd_opt(2026, 4, 6).unwrap();
/// let mut account = Account::new(Service::HousingRent, "T-1001");
/// account.ledger.push(Transaction::new(d, TxnKind::Charge, Money::from_pence(11_000)));
/// assert_eq!(account.position(d)?.arrears, Money::from_pence(11_000));
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The service the account belongs to.
    pub service: Service,
    /// The source system's own reference.
    pub reference: String,
    /// Current, former or closed.
    pub status: AccountStatus,
    /// Where it is on the service's recovery ladder, if recovery has begun.
    pub stage: Option<Stage>,
    /// How its arrears are measured.
    pub terms: ArrearsTerms,
    /// Its transactions.
    pub ledger: Ledger,
}

impl Account {
    /// A current account with the service's usual terms and no transactions.
    pub fn new(service: Service, reference: impl Into<String>) -> Account {
        let terms = ArrearsTerms::for_service(&service);
        Account {
            service,
            reference: reference.into(),
            status: AccountStatus::Current,
            stage: None,
            terms,
            ledger: Ledger::default(),
        }
    }

    /// The account's position at `as_of` under its own terms.
    pub fn position(&self, as_of: NaiveDate) -> Result<Position, Error> {
        self.ledger.position(&self.terms, as_of)
    }

    /// Its priority class at its current stage.
    pub fn priority(&self) -> crate::service::PriorityClass {
        self.service.priority(self.stage)
    }
}

/// A positive council tax / rates charge awaiting its instalment plan.
struct YearCharge {
    year: FinancialYear,
    total: i128,
    first_posted: NaiveDate,
    seq: u64,
    source: SourceRow,
}

/// The one pass behind [`Ledger::position`] and [`Ledger::outstanding`].
/// Works in whole pence (`i128`), so it is exact and cannot overflow.
fn compute(
    transactions: &[Transaction],
    terms: &ArrearsTerms,
    as_of: NaiveDate,
    mut explain: Option<&mut Vec<OutstandingItem>>,
) -> Result<Position, Error> {
    let mut balance: i128 = 0;
    let mut written_off: i128 = 0;
    let mut counted = 0usize;
    let mut last_payment: Option<NaiveDate> = None;
    let mut items: Vec<Item> = Vec::with_capacity(transactions.len());
    let mut sources: Vec<SourceRow> = if explain.is_some() {
        Vec::with_capacity(transactions.len())
    } else {
        Vec::new()
    };
    let mut year_charges: Vec<YearCharge> = Vec::new();
    let mut named: Vec<(FinancialYear, i128)> = Vec::new();
    let mut general: i128 = 0;
    let mut last_negative_credit: Option<NaiveDate> = None;
    let named_policy = terms.policy == crate::allocation::AllocationPolicy::NamedPeriodFirst;

    for (seq, t) in transactions.iter().enumerate() {
        if t.date > as_of {
            continue;
        }
        counted += 1;
        let amount = t.amount.pence();
        balance += amount;
        let seq = seq as u64;
        let is_debit_kind = matches!(
            t.kind,
            TxnKind::Charge | TxnKind::Costs | TxnKind::Adjustment
        );
        if t.kind == TxnKind::Charge && terms.basis == ArrearsBasis::Instalments {
            let year = t.year.unwrap_or_else(|| FinancialYear::containing(t.date));
            if amount > 0 {
                year_charges.push(YearCharge {
                    year,
                    total: amount,
                    first_posted: t.date,
                    seq,
                    source: t.source,
                });
            } else if named_policy {
                // A reduction of the year's bill is a credit to that year.
                add_named(&mut named, year, -amount);
            } else {
                general -= amount;
            }
            continue;
        }
        match t.kind {
            TxnKind::Payment if last_payment.is_none_or(|d| t.date > d) => {
                last_payment = Some(t.date)
            }
            TxnKind::WriteOff => written_off -= amount,
            _ => {}
        }
        if is_debit_kind && amount > 0 {
            let due = match terms.basis {
                ArrearsBasis::OnPosting => t.date,
                ArrearsBasis::DueDate | ArrearsBasis::Instalments => t.due_date.unwrap_or(t.date),
            };
            items.push(Item {
                due,
                seq,
                period: t.year,
                outstanding: amount,
            });
            if explain.is_some() {
                sources.push(t.source);
            }
        } else {
            // A credit (or a negative debit such as a reduction): `-amount`
            // is what it makes available to pay debits.
            let credit = -amount;
            if credit < 0 && last_negative_credit.is_none_or(|d| t.date > d) {
                last_negative_credit = Some(t.date);
            }
            match t.year {
                Some(year) if named_policy => add_named(&mut named, year, credit),
                _ => general += credit,
            }
        }
    }

    // Council tax and rates: each charge falls due by instalments from its
    // posting (a supplementary bill runs over the months left, or 14 days
    // after posting when none are). Where the data gives an explicit plan for
    // a year, the year's charges together follow that plan instead.
    let mut planned_years: Vec<FinancialYear> = Vec::new();
    for charge in &year_charges {
        let explicit = terms
            .plans
            .iter()
            .find(|(y, p)| *y == charge.year && !p.is_empty());
        let plan = match explicit {
            Some((_, explicit)) => {
                if planned_years.contains(&charge.year) {
                    continue;
                }
                planned_years.push(charge.year);
                let year_total: i128 = year_charges
                    .iter()
                    .filter(|c| c.year == charge.year)
                    .map(|c| c.total)
                    .sum();
                reprofile(explicit, Money::from_pence_i128(year_total)?)?
            }
            None => terms.scheme.plan(
                charge.year,
                Money::from_pence_i128(charge.total)?,
                charge.first_posted,
            )?,
        };
        let mut plan = plan;
        if let Some(lost_on) = terms.instalments_lost_on {
            if FinancialYear::containing(lost_on) == charge.year {
                for instalment in plan.iter_mut().filter(|i| i.due > lost_on) {
                    instalment.due = lost_on;
                }
            }
        }
        for instalment in plan.iter().filter(|i| !i.amount.is_zero()) {
            items.push(Item {
                due: instalment.due,
                seq: charge.seq,
                period: Some(charge.year),
                outstanding: instalment.amount.pence(),
            });
            if explain.is_some() {
                sources.push(charge.source);
            }
        }
    }

    // Oldest first; named credits go to their year, the rest oldest first
    // (a named credit whose net is negative, such as a reversal, reduces the
    // general pool and so restores the debt it had paid).
    if explain.is_some() {
        // Keep each item's source row aligned through the sort.
        let mut paired: Vec<(Item, SourceRow)> =
            items.iter().copied().zip(sources.iter().copied()).collect();
        paired.sort_by_key(|(i, _)| (i.due, i.seq));
        items = paired.iter().map(|(i, _)| *i).collect();
        sources = paired.into_iter().map(|(_, s)| s).collect();
    } else {
        sort_items(&mut items);
    }
    let mut left = apply(&mut items, &named, general);
    if left < 0 {
        // More taken back than ever paid (a refund or reversal beyond the
        // credits): that amount is owed again from the day it was taken.
        let due = last_negative_credit.unwrap_or(as_of);
        items.push(Item {
            due,
            seq: u64::MAX,
            period: None,
            outstanding: -left,
        });
        if explain.is_some() {
            sources.push(SourceRow::default());
        }
        left = 0;
    }

    let mut arrears: i128 = 0;
    let mut not_yet_due: i128 = 0;
    let mut ageing = Ageing::default();
    let mut oldest: Option<NaiveDate> = None;
    for (index, item) in items.iter().enumerate() {
        if item.outstanding == 0 {
            continue;
        }
        let bucket = AgeBucket::for_due_date(item.due, as_of);
        let amount = Money::from_pence_i128(item.outstanding)?;
        match bucket {
            Some(bucket) => {
                arrears += item.outstanding;
                ageing.add(bucket, amount);
                if oldest.is_none_or(|d| item.due < d) {
                    oldest = Some(item.due);
                }
            }
            None => not_yet_due += item.outstanding,
        }
        if let Some(out) = explain.as_deref_mut() {
            out.push(OutstandingItem {
                due: item.due,
                amount,
                year: item.period,
                source: sources.get(index).copied().unwrap_or_default(),
                bucket,
            });
        }
    }

    if balance != arrears + not_yet_due - left {
        return Err(Error::Invariant(format!(
            "balance {balance}p is not arrears {arrears}p + not yet due {not_yet_due}p - credit {left}p"
        )));
    }
    let arrears_money = Money::from_pence_i128(arrears)?;
    if ageing.total() != arrears_money {
        return Err(Error::Invariant(format!(
            "the ageing buckets add up to {} but the arrears are {arrears_money}",
            ageing.total()
        )));
    }
    Ok(Position {
        as_of,
        balance: Money::from_pence_i128(balance)?,
        arrears: arrears_money,
        not_yet_due: Money::from_pence_i128(not_yet_due)?,
        unallocated_credit: Money::from_pence_i128(left)?,
        written_off: Money::from_pence_i128(written_off)?,
        ageing,
        last_payment_date: last_payment,
        oldest_arrears_date: oldest,
        transactions_counted: counted,
    })
}

/// Fits an explicit plan to the year's actual charge: a shortfall is added to
/// the last instalment; an excess is taken off the last instalments first.
fn reprofile(plan: &[Instalment], total: Money) -> Result<Vec<Instalment>, Error> {
    let mut plan: Vec<Instalment> = plan.to_vec();
    plan.sort_by_key(|i| i.due);
    let planned: Money = plan.iter().map(|i| i.amount).sum();
    let mut difference = total - planned;
    if difference.is_positive() {
        if let Some(last) = plan.last_mut() {
            last.amount += difference;
        }
    } else {
        for instalment in plan.iter_mut().rev() {
            if difference.is_zero() {
                break;
            }
            let take = instalment.amount.max_zero().min(-difference);
            instalment.amount -= take;
            difference += take;
        }
        if !difference.is_zero() {
            return Err(Error::Plan(format!(
                "instalments cannot be reduced to the year's charge {total}"
            )));
        }
    }
    Ok(plan)
}

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

use chrono::{Datelike, NaiveDate};
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
    /// let ledger = Ledger::new(vec![Transaction::new(d, TxnKind::Payment, Money::from_pence(-2500))])?;
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

/// An account's transactions, stored packed: 16 bytes each, so that the
/// tens of millions of a large council's night fit in less memory than the
/// files they came from. A ledger holds dates from 1970 to 2149, amounts up
/// to ±£1.4 trillion, lines up to 4,294,967,295 and transactions from up to
/// 32 files; [`Ledger::push`] refuses anything else with an error rather
/// than storing it wrongly.
///
/// ```
/// use chrono::NaiveDate;
/// use debt_core::{Ledger, Money, Transaction, TxnKind};
/// let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
/// let ledger = Ledger::new(vec![
///     Transaction::new(d(4, 6), TxnKind::Charge, Money::from_pence(11_000)),
///     Transaction::new(d(4, 10), TxnKind::Payment, Money::from_pence(-11_000)),
///     Transaction::new(d(4, 13), TxnKind::Charge, Money::from_pence(11_000)),
/// ])?;
/// assert_eq!(ledger.balance_at(d(4, 12)), Money::ZERO);
/// assert_eq!(ledger.balance_at(d(4, 13)), Money::from_pence(11_000));
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Clone, Default, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Transaction>", into = "Vec<Transaction>")]
pub struct Ledger {
    entries: Vec<PackedTransaction>,
    files: Files,
}

impl Ledger {
    /// A ledger over the given transactions, in any order; an error for a
    /// transaction a ledger cannot hold (see [`Ledger`]).
    pub fn new(transactions: impl IntoIterator<Item = Transaction>) -> Result<Ledger, Error> {
        let mut ledger = Ledger::default();
        for t in transactions {
            ledger.push(t)?;
        }
        Ok(ledger)
    }

    /// The transactions, in the order they were pushed.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            entries: self.entries.iter(),
            files: &self.files,
            dates: date_table(),
        }
    }

    /// How many transactions it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds a transaction; an error, and nothing added, for one a ledger
    /// cannot hold.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use debt_core::{Ledger, Money, Transaction, TxnKind};
    /// let mut ledger = Ledger::default();
    /// let old = NaiveDate::from_ymd_opt(1969, 12, 31).unwrap_or_default();
    /// assert!(ledger.push(Transaction::new(old, TxnKind::Charge, Money::from_pence(1))).is_err());
    /// assert!(ledger.is_empty());
    /// ```
    pub fn push(&mut self, transaction: Transaction) -> Result<(), Error> {
        let packed = PackedTransaction::pack(&transaction)?;
        self.push_packed(packed, transaction.source.file)
    }

    /// Adds a transaction packed beforehand (a batch holds parsed rows
    /// packed until they reach their account), read from input file `file`.
    pub fn push_packed(&mut self, packed: PackedTransaction, file: u32) -> Result<(), Error> {
        let slot = self.files.slot(file)?;
        self.entries.push(packed.in_slot(slot));
        Ok(())
    }

    /// How many of its transactions were read from input file `file`.
    pub fn count_from(&self, file: u32) -> usize {
        match self.files.find(file) {
            Some(slot) => self.entries.iter().filter(|e| e.slot() == slot).count(),
            None => 0,
        }
    }

    /// Keeps only the transactions `keep` says yes to (a batch taking back
    /// rows it later finds to be duplicates).
    pub fn retain(&mut self, mut keep: impl FnMut(&Transaction) -> bool) {
        let (files, dates) = (&self.files, date_table());
        self.entries
            .retain(|e| keep(&e.unpack(dates, files.get(e.slot()))));
    }

    /// Gives back memory held for transactions not pushed.
    pub fn shrink_to_fit(&mut self) {
        self.entries.shrink_to_fit();
    }

    /// The balance at the end of `date`: the sum of every transaction posted
    /// on or before it.
    pub fn balance_at(&self, date: NaiveDate) -> Money {
        self.sum_packed(date, |_| true)
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
    /// ])?;
    /// assert_eq!(ledger.written_off_at(d), Money::from_pence(4_000));
    /// assert_eq!(ledger.balance_at(d), Money::from_pence(6_000));
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn written_off_at(&self, date: NaiveDate) -> Money {
        -self.sum_packed(date, |kind| kind == TxnKind::WriteOff)
    }

    /// The sum of the amounts of the transactions of the kinds `counts`
    /// takes that were posted on or before `date`, added up packed, in
    /// whole pence.
    fn sum_packed(&self, date: NaiveDate, counts: impl Fn(TxnKind) -> bool) -> Money {
        let last = match date.num_days_from_ce() - EPOCH_FROM_CE {
            d if d < 0 => return Money::ZERO,
            d => u16::try_from(d).unwrap_or(u16::MAX),
        };
        let total: i128 = self
            .entries
            .iter()
            .filter(|e| e.date <= last && counts(e.kind()))
            .map(|e| i128::from(e.pence()))
            .sum();
        match i64::try_from(total) {
            Ok(pence) => Money::from_pence(pence),
            // Beyond any real account: add up as money instead.
            Err(_) => self
                .iter()
                .filter(|t| t.date <= date && counts(t.kind))
                .map(|t| t.amount)
                .sum(),
        }
    }

    /// The latest payment posted on or before `date`.
    pub fn last_payment_date(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.iter()
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
    /// ])?;
    /// let pos = ledger.position(&ArrearsTerms::for_service(&Service::CouncilTax), d(2026, 11, 20))?;
    /// // June to November missed: 6 × 153.00.
    /// assert_eq!(pos.arrears.to_string(), "918.00");
    /// assert_eq!(pos.not_yet_due.to_string(), "306.00");
    /// assert_eq!(pos.balance.to_string(), "1224.00");
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn position(&self, terms: &ArrearsTerms, as_of: NaiveDate) -> Result<Position, Error> {
        compute(self.iter(), terms, as_of, None)
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
    /// ])?;
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
        let position = compute(self.iter(), terms, as_of, Some(&mut items))?;
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
        for t in self.iter().filter(|t| t.date <= as_of) {
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
    /// ])?;
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
        compute(self.iter(), terms, as_of, Some(&mut items))?;
        Ok(items)
    }
}

/// The transactions of a [`Ledger`], unpacked one at a time
/// ([`Ledger::iter`]).
#[derive(Clone)]
pub struct Iter<'a> {
    entries: std::slice::Iter<'a, PackedTransaction>,
    files: &'a Files,
    dates: &'static [NaiveDate],
}

impl Iterator for Iter<'_> {
    type Item = Transaction;

    #[inline]
    fn next(&mut self) -> Option<Transaction> {
        let e = self.entries.next()?;
        Some(e.unpack(self.dates, self.files.get(e.slot())))
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.entries.size_hint()
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl PartialEq for Ledger {
    /// Two ledgers are equal when they hold the same transactions in the
    /// same order, however their files were numbered inside.
    fn eq(&self, other: &Ledger) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl fmt::Debug for Ledger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl TryFrom<Vec<Transaction>> for Ledger {
    type Error = Error;
    fn try_from(transactions: Vec<Transaction>) -> Result<Ledger, Error> {
        Ledger::new(transactions)
    }
}

impl From<Ledger> for Vec<Transaction> {
    fn from(ledger: Ledger) -> Vec<Transaction> {
        ledger.iter().collect()
    }
}

/// A transaction packed into the 16 bytes a [`Ledger`] stores: dates as
/// days since 1970-01-01 in a `u16`, the amount in whole pence in 48 bits,
/// the line in a `u32`, and the kind with the slot of its file in the
/// ledger's own short list of files. Built with
/// [`PackedTransaction::pack`], which refuses what cannot be held.
///
/// ```
/// use chrono::NaiveDate;
/// use debt_core::{Ledger, Money, PackedTransaction, SourceRow, Transaction, TxnKind};
/// let d = NaiveDate::from_ymd_opt(2026, 4, 6).unwrap_or_default();
/// let t = Transaction::new(d, TxnKind::Charge, Money::from_pence(11_000))
///     .from_row(SourceRow { file: 3, line: 12 });
/// let mut ledger = Ledger::default();
/// ledger.push_packed(PackedTransaction::pack(&t)?, 3)?;
/// assert_eq!(ledger.iter().next(), Some(t));
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackedTransaction {
    amount_lo: u32,
    amount_hi: i16,
    date: u16,
    /// Due date as days + 1; 0 for none.
    due: u16,
    /// Index into `KINDS` in the low 3 bits, the file's slot in the high 5.
    kind: u8,
    /// Financial year start − 1899; 0 for none.
    year: u8,
    line: u32,
}

/// Days from 0001-01-01 (day 1) to 1970-01-01, chrono's common era count.
const EPOCH_FROM_CE: i32 = 719_163;
const SLOT_SHIFT: u32 = 3;
const MAX_FILES: usize = 1 << (8 - SLOT_SHIFT);

fn pack_date(date: NaiveDate, what: &'static str) -> Result<u16, Error> {
    u16::try_from(date.num_days_from_ce() - EPOCH_FROM_CE).map_err(|_| Error::LedgerLimit {
        what,
        value: date.to_string(),
        limit: "dates from 1970 to 2149",
    })
}

/// Every date a `u16` holds, made once: unpacking a date is then one load
/// from a 256 KB table instead of a calendar calculation, which is most of
/// what reading a packed ledger would cost.
fn date_table() -> &'static [NaiveDate] {
    static DATES: std::sync::OnceLock<Vec<NaiveDate>> = std::sync::OnceLock::new();
    DATES.get_or_init(|| {
        (0..=u16::MAX)
            .map(|d| {
                NaiveDate::from_num_days_from_ce_opt(EPOCH_FROM_CE + i32::from(d))
                    .unwrap_or_default()
            })
            .collect()
    })
}

#[inline]
fn unpack_date(dates: &[NaiveDate], days: u16) -> NaiveDate {
    dates.get(usize::from(days)).copied().unwrap_or_default()
}

impl PackedTransaction {
    /// Packs a transaction (its file is given when it is pushed); an error
    /// for a date, amount, year or line a ledger cannot hold.
    pub fn pack(t: &Transaction) -> Result<PackedTransaction, Error> {
        let too_large = || Error::LedgerLimit {
            what: "amount",
            value: t.amount.to_string(),
            limit: "at most 1,407,374,883,553.27 either way",
        };
        let pence = t.amount.to_pence().ok_or_else(too_large)?;
        if pence.unsigned_abs() >= 1 << 47 {
            return Err(too_large());
        }
        let due = match t.due_date {
            // The last day a u16 holds stays out of reach of a due date,
            // whose 0 means none.
            Some(d) => {
                pack_date(d, "due date")?
                    .checked_add(1)
                    .ok_or_else(|| Error::LedgerLimit {
                        what: "due date",
                        value: d.to_string(),
                        limit: "dates from 1970 to 2149",
                    })?
            }
            None => 0,
        };
        let year = match t.year {
            Some(y) => u8::try_from(y.start_year() - 1899)
                .ok()
                .filter(|v| *v > 0)
                .ok_or_else(|| Error::LedgerLimit {
                    what: "financial year",
                    value: y.to_string(),
                    limit: "years from 1900/01 to 2154/55",
                })?,
            None => 0,
        };
        Ok(PackedTransaction {
            amount_lo: pence as u32,
            amount_hi: (pence >> 32) as i16,
            date: pack_date(t.date, "date")?,
            due,
            kind: KINDS.iter().position(|k| *k == t.kind).unwrap_or(0) as u8,
            year,
            line: u32::try_from(t.source.line).map_err(|_| Error::LedgerLimit {
                what: "line",
                value: t.source.line.to_string(),
                limit: "files of up to 4,294,967,295 lines",
            })?,
        })
    }

    /// The posting date.
    pub fn date(&self) -> NaiveDate {
        unpack_date(date_table(), self.date)
    }

    /// The physical line it was read from.
    pub fn line(&self) -> u64 {
        u64::from(self.line)
    }

    fn slot(&self) -> usize {
        usize::from(self.kind >> SLOT_SHIFT)
    }

    fn kind(&self) -> TxnKind {
        KINDS[usize::from(self.kind & ((1 << SLOT_SHIFT) - 1)) % KINDS.len()]
    }

    fn pence(&self) -> i64 {
        (i64::from(self.amount_hi) << 32) | i64::from(self.amount_lo)
    }

    fn in_slot(mut self, slot: u8) -> PackedTransaction {
        self.kind = (self.kind & ((1 << SLOT_SHIFT) - 1)) | (slot << SLOT_SHIFT);
        self
    }

    #[inline]
    fn unpack(&self, dates: &[NaiveDate], file: u32) -> Transaction {
        Transaction {
            date: unpack_date(dates, self.date),
            kind: self.kind(),
            amount: Money::from_pence(self.pence()),
            due_date: (self.due > 0).then(|| unpack_date(dates, self.due - 1)),
            // Packed from a FinancialYear, so 1900 to 2154: in range.
            year: (self.year > 0)
                .then(|| FinancialYear::starting_unchecked(1899 + u16::from(self.year))),
            source: SourceRow {
                file,
                line: u64::from(self.line),
            },
        }
    }
}

/// The input files a ledger's transactions came from, by slot: two held
/// in place (an account's master file and its transactions file), any more
/// beside them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Files {
    first: [u32; 2],
    used: u8,
    more: Vec<u32>,
}

impl Files {
    #[inline]
    fn get(&self, slot: usize) -> u32 {
        match slot {
            0 | 1 => self.first[slot],
            _ => self.more.get(slot - 2).copied().unwrap_or_default(),
        }
    }

    /// The slot of `file`, if it has one.
    fn find(&self, file: u32) -> Option<usize> {
        (0..usize::from(self.used)).find(|s| self.get(*s) == file)
    }

    fn slot(&mut self, file: u32) -> Result<u8, Error> {
        let used = usize::from(self.used);
        if let Some(slot) = self.find(file) {
            return Ok(slot as u8);
        }
        if used == MAX_FILES {
            return Err(Error::LedgerLimit {
                what: "file",
                value: file.to_string(),
                limit: "transactions of one account from at most 32 files",
            });
        }
        match used {
            0 | 1 => self.first[used] = file,
            _ => self.more.push(file),
        }
        self.used += 1;
        Ok(used as u8)
    }
}

/// A service account: who it is with, where it stands, and its ledger.
///
/// ```
/// use chrono::NaiveDate;
/// use debt_core::{Account, Money, Service, Transaction, TxnKind};
/// let d = NaiveDate::from_ymd_opt(2026, 4, 6).unwrap();
/// let mut account = Account::new(Service::HousingRent, "T-1001");
/// account.ledger.push(Transaction::new(d, TxnKind::Charge, Money::from_pence(11_000)))?;
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
    /// An account with the service's usual terms and no transactions:
    /// current, except former tenant arrears, which are a former tenancy's
    /// by definition.
    ///
    /// ```
    /// use debt_core::{Account, AccountStatus, Service};
    /// assert_eq!(Account::new(Service::CouncilTax, "1").status, AccountStatus::Current);
    /// assert_eq!(Account::new(Service::FormerTenantArrears, "1").status, AccountStatus::Former);
    /// ```
    pub fn new(service: Service, reference: impl Into<String>) -> Account {
        let terms = ArrearsTerms::for_service(&service);
        let status = match service {
            Service::FormerTenantArrears => AccountStatus::Former,
            _ => AccountStatus::Current,
        };
        Account {
            service,
            reference: reference.into(),
            status,
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
    transactions: impl ExactSizeIterator<Item = Transaction>,
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

    for (seq, t) in transactions.enumerate() {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn packed_transactions_are_16_bytes_and_round_trip_at_every_limit() {
        assert_eq!(std::mem::size_of::<PackedTransaction>(), 16);
        let d = day(2026, 11, 20);
        let largest = (1i64 << 47) - 1;
        for pence in [0i64, 1, -1, 123_456, -largest, largest] {
            for kind in KINDS {
                for (date, line) in [
                    (day(1970, 1, 1), 0u64),
                    (d, 77),
                    (day(2149, 6, 5), 4_294_967_295),
                ] {
                    let t = Transaction::new(date, kind, Money::from_pence(pence))
                        .from_row(SourceRow { file: 3, line })
                        .due(day(2149, 6, 5))
                        .for_year(FinancialYear::containing(d));
                    let ledger = Ledger::new(vec![t]).unwrap();
                    assert_eq!(ledger.iter().collect::<Vec<_>>(), vec![t]);
                }
            }
        }
        let plain = Transaction::new(day(1970, 1, 1), TxnKind::Charge, Money::from_pence(5));
        assert_eq!(Ledger::new(vec![plain]).unwrap().iter().next(), Some(plain));
    }

    #[test]
    fn what_a_ledger_cannot_hold_is_refused_and_nothing_is_added() {
        let d = day(2026, 4, 1);
        let charge =
            |date, pence| Transaction::new(date, TxnKind::Charge, Money::from_pence(pence));
        let refused = [
            charge(day(1969, 12, 31), 5),
            charge(day(2149, 6, 7), 5),
            charge(d, 1 << 47),
            charge(d, -(1 << 47)),
            charge(d, 5).due(day(2149, 6, 6)),
            charge(d, 5).from_row(SourceRow {
                file: 0,
                line: 1 << 32,
            }),
            charge(d, 5).for_year(FinancialYear::starting(2155).unwrap()),
        ];
        for t in refused {
            let mut ledger = Ledger::default();
            let err = ledger.push(t).unwrap_err();
            assert!(matches!(err, Error::LedgerLimit { .. }), "{t:?}: {err}");
            assert!(ledger.is_empty());
        }
    }

    #[test]
    fn each_transaction_keeps_its_own_file_up_to_32_files() {
        let d = day(2026, 4, 1);
        let mut ledger = Ledger::default();
        let t = |file: u32, line| {
            Transaction::new(d, TxnKind::Charge, Money::from_pence(1))
                .from_row(SourceRow { file, line })
        };
        let pushed: Vec<Transaction> = (0..32u32)
            .rev()
            .map(|f| t(f * 1000, u64::from(f)))
            .collect();
        for x in &pushed {
            ledger.push(*x).unwrap();
            ledger.push(t(x.source.file, 9)).unwrap();
        }
        assert_eq!(ledger.len(), 64);
        let got: Vec<SourceRow> = ledger.iter().map(|x| x.source).collect();
        assert_eq!(
            got[0],
            SourceRow {
                file: 31_000,
                line: 31
            }
        );
        assert_eq!(got[63], SourceRow { file: 0, line: 9 });
        assert!(matches!(
            ledger.push(t(99, 1)),
            Err(Error::LedgerLimit { .. })
        ));
        assert_eq!(ledger.len(), 64);
        // Taking back the rows of one file leaves the others as they were.
        ledger.retain(|x| x.source.file != 5_000);
        assert_eq!(ledger.len(), 62);
        assert!(ledger.iter().all(|x| x.source.file != 5_000));
        assert_eq!(ledger.iter().filter(|x| x.source.file == 4_000).count(), 2);
    }

    #[test]
    fn balances_added_up_packed_equal_the_sum_of_the_transactions() {
        let kinds = [
            TxnKind::Charge,
            TxnKind::Payment,
            TxnKind::WriteOff,
            TxnKind::Costs,
        ];
        let mut ledger = Ledger::default();
        let mut all = Vec::new();
        for i in 0..400i64 {
            let date = day(1970, 1, 1) + chrono::Days::new((i * 197 % 65_000) as u64);
            let pence = if i % 7 == 0 {
                (1 << 46) + i
            } else {
                i * 1_234 - 50_000
            };
            let t = Transaction::new(date, kinds[i as usize % 4], Money::from_pence(pence));
            ledger.push(t).unwrap();
            all.push(t);
        }
        for at in [
            day(1969, 12, 31),
            day(1970, 1, 1),
            day(2001, 2, 3),
            day(2149, 6, 5),
            day(2300, 1, 1),
        ] {
            let upto = all.iter().filter(|t| t.date <= at);
            assert_eq!(
                ledger.balance_at(at),
                upto.clone().map(|t| t.amount).sum::<Money>(),
                "{at}"
            );
            let written: Money = upto
                .filter(|t| t.kind == TxnKind::WriteOff)
                .map(|t| t.amount)
                .sum();
            assert_eq!(ledger.written_off_at(at), -written, "{at}");
        }
    }

    #[test]
    fn ledgers_compare_and_serialise_by_their_transactions() {
        let d = day(2026, 4, 1);
        let a = Transaction::new(d, TxnKind::Charge, Money::from_pence(100))
            .from_row(SourceRow { file: 1, line: 2 });
        let b = Transaction::new(d, TxnKind::Payment, Money::from_pence(-50))
            .from_row(SourceRow { file: 2, line: 3 });
        let one = Ledger::new(vec![a, b]).unwrap();
        // The same transactions pushed after another file's row was taken
        // back: slots differ inside, the ledgers do not.
        let mut two = Ledger::new(vec![b.from_row(SourceRow { file: 1, line: 9 })]).unwrap();
        two.retain(|_| false);
        two.push(a).unwrap();
        two.push(b).unwrap();
        assert_eq!(one, two);
        let json = serde_json::to_string(&one).unwrap();
        let back: Ledger = serde_json::from_str(&json).unwrap();
        assert_eq!(back, one);
        assert_eq!(format!("{one:?}").matches("Transaction").count(), 2);
    }
}

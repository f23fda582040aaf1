//! Households: who lives where now, and every debt of every member in one
//! view.
//!
//! A household is the people living at one property now. Each person's home
//! is their strongest [`Residence`] evidence (a current council tax liability
//! or tenancy first; a closed account's own old address and business
//! premises never count). Debts follow the person: a former tenant's arrears
//! from another address appear in the household where she lives now.
//!
//! [`HouseholdView::build`] makes the whole view of one household from its
//! accounts (each with its position) and its members' circumstances, the way
//! a contact-centre service answers a call, without any batch. The nightly
//! run builds every household the same way. A view always adds up: its
//! totals are the sums of its accounts, to the penny, checked when it is
//! built. A view borrows the accounts, positions and names it shows from
//! whoever holds them: building one copies no account.
//!
//! ```
//! use chrono::NaiveDate;
//! use debt_core::household::{Circumstances, HouseholdAccount, HouseholdId, HouseholdView, Member};
//! use debt_core::{Account, Money, Service, Transaction, TxnKind};
//! let d = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
//! let mut rent = Account::new(Service::HousingRent, "RT1");
//! rent.ledger.push(Transaction::new(d, TxnKind::Charge, Money::parse("112.40")?))?;
//! let mut ctax = Account::new(Service::CouncilTax, "CT1");
//! ctax.ledger.push(Transaction::new(d, TxnKind::Payment, Money::parse("-20.00")?))?;
//! let (rent_position, ctax_position) = (rent.position(d)?, ctax.position(d)?);
//! let accounts = vec![
//!     HouseholdAccount::new("rent", &rent, "P1", "tenant", &rent_position),
//!     HouseholdAccount::new("ctax", &ctax, "P1", "lead_liable", &ctax_position),
//! ];
//! let view = HouseholdView::build(
//!     HouseholdId::Property(100062011201),
//!     vec![Member::new("P1", "John Smith")],
//!     accounts,
//!     &Circumstances::default(),
//!     d,
//!     debt_core::Rates::built_in()?.breathing_space.at(d)?,
//! )?;
//! assert_eq!(view.totals.balance.to_string(), "92.40");
//! assert_eq!(view.totals.priority_arrears.to_string(), "112.40");
//! assert_eq!(view.totals.credits.to_string(), "20.00");
//! # Ok::<(), debt_core::Error>(())
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use crate::breathing_space::BreathingSpace;
use crate::error::Error;
use crate::ledger::{Account, AccountStatus, Position, YearPosition};
use crate::money::Money;
use crate::rates::BreathingSpaceRules;
use crate::service::{PriorityClass, RecoveryStep, Service, Stage};

/// Evidence that a person lives at a property now, strongest first.
///
/// ```
/// use debt_core::household::Residence;
/// assert!(Residence::CurrentLiability < Residence::ForwardingAddress);
/// assert!(!Residence::FormerAddress.counts());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Residence {
    /// A current council tax liability or tenancy at the property.
    CurrentLiability,
    /// A current benefit claim, or a breathing space notice, vulnerability
    /// flag or income and expenditure statement giving the address.
    CurrentClaimOrNotice,
    /// The forwarding address left on a closed account.
    ForwardingAddress,
    /// The address on a current sundry debt or parking penalty (the system
    /// may hold an old one).
    DebtAddress,
    /// A closed account's own, old address: never evidence of now.
    FormerAddress,
    /// Business premises: never where someone lives.
    BusinessPremises,
}

impl Residence {
    /// Whether this evidence can say where someone lives now.
    pub fn counts(self) -> bool {
        self < Residence::FormerAddress
    }

    /// What an account's address says: by its service and status, and
    /// whether a closed account's forwarding address is the one taken.
    ///
    /// ```
    /// use debt_core::household::Residence;
    /// use debt_core::{AccountStatus, Service};
    /// assert_eq!(Residence::of_account(&Service::HousingRent, AccountStatus::Current, false), Residence::CurrentLiability);
    /// assert_eq!(Residence::of_account(&Service::FormerTenantArrears, AccountStatus::Former, true), Residence::ForwardingAddress);
    /// assert_eq!(Residence::of_account(&Service::FormerTenantArrears, AccountStatus::Former, false), Residence::FormerAddress);
    /// ```
    pub fn of_account(service: &Service, status: AccountStatus, forwarding: bool) -> Residence {
        let current = status == AccountStatus::Current;
        match (service, current, forwarding) {
            (Service::BusinessRates, _, _) => Residence::BusinessPremises,
            (_, false, true) => Residence::ForwardingAddress,
            (_, false, false) => Residence::FormerAddress,
            (Service::CouncilTax | Service::HousingRent, true, _) => Residence::CurrentLiability,
            (Service::HousingBenefitOverpayment, true, _) => Residence::CurrentClaimOrNotice,
            _ => Residence::DebtAddress,
        }
    }

    /// The code used in outputs.
    pub fn code(self) -> &'static str {
        match self {
            Residence::CurrentLiability => "current_liability",
            Residence::CurrentClaimOrNotice => "current_claim_or_notice",
            Residence::ForwardingAddress => "forwarding_address",
            Residence::DebtAddress => "debt_address",
            Residence::FormerAddress => "former_address",
            Residence::BusinessPremises => "business_premises",
        }
    }
}

/// A household's id: `H` and the 12-digit UPRN of the property, or, for a
/// person with nowhere known, `H-` and the person's id.
///
/// ```
/// use debt_core::household::HouseholdId;
/// assert_eq!(HouseholdId::Property(100062011201).to_string(), "H100062011201");
/// assert_eq!(HouseholdId::parse("H-P00000000ABCD")?, HouseholdId::NoKnownAddress("P00000000ABCD".into()));
/// assert_eq!(HouseholdId::parse("H100062011201")?, HouseholdId::Property(100062011201));
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HouseholdId {
    /// The people living at this property.
    Property(u64),
    /// One person whose home is not known.
    NoKnownAddress(String),
}

impl HouseholdId {
    /// Reads an id as [`fmt::Display`] writes it.
    pub fn parse(text: &str) -> Result<HouseholdId, Error> {
        let bad = || Error::Unknown {
            what: "household id",
            value: text.to_string(),
            expected: vec!["H + 12 digits".into(), "H- + a person id".into()],
        };
        let rest = text.trim().strip_prefix('H').ok_or_else(bad)?;
        match rest.strip_prefix('-') {
            Some(person) if !person.is_empty() => Ok(HouseholdId::NoKnownAddress(person.into())),
            Some(_) => Err(bad()),
            None if rest.len() == 12 && rest.bytes().all(|b| b.is_ascii_digit()) => {
                rest.parse().map(HouseholdId::Property).map_err(|_| bad())
            }
            None => Err(bad()),
        }
    }

    /// The property's UPRN, if the household has one.
    pub fn uprn(&self) -> Option<u64> {
        match self {
            HouseholdId::Property(u) => Some(*u),
            HouseholdId::NoKnownAddress(_) => None,
        }
    }
}

impl fmt::Display for HouseholdId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HouseholdId::Property(uprn) => write!(f, "H{uprn:012}"),
            HouseholdId::NoKnownAddress(person) => write!(f, "H-{person}"),
        }
    }
}

impl Serialize for HouseholdId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One record's evidence of where its person lives now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evidence<'a> {
    /// The record's key.
    pub key: &'a str,
    /// What kind of evidence it is.
    pub residence: Residence,
    /// The property it names, if its address was matched.
    pub uprn: Option<u64>,
}

/// Where a person lives now: the strongest of their records' evidence that
/// counts and names a property; between equals, the lowest record key (so
/// the answer never depends on the order records arrive in).
///
/// ```
/// use debt_core::household::{home_of, Evidence, Residence};
/// let records = [
///     Evidence { key: "pcn:AS1:keeper", residence: Residence::DebtAddress, uprn: Some(2) },
///     Evidence { key: "fta:FT1:tenant", residence: Residence::FormerAddress, uprn: Some(3) },
///     Evidence { key: "ctax:CT9:lead_liable", residence: Residence::CurrentLiability, uprn: Some(1) },
/// ];
/// assert_eq!(home_of(records.iter().copied()).map(|e| e.uprn), Some(Some(1)));
/// ```
pub fn home_of<'a>(records: impl IntoIterator<Item = Evidence<'a>>) -> Option<Evidence<'a>> {
    records
        .into_iter()
        .filter(|e| e.residence.counts() && e.uprn.is_some())
        .min_by(|a, b| (a.residence, a.key).cmp(&(b.residence, b.key)))
}

/// Person ids that stay the same from night to night.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonIds {
    /// Each person's id, in the order the persons were given.
    pub ids: Vec<String>,
    /// Persons who kept an id from the previous night.
    pub carried: u64,
    /// Persons given a new id.
    pub new: u64,
}

/// Gives each person (a list of record keys) an id: the previous night's id
/// that most of its records had (`previous`), unless a person with more
/// votes took it first; otherwise `P` and 12 hex digits derived from its
/// lowest record key (`hash` of the key, salted until unique).
///
/// ```
/// use std::collections::HashMap;
/// use debt_core::household::carry_person_ids;
/// let previous: HashMap<String, String> = [("ctax:1:lead_liable".to_string(), "P000000000001".to_string())].into();
/// let persons = vec![vec!["ctax:1:lead_liable", "rent:9:tenant"], vec!["pcn:7:keeper"]];
/// let ids = carry_person_ids(&persons, &previous, |k| k.len() as u64);
/// assert_eq!(ids.ids[0], "P000000000001");
/// assert_eq!((ids.carried, ids.new), (1, 1));
/// ```
pub fn carry_person_ids<K: AsRef<str>>(
    persons: &[Vec<K>],
    previous: &HashMap<String, String>,
    hash: impl Fn(&str) -> u64,
) -> PersonIds {
    let lowest = |p: &[K]| p.iter().map(|k| k.as_ref()).min().unwrap_or("").to_string();
    let mut order: Vec<(usize, Option<String>, u64)> = persons
        .iter()
        .enumerate()
        .map(|(p, keys)| {
            let mut votes: BTreeMap<&str, u64> = BTreeMap::new();
            for k in keys {
                if let Some(id) = previous.get(k.as_ref()) {
                    *votes.entry(id.as_str()).or_default() += 1;
                }
            }
            let best = votes
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(id, n)| (id.to_string(), *n));
            (
                p,
                best.as_ref().map(|b| b.0.clone()),
                best.map_or(0, |b| b.1),
            )
        })
        .collect();
    order.sort_by(|a, b| {
        b.2.cmp(&a.2)
            .then_with(|| lowest(&persons[a.0]).cmp(&lowest(&persons[b.0])))
    });
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut ids = vec![String::new(); persons.len()];
    let (mut carried, mut new) = (0u64, 0u64);
    for (p, candidate, _) in order {
        let id = match candidate.filter(|id| !taken.contains(id)) {
            Some(id) => {
                carried += 1;
                id
            }
            None => {
                new += 1;
                let low = lowest(&persons[p]);
                let mut salt = 0u32;
                loop {
                    let id = format!(
                        "P{:012X}",
                        hash(&format!("{low}#{salt}")) & 0xFFFF_FFFF_FFFF
                    );
                    if !taken.contains(&id) {
                        break id;
                    }
                    salt += 1;
                }
            }
        };
        taken.insert(id.clone());
        ids[p] = id;
    }
    PersonIds { ids, carried, new }
}

/// One account of a household, as the view shows it: borrowed from the
/// account, its position and the caller's names, never copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HouseholdAccount<'a> {
    /// The source system's id.
    pub source: &'a str,
    /// The account reference.
    pub reference: &'a str,
    /// Its service.
    pub service: &'a Service,
    /// Current, former or closed.
    pub status: AccountStatus,
    /// Its recovery stage.
    pub stage: Option<Stage>,
    /// The member whose account it is (the lead party).
    pub person_id: &'a str,
    /// Their role on it: lead or joint liable, tenant, claimant, debtor,
    /// keeper.
    pub role: &'a str,
    /// Its position at the view's date.
    pub position: &'a Position,
    /// Council tax and business rates: each financial year.
    pub years: &'a [YearPosition],
    /// Costs and fees charged (court costs, enforcement agent fees), dated.
    pub costs: &'a [Cost],
    /// When the right to pay by instalments was lost, if it was.
    pub instalments_lost_on: Option<NaiveDate>,
    /// Whether the data carries an explicit plan of instalments for it (an
    /// arrangement to pay).
    pub has_plan: bool,
    /// Where its row is, when the caller knows.
    pub source_row: Option<RowRef<'a>>,
}

/// Where a row is: its file, as outputs name it, and its physical line.
/// Written `file:line`.
///
/// ```
/// use debt_core::household::RowRef;
/// assert_eq!(RowRef { file: "ctax/accounts.csv", line: 4 }.to_string(), "ctax/accounts.csv:4");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowRef<'a> {
    /// The file.
    pub file: &'a str,
    /// The 1-based physical line.
    pub line: u64,
}

impl fmt::Display for RowRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

impl Serialize for RowRef<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A cost or fee charged to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Cost {
    /// When it was posted.
    pub date: NaiveDate,
    /// How much.
    pub amount: Money,
    /// The financial year it was charged to, if the system says.
    pub year: Option<crate::period::FinancialYear>,
}

impl<'a> HouseholdAccount<'a> {
    /// An account of `person_id` as `role`, with its position (no years,
    /// costs or source row until the caller sets them).
    pub fn new(
        source: &'a str,
        account: &'a Account,
        person_id: &'a str,
        role: &'a str,
        position: &'a Position,
    ) -> HouseholdAccount<'a> {
        HouseholdAccount {
            source,
            reference: &account.reference,
            service: &account.service,
            status: account.status,
            stage: account.stage,
            person_id,
            role,
            instalments_lost_on: account.terms.instalments_lost_on,
            has_plan: !account.terms.plans.is_empty(),
            position,
            years: &[],
            costs: &[],
            source_row: None,
        }
    }

    /// `source:reference`, as outputs name an account.
    pub fn key(&self) -> String {
        format!("{}:{}", self.source, self.reference)
    }

    /// Whether `other` is the same account (same source and reference).
    pub fn same_account(&self, other: &HouseholdAccount<'_>) -> bool {
        (self.source, self.reference) == (other.source, other.reference)
    }

    /// Its priority class at its stage.
    pub fn priority(&self) -> PriorityClass {
        self.service.priority(self.stage)
    }

    /// Whether it is at an enforcement stage of its service.
    pub fn in_enforcement(&self) -> bool {
        self.stage.is_some_and(|s| self.service.is_enforcement(s))
    }
}

/// A member of a household (borrowed, like the accounts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Member<'a> {
    /// The person's id.
    pub person_id: &'a str,
    /// A name to show an officer (the strongest record's, as written).
    pub display_name: &'a str,
}

impl<'a> Member<'a> {
    /// A member.
    pub fn new(person_id: &'a str, display_name: &'a str) -> Member<'a> {
        Member {
            person_id,
            display_name,
        }
    }
}

/// What the council knows of its members' circumstances.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Circumstances {
    /// Breathing space notices, by person.
    pub breathing_spaces: Vec<(String, BreathingSpace)>,
    /// Vulnerability flags, by person.
    pub vulnerabilities: Vec<(String, String)>,
    /// Suspense items (money received that nobody is credited with) that
    /// may be the household's.
    pub suspense_items: u32,
}

/// A household's totals, each the sum of its accounts'.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HouseholdTotals {
    /// Accounts.
    pub accounts: u64,
    /// Accounts per service code.
    pub accounts_by_service: BTreeMap<String, u64>,
    /// Net balance (debts minus credits).
    pub balance: Money,
    /// Arrears (due and unpaid).
    pub arrears: Money,
    /// Arrears of priority debts.
    pub priority_arrears: Money,
    /// What is owed on non-priority debts (their positive balances).
    pub non_priority_balance: Money,
    /// Credits held on accounts in credit.
    pub credits: Money,
    /// The oldest unpaid due date.
    pub oldest_arrears_date: Option<NaiveDate>,
    /// The furthest recovery stage and its service.
    pub highest_stage: Option<(Stage, Service)>,
}

impl HouseholdTotals {
    /// Sums `accounts`. Fails if a total cannot be held (beyond
    /// [`Money`]'s range).
    pub fn of(accounts: &[HouseholdAccount<'_>]) -> Result<HouseholdTotals, Error> {
        let mut t = HouseholdTotals {
            accounts: accounts.len() as u64,
            accounts_by_service: BTreeMap::new(),
            balance: Money::ZERO,
            arrears: Money::ZERO,
            priority_arrears: Money::ZERO,
            non_priority_balance: Money::ZERO,
            credits: Money::ZERO,
            oldest_arrears_date: None,
            highest_stage: None,
        };
        let add = |a: Money, b: Money| a.checked_add(b).ok_or(Error::Overflow);
        for a in accounts {
            let p = a.position;
            match t.accounts_by_service.get_mut(a.service.code()) {
                Some(n) => *n += 1,
                None => {
                    t.accounts_by_service
                        .insert(a.service.code().to_string(), 1);
                }
            }
            t.balance = add(t.balance, p.balance)?;
            t.arrears = add(t.arrears, p.arrears)?;
            t.credits = add(t.credits, p.credit())?;
            match a.priority() {
                PriorityClass::Priority => t.priority_arrears = add(t.priority_arrears, p.arrears)?,
                PriorityClass::NonPriority => {
                    t.non_priority_balance = add(t.non_priority_balance, p.balance.max_zero())?
                }
            }
            if let Some(d) = p.oldest_arrears_date {
                if t.oldest_arrears_date.is_none_or(|o| d < o) {
                    t.oldest_arrears_date = Some(d);
                }
            }
            if let Some(stage) = a.stage {
                let rank = |(s, service): &(Stage, Service)| {
                    (s.step(), service.stage_rank(*s).unwrap_or(0))
                };
                let candidate = (stage, a.service.clone());
                if t.highest_stage
                    .as_ref()
                    .is_none_or(|h| rank(&candidate) > rank(h))
                {
                    t.highest_stage = Some(candidate);
                }
            }
        }
        Ok(t)
    }
}

/// What an officer must see at a glance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct HouseholdFlags {
    /// A member is in a breathing space today.
    pub breathing_space_active: bool,
    /// A member has a vulnerability flag.
    pub vulnerable: bool,
    /// An account is at an enforcement stage.
    pub enforcement_in_progress: bool,
    /// Suspense items that may be the household's.
    pub suspense_items: u32,
}

/// The single view of one household: its members, every account of every
/// member, the totals and the flags. The members and accounts are borrowed
/// from whoever holds them; the totals and flags are its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HouseholdView<'a> {
    /// The household.
    pub id: HouseholdId,
    /// Its members, by person id.
    pub members: Vec<Member<'a>>,
    /// Every account, by source and reference.
    pub accounts: Vec<HouseholdAccount<'a>>,
    /// The totals.
    pub totals: HouseholdTotals,
    /// The flags.
    pub flags: HouseholdFlags,
}

impl<'a> HouseholdView<'a> {
    /// Builds the view of household `id` at `as_of`. Members and accounts
    /// are put in order (person id; source and reference). Fails if an
    /// account names a person who is not a member, or a total cannot be
    /// held.
    pub fn build(
        id: HouseholdId,
        mut members: Vec<Member<'a>>,
        mut accounts: Vec<HouseholdAccount<'a>>,
        circumstances: &Circumstances,
        as_of: NaiveDate,
        rules: &BreathingSpaceRules,
    ) -> Result<HouseholdView<'a>, Error> {
        members.sort_by(|a, b| a.person_id.cmp(b.person_id));
        members.dedup_by(|a, b| a.person_id == b.person_id);
        accounts.sort_by(|a, b| (a.source, a.reference).cmp(&(b.source, b.reference)));
        let is_member = |p: &str| members.binary_search_by(|m| m.person_id.cmp(p)).is_ok();
        if let Some(a) = accounts.iter().find(|a| !is_member(a.person_id)) {
            return Err(Error::Invariant(format!(
                "account {}:{} names person {}, who is not a member of {id}",
                a.source, a.reference, a.person_id
            )));
        }
        let totals = HouseholdTotals::of(&accounts)?;
        let flags = HouseholdFlags {
            breathing_space_active: circumstances
                .breathing_spaces
                .iter()
                .any(|(p, bs)| is_member(p) && bs.is_active_on(as_of, rules)),
            vulnerable: circumstances
                .vulnerabilities
                .iter()
                .any(|(p, _)| is_member(p)),
            enforcement_in_progress: accounts.iter().any(HouseholdAccount::in_enforcement),
            suspense_items: circumstances.suspense_items,
        };
        Ok(HouseholdView {
            id,
            members,
            accounts,
            totals,
            flags,
        })
    }

    /// The furthest recovery step any account has reached.
    pub fn furthest_step(&self) -> Option<RecoveryStep> {
        self.totals.highest_stage.as_ref().map(|(s, _)| s.step())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Transaction, TxnKind};

    fn rules() -> BreathingSpaceRules {
        crate::Rates::built_in()
            .unwrap()
            .breathing_space
            .at(d(2026, 11, 20))
            .unwrap()
            .clone()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn account(
        service: Service,
        reference: &str,
        stage: Option<Stage>,
        amounts: &[i64],
    ) -> Account {
        let mut a = Account::new(service, reference);
        a.stage = stage;
        for (i, pence) in amounts.iter().enumerate() {
            let kind = if *pence >= 0 {
                TxnKind::Charge
            } else {
                TxnKind::Payment
            };
            a.ledger
                .push(Transaction::new(
                    d(2026, 1, 1 + i as u32),
                    kind,
                    Money::from_pence(*pence),
                ))
                .unwrap();
        }
        a
    }

    /// Accounts, each with its person and position, held for a view to
    /// borrow.
    struct Held(Vec<(Account, &'static str, Position)>);

    fn held(accounts: Vec<(Account, &'static str)>) -> Held {
        let as_of = d(2026, 11, 20);
        Held(
            accounts
                .into_iter()
                .map(|(a, p)| {
                    let position = a.position(as_of).unwrap();
                    (a, p, position)
                })
                .collect(),
        )
    }

    impl Held {
        fn view(&self) -> HouseholdView<'_> {
            let rows = self
                .0
                .iter()
                .map(|(a, p, position)| HouseholdAccount::new("src", a, p, "tenant", position))
                .collect();
            HouseholdView::build(
                HouseholdId::Property(1),
                vec![Member::new("P1", "A"), Member::new("P2", "B")],
                rows,
                &Circumstances::default(),
                d(2026, 11, 20),
                &rules(),
            )
            .unwrap()
        }
    }

    #[test]
    fn household_totals_are_the_sums_of_its_accounts_to_the_penny() {
        let held = held(vec![
            (
                account(Service::HousingRent, "R", None, &[11_240, -2_000]),
                "P1",
            ),
            (
                account(Service::ParkingPenalty, "P", Some(Stage::Notice), &[7_000]),
                "P2",
            ),
            (account(Service::CouncilTax, "C", None, &[-5_001]), "P1"),
        ]);
        let v = held.view();
        let sum =
            |f: fn(&Position) -> Money| v.accounts.iter().map(|a| f(a.position)).sum::<Money>();
        assert_eq!(v.totals.balance, sum(|p| p.balance));
        assert_eq!(v.totals.arrears, sum(|p| p.arrears));
        assert_eq!(v.totals.credits, Money::from_pence(5_001));
        assert_eq!(v.totals.priority_arrears, Money::from_pence(9_240));
        assert_eq!(v.totals.non_priority_balance, Money::from_pence(7_000));
        assert_eq!(v.totals.accounts_by_service["housing_rent"], 1);
        assert_eq!(
            v.totals.highest_stage.as_ref().map(|h| h.0),
            Some(Stage::Notice)
        );
    }

    #[test]
    fn the_highest_stage_compares_services_on_one_scale() {
        let held = held(vec![
            (
                account(
                    Service::ParkingPenalty,
                    "P",
                    Some(Stage::OrderForRecovery),
                    &[1],
                ),
                "P1",
            ),
            (
                account(Service::CouncilTax, "C", Some(Stage::LiabilityOrder), &[1]),
                "P1",
            ),
            (
                account(Service::HousingRent, "R", Some(Stage::Nosp), &[1]),
                "P2",
            ),
        ]);
        let v = held.view();
        assert_eq!(
            v.totals.highest_stage,
            Some((Stage::LiabilityOrder, Service::CouncilTax))
        );
        assert!(v.flags.enforcement_in_progress);
    }

    #[test]
    fn an_account_of_someone_who_is_not_a_member_is_refused() {
        let a = account(Service::HousingRent, "R", None, &[1]);
        let position = a.position(d(2026, 11, 20)).unwrap();
        let e = HouseholdView::build(
            HouseholdId::Property(1),
            vec![Member::new("P1", "A")],
            vec![HouseholdAccount::new("rent", &a, "P9", "tenant", &position)],
            &Circumstances::default(),
            d(2026, 11, 20),
            &rules(),
        );
        assert!(e.is_err());
    }

    #[test]
    fn a_persons_home_is_their_strongest_evidence_and_never_an_old_address() {
        let e = |key, residence, uprn| Evidence {
            key,
            residence,
            uprn: Some(uprn),
        };
        let home = home_of([
            e("fta:1:tenant", Residence::FormerAddress, 9),
            e("fta:1:tenant#fwd", Residence::ForwardingAddress, 5),
            e("pcn:2:keeper", Residence::DebtAddress, 7),
        ]);
        assert_eq!(home.and_then(|h| h.uprn), Some(5));
        assert_eq!(
            home_of([e("nndr:1:lead", Residence::BusinessPremises, 3)]),
            None
        );
    }

    #[test]
    fn ids_carry_over_and_a_contested_id_goes_to_the_person_with_more_records() {
        let previous: HashMap<String, String> = [
            ("a".to_string(), "P1".to_string()),
            ("b".to_string(), "P1".to_string()),
            ("c".to_string(), "P1".to_string()),
        ]
        .into();
        // The person split in two: the part with two of the three records
        // keeps the id.
        let ids = carry_person_ids(&[vec!["c"], vec!["a", "b"]], &previous, |_| 42);
        assert_eq!(ids.ids[1], "P1");
        assert_ne!(ids.ids[0], "P1");
        assert_eq!((ids.carried, ids.new), (1, 1));
    }
}

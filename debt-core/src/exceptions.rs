//! The situations an officer must act on, found in a household's view: a
//! credit that could offset arrears, enforcement during a breathing space,
//! a vulnerable person's debt with enforcement agents, enforcement in two
//! services at once (and compliance fees charged twice), priority arrears
//! left while a non-priority debt is pursued, debts past limitation with no
//! action, and broken arrangements. Each [`Exception`] names the accounts
//! and the source rows it rests on and says in plain English what is wrong.
//! Nothing here changes a figure or writes anything off: it only flags.
//!
//! The rules, from ../shared/domain.md:
//! - Breathing space (Debt Respite Scheme): during one, a creditor must not
//!   take or continue enforcement on a moratorium debt nor add fees, costs or
//!   interest. A year of council tax is a moratorium debt only once every
//!   instalment of that year has fallen due and one is unpaid, or the right
//!   to instalments was lost; this year's instalments are an ongoing
//!   liability and stay payable.
//! - Taking Control of Goods (Fees) Regulations 2014: one set of fees when an
//!   agent enforces several debts against one debtor together (reg 11); a
//!   vulnerable debtor must be given time to get help (reg 12).
//! - Limitation: six years from falling due (council tax: a liability order
//!   must be sought within six years; once granted, no limit; rent and
//!   sundry: restarted by a payment); housing benefit overpayments recovered
//!   by deduction have no settled limit: flagged for review, not decided.

use std::collections::BTreeSet;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::household::{Circumstances, HouseholdAccount, HouseholdView};
use crate::money::Money;
use crate::rates::Rates;
use crate::service::{PriorityClass, RecoveryStep, Service, Stage, SundryKind};

/// The kinds of situation, as exceptions.csv names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExceptionKind {
    /// A credit on one account while the household has arrears on another.
    OffsetCandidate,
    /// Enforcement continued, or costs added, during a breathing space.
    BreathingSpaceBreach,
    /// A vulnerable person's debt is with enforcement agents.
    VulnerableInEnforcement,
    /// Enforcement in two or more services at once, or compliance fees
    /// charged more than once for debts enforced together.
    ConcurrentEnforcement,
    /// A non-priority debt pursued while priority arrears have no action.
    PriorityArrearsLeft,
    /// A receipt in suspense that may be the household's.
    SuspenseMatch,
    /// A debt more than six years past due with no action since.
    Limitation,
    /// An arrangement's instalment missed beyond the grace period.
    BrokenArrangement,
}

impl ExceptionKind {
    /// Every kind, in output order.
    pub const ALL: [ExceptionKind; 8] = [
        ExceptionKind::OffsetCandidate,
        ExceptionKind::BreathingSpaceBreach,
        ExceptionKind::VulnerableInEnforcement,
        ExceptionKind::ConcurrentEnforcement,
        ExceptionKind::PriorityArrearsLeft,
        ExceptionKind::SuspenseMatch,
        ExceptionKind::Limitation,
        ExceptionKind::BrokenArrangement,
    ];

    /// The code used in outputs and the config.
    ///
    /// ```
    /// assert_eq!(debt_core::exceptions::ExceptionKind::BreathingSpaceBreach.code(), "breathing_space_breach");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            ExceptionKind::OffsetCandidate => "offset_candidate",
            ExceptionKind::BreathingSpaceBreach => "breathing_space_breach",
            ExceptionKind::VulnerableInEnforcement => "vulnerable_in_enforcement",
            ExceptionKind::ConcurrentEnforcement => "concurrent_enforcement",
            ExceptionKind::PriorityArrearsLeft => "priority_arrears_left",
            ExceptionKind::SuspenseMatch => "suspense_match",
            ExceptionKind::Limitation => "limitation",
            ExceptionKind::BrokenArrangement => "broken_arrangement",
        }
    }
}

/// Which kinds to look for, and their thresholds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExceptionRules {
    /// Kinds switched off.
    #[serde(default)]
    pub off: BTreeSet<ExceptionKind>,
    /// Years after falling due at which a debt is flagged for limitation
    /// (Limitation Act 1980: six).
    #[serde(default = "six")]
    pub limitation_years: u32,
    /// Days after an arrangement's instalment fell due before a missed one
    /// counts as a breach of the arrangement.
    #[serde(default = "five")]
    pub grace_days: u32,
}

fn six() -> u32 {
    6
}
fn five() -> u32 {
    5
}

impl Default for ExceptionRules {
    fn default() -> Self {
        ExceptionRules {
            off: BTreeSet::new(),
            limitation_years: six(),
            grace_days: five(),
        }
    }
}

impl ExceptionRules {
    fn on(&self, kind: ExceptionKind) -> bool {
        !self.off.contains(&kind)
    }
}

/// One situation to act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exception {
    /// What kind.
    pub kind: ExceptionKind,
    /// The household.
    pub household_id: String,
    /// The people it concerns.
    pub person_ids: Vec<String>,
    /// The accounts, `source:reference`.
    pub accounts: Vec<String>,
    /// The money at stake.
    pub amount: Money,
    /// What is wrong and what to look at, in plain English.
    pub detail: String,
    /// The source rows it rests on, `file:line`.
    pub rows: Vec<String>,
}

fn exception(
    kind: ExceptionKind,
    view: &HouseholdView<'_>,
    accounts: &[&HouseholdAccount<'_>],
    amount: Money,
    detail: String,
) -> Exception {
    let mut person_ids: Vec<String> = accounts.iter().map(|a| a.person_id.to_string()).collect();
    person_ids.sort();
    person_ids.dedup();
    Exception {
        kind,
        household_id: view.id.to_string(),
        person_ids,
        accounts: accounts.iter().map(|a| a.key()).collect(),
        amount,
        detail,
        rows: accounts
            .iter()
            .filter_map(|a| a.source_row.map(|r| r.to_string()))
            .collect(),
    }
}

fn service_name(service: &Service) -> String {
    match service {
        Service::CouncilTax => "council tax".into(),
        Service::BusinessRates => "business rates".into(),
        Service::HousingRent => "rent".into(),
        Service::FormerTenantArrears => "former tenant arrears".into(),
        Service::HousingBenefitOverpayment => "housing benefit overpayment".into(),
        Service::Sundry(kind) => match kind {
            SundryKind::AdultSocialCare => "adult social care charges".into(),
            other => format!("sundry debt ({})", other.code()),
        },
        Service::ParkingPenalty => "parking penalty".into(),
        Service::Other(name) => name.clone(),
    }
}

fn stage_name(stage: Option<Stage>) -> String {
    stage.map_or_else(
        || "no recovery action".to_string(),
        |s| s.code().replace('_', " "),
    )
}

fn sum(accounts: &[&HouseholdAccount<'_>], f: impl Fn(&HouseholdAccount<'_>) -> Money) -> Money {
    accounts.iter().map(|a| f(a)).sum()
}

/// Every situation in `view` at `as_of`, in a fixed order (kind, then the
/// accounts), with `circumstances` (breathing spaces, vulnerabilities) and
/// the dated `rates` (breathing space lengths, enforcement agent fees).
pub fn find(
    view: &HouseholdView<'_>,
    circumstances: &Circumstances,
    rules: &ExceptionRules,
    rates: &Rates,
    as_of: NaiveDate,
) -> Result<Vec<Exception>, Error> {
    let mut out = Vec::new();
    if rules.on(ExceptionKind::OffsetCandidate) {
        offsets(view, &mut out);
    }
    if rules.on(ExceptionKind::BreathingSpaceBreach) {
        breathing_space_breaches(view, circumstances, rates, as_of, &mut out)?;
    }
    if rules.on(ExceptionKind::VulnerableInEnforcement) {
        vulnerable_in_enforcement(view, circumstances, &mut out);
    }
    if rules.on(ExceptionKind::ConcurrentEnforcement) {
        concurrent_enforcement(view, rates, &mut out)?;
    }
    if rules.on(ExceptionKind::PriorityArrearsLeft) {
        priority_arrears_left(view, &mut out);
    }
    if rules.on(ExceptionKind::Limitation) {
        limitation(view, rules, as_of, &mut out);
    }
    if rules.on(ExceptionKind::BrokenArrangement) {
        broken_arrangements(view, rules, as_of, &mut out);
    }
    Ok(out)
}

fn offsets(view: &HouseholdView<'_>, out: &mut Vec<Exception>) {
    let in_arrears: Vec<&HouseholdAccount<'_>> = view
        .accounts
        .iter()
        .filter(|a| a.position.arrears.is_positive())
        .collect();
    for credit in view
        .accounts
        .iter()
        .filter(|a| a.position.credit().is_positive())
    {
        let others: Vec<&HouseholdAccount<'_>> = in_arrears
            .iter()
            .copied()
            .filter(|a| !a.same_account(credit))
            .collect();
        if others.is_empty() {
            continue;
        }
        let arrears = sum(&others, |a| a.position.arrears);
        let amount = credit.position.credit().min(arrears);
        let same_person = others.iter().all(|a| a.person_id == credit.person_id);
        let mut accounts = vec![credit];
        accounts.extend(others.iter().copied());
        out.push(exception(
            ExceptionKind::OffsetCandidate,
            view,
            &accounts,
            amount,
            format!(
                "{} account {} is {} in credit while {} arrears of {} on {}; up to {} could offset them (check the account holders and get agreement before moving money)",
                service_name(credit.service),
                credit.reference,
                credit.position.credit(),
                if same_person { "the same person has" } else { "the household has" },
                arrears,
                others.iter().map(|a| format!("{} {}", service_name(a.service), a.reference)).collect::<Vec<_>>().join(", "),
                amount
            ),
        ));
    }
}

/// The part of an account that is a moratorium debt in a breathing space.
fn moratorium_debt(a: &HouseholdAccount<'_>, as_of: NaiveDate) -> Money {
    match a.service {
        Service::CouncilTax | Service::BusinessRates => {
            let lost = a.instalments_lost_on.is_some_and(|d| d <= as_of);
            a.years
                .iter()
                .filter(|y| y.arrears.is_positive() && (lost || y.not_yet_due.is_zero()))
                .map(|y| y.arrears)
                .sum()
        }
        Service::HousingRent => a.position.arrears.max_zero(),
        _ => a.position.balance.max_zero(),
    }
}

fn breathing_space_breaches(
    view: &HouseholdView<'_>,
    circumstances: &Circumstances,
    rates: &Rates,
    as_of: NaiveDate,
    out: &mut Vec<Exception>,
) -> Result<(), Error> {
    for (person, bs) in &circumstances.breathing_spaces {
        let bs_rules = rates.breathing_space.at(bs.start)?;
        if !bs.is_active_on(as_of, bs_rules) {
            continue;
        }
        for a in view.accounts.iter().filter(|a| a.person_id == person) {
            let debt = moratorium_debt(a, as_of);
            if a.in_enforcement() && debt.is_positive() {
                out.push(exception(
                    ExceptionKind::BreathingSpaceBreach,
                    view,
                    &[a],
                    debt,
                    format!(
                        "{} account {} is at {} during a breathing space that began {}: enforcement on its {} of moratorium debt must stop, and any enforcement agent instructed must be told",
                        service_name(a.service),
                        a.reference,
                        stage_name(a.stage),
                        bs.start,
                        debt
                    ),
                ));
            }
            let added: Vec<_> = a
                .costs
                .iter()
                .filter(|c| c.date >= bs.start && c.date <= as_of && c.amount.is_positive())
                .collect();
            if !added.is_empty() {
                let amount: Money = added.iter().map(|c| c.amount).sum();
                out.push(exception(
                    ExceptionKind::BreathingSpaceBreach,
                    view,
                    &[a],
                    amount,
                    format!(
                        "{} of costs or fees were added to {} account {} on {} during a breathing space that began {}: no fee, interest or charge may be added; reverse them",
                        amount,
                        service_name(a.service),
                        a.reference,
                        added.iter().map(|c| c.date.to_string()).collect::<Vec<_>>().join(", "),
                        bs.start
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn vulnerable_in_enforcement(
    view: &HouseholdView<'_>,
    circumstances: &Circumstances,
    out: &mut Vec<Exception>,
) {
    for (person, flag) in &circumstances.vulnerabilities {
        let with_agents: Vec<&HouseholdAccount<'_>> = view
            .accounts
            .iter()
            .filter(|a| a.person_id == person)
            .filter(|a| {
                a.stage
                    .is_some_and(|s| s.step() == RecoveryStep::EnforcementAgent)
            })
            .collect();
        if with_agents.is_empty() {
            continue;
        }
        out.push(exception(
            ExceptionKind::VulnerableInEnforcement,
            view,
            &with_agents,
            sum(&with_agents, |a| a.position.balance.max_zero()),
            format!(
                "a person flagged vulnerable ({flag}) has debts with enforcement agents ({}): they must be given time to get help before goods are taken (Taking Control of Goods reg 12); consider recalling the case",
                with_agents.iter().map(|a| format!("{} {}", service_name(a.service), a.reference)).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
}

fn concurrent_enforcement(
    view: &HouseholdView<'_>,
    rates: &Rates,
    out: &mut Vec<Exception>,
) -> Result<(), Error> {
    let enforced: Vec<&HouseholdAccount<'_>> = view
        .accounts
        .iter()
        .filter(|a| a.in_enforcement())
        .collect();
    let services: BTreeSet<&str> = enforced.iter().map(|a| a.service.code()).collect();
    if services.len() >= 2 {
        out.push(exception(
            ExceptionKind::ConcurrentEnforcement,
            view,
            &enforced,
            sum(&enforced, |a| a.position.balance.max_zero()),
            format!(
                "the household is at enforcement stages in {} services at once ({}): agree one approach across services before acting further",
                services.len(),
                enforced.iter().map(|a| format!("{} {} at {}", service_name(a.service), a.reference, stage_name(a.stage))).collect::<Vec<_>>().join("; ")
            ),
        ));
    }
    // Compliance fees on several debts of one person with agents: one set of
    // fees when they are enforced together (reg 11).
    let mut persons: Vec<&str> = enforced.iter().map(|a| a.person_id).collect();
    persons.sort();
    persons.dedup();
    for person in persons {
        let mut charged: Vec<(&HouseholdAccount<'_>, Money)> = Vec::new();
        for a in enforced.iter().filter(|a| a.person_id == person) {
            for c in a.costs {
                if c.amount == rates.enforcement_fees.at(c.date)?.compliance {
                    charged.push((a, c.amount));
                }
            }
        }
        if charged.len() >= 2 {
            let extra: Money = charged.iter().skip(1).map(|c| c.1).sum();
            let accounts: Vec<&HouseholdAccount<'_>> = charged.iter().map(|c| c.0).collect();
            out.push(exception(
                ExceptionKind::ConcurrentEnforcement,
                view,
                &accounts,
                extra,
                format!(
                    "an enforcement agent compliance fee was charged {} times to one person ({}): debts enforced together carry one set of fees (Taking Control of Goods (Fees) Regulations 2014 reg 11); {} may be refundable",
                    charged.len(),
                    accounts.iter().map(|a| a.reference).collect::<Vec<_>>().join(", "),
                    extra
                ),
            ));
        }
    }
    Ok(())
}

fn priority_arrears_left(view: &HouseholdView<'_>, out: &mut Vec<Exception>) {
    let pursued: Vec<&HouseholdAccount<'_>> = view
        .accounts
        .iter()
        .filter(|a| a.priority() == PriorityClass::NonPriority && a.in_enforcement())
        .collect();
    let left: Vec<&HouseholdAccount<'_>> = view
        .accounts
        .iter()
        .filter(|a| {
            matches!(a.service, Service::CouncilTax | Service::HousingRent)
                && a.position.arrears.is_positive()
                && a.stage.is_none()
        })
        .collect();
    if pursued.is_empty() || left.is_empty() {
        return;
    }
    let amount = sum(&left, |a| a.position.arrears);
    let mut accounts = left.clone();
    accounts.extend(pursued.iter().copied());
    out.push(exception(
        ExceptionKind::PriorityArrearsLeft,
        view,
        &accounts,
        amount,
        format!(
            "{} of priority arrears ({}) have no recovery action while a non-priority debt is at legal or enforcement stage ({}): priority debts come first; look at the household's position as a whole",
            amount,
            left.iter().map(|a| format!("{} {}", service_name(a.service), a.reference)).collect::<Vec<_>>().join(", "),
            pursued.iter().map(|a| format!("{} {} at {}", service_name(a.service), a.reference, stage_name(a.stage))).collect::<Vec<_>>().join(", ")
        ),
    ));
}

fn limitation(
    view: &HouseholdView<'_>,
    rules: &ExceptionRules,
    as_of: NaiveDate,
    out: &mut Vec<Exception>,
) {
    // More than the period: due before the day that many years ago (a debt
    // due exactly six years ago is still within it, as in the ageing).
    let cutoff = as_of
        .checked_sub_months(Months::new(12 * rules.limitation_years))
        .unwrap_or(NaiveDate::MIN);
    for a in &view.accounts {
        match a.service {
            Service::CouncilTax | Service::BusinessRates => {
                // Each year on its own; a liability order ends the limit.
                if a.stage.is_some_and(|s| s.step() >= RecoveryStep::Order) {
                    continue;
                }
                for y in a.years.iter().filter(|y| y.arrears.is_positive()) {
                    if y.oldest_due.is_some_and(|d| d < cutoff) {
                        out.push(exception(
                            ExceptionKind::Limitation,
                            view,
                            &[a],
                            y.arrears,
                            format!(
                                "{} account {}: {} of {} fell due on {}, more than {} years ago, and no liability order is recorded: a liability order can no longer be sought; review (the program writes nothing off)",
                                service_name(a.service),
                                a.reference,
                                y.arrears,
                                y.year,
                                y.oldest_due.map(|d| d.to_string()).unwrap_or_default(),
                                rules.limitation_years
                            ),
                        ));
                    }
                }
            }
            Service::HousingBenefitOverpayment => {
                if a.position.oldest_arrears_date.is_some_and(|d| d < cutoff) {
                    out.push(exception(
                        ExceptionKind::Limitation,
                        view,
                        &[a],
                        a.position.arrears,
                        format!(
                            "housing benefit overpayment {} has been due since {}: recovery by deduction has no settled time limit, so this is flagged for review, not decided",
                            a.reference,
                            a.position.oldest_arrears_date.map(|d| d.to_string()).unwrap_or_default()
                        ),
                    ));
                }
            }
            _ => {
                let old = a.position.oldest_arrears_date.is_some_and(|d| d < cutoff);
                let paid_since = a.position.last_payment_date.is_some_and(|d| d > cutoff);
                if old && !paid_since {
                    let amount = a.position.ageing.past_limitation();
                    out.push(exception(
                        ExceptionKind::Limitation,
                        view,
                        &[a],
                        if amount.is_positive() { amount } else { a.position.arrears },
                        format!(
                            "{} account {} has been due since {}, more than {} years, with no payment since: it may be unenforceable through the courts unless acknowledged in writing; review (the program writes nothing off)",
                            service_name(a.service),
                            a.reference,
                            a.position.oldest_arrears_date.map(|d| d.to_string()).unwrap_or_default(),
                            rules.limitation_years
                        ),
                    ));
                }
            }
        }
    }
}

fn broken_arrangements(
    view: &HouseholdView<'_>,
    rules: &ExceptionRules,
    as_of: NaiveDate,
    out: &mut Vec<Exception>,
) {
    let cutoff = as_of - chrono::Days::new(u64::from(rules.grace_days));
    for a in view.accounts.iter().filter(|a| a.has_plan) {
        if let Some(due) = a.position.oldest_arrears_date.filter(|d| *d < cutoff) {
            out.push(exception(
                ExceptionKind::BrokenArrangement,
                view,
                &[a],
                a.position.arrears,
                format!(
                    "{} account {} has an agreed plan of instalments; the one due {} is unpaid more than {} days later ({} in arrears): contact the payer before the arrangement is treated as broken",
                    service_name(a.service),
                    a.reference,
                    due,
                    rules.grace_days,
                    a.position.arrears
                ),
            ));
        }
    }
}

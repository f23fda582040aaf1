//! The situations an officer must act on, each from a small household built
//! by hand.

use chrono::NaiveDate;
use debt_core::exceptions::{find, Exception, ExceptionKind, ExceptionRules};
use debt_core::household::{
    Circumstances, Cost, HouseholdAccount, HouseholdId, HouseholdView, Member, RowRef,
};
use debt_core::{
    Account, AccountStatus, BreathingSpace, BreathingSpaceKind, FinancialYear, Money, Rates,
    Service, Stage, SundryKind, Transaction, TxnKind,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn as_of() -> NaiveDate {
    d(2026, 11, 20)
}

fn money(s: &str) -> Money {
    Money::parse(s).unwrap()
}

/// An account with transactions (date, kind, amount) as `person`. A view
/// borrows its accounts and positions; each test's are leaked so that a
/// test can build one in a line (a few hundred bytes per test).
fn account(
    service: Service,
    reference: &str,
    stage: Option<Stage>,
    person: &'static str,
    txns: &[(NaiveDate, TxnKind, &str)],
) -> HouseholdAccount<'static> {
    fn keep<T>(value: T) -> &'static T {
        Box::leak(Box::new(value))
    }
    let mut a = Account::new(service, reference);
    a.stage = stage;
    for (date, kind, amount) in txns {
        a.ledger
            .push(Transaction::new(*date, *kind, money(amount)))
            .unwrap();
    }
    let (position, years) = a.ledger.position_and_years(&a.terms, as_of()).unwrap();
    let costs: Vec<Cost> = txns
        .iter()
        .filter(|t| t.1 == TxnKind::Costs)
        .map(|t| Cost {
            date: t.0,
            amount: money(t.2),
            year: None,
        })
        .collect();
    let a = keep(a);
    let mut h = HouseholdAccount::new("src", a, person, "lead_liable", keep(position));
    if matches!(a.service, Service::CouncilTax | Service::BusinessRates) {
        h.years = keep(years);
    }
    h.source_row = Some(RowRef {
        file: keep(format!("{reference}.csv")),
        line: 2,
    });
    h.costs = keep(costs);
    h
}

fn view(accounts: Vec<HouseholdAccount<'static>>) -> HouseholdView<'static> {
    let rates = Rates::built_in().unwrap();
    HouseholdView::build(
        HouseholdId::Property(100062011201),
        vec![
            Member::new("P1", "Sarah Smith"),
            Member::new("P2", "John Smith"),
        ],
        accounts,
        &Circumstances::default(),
        as_of(),
        rates.breathing_space.at(as_of()).unwrap(),
    )
    .unwrap()
}

fn situations(v: &HouseholdView<'_>, c: &Circumstances) -> Vec<Exception> {
    find(
        v,
        c,
        &ExceptionRules::default(),
        &Rates::built_in().unwrap(),
        as_of(),
    )
    .unwrap()
}

fn of_kind(found: &[Exception], kind: ExceptionKind) -> Vec<&Exception> {
    found.iter().filter(|e| e.kind == kind).collect()
}

#[test]
fn a_credit_on_one_account_is_offered_against_arrears_on_another() {
    let v = view(vec![
        account(
            Service::CouncilTax,
            "CT1",
            None,
            "P1",
            &[(d(2026, 4, 2), TxnKind::Payment, "-423.18")],
        ),
        account(
            Service::HousingRent,
            "RT1",
            None,
            "P2",
            &[(d(2026, 11, 2), TxnKind::Charge, "112.40")],
        ),
    ]);
    let found = situations(&v, &Circumstances::default());
    let offsets = of_kind(&found, ExceptionKind::OffsetCandidate);
    assert_eq!(offsets.len(), 1);
    assert_eq!(
        offsets[0].amount,
        money("112.40"),
        "no more than the arrears"
    );
    assert_eq!(offsets[0].accounts, vec!["src:CT1", "src:RT1"]);
    assert!(
        offsets[0].detail.contains("the household has"),
        "{}",
        offsets[0].detail
    );
    assert_eq!(offsets[0].rows, vec!["CT1.csv:2", "RT1.csv:2"]);
}

fn breathing_space(start: NaiveDate) -> Circumstances {
    Circumstances {
        breathing_spaces: vec![(
            "P1".into(),
            BreathingSpace {
                kind: BreathingSpaceKind::Standard,
                start,
                crisis_treatment_end: None,
                ended_on: None,
            },
        )],
        ..Circumstances::default()
    }
}

#[test]
fn council_tax_of_this_year_is_an_ongoing_liability_not_a_breathing_space_debt() {
    // Only this year's bill, two instalments missed, summonsed: this year's
    // instalments are not all due, so it is not a moratorium debt.
    let this_year = account(
        Service::CouncilTax,
        "CT1",
        Some(Stage::Summons),
        "P1",
        &[(d(2026, 4, 1), TxnKind::Charge, "1200.00")],
    );
    let found = situations(&view(vec![this_year]), &breathing_space(d(2026, 11, 1)));
    assert!(
        of_kind(&found, ExceptionKind::BreathingSpaceBreach).is_empty(),
        "{found:?}"
    );
}

#[test]
fn enforcement_continued_on_a_past_years_council_tax_during_a_breathing_space_is_a_breach() {
    let last_year = account(
        Service::CouncilTax,
        "CT1",
        Some(Stage::LiabilityOrder),
        "P1",
        &[
            (d(2025, 4, 1), TxnKind::Charge, "1000.00"),
            (d(2026, 4, 1), TxnKind::Charge, "1200.00"),
        ],
    );
    let found = situations(&view(vec![last_year]), &breathing_space(d(2026, 11, 1)));
    let breaches = of_kind(&found, ExceptionKind::BreathingSpaceBreach);
    assert_eq!(breaches.len(), 1, "{found:?}");
    assert_eq!(
        breaches[0].amount,
        money("1000.00"),
        "2025/26 only; 2026/27 is ongoing"
    );
}

#[test]
fn costs_added_during_a_breathing_space_are_a_breach_and_before_it_are_not() {
    let rent = account(
        Service::HousingRent,
        "RT1",
        Some(Stage::Letter),
        "P1",
        &[
            (d(2026, 9, 1), TxnKind::Charge, "500.00"),
            (d(2026, 10, 1), TxnKind::Costs, "30.00"),
            (d(2026, 11, 10), TxnKind::Costs, "45.00"),
        ],
    );
    let found = situations(&view(vec![rent]), &breathing_space(d(2026, 11, 1)));
    let breaches = of_kind(&found, ExceptionKind::BreathingSpaceBreach);
    assert_eq!(breaches.len(), 1);
    assert_eq!(breaches[0].amount, money("45.00"));
    // After the 60 days it is no longer active: nothing.
    let later = find(
        &view(vec![account(
            Service::HousingRent,
            "RT1",
            Some(Stage::Nosp),
            "P1",
            &[(d(2026, 9, 1), TxnKind::Charge, "500.00")],
        )]),
        &breathing_space(d(2026, 8, 1)),
        &ExceptionRules::default(),
        &Rates::built_in().unwrap(),
        as_of(),
    )
    .unwrap();
    assert!(of_kind(&later, ExceptionKind::BreathingSpaceBreach).is_empty());
}

#[test]
fn a_vulnerable_persons_debt_with_enforcement_agents_is_flagged() {
    let v = view(vec![account(
        Service::CouncilTax,
        "CT1",
        Some(Stage::EnforcementAgent),
        "P1",
        &[(d(2025, 4, 1), TxnKind::Charge, "800.00")],
    )]);
    let c = Circumstances {
        vulnerabilities: vec![("P1".into(), "mental health".into())],
        ..Circumstances::default()
    };
    let found = situations(&v, &c);
    let flagged = of_kind(&found, ExceptionKind::VulnerableInEnforcement);
    assert_eq!(flagged.len(), 1);
    assert!(flagged[0].detail.contains("reg 12"));
    // The same debt at summons is not with agents.
    let v = view(vec![account(
        Service::CouncilTax,
        "CT1",
        Some(Stage::Summons),
        "P1",
        &[(d(2025, 4, 1), TxnKind::Charge, "800.00")],
    )]);
    assert!(of_kind(&situations(&v, &c), ExceptionKind::VulnerableInEnforcement).is_empty());
}

#[test]
fn enforcement_in_two_services_and_a_second_compliance_fee_are_flagged() {
    let v = view(vec![
        account(
            Service::CouncilTax,
            "CT1",
            Some(Stage::EnforcementAgent),
            "P1",
            &[
                (d(2025, 4, 1), TxnKind::Charge, "800.00"),
                (d(2026, 6, 1), TxnKind::Costs, "75.00"),
            ],
        ),
        account(
            Service::ParkingPenalty,
            "PCN1",
            Some(Stage::Warrant),
            "P1",
            &[
                (d(2026, 1, 20), TxnKind::Charge, "105.00"),
                (d(2026, 6, 1), TxnKind::Costs, "75.00"),
            ],
        ),
    ]);
    let found = situations(&v, &Circumstances::default());
    let concurrent = of_kind(&found, ExceptionKind::ConcurrentEnforcement);
    assert_eq!(concurrent.len(), 2, "{concurrent:?}");
    assert!(concurrent[0].detail.contains("2 services"));
    assert_eq!(concurrent[1].amount, money("75.00"), "one fee too many");
    assert!(concurrent[1].detail.contains("reg 11"));
}

#[test]
fn a_non_priority_debt_pursued_while_rent_arrears_have_no_action_is_flagged() {
    let v = view(vec![
        account(
            Service::HousingRent,
            "RT1",
            None,
            "P1",
            &[(d(2026, 10, 5), TxnKind::Charge, "450.00")],
        ),
        account(
            Service::Sundry(SundryKind::AdultSocialCare),
            "INV1",
            Some(Stage::Legal),
            "P2",
            &[(d(2026, 2, 1), TxnKind::Charge, "900.00")],
        ),
    ]);
    let found = situations(&v, &Circumstances::default());
    let left = of_kind(&found, ExceptionKind::PriorityArrearsLeft);
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].amount, money("450.00"));
}

#[test]
fn limitation_is_per_year_for_council_tax_and_a_payment_restarts_it_for_rent() {
    let mut ct = account(
        Service::CouncilTax,
        "CT1",
        Some(Stage::FinalNotice),
        "P1",
        &[
            (d(2019, 4, 1), TxnKind::Charge, "1000.00"),
            (d(2024, 4, 1), TxnKind::Charge, "1100.00"),
        ],
    );
    ct.status = AccountStatus::Closed;
    let rent_paid = account(
        Service::FormerTenantArrears,
        "FT1",
        None,
        "P2",
        &[
            (d(2019, 1, 7), TxnKind::Charge, "700.00"),
            (d(2025, 1, 7), TxnKind::Payment, "-10.00"),
        ],
    );
    let rent_silent = account(
        Service::FormerTenantArrears,
        "FT2",
        None,
        "P2",
        &[(d(2019, 1, 7), TxnKind::Charge, "700.00")],
    );
    let found = situations(
        &view(vec![ct, rent_paid, rent_silent]),
        &Circumstances::default(),
    );
    let limited = of_kind(&found, ExceptionKind::Limitation);
    let accounts: Vec<&str> = limited.iter().map(|e| e.accounts[0].as_str()).collect();
    assert_eq!(accounts, vec!["src:CT1", "src:FT2"], "{limited:?}");
    assert_eq!(limited[0].amount, money("1000.00"), "2019/20 only");
    assert!(limited[0]
        .detail
        .contains(&FinancialYear::starting(2019).unwrap().to_string()));
    // With a liability order there is no limit on enforcing it.
    let ordered = account(
        Service::CouncilTax,
        "CT2",
        Some(Stage::LiabilityOrder),
        "P1",
        &[(d(2019, 4, 1), TxnKind::Charge, "1000.00")],
    );
    assert!(of_kind(
        &situations(&view(vec![ordered]), &Circumstances::default()),
        ExceptionKind::Limitation
    )
    .is_empty());
}

#[test]
fn kinds_switched_off_in_the_rules_are_not_looked_for() {
    let v = view(vec![
        account(
            Service::CouncilTax,
            "CT1",
            None,
            "P1",
            &[(d(2026, 4, 2), TxnKind::Payment, "-10.00")],
        ),
        account(
            Service::HousingRent,
            "RT1",
            None,
            "P1",
            &[(d(2026, 11, 2), TxnKind::Charge, "12.40")],
        ),
    ]);
    let rules = ExceptionRules {
        off: [ExceptionKind::OffsetCandidate].into(),
        ..ExceptionRules::default()
    };
    let found = find(
        &v,
        &Circumstances::default(),
        &rules,
        &Rates::built_in().unwrap(),
        as_of(),
    )
    .unwrap();
    assert!(found.is_empty());
}

//! The worked examples of docs/arrangements.md, one test each, with the
//! figures a money advisor can check by hand. If a figure here changes, the
//! document must change with it.

use chrono::NaiveDate;
use debt_core::affordability::{Statement, StatementLine};
use debt_core::arrangement::{
    plan, DebtLine, Means, OngoingLiability, Outcome, Plan, PlanDebt, PlanInput, PlanOptions,
    Route, UcDeductions, WhatIf,
};
use debt_core::{Money, PriorityClass, Rates, Service, SundryKind, UcClaimant};

fn rates() -> Rates {
    Rates::from_toml_str(include_str!("../rates.toml")).unwrap()
}

fn m(text: &str) -> Money {
    Money::parse(text).unwrap()
}

fn d(y: i32, mo: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, mo, day).unwrap()
}

fn line(category: &str, item: &str, amount: &str, frequency: &str) -> StatementLine {
    StatementLine::from_codes(category, item, amount, frequency).unwrap()
}

fn priority(id: &str, service: Service, balance: &str, arrears: &str) -> PlanDebt {
    PlanDebt::new(id, service, PriorityClass::Priority, m(balance), m(arrears))
}

fn non_priority(id: &str, service: Service, balance: &str) -> PlanDebt {
    PlanDebt::new(
        id,
        service,
        PriorityClass::NonPriority,
        m(balance),
        m(balance),
    )
}

/// Each instalment as (due date, amount).
fn schedule(line: &DebtLine) -> Vec<(String, String)> {
    line.schedule
        .iter()
        .map(|i| (i.due.to_string(), i.amount.to_string()))
        .collect()
}

fn amounts(line: &DebtLine) -> Vec<String> {
    line.schedule.iter().map(|i| i.amount.to_string()).collect()
}

fn debt<'a>(plan: &'a Plan, id: &str) -> &'a DebtLine {
    plan.debt(id).unwrap()
}

/// The household of examples (a) and (b): council tax and rent arrears
/// (priority, both with ongoing liabilities already on the statement), a
/// housing benefit overpayment and an adult social care invoice.
fn family_debts(hbop: &str, care: &str) -> Vec<PlanDebt> {
    vec![
        priority("ctax:CT0001", Service::CouncilTax, "960.00", "360.00")
            .with_ongoing(OngoingLiability::InStatement(m("150.00"))),
        priority("rent:T1001", Service::HousingRent, "240.00", "240.00")
            .with_ongoing(OngoingLiability::InStatement(m("500.00"))),
        non_priority("hbop:C2001", Service::HousingBenefitOverpayment, hbop),
        non_priority(
            "sundry:INV7001",
            Service::Sundry(SundryKind::AdultSocialCare),
            care,
        ),
    ]
}

#[test]
fn a_surplus_enough_for_everything_clears_priority_arrears_first_then_the_rest() {
    let statement = Statement::new(vec![
        line("earnings", "Wages", "1752.00", "monthly"),
        line("rent", "Rent (council)", "500.00", "monthly"),
        line("council_tax", "Council tax", "150.00", "monthly"),
        line("utilities", "Gas and electricity", "180.00", "monthly"),
        line("travel", "Bus passes", "80.00", "monthly"),
        line(
            "food_and_housekeeping",
            "Food and housekeeping",
            "400.00",
            "monthly",
        ),
        line(
            "communications_and_leisure",
            "Phones and broadband",
            "60.00",
            "monthly",
        ),
        line("personal_costs", "Clothing, toiletries", "70.00", "monthly"),
        line("savings", "Savings", "10.00", "monthly"),
    ]);
    let input = PlanInput::new(
        Means::Statement(statement),
        family_debts("908.00", "606.00"),
        PlanOptions::new(d(2026, 12, 1), 12),
    );
    let plan = plan(&input, &rates()).unwrap();

    let monthly = plan.statement.as_ref().unwrap();
    assert_eq!(monthly.income, m("1752.00"));
    assert_eq!(monthly.fixed_costs, m("910.00"));
    assert_eq!(monthly.flexible_costs, m("530.00"));
    assert_eq!(monthly.expenditure, m("1440.00"));
    assert_eq!(plan.disposable_per_month, m("302.00"));
    // Council tax and rent are on the statement: shown, not taken twice.
    assert_eq!(plan.ongoing_per_month, m("650.00"));
    assert_eq!(plan.available_per_month, m("302.00"));

    // 2 tokens of 1.00; 300.00 to priority: 30.00 + 20.00 to clear within
    // 12 months, the other 250.00 shared 360:240 = 150.00 + 100.00.
    assert_eq!(
        schedule(debt(&plan, "ctax:CT0001")),
        [
            ("2026-12-01".into(), "180.00".into()),
            ("2027-01-01".into(), "180.00".into())
        ]
    );
    assert_eq!(amounts(debt(&plan, "rent:T1001")), ["120.00", "120.00"]);
    // Then 302.00 shared 906:604 (after the tokens) = 181.20 + 120.80.
    let hbop = debt(&plan, "hbop:C2001");
    assert_eq!(
        amounts(hbop),
        ["1.00", "1.00", "181.20", "181.20", "181.20", "181.20", "181.20"]
    );
    assert_eq!(
        amounts(debt(&plan, "sundry:INV7001")),
        ["1.00", "1.00", "120.80", "120.80", "120.80", "120.80", "120.80"]
    );
    assert_eq!(hbop.cleared_on(), Some(d(2027, 6, 1)));
    for month in 0..7 {
        let due = d(2026, 12, 1)
            .checked_add_months(chrono::Months::new(month))
            .unwrap();
        assert_eq!(plan.due_on(due), m("302.00"), "{due}");
    }
    assert_eq!(plan.outcome, Outcome::AllCleared);
}

#[test]
fn a_surplus_only_for_priority_clears_it_and_says_what_non_priority_debt_is_left() {
    let input = PlanInput::new(
        Means::Disposable(m("62.00")),
        family_debts("910.00", "610.00"),
        PlanOptions::new(d(2026, 12, 1), 12),
    );
    let plan = plan(&input, &rates()).unwrap();

    // 62.00 - 2 tokens = 60.00; 50.00 needed; 10.00 spare shared 6.00 + 4.00.
    let ctax = debt(&plan, "ctax:CT0001");
    assert_eq!(ctax.instalment, m("36.00"));
    assert_eq!(ctax.schedule.len(), 10);
    assert_eq!(ctax.cleared_on(), Some(d(2027, 9, 1)));
    assert_eq!(debt(&plan, "rent:T1001").instalment, m("24.00"));
    // Tokens for 10 months leave 900.00 and 600.00; October and November
    // share 62.00 as 37.20 + 24.80.
    let hbop = debt(&plan, "hbop:C2001");
    assert_eq!(&amounts(hbop)[9..], ["1.00", "37.20", "37.20"]);
    assert_eq!(hbop.repaid, m("84.40"));
    assert_eq!(hbop.left, m("825.60"));
    assert_eq!(debt(&plan, "sundry:INV7001").left, m("550.40"));
    match &plan.outcome {
        Outcome::PriorityClearedOnly {
            non_priority_left,
            routes,
        } => {
            assert_eq!(*non_priority_left, m("1376.00"));
            assert_eq!(
                routes,
                &[
                    Route::BreathingSpace,
                    Route::DebtReliefOrder {
                        council_debt: m("2120.00"),
                        debt_limit: m("50000.00"),
                        available_per_month: m("62.00"),
                        surplus_limit: m("75.00"),
                    },
                ]
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_deficit_asks_for_no_arrears_says_how_far_short_and_names_the_routes() {
    let statement = Statement::new(vec![
        line("universal_credit", "Universal Credit", "1050.00", "monthly"),
        line("benefits", "Child Benefit", "200.00", "monthly"),
        line("rent", "Rent (council)", "450.00", "monthly"),
        line("council_tax", "Council tax", "95.00", "monthly"),
        line("utilities", "Gas and electricity", "160.00", "monthly"),
        line("water", "Water", "40.00", "monthly"),
        line("food_and_housekeeping", "Food", "380.00", "monthly"),
        line("travel", "Bus fares", "50.00", "monthly"),
        line("communications_and_leisure", "Phone", "45.00", "monthly"),
        line("personal_costs", "Clothing", "70.00", "monthly"),
    ]);
    let debts = vec![
        // Last year's council tax, all due: no ongoing liability.
        priority("ctax:CT0001", Service::CouncilTax, "420.00", "420.00"),
        // This year's council tax: nothing missed, the instalments continue.
        priority("ctax:CT0002", Service::CouncilTax, "190.00", "0.00")
            .with_ongoing(OngoingLiability::InStatement(m("95.00"))),
        priority("rent:T2002", Service::HousingRent, "300.00", "300.00")
            .with_ongoing(OngoingLiability::InStatement(m("450.00"))),
        non_priority(
            "sundry:G55",
            Service::Sundry(SundryKind::GardenWaste),
            "60.00",
        ),
    ];
    let mut input = PlanInput::new(
        Means::Statement(statement),
        debts,
        PlanOptions::new(d(2026, 3, 2), 12),
    );
    input.universal_credit = Some(UcClaimant::Single25OrOver);
    let plan = plan(&input, &rates()).unwrap();

    assert_eq!(plan.statement.as_ref().unwrap().income, m("1250.00"));
    assert_eq!(plan.statement.as_ref().unwrap().expenditure, m("1290.00"));
    assert_eq!(plan.disposable_per_month, m("-40.00"));
    assert_eq!(plan.ongoing_per_month, m("545.00"));
    assert!(plan.debts.iter().all(|l| l.schedule.is_empty()));
    assert_eq!(
        plan.outcome,
        Outcome::PriorityShortfall {
            // 420.00 / 12 = 35.00 and 300.00 / 12 = 25.00 a month, from -40.00.
            short_by_per_instalment: m("100.00"),
            routes: vec![
                Route::UniversalCreditDeductions(UcDeductions {
                    claimant: UcClaimant::Single25OrOver,
                    standard_allowance: m("400.14"),
                    overall_cap: m("60.02"),
                    rent_per_month: m("40.01"),
                    rent_dwp_max_per_month: m("80.03"),
                    council_tax_per_month: m("20.01"),
                }),
                Route::BreathingSpace,
                Route::DebtReliefOrder {
                    council_debt: m("780.00"),
                    debt_limit: m("50000.00"),
                    available_per_month: m("-40.00"),
                    surplus_limit: m("75.00"),
                },
                Route::DiscretionaryCouncilTaxReduction {
                    debt_ids: vec!["ctax:CT0001".into()],
                },
                Route::DiscretionaryHousingPayment {
                    debt_ids: vec!["rent:T2002".into()],
                },
            ],
        }
    );
}

#[test]
fn during_a_breathing_space_only_ongoing_liabilities_are_shown_and_the_plan_resumes_after() {
    let debts = vec![
        priority("ctax:CT0001", Service::CouncilTax, "800.00", "500.00")
            .with_ongoing(OngoingLiability::FromSurplus(m("150.00"))),
        priority("rent:T1001", Service::HousingRent, "0.00", "0.00")
            .with_ongoing(OngoingLiability::FromSurplus(m("450.00"))),
        non_priority("hbop:C3003", Service::HousingBenefitOverpayment, "700.00"),
    ];
    let mut input = PlanInput::new(
        Means::Disposable(m("701.00")),
        debts,
        PlanOptions::new(d(2026, 12, 1), 12),
    );
    input.breathing_space_active = true;
    let during = plan(&input, &rates()).unwrap();
    assert_eq!(during.outcome, Outcome::BreathingSpace);
    assert_eq!(during.ongoing_per_month, m("600.00"));
    assert_eq!(during.available_per_month, m("101.00"));
    assert!(during.debts.iter().all(|l| l.schedule.is_empty()));
    assert_eq!(during.total_left(), m("1200.00"));

    // When it ends: the same household from 1 February 2027.
    let after = input
        .what_if(
            &[WhatIf::BreathingSpace(false), WhatIf::Start(d(2027, 2, 1))],
            &rates(),
        )
        .unwrap();
    let ctax = debt(&after, "ctax:CT0001");
    assert_eq!(amounts(ctax), ["100.00"; 5]);
    assert_eq!(ctax.cleared_on(), Some(d(2027, 6, 1)));
    let hbop = debt(&after, "hbop:C3003");
    assert_eq!(
        amounts(hbop),
        [
            "1.00", "1.00", "1.00", "1.00", "1.00", "101.00", "101.00", "101.00", "101.00",
            "101.00", "101.00", "89.00"
        ]
    );
    assert_eq!(hbop.cleared_on(), Some(d(2028, 1, 1)));
    assert_eq!(after.outcome, Outcome::AllCleared);
}

#[test]
fn weekly_income_becomes_monthly_exactly_for_a_monthly_plan() {
    let statement = Statement::new(vec![
        line("earnings", "Wages (35 hours)", "310.00", "weekly"),
        line("benefits", "Child Benefit", "26.05", "weekly"),
        line("rent", "Rent (council)", "112.50", "weekly"),
        line("council_tax", "Council tax", "130.00", "monthly"),
        line("food_and_housekeeping", "Food", "95.00", "weekly"),
        line(
            "utilities",
            "Gas and electricity (prepayment)",
            "28.00",
            "weekly",
        ),
        line("travel", "Bus fares", "18.50", "weekly"),
        line(
            "communications_and_leisure",
            "Mobile phone",
            "35.00",
            "monthly",
        ),
        line("personal_costs", "Clothing", "12.00", "weekly"),
    ]);
    let debts = vec![
        priority("ctax:CT0001", Service::CouncilTax, "650.00", "260.00")
            .with_ongoing(OngoingLiability::InStatement(m("130.00"))),
        non_priority("pcn:PN0001", Service::ParkingPenalty, "120.00"),
    ];
    let input = PlanInput::new(
        Means::Statement(statement),
        debts,
        PlanOptions::new(d(2026, 12, 1), 12),
    );
    let plan = plan(&input, &rates()).unwrap();
    let monthly = plan.statement.as_ref().unwrap();
    let shown: Vec<String> = monthly
        .lines
        .iter()
        .map(|l| l.monthly.to_string())
        .collect();
    assert_eq!(
        shown,
        ["1343.34", "112.88", "487.50", "130.00", "411.67", "121.33", "80.17", "35.00", "52.00"]
    );
    // 336.05 a week × 52 / 12 = 1456.2166…: 1456.22, once.
    assert_eq!(monthly.income, m("1456.22"));
    assert_eq!(monthly.expenditure, m("1317.67"));
    assert_eq!(plan.disposable_per_month, m("138.55"));

    // 1.00 token; 137.55 to council tax: 137.55 then 122.45.
    assert_eq!(amounts(debt(&plan, "ctax:CT0001")), ["137.55", "122.45"]);
    assert_eq!(
        schedule(debt(&plan, "pcn:PN0001")),
        [
            ("2026-12-01".into(), "1.00".into()),
            ("2027-01-01".into(), "1.00".into()),
            ("2027-02-01".into(), "118.00".into())
        ]
    );
    assert_eq!(plan.outcome, Outcome::AllCleared);
}

fn offset_household() -> PlanInput {
    let debts = vec![
        priority("ctax:CT0001", Service::CouncilTax, "1050.00", "450.00")
            .with_ongoing(OngoingLiability::InStatement(m("150.00"))),
        // The council tax account at her last address, closed with a credit.
        priority("ctax:CT0002", Service::CouncilTax, "-150.00", "0.00"),
        priority("rent:T1001", Service::HousingRent, "200.00", "200.00")
            .with_ongoing(OngoingLiability::InStatement(m("411.67"))),
        non_priority(
            "sundry:INV8008",
            Service::Sundry(SundryKind::AdultSocialCare),
            "300.00",
        ),
    ];
    PlanInput::new(
        Means::Disposable(m("120.00")),
        debts,
        PlanOptions::new(d(2026, 12, 1), 12),
    )
}

#[test]
fn a_credit_on_one_account_offsets_arrears_on_another_and_less_is_asked() {
    let plan = plan(&offset_household(), &rates()).unwrap();
    let offset = &plan.offsets[0];
    assert_eq!(offset.credit_id, "ctax:CT0002");
    assert_eq!(offset.applied[0].debt_id, "ctax:CT0001");
    assert_eq!(offset.applied_total(), m("150.00"));
    let ctax = debt(&plan, "ctax:CT0001");
    assert_eq!(
        (ctax.owed, ctax.offset, ctax.to_clear),
        (m("450.00"), m("150.00"), m("300.00"))
    );
    // 119.00 for priority: 25.00 + 16.67 needed, 77.33 shared 300:200 as
    // 46.40 + 30.93.
    assert_eq!(ctax.instalment, m("71.40"));
    assert_eq!(&amounts(ctax)[3..], ["71.40", "14.40"]);
    let rent = debt(&plan, "rent:T1001");
    assert_eq!(rent.instalment, m("47.60"));
    assert_eq!(&amounts(rent)[3..], ["47.60", "9.60"]);
    assert_eq!(rent.cleared_on(), Some(d(2027, 4, 1)));
    let sundry = debt(&plan, "sundry:INV8008");
    assert_eq!(&amounts(sundry)[4..], ["1.00", "120.00", "120.00", "55.00"]);
    assert_eq!(sundry.cleared_on(), Some(d(2027, 7, 1)));

    // Without the offset, 150.00 more is asked and everything clears a month later.
    let mut unconfirmed = offset_household();
    unconfirmed.options.apply_offsets = false;
    let without = unconfirmed.plan(&rates()).unwrap();
    assert_eq!(
        without.total_to_clear() - plan.total_to_clear(),
        m("150.00")
    );
    assert_eq!(debt(&without, "ctax:CT0001").instalment, m("82.38"));
    assert_eq!(debt(&without, "rent:T1001").instalment, m("36.62"));
    assert_eq!(
        debt(&without, "rent:T1001").cleared_on(),
        Some(d(2027, 5, 1))
    );
    assert_eq!(
        debt(&without, "sundry:INV8008").cleared_on(),
        Some(d(2027, 8, 1))
    );
}

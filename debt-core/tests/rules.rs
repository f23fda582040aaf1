//! One test per ledger rule, named for the rule it checks.

use chrono::NaiveDate;
use debt_core::*;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn money(s: &str) -> Money {
    Money::parse(s).unwrap()
}

fn fy(y: i32) -> FinancialYear {
    FinancialYear::starting(y).unwrap()
}

const AS_OF: (i32, u32, u32) = (2026, 11, 20);

fn as_of() -> NaiveDate {
    d(AS_OF.0, AS_OF.1, AS_OF.2)
}

fn ctax(transactions: Vec<Transaction>) -> Account {
    let mut account = Account::new(Service::CouncilTax, "CT-1");
    account.ledger = Ledger::new(transactions).unwrap();
    account
}

#[test]
fn council_tax_arrears_count_only_missed_instalments() {
    // Band C 2026/27: £1,900.00 over 10 instalments of £190 (Apr..Jan).
    // Paid April to July; August to November missed.
    let mut txns =
        vec![Transaction::new(d(2026, 3, 9), TxnKind::Charge, money("1900.00")).for_year(fy(2026))];
    for month in 4..=7 {
        txns.push(
            Transaction::new(d(2026, month, 1), TxnKind::Payment, money("-190.00"))
                .for_year(fy(2026)),
        );
    }
    let pos = ctax(txns).position(as_of()).unwrap();
    assert_eq!(pos.balance, money("1140.00"));
    assert_eq!(
        pos.arrears,
        money("760.00"),
        "Aug, Sep, Oct, Nov instalments"
    );
    assert_eq!(
        pos.not_yet_due,
        money("380.00"),
        "Dec and Jan are not yet due"
    );
    assert_eq!(pos.oldest_arrears_date, Some(d(2026, 8, 1)));
    assert_eq!(
        pos.ageing.get(AgeBucket::Days0To30),
        money("190.00"),
        "1 Nov: 19 days"
    );
    assert_eq!(
        pos.ageing.get(AgeBucket::Days31To90),
        money("380.00"),
        "1 Sep (80 days) and 1 Oct (50 days)"
    );
    assert_eq!(
        pos.ageing.get(AgeBucket::Days91To365),
        money("190.00"),
        "1 Aug: 111 days"
    );
}

#[test]
fn council_tax_on_twelve_instalments_has_less_due_by_november() {
    let mut account = ctax(vec![Transaction::new(
        d(2026, 3, 9),
        TxnKind::Charge,
        money("1200.00"),
    )
    .for_year(fy(2026))]);
    account.terms.scheme = InstalmentScheme::new(12, 1).unwrap();
    let pos = account.position(as_of()).unwrap();
    assert_eq!(pos.arrears, money("800.00"), "Apr..Nov: 8 × 100");
    assert_eq!(pos.not_yet_due, money("400.00"));
}

#[test]
fn lost_right_to_instalments_makes_the_whole_year_due() {
    let mut account = ctax(vec![Transaction::new(
        d(2026, 3, 9),
        TxnKind::Charge,
        money("1900.00"),
    )
    .for_year(fy(2026))]);
    account.terms.instalments_lost_on = Some(d(2026, 6, 15));
    let pos = account.position(as_of()).unwrap();
    assert_eq!(pos.arrears, money("1900.00"));
    assert!(pos.not_yet_due.is_zero());
}

#[test]
fn explicit_plan_from_the_data_replaces_the_default_scheme() {
    let mut account = ctax(vec![Transaction::new(
        d(2026, 3, 9),
        TxnKind::Charge,
        money("600.00"),
    )
    .for_year(fy(2026))]);
    account.terms.plans = vec![(
        fy(2026),
        vec![
            Instalment {
                due: d(2026, 10, 15),
                amount: money("200.00"),
            },
            Instalment {
                due: d(2026, 12, 15),
                amount: money("200.00"),
            },
            Instalment {
                due: d(2027, 2, 15),
                amount: money("200.00"),
            },
        ],
    )];
    let pos = account.position(as_of()).unwrap();
    assert_eq!(pos.arrears, money("200.00"));
    assert_eq!(pos.not_yet_due, money("400.00"));
}

#[test]
fn a_payment_naming_a_year_pays_that_year_before_older_arrears() {
    let txns = vec![
        Transaction::new(d(2025, 3, 10), TxnKind::Charge, money("1000.00")).for_year(fy(2025)),
        Transaction::new(d(2026, 3, 10), TxnKind::Charge, money("1000.00")).for_year(fy(2026)),
        Transaction::new(d(2026, 4, 2), TxnKind::Payment, money("-1000.00")).for_year(fy(2026)),
    ];
    let items = ctax(txns)
        .ledger
        .outstanding(&ArrearsTerms::for_service(&Service::CouncilTax), as_of())
        .unwrap();
    assert!(
        items.iter().all(|i| i.year == Some(fy(2025))),
        "2025/26 stays unpaid: {items:?}"
    );
    assert_eq!(
        items.iter().map(|i| i.amount).sum::<Money>(),
        money("1000.00")
    );
}

#[test]
fn reversal_of_a_payment_restores_the_debt() {
    let rent = |txns| {
        let mut a = Account::new(Service::HousingRent, "T-1");
        a.ledger = Ledger::new(txns).unwrap();
        a.position(d(2026, 11, 20)).unwrap()
    };
    let charge = Transaction::new(d(2026, 11, 2), TxnKind::Charge, money("110.00"));
    let paid = Transaction::new(d(2026, 11, 3), TxnKind::Payment, money("-110.00"));
    let bounced = Transaction::new(d(2026, 11, 9), TxnKind::Reversal, money("110.00"));
    let before = rent(vec![charge, paid]);
    assert!(before.arrears.is_zero());
    let after = rent(vec![charge, paid, bounced]);
    assert_eq!(after.balance, money("110.00"));
    assert_eq!(after.arrears, money("110.00"));
    assert_eq!(
        after.oldest_arrears_date,
        Some(d(2026, 11, 2)),
        "the original charge is owed again, not a new debt"
    );
    assert_eq!(
        after.last_payment_date,
        Some(d(2026, 11, 3)),
        "the payment happened, even though it bounced"
    );
}

#[test]
fn write_off_reduces_balance_but_is_reported_separately() {
    let mut a = Account::new(Service::Sundry(SundryKind::TradeWaste), "INV-1");
    a.ledger = Ledger::new(vec![
        Transaction::new(d(2025, 1, 10), TxnKind::Charge, money("480.00")).due(d(2025, 2, 9)),
        Transaction::new(d(2026, 6, 1), TxnKind::WriteOff, money("-180.00")),
    ])
    .unwrap();
    let pos = a.position(as_of()).unwrap();
    assert_eq!(pos.balance, money("300.00"));
    assert_eq!(pos.written_off, money("180.00"));
    assert_eq!(pos.arrears, money("300.00"));
    assert_eq!(pos.last_payment_date, None, "a write-off is not a payment");
}

#[test]
fn credit_balances_are_negative_not_lost() {
    let txns = vec![
        Transaction::new(d(2026, 3, 9), TxnKind::Charge, money("1000.00")).for_year(fy(2026)),
        Transaction::new(d(2026, 4, 1), TxnKind::Payment, money("-1250.00")).for_year(fy(2026)),
    ];
    let pos = ctax(txns).position(as_of()).unwrap();
    assert_eq!(pos.balance, money("-250.00"));
    assert_eq!(pos.credit(), money("250.00"));
    assert_eq!(pos.unallocated_credit, money("250.00"));
    assert!(pos.arrears.is_zero() && pos.not_yet_due.is_zero());
}

#[test]
fn refund_of_a_credit_brings_the_balance_back_to_zero() {
    let txns = vec![
        Transaction::new(d(2026, 3, 9), TxnKind::Charge, money("1000.00")).for_year(fy(2026)),
        Transaction::new(d(2026, 4, 1), TxnKind::Payment, money("-1250.00")).for_year(fy(2026)),
        Transaction::new(d(2026, 5, 1), TxnKind::Refund, money("250.00")),
    ];
    let pos = ctax(txns).position(as_of()).unwrap();
    assert!(pos.balance.is_zero() && pos.arrears.is_zero() && pos.unallocated_credit.is_zero());
}

#[test]
fn rent_arrears_are_the_balance_after_the_last_due_rent() {
    // Weekly rent due in advance on Mondays; a debit posted next Monday is not counted yet.
    let mut a = Account::new(Service::HousingRent, "T-2");
    let mut txns = Vec::new();
    let mut monday = d(2026, 10, 26);
    while monday <= d(2026, 11, 23) {
        txns.push(Transaction::new(monday, TxnKind::Charge, money("112.40")));
        monday = monday + chrono::Days::new(7);
    }
    txns.push(Transaction::new(
        d(2026, 11, 3),
        TxnKind::Payment,
        money("-224.80"),
    ));
    a.ledger = Ledger::new(txns).unwrap();
    let pos = a.position(as_of()).unwrap();
    assert_eq!(
        pos.balance,
        money("224.80"),
        "4 weeks to 16 Nov less 2 weeks paid"
    );
    assert_eq!(pos.arrears, money("224.80"));
    assert_eq!(pos.transactions_counted, 5);
}

#[test]
fn invoices_are_overdue_only_after_their_due_date() {
    let mut a = Account::new(Service::Sundry(SundryKind::AdultSocialCare), "ASC-1");
    a.ledger = Ledger::new(vec![
        Transaction::new(d(2026, 10, 1), TxnKind::Charge, money("350.00")).due(d(2026, 10, 31)),
        Transaction::new(d(2026, 11, 1), TxnKind::Charge, money("350.00")).due(d(2026, 12, 1)),
    ])
    .unwrap();
    let pos = a.position(as_of()).unwrap();
    assert_eq!(pos.arrears, money("350.00"));
    assert_eq!(pos.not_yet_due, money("350.00"));
}

#[test]
fn costs_are_due_when_posted() {
    let mut account = ctax(vec![
        Transaction::new(d(2026, 3, 9), TxnKind::Charge, money("1000.00")).for_year(fy(2026)),
        Transaction::new(d(2026, 11, 10), TxnKind::Costs, money("80.00")),
    ]);
    account.stage = Some(Stage::Summons);
    let pos = account.position(as_of()).unwrap();
    // Apr..Nov instalments (100 each, 8 of 10) + costs.
    assert_eq!(pos.arrears, money("880.00"));
    assert!(account.service.is_enforcement(account.stage.unwrap()));
}

#[test]
fn debt_past_six_years_is_flagged_past_limitation() {
    let mut a = Account::new(Service::HousingBenefitOverpayment, "HB-1");
    a.ledger = Ledger::new(vec![Transaction::new(
        d(2019, 6, 1),
        TxnKind::Charge,
        money("812.34"),
    )
    .due(d(2019, 7, 1))])
    .unwrap();
    let pos = a.position(as_of()).unwrap();
    assert_eq!(pos.ageing.past_limitation(), money("812.34"));
}

#[test]
fn transactions_after_the_as_of_date_are_ignored() {
    let mut a = Account::new(Service::HousingRent, "T-3");
    a.ledger = Ledger::new(vec![Transaction::new(
        d(2026, 11, 21),
        TxnKind::Charge,
        money("100.00"),
    )])
    .unwrap();
    let pos = a.position(as_of()).unwrap();
    assert!(pos.balance.is_zero() && pos.arrears.is_zero());
    assert_eq!(pos.transactions_counted, 0);
}

fn arb_txn() -> impl Strategy<Value = Transaction> {
    (
        0u32..3000,
        0usize..7,
        -5_000_000i64..5_000_000,
        proptest::option::of(0u32..200),
        proptest::option::of(2015i32..2028),
    )
        .prop_map(|(day, kind, pence, due_after, year)| {
            let kinds = [
                TxnKind::Charge,
                TxnKind::Payment,
                TxnKind::Reversal,
                TxnKind::Adjustment,
                TxnKind::WriteOff,
                TxnKind::Refund,
                TxnKind::Costs,
            ];
            let date = d(2018, 1, 1) + chrono::Days::new(u64::from(day));
            let mut t = Transaction::new(date, kinds[kind], Money::from_pence(pence));
            if let Some(after) = due_after {
                t = t.due(date + chrono::Days::new(u64::from(after)));
            }
            if let Some(y) = year {
                t = t.for_year(fy(y));
            }
            t
        })
}

fn arb_service() -> impl Strategy<Value = Service> {
    prop_oneof![
        Just(Service::CouncilTax),
        Just(Service::HousingRent),
        Just(Service::HousingBenefitOverpayment),
        Just(Service::ParkingPenalty),
    ]
}

proptest! {
    #[test]
    fn balance_equals_the_sum_of_transactions(txns in proptest::collection::vec(arb_txn(), 0..80), service in arb_service()) {
        let ledger = Ledger::new(txns.clone()).unwrap();
        let as_of = as_of();
        let pos = ledger.position(&ArrearsTerms::for_service(&service), as_of).unwrap();
        let sum: Money = txns.iter().filter(|t| t.date <= as_of).map(|t| t.amount).sum();
        prop_assert_eq!(pos.balance, sum);
        prop_assert_eq!(ledger.balance_at(as_of), sum);
        // Arrears, not yet due and credit account for the whole balance.
        prop_assert_eq!(pos.arrears + pos.not_yet_due - pos.unallocated_credit, pos.balance);
        prop_assert_eq!(pos.ageing.total(), pos.arrears);
        prop_assert!(!pos.arrears.is_negative() && !pos.not_yet_due.is_negative() && !pos.unallocated_credit.is_negative());
        // The explanation adds up to the same figures.
        let items = ledger.outstanding(&ArrearsTerms::for_service(&service), as_of).unwrap();
        prop_assert_eq!(items.iter().map(|i| i.amount).sum::<Money>(), pos.arrears + pos.not_yet_due);
    }
}

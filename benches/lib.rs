//! Synthetic ledgers for the benchmarks: deterministic, realistic mixes of
//! council tax and rent accounts, drawn from debt-synth's random source (the
//! one generator of the workspace's synthetic data).

use chrono::{Days, NaiveDate};
use debt_core::{Account, FinancialYear, Ledger, Money, Service, Transaction, TxnKind};
use debt_synth::random::{Rng, Stream};

/// The seed of the benchmark ledgers.
const SEED: u64 = 1;

/// Builds accounts whose transactions add up to about `total_transactions`:
/// one in three a council tax account (five yearly bills of £1,500 to
/// £2,100 and ten monthly payments each, one in seven missed), the rest
/// rent accounts (200 weekly debits of £90 to £130, four-weekly payments
/// up to £30 short, one in fifty bounced).
pub fn synthetic_accounts(total_transactions: usize) -> Vec<Account> {
    let mut accounts = Vec::new();
    let mut made = 0usize;
    let mut n: u64 = 0;
    let start = NaiveDate::from_ymd_opt(2022, 4, 4).unwrap_or_default();
    while made < total_transactions {
        n += 1;
        let mut rng = Rng::derive(SEED, Stream::BENCH_LEDGERS, n);
        let account = if n.is_multiple_of(3) {
            council_tax(&mut rng, n, start)
        } else {
            rent(&mut rng, n, start)
        };
        made += account.ledger.len();
        accounts.push(account);
    }
    accounts
}

fn pence(rng: &mut Rng, from: u64, spread: u64) -> Money {
    Money::from_pence((from + rng.below(spread)) as i64)
}

fn council_tax(rng: &mut Rng, n: u64, start: NaiveDate) -> Account {
    let mut a = Account::new(Service::CouncilTax, format!("CT{n:08}"));
    let mut txns = Vec::new();
    for year in 2022..=2026 {
        let fy = FinancialYear::starting(year).unwrap_or_else(|_| FinancialYear::containing(start));
        let bill = pence(rng, 150_000, 60_000);
        txns.push(
            Transaction::new(fy.first_day() - Days::new(20), TxnKind::Charge, bill).for_year(fy),
        );
        for month in 0..10u64 {
            if rng.below(7) == 0 {
                continue;
            }
            let date = fy.first_day() + Days::new(month * 30 + 3);
            let instalment = Money::from_pence(bill.to_pence().unwrap_or(0) / 10);
            txns.push(Transaction::new(date, TxnKind::Payment, -instalment).for_year(fy));
        }
    }
    // Every date and amount is well inside what a ledger holds.
    a.ledger = Ledger::new(txns).unwrap_or_default();
    a
}

fn rent(rng: &mut Rng, n: u64, start: NaiveDate) -> Account {
    let mut a = Account::new(Service::HousingRent, format!("T{n:08}"));
    let rent = pence(rng, 9_000, 4_000);
    let mut txns = Vec::new();
    for week in 0..200u64 {
        let monday = start + Days::new(week * 7);
        txns.push(Transaction::new(monday, TxnKind::Charge, rent));
        if week % 4 == 3 {
            let short = rng.below(3_000) as i64;
            let paid = Money::from_pence(rent.to_pence().unwrap_or(0) * 4 - short);
            txns.push(Transaction::new(
                monday + Days::new(2),
                TxnKind::Payment,
                -paid,
            ));
            if rng.below(50) == 0 {
                txns.push(Transaction::new(
                    monday + Days::new(9),
                    TxnKind::Reversal,
                    paid,
                ));
            }
        }
    }
    a.ledger = Ledger::new(txns).unwrap_or_default();
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_benchmark_ledgers_are_the_same_every_time_and_about_the_size_asked() {
        let a = synthetic_accounts(20_000);
        let b = synthetic_accounts(20_000);
        let count = |v: &[Account]| -> usize { v.iter().map(|x| x.ledger.len()).sum() };
        assert_eq!(count(&a), count(&b));
        assert!((20_000..20_400).contains(&count(&a)), "{}", count(&a));
        let balances = |v: &[Account]| -> Vec<Money> {
            let as_of = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
            v.iter().map(|x| x.ledger.balance_at(as_of)).collect()
        };
        assert_eq!(balances(&a), balances(&b));
        assert!(a.iter().any(|x| x.service == Service::CouncilTax));
    }
}

//! Synthetic ledgers for the benchmarks: deterministic, realistic mixes of
//! council tax and rent accounts.

use chrono::{Days, NaiveDate};
use debt_core::{Account, FinancialYear, Money, Service, Transaction, TxnKind};

/// Builds accounts whose transactions add up to about `total_transactions`:
/// one in three a council tax account (a yearly bill and monthly payments
/// over several years, some missed), the rest rent accounts (weekly debits,
/// four-weekly Universal Credit payments, the odd bounced payment).
pub fn synthetic_accounts(total_transactions: usize) -> Vec<Account> {
    let mut accounts = Vec::new();
    let mut made = 0usize;
    let mut n: u64 = 0;
    let start = NaiveDate::from_ymd_opt(2022, 4, 4).unwrap_or_default();
    while made < total_transactions {
        n += 1;
        let mut state = n
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let account = if n.is_multiple_of(3) {
            let mut a = Account::new(Service::CouncilTax, format!("CT{n:08}"));
            for year in 2022..=2026 {
                let fy = FinancialYear::starting(year)
                    .unwrap_or_else(|_| FinancialYear::containing(start));
                let bill = Money::from_pence(150_000 + (next() % 60_000) as i64);
                a.ledger.push(
                    Transaction::new(fy.first_day() - Days::new(20), TxnKind::Charge, bill)
                        .for_year(fy),
                );
                for month in 0..10u64 {
                    if next().is_multiple_of(7) {
                        continue;
                    }
                    let date = fy.first_day() + Days::new(month * 30 + 3);
                    a.ledger.push(
                        Transaction::new(
                            date,
                            TxnKind::Payment,
                            -Money::from_pence(bill.to_pence().unwrap_or(0) / 10),
                        )
                        .for_year(fy),
                    );
                }
            }
            a
        } else {
            let mut a = Account::new(Service::HousingRent, format!("T{n:08}"));
            let rent = Money::from_pence(9_000 + (next() % 4_000) as i64);
            for week in 0..200u64 {
                let monday = start + Days::new(week * 7);
                a.ledger
                    .push(Transaction::new(monday, TxnKind::Charge, rent));
                if week % 4 == 3 {
                    let paid = Money::from_pence(
                        rent.to_pence().unwrap_or(0) * 4 - (next() % 3_000) as i64,
                    );
                    a.ledger.push(Transaction::new(
                        monday + Days::new(2),
                        TxnKind::Payment,
                        -paid,
                    ));
                    if next().is_multiple_of(50) {
                        a.ledger.push(Transaction::new(
                            monday + Days::new(9),
                            TxnKind::Reversal,
                            paid,
                        ));
                    }
                }
            }
            a
        };
        made += account.ledger.transactions().len();
        accounts.push(account);
    }
    accounts
}

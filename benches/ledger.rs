//! Balance + arrears (with ageing) over 1,000,000 transactions on one core.
//! Target (issue 2): under 25 ns per transaction.
//!
//! Run: `cargo bench -p debt-benches --bench ledger`

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use debt_benches::synthetic_accounts;
use debt_core::Money;
use std::hint::black_box;

fn balance_and_arrears(c: &mut Criterion) {
    let accounts = synthetic_accounts(1_000_000);
    let transactions: usize = accounts.iter().map(|a| a.ledger.len()).sum();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
    let mut group = c.benchmark_group("ledger");
    group.throughput(Throughput::Elements(transactions as u64));
    group.sample_size(20);
    group.bench_function(
        format!("position_{transactions}_txns_{}_accounts", accounts.len()),
        |b| {
            b.iter(|| {
                let mut arrears = Money::ZERO;
                for account in &accounts {
                    if let Ok(pos) = account.position(black_box(as_of)) {
                        arrears += pos.arrears;
                    }
                }
                black_box(arrears)
            })
        },
    );
    group.bench_function(format!("balance_only_{transactions}_txns"), |b| {
        b.iter(|| {
            let mut total = Money::ZERO;
            for account in &accounts {
                total += account.ledger.balance_at(black_box(as_of));
            }
            black_box(total)
        })
    });
    group.finish();
}

criterion_group!(benches, balance_and_arrears);
criterion_main!(benches);

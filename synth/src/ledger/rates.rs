//! Business rates: what a rates system posts to one non-domestic account.
//!
//! Annual bills (BILL) for 2024/25 to 2026/27 posted in March before the
//! year (rateable value times the year's multiplier, in integer pence),
//! paid by 10 monthly instalments (the statutory split, worked out here by
//! `council_tax::ctax_plan`, not debt-core) by direct debit or transfer
//! (PAYMT), now and then returned (DDRET), some missed; a summons (COSTS
//! 95.00) after two misses for poor payers; a ratepayer who moved in during
//! the extract billed from that day; the odd small balance written off
//! (WOFF) and the odd overpayment refunded (REFND).

use chrono::NaiveDate;

use super::council_tax::ctax_plan;
use super::{mul_div_round, Desc, Ledger, Profile, Txn};
use crate::dates::{add_days, days_between, fy_days, fy_of, next_weekday, ymd, AS_OF};
use crate::random::Rng;

/// The multiplier of each year from 2024/25, in thousandths of a pound per
/// pound of rateable value (the small business multiplier).
const MULTIPLIER: [i64; 3] = [499, 499, 482];
/// Summons costs, in pence.
const SUMMONS_COSTS: i64 = 9_500;

/// One rates account to generate.
pub struct RatesSpec {
    /// Rateable value, whole pounds.
    pub rateable_value: i64,
    /// Liable from, when that is in the extract.
    pub from: Option<NaiveDate>,
    /// How reliably the ratepayer pays.
    pub profile: Profile,
}

/// What the account master says of it.
pub struct RatesOutcome {
    /// Stage code: `NONE`, `REM`, `FINAL`, `SUMM`, `LO`.
    pub stage: &'static str,
    /// The day instalments were lost, if they were.
    pub lost_on: Option<NaiveDate>,
}

/// The year's bill for a rateable value, in pence.
fn bill(fy: i32, rateable_value: i64) -> i64 {
    let m = MULTIPLIER[(fy - 2024).clamp(0, 2) as usize];
    mul_div_round(rateable_value * 100, m, 1000)
}

/// Generates one account's rows into `txns`.
pub fn generate(rng: &mut Rng, spec: &RatesSpec, txns: &mut Vec<Txn>) -> RatesOutcome {
    let mut led = Ledger::new(txns);
    let (miss, catch_up) = spec.profile.ctax();
    let first_fy = spec.from.map(fy_of).unwrap_or(2024).max(2024);
    let mut summons = None;
    let mut current_missed = 0;
    let mut lost_on = None;
    for fy in first_fy..=2026 {
        let full = bill(fy, spec.rateable_value);
        let (charge, posted) = match spec.from.filter(|f| fy_of(*f) == fy && *f > ymd(fy, 4, 1)) {
            Some(from) => {
                let days = days_between(from, ymd(fy + 1, 3, 31)) + 1;
                (
                    mul_div_round(full, days, fy_days(fy)),
                    next_weekday(add_days(from, rng.range(10, 30))),
                )
            }
            None => (full, next_weekday(ymd(fy, 3, 16))),
        };
        if posted > AS_OF {
            break;
        }
        led.push(
            posted,
            "BILL",
            charge,
            Some(fy),
            Desc::Static("Rates demand"),
        );
        let plan = ctax_plan(fy, charge, posted, 10);
        let mut missed = Vec::new();
        for (due, amount) in plan {
            if due > AS_OF {
                break;
            }
            if rng.chance(miss) {
                missed.push(due);
                if rng.chance(catch_up) {
                    let d = next_weekday(add_days(due, rng.range(10, 45)));
                    if d <= AS_OF {
                        led.push(d, "PAYMT", -amount, Some(fy), Desc::Static("BACS"));
                        missed.pop();
                    }
                }
                continue;
            }
            let d = next_weekday(add_days(due, 14));
            if d > AS_OF {
                break;
            }
            led.push(d, "PAYMT", -amount, Some(fy), Desc::Static("Direct debit"));
            if rng.chance(0.01) {
                let r = next_weekday(add_days(d, 4));
                if r <= AS_OF {
                    led.push(r, "DDRET", amount, Some(fy), Desc::Static("DD returned"));
                    missed.push(due);
                }
            }
        }
        if missed.len() >= 2 && spec.profile == Profile::Poor && rng.chance(0.7) {
            let sd = next_weekday(add_days(missed[1], rng.range(30, 50)));
            if sd <= AS_OF {
                led.push(
                    sd,
                    "COSTS",
                    SUMMONS_COSTS,
                    Some(fy),
                    Desc::Static("Summons"),
                );
                summons = Some(sd);
            }
        }
        if fy == 2026 {
            current_missed = missed.len();
            if missed.len() >= 2 {
                let l = add_days(missed[1], 21);
                if l <= AS_OF {
                    lost_on = Some(l);
                }
            }
        }
    }
    let balance = led.balance();
    if balance > 0 && balance < 1_000 && rng.chance(0.3) {
        led.push(
            ymd(2026, 10, 30),
            "WOFF",
            -balance,
            None,
            Desc::Static("Small balance"),
        );
    } else if balance == 0 && rng.chance(0.03) {
        // An overpayment, refunded later.
        let over = rng.range(1_000, 40_000);
        led.push(ymd(2026, 6, 15), "PAYMT", -over, None, Desc::Static("BACS"));
        led.push(
            ymd(2026, 7, 20),
            "REFND",
            over,
            None,
            Desc::Static("Refund"),
        );
    }
    let balance = led.balance();
    let stage = match (summons, balance > 0) {
        (Some(sd), true) if days_between(sd, AS_OF) > 30 => "LO",
        (Some(_), true) => "SUMM",
        (_, true) => match current_missed {
            0 => "NONE",
            1 => "REM",
            _ => "FINAL",
        },
        _ => "NONE",
    };
    RatesOutcome {
        stage,
        lost_on: lost_on.filter(|_| matches!(stage, "FINAL" | "SUMM")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bill_is_the_rateable_value_times_the_multiplier_in_pence() {
        assert_eq!(bill(2024, 18_500), 923_150);
        assert_eq!(bill(2026, 10_000), 482_000);
    }
}

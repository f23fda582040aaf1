//! Housing benefit overpayments: the benefits system raises a debt for
//! each overpaid period (carried on the debt row itself, due 28 days after
//! it is raised) and recovers it by deduction from ongoing housing benefit
//! (HBDED) or, once the claim has ended, by deduction from Universal Credit
//! (UCDED) or payment against the invoice (INV); a recovery paid against
//! the invoice is now and then returned (RTN).

use chrono::NaiveDate;

use super::{Desc, Ledger, Txn};
use crate::dates::{add_days, next_weekday, ymd, AS_OF};
use crate::random::Rng;

/// One overpayment debt as raised.
pub struct Overpayment {
    /// The amount overpaid, in pence.
    pub amount: i64,
    /// The day the debt was raised.
    pub raised: NaiveDate,
    /// When it fell due.
    pub due: NaiveDate,
}

/// Generates one debt of a claim (live or ended) and its recoveries.
pub fn generate(rng: &mut Rng, live: bool, txns: &mut Vec<Txn>) -> Overpayment {
    let amount = rng.range(3_000, 250_000);
    let raised = next_weekday(rng.date_between(ymd(2019, 4, 1), ymd(2026, 10, 31)));
    let due = add_days(raised, 28);
    let mut led = Ledger::new(txns);
    let mut owed = amount;
    let (code, every): (&'static str, i64) = if live {
        ("HBDED", 14)
    } else if rng.chance(0.6) {
        ("UCDED", 28)
    } else {
        ("INV", 30)
    };
    let instalment = (amount / rng.range(6, 40)).max(1_000) / 100 * 100;
    let stops = rng.chance(0.2).then(|| rng.date_between(due, AS_OF));
    let mut d = next_weekday(add_days(due, rng.range(7, 45)));
    while owed > 0 && d <= AS_OF && stops.is_none_or(|s| d <= s) {
        let p = instalment.min(owed);
        led.push(d, code, -p, None, Desc::Static(""));
        owed -= p;
        if code == "INV" && rng.chance(0.03) {
            let r = next_weekday(add_days(d, 6));
            if r <= AS_OF {
                led.push(r, "RTN", p, None, Desc::Static(""));
                owed += p;
            }
        }
        d = next_weekday(add_days(d, every));
    }
    Overpayment {
        amount,
        raised,
        due,
    }
}

//! Former tenant arrears: a tenancy that ended owing rent. The housing
//! system transfers the arrears to the debt recovery system as one debt
//! (carried on the debt row itself, due 28 days after the transfer); the
//! receipts file then holds what the former tenant paid: an arrangement of
//! monthly payments for some, the odd lump sum for others, nothing for
//! those who left no address.

use chrono::NaiveDate;

use super::{Desc, Ledger, Profile, Txn};
use crate::dates::{add_days, next_weekday, AS_OF};
use crate::random::Rng;

/// One former tenancy debt to generate.
pub struct FormerSpec {
    /// The tenancy's last day.
    pub ended: NaiveDate,
    /// Whether the former tenant left a forwarding address.
    pub traced: bool,
    /// How reliably they pay.
    pub profile: Profile,
}

/// The debt as the recovery system holds it.
pub struct FormerDebt {
    /// Arrears transferred, in pence.
    pub arrears: i64,
    /// The day they were transferred.
    pub transferred: NaiveDate,
    /// When they fell due.
    pub due: NaiveDate,
    /// Stage code: `LTR`, `ARR` (arrangement), `TRC` (tracing), `DCA`.
    pub stage: &'static str,
}

/// Generates the debt and its receipts (into `txns`, payments only).
pub fn generate(rng: &mut Rng, spec: &FormerSpec, txns: &mut Vec<Txn>) -> FormerDebt {
    let arrears = rng.range(15_000, 350_000);
    let transferred = next_weekday(add_days(spec.ended, rng.range(7, 35)));
    let due = add_days(transferred, 28);
    let mut led = Ledger::new(txns);
    let arrangement = spec.traced
        && match spec.profile {
            Profile::Good => rng.chance(0.8),
            Profile::Occasional => rng.chance(0.5),
            Profile::Poor => rng.chance(0.15),
        };
    let mut owed = arrears;
    if arrangement {
        let monthly = rng.range(10, 60) * 100;
        let method: &'static str = rng.pick::<&str>(&["Standing order", "Card", "Allpay"]);
        let mut d = next_weekday(add_days(due, rng.range(3, 40)));
        while owed > 0 && d <= AS_OF {
            if rng.chance(0.92) {
                let p = monthly.min(owed);
                led.push(d, "PAY", -p, None, Desc::Static(method));
                owed -= p;
            }
            d = next_weekday(add_days(d, rng.range(28, 33)));
        }
    } else if spec.traced && rng.chance(0.3) {
        let d = next_weekday(add_days(due, rng.range(20, 400)));
        if d <= AS_OF {
            let p = (rng.range(5, 100) * 100).min(owed);
            led.push(d, "PAY", -p, None, Desc::Static("Card"));
            owed -= p;
        }
    }
    let stage = if owed == 0 {
        "ARR"
    } else if !spec.traced {
        "TRC"
    } else if arrangement {
        "ARR"
    } else if spec.ended < crate::dates::ymd(2022, 1, 1) {
        "DCA"
    } else {
        "LTR"
    };
    FormerDebt {
        arrears,
        transferred,
        due,
        stage,
    }
}

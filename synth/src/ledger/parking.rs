//! Parking penalties: a penalty charge notice (70.00 or 50.00), halved if
//! paid within 14 days, raised by half at the charge certificate, plus the
//! 9.00 court fee at the order for recovery, then a warrant; what has been
//! paid so far and when. One row per notice: the balance is the charge now
//! due less what was paid.

use chrono::NaiveDate;

use crate::dates::{add_days, days_between, next_weekday, ymd, AS_OF};
use crate::random::Rng;

/// One notice's state at the as-of date.
pub struct Notice {
    /// Issue date.
    pub issued: NaiveDate,
    /// Charge now due, in pence.
    pub charge: i64,
    /// Paid so far, in pence.
    pub paid: i64,
    /// Day of the last payment.
    pub last_paid: Option<NaiveDate>,
    /// Stage: `ISS`, `NTO`, `CC`, `OFR`, `WAR`.
    pub stage: &'static str,
    /// Contravention code.
    pub contravention: &'static str,
}

/// Draws a notice issued between 2024 and a week before the as-of date.
pub fn generate(rng: &mut Rng) -> Notice {
    let issued = rng.date_between(ymd(2024, 1, 2), add_days(AS_OF, -7));
    let (base, contravention) = if rng.chance(0.6) {
        (7_000, *rng.pick(&["01", "02", "12", "16", "40"]))
    } else {
        (5_000, *rng.pick(&["05", "06", "19", "30"]))
    };
    let age = days_between(issued, AS_OF);
    let mut notice = Notice {
        issued,
        charge: base,
        paid: 0,
        last_paid: None,
        stage: "ISS",
        contravention,
    };
    // Most pay the discount within 14 days.
    if rng.chance(0.55) {
        let d = next_weekday(add_days(issued, rng.range(1, 13)));
        if d <= AS_OF {
            notice.charge = base / 2;
            notice.paid = base / 2;
            notice.last_paid = Some(d);
            return notice;
        }
    }
    notice.stage = match age {
        ..=28 => "ISS",
        29..=56 => "NTO",
        57..=120 => "CC",
        121..=240 => "OFR",
        _ => "WAR",
    };
    if matches!(notice.stage, "CC" | "OFR" | "WAR") {
        notice.charge = base * 3 / 2;
    }
    if matches!(notice.stage, "OFR" | "WAR") {
        notice.charge += 900;
    }
    if rng.chance(0.3) {
        let paid = if rng.chance(0.5) {
            notice.charge
        } else {
            rng.range(10, notice.charge / 100) * 100
        };
        let d = next_weekday(add_days(issued, rng.range(20, age.max(21))));
        if d <= AS_OF {
            notice.paid = paid.min(notice.charge);
            notice.last_paid = Some(d);
        }
    }
    notice
}

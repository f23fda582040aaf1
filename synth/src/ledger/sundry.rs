//! Sundry debts: invoices raised by the finance system (garden waste
//! subscriptions each March, adult social care charges each month, trade
//! waste for a sole trader), each carried on its invoice row with a due
//! date 28 days on, and the receipts against them, naming the payer.

use chrono::NaiveDate;

use super::{Desc, Ledger, Profile, Txn};
use crate::dates::{add_days, next_weekday, AS_OF};
use crate::random::Rng;

/// A sundry service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SundryService {
    /// Garden waste subscription.
    GardenWaste,
    /// Adult social care charge.
    SocialCare,
    /// Trade waste collection.
    TradeWaste,
}

impl SundryService {
    /// The finance system's service code.
    pub fn code(self) -> &'static str {
        match self {
            SundryService::GardenWaste => "GW",
            SundryService::SocialCare => "ASC",
            SundryService::TradeWaste => "TW",
        }
    }
}

/// One invoice as raised.
pub struct Invoice {
    /// The charge, in pence.
    pub amount: i64,
    /// Invoice date.
    pub date: NaiveDate,
    /// Due date.
    pub due: NaiveDate,
    /// Stage code: empty, `REM`, `FIN`, `LEG`.
    pub stage: &'static str,
}

/// Generates one invoice raised on `date` for `amount` and its receipts
/// from `payer` (into `txns`).
pub fn generate(
    rng: &mut Rng,
    amount: i64,
    date: NaiveDate,
    profile: Profile,
    payer: &str,
    txns: &mut Vec<Txn>,
) -> Invoice {
    let due = add_days(date, 28);
    let mut led = Ledger::new(txns);
    let pays = match profile {
        Profile::Good => 0.95,
        Profile::Occasional => 0.75,
        Profile::Poor => 0.45,
    };
    let mut owed = amount;
    if rng.chance(pays) {
        // Paid in full, or in two parts.
        let first = if rng.chance(0.8) {
            amount
        } else {
            amount / 2 / 100 * 100
        };
        let d = next_weekday(add_days(date, rng.range(3, 40)));
        if d <= AS_OF && first > 0 {
            led.push(d, "PAY", -first, None, Desc::Owned(payer.to_string()));
            owed -= first;
            let later = next_weekday(add_days(d, rng.range(20, 60)));
            if owed > 0 && later <= AS_OF && rng.chance(0.7) {
                led.push(later, "PAY", -owed, None, Desc::Owned(payer.to_string()));
                owed = 0;
            }
        }
    }
    let overdue = crate::dates::days_between(due, AS_OF);
    let stage = match (owed > 0, overdue) {
        (false, _) | (true, ..=0) => "",
        (true, 1..=30) => "REM",
        (true, 31..=180) => "FIN",
        _ => "LEG",
    };
    Invoice {
        amount,
        date,
        due,
        stage,
    }
}

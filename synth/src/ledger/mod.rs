//! Ledgers, one module per service (`council_tax`, `rent`, `rates`,
//! `former`, `overpayment`, `sundry`, `parking`): the transactions a service system
//! posts to an account, in integer pence, and the account's balance at the
//! as-of date worked out here by plain addition, never by debt-core.
//!
//! Signs follow a statement: a charge, costs, a returned payment or a refund
//! raise what is owed (positive); payments, benefit credits and write-offs
//! lower it (negative); adjustments go either way.

pub mod council_tax;
pub mod former;
pub mod overpayment;
pub mod parking;
pub mod rates;
pub mod rent;
pub mod sundry;

use chrono::NaiveDate;

use crate::dates::AS_OF;
use crate::random::Rng;

/// A transaction's description.
#[derive(Debug, Clone)]
pub enum Desc {
    /// Fixed text.
    Static(&'static str),
    /// `Rent w/c dd/mm/yyyy`.
    RentWeek(NaiveDate),
    /// Text made for this row.
    Owned(String),
}

/// One transaction: `amount` is its signed effect on the balance, in pence.
#[derive(Debug, Clone)]
pub struct Txn {
    /// Posting date.
    pub date: NaiveDate,
    /// The system's transaction code (`CHG`, `RENT`, `PAY` ...).
    pub code: &'static str,
    /// Signed effect on the balance, in pence.
    pub amount: i64,
    /// The financial year the row is for, when the system records one.
    pub year: Option<i32>,
    /// Description.
    pub desc: Desc,
}

/// The rows of the account being generated, with its balance at the as-of
/// date so far (rows dated after it are posted but not counted).
pub struct Ledger<'a> {
    txns: &'a mut Vec<Txn>,
    balance: i64,
}

impl<'a> Ledger<'a> {
    /// An account with no rows yet, writing into `txns`.
    pub fn new(txns: &'a mut Vec<Txn>) -> Ledger<'a> {
        Ledger { txns, balance: 0 }
    }

    /// The balance at the as-of date of the rows so far, in pence.
    pub fn balance(&self) -> i64 {
        self.balance
    }

    /// Posts a row.
    pub fn push(
        &mut self,
        date: NaiveDate,
        code: &'static str,
        amount: i64,
        year: Option<i32>,
        desc: Desc,
    ) {
        if date <= AS_OF {
            self.balance += amount;
        }
        self.txns.push(Txn {
            date,
            code,
            amount,
            year,
            desc,
        });
    }
}

/// How reliably a household pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Pays nearly always.
    Good,
    /// Misses now and then.
    Occasional,
    /// Often behind.
    Poor,
}

impl Profile {
    /// Good 72%, occasional 20%, poor 8% (owner-occupiers and private
    /// tenants).
    pub fn pick(rng: &mut Rng) -> Profile {
        Profile::from_weights(rng, &[72, 20, 8])
    }

    /// Good, occasional or poor with the given weights.
    pub fn from_weights(rng: &mut Rng, weights: &[u32; 3]) -> Profile {
        match rng.weighted(weights) {
            0 => Profile::Good,
            1 => Profile::Occasional,
            _ => Profile::Poor,
        }
    }

    /// Chance of missing a council tax instalment, and of catching it up.
    pub fn ctax(self) -> (f64, f64) {
        match self {
            Profile::Good => (0.01, 0.9),
            Profile::Occasional => (0.12, 0.6),
            Profile::Poor => (0.35, 0.3),
        }
    }

    /// Chance of making each rent payment.
    pub fn rent(self) -> f64 {
        match self {
            Profile::Good => 0.975,
            Profile::Occasional => 0.91,
            Profile::Poor => 0.84,
        }
    }
}

/// `a * num / den` rounded half up, in integers (non-negative `a`, `num`,
/// positive `den`).
pub fn mul_div_round(a: i64, num: i64, den: i64) -> i64 {
    let (a, num, den) = (i128::from(a), i128::from(num), i128::from(den));
    ((a * num * 2 + den) / (2 * den)) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_up_in_integer_pence() {
        assert_eq!(mul_div_round(188_024, 6, 9), 125_349);
        assert_eq!(mul_div_round(5, 1, 2), 3);
        assert_eq!(mul_div_round(4, 1, 2), 2);
    }

    #[test]
    fn the_balance_counts_only_rows_up_to_the_as_of_date() {
        let mut txns = Vec::new();
        let mut ledger = Ledger::new(&mut txns);
        ledger.push(AS_OF, "RENT", 9_000, None, Desc::Static("Rent"));
        ledger.push(
            crate::dates::add_days(AS_OF, 3),
            "RENT",
            9_000,
            None,
            Desc::Static("Rent"),
        );
        assert_eq!(ledger.balance(), 9_000);
        assert_eq!(txns.len(), 2);
    }
}

//! Reconciliation: what was read against what the source system says.
//!
//! Each service system reports its own control totals: how many accounts and
//! what total closing balance. The single view must show, per source, that
//! what it read adds up to that to the penny, or the exact difference.
//! Separately, every input row must be accounted for:
//! rows read = accepted + rejected + duplicates.

use serde::{Deserialize, Serialize};

use crate::money::Money;

/// A count of accounts and a total closing balance.
///
/// ```
/// use debt_core::{ControlTotal, Money};
/// let t = ControlTotal { accounts: 3, closing_balance: Money::from_pence(12_345) };
/// assert_eq!(t.closing_balance.to_string(), "123.45");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlTotal {
    /// Number of accounts.
    pub accounts: u64,
    /// Sum of their closing balances.
    pub closing_balance: Money,
}

impl ControlTotal {
    /// Adds one account's balance.
    ///
    /// ```
    /// use debt_core::{ControlTotal, Money};
    /// let mut t = ControlTotal::default();
    /// t.add_account(Money::from_pence(500));
    /// t.add_account(Money::from_pence(-200));
    /// assert_eq!((t.accounts, t.closing_balance), (2, Money::from_pence(300)));
    /// ```
    pub fn add_account(&mut self, balance: Money) {
        self.accounts += 1;
        self.closing_balance += balance;
    }
}

/// Whether a source reconciles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReconcileStatus {
    /// Counts agree and the balance is within tolerance.
    Matched,
    /// Counts differ, or the balance differs by more than the tolerance.
    Break,
}

impl ReconcileStatus {
    /// `MATCHED` or `BREAK`, as in the outputs.
    pub fn code(self) -> &'static str {
        match self {
            ReconcileStatus::Matched => "MATCHED",
            ReconcileStatus::Break => "BREAK",
        }
    }
}

/// The comparison of computed totals with a control total.
///
/// ```
/// use debt_core::{reconcile, ControlTotal, Money, ReconcileStatus};
/// let computed = ControlTotal { accounts: 4, closing_balance: Money::parse("1000.00")? };
/// let control = ControlTotal { accounts: 4, closing_balance: Money::parse("1012.34")? };
/// let r = reconcile(computed, control, Money::ZERO);
/// assert_eq!(r.status, ReconcileStatus::Break);
/// assert_eq!(r.balance_difference.to_string(), "-12.34");
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciliation {
    /// What the run computed.
    pub computed: ControlTotal,
    /// What the source system stated.
    pub control: ControlTotal,
    /// computed − control accounts.
    pub account_difference: i64,
    /// computed − control closing balance, exact.
    pub balance_difference: Money,
    /// MATCHED or BREAK.
    pub status: ReconcileStatus,
}

/// Compares `computed` with `control`. A break when the account counts
/// differ or the absolute balance difference exceeds `tolerance`.
pub fn reconcile(
    computed: ControlTotal,
    control: ControlTotal,
    tolerance: Money,
) -> Reconciliation {
    let account_difference = computed.accounts as i64 - control.accounts as i64;
    let balance_difference = computed.closing_balance - control.closing_balance;
    let status = if account_difference == 0 && balance_difference.abs() <= tolerance.abs() {
        ReconcileStatus::Matched
    } else {
        ReconcileStatus::Break
    };
    Reconciliation {
        computed,
        control,
        account_difference,
        balance_difference,
        status,
    }
}

/// The fate of every row of one input file.
///
/// ```
/// use debt_core::RowCounts;
/// let counts = RowCounts { read: 10, accepted: 7, rejected: 2, duplicates: 1 };
/// assert!(counts.is_conserved());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowCounts {
    /// Data rows read (excluding header and skipped lines).
    pub read: u64,
    /// Rows accepted into the ledger.
    pub accepted: u64,
    /// Rows rejected with a reason.
    pub rejected: u64,
    /// Exact duplicates of an earlier row, counted once.
    pub duplicates: u64,
}

impl RowCounts {
    /// Nothing lost: read = accepted + rejected + duplicates.
    pub fn is_conserved(&self) -> bool {
        self.read == self.accepted + self.rejected + self.duplicates
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matched_when_equal_and_break_names_exact_difference() {
        let c = ControlTotal {
            accounts: 2,
            closing_balance: Money::from_pence(100),
        };
        assert_eq!(
            reconcile(c, c, Money::ZERO).status,
            ReconcileStatus::Matched
        );
        let off = ControlTotal {
            accounts: 2,
            closing_balance: Money::from_pence(101),
        };
        let r = reconcile(c, off, Money::ZERO);
        assert_eq!(
            (r.status, r.balance_difference),
            (ReconcileStatus::Break, Money::from_pence(-1))
        );
        assert_eq!(
            reconcile(c, off, Money::from_pence(1)).status,
            ReconcileStatus::Matched
        );
    }

    #[test]
    fn account_count_difference_is_a_break_even_with_equal_balance() {
        let c = ControlTotal {
            accounts: 2,
            closing_balance: Money::from_pence(100),
        };
        let other = ControlTotal {
            accounts: 3,
            closing_balance: Money::from_pence(100),
        };
        let r = reconcile(c, other, Money::from_pence(1_000));
        assert_eq!(
            (r.status, r.account_difference),
            (ReconcileStatus::Break, -1)
        );
    }

    #[test]
    fn lost_rows_are_not_conserved() {
        assert!(!RowCounts {
            read: 10,
            accepted: 7,
            rejected: 2,
            duplicates: 0
        }
        .is_conserved());
    }
}

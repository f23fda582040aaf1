//! Payment allocation: which debts a payment pays off.
//!
//! When a payment has to be spread over several periods or charges, the
//! policy decides the order. By default the oldest debt is paid first (by due
//! date, ties in posting order); a payment that names a period (a council tax
//! payment for 2026/27) is applied to that period's debts first and only what
//! is left over goes oldest first. Which items stay unpaid decides what is in
//! arrears and how old it is.

use chrono::NaiveDate;

use crate::error::Error;
use crate::money::Money;
use crate::period::FinancialYear;

/// The order in which credits pay off debits.
///
/// ```
/// assert_eq!(debt_core::AllocationPolicy::default(), debt_core::AllocationPolicy::NamedPeriodFirst);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum AllocationPolicy {
    /// Every credit goes to the oldest unpaid debit, whatever it names.
    OldestFirst,
    /// A credit naming a period goes to that period's debits first (oldest
    /// first), the rest to the oldest unpaid debit overall.
    #[default]
    NamedPeriodFirst,
}

/// Something owed: an amount falling due on a date, optionally in a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Debit {
    /// When it falls due.
    pub due: NaiveDate,
    /// How much (positive).
    pub amount: Money,
    /// The financial year it belongs to, if any.
    pub period: Option<FinancialYear>,
}

/// Something paid or credited: positive reduces debt, negative (a bounced
/// payment taken back) reduces what is available to allocate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Credit {
    /// The amount.
    pub amount: Money,
    /// The period the credit names, if any.
    pub period: Option<FinancialYear>,
}

/// The result of an allocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allocation {
    /// What is still unpaid of each debit, in the order they were given.
    pub outstanding: Vec<Money>,
    /// Credit left after every debit is paid (a credit balance). Negative when
    /// more was taken back than was ever paid; nothing is then allocated.
    pub unallocated: Money,
}

/// A debit in whole pence, as the ledger works internally.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Item {
    pub due: NaiveDate,
    pub seq: u64,
    pub period: Option<FinancialYear>,
    pub outstanding: i128,
}

/// Allocates `credits` to `debits` under `policy`.
///
/// ```
/// use chrono::NaiveDate;
/// use debt_core::{allocate, AllocationPolicy, Credit, Debit, FinancialYear, Money};
/// let d = |m| NaiveDate::from_ymd_opt(2026, m, 1).unwrap();
/// let y25 = FinancialYear::starting(2025).ok();
/// let y26 = FinancialYear::starting(2026).ok();
/// let debits = [
///     Debit { due: d(1), amount: Money::from_pence(10_000), period: y25 },
///     Debit { due: d(5), amount: Money::from_pence(10_000), period: y26 },
/// ];
/// let payment = [Credit { amount: Money::from_pence(10_000), period: y26 }];
/// let named = allocate(&debits, &payment, AllocationPolicy::NamedPeriodFirst)?;
/// assert_eq!(named.outstanding, vec![Money::from_pence(10_000), Money::ZERO]);
/// let oldest = allocate(&debits, &payment, AllocationPolicy::OldestFirst)?;
/// assert_eq!(oldest.outstanding, vec![Money::ZERO, Money::from_pence(10_000)]);
/// # Ok::<(), debt_core::Error>(())
/// ```
pub fn allocate(
    debits: &[Debit],
    credits: &[Credit],
    policy: AllocationPolicy,
) -> Result<Allocation, Error> {
    let mut items: Vec<Item> = Vec::with_capacity(debits.len());
    for (seq, debit) in debits.iter().enumerate() {
        if debit.amount.is_negative() {
            return Err(Error::Plan(format!(
                "debit {} is negative; give it as a credit",
                debit.amount
            )));
        }
        items.push(Item {
            due: debit.due,
            seq: seq as u64,
            period: debit.period,
            outstanding: debit.amount.pence(),
        });
    }
    let mut named: Vec<(FinancialYear, i128)> = Vec::new();
    let mut general: i128 = 0;
    for credit in credits {
        match (policy, credit.period) {
            (AllocationPolicy::NamedPeriodFirst, Some(period)) => {
                add_named(&mut named, period, credit.amount.pence())
            }
            _ => general += credit.amount.pence(),
        }
    }
    sort_items(&mut items);
    let left = apply(&mut items, &named, general);
    let mut outstanding = vec![Money::ZERO; debits.len()];
    for item in &items {
        outstanding[item.seq as usize] = Money::from_pence_i128(item.outstanding)?;
    }
    Ok(Allocation {
        outstanding,
        unallocated: Money::from_pence_i128(left)?,
    })
}

pub(crate) fn add_named(
    named: &mut Vec<(FinancialYear, i128)>,
    period: FinancialYear,
    pence: i128,
) {
    match named.iter_mut().find(|(p, _)| *p == period) {
        Some((_, total)) => *total += pence,
        None => named.push((period, pence)),
    }
}

/// Sorts by due date, then posting order; skips the sort when the ledger was
/// already in order (exports usually are).
pub(crate) fn sort_items(items: &mut [Item]) {
    let key = |i: &Item| (i.due, i.seq);
    if !items.windows(2).all(|w| key(&w[0]) <= key(&w[1])) {
        items.sort_unstable_by_key(key);
    }
}

/// Applies named credits to their period's items, then everything left to
/// the oldest items. `items` must be sorted. Returns the credit left over
/// (negative if credits net below zero, in which case nothing is paid from
/// the general pool).
pub(crate) fn apply(
    items: &mut [Item],
    named: &[(FinancialYear, i128)],
    mut general: i128,
) -> i128 {
    for (period, credit) in named {
        let mut left = *credit;
        if left > 0 {
            for item in items.iter_mut().filter(|i| i.period == Some(*period)) {
                if left == 0 {
                    break;
                }
                let paid = left.min(item.outstanding);
                item.outstanding -= paid;
                left -= paid;
            }
        }
        general += left;
    }
    if general > 0 {
        for item in items.iter_mut() {
            if general == 0 {
                break;
            }
            let paid = general.min(item.outstanding);
            item.outstanding -= paid;
            general -= paid;
        }
    }
    general
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn allocation_conserves_money(
            debits in proptest::collection::vec((0u32..400, 0i64..100_000, proptest::option::of(2020i32..2027)), 0..30),
            credits in proptest::collection::vec((-50_000i64..150_000, proptest::option::of(2020i32..2027)), 0..30),
            oldest in any::<bool>(),
        ) {
            let base = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
            let debits: Vec<Debit> = debits.into_iter().map(|(days, p, y)| Debit {
                due: base + chrono::Days::new(u64::from(days) * 7),
                amount: Money::from_pence(p),
                period: y.and_then(|y| FinancialYear::starting(y).ok()),
            }).collect();
            let credits: Vec<Credit> = credits.into_iter().map(|(p, y)| Credit {
                amount: Money::from_pence(p),
                period: y.and_then(|y| FinancialYear::starting(y).ok()),
            }).collect();
            let policy = if oldest { AllocationPolicy::OldestFirst } else { AllocationPolicy::NamedPeriodFirst };
            let result = allocate(&debits, &credits, policy).unwrap();
            let owed: Money = debits.iter().map(|d| d.amount).sum();
            let paid: Money = credits.iter().map(|c| c.amount).sum();
            let outstanding: Money = result.outstanding.iter().sum();
            // What is still owed minus what is left over equals debits minus credits.
            prop_assert_eq!(outstanding - result.unallocated, owed - paid);
            for (o, d) in result.outstanding.iter().zip(&debits) {
                prop_assert!(!o.is_negative() && *o <= d.amount);
            }
        }
    }
}

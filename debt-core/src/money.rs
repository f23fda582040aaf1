//! Exact pounds and pence.
//!
//! [`Money`] wraps a [`rust_decimal::Decimal`] that always holds exactly two
//! decimal places. There is no binary floating point anywhere in this module:
//! amounts are parsed from text digit by digit and every division goes through
//! one rounding rule, [`Money::round_half_up`] (half a penny rounds away from
//! zero), stated once here.
//!
//! Splitting an amount ([`Money::allocate_evenly`], [`Money::allocate_pro_rata`])
//! uses the largest remainder method, so the parts always add back to the whole
//! to the penny.

use std::cmp::Ordering;
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Error;

/// Number of decimal places every [`Money`] holds.
pub const SCALE: u32 = 2;

/// The largest absolute amount a single parsed value may have: one pound short
/// of a trillion. Bounding inputs means no sum of a realistic number of them
/// can overflow.
pub const MAX_ABS_PENCE: i64 = 99_999_999_999_999;

/// An exact amount of money in pounds and pence.
///
/// Positive amounts are owed to the council; negative amounts are credits owed
/// to the resident. The inner decimal always has scale 2, so `Money` values
/// compare, hash and display consistently.
///
/// ```
/// use debt_core::Money;
/// let bill: Money = "£1,234.56".parse()?;
/// let paid = Money::from_pence(100_000);
/// assert_eq!((bill - paid).to_string(), "234.56");
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Money(Decimal);

impl Money {
    /// Zero pounds.
    ///
    /// ```
    /// assert!(debt_core::Money::ZERO.is_zero());
    /// ```
    pub const ZERO: Money = Money(Decimal::from_parts(0, 0, 0, false, SCALE));

    /// Builds an amount from a whole number of pence.
    ///
    /// ```
    /// assert_eq!(debt_core::Money::from_pence(-1250).to_string(), "-12.50");
    /// ```
    #[inline]
    pub fn from_pence(pence: i64) -> Money {
        // Built from its parts: the same value as `Decimal::new(pence, 2)`
        // without its checks, for ledgers that unpack millions of amounts.
        let magnitude = pence.unsigned_abs();
        Money(Decimal::from_parts(
            magnitude as u32,
            (magnitude >> 32) as u32,
            0,
            pence < 0,
            SCALE,
        ))
    }

    /// Builds an amount from a decimal, rounding to the penny half-up (see
    /// [`Money::round_half_up`]).
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use debt_core::Money;
    /// assert_eq!(Money::from_decimal_rounded(Decimal::new(1005, 3)).to_string(), "1.01");
    /// ```
    pub fn from_decimal_rounded(value: Decimal) -> Money {
        Money::round_half_up(value)
    }

    /// Builds an amount from a decimal that must already be a whole number of
    /// pence; sub-penny digits are an error rather than silently rounded.
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use debt_core::Money;
    /// assert!(Money::try_from_decimal(Decimal::new(12345, 2)).is_ok());
    /// assert!(Money::try_from_decimal(Decimal::new(10005, 3)).is_err());
    /// ```
    pub fn try_from_decimal(value: Decimal) -> Result<Money, Error> {
        let mut normal = value.normalize();
        if normal.scale() > SCALE {
            return Err(Error::SubPenny(value.to_string()));
        }
        normal.rescale(SCALE);
        let money = Money(normal);
        if money.abs_pence_exceeds_bound() {
            return Err(Error::OutOfRange(value.to_string()));
        }
        Ok(money)
    }

    /// Rounds a decimal to the penny, half a penny away from zero
    /// (0.005 → 0.01, −0.005 → −0.01). This is the one rounding rule of the
    /// crate: every division of money (fees, pro-rata shares, instalments)
    /// goes through it or through an exact allocation.
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use debt_core::Money;
    /// assert_eq!(Money::round_half_up(Decimal::new(-125, 3)).to_string(), "-0.13");
    /// assert_eq!(Money::round_half_up(Decimal::new(124, 3)).to_string(), "0.12");
    /// ```
    pub fn round_half_up(value: Decimal) -> Money {
        let mut rounded =
            value.round_dp_with_strategy(SCALE, RoundingStrategy::MidpointAwayFromZero);
        rounded.rescale(SCALE);
        Money(rounded)
    }

    /// The amount as a decimal with scale 2.
    ///
    /// ```
    /// assert_eq!(debt_core::Money::from_pence(5).as_decimal().to_string(), "0.05");
    /// ```
    pub fn as_decimal(self) -> Decimal {
        self.0
    }

    /// The amount in whole pence, or `None` if it does not fit an `i64`
    /// (no parsed amount or realistic sum comes near that).
    ///
    /// ```
    /// let m: debt_core::Money = "-12.34".parse()?;
    /// assert_eq!(m.to_pence(), Some(-1234));
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn to_pence(self) -> Option<i64> {
        let mut d = self.0;
        d.rescale(SCALE);
        let mantissa = d.mantissa();
        i64::try_from(mantissa).ok()
    }

    /// The amount in pence as an `i128`: the ledger's internal unit, which no
    /// realistic sum can overflow.
    pub(crate) fn pence(self) -> i128 {
        debug_assert_eq!(
            self.0.scale(),
            SCALE,
            "Money always holds two decimal places"
        );
        self.0.mantissa()
    }

    /// Builds an amount from pence held as an `i128`; errors past what a
    /// decimal can hold (about 7.9 × 10²⁶ pounds).
    pub(crate) fn from_pence_i128(pence: i128) -> Result<Money, Error> {
        Decimal::try_from_i128_with_scale(pence, SCALE)
            .map(Money)
            .map_err(|_| Error::Overflow)
    }

    /// True for zero.
    ///
    /// ```
    /// assert!(debt_core::Money::from_pence(0).is_zero());
    /// ```
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// True when strictly above zero (owed to the council).
    ///
    /// ```
    /// assert!(debt_core::Money::from_pence(1).is_positive());
    /// assert!(!debt_core::Money::ZERO.is_positive());
    /// ```
    pub fn is_positive(self) -> bool {
        self.0 > Decimal::ZERO
    }

    /// True when strictly below zero (a credit owed to the resident).
    ///
    /// ```
    /// assert!(debt_core::Money::from_pence(-1).is_negative());
    /// ```
    pub fn is_negative(self) -> bool {
        self.0 < Decimal::ZERO
    }

    /// The absolute amount.
    ///
    /// ```
    /// assert_eq!(debt_core::Money::from_pence(-250).abs(), debt_core::Money::from_pence(250));
    /// ```
    pub fn abs(self) -> Money {
        Money(self.0.abs())
    }

    /// The larger of this amount and zero.
    ///
    /// ```
    /// use debt_core::Money;
    /// assert_eq!(Money::from_pence(-5).max_zero(), Money::ZERO);
    /// ```
    pub fn max_zero(self) -> Money {
        if self.is_negative() {
            Money::ZERO
        } else {
            self
        }
    }

    /// The smaller of two amounts.
    ///
    /// ```
    /// use debt_core::Money;
    /// assert_eq!(Money::from_pence(5).min(Money::from_pence(3)), Money::from_pence(3));
    /// ```
    pub fn min(self, other: Money) -> Money {
        if self <= other {
            self
        } else {
            other
        }
    }

    /// Adds without the possibility of a panic; `None` on overflow (beyond
    /// about 7.9 × 10²⁶ pounds).
    ///
    /// ```
    /// use debt_core::Money;
    /// assert_eq!(Money::from_pence(1).checked_add(Money::from_pence(2)), Some(Money::from_pence(3)));
    /// ```
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// Multiplies by a decimal factor (a percentage, a weekly-to-monthly
    /// ratio) and rounds the result to the penny half-up.
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use debt_core::Money;
    /// let excess = Money::from_pence(850_000);
    /// assert_eq!(excess.mul_rounded(Decimal::new(75, 3)).to_string(), "637.50");
    /// ```
    pub fn mul_rounded(self, factor: Decimal) -> Money {
        Money::round_half_up(self.0 * factor)
    }

    /// Splits this amount into `parts` shares that differ by at most a penny
    /// and add up exactly to the whole. The earlier shares take the odd
    /// pennies. Returns an empty vector for zero parts.
    ///
    /// ```
    /// use debt_core::Money;
    /// let shares = Money::from_pence(1000).allocate_evenly(3);
    /// assert_eq!(shares, vec![Money::from_pence(334), Money::from_pence(333), Money::from_pence(333)]);
    /// assert_eq!(shares.into_iter().sum::<Money>(), Money::from_pence(1000));
    /// ```
    pub fn allocate_evenly(self, parts: usize) -> Vec<Money> {
        if parts == 0 {
            return Vec::new();
        }
        let weights = vec![Decimal::ONE; parts];
        // Equal positive weights never fail.
        self.allocate_pro_rata(&weights).unwrap_or_default()
    }

    /// Splits this amount in proportion to `weights` by the largest remainder
    /// method: each share is first rounded towards zero to the penny, then the
    /// pennies left over go one each to the shares with the largest discarded
    /// remainders (ties to the earlier share). The shares add up exactly to
    /// the whole and each is within a penny of its exact proportion.
    ///
    /// Weights must be non-negative with a positive total; a negative amount
    /// is split into negative shares.
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use debt_core::Money;
    /// let surplus = Money::from_pence(10_000);
    /// let debts = [Decimal::new(30000, 2), Decimal::new(60000, 2), Decimal::new(10000, 2)];
    /// let shares = surplus.allocate_pro_rata(&debts)?;
    /// assert_eq!(shares, vec![Money::from_pence(3000), Money::from_pence(6000), Money::from_pence(1000)]);
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn allocate_pro_rata(self, weights: &[Decimal]) -> Result<Vec<Money>, Error> {
        if weights.is_empty() {
            return Err(Error::NoWeights);
        }
        if weights.iter().any(|w| w.is_sign_negative() && !w.is_zero()) {
            return Err(Error::NegativeWeight);
        }
        let total_weight = weights
            .iter()
            .try_fold(Decimal::ZERO, |acc, w| acc.checked_add(*w))
            .ok_or(Error::Overflow)?;
        if total_weight.is_zero() {
            return Err(Error::ZeroTotalWeight);
        }
        let whole_pence = self.to_pence().ok_or(Error::Overflow)?;
        let sign: i64 = if whole_pence < 0 { -1 } else { 1 };
        let abs_pence = Decimal::from(whole_pence.unsigned_abs());

        let mut shares_pence: Vec<i64> = Vec::with_capacity(weights.len());
        let mut remainders: Vec<(Decimal, usize)> = Vec::with_capacity(weights.len());
        let mut allocated: i64 = 0;
        for (index, weight) in weights.iter().enumerate() {
            let exact = abs_pence
                .checked_mul(*weight)
                .and_then(|p| p.checked_div(total_weight))
                .ok_or(Error::Overflow)?;
            let floor = exact.floor();
            let floor_pence = floor.to_i64().ok_or(Error::Overflow)?;
            allocated += floor_pence;
            shares_pence.push(floor_pence);
            remainders.push((exact - floor, index));
        }
        let mut left = whole_pence.unsigned_abs() as i64 - allocated;
        // Largest remainder first; ties to the earlier share.
        remainders.sort_by(|a, b| match b.0.cmp(&a.0) {
            Ordering::Equal => a.1.cmp(&b.1),
            other => other,
        });
        let count = remainders.len();
        let mut cursor = 0usize;
        // `left` is below the number of shares: each floor lost under a penny.
        while left > 0 && count > 0 {
            let (_, index) = remainders[cursor % count];
            shares_pence[index] += 1;
            left -= 1;
            cursor += 1;
        }
        Ok(shares_pence
            .into_iter()
            .map(|p| Money::from_pence(sign * p))
            .collect())
    }

    fn abs_pence_exceeds_bound(self) -> bool {
        match self.to_pence() {
            Some(p) => p.unsigned_abs() > MAX_ABS_PENCE as u64,
            None => true,
        }
    }

    /// Parses an amount in any of the forms service systems export:
    /// `1234.56`, `-12.00`, `£1,234.56`, `(12.50)` (negative), `1234.5`,
    /// `12` , `12.50-` and `12.50 CR` (negative), `+5.00`, with surrounding
    /// spaces. Thousands separators must be in groups of three. More than two
    /// decimal places are accepted only when the extra digits are zeros.
    ///
    /// ```
    /// use debt_core::Money;
    /// for (text, pence) in [("1234.56", 123456), ("-12.00", -1200), ("£1,234.56", 123456),
    ///                       ("(12.50)", -1250), ("1234.5", 123450), ("12.50 CR", -1250)] {
    ///     assert_eq!(Money::parse(text)?, Money::from_pence(pence));
    /// }
    /// assert!(Money::parse("12,34.5x").is_err());
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn parse(text: &str) -> Result<Money, Error> {
        parse_money(text)
    }
}

fn parse_money(text: &str) -> Result<Money, Error> {
    let original = text;
    let mut s = text.trim();
    if s.is_empty() {
        return Err(Error::Empty);
    }
    let invalid = || Error::Invalid(original.to_string());
    let mut negative = false;

    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        s = inner.trim();
    }
    for suffix in ["CR", "cr", "Cr"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            if negative {
                return Err(invalid());
            }
            negative = true;
            s = rest.trim_end();
            break;
        }
    }
    if let Some(rest) = s.strip_suffix('-') {
        if negative {
            return Err(invalid());
        }
        negative = true;
        s = rest.trim_end();
    }
    // Sign before or after the pound sign: -£12.00, £-12.00, +12.00.
    let mut sign_seen = false;
    loop {
        if let Some(rest) = s.strip_prefix('£') {
            s = rest.trim_start();
            continue;
        }
        if !sign_seen {
            if let Some(rest) = s.strip_prefix('-') {
                if negative {
                    return Err(invalid());
                }
                negative = true;
                sign_seen = true;
                s = rest.trim_start();
                continue;
            }
            if let Some(rest) = s.strip_prefix('+') {
                sign_seen = true;
                s = rest.trim_start();
                continue;
            }
        }
        break;
    }
    if s.is_empty() {
        return Err(invalid());
    }

    let (int_part, frac_part) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(invalid());
    }
    // Integer part: digits, optionally grouped by commas in threes.
    let mut int_digits: u64 = 0;
    let mut digit_count = 0usize;
    let grouped = int_part.contains(',');
    for (index, group) in int_part.split(',').enumerate() {
        let well_formed = group.bytes().all(|b| b.is_ascii_digit())
            && (!grouped
                || if index == 0 {
                    (1..=3).contains(&group.len())
                } else {
                    group.len() == 3
                });
        if !well_formed {
            return Err(invalid());
        }
        for b in group.bytes() {
            int_digits = push_digit(int_digits, b, &mut digit_count)
                .ok_or_else(|| Error::OutOfRange(original.to_string()))?;
        }
    }
    if !frac_part.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    let frac_bytes = frac_part.as_bytes();
    if frac_bytes.len() > 2 && frac_bytes[2..].iter().any(|b| *b != b'0') {
        return Err(Error::SubPenny(original.to_string()));
    }
    let mut pence_frac: u64 = 0;
    for i in 0..2 {
        let digit = frac_bytes.get(i).map(|b| u64::from(b - b'0')).unwrap_or(0);
        pence_frac = pence_frac * 10 + digit;
    }
    let pence = int_digits
        .checked_mul(100)
        .and_then(|p| p.checked_add(pence_frac))
        .filter(|p| *p <= MAX_ABS_PENCE as u64)
        .ok_or_else(|| Error::OutOfRange(original.to_string()))?;
    let pence = pence as i64;
    Ok(Money::from_pence(if negative { -pence } else { pence }))
}

fn push_digit(acc: u64, byte: u8, count: &mut usize) -> Option<u64> {
    *count += 1;
    if *count > 15 {
        return None;
    }
    acc.checked_mul(10)?.checked_add(u64::from(byte - b'0'))
}

impl FromStr for Money {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Money::parse(s)
    }
}

impl fmt::Display for Money {
    /// Always two decimal places, a leading minus for credits, no currency
    /// sign or grouping: `1234.56`, `-12.00`, `0.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = self.0;
        d.rescale(SCALE);
        if d.is_zero() {
            // Avoid "-0.00".
            return f.pad("0.00");
        }
        f.pad(&d.to_string())
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Money({self})")
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        self.0 -= rhs.0;
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + *b)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Money::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn from_pence_is_decimal_new_at_every_edge() {
        for pence in [
            0i64,
            1,
            -1,
            99,
            -100,
            1 << 32,
            -(1 << 32) - 7,
            i64::MAX,
            i64::MIN,
        ] {
            let m = Money::from_pence(pence);
            assert_eq!(m.0, Decimal::new(pence, SCALE), "{pence}");
            assert_eq!(
                m.0.serialize(),
                Decimal::new(pence, SCALE).serialize(),
                "{pence}"
            );
            assert_eq!(m.to_pence(), Some(pence));
        }
    }

    use super::*;
    use proptest::prelude::*;

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    #[test]
    fn parses_every_export_form() {
        assert_eq!(m("1234.56"), Money::from_pence(123456));
        assert_eq!(m("-12.00"), Money::from_pence(-1200));
        assert_eq!(m("£1,234.56"), Money::from_pence(123456));
        assert_eq!(m("(12.50)"), Money::from_pence(-1250));
        assert_eq!(m("(£1,234.56)"), Money::from_pence(-123456));
        assert_eq!(m("1234.5"), Money::from_pence(123450));
        assert_eq!(m("12"), Money::from_pence(1200));
        assert_eq!(m(".5"), Money::from_pence(50));
        assert_eq!(m(" 7.10 "), Money::from_pence(710));
        assert_eq!(m("12.50-"), Money::from_pence(-1250));
        assert_eq!(m("12.50 CR"), Money::from_pence(-1250));
        assert_eq!(m("-£3.00"), Money::from_pence(-300));
        assert_eq!(m("£-3.00"), Money::from_pence(-300));
        assert_eq!(m("+3.00"), Money::from_pence(300));
        assert_eq!(m("1,000,000.00"), Money::from_pence(100_000_000));
        assert_eq!(m("10.500"), Money::from_pence(1050));
    }

    #[test]
    fn rejects_malformed_amounts_with_a_reason() {
        for bad in [
            "", "  ", "12,34.5x", "1,23", "abc", "1.2.3", "£", "--1", "(-1)", "1e5", "12,3456",
            ",123",
        ] {
            assert!(Money::parse(bad).is_err(), "{bad:?} should not parse");
        }
        assert!(matches!(Money::parse("10.005"), Err(Error::SubPenny(_))));
        assert!(matches!(
            Money::parse("9999999999999999"),
            Err(Error::OutOfRange(_))
        ));
        assert!(matches!(Money::parse(""), Err(Error::Empty)));
    }

    #[test]
    fn displays_two_places_without_negative_zero() {
        assert_eq!(Money::from_pence(0).to_string(), "0.00");
        assert_eq!(
            (Money::from_pence(5) - Money::from_pence(5)).to_string(),
            "0.00"
        );
        assert_eq!((-Money::ZERO).to_string(), "0.00");
        assert_eq!(Money::from_pence(-5).to_string(), "-0.05");
        assert_eq!(Money::from_pence(123456).to_string(), "1234.56");
        assert_eq!(format!("{:>8}", Money::from_pence(100)), "    1.00");
    }

    #[test]
    fn rounding_is_half_up_away_from_zero() {
        assert_eq!(
            Money::round_half_up(Decimal::new(5, 3)),
            Money::from_pence(1)
        );
        assert_eq!(
            Money::round_half_up(Decimal::new(-5, 3)),
            Money::from_pence(-1)
        );
        assert_eq!(
            Money::round_half_up(Decimal::new(4999, 6)),
            Money::from_pence(0)
        );
    }

    #[test]
    fn pro_rata_rejects_bad_weights() {
        let x = Money::from_pence(100);
        assert!(matches!(x.allocate_pro_rata(&[]), Err(Error::NoWeights)));
        assert!(matches!(
            x.allocate_pro_rata(&[Decimal::ZERO]),
            Err(Error::ZeroTotalWeight)
        ));
        assert!(matches!(
            x.allocate_pro_rata(&[Decimal::NEGATIVE_ONE, Decimal::TWO]),
            Err(Error::NegativeWeight)
        ));
    }

    #[test]
    fn pro_rata_zero_weight_gets_nothing() {
        let shares = Money::from_pence(101)
            .allocate_pro_rata(&[Decimal::ZERO, Decimal::ONE, Decimal::ONE])
            .unwrap();
        assert_eq!(
            shares,
            vec![Money::ZERO, Money::from_pence(51), Money::from_pence(50)]
        );
    }

    proptest! {
        #[test]
        fn display_then_parse_is_identity(pence in -MAX_ABS_PENCE..=MAX_ABS_PENCE) {
            let money = Money::from_pence(pence);
            prop_assert_eq!(Money::parse(&money.to_string()).unwrap(), money);
        }

        #[test]
        fn even_allocation_conserves_every_penny(pence in -10_000_000_000i64..10_000_000_000, parts in 1usize..60) {
            let whole = Money::from_pence(pence);
            let shares = whole.allocate_evenly(parts);
            prop_assert_eq!(shares.len(), parts);
            prop_assert_eq!(shares.iter().sum::<Money>(), whole);
            let max = shares.iter().max().copied().unwrap();
            let min = shares.iter().min().copied().unwrap();
            prop_assert!((max - min).abs() <= Money::from_pence(1));
        }

        #[test]
        fn pro_rata_conserves_and_stays_within_a_penny(
            pence in -10_000_000_000i64..10_000_000_000,
            weights in proptest::collection::vec(0i64..10_000_000, 1..40),
        ) {
            prop_assume!(weights.iter().any(|w| *w > 0));
            let whole = Money::from_pence(pence);
            let weights: Vec<Decimal> = weights.into_iter().map(|w| Decimal::new(w, 2)).collect();
            let shares = whole.allocate_pro_rata(&weights).unwrap();
            prop_assert_eq!(shares.iter().sum::<Money>(), whole);
            let total: Decimal = weights.iter().sum();
            for (share, weight) in shares.iter().zip(&weights) {
                let exact = whole.as_decimal() * *weight / total;
                prop_assert!((share.as_decimal() - exact).abs() < Decimal::new(1, 2),
                    "share {} exact {}", share, exact);
            }
        }
    }
}

//! Receipts in suspense: money received that names no account the system
//! knows, and the accounts it most likely belongs to.
//!
//! A receipt lands in suspense when its reference is mistyped (two digits
//! swapped, one dropped or doubled, one wrong) or missing. The likely
//! accounts are those whose reference is one such slip away, and, whatever
//! the reference, those of the same service whose holder the payer's name
//! names and whose instalment, arrears or balance the amount equals. Each
//! candidate is scored from that evidence and says why, in words; an officer
//! decides. Nothing here moves money.
//!
//! [`reference_slips`] lists the references one slip away from a given one,
//! so a caller holding a service's accounts by reference finds candidates by
//! lookup rather than by comparing every pair; [`score`] weighs one
//! candidate.
//!
//! ```
//! use debt_core::suspense::{score, Candidate, Receipt, RefSlip};
//! use debt_core::Money;
//! let receipt = Receipt { reference: "30045812", amount: Money::parse("193.00")?, payer: "J SMITH" };
//! let account = Candidate {
//!     reference: "30045821",
//!     holders: &["SMITH, JOHN A"],
//!     amounts: &[Money::parse("193.00")?, Money::parse("572.00")?],
//! };
//! let m = score(&receipt, &account);
//! assert_eq!(m.as_ref().map(|m| (m.slip, m.score)), Some((Some(RefSlip::Transposed), 95)));
//! assert_eq!(m.map(|m| m.why).as_deref(), Some("reference 30045812 is 30045821 with two digits swapped; 193.00 is an amount the account is due (193.00); payer J SMITH has the holder's surname SMITH and initial J"));
//! # Ok::<(), debt_core::Error>(())
//! ```

use crate::money::Money;

/// How a receipt's reference differs from an account's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RefSlip {
    /// The same once spaces, case and leading zeros are set aside.
    Same,
    /// Two neighbouring characters swapped.
    Transposed,
    /// One character missing from the receipt's reference.
    Missing,
    /// One character too many in the receipt's reference.
    Extra,
    /// One character different.
    Wrong,
}

impl RefSlip {
    /// The slip in words, as in `two digits swapped`.
    pub fn words(self) -> &'static str {
        match self {
            RefSlip::Same => "written differently",
            RefSlip::Transposed => "with two digits swapped",
            RefSlip::Missing => "with a digit missing",
            RefSlip::Extra => "with a digit too many",
            RefSlip::Wrong => "with one digit wrong",
        }
    }

    fn points(self) -> u32 {
        match self {
            RefSlip::Same => 60,
            RefSlip::Transposed => 50,
            RefSlip::Missing | RefSlip::Extra => 45,
            RefSlip::Wrong => 40,
        }
    }
}

/// A receipt held in suspense.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Receipt<'a> {
    /// The reference as given (may be empty).
    pub reference: &'a str,
    /// The amount received.
    pub amount: Money,
    /// The payer's name or reference as given (may be empty).
    pub payer: &'a str,
}

/// An account a receipt might belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate<'a> {
    /// Its reference.
    pub reference: &'a str,
    /// Its holders' names as the system writes them.
    pub holders: &'a [&'a str],
    /// Amounts it is due that a payer would pay: its next instalment, its
    /// arrears, its balance.
    pub amounts: &'a [Money],
}

/// A candidate scored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuspenseMatch {
    /// 0 to 100: reference up to 60, amount 25, name up to 20 (capped).
    pub score: u32,
    /// The reference slip, when the references are close.
    pub slip: Option<RefSlip>,
    /// Whether the amount equals one the account is due.
    pub amount_agrees: bool,
    /// Whether the payer's name names a holder (surname).
    pub name_agrees: bool,
    /// The evidence in words.
    pub why: String,
}

/// A reference made comparable: letters and digits only, upper case.
pub fn normalise_reference(reference: &str) -> String {
    reference
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect::<String>()
        .trim_start_matches('0')
        .to_string()
}

/// How `given` differs from `known` by one slip, if it does (both
/// normalised first).
pub fn slip(given: &str, known: &str) -> Option<RefSlip> {
    let (g, k) = (normalise_reference(given), normalise_reference(known));
    let (g, k) = (g.as_bytes(), k.as_bytes());
    if g.is_empty() || k.is_empty() {
        return None;
    }
    if g == k {
        return Some(RefSlip::Same);
    }
    if g.len() == k.len() {
        let diffs: Vec<usize> = (0..g.len()).filter(|&i| g[i] != k[i]).collect();
        return match diffs.as_slice() {
            [_] => Some(RefSlip::Wrong),
            [a, b] if *b == a + 1 && g[*a] == k[*b] && g[*b] == k[*a] => Some(RefSlip::Transposed),
            _ => None,
        };
    }
    let one_deleted = |long: &[u8], short: &[u8]| {
        long.len() == short.len() + 1
            && (0..long.len()).any(|i| long[..i] == short[..i] && long[i + 1..] == short[i..])
    };
    if one_deleted(k, g) {
        Some(RefSlip::Missing)
    } else if one_deleted(g, k) {
        Some(RefSlip::Extra)
    } else {
        None
    }
}

/// Every reference one slip away from `given` (normalised): the ones an
/// account's reference could be if the payer made one slip writing it. A
/// caller looks each up among a service's accounts. Digits are tried for a
/// missing or wrong character, so a reference of n characters gives about
/// 20n variants.
pub fn reference_slips(given: &str) -> Vec<(String, RefSlip)> {
    let g: Vec<u8> = normalise_reference(given).into_bytes();
    let mut out: Vec<(String, RefSlip)> = Vec::new();
    if g.is_empty() {
        return out;
    }
    // A variant with a leading zero is no normalised reference.
    let text = |b: &[u8]| match b.first() {
        Some(b'0') | None => String::new(),
        _ => String::from_utf8_lossy(b).into_owned(),
    };
    out.push((text(&g), RefSlip::Same));
    for i in 0..g.len().saturating_sub(1) {
        if g[i] != g[i + 1] {
            let mut v = g.clone();
            v.swap(i, i + 1);
            out.push((text(&v), RefSlip::Transposed));
        }
    }
    // The account's reference has one more character than the receipt's.
    for i in 0..=g.len() {
        for d in b'0'..=b'9' {
            let mut v = g.clone();
            v.insert(i, d);
            out.push((text(&v), RefSlip::Missing));
        }
    }
    // ... or one fewer.
    if g.len() > 1 {
        for i in 0..g.len() {
            let mut v = g.clone();
            v.remove(i);
            out.push((text(&v), RefSlip::Extra));
        }
    }
    for i in 0..g.len() {
        for d in b'0'..=b'9' {
            if g[i] != d {
                let mut v = g.clone();
                v[i] = d;
                out.push((text(&v), RefSlip::Wrong));
            }
        }
    }
    // One variant once, with its likeliest slip.
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    out.retain(|(v, _)| !v.is_empty());
    out
}

/// Name tokens: letters only, upper case, without titles.
fn tokens(name: &str) -> Vec<String> {
    const TITLES: [&str; 8] = ["MR", "MRS", "MS", "MISS", "DR", "MX", "REV", "SIR"];
    name.split(|c: char| !c.is_ascii_alphabetic() && c != '\'')
        .map(|t| t.replace('\'', "").to_ascii_uppercase())
        .filter(|t| !t.is_empty() && !TITLES.contains(&t.as_str()))
        .collect()
}

/// The holder's surname as the system writes the name: `SURNAME, FORENAMES`
/// or `Forename Surname`.
fn surname_and_initial(holder: &str) -> Option<(String, Option<char>)> {
    match holder.split_once(',') {
        Some((surname, rest)) => {
            let s = tokens(surname).join("");
            let initial = tokens(rest).first().and_then(|t| t.chars().next());
            (!s.is_empty()).then_some((s, initial))
        }
        None => {
            let t = tokens(holder);
            let surname = t.last()?.clone();
            let initial = (t.len() > 1).then(|| t[0].chars().next()).flatten();
            Some((surname, initial))
        }
    }
}

/// Scores `account` as the home of `receipt`; `None` when there is no
/// evidence for it: neither a close reference nor both the amount and the
/// name.
pub fn score(receipt: &Receipt<'_>, account: &Candidate<'_>) -> Option<SuspenseMatch> {
    let slip = slip(receipt.reference, account.reference);
    let amount_agrees = receipt.amount.is_positive() && account.amounts.contains(&receipt.amount);
    let payer = tokens(receipt.payer);
    let named = account
        .holders
        .iter()
        .filter_map(|h| surname_and_initial(h))
        .find(|(surname, _)| payer.contains(surname));
    let name_agrees = named.is_some();
    let initial_agrees = named.as_ref().is_some_and(|(surname, initial)| {
        initial.is_some_and(|i| payer.iter().any(|t| t != surname && t.starts_with(i)))
    });
    if slip.is_none() && !(amount_agrees && name_agrees) {
        return None;
    }
    let mut points = slip.map(RefSlip::points).unwrap_or(0);
    let mut why: Vec<String> = Vec::new();
    match slip {
        Some(s) => why.push(format!(
            "reference {} is {} {}",
            receipt.reference,
            account.reference,
            s.words()
        )),
        None if receipt.reference.trim().is_empty() => why.push("no reference given".into()),
        None => why.push(format!(
            "reference {} is not close to {}",
            receipt.reference, account.reference
        )),
    }
    if amount_agrees {
        points += 25;
        why.push(format!(
            "{} is an amount the account is due ({})",
            receipt.amount, receipt.amount
        ));
    }
    if let Some((surname, initial)) = &named {
        points += if initial_agrees { 20 } else { 15 };
        why.push(if initial_agrees {
            format!(
                "payer {} has the holder's surname {surname} and initial {}",
                receipt.payer,
                initial.unwrap_or(' ')
            )
        } else {
            format!("payer {} has the holder's surname {surname}", receipt.payer)
        });
    }
    Some(SuspenseMatch {
        score: points.min(100),
        slip,
        amount_agrees,
        name_agrees,
        why: why.join("; "),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(t: &str) -> Money {
        Money::parse(t).unwrap_or_default()
    }

    #[test]
    fn every_kind_of_slip_is_named() {
        assert_eq!(slip("30045812", "30045821"), Some(RefSlip::Transposed));
        assert_eq!(slip("3004582", "30045821"), Some(RefSlip::Missing));
        assert_eq!(slip("300458211", "30045821"), Some(RefSlip::Extra));
        assert_eq!(slip("30045831", "30045821"), Some(RefSlip::Wrong));
        assert!(slip("ct 0030045821", "30045821").is_none());
        assert_eq!(slip("0030045821", "30045821"), Some(RefSlip::Same));
        assert_eq!(slip("rt004512", "RT004512"), Some(RefSlip::Same));
        assert_eq!(slip("30054812", "30045821"), None); // two slips
        assert_eq!(slip("", "30045821"), None);
    }

    #[test]
    fn the_slips_of_a_reference_include_every_account_one_slip_away() {
        let variants = reference_slips("30045812");
        let has = |r: &str, s: RefSlip| variants.iter().any(|(v, k)| v == r && *k == s);
        assert!(has("30045821", RefSlip::Transposed));
        assert!(has("300458120", RefSlip::Missing));
        assert!(has("3004581", RefSlip::Extra));
        assert!(has("30045813", RefSlip::Wrong));
        // Each variant is what `slip` says it is.
        for (v, k) in &variants {
            assert_eq!(slip("30045812", v), Some(*k), "{v}");
        }
    }

    #[test]
    fn a_receipt_with_no_reference_needs_both_amount_and_name() {
        let holders = ["Mr William Jones"];
        let amounts = [m("90.00")];
        let account = Candidate {
            reference: "30051177",
            holders: &holders,
            amounts: &amounts,
        };
        let r = |amount: &str, payer: &'static str| Receipt {
            reference: "",
            amount: m(amount),
            payer,
        };
        let both = score(&r("90.00", "W JONES"), &account).unwrap();
        assert_eq!(
            (both.score, both.name_agrees, both.amount_agrees),
            (45, true, true)
        );
        assert!(score(&r("90.00", "A SMITH"), &account).is_none());
        assert!(score(&r("91.00", "W JONES"), &account).is_none());
        // Surname alone, a different initial: fewer points.
        assert_eq!(score(&r("90.00", "P JONES"), &account).unwrap().score, 40);
    }
}

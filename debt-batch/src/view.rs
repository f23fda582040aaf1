//! The household view stage: every account joined to the person and
//! household the matching stage found for it, grouped by household, each
//! household's view built by debt-core ([`HouseholdView::build`], the same
//! code a contact-centre service calls for one household), and the
//! situations an officer must act on found in each ([`exceptions::find`]).
//!
//! The join (accounts to matching results) and the grouping (accounts by
//! household, with their balances and arrears summed in integer pence) are
//! done with polars. Those sums are an independent check: every run asserts
//! that each household's totals as debt-core built them equal polars' sums,
//! and that the households' totals plus the unassigned accounts add up to
//! the accounts' totals, to the penny ([`BatchError::Invariant`] otherwise).
//!
//! An account belongs to the household of its lead party (the first party
//! the config names: lead liable person, tenant, claimant, debtor, keeper);
//! other parties are listed with it. An account that names no person is
//! listed as unassigned with the reason, never dropped.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use debt_core::exceptions::{self, Exception, ExceptionKind, ExceptionRules};
use debt_core::household::{
    Circumstances, HouseholdAccount, HouseholdId, HouseholdView, Member, Residence,
};
use debt_core::{Money, Rates};
use polars::prelude::*;
use rayon::prelude::*;

use crate::error::BatchError;

/// A hash map with a fast, non-cryptographic hasher for the stage's own
/// lookups (keys are the run's ids, not attacker-chosen; order never leaks
/// into outputs, which are sorted).
type Fx<K, V> = rustc_hash::FxHashMap<K, V>;
use crate::ingest::{InputFile, PeopleDetail, PeopleRecord};
use crate::matching::Matching;
use crate::positions::AccountResult;

/// Where an account went.
#[derive(Debug, Clone, PartialEq)]
pub enum Placement {
    /// In a household, as this person's.
    Household {
        /// The household.
        household_id: String,
        /// The lead party's person.
        person_id: String,
        /// Their role on the account.
        role: String,
        /// Other parties' persons (joint liable, joint tenant), in order.
        others: Vec<String>,
        /// The record that says where the person lives now.
        residence_record: String,
        /// What kind of evidence that record is.
        residence: Residence,
        /// The probability of the direct link between the account's record
        /// and that record, when they are two records linked directly.
        link_probability: Option<f64>,
    },
    /// In no household.
    Unassigned {
        /// Why.
        reason: String,
        /// The lead party's person, when the account names one.
        person_id: Option<String>,
    },
}

/// Everything the view stage produced.
#[derive(Debug, Default)]
pub struct Views {
    /// Every household, by id.
    pub households: Vec<HouseholdView>,
    /// Each household's address line and postcode, by UPRN.
    pub addresses: HashMap<u64, (String, String)>,
    /// Where each account (in `RunResult::accounts` order) went.
    pub placements: Vec<Placement>,
    /// The situations to act on, by kind, household and accounts.
    pub exceptions: Vec<Exception>,
}

impl Views {
    /// The household and person of account `index`, if it has them.
    pub fn person_and_household(&self, index: usize) -> (&str, &str) {
        match self.placements.get(index) {
            Some(Placement::Household {
                household_id,
                person_id,
                ..
            }) => (person_id.as_str(), household_id.as_str()),
            Some(Placement::Unassigned {
                person_id: Some(person_id),
                ..
            }) => (person_id.as_str(), ""),
            _ => ("", ""),
        }
    }
}

/// What the view stage reads besides the accounts and matching.
pub struct ViewInputs<'a> {
    /// Breathing space notices, vulnerability flags, statements.
    pub people: &'a [PeopleRecord],
    /// Every input file (for source rows).
    pub files: &'a [InputFile],
    /// The gazetteer's address of every UPRN: line and postcode.
    pub addresses: HashMap<u64, (String, String)>,
    /// Which situations to look for.
    pub rules: &'a ExceptionRules,
    /// The dated rate tables.
    pub rates: &'a Rates,
    /// The run's date.
    pub as_of: NaiveDate,
    /// Receipts held in suspense (naming no account).
    pub suspense: &'a [crate::records::SuspenseItem],
}

/// The key of an account party's record, as the matching stage makes it.
fn party_keys(a: &AccountResult) -> Vec<(String, String)> {
    let r = &a.record;
    let mut seen: BTreeMap<&str, u32> = BTreeMap::new();
    r.parties
        .iter()
        .map(|party| {
            let role = party.role.map(|r| r.code()).unwrap_or("party");
            let n = seen.entry(role).or_default();
            *n += 1;
            let key = if *n == 1 {
                format!("{}:{}:{}", r.source, r.account.reference, role)
            } else {
                format!("{}:{}:{}:{}", r.source, r.account.reference, role, n)
            };
            (key, role.to_string())
        })
        .collect()
}

/// One household's accounts as polars grouped them: its id, the indices of
/// its accounts, and their balances and arrears summed in pence.
struct Group {
    household: String,
    accounts: Vec<u32>,
    balance: i64,
    arrears: i64,
}

fn polars_error(e: PolarsError) -> BatchError {
    BatchError::Invariant(format!("the household grouping failed: {e}"))
}

/// Joins each account's lead record to its household and groups the
/// accounts by household with polars: the account indices of each household
/// (households in id order) and, per household, the sums of balance and
/// arrears in pence.
fn group_accounts(
    accounts: &[AccountResult],
    lead_keys: &[Option<String>],
    matching: &Matching,
) -> Result<Vec<Group>, BatchError> {
    let pence = |m: Money| m.to_pence().unwrap_or(i64::MAX);
    let index: Vec<u32> = (0..accounts.len() as u32).collect();
    let keys: Vec<Option<&str>> = lead_keys.iter().map(|k| k.as_deref()).collect();
    let balance: Vec<i64> = accounts.iter().map(|a| pence(a.position.balance)).collect();
    let arrears: Vec<i64> = accounts.iter().map(|a| pence(a.position.arrears)).collect();
    let accounts_frame = DataFrame::new_infer_height(vec![
        Column::new("account".into(), index),
        Column::new("key".into(), keys),
        Column::new("balance".into(), balance),
        Column::new("arrears".into(), arrears),
    ])
    .map_err(polars_error)?;
    let record_keys: Vec<&str> = matching.records.iter().map(|r| r.key.as_str()).collect();
    let households: Vec<&str> = matching
        .records
        .iter()
        .map(|r| r.household_id.as_str())
        .collect();
    let records_frame = DataFrame::new_infer_height(vec![
        Column::new("key".into(), record_keys),
        Column::new("household".into(), households),
    ])
    .map_err(polars_error)?;
    let joined = accounts_frame
        .join(
            &records_frame,
            ["key"],
            ["key"],
            JoinArgs::new(JoinType::Inner),
            None,
        )
        .map_err(polars_error)?;
    let grouped = joined
        .group_by_stable(["household"])
        .map_err(polars_error)?;
    let keys = grouped.keys();
    let groups = grouped.get_groups();
    let column = |name: &str| joined.column(name).map_err(polars_error);
    let account_col = column("account")?.u32().map_err(polars_error)?.clone();
    let balance_col = column("balance")?.i64().map_err(polars_error)?.clone();
    let arrears_col = column("arrears")?.i64().map_err(polars_error)?.clone();
    let household_col = keys
        .first()
        .ok_or_else(|| polars_error(PolarsError::NoData("no group keys".into())))?
        .str()
        .map_err(polars_error)?
        .clone();
    let mut out = Vec::with_capacity(groups.len());
    for (g, rows) in groups.iter().enumerate() {
        let rows: Vec<usize> = match rows {
            GroupsIndicator::Idx((_, idx)) => idx.iter().map(|i| *i as usize).collect(),
            GroupsIndicator::Slice([first, len]) => {
                (first as usize..(first + len) as usize).collect()
            }
        };
        out.push(Group {
            household: household_col.get(g).unwrap_or("").to_string(),
            accounts: rows.iter().filter_map(|&i| account_col.get(i)).collect(),
            balance: rows.iter().filter_map(|&i| balance_col.get(i)).sum(),
            arrears: rows.iter().filter_map(|&i| arrears_col.get(i)).sum(),
        });
    }
    out.sort_by(|a, b| a.household.cmp(&b.household));
    Ok(out)
}

/// Builds every household's view and its situations.
pub fn build(
    accounts: &[AccountResult],
    matching: &Matching,
    inputs: ViewInputs<'_>,
) -> Result<Views, BatchError> {
    let by_key: Fx<&str, usize> = matching
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.key.as_str(), i))
        .collect();
    let source_of: Fx<&str, usize> = matching
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.key.as_str(), i))
        .collect();
    // Each person's home record and name, from the matching stage.
    let mut residence_of: Fx<&str, &str> = Fx::default();
    let mut name_of: Fx<&str, String> = Fx::default();
    let mut members_of: Fx<&str, Vec<&str>> = Fx::default();
    for r in &matching.records {
        if r.residence {
            residence_of.insert(r.person_id.as_str(), r.key.as_str());
        }
        members_of
            .entry(r.household_id.as_str())
            .or_default()
            .push(r.person_id.as_str());
    }
    for r in &matching.records {
        let residence_key = residence_of.get(r.person_id.as_str()).copied();
        // The name on the record that says where they live, else the first.
        if residence_key == Some(r.key.as_str()) || !name_of.contains_key(r.person_id.as_str()) {
            let name = source_of
                .get(r.key.as_str())
                .map(|&i| matching.sources[i].display_name.clone())
                .unwrap_or_default();
            name_of.insert(r.person_id.as_str(), name);
        }
    }
    let probabilities: Fx<(u32, u32), f64> = matching
        .linkage
        .links
        .iter()
        .map(|l| ((l.a.min(l.b), l.a.max(l.b)), l.probability))
        .collect();
    let link_probability = |a: &str, b: &str| -> Option<f64> {
        let (ia, ib) = (*source_of.get(a)? as u32, *source_of.get(b)? as u32);
        probabilities.get(&(ia.min(ib), ia.max(ib))).copied()
    };

    let mut lead_keys: Vec<Option<String>> = Vec::with_capacity(accounts.len());
    let mut placements: Vec<Placement> = Vec::with_capacity(accounts.len());
    for a in accounts {
        let keys = party_keys(a);
        let lead = keys
            .first()
            .and_then(|(k, role)| by_key.get(k.as_str()).map(|&i| (i, role.clone())));
        match lead {
            None => {
                lead_keys.push(None);
                placements.push(Placement::Unassigned {
                    reason: if keys.is_empty() {
                        "the account names no person".into()
                    } else {
                        "its person record was not linked".into()
                    },
                    person_id: None,
                });
            }
            Some((i, _)) if matching.records[i].household_id.starts_with("H-") => {
                // No household: an organisation, or a person whose records
                // say nothing of where they live now.
                let r = &matching.records[i];
                let organisation = source_of
                    .get(r.key.as_str())
                    .map(|&s| &matching.sources[s])
                    .filter(|s| s.record.name.is_organisation)
                    .map(|s| s.display_name.clone());
                lead_keys.push(None);
                placements.push(Placement::Unassigned {
                    reason: match organisation {
                        Some(name) => format!("the account holder is an organisation ({name}), not a household"),
                        None => "no record says where the person lives now (no current liability, claim, notice or forwarding address matched to the gazetteer)".into(),
                    },
                    person_id: Some(r.person_id.clone()),
                });
            }
            Some((i, role)) => {
                let r = &matching.records[i];
                let residence_record = residence_of
                    .get(r.person_id.as_str())
                    .copied()
                    .unwrap_or("")
                    .to_string();
                let residence = source_of
                    .get(residence_record.as_str())
                    .map(|&s| matching.sources[s].residence)
                    .unwrap_or(Residence::FormerAddress);
                let others = keys
                    .iter()
                    .skip(1)
                    .filter_map(|(k, _)| by_key.get(k.as_str()))
                    .map(|&j| matching.records[j].person_id.clone())
                    .filter(|p| p != &r.person_id)
                    .collect();
                let probability = if residence_record == r.key {
                    None
                } else {
                    link_probability(&r.key, &residence_record)
                };
                lead_keys.push(Some(r.key.clone()));
                placements.push(Placement::Household {
                    household_id: r.household_id.clone(),
                    person_id: r.person_id.clone(),
                    role,
                    others,
                    residence_record,
                    residence,
                    link_probability: probability,
                });
            }
        }
    }
    let groups = group_accounts(accounts, &lead_keys, matching)?;

    // Circumstances by person.
    let person_of_record = |source: &str, reference: &str| -> Option<&str> {
        by_key
            .get(format!("{source}:{reference}").as_str())
            .map(|&i| matching.records[i].person_id.as_str())
    };
    let mut circumstances: Fx<&str, Circumstances> = Fx::default();
    for p in inputs.people {
        let Some(person) = person_of_record(&p.source, &p.record_ref) else {
            continue;
        };
        let c = circumstances.entry(person).or_default();
        match &p.detail {
            PeopleDetail::BreathingSpace(bs) => c.breathing_spaces.push((person.to_string(), *bs)),
            PeopleDetail::Vulnerability { flag, .. } => {
                c.vulnerabilities.push((person.to_string(), flag.clone()))
            }
            PeopleDetail::IncomeExpenditure { .. } => {}
        }
    }
    let rules_bs = inputs
        .rates
        .breathing_space
        .at(inputs.as_of)
        .map_err(|e| BatchError::Invariant(format!("breathing space rules: {e}")))?;

    // Every household of a property with a member, whether or not it has
    // accounts (a person with nowhere known is in none).
    let mut ids: Vec<&str> = members_of
        .keys()
        .copied()
        .filter(|id| !id.starts_with("H-"))
        .collect();
    ids.sort();
    let grouped: Fx<&str, &Group> = groups.iter().map(|g| (g.household.as_str(), g)).collect();
    // Receipts in suspense that may be each household's.
    let mut suspense_of: HashMap<String, Vec<Exception>> = HashMap::new();
    if !inputs.rules.off.contains(&ExceptionKind::SuspenseMatch) {
        for e in suspense_matches(accounts, &placements, inputs.files, inputs.suspense) {
            suspense_of
                .entry(e.household_id.clone())
                .or_default()
                .push(e);
        }
    }
    let built: Vec<Result<(HouseholdView, Vec<Exception>), BatchError>> = ids
        .par_iter()
        .map(|&id| {
            let mut persons: Vec<&str> = members_of.get(id).cloned().unwrap_or_default();
            persons.sort();
            persons.dedup();
            let members = persons
                .iter()
                .map(|p| Member::new(p, name_of.get(p).map(String::as_str).unwrap_or("")))
                .collect();
            let mut household_circumstances = Circumstances::default();
            for p in &persons {
                if let Some(c) = circumstances.get(p) {
                    household_circumstances
                        .breathing_spaces
                        .extend(c.breathing_spaces.iter().cloned());
                    household_circumstances
                        .vulnerabilities
                        .extend(c.vulnerabilities.iter().cloned());
                }
            }
            let suspense = suspense_of.get(id).map(Vec::as_slice).unwrap_or(&[]);
            // Receipts, not candidate accounts: one receipt may fit two.
            let mut receipts: Vec<&str> = suspense.iter().map(|e| e.rows[0].as_str()).collect();
            receipts.sort_unstable();
            receipts.dedup();
            household_circumstances.suspense_items = receipts.len() as u32;
            let group = grouped.get(id);
            let rows: Vec<HouseholdAccount> = group
                .map(|g| g.accounts.as_slice())
                .unwrap_or(&[])
                .iter()
                .map(|&i| household_account(accounts, &placements, inputs.files, i as usize))
                .collect();
            let household_id = HouseholdId::parse(id)
                .map_err(|e| BatchError::Invariant(format!("household id {id}: {e}")))?;
            let view = HouseholdView::build(
                household_id,
                members,
                rows,
                &household_circumstances,
                inputs.as_of,
                rules_bs,
            )
            .map_err(|e| BatchError::Invariant(format!("household {id}: {e}")))?;
            // debt-core's totals against polars' sums.
            let (balance, arrears) = group.map(|g| (g.balance, g.arrears)).unwrap_or((0, 0));
            if view.totals.balance != Money::from_pence(balance)
                || view.totals.arrears != Money::from_pence(arrears)
            {
                return Err(BatchError::Invariant(format!(
                    "household {id}: totals {} / {} but its accounts sum to {} / {}",
                    view.totals.balance,
                    view.totals.arrears,
                    Money::from_pence(balance),
                    Money::from_pence(arrears)
                )));
            }
            let found = exceptions::find(
                &view,
                &household_circumstances,
                inputs.rules,
                inputs.rates,
                inputs.as_of,
            )
            .map_err(|e| BatchError::Invariant(format!("household {id}: {e}")))?;
            let mut found = found;
            found.extend(suspense.iter().cloned());
            Ok((view, found))
        })
        .collect();
    let mut households = Vec::with_capacity(built.len());
    let mut exceptions = Vec::new();
    for b in built {
        let (view, found) = b?;
        households.push(view);
        exceptions.extend(found);
    }
    check_nothing_lost(accounts, &placements, &households)?;
    Ok(Views {
        households,
        addresses: inputs.addresses,
        placements,
        exceptions,
    })
}

/// One account as its household's view shows it.
fn household_account(
    accounts: &[AccountResult],
    placements: &[Placement],
    files: &[InputFile],
    i: usize,
) -> HouseholdAccount {
    let a = &accounts[i];
    let (person, role, why) = match &placements[i] {
        Placement::Household {
            person_id,
            role,
            residence_record,
            residence,
            link_probability,
            ..
        } => (
            person_id.as_str(),
            role.as_str(),
            why(residence_record, *residence, *link_probability),
        ),
        Placement::Unassigned { reason, .. } => ("", "", reason.clone()),
    };
    let mut h = HouseholdAccount::new(
        &a.record.source,
        &a.record.account,
        person,
        role,
        a.position.clone(),
    );
    h.years = a.years.clone();
    h.costs = a.costs.clone();
    h.source_row = format!(
        "{}:{}",
        files
            .get(a.record.row.file as usize)
            .map(|f| f.display.as_str())
            .unwrap_or(""),
        a.record.row.line
    );
    h.why = why;
    h
}

/// Why an account is in its household, in words.
pub fn why(residence_record: &str, residence: Residence, probability: Option<f64>) -> String {
    let evidence = match residence {
        Residence::CurrentLiability => "a current council tax liability or tenancy",
        Residence::CurrentClaimOrNotice => "a current claim, notice or statement",
        Residence::ForwardingAddress => "the forwarding address on a closed account",
        Residence::DebtAddress => "the address on a current debt",
        Residence::FormerAddress | Residence::BusinessPremises => "no evidence of a home",
    };
    match probability {
        Some(p) => format!(
            "the person lives here by {residence_record} ({evidence}), linked to this account's record with probability {p:.4}"
        ),
        None if residence_record.is_empty() => "no record says where the person lives".into(),
        None => format!("the person lives here by {residence_record} ({evidence})"),
    }
}

/// Every account is in exactly one household or unassigned, and the
/// households' totals plus the unassigned accounts add up to the accounts'
/// totals, to the penny.
fn check_nothing_lost(
    accounts: &[AccountResult],
    placements: &[Placement],
    households: &[HouseholdView],
) -> Result<(), BatchError> {
    let all_balance: Money = accounts.iter().map(|a| a.position.balance).sum();
    let all_arrears: Money = accounts.iter().map(|a| a.position.arrears).sum();
    let unassigned: Vec<usize> = placements
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p, Placement::Unassigned { .. }))
        .map(|(i, _)| i)
        .collect();
    let placed: u64 = households.iter().map(|h| h.totals.accounts).sum();
    let balance: Money = households.iter().map(|h| h.totals.balance).sum::<Money>()
        + unassigned
            .iter()
            .map(|&i| accounts[i].position.balance)
            .sum::<Money>();
    let arrears: Money = households.iter().map(|h| h.totals.arrears).sum::<Money>()
        + unassigned
            .iter()
            .map(|&i| accounts[i].position.arrears)
            .sum::<Money>();
    if placed + unassigned.len() as u64 != accounts.len() as u64
        || balance != all_balance
        || arrears != all_arrears
    {
        return Err(BatchError::Invariant(format!(
            "households hold {placed} accounts and {} are unassigned of {}; balances {balance} against {all_balance}, arrears {arrears} against {all_arrears}",
            unassigned.len(),
            accounts.len()
        )));
    }
    Ok(())
}

/// The receipts in suspense, each with the accounts it most likely belongs
/// to (debt_core::suspense): accounts of the same source whose reference is
/// one slip from the receipt's, found by lookup, and, for a receipt with no
/// usable reference, accounts whose holder the payer names and whose
/// instalment, arrears or balance the amount equals. A reference slip alone
/// counts only when it fits one account; the best three candidates become
/// `suspense_match` rows in the candidate account's household.
fn suspense_matches(
    accounts: &[AccountResult],
    placements: &[Placement],
    files: &[InputFile],
    suspense: &[crate::records::SuspenseItem],
) -> Vec<Exception> {
    use debt_core::suspense::{normalise_reference, reference_slips, score, Candidate, Receipt};
    if suspense.is_empty() {
        return Vec::new();
    }
    // Accounts in a household, by source and normalised reference, and by
    // source and holder surname.
    let mut by_ref: HashMap<(&str, String), Vec<usize>> = HashMap::new();
    let mut by_surname: HashMap<(&str, String), Vec<usize>> = HashMap::new();
    for (i, a) in accounts.iter().enumerate() {
        if !matches!(placements.get(i), Some(Placement::Household { .. })) {
            continue;
        }
        let source = a.record.source.as_str();
        by_ref
            .entry((source, normalise_reference(&a.record.account.reference)))
            .or_default()
            .push(i);
        for p in &a.record.parties {
            let surname = p
                .surname
                .clone()
                .or_else(|| p.name.split(',').next().map(str::to_string))
                .unwrap_or_default()
                .to_ascii_uppercase()
                .replace(|c: char| !c.is_ascii_alphabetic(), "");
            if !surname.is_empty() {
                by_surname.entry((source, surname)).or_default().push(i);
            }
        }
    }
    let row_of = |i: usize| {
        let a = &accounts[i];
        format!(
            "{}:{}",
            files
                .get(a.record.row.file as usize)
                .map(|f| f.display.as_str())
                .unwrap_or(""),
            a.record.row.line
        )
    };
    let mut out = Vec::new();
    for item in suspense {
        let mut candidates: Vec<usize> = reference_slips(&item.reference)
            .into_iter()
            .filter_map(|(variant, _)| by_ref.get(&(item.source.as_str(), variant)))
            .flatten()
            .copied()
            .collect();
        for token in item
            .payer
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|t| t.len() > 1)
        {
            if let Some(found) = by_surname.get(&(item.source.as_str(), token.to_ascii_uppercase()))
            {
                candidates.extend(found.iter().copied());
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let receipt = Receipt {
            reference: &item.reference,
            amount: item.amount,
            payer: &item.payer,
        };
        let mut scored: Vec<(u32, usize, debt_core::suspense::SuspenseMatch)> = candidates
            .into_iter()
            .filter_map(|i| {
                let a = &accounts[i];
                let holders: Vec<&str> = a.record.parties.iter().map(|p| p.name.as_str()).collect();
                let mut amounts = vec![a.position.arrears, a.position.balance];
                amounts.extend(a.ongoing);
                let m = score(
                    &receipt,
                    &Candidate {
                        reference: &a.record.account.reference,
                        holders: &holders,
                        amounts: &amounts,
                    },
                )?;
                Some((m.score, i, m))
            })
            .collect();
        // A reference slip alone is evidence only when it points at one
        // account: where references are dense and sequential, a missing or
        // wrong digit fits ten accounts, and proposing ten households helps
        // no one. With the amount or the payer's name beside it, it counts.
        let by_reference_alone = scored
            .iter()
            .filter(|s| !s.2.amount_agrees && !s.2.name_agrees)
            .count();
        scored.retain(|s| s.2.amount_agrees || s.2.name_agrees || by_reference_alone == 1);
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for (points, i, m) in scored.into_iter().take(3) {
            let Some(Placement::Household {
                household_id,
                person_id,
                ..
            }) = placements.get(i)
            else {
                continue;
            };
            let a = &accounts[i];
            out.push(Exception {
                kind: ExceptionKind::SuspenseMatch,
                household_id: household_id.clone(),
                person_ids: vec![person_id.clone()],
                accounts: vec![format!("{}:{}", a.record.source, a.record.account.reference)],
                amount: item.amount,
                detail: format!(
                    "a receipt of {} on {} held in suspense ({}:{}) may be for {} account {} (score {points} of 100): {}. Check before allocating it",
                    item.amount,
                    item.date,
                    item.file,
                    item.line,
                    a.record.account.service.code().replace('_', " "),
                    a.record.account.reference,
                    m.why
                ),
                rows: vec![format!("{}:{}", item.file, item.line), row_of(i)],
            });
        }
    }
    out
}

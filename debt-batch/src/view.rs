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
//!
//! Nothing is copied to make the view: a debt-core view borrows the run's
//! accounts, positions and names while its totals and situations are found,
//! and what the stage keeps is indices. A placement names records of the
//! matching stage ([`Matching::records`]) by index, a [`Household`] its
//! members' records and its accounts (in `RunResult::accounts`)
//! by index; the outputs read the text through them when they write, and
//! `why` an account is in its household is written only then.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use debt_core::exceptions::{self, Exception, ExceptionKind, ExceptionRules};
use debt_core::household::{
    Circumstances, HouseholdAccount, HouseholdFlags, HouseholdId, HouseholdTotals, HouseholdView,
    Member, Residence, RowRef,
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
    /// In a household, as this person's. Records are indices into the
    /// matching stage's [`Matching::records`] (and its `sources`, which are
    /// in the same order).
    Household {
        /// The lead party's record: the account's person and household are
        /// this record's.
        record: u32,
        /// Their role on the account.
        role: &'static str,
        /// The records of the other parties (joint liable, joint tenant)
        /// who are other persons, in order.
        others: Vec<u32>,
        /// The record that says where the person lives now.
        residence_record: Option<u32>,
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

/// One household of the view: its row's figures, and its members and
/// accounts by index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Household {
    /// The household.
    pub id: HouseholdId,
    /// Each member's record that gives their home and the name shown (an
    /// index into [`Matching::records`]), by person id.
    pub members: Vec<u32>,
    /// Its accounts, by source and reference (indices into the run's
    /// accounts).
    pub accounts: Vec<u32>,
    /// The totals, each the sum of its accounts' (as debt-core built them).
    pub totals: HouseholdTotals,
    /// The flags.
    pub flags: HouseholdFlags,
}

/// Everything the view stage produced.
#[derive(Debug, Default)]
pub struct Views {
    /// Every household, by id.
    pub households: Vec<Household>,
    /// Each household's address line and postcode, by UPRN.
    pub addresses: HashMap<u64, (String, String)>,
    /// Where each account (in `RunResult::accounts` order) went.
    pub placements: Vec<Placement>,
    /// The situations to act on, by kind, household and accounts.
    pub exceptions: Vec<Exception>,
}

impl Views {
    /// The person and household of account `index`, if it has them
    /// (`matching` is the run's, whose records the placements name).
    pub(crate) fn person_and_household<'a>(
        &'a self,
        index: usize,
        matching: &'a Matching,
    ) -> (&'a str, &'a str) {
        match self.placements.get(index) {
            Some(Placement::Household { record, .. }) => matching
                .records
                .get(*record as usize)
                .map(|r| (r.person_id.as_str(), r.household_id.as_str()))
                .unwrap_or(("", "")),
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

/// The matching stage's records by key, and each person's record that says
/// where they live (else their first), for placing accounts.
struct Records<'m> {
    matching: &'m Matching,
    by_key: Fx<&'m str, u32>,
    /// Per person (cluster): the record shown for them.
    shown: Vec<Option<u32>>,
    /// Per person: the record that says where they live now.
    home: Vec<Option<u32>>,
    /// The direct links' probabilities, by the two records (lower first).
    probabilities: Fx<(u32, u32), f64>,
}

impl<'m> Records<'m> {
    fn new(matching: &'m Matching) -> Result<Records<'m>, BatchError> {
        let records = &matching.records;
        let cluster = &matching.linkage.cluster;
        // Record i is source i, of person cluster[i]: the stage indexes all
        // three by one number.
        if records.len() != matching.sources.len()
            || records.len() != cluster.len()
            || !records
                .par_iter()
                .zip(matching.sources.par_iter())
                .all(|(r, s)| r.key == s.key)
        {
            return Err(BatchError::Invariant(
                "the matching stage's records are not its linked sources, in order".into(),
            ));
        }
        let mut by_key = Fx::with_capacity_and_hasher(records.len(), Default::default());
        by_key.extend(
            records
                .iter()
                .enumerate()
                .map(|(i, r)| (r.key.as_str(), i as u32)),
        );
        let persons = matching.person_of.len();
        let (mut home, mut first) = (vec![None; persons], vec![None; persons]);
        for (i, (r, &c)) in records.iter().zip(cluster).enumerate() {
            if let Some(f) = first.get_mut(c as usize) {
                f.get_or_insert(i as u32);
            }
            if let Some(h) = home.get_mut(c as usize).filter(|_| r.residence) {
                *h = Some(i as u32);
            }
        }
        // The name on the record that says where they live, else the first.
        let shown = home.iter().zip(first).map(|(h, f)| h.or(f)).collect();
        let probabilities = matching
            .linkage
            .links
            .iter()
            .map(|l| ((l.a.min(l.b), l.a.max(l.b)), l.probability))
            .collect();
        Ok(Records {
            matching,
            by_key,
            shown,
            home,
            probabilities,
        })
    }

    fn person(&self, record: u32) -> Option<u32> {
        self.matching.linkage.cluster.get(record as usize).copied()
    }

    /// Where account `a` goes (`key` is room to write record keys in).
    fn place(&self, a: &AccountResult, key: &mut String) -> Placement {
        let m = self.matching;
        let r = &a.record;
        let role_of = |k: usize| r.parties[k].role.map(|r| r.code()).unwrap_or("party");
        // A party's record key, as the matching stage makes it:
        // source:reference:role, and :2, :3 for a role's later parties.
        let mut record_of = |k: usize| -> Option<u32> {
            let role = role_of(k);
            let n = 1 + (0..k).filter(|&j| role_of(j) == role).count();
            key.clear();
            for part in [r.source.as_str(), ":", &r.account.reference, ":", role] {
                key.push_str(part);
            }
            if n > 1 {
                let _ = write!(key, ":{n}");
            }
            self.by_key.get(key.as_str()).copied()
        };
        if r.parties.is_empty() {
            return Placement::Unassigned {
                reason: "the account names no person".into(),
                person_id: None,
            };
        }
        let Some(lead) = record_of(0) else {
            return Placement::Unassigned {
                reason: "its person record was not linked".into(),
                person_id: None,
            };
        };
        let record = &m.records[lead as usize];
        if record.household_id.starts_with("H-") {
            // No household: an organisation, or a person whose records say
            // nothing of where they live now.
            let source = &m.sources[lead as usize];
            return Placement::Unassigned {
                reason: if source.record.name.is_organisation {
                    format!(
                        "the account holder is an organisation ({}), not a household",
                        source.display_name
                    )
                } else {
                    "no record says where the person lives now (no current liability, claim, notice or forwarding address matched to the gazetteer)".into()
                },
                person_id: Some(record.person_id.clone()),
            };
        }
        let residence_record = self
            .person(lead)
            .and_then(|c| self.home.get(c as usize).copied().flatten());
        let residence = residence_record
            .map(|j| m.sources[j as usize].residence)
            .unwrap_or(Residence::FormerAddress);
        let others = (1..r.parties.len())
            .filter_map(&mut record_of)
            .filter(|&j| m.records[j as usize].person_id != record.person_id)
            .collect();
        let link_probability = residence_record
            .filter(|&j| j != lead)
            .and_then(|j| self.probabilities.get(&(lead.min(j), lead.max(j))).copied());
        Placement::Household {
            record: lead,
            role: role_of(0),
            others,
            residence_record,
            residence,
            link_probability,
        }
    }
}

/// One household's accounts as polars grouped them: its UPRN, the indices
/// of its accounts, and their balances and arrears summed in pence.
struct Group {
    household: u64,
    accounts: Vec<u32>,
    balance: i64,
    arrears: i64,
}

fn polars_error(e: PolarsError) -> BatchError {
    BatchError::Invariant(format!("the household grouping failed: {e}"))
}

/// Joins each placed account's lead record to its household and groups the
/// accounts by household with polars: the account indices of each household
/// (households in UPRN order) and, per household, the sums of balance and
/// arrears in pence.
fn group_accounts(
    accounts: &[AccountResult],
    placements: &[Placement],
    matching: &Matching,
) -> Result<Vec<Group>, BatchError> {
    let pence = |m: Money| m.to_pence().unwrap_or(i64::MAX);
    let index: Vec<u32> = (0..accounts.len() as u32).collect();
    let leads: Vec<Option<u32>> = placements
        .iter()
        .map(|p| match p {
            Placement::Household { record, .. } => Some(*record),
            Placement::Unassigned { .. } => None,
        })
        .collect();
    let balance: Vec<i64> = accounts.iter().map(|a| pence(a.position.balance)).collect();
    let arrears: Vec<i64> = accounts.iter().map(|a| pence(a.position.arrears)).collect();
    let accounts_frame = DataFrame::new_infer_height(vec![
        Column::new("account".into(), index),
        Column::new("record".into(), leads),
        Column::new("balance".into(), balance),
        Column::new("arrears".into(), arrears),
    ])
    .map_err(polars_error)?;
    let records: Vec<u32> = (0..matching.records.len() as u32).collect();
    let households: Vec<Option<u64>> = matching
        .linkage
        .cluster
        .iter()
        .map(|&c| {
            matching
                .home_of
                .get(c as usize)
                .and_then(|(id, _)| id.uprn())
        })
        .collect();
    let records_frame = DataFrame::new_infer_height(vec![
        Column::new("record".into(), records),
        Column::new("household".into(), households),
    ])
    .map_err(polars_error)?;
    let joined = accounts_frame
        .join(
            &records_frame,
            ["record"],
            ["record"],
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
        .u64()
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
        let Some(household) = household_col.get(g) else {
            return Err(BatchError::Invariant(format!(
                "{} accounts are placed in a household whose person has no home",
                rows.len()
            )));
        };
        out.push(Group {
            household,
            accounts: rows.iter().filter_map(|&i| account_col.get(i)).collect(),
            balance: rows.iter().filter_map(|&i| balance_col.get(i)).sum(),
            arrears: rows.iter().filter_map(|&i| arrears_col.get(i)).sum(),
        });
    }
    out.sort_by_key(|g| g.household);
    Ok(out)
}

/// One account as its household's view shows it, borrowed from the run.
fn household_account<'a>(
    accounts: &'a [AccountResult],
    placements: &'a [Placement],
    matching: &'a Matching,
    files: &'a [InputFile],
    i: usize,
) -> HouseholdAccount<'a> {
    let a = &accounts[i];
    let (person, role) = match placements.get(i) {
        Some(Placement::Household { record, role, .. }) => (
            matching
                .records
                .get(*record as usize)
                .map(|r| r.person_id.as_str())
                .unwrap_or(""),
            *role,
        ),
        _ => ("", ""),
    };
    let mut h = HouseholdAccount::new(
        &a.record.source,
        &a.record.account,
        person,
        role,
        &a.position,
    );
    h.years = &a.years;
    h.costs = &a.costs;
    h.source_row = Some(RowRef {
        file: files
            .get(a.record.row.file as usize)
            .map(|f| f.display.as_str())
            .unwrap_or(""),
        line: a.record.row.line,
    });
    h
}

/// Builds every household's view and its situations.
pub(crate) fn build(
    accounts: &[AccountResult],
    matching: &Matching,
    inputs: ViewInputs<'_>,
) -> Result<Views, BatchError> {
    let records = Records::new(matching)?;
    let placements: Vec<Placement> = accounts
        .par_iter()
        .map_init(String::new, |key, a| records.place(a, key))
        .collect();
    let groups = group_accounts(accounts, &placements, matching)?;

    // Circumstances by person.
    let mut circumstances: Fx<u32, Circumstances> = Fx::default();
    let mut key = String::new();
    for p in inputs.people {
        key.clear();
        let _ = write!(key, "{}:{}", p.source, p.record_ref);
        let Some(&i) = records.by_key.get(key.as_str()) else {
            continue;
        };
        let (Some(c), Some(r)) = (records.person(i), matching.records.get(i as usize)) else {
            continue;
        };
        let person = r.person_id.as_str();
        let entry = circumstances.entry(c).or_default();
        match &p.detail {
            PeopleDetail::BreathingSpace(bs) => {
                entry.breathing_spaces.push((person.to_string(), *bs))
            }
            PeopleDetail::Vulnerability { flag, .. } => entry
                .vulnerabilities
                .push((person.to_string(), flag.clone())),
            PeopleDetail::IncomeExpenditure { .. } => {}
        }
    }
    let rules_bs = inputs
        .rates
        .breathing_space
        .at(inputs.as_of)
        .map_err(|e| BatchError::Invariant(format!("breathing space rules: {e}")))?;

    // Every household of a property with a member, whether or not it has
    // accounts (a person with nowhere known is in none): each person with a
    // home, by household and person id.
    let mut homes: Vec<(u64, u32)> = matching
        .home_of
        .iter()
        .enumerate()
        .filter_map(|(c, (id, _))| id.uprn().map(|u| (u, c as u32)))
        .collect();
    let person_id = |c: u32| {
        matching
            .person_of
            .get(c as usize)
            .map(String::as_str)
            .unwrap_or("")
    };
    homes.par_sort_unstable_by(|a, b| (a.0, person_id(a.1)).cmp(&(b.0, person_id(b.1))));
    let homes: Vec<&[(u64, u32)]> = homes.chunk_by(|a, b| a.0 == b.0).collect();
    let grouped: Fx<u64, &Group> = groups.iter().map(|g| (g.household, g)).collect();
    // Receipts in suspense that may be each household's.
    let mut suspense_of: Fx<u64, Vec<Exception>> = Fx::default();
    if !inputs.rules.off.contains(&ExceptionKind::SuspenseMatch) {
        for e in suspense_matches(
            accounts,
            &placements,
            matching,
            inputs.files,
            inputs.suspense,
        ) {
            let uprn = HouseholdId::parse(&e.household_id)
                .ok()
                .and_then(|id| id.uprn())
                .unwrap_or(u64::MAX);
            suspense_of.entry(uprn).or_default().push(e);
        }
    }
    let built: Vec<Result<(Household, Vec<Exception>), BatchError>> = homes
        .par_iter()
        .map(|persons| {
            let uprn = persons[0].0;
            let id = HouseholdId::Property(uprn);
            if uprn > 999_999_999_999 {
                return Err(BatchError::Invariant(format!(
                    "household id {id}: a UPRN has up to 12 digits"
                )));
            }
            let shown: Vec<u32> = persons
                .iter()
                .filter_map(|&(_, c)| records.shown.get(c as usize).copied().flatten())
                .collect();
            let members = shown
                .iter()
                .map(|&r| {
                    Member::new(
                        &matching.records[r as usize].person_id,
                        &matching.sources[r as usize].display_name,
                    )
                })
                .collect();
            let mut household_circumstances = Circumstances::default();
            for (_, c) in persons.iter() {
                if let Some(c) = circumstances.get(c) {
                    household_circumstances
                        .breathing_spaces
                        .extend(c.breathing_spaces.iter().cloned());
                    household_circumstances
                        .vulnerabilities
                        .extend(c.vulnerabilities.iter().cloned());
                }
            }
            let suspense = suspense_of.get(&uprn).map(Vec::as_slice).unwrap_or(&[]);
            // Receipts, not candidate accounts: one receipt may fit two.
            let mut receipts: Vec<&str> = suspense.iter().map(|e| e.rows[0].as_str()).collect();
            receipts.sort_unstable();
            receipts.dedup();
            household_circumstances.suspense_items = receipts.len() as u32;
            let group = grouped.get(&uprn);
            let mut in_household: Vec<u32> = group.map(|g| g.accounts.clone()).unwrap_or_default();
            in_household.sort_unstable();
            let rows: Vec<HouseholdAccount<'_>> = in_household
                .iter()
                .map(|&i| {
                    household_account(accounts, &placements, matching, inputs.files, i as usize)
                })
                .collect();
            let view = HouseholdView::build(
                id.clone(),
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
                    "household {}: totals {} / {} but its accounts sum to {} / {}",
                    view.id,
                    view.totals.balance,
                    view.totals.arrears,
                    Money::from_pence(balance),
                    Money::from_pence(arrears)
                )));
            }
            let mut found = exceptions::find(
                &view,
                &household_circumstances,
                inputs.rules,
                inputs.rates,
                inputs.as_of,
            )
            .map_err(|e| BatchError::Invariant(format!("household {}: {e}", view.id)))?;
            found.extend(suspense.iter().cloned());
            Ok((
                Household {
                    id: view.id,
                    members: shown,
                    accounts: in_household,
                    totals: view.totals,
                    flags: view.flags,
                },
                found,
            ))
        })
        .collect();
    let mut households = Vec::with_capacity(built.len());
    let mut exceptions = Vec::new();
    for b in built {
        let (household, found) = b?;
        households.push(household);
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

/// Why an account is in its household, in words (written with the
/// outputs, from its placement).
pub(crate) fn why(
    residence_record: &str,
    residence: Residence,
    probability: Option<f64>,
) -> String {
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
    households: &[Household],
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
///
/// The lookup goes from the accounts to the receipts: the few receipts'
/// reference variants and payer names are indexed, and every account in a
/// household is looked up once (on all cores), so no index of every
/// account is built for a few thousand receipts.
fn suspense_matches(
    accounts: &[AccountResult],
    placements: &[Placement],
    matching: &Matching,
    files: &[InputFile],
    suspense: &[crate::records::SuspenseItem],
) -> Vec<Exception> {
    use debt_core::suspense::{reference_slips, score, Candidate, Receipt};
    if suspense.is_empty() {
        return Vec::new();
    }
    // Each receipt's keys, by source: every reference one slip from its
    // reference, and every word of the payer's name (surnames to look for).
    type Wanted<'s> = Fx<&'s str, Fx<String, Vec<u32>>>;
    let mut by_ref: Wanted<'_> = Fx::default();
    let mut by_surname: Wanted<'_> = Fx::default();
    for (r, item) in suspense.iter().enumerate() {
        let source = item.source.as_str();
        for (variant, _) in reference_slips(&item.reference) {
            by_ref
                .entry(source)
                .or_default()
                .entry(variant)
                .or_default()
                .push(r as u32);
        }
        for token in item
            .payer
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|t| t.len() > 1)
        {
            by_surname
                .entry(source)
                .or_default()
                .entry(token.to_ascii_uppercase())
                .or_default()
                .push(r as u32);
        }
    }
    // Every account in a household, looked up by its normalised reference
    // and each holder's surname (letters only, upper case): the pairs
    // (receipt, account) that may go together.
    let mut pairs: Vec<(u32, u32)> = accounts
        .par_iter()
        .enumerate()
        .filter(|(i, _)| matches!(placements.get(*i), Some(Placement::Household { .. })))
        .map_init(String::new, |key, (i, a)| {
            let source = a.record.source.as_str();
            let mut found: Vec<(u32, u32)> = Vec::new();
            let mut add = |wanted: &Wanted<'_>, key: &str| {
                if let Some(receipts) = wanted.get(source).and_then(|w| w.get(key)) {
                    found.extend(receipts.iter().map(|&r| (r, i as u32)));
                }
            };
            key.clear();
            normalise_reference_into(&a.record.account.reference, key);
            add(&by_ref, key);
            for p in &a.record.parties {
                let surname = match &p.surname {
                    Some(s) => s.as_str(),
                    None => p.name.split(',').next().unwrap_or(""),
                };
                key.clear();
                key.extend(
                    surname
                        .chars()
                        .filter(char::is_ascii_alphabetic)
                        .map(|c| c.to_ascii_uppercase()),
                );
                if !key.is_empty() {
                    add(&by_surname, key);
                }
            }
            found
        })
        .flatten_iter()
        .collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    let mut candidates_of: Vec<&[(u32, u32)]> = vec![&[]; suspense.len()];
    for run in pairs.chunk_by(|a, b| a.0 == b.0) {
        candidates_of[run[0].0 as usize] = run;
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
    let per_receipt: Vec<Vec<Exception>> = suspense
        .par_iter()
        .zip(candidates_of)
        .map(|(item, candidates)| {
        let mut out = Vec::new();
        let candidates = candidates.iter().map(|&(_, i)| i as usize);
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
            let Some(Placement::Household { record, .. }) = placements.get(i) else {
                continue;
            };
            let Some(lead) = matching.records.get(*record as usize) else {
                continue;
            };
            let a = &accounts[i];
            out.push(Exception {
                kind: ExceptionKind::SuspenseMatch,
                household_id: lead.household_id.clone(),
                person_ids: vec![lead.person_id.clone()],
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
        out
        })
        .collect();
    per_receipt.into_iter().flatten().collect()
}

/// [`debt_core::suspense::normalise_reference`] written into `out`, without
/// allocating: letters and digits only, upper case, no leading zeros.
fn normalise_reference_into(reference: &str, out: &mut String) {
    out.extend(
        reference
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase())
            .skip_while(|&c| c == '0'),
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_reference_is_normalised_into_a_buffer_as_debt_core_normalises_it() {
        for reference in [
            "30045821",
            " 0030-0458 21 ",
            "ab-12",
            "000",
            "",
            "Ünï 07x",
            "0a0",
        ] {
            let mut out = String::from("left over");
            out.clear();
            super::normalise_reference_into(reference, &mut out);
            assert_eq!(
                out,
                debt_core::suspense::normalise_reference(reference),
                "{reference:?}"
            );
        }
    }
}

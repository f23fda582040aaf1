//! The matching stage: every record that names a person (account parties,
//! breathing space notices, vulnerability flags, income and expenditure
//! statements) gets its address matched to the gazetteer, is linked into a
//! person with debt-core's linker, and every person into the household
//! where they live now.
//!
//! Where a person lives now is taken from their strongest evidence of
//! residence: a current council tax or tenancy account first, then notices
//! and statements and current benefit claims, then a forwarding address on a
//! closed account, then the addresses on sundry and parking debts. A closed
//! account's own old address and business premises never count. So a former
//! tenant's arrears show in the household where the person lives now.
//!
//! Ids are stable: a person keeps the `person_id` most of their records had
//! in the previous run's `records.csv`; a new person gets an id made from
//! their lowest record key. A household's id is its property's UPRN.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::NaiveDate;
use debt_core::household::{carry_person_ids, home_of, Evidence, HouseholdId, Residence};
use debt_core::identity::linkage::stable_hash;
use debt_core::identity::{
    link_records, link_records_partitioned, Gazetteer, Identifier, LinkConfig, Linkage,
    MatchMethod, Occupancy, Override, PartitionStats, PersonName, PersonRecord, Postcode,
    RecordAddress, FIELDS,
};
use debt_core::{AccountStatus, Money, Service};

use crate::config::PeopleKind;
use crate::error::BatchError;
use crate::ingest::{Ingested, PeopleRecord};
use crate::records::{AccountRecord, Address, Attribute, Party};

/// One record naming a person, ready for linkage.
#[derive(Debug, Clone)]
pub struct PersonSource {
    /// Unique key: `source:reference:role[:n]` or `source:record_ref`.
    pub key: String,
    /// Source id.
    pub source: String,
    /// Role on the record.
    pub role: String,
    /// The account or record reference.
    pub reference: String,
    /// For linkage.
    pub record: PersonRecord,
    /// How the address was matched.
    pub method: MatchMethod,
    /// Street-word agreement of the match.
    pub score: f64,
    /// What this record says of where the person lives now.
    pub residence: Residence,
    /// The person's name as the record writes it, to show an officer.
    pub display_name: String,
    /// The property this record says the person lives at now: its own for a
    /// live record, the forwarding address for a closed one.
    pub residence_uprn: Option<u64>,
}

impl AsRef<PersonRecord> for PersonSource {
    fn as_ref(&self) -> &PersonRecord {
        &self.record
    }
}

/// The matching outcome for one record.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchedRecord {
    /// Record key.
    pub key: String,
    /// Source id.
    pub source: String,
    /// Role.
    pub role: String,
    /// Account or record reference.
    pub reference: String,
    /// The person.
    pub person_id: String,
    /// The household the person lives in now.
    pub household_id: String,
    /// The record's property, if matched.
    pub uprn: Option<u64>,
    /// How the address was matched.
    pub method: MatchMethod,
    /// Street-word agreement.
    pub score: f64,
    /// This record gave the person's current address.
    pub residence: bool,
}

/// Everything matching produced.
#[derive(Debug)]
pub struct Matching {
    /// One row per record, sorted by key: record `i` is the outcome for
    /// `sources[i]` (sorted the same way), whose person is cluster
    /// `linkage.cluster[i]` (the view stage indexes all three by `i`).
    pub records: Vec<MatchedRecord>,
    /// The linker's output (links refer to `sources` by index).
    pub linkage: Linkage,
    /// The records as linked.
    pub sources: Vec<PersonSource>,
    /// Persons whose id came from the previous run.
    pub ids_carried: u64,
    /// Persons given a new id.
    pub ids_new: u64,
    /// Per cluster (as numbered in `linkage.cluster`): its person id.
    pub person_of: Vec<String>,
    /// Per cluster: its household, and the evidence that put it there
    /// (`(strength, record key)`; none when nowhere is known).
    pub home_of: Vec<(HouseholdId, Option<(Residence, String)>)>,
    /// The review queue: one row per possible link, the most money at
    /// stake first (`review_queue` fills it).
    pub review: Vec<ReviewRow>,
    /// The match probability at or above which links merged automatically.
    pub link_threshold: f64,
    /// What each partition held, when linked in partitions (none when
    /// linked in one).
    pub partitions: Vec<PartitionStats>,
    /// The match probability at or above which a link below the threshold
    /// was left for an officer.
    pub review_threshold: f64,
}

/// A possible link for an officer: two persons that may be one, the link
/// between them, and the money whose household would change if they were.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRow {
    /// The link, an index into `linkage.links`.
    pub link: usize,
    /// Why it was not merged automatically.
    pub reason: debt_core::identity::ReviewReason,
    /// The person of the link's first record.
    pub person_a: String,
    /// The person of its second record.
    pub person_b: String,
    /// Their households now.
    pub household_a: String,
    /// The second's.
    pub household_b: String,
    /// The household of the one person they would be.
    pub household_if_same: String,
    /// The balances (as absolute amounts) of the accounts that would
    /// change household if the officer said "same": the accounts of the
    /// side whose household is not kept.
    pub money_at_stake: Money,
}

/// The review queue of `m`: every possible link the linker left for an
/// officer, with the money at stake (the accounts of the side that would
/// change household, from `balance_of(account key)`, absolute amounts
/// summed once per account), most money first, then the most likely.
pub(crate) fn review_queue(
    m: &Matching,
    balance_of: &dyn Fn(&str) -> Option<Money>,
) -> Vec<ReviewRow> {
    let linkage = &m.linkage;
    let mut members: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    let wanted: std::collections::BTreeSet<u32> = linkage
        .possible
        .iter()
        .flat_map(|p| {
            let l = &linkage.links[p.link];
            [linkage.cluster[l.a as usize], linkage.cluster[l.b as usize]]
        })
        .collect();
    for (i, c) in linkage.cluster.iter().enumerate() {
        if wanted.contains(c) {
            members.entry(*c).or_default().push(i);
        }
    }
    let money_of = |cluster: u32| -> Money {
        let accounts: std::collections::BTreeSet<&str> = members
            .get(&cluster)
            .into_iter()
            .flatten()
            .filter_map(|&i| m.sources[i].record.account.as_deref())
            .collect();
        accounts
            .into_iter()
            .filter_map(balance_of)
            .map(Money::abs)
            .sum()
    };
    let mut rows: Vec<(ReviewRow, f64)> = linkage
        .possible
        .iter()
        .map(|p| {
            let l = &linkage.links[p.link];
            let (ca, cb) = (linkage.cluster[l.a as usize], linkage.cluster[l.b as usize]);
            let ((ha, ea), (hb, eb)) = (&m.home_of[ca as usize], &m.home_of[cb as usize]);
            let (pa, pb) = (&m.person_of[ca as usize], &m.person_of[cb as usize]);
            let size = |c: u32| members.get(&c).map_or(0, Vec::len);
            // The one person keeps the stronger evidence of residence; with
            // none on either side, the larger person's household.
            let keep_a = match (ea, eb) {
                (Some(x), Some(y)) => x <= y,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => (size(cb), pb) <= (size(ca), pa),
            };
            let (household_a, household_b) = (ha.to_string(), hb.to_string());
            let (household_if_same, moved) = if keep_a {
                (household_a.clone(), cb)
            } else {
                (household_b.clone(), ca)
            };
            let money_at_stake = if household_a == household_b {
                Money::from_pence(0)
            } else {
                money_of(moved)
            };
            (
                ReviewRow {
                    link: p.link,
                    reason: p.reason,
                    person_a: pa.clone(),
                    person_b: pb.clone(),
                    household_a,
                    household_b,
                    household_if_same,
                    money_at_stake,
                },
                l.total_weight,
            )
        })
        .collect();
    rows.sort_by(|(x, wx), (y, wy)| {
        y.money_at_stake
            .cmp(&x.money_at_stake)
            .then(wy.partial_cmp(wx).unwrap_or(std::cmp::Ordering::Equal))
            .then(x.link.cmp(&y.link))
    });
    rows.into_iter().map(|(r, _)| r).collect()
}

/// Builds the gazetteer index from ingested rows (which it takes over).
pub(crate) fn gazetteer_of(ingested: &mut Ingested) -> Gazetteer {
    Gazetteer::new(std::mem::take(&mut ingested.gazetteer))
}

/// A row that names people, as the matching stage reads it whatever file
/// it came from: an account of a service (an account master or invoice
/// row) or a record of a people file. The nightly run makes one of each
/// account and people record (`NamingRow::of_account`,
/// `NamingRow::of_people`); `debt-batch link` one of each row of its
/// file. Either way `NamingRow::person_source` turns a party of it into
/// a person record.
#[derive(Debug, Clone)]
pub struct NamingRow<'a> {
    /// Source id.
    pub source: &'a str,
    /// The account or record reference.
    pub reference: &'a str,
    /// What the row is.
    pub kind: RowKind<'a>,
    /// The account its parties share, if any: two parties of one account
    /// are two people.
    pub account: Option<String>,
    /// Its address as written.
    pub address: &'a Address,
    /// The UPRN its system holds for that address.
    pub uprn: Option<u64>,
    /// The forwarding address an account gives, taken once it is closed.
    pub forwarding: Option<&'a Address>,
    /// The account's liability or tenancy period (a party's own comes
    /// first).
    pub occupied: Option<(NaiveDate, Option<NaiveDate>)>,
    /// A business's correspondence address (often a sole trader's home).
    pub correspondence: Option<&'a Address>,
    /// Identifiers besides the NINO (a vehicle, a claim reference, a
    /// customer number).
    pub identifiers: Vec<Identifier>,
}

/// What a row that names people is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind<'a> {
    /// An account of a service, with its status: its address says what
    /// [`Residence::of_account`] says.
    Account(&'a Service, AccountStatus),
    /// A record of a people file (a breathing space notice, a vulnerability
    /// flag, an income and expenditure statement): a current claim or
    /// notice, evidence of where its person lives now.
    People(PeopleKind),
}

impl<'a> NamingRow<'a> {
    /// An account record's row.
    pub(crate) fn of_account(record: &'a AccountRecord) -> NamingRow<'a> {
        NamingRow {
            source: &record.source,
            reference: &record.account.reference,
            kind: RowKind::Account(&record.account.service, record.account.status),
            account: Some(format!("{}:{}", record.source, record.account.reference)),
            address: &record.address,
            uprn: record.uprn.as_deref().and_then(|u| u.parse::<u64>().ok()),
            forwarding: record.forwarding.as_ref(),
            occupied: record.occupied,
            correspondence: record.correspondence.as_deref(),
            identifiers: Attribute::ALL
                .into_iter()
                .filter_map(|a| Identifier::new(a.identifier_kind()?, record.attribute(a)))
                .collect(),
        }
    }

    /// A people record's row.
    pub(crate) fn of_people(record: &'a PeopleRecord) -> NamingRow<'a> {
        NamingRow {
            source: &record.source,
            reference: &record.record_ref,
            kind: RowKind::People(record.kind),
            account: None,
            address: &record.address,
            uprn: None,
            forwarding: None,
            occupied: None,
            correspondence: None,
            identifiers: Vec::new(),
        }
    }

    /// The person records of `parties`, the row's parties, keyed as the
    /// run keys them: `source:reference:role` for an account's (`:2` and
    /// on for a second party of one role), `source:reference` for a people
    /// record's.
    pub(crate) fn person_sources(
        &self,
        parties: &[Party],
        gazetteer: &Gazetteer,
    ) -> Vec<PersonSource> {
        let mut seen_roles: BTreeMap<&str, u32> = BTreeMap::new();
        parties
            .iter()
            .map(|party| {
                let base = match self.kind {
                    RowKind::Account(..) => {
                        format!(
                            "{}:{}:{}",
                            self.source,
                            self.reference,
                            role_of(self, party)
                        )
                    }
                    RowKind::People(_) => format!("{}:{}", self.source, self.reference),
                };
                let n = seen_roles.entry(role_of(self, party)).or_default();
                *n += 1;
                let key = match *n {
                    1 => base,
                    n => format!("{base}:{n}"),
                };
                self.person_source(key, party, gazetteer)
            })
            .collect()
    }

    /// The person record of one party of the row, under `key`: its name,
    /// date of birth and NINO, the row's address matched to the gazetteer,
    /// and what the row says of where the person lives now (an
    /// organisation's address is business premises, never a home).
    pub(crate) fn person_source(
        &self,
        key: String,
        party: &Party,
        gazetteer: &Gazetteer,
    ) -> PersonSource {
        let (address, method, score) = matched_address(self.address, self.uprn, gazetteer);
        let own_uprn = address.uprn;
        let mut record = PersonRecord::new(key.as_str(), party_name(party))
            .with_dob(party.dob)
            .with_nino(party.nino.clone())
            .with_address(address)
            .with_account(self.account.clone())
            .with_identifiers(self.identifiers.clone());
        if let Some(correspondence) = self.correspondence {
            record = record.with_correspondence(other_address(correspondence, gazetteer));
        }
        let (residence, residence_uprn) = match self.kind {
            RowKind::People(_) => (Residence::CurrentClaimOrNotice, own_uprn),
            RowKind::Account(service, status) => {
                let occupied = party.occupied.or(self.occupied);
                record = record
                    .with_business_address(*service == Service::BusinessRates)
                    .with_occupancy(occupied.map(|(from, to)| Occupancy::new(from, to)));
                let forwarding = self.forwarding.filter(|_| status != AccountStatus::Current);
                let residence = match record.name.is_organisation {
                    true => Residence::BusinessPremises,
                    false => Residence::of_account(service, status, forwarding.is_some()),
                };
                match forwarding {
                    Some(f) => {
                        let forwarding = other_address(f, gazetteer);
                        let uprn = forwarding.uprn;
                        record = record.with_forwarding(forwarding);
                        (residence, uprn)
                    }
                    None => (residence, own_uprn),
                }
            }
        };
        PersonSource {
            key,
            source: self.source.to_string(),
            role: role_of(self, party).to_string(),
            reference: self.reference.to_string(),
            record,
            method,
            score,
            residence,
            display_name: party.name.clone(),
            residence_uprn,
        }
    }
}

/// A party's role on a row: a people record's subject, or as the account
/// gives it (`party` when it gives none).
fn role_of(row: &NamingRow<'_>, party: &Party) -> &'static str {
    match row.kind {
        RowKind::People(_) => "subject",
        RowKind::Account(..) => party.role.map_or("party", |r| r.code()),
    }
}

/// A party's name: from its forename and surname columns when the system
/// holds a surname, else read from the name as written.
fn party_name(party: &Party) -> PersonName {
    match (&party.forename, &party.surname) {
        (_, Some(surname)) => {
            PersonName::from_parts(None, party.forename.as_deref().unwrap_or(""), surname)
        }
        _ => PersonName::parse(&party.name),
    }
}

/// An address as written, matched to the gazetteer (`uprn_given` when the
/// system holds one), with its postcode: given, or found at the end of the
/// text.
fn matched_address(
    address: &Address,
    uprn_given: Option<u64>,
    gazetteer: &Gazetteer,
) -> (RecordAddress, MatchMethod, f64) {
    let found = gazetteer.match_address(
        &address.text,
        Some(address.postcode.as_str()).filter(|p| !p.is_empty()),
        uprn_given,
    );
    let postcode = Postcode::parse(&address.postcode).or_else(|| Postcode::find_in(&address.text));
    (
        RecordAddress::new(address.text.clone(), postcode, found.uprn),
        found.method,
        found.score,
    )
}

/// An address besides a record's own (a forwarding or correspondence
/// address), matched to the gazetteer when it can be.
fn other_address(address: &Address, gazetteer: &Gazetteer) -> RecordAddress {
    matched_address(address, None, gazetteer).0
}

/// Every person-naming record of the run.
pub(crate) fn person_sources(
    ingested: &Ingested,
    accounts: &[&AccountRecord],
    gazetteer: &Gazetteer,
) -> Vec<PersonSource> {
    let mut out = Vec::new();
    for record in accounts {
        out.extend(NamingRow::of_account(record).person_sources(&record.parties, gazetteer));
    }
    // One record per people reference (a statement has many lines).
    let mut firsts: BTreeMap<(&str, &str), &PeopleRecord> = BTreeMap::new();
    for p in &ingested.people {
        firsts.entry((&p.source, &p.record_ref)).or_insert(p);
    }
    for p in firsts.into_values() {
        out.extend(
            NamingRow::of_people(p).person_sources(std::slice::from_ref(&p.party), gazetteer),
        );
    }
    out.sort_by(|a, b| a.key.cmp(&b.key));
    out.dedup_by(|a, b| a.key == b.key);
    out
}

/// Links person records, assigns persons and households with stable ids.
/// `partitions` above 1 links as a distributed engine would, one
/// partition after another ([`link_records_partitioned`]), with the same
/// result; the nightly run links in one (1).
pub(crate) fn match_persons(
    sources: Vec<PersonSource>,
    config: &LinkConfig,
    overrides: &[Override],
    previous: &HashMap<String, String>,
    partitions: usize,
) -> Matching {
    let (linkage, partitions) = match partitions {
        0 | 1 => (link_records(&sources, config, overrides), Vec::new()),
        n => link_records_partitioned(&sources, config, overrides, n),
    };
    let clusters = linkage
        .cluster
        .iter()
        .copied()
        .max()
        .map(|m| m as usize + 1)
        .unwrap_or(0);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); clusters];
    for (i, c) in linkage.cluster.iter().enumerate() {
        members[*c as usize].push(i);
    }
    // Stable person ids: the previous id most of the cluster's records had.
    let keys: Vec<Vec<&str>> = members
        .iter()
        .map(|m| m.iter().map(|&i| sources[i].key.as_str()).collect())
        .collect();
    let ids = carry_person_ids(&keys, previous, stable_hash);
    let person_of = ids.ids;
    let (carried, new) = (ids.carried, ids.new);
    // Households: the person's strongest evidence of where they live now.
    let home: Vec<Option<Evidence<'_>>> = members
        .iter()
        .map(|m| {
            home_of(m.iter().map(|&i| Evidence {
                key: sources[i].key.as_str(),
                residence: sources[i].residence,
                uprn: sources[i].residence_uprn,
            }))
        })
        .collect();
    let mut out: Vec<MatchedRecord> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let c = linkage.cluster[i] as usize;
            let person_id = person_of[c].clone();
            let household_id = match home[c].and_then(|h| h.uprn) {
                Some(uprn) => HouseholdId::Property(uprn),
                None => HouseholdId::NoKnownAddress(person_id.clone()),
            }
            .to_string();
            MatchedRecord {
                key: s.key.clone(),
                source: s.source.clone(),
                role: s.role.clone(),
                reference: s.reference.clone(),
                person_id,
                household_id,
                uprn: s.record.uprn,
                method: s.method,
                score: s.score,
                residence: home[c].is_some_and(|h| h.key == s.key),
            }
        })
        .collect();
    out.sort_by(|a, b| a.key.cmp(&b.key));
    let home_of = home
        .iter()
        .zip(&person_of)
        .map(|(h, person)| {
            let id = match h.and_then(|h| h.uprn) {
                Some(uprn) => HouseholdId::Property(uprn),
                None => HouseholdId::NoKnownAddress(person.clone()),
            };
            (id, h.map(|h| (h.residence, h.key.to_string())))
        })
        .collect();
    drop(home);
    Matching {
        records: out,
        linkage,
        sources,
        ids_carried: carried,
        ids_new: new,
        home_of,
        person_of,
        review: Vec::new(),
        link_threshold: config.threshold,
        partitions,
        review_threshold: config.review_threshold,
    }
}

/// A file the matching stage reads besides the exports (the officers'
/// decisions, the previous night's records.csv), as the manifest lists it.
fn side_input(path: &Path, role: &str, bytes: &[u8], rows: u64) -> crate::ingest::InputFile {
    use sha2::Digest;
    crate::ingest::InputFile {
        source: "matching".into(),
        role: role.into(),
        display: path.display().to_string(),
        path: path.to_path_buf(),
        read: crate::read::ReadSummary {
            bytes: bytes.len() as u64,
            sha256: format!("{:x}", sha2::Sha256::digest(bytes)),
            rows,
            lines: rows + 1,
            lines_before_data: 1,
            blank_lines: 0,
            last_line_unterminated: !bytes.is_empty() && !bytes.ends_with(b"\n"),
        },
        counts: debt_core::RowCounts {
            read: rows,
            accepted: rows,
            rejected: 0,
            duplicates: 0,
        },
    }
}

/// Reads officers' decisions: CSV with `decision` (`same` / `different`),
/// `record_a`, `record_b` (and any notes in other columns). Returns them with
/// the file as the manifest lists it.
pub fn read_overrides(
    path: &Path,
) -> Result<(Vec<Override>, crate::ingest::InputFile), BatchError> {
    let unreadable = |e: csv::Error| BatchError::Unreadable {
        file: path.to_path_buf(),
        message: e.to_string(),
    };
    let bytes = std::fs::read(path).map_err(|e| BatchError::io(path, e))?;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let headers = reader.headers().map_err(unreadable)?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
            .ok_or_else(|| BatchError::MissingColumns {
                file: path.to_path_buf(),
                missing: vec![(name.into(), "matching.overrides".into())],
                fields: headers.len(),
            })
    };
    let (d, a, b) = (col("decision")?, col("record_a")?, col("record_b")?);
    let mut out = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let row = row.map_err(unreadable)?;
        let (x, y) = (
            row.get(a).unwrap_or("").trim().to_string(),
            row.get(b).unwrap_or("").trim().to_string(),
        );
        match row
            .get(d)
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
            .as_str()
        {
            "same" => out.push(Override::Same(x, y)),
            "different" => out.push(Override::Different(x, y)),
            // A review.csv row the officer has not decided yet.
            "" => {}
            _ => {
                return Err(BatchError::Unreadable {
                    file: path.to_path_buf(),
                    message: format!("line {}: the decision must be `same` or `different`", i + 2),
                })
            }
        }
    }
    let file = side_input(path, "overrides", &bytes, out.len() as u64);
    Ok((out, file))
}

/// Reads `record_key → person_id` from a previous run's `records.csv`, if
/// there is one, with the file as the manifest lists it.
pub(crate) fn read_previous_ids(
    dir: &Path,
) -> (HashMap<String, String>, Option<crate::ingest::InputFile>) {
    let mut ids = HashMap::new();
    let path = dir.join("records.csv");
    let Ok(bytes) = std::fs::read(&path) else {
        return (ids, None);
    };
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let Ok(headers) = reader.headers().cloned() else {
        return (ids, None);
    };
    let (Some(k), Some(p)) = (
        headers.iter().position(|h| h == "record_key"),
        headers.iter().position(|h| h == "person_id"),
    ) else {
        return (ids, None);
    };
    for row in reader.records().flatten() {
        if let (Some(key), Some(id)) = (row.get(k), row.get(p)) {
            ids.insert(key.to_string(), id.to_string());
        }
    }
    let file = side_input(&path, "previous_records", &bytes, ids.len() as u64);
    (ids, Some(file))
}

/// `matching.json`: how many persons and households, the fitted model
/// (m, u per level, prior), blocking, id carry-over, and overrides that name
/// records no longer in the data.
#[derive(Debug, serde::Serialize)]
pub struct Summary {
    /// Person records linked.
    pub records: u64,
    /// Persons.
    pub persons: u64,
    /// Households.
    pub households: u64,
    /// Records whose address matched a gazetteer property.
    pub addresses_matched: u64,
    /// Candidate pairs compared.
    pub pairs_compared: u64,
    /// Blocks skipped as too large, per blocking rule.
    pub blocks_skipped: BTreeMap<String, u64>,
    /// Per blocking rule: the pairs its blocks made (some also made by
    /// another rule), its largest block compared, and the blocks and
    /// records skipped as larger than the cap.
    pub blocking: BTreeMap<String, debt_core::identity::BlockingStats>,
    /// Persons keeping the previous run's id.
    pub ids_carried: u64,
    /// Persons given a new id.
    pub ids_new: u64,
    /// Prior probability that two random records are one person.
    pub prior: f64,
    /// Per field: level, m, u and the resulting weight.
    pub model: BTreeMap<String, Vec<(String, f64, f64, f64)>>,
    /// Officers' decisions naming a record not in this run.
    pub stale_overrides: Vec<String>,
    /// Rows of review.csv: possible links left for an officer.
    pub review_queue: u64,
    /// The review queue by why each was not automatic.
    pub review_by_reason: BTreeMap<String, u64>,
    /// The review queue as a share of the records.
    pub review_share_of_records: f64,
    /// Match probability at or above which a link merges automatically.
    pub link_threshold: f64,
    /// Match probability at or above which a link below the threshold is
    /// left for an officer.
    pub review_threshold: f64,
}

/// Builds the summary.
pub fn summary(m: &Matching) -> Summary {
    let round = |x: f64| (x * 1e9).round() / 1e9;
    let mut model = BTreeMap::new();
    for (i, f) in FIELDS.iter().enumerate() {
        let fm = &m.linkage.model.fields[i];
        let rows = f
            .levels()
            .iter()
            .enumerate()
            .skip(1)
            .map(|(l, name)| {
                (
                    name.to_string(),
                    round(fm.m[l]),
                    round(fm.u[l]),
                    round((fm.m[l].max(1e-12) / fm.u[l]).log2()),
                )
            })
            .collect();
        model.insert(f.code().to_string(), rows);
    }
    Summary {
        records: m.records.len() as u64,
        persons: m
            .records
            .iter()
            .map(|r| r.person_id.as_str())
            .collect::<std::collections::BTreeSet<_>>()
            .len() as u64,
        households: m
            .records
            .iter()
            .map(|r| r.household_id.as_str())
            .collect::<std::collections::BTreeSet<_>>()
            .len() as u64,
        addresses_matched: m.records.iter().filter(|r| r.uprn.is_some()).count() as u64,
        pairs_compared: m.linkage.pairs_compared,
        blocks_skipped: m
            .linkage
            .blocks_skipped()
            .map(|(rule, v)| (rule.code().to_string(), v))
            .collect(),
        blocking: m
            .linkage
            .blocking
            .iter()
            .map(|b| (b.rule.code().to_string(), *b))
            .collect(),
        ids_carried: m.ids_carried,
        ids_new: m.ids_new,
        prior: round(m.linkage.model.prior),
        model,
        stale_overrides: m
            .linkage
            .stale_overrides
            .iter()
            .map(|o| match o {
                Override::Same(a, b) => format!("same,{a},{b}"),
                Override::Different(a, b) => format!("different,{a},{b}"),
            })
            .collect(),
        review_queue: m.review.len() as u64,
        review_by_reason: m.review.iter().fold(BTreeMap::new(), |mut acc, r| {
            *acc.entry(r.reason.code().to_string()).or_default() += 1;
            acc
        }),
        review_share_of_records: round(m.review.len() as f64 / m.records.len().max(1) as f64),
        link_threshold: m.link_threshold,
        review_threshold: m.review_threshold,
    }
}

/// Pairwise precision, recall and F1 of a clustering against the truth,
/// counted from the contingency table (no pairs enumerated).
pub fn pairwise_scores(predicted: &[String], truth: &[String]) -> (f64, f64, f64) {
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let mut cells: rustc_hash::FxHashMap<(&str, &str), u64> = Default::default();
    let mut pred: rustc_hash::FxHashMap<&str, u64> = Default::default();
    let mut real: rustc_hash::FxHashMap<&str, u64> = Default::default();
    for (p, t) in predicted.iter().zip(truth) {
        *cells.entry((p.as_str(), t.as_str())).or_default() += 1;
        *pred.entry(p.as_str()).or_default() += 1;
        *real.entry(t.as_str()).or_default() += 1;
    }
    let tp: u64 = cells.values().map(|n| pairs(*n)).sum();
    let pp: u64 = pred.values().map(|n| pairs(*n)).sum();
    let tt: u64 = real.values().map(|n| pairs(*n)).sum();
    let precision = if pp == 0 { 1.0 } else { tp as f64 / pp as f64 };
    let recall = if tt == 0 { 1.0 } else { tp as f64 / tt as f64 };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    (precision, recall, f1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_scores_from_the_contingency_table() {
        let p: Vec<String> = ["a", "a", "a", "b"].iter().map(|s| s.to_string()).collect();
        let t: Vec<String> = ["x", "x", "y", "y"].iter().map(|s| s.to_string()).collect();
        let (precision, recall, _) = pairwise_scores(&p, &t);
        assert!((precision - 1.0 / 3.0).abs() < 1e-9);
        assert!((recall - 0.5).abs() < 1e-9);
    }
}

//! Probabilistic record linkage in the Fellegi-Sunter style, and clustering
//! of links into persons.
//!
//! Each pair of records is compared field by field (surname, forename, date
//! of birth, National Insurance number, location); each field lands on a
//! comparison level (exact, close, disagree, missing...: each field's are
//! named in [`super::levels`]). A level carries a
//! weight `log2(m / u)`: `m` is how often true matches show that level, `u`
//! how often unrelated pairs do. `u` comes from the data (exact levels from
//! value frequencies, fuzzy levels from random pairs); `m` starts from
//! configured values and is refined by expectation-maximisation over the
//! blocked pairs. An exact surname or forename agreement is weighed by how
//! rare the name is (term frequency): two SMITHs say less than two
//! ZAWADZKIs. The sum of weights and the prior odds give a match
//! probability.
//!
//! Only pairs that share a key of a [`BlockingRule`] are compared, so the
//! work stays near-linear. Links above the threshold are merged strongest first, but a
//! merge is refused when any record of one cluster conflicts with any record
//! of the other (different NINO, date of birth, forename, middle initial or
//! sex; two parties of one account; a person and a company; a liability
//! that began before the other's person was old enough to hold it; or an
//! officer's "not the same person"): a chain of weak links cannot join two
//! different people. A record with no date of birth or NINO that fits two
//! such people equally well is linked to neither. Two records of one name
//! at two properties weigh more when someone else of the household was
//! recorded at both (a family that moved together), and when one record's
//! liability or tenancy ends where the other's begins (a move), most of all
//! when it begins the next day.
//!
//! Probabilities and weights are ratios (`f64`); no money is involved here.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use chrono::{Datelike, Months, NaiveDate};

use super::levels::{
    DobLevel, ForenameLevel, ForwardingLevel, IdentifierLevel, Level, Levels, LocationLevel,
    MiddleLevel, MovedWithLevel, NinoLevel, OccupancyLevel, SurnameLevel,
};
pub use super::levels::{Field, FIELDS, N_FIELDS};
use super::name::PersonName;
use super::nino::Nino;
use super::postcode::Postcode;
use super::text::{jaro_winkler, within_one_edit};

/// A record that names a person, normalised for linkage. Made with
/// [`PersonRecord::new`] and the `with_` methods: only the name and key are
/// required, and what a source does not hold stays missing.
///
/// ```
/// use chrono::NaiveDate;
/// use debt_core::identity::{Nino, PersonName, PersonRecord, Postcode, RecordAddress};
/// let record = PersonRecord::new("hbop:HB1:claimant", PersonName::parse("Mr John Smith"))
///     .with_dob(NaiveDate::from_ymd_opt(1980, 3, 14))
///     .with_nino(Nino::parse("AB 12 34 56 C").ok())
///     .with_address(RecordAddress::new("12 High St, Ashbury", Postcode::parse("AS1 2HT"), Some(100062011201)))
///     .with_account("hbop:HB1".to_string());
/// assert_eq!(record.uprn, Some(100062011201));
/// assert_eq!(record.nino.map(|n| n.to_string()).as_deref(), Some("AB123456C"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PersonRecord {
    /// The record's key (source, reference, role), unique in the run.
    pub key: String,
    /// The name.
    pub name: PersonName,
    /// Date of birth, if held.
    pub dob: Option<NaiveDate>,
    /// National Insurance number, if held (and valid).
    pub nino: Option<Nino>,
    /// Postcode of the address the record gives.
    pub postcode: Option<Postcode>,
    /// UPRN of that address (held by the system, or matched to the gazetteer).
    pub uprn: Option<u64>,
    /// That address as written. Where either of two records has no UPRN
    /// (an address the gazetteer does not know), their addresses are
    /// compared as text: house number and street.
    pub address: String,
    /// A closed account's forwarding address: where the person said they
    /// were going. Compared with the other record's address, it is evidence
    /// for when it names the same place and against when it names another.
    pub forwarding: Option<RecordAddress>,
    /// A business record's correspondence address (a sole trader's rates
    /// account often gives the trader's home): compared as a home address.
    pub correspondence: Option<RecordAddress>,
    /// The account or case the record is a party of (`ctax:12345`). Two
    /// different parties of one account are two people: the joint liable
    /// party is not the lead.
    pub account: Option<String>,
    /// The address is a business's (a sole trader's rates account), not a
    /// home: it is compared only with other business addresses.
    pub business_address: bool,
    /// When the party became and stopped being liable for (or the tenant
    /// of) the record's property, as revenues and housing systems hold it.
    /// A liability that ends where another of the same name begins at
    /// another property may be a move, but timing alone is weak evidence:
    /// in a borough, people of one common name leave and start liabilities
    /// every week.
    pub occupied: Option<Occupancy>,
    /// Identifiers the source holds besides the NINO (a vehicle
    /// registration, a customer number, a claim reference). Two records
    /// that carry one of the same kind are compared on it.
    pub identifiers: Vec<Identifier>,
}

impl PersonRecord {
    /// A record of `name` under `key` (unique in the run), holding nothing
    /// else yet.
    pub fn new(key: impl Into<String>, name: PersonName) -> PersonRecord {
        PersonRecord {
            key: key.into(),
            name,
            ..PersonRecord::default()
        }
    }

    /// With a date of birth, if held.
    pub fn with_dob(mut self, dob: impl Into<Option<NaiveDate>>) -> PersonRecord {
        self.dob = dob.into();
        self
    }

    /// With a National Insurance number, if held.
    pub fn with_nino(mut self, nino: impl Into<Option<Nino>>) -> PersonRecord {
        self.nino = nino.into();
        self
    }

    /// With the record's own address: as written, its postcode and UPRN.
    pub fn with_address(mut self, address: RecordAddress) -> PersonRecord {
        self.address = address.text;
        self.postcode = address.postcode;
        self.uprn = address.uprn;
        self
    }

    /// With the account or case the record is a party of.
    pub fn with_account(mut self, account: impl Into<Option<String>>) -> PersonRecord {
        self.account = account.into();
        self
    }

    /// With its address marked as a business's (`true`), not a home.
    pub fn with_business_address(mut self, business: bool) -> PersonRecord {
        self.business_address = business;
        self
    }

    /// With the period of the liability or tenancy, if known.
    pub fn with_occupancy(mut self, occupied: impl Into<Option<Occupancy>>) -> PersonRecord {
        self.occupied = occupied.into();
        self
    }

    /// With a closed account's forwarding address (none if it is empty).
    pub fn with_forwarding(mut self, forwarding: RecordAddress) -> PersonRecord {
        self.forwarding = Some(forwarding).filter(|a| !a.is_empty());
        self
    }

    /// With a business record's correspondence address (none if it is
    /// empty).
    pub fn with_correspondence(mut self, correspondence: RecordAddress) -> PersonRecord {
        self.correspondence = Some(correspondence).filter(|a| !a.is_empty());
        self
    }

    /// With identifiers besides the NINO.
    pub fn with_identifiers(mut self, identifiers: Vec<Identifier>) -> PersonRecord {
        self.identifiers = identifiers;
        self
    }
}

/// An address a record gives besides its own: as written, with its
/// postcode and, when the gazetteer knows it, its UPRN.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordAddress {
    /// Free text as written.
    pub text: String,
    /// Postcode, if valid.
    pub postcode: Option<Postcode>,
    /// UPRN, when matched.
    pub uprn: Option<u64>,
}

impl RecordAddress {
    /// An address as written, with its postcode and UPRN when known.
    pub fn new(
        text: impl Into<String>,
        postcode: Option<Postcode>,
        uprn: Option<u64>,
    ) -> RecordAddress {
        RecordAddress {
            text: text.into(),
            postcode,
            uprn,
        }
    }

    /// Whether the address says anything at all.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty() && self.postcode.is_none() && self.uprn.is_none()
    }
}

/// An identifier of a person that a source holds, by kind: two records
/// compare on it only when both carry the same kind.
///
/// ```
/// use debt_core::identity::Identifier;
/// let a = Identifier::new("vehicle", "ab12 cde").unwrap();
/// assert_eq!(a, Identifier::new("VEHICLE", "AB12CDE").unwrap());
/// assert!(Identifier::new("vehicle", " - ").is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Identifier {
    /// The kind (`vehicle`, `customer_ref`, `claim_ref`), lower case.
    pub kind: String,
    /// The value: letters and digits only, upper case.
    pub value: String,
}

impl Identifier {
    /// An identifier from its kind and its value as written (spaces,
    /// punctuation and case do not count); `None` when the value is empty.
    pub fn new(kind: &str, value: &str) -> Option<Identifier> {
        let value: String = value
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase())
            .collect();
        (!value.is_empty()).then(|| Identifier {
            kind: kind.trim().to_ascii_lowercase(),
            value,
        })
    }
}

/// The period a party was liable for, or the tenant of, a property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occupancy {
    /// First day.
    pub from: NaiveDate,
    /// Last day; `None` while it runs.
    pub to: Option<NaiveDate>,
}

impl Occupancy {
    /// The period from `from` to `to` (inclusive), or still running.
    pub fn new(from: NaiveDate, to: Option<NaiveDate>) -> Occupancy {
        Occupancy { from, to }
    }
}

impl AsRef<PersonRecord> for PersonRecord {
    fn as_ref(&self) -> &PersonRecord {
        self
    }
}

/// Per-level probabilities of one field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldModel {
    /// `m` per level (index 0, missing, unused).
    pub m: Vec<f64>,
    /// `u` per level.
    pub u: Vec<f64>,
}

/// Settings of the linker.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkConfig {
    /// Links at or above this match probability are merged automatically
    /// (Fellegi and Sunter's links).
    pub threshold: f64,
    /// Links at or above this probability but below [`threshold`]
    /// (Fellegi and Sunter's possible links), and links refused only as
    /// ambiguous, go to an officer: they are not merged until an officer
    /// says so. Below it, a pair is a non-link. 0.7 by default: on the
    /// evaluation sets, pairs between 0.5 and 0.7 were two people about
    /// twice as often as one, and a queue that took them grew past 3% of
    /// the records on the dense set (BENCHMARKS.md, issue 13).
    ///
    /// [`threshold`]: LinkConfig::threshold
    pub review_threshold: f64,
    /// Starting (or fixed) `m` per field and level, in [`FIELDS`] order.
    pub m: [Vec<f64>; N_FIELDS],
    /// Typical `u` per field and level for a borough; the data's own
    /// estimates are shrunk towards these (weighted as [`U_PSEUDO_PAIRS`]
    /// random pairs), so a small run does not learn absurd values.
    pub u: [Vec<f64>; N_FIELDS],
    /// Refine `m` by expectation-maximisation over blocked pairs. Off by
    /// default: where same-property blocking supplies many household pairs
    /// (family members share surname and address), EM takes "same
    /// household" for "same person" and learns a worse model than the
    /// configured one (measured on the evaluation set; see BENCHMARKS.md).
    pub estimate_m: bool,
    /// Blocks larger than this are skipped (and counted).
    pub max_block: usize,
    /// Random pairs sampled to estimate fuzzy-level `u`.
    pub sample_pairs: usize,
    /// Seed for that sample.
    pub seed: u64,
    /// Largest cluster a merge may produce.
    pub max_cluster: usize,
    /// Links below this probability (and below the threshold) are not kept
    /// for explanation.
    pub keep_floor: f64,
}

impl Default for LinkConfig {
    fn default() -> Self {
        LinkConfig {
            threshold: 0.95,
            review_threshold: 0.7,
            m: [
                vec![0.0, 0.90, 0.06, 0.04],
                vec![0.0, 0.80, 0.06, 0.08, 0.04, 0.02],
                vec![0.0, 0.97, 0.03],
                vec![0.0, 0.94, 0.02, 0.03, 0.01],
                vec![0.0, 0.97, 0.02, 0.01],
                vec![0.0, 0.50, 0.10, 0.10, 0.05, 0.25],
                vec![0.0, 0.2, 0.8],
                vec![0.0, 0.45, 0.35, 0.05, 0.15],
                vec![0.0, 0.75, 0.10, 0.15],
                vec![0.0, 0.6, 0.4],
            ],
            u: [
                vec![0.0, 0.002, 0.002, 0.996],
                vec![0.0, 0.01, 0.001, 0.01, 0.005, 0.974],
                vec![0.0, 0.06, 0.94],
                vec![0.0, 0.00004, 0.00001, 0.002, 0.99795],
                vec![0.0, 0.0000001, 0.000001, 0.9999989],
                vec![0.0, 0.00002, 0.00005, 0.0002, 0.005, 0.99473],
                vec![0.0, 0.01, 0.99],
                vec![0.0, 0.0002, 0.005, 0.5, 0.4948],
                vec![0.0, 0.00003, 0.0003, 0.99967],
                vec![0.0, 0.000001, 0.999999],
            ],
            estimate_m: false,
            max_block: 2_000,
            sample_pairs: 2_000_000,
            seed: 0x5eed,
            max_cluster: 500,
            keep_floor: 0.5,
        }
    }
}

/// A fitted model: `m`, `u`, the prior and the name frequencies.
#[derive(Debug, Clone)]
pub struct LinkModel {
    /// Per-field probabilities, in [`FIELDS`] order.
    pub fields: Vec<FieldModel>,
    /// Prior probability that two random records are the same person.
    pub prior: f64,
    surname_tf: HashMap<String, f64>,
    forename_tf: HashMap<String, f64>,
    floor: f64,
}

/// One compared pair: its levels, weights and probability.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// First record (index into the records given).
    pub a: u32,
    /// Second record.
    pub b: u32,
    /// Level per field.
    pub levels: Levels,
    /// Weight per field (`log2` Bayes factor, term-frequency adjusted).
    pub weights: [f64; N_FIELDS],
    /// Prior plus field weights.
    pub total_weight: f64,
    /// Match probability.
    pub probability: f64,
    /// What clustering did with it.
    pub decision: LinkDecision,
}

/// What clustering did with a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkDecision {
    /// Below the threshold: not used.
    BelowThreshold,
    /// Merged two clusters.
    Merged,
    /// Both records were already in one cluster.
    AlreadyLinked,
    /// Refused: a record of one cluster conflicts with one of the other.
    Conflict,
    /// Refused: the merged cluster would be implausibly large.
    TooLarge,
    /// Refused by an officer's "not the same person".
    OfficerSeparated,
    /// Refused: the record has no date of birth or NINO and fits two people
    /// who cannot be one (father and son of the same name at one address).
    Ambiguous,
    /// Forced by an officer's "same person".
    OfficerLinked,
    /// A possible link: not merged, left for an officer (below the link
    /// threshold but above the review threshold, or refused only as
    /// ambiguous), between two persons that could be one.
    PossibleLink,
}

impl LinkDecision {
    /// The code used in outputs.
    pub fn code(self) -> &'static str {
        match self {
            LinkDecision::BelowThreshold => "below_threshold",
            LinkDecision::Merged => "merged",
            LinkDecision::AlreadyLinked => "already_linked",
            LinkDecision::Conflict => "refused_conflict",
            LinkDecision::TooLarge => "refused_too_large",
            LinkDecision::OfficerSeparated => "refused_officer_separated",
            LinkDecision::Ambiguous => "refused_ambiguous",
            LinkDecision::OfficerLinked => "officer_linked",
            LinkDecision::PossibleLink => "possible_link",
        }
    }
}

/// An officer's decision about two records, applied on every run.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Override {
    /// These two records are the same person.
    Same(String, String),
    /// These two records are not the same person.
    Different(String, String),
}

/// The outcome of linking.
#[derive(Debug, Clone)]
pub struct Linkage {
    /// Cluster number per record (clusters numbered in order of their first record).
    pub cluster: Vec<u32>,
    /// Every compared pair at or above [`LinkConfig::keep_floor`] (or the
    /// threshold, if lower), strongest first.
    pub links: Vec<Link>,
    /// The fitted model.
    pub model: LinkModel,
    /// Candidate pairs compared.
    pub pairs_compared: u64,
    /// What each blocking rule made: its pairs, its largest block, and the
    /// blocks (and their records) skipped as larger than
    /// [`LinkConfig::max_block`].
    pub blocking: Vec<BlockingStats>,
    /// Overrides naming a record that is not in this run.
    pub stale_overrides: Vec<Override>,
    /// The possible links an officer should decide, one per pair of persons
    /// (the strongest link between them), strongest first.
    pub possible: Vec<PossibleLink>,
}

/// A pair of persons that may be one, left for an officer: the strongest
/// link between them and why it was not merged automatically.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PossibleLink {
    /// Index of the link in [`Linkage::links`].
    pub link: usize,
    /// Why it was not automatic.
    pub reason: ReviewReason,
}

/// Why a possible link was not merged automatically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReviewReason {
    /// Its match probability is below the link threshold (and at or above
    /// the review threshold).
    BelowThreshold,
    /// The record fits two persons who cannot be one, and nothing in it
    /// tells them apart.
    Ambiguous,
}

impl ReviewReason {
    /// The code used in outputs.
    pub fn code(self) -> &'static str {
        match self {
            ReviewReason::BelowThreshold => "below_link_threshold",
            ReviewReason::Ambiguous => "fits_two_people",
        }
    }
}

impl Linkage {
    /// Blocks skipped as larger than the cap, by rule.
    pub fn blocks_skipped(&self) -> impl Iterator<Item = (BlockingRule, u64)> + '_ {
        self.blocking.iter().map(|b| (b.rule, b.skipped_blocks))
    }
}

/// Links `records` into persons.
///
/// ```
/// use chrono::NaiveDate;
/// use debt_core::identity::{link_records, LinkConfig, PersonName, PersonRecord, Postcode, RecordAddress};
/// let dob = NaiveDate::from_ymd_opt(1980, 3, 14);
/// let r = |key: &str, name: &str, dob, pc: &str| {
///     PersonRecord::new(key, PersonName::parse(name))
///         .with_dob(dob)
///         .with_address(RecordAddress::new("", Postcode::parse(pc), None))
/// };
/// let records = vec![
///     r("ctax:1", "SMITH, JOHN A", dob, "AS1 2AB"),
///     r("rent:7", "John Smith", dob, "AS1 2AB"),
///     r("hbop:3", "Mr John Smith", NaiveDate::from_ymd_opt(1951, 1, 2), "AS1 2AB"),
/// ];
/// let linkage = link_records(&records, &LinkConfig::default(), &[]);
/// assert_eq!(linkage.cluster[0], linkage.cluster[1]);
/// assert_ne!(linkage.cluster[0], linkage.cluster[2], "same name and address, different date of birth");
/// ```
pub fn link_records<R: AsRef<PersonRecord> + Sync>(
    records: &[R],
    config: &LinkConfig,
    overrides: &[Override],
) -> Linkage {
    let Scored {
        prepared,
        mut links,
        model,
        pairs_compared,
        blocking,
    } = score_candidates(records, config);
    strongest_first(&mut links);
    let (cluster, stale, possible) = cluster_links(&prepared, &mut links, config, overrides);
    Linkage {
        cluster,
        links,
        model,
        pairs_compared,
        blocking,
        stale_overrides: stale,
        possible,
    }
}

/// Everything linking does before clustering.
struct Scored {
    prepared: Vec<Prepared>,
    /// The scored pairs kept (at or above the keep floor, or the threshold
    /// if lower), in no particular order.
    links: Vec<Link>,
    model: LinkModel,
    pairs_compared: u64,
    blocking: Vec<BlockingStats>,
}

/// Prepares the records, blocks, compares every candidate pair, fits the
/// model and scores the pairs with it: each step a map, a shuffle or an
/// aggregate (see [`link_records_partitioned`]).
fn score_candidates<R: AsRef<PersonRecord> + Sync>(records: &[R], config: &LinkConfig) -> Scored {
    use rayon::prelude::*;
    let mut prepared: Vec<Prepared> = records
        .par_iter()
        .map(|r| Prepared::new(r.as_ref()))
        .collect();
    intern(&mut prepared);
    let (pairs, blocking) = candidate_pairs(&prepared, config.max_block);
    // Each pair's comparison levels, worked out once for fitting and scoring.
    let mut levels: Vec<Levels> = pairs
        .par_iter()
        .map(|&(a, b)| compare(&prepared[a as usize], &prepared[b as usize]))
        .collect();
    moved_with(&prepared, &pairs, &mut levels);
    let model = LinkModel::fit(&mut prepared, &levels, config);
    let links: Vec<Link> = pairs
        .par_iter()
        .zip(levels.par_iter())
        .map(|(&(a, b), levels)| model.score(&prepared, a, b, *levels))
        .filter(|l| l.probability >= config.keep_floor.min(config.threshold))
        .collect();
    Scored {
        prepared,
        links,
        model,
        pairs_compared: pairs.len() as u64,
        blocking,
    }
}

/// Sorts links strongest first (ties by record pair), the order clustering
/// takes them in and `links.csv` lists them.
fn strongest_first(links: &mut [Link]) {
    use rayon::prelude::*;
    links.par_sort_by(|x, y| {
        y.total_weight
            .partial_cmp(&x.total_weight)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| (x.a, x.b).cmp(&(y.a, y.b)))
    });
}

/// What one partition of [`link_records_partitioned`] held.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct PartitionStats {
    /// Records in it.
    pub records: u64,
    /// Links (scored pairs kept) clustered in it.
    pub links: u64,
    /// Connected components of kept links (and officers' "same" decisions)
    /// in it: each is wholly in one partition.
    pub components: u64,
    /// Records in its largest component: no partition can be smaller.
    pub largest_component: u64,
}

/// [`link_records`] run as a distributed engine would run it, with the
/// clustering done one partition after another, and the same result.
///
/// Everything before clustering is a map, a shuffle or an aggregate, the
/// operations such an engine distributes: the name frequencies (an
/// aggregate), the blocks (a shuffle by key), comparing each pair (a map),
/// whether a household moved together (grouped by property pair), the
/// model (fitted once from the count of each comparison pattern, an
/// aggregate) and scoring each pair with it (a map). Only clustering needs
/// records together: it never looks past a connected component of the
/// links kept (and officers' "same" decisions), so each component goes
/// whole to one partition, chosen by the postcode district of its first
/// record, and the partitions are clustered one after another. The
/// clusters, links and possible links equal [`link_records`]'s
/// (`debt-batch/tests/partitions.rs` compares the outputs byte for byte;
/// BENCHMARKS.md measures it).
pub fn link_records_partitioned<R: AsRef<PersonRecord> + Sync>(
    records: &[R],
    config: &LinkConfig,
    overrides: &[Override],
    partitions: usize,
) -> (Linkage, Vec<PartitionStats>) {
    let partitions = partitions.max(1);
    let Scored {
        prepared,
        links: kept,
        model,
        pairs_compared,
        blocking,
    } = score_candidates(records, config);
    // Components of kept links and of officers' "same" decisions.
    let index: HashMap<&str, u32> = prepared
        .iter()
        .enumerate()
        .map(|(i, r)| (r.key.as_str(), i as u32))
        .collect();
    let mut components = Clusters::new(prepared.len());
    let same = overrides.iter().filter_map(|o| match o {
        Override::Same(a, b) => Some((*index.get(a.as_str())?, *index.get(b.as_str())?)),
        Override::Different(..) => None,
    });
    for (a, b) in kept.iter().map(|l| (l.a, l.b)).chain(same) {
        let (ra, rb) = (components.find(a), components.find(b));
        if ra != rb {
            components.union(ra, rb);
        }
    }
    // Each component goes to the partition of its first record's postcode
    // district (the outward code, AS1 of AS1 2HT): a borough's districts
    // spread it over partitions, as a nation's areas would.
    let mut part_of_root: HashMap<u32, usize> = HashMap::new();
    let mut part = vec![0usize; prepared.len()];
    let mut size: HashMap<u32, u64> = HashMap::new();
    let mut stats = vec![PartitionStats::default(); partitions];
    for i in 0..prepared.len() as u32 {
        let root = components.find(i);
        let p = *part_of_root.entry(root).or_insert_with(|| {
            let district = prepared[i as usize]
                .locations()
                .find_map(|l| l.postcode.as_deref())
                .and_then(|p| p.split(' ').next())
                .unwrap_or("");
            (stable_hash(district) % partitions as u64) as usize
        });
        part[i as usize] = p;
        stats[p].records += 1;
        *size.entry(root).or_default() += 1;
    }
    for (&root, &n) in &size {
        let s = &mut stats[part[root as usize]];
        s.components += 1;
        s.largest_component = s.largest_component.max(n);
    }
    let mut part_links: Vec<Vec<Link>> = vec![Vec::new(); partitions];
    for link in kept {
        part_links[part[link.a as usize]].push(link);
    }
    // Per partition: cluster. An override goes to the partition of a record
    // it names (one naming no record here, to the first).
    let mut links: Vec<Link> = Vec::new();
    let mut possible_pairs: Vec<((u32, u32), ReviewReason)> = Vec::new();
    let mut first_of = vec![0u32; prepared.len()];
    let mut stale = Vec::new();
    for (p, mut mine) in part_links.into_iter().enumerate() {
        stats[p].links = mine.len() as u64;
        strongest_first(&mut mine);
        let decisions: Vec<Override> = overrides
            .iter()
            .filter(|o| {
                let (a, b) = match o {
                    Override::Same(a, b) | Override::Different(a, b) => (a, b),
                };
                let at = |k: &str| index.get(k).map(|&i| part[i as usize]);
                match (at(a), at(b)) {
                    (None, None) => p == 0,
                    (x, y) => x == Some(p) || y == Some(p),
                }
            })
            .cloned()
            .collect();
        let (cluster, part_stale, possible) =
            cluster_links(&prepared, &mut mine, config, &decisions);
        stale.extend(part_stale);
        // Name each record's cluster by its first record, which is global.
        let mut first: HashMap<u32, u32> = HashMap::new();
        for (i, &c) in cluster.iter().enumerate() {
            if part[i] == p {
                first_of[i] = *first.entry(c).or_insert(i as u32);
            }
        }
        possible_pairs.extend(possible.iter().map(|pl| {
            let l = &mine[pl.link];
            ((l.a, l.b), pl.reason)
        }));
        links.extend(mine);
    }
    // Every partition's links in the single run's order, and its clusters
    // numbered as the single run numbers them (by their first record).
    strongest_first(&mut links);
    let position: HashMap<(u32, u32), usize> = links
        .iter()
        .enumerate()
        .map(|(i, l)| ((l.a, l.b), i))
        .collect();
    let mut possible: Vec<PossibleLink> = possible_pairs
        .into_iter()
        .filter_map(|(pair, reason)| {
            Some(PossibleLink {
                link: *position.get(&pair)?,
                reason,
            })
        })
        .collect();
    possible.sort_by_key(|p| p.link);
    let mut number: HashMap<u32, u32> = HashMap::new();
    let cluster = first_of
        .iter()
        .map(|first| {
            let next = number.len() as u32;
            *number.entry(*first).or_insert(next)
        })
        .collect();
    (
        Linkage {
            cluster,
            links,
            model,
            pairs_compared,
            blocking,
            stale_overrides: stale,
            possible,
        },
        stats,
    )
}

/// A record with its comparison keys worked out once.
#[derive(Debug, Clone)]
struct Prepared {
    key: String,
    surname: String,
    forename: String,
    /// The formal names the forename may stand for (itself when none).
    forms: Vec<String>,
    /// The nicknames of those formal names (Steven: Steve, Stevie), for
    /// telling a mistyped nickname from another name.
    nicknames: Vec<&'static str>,
    /// Interned ids of surname, forename and forms: equal ids, equal names
    /// (0 for empty).
    surname_id: u32,
    forename_id: u32,
    form_ids: Vec<u32>,
    /// How common the surname and forename are (term frequency).
    surname_tf: f64,
    forename_tf: f64,
    is_initial: bool,
    /// Whether the forename is one the name tables know (looked up once:
    /// every compared pair asks).
    known_forename: bool,
    /// Initial of the second forename (0: none written).
    middle: u8,
    /// The second forename in full, when written in full (empty for an
    /// initial or none).
    middle_name: String,
    /// 0 unknown, 1 male, 2 female.
    sex: u8,
    /// Hash of the account the record is a party of (0: none).
    account: u64,
    business: bool,
    organisation: bool,
    dob: Option<NaiveDate>,
    nino: Option<Nino>,
    /// Where the record says the person lives or lived: its own address,
    /// or for a business record the correspondence address, if any.
    home: Vec<Location>,
    /// A business record's own address (business premises).
    premises: Option<Location>,
    /// A closed account's forwarding address.
    forwarding: Option<Location>,
    /// Identifiers besides the NINO, sorted.
    identifiers: Vec<Identifier>,
    /// Liability or tenancy period in days since the common era (the end
    /// `i32::MAX` while it runs), with the record's own property.
    occupied: Option<(i32, i32, u64)>,
    /// First day of the liability or tenancy, property or not (days since
    /// the common era).
    liable_from: Option<i32>,
    /// The day the record's person turned [`MIN_AGE_LIABLE_YEARS`], from
    /// its date of birth (days since the common era).
    of_age_from: Option<i32>,
}

/// One address of a record, as location compares it.
#[derive(Debug, Clone)]
struct Location {
    uprn: Option<u64>,
    postcode: Option<String>,
    sector: Option<String>,
    /// House and street as written, for addresses the gazetteer does not
    /// know.
    text: Option<TextKey>,
}

/// An address's house and street, the street interned.
#[derive(Debug, Clone)]
struct TextKey {
    house: String,
    street: String,
    /// Locality and town words, sorted.
    places: Vec<String>,
    /// Equal ids, equal streets (set by [`intern`]).
    street_id: u32,
    /// How often an unrelated pair agrees on this house and street: how
    /// common the street name is among the records, times one over the
    /// houses seen on it (set when the model is fitted).
    u: f64,
}

impl Location {
    fn new(uprn: Option<u64>, postcode: Option<&Postcode>, text: &str) -> Option<Location> {
        let text = super::address::AddressText::parse(text).map(|a| TextKey {
            house: a.house,
            street: a.street,
            places: a.places,
            street_id: 0,
            u: 0.0,
        });
        (uprn.is_some() || postcode.is_some() || text.is_some()).then(|| Location {
            uprn,
            postcode: postcode.map(|p| p.as_str().to_string()),
            sector: postcode.map(|p| p.sector().to_string()),
            text,
        })
    }

    fn of(a: &RecordAddress) -> Option<Location> {
        Location::new(a.uprn, a.postcode.as_ref(), &a.text)
    }

    /// The location level of two addresses: the same property (both
    /// known to the gazetteer), the same house and street as written
    /// (where either is not known to it) with no postcode or town against,
    /// the same postcode, the same sector, or elsewhere.
    fn level(&self, other: &Location) -> LocationLevel {
        if let (Some(a), Some(b)) = (self.uprn, other.uprn) {
            // Two known, different properties (neighbouring flats) are not
            // the same address, however close.
            return if a == b {
                LocationLevel::SameProperty
            } else {
                LocationLevel::Disagree
            };
        }
        let postcodes_differ =
            matches!((&self.postcode, &other.postcode), (Some(a), Some(b)) if a != b);
        if let (Some(a), Some(b)) = (&self.text, &other.text) {
            if a.street_id == b.street_id
                && a.house == b.house
                && !postcodes_differ
                && !super::address::places_differ(&a.places, &b.places)
            {
                return LocationLevel::SameAddress;
            }
        }
        match (&self.postcode, &other.postcode, &self.sector, &other.sector) {
            (Some(a), Some(b), _, _) if a == b => LocationLevel::SamePostcode,
            (_, _, Some(a), Some(b)) if a == b => LocationLevel::SameSector,
            _ => LocationLevel::Disagree,
        }
    }
}

/// The best (closest) level between any address of `xs` and any of `ys`;
/// missing when either has none.
fn best_level<'a>(
    xs: impl IntoIterator<Item = &'a Location> + Clone,
    ys: impl IntoIterator<Item = &'a Location> + Clone,
) -> LocationLevel {
    xs.into_iter()
        .flat_map(|a| ys.clone().into_iter().map(move |b| a.level(b)))
        .min()
        .unwrap_or(LocationLevel::Missing)
}

impl Prepared {
    fn new(r: &PersonRecord) -> Prepared {
        let forename = r.name.first_forename().unwrap_or("").to_string();
        let is_initial = forename.len() == 1;
        let forms = if forename.is_empty() || is_initial {
            Vec::new()
        } else {
            super::name::forename_forms(&forename)
                .into_iter()
                .map(String::from)
                .collect()
        };
        let mut nicknames: Vec<&'static str> = forms
            .iter()
            .flat_map(|f| super::name::nicknames_of(f).iter().copied())
            .filter(|n| *n != forename)
            .collect();
        nicknames.sort_unstable();
        nicknames.dedup();
        Prepared {
            nicknames,
            key: r.key.clone(),
            surname_id: 0,
            forename_id: 0,
            form_ids: Vec::new(),
            surname_tf: 0.0,
            forename_tf: 0.0,
            surname: r.name.surname.clone(),
            forms,
            is_initial,
            known_forename: super::name::is_known_forename(&forename),
            forename,
            middle: r.name.middle_initial().map_or(0, |c| c as u8),
            middle_name: r
                .name
                .forenames
                .get(1)
                .filter(|m| m.len() > 1)
                .cloned()
                .unwrap_or_default(),
            sex: match r.name.sex() {
                None => 0,
                Some(super::name::Sex::Male) => 1,
                Some(super::name::Sex::Female) => 2,
            },
            account: r
                .account
                .as_deref()
                .map_or(0, |a| hash_parts(&[a.as_bytes()])),
            business: r.business_address,
            organisation: r.name.is_organisation,
            dob: r.dob,
            nino: r.nino.clone(),
            liable_from: r.occupied.map(|o| o.from.num_days_from_ce()),
            of_age_from: r
                .dob
                .and_then(|d| d.checked_add_months(Months::new(MIN_AGE_LIABLE_YEARS * 12)))
                .map(|d| d.num_days_from_ce()),
            occupied: match (r.occupied, r.uprn) {
                (Some(o), Some(uprn)) => Some((
                    o.from.num_days_from_ce(),
                    o.to.map_or(i32::MAX, |d| d.num_days_from_ce()),
                    uprn,
                )),
                _ => None,
            },
            home: if r.business_address {
                r.correspondence.iter().filter_map(Location::of).collect()
            } else {
                Location::new(r.uprn, r.postcode.as_ref(), &r.address)
                    .into_iter()
                    .collect()
            },
            premises: if r.business_address {
                Location::new(r.uprn, r.postcode.as_ref(), &r.address)
            } else {
                None
            },
            forwarding: r.forwarding.as_ref().and_then(Location::of),
            identifiers: {
                let mut ids = r.identifiers.clone();
                ids.sort();
                ids.dedup();
                ids
            },
        }
    }

    /// Every address the record knows: home, premises, forwarding.
    fn locations(&self) -> impl Iterator<Item = &Location> + Clone {
        self.home
            .iter()
            .chain(self.premises.iter())
            .chain(self.forwarding.iter())
    }

    /// The record's own address: its premises for a business record, else
    /// its home.
    fn own(&self) -> Option<&Location> {
        if self.business {
            self.premises.as_ref()
        } else {
            self.home.first()
        }
    }

    /// The first letters the forename may start with: its own, its formal
    /// names' ('Bill' fits 'W Jones') and their nicknames' ('Elizabeth'
    /// fits 'B Jones', for Beth).
    fn initials(&self) -> impl Iterator<Item = u8> + '_ {
        self.forename
            .as_bytes()
            .first()
            .copied()
            .into_iter()
            .chain(
                self.forms
                    .iter()
                    .filter_map(|f| f.as_bytes().first().copied()),
            )
            .chain(
                self.nicknames
                    .iter()
                    .filter_map(|n| n.as_bytes().first().copied()),
            )
    }

    /// Whether `other` is one edit from one of this forename's formal names
    /// or their nicknames ('Stuve' from Steven, through Steve; 'Terenc'
    /// from Terry, through Terence).
    fn near_a_form_of(&self, other: &str) -> bool {
        self.forms
            .iter()
            .map(String::as_str)
            .chain(self.nicknames.iter().copied())
            .any(|v| v != other && within_one_edit(v, other))
    }
}

/// Gives equal names equal ids, so comparisons test integers.
fn intern(records: &mut [Prepared]) {
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut id = |text: &str| -> u32 {
        if text.is_empty() {
            return 0;
        }
        let next = ids.len() as u32 + 1;
        *ids.entry(text.to_string()).or_insert(next)
    };
    for r in records.iter_mut() {
        r.surname_id = id(&r.surname);
        r.forename_id = id(&r.forename);
        r.form_ids = r.forms.iter().map(|f| id(f)).collect();
        let places = r
            .home
            .iter_mut()
            .chain(r.premises.iter_mut())
            .chain(r.forwarding.iter_mut());
        for t in places.filter_map(|l| l.text.as_mut()) {
            t.street_id = id(&t.street);
        }
    }
}

/// The comparison levels of two records.
fn compare(x: &Prepared, y: &Prepared) -> Levels {
    let (surname, forename) = swapped_levels(x, y)
        .or_else(|| swapped_levels(y, x))
        .unwrap_or_else(|| (surname_level(x, y), forename_level(x, y)));
    // The best agreement between the homes (a sole trader's correspondence
    // address is a home), or between two businesses' premises. Business
    // premises say nothing about where a person lives.
    let homes = best_level(&x.home, &y.home);
    let premises = best_level(&x.premises, &y.premises);
    let location = match (homes, premises) {
        (LocationLevel::Missing, p) | (p, LocationLevel::Missing) => p,
        (h, p) => h.min(p),
    };
    let occupancy = if x.business != y.business {
        OccupancyLevel::Missing
    } else {
        occupancy_level(x.occupied, y.occupied)
    };
    let mut levels = Levels::default();
    levels[Field::Surname] = surname.into();
    levels[Field::Forename] = forename.into();
    levels[Field::Middle] = middle_level(x, y).into();
    levels[Field::Dob] = dob_level(x.dob, y.dob).into();
    levels[Field::Nino] = nino_level(x.nino.as_ref(), y.nino.as_ref()).into();
    levels[Field::Location] = location.into();
    // Moved-with needs every pair; `moved_with` sets it.
    levels[Field::Occupancy] = occupancy.into();
    levels[Field::Forwarding] = forwarding_level(x, y, location).into();
    levels[Field::Identifier] = identifier_level(&x.identifiers, &y.identifiers).into();
    levels
}

fn dob_level(x: Option<NaiveDate>, y: Option<NaiveDate>) -> DobLevel {
    match (x, y) {
        (Some(a), Some(b)) if a == b => DobLevel::Exact,
        (Some(a), Some(b))
            if a.year() == b.year() && a.day() == b.month() && a.month() == b.day() =>
        {
            DobLevel::DayMonthSwapped
        }
        (Some(a), Some(b)) => {
            let same = u8::from(a.year() == b.year())
                + u8::from(a.month() == b.month())
                + u8::from(a.day() == b.day());
            if same == 2 {
                DobLevel::OnePartDiffers
            } else {
                DobLevel::Disagree
            }
        }
        _ => DobLevel::Missing,
    }
}

/// A forwarding address says where the person went: compared with where
/// the other record is (or went), unless the two are at one place
/// (`location`).
fn forwarding_level(x: &Prepared, y: &Prepared, location: LocationLevel) -> ForwardingLevel {
    if matches!(
        location,
        LocationLevel::SameProperty | LocationLevel::SameAddress
    ) {
        return ForwardingLevel::Missing;
    }
    let there = |fwd: &Option<Location>, other: &Prepared| {
        best_level(fwd, other.home.iter().chain(other.forwarding.iter()))
    };
    match [there(&x.forwarding, y), there(&y.forwarding, x)]
        .into_iter()
        .filter(|l| *l != LocationLevel::Missing)
        .min()
    {
        None => ForwardingLevel::Missing,
        Some(LocationLevel::SameProperty | LocationLevel::SameAddress) => {
            ForwardingLevel::SamePlace
        }
        Some(LocationLevel::SamePostcode) => ForwardingLevel::SamePostcode,
        Some(_) => ForwardingLevel::Elsewhere,
    }
}

/// How two records' values of an identifier agree, whatever the
/// identifier: the same value, a near one, or none fits; `None` when no
/// value of one is comparable with a value of the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Agreement {
    Same,
    Near,
    Different,
}

/// The best agreement among comparable pairs of values: the same at the
/// first equal pair, else near when `near` says so of a pair, else
/// different; `None` when there is no pair.
fn agreement<'a, T: PartialEq + 'a>(
    pairs: impl IntoIterator<Item = (&'a T, &'a T)>,
    near: impl Fn(&T, &T) -> bool,
) -> Option<Agreement> {
    let mut best = None;
    for (a, b) in pairs {
        let this = if a == b {
            return Some(Agreement::Same);
        } else if near(a, b) {
            Agreement::Near
        } else {
            Agreement::Different
        };
        best = Some(best.map_or(this, |b: Agreement| b.min(this)));
    }
    best
}

/// The same NINO, one character apart (a typo), or different.
fn nino_level(x: Option<&Nino>, y: Option<&Nino>) -> NinoLevel {
    let one_edit = |a: &Nino, b: &Nino| within_one_edit(a.as_str(), b.as_str());
    match agreement(x.zip(y), one_edit) {
        None => NinoLevel::Missing,
        Some(Agreement::Same) => NinoLevel::Exact,
        Some(Agreement::Near) => NinoLevel::OneCharacter,
        Some(Agreement::Different) => NinoLevel::Disagree,
    }
}

/// Exact when two records carry an identifier of one kind with one value,
/// disagree when every kind they share differs, missing when they share
/// no kind.
fn identifier_level(x: &[Identifier], y: &[Identifier]) -> IdentifierLevel {
    let same_kind = x
        .iter()
        .flat_map(|a| y.iter().filter(|b| b.kind == a.kind).map(move |b| (a, b)));
    match agreement(same_kind, |_, _| false) {
        None => IdentifierLevel::Missing,
        Some(Agreement::Same) => IdentifierLevel::Exact,
        Some(_) => IdentifierLevel::Disagree,
    }
}

/// Days a new liability may start before the old one ends (a late closure)
/// and still read as a move.
const MOVE_OVERLAP_DAYS: i32 = 14;
/// Days a new liability may start after the old one ends (an empty spell,
/// a stay elsewhere) and still read as a move.
const MOVE_GAP_DAYS: i32 = 62;

/// The occupancy level of two periods at two different properties: next
/// day when one begins on the day the other ends or the next, continuous
/// when it begins within [`MOVE_OVERLAP_DAYS`] before or [`MOVE_GAP_DAYS`]
/// after that end, overlapping when they overlap by more than
/// [`MOVE_OVERLAP_DAYS`], apart otherwise; missing when either has no
/// period or both are at one property.
fn occupancy_level(x: Option<(i32, i32, u64)>, y: Option<(i32, i32, u64)>) -> OccupancyLevel {
    let (Some((xf, xt, xp)), Some((yf, yt, yp))) = (x, y) else {
        return OccupancyLevel::Missing;
    };
    if xp == yp {
        return OccupancyLevel::Missing;
    }
    // Days from one period's last day to the other's first, for each order.
    let gap = |end: i32, start: i32| (end != i32::MAX).then(|| start - end);
    let gaps = [gap(xt, yf), gap(yt, xf)];
    if gaps.iter().flatten().any(|g| (0..=1).contains(g)) {
        OccupancyLevel::NextDay
    } else if gaps
        .iter()
        .flatten()
        .any(|g| (-MOVE_OVERLAP_DAYS..=MOVE_GAP_DAYS).contains(g))
    {
        OccupancyLevel::Continuous
    } else if xt.min(yt).saturating_sub(xf.max(yf)) > MOVE_OVERLAP_DAYS {
        OccupancyLevel::Overlapping
    } else {
        OccupancyLevel::Apart
    }
}

/// The middle-name level: exact when the initials agree and, where both
/// give the name in full, the names are one (the same, a typo of one
/// another, or forms of one name); disagree when they differ ('JAMIE GARY'
/// and 'JAMIE GEORGE' share an initial, not a name); missing when either
/// gives none.
fn middle_level(x: &Prepared, y: &Prepared) -> MiddleLevel {
    match (x.middle, y.middle) {
        (0, _) | (_, 0) => MiddleLevel::Missing,
        (a, b) if a != b => MiddleLevel::Disagree,
        _ if x.middle_name.is_empty() || y.middle_name.is_empty() => MiddleLevel::Exact,
        _ if x.middle_name == y.middle_name || within_one_edit(&x.middle_name, &y.middle_name) => {
            MiddleLevel::Exact
        }
        _ => {
            let xf = super::name::forename_forms(&x.middle_name);
            let yf = super::name::forename_forms(&y.middle_name);
            if xf.iter().any(|f| yf.contains(f)) {
                MiddleLevel::Exact
            } else {
                MiddleLevel::Disagree
            }
        }
    }
}

fn surname_level(x: &Prepared, y: &Prepared) -> SurnameLevel {
    if x.surname_id == 0 || y.surname_id == 0 {
        SurnameLevel::Missing
    } else if x.surname_id == y.surname_id {
        SurnameLevel::Exact
    } else if within_one_edit(&x.surname, &y.surname)
        || jaro_winkler(&x.surname, &y.surname) >= 0.92
    {
        SurnameLevel::Close
    } else {
        SurnameLevel::Disagree
    }
}

/// The surname and forename levels of two records when `y` has its
/// forename and surname in each other's columns: `y`'s forename column is
/// `x`'s surname and its surname column a form of `x`'s forename ('SKELGATE,
/// JO' against a forename Skelgate and surname Joanne). `None` otherwise.
fn swapped_levels(x: &Prepared, y: &Prepared) -> Option<(SurnameLevel, ForenameLevel)> {
    if x.surname_id == 0
        || x.surname_id != y.forename_id
        || x.surname_id == x.forename_id
        || x.forename.is_empty()
        || y.surname.is_empty()
    {
        return None;
    }
    let surname = SurnameLevel::Exact;
    if y.surname_id == x.forename_id {
        let forename = if x.is_initial {
            ForenameLevel::Initial
        } else {
            ForenameLevel::Exact
        };
        return Some((surname, forename));
    }
    if x.is_initial {
        return (y.surname.as_bytes().first() == x.forename.as_bytes().first())
            .then_some((surname, ForenameLevel::Initial));
    }
    let forms = super::name::forename_forms(&y.surname);
    x.forms
        .iter()
        .any(|f| forms.contains(&f.as_str()))
        .then_some((surname, ForenameLevel::Nickname))
}

fn forename_level(x: &Prepared, y: &Prepared) -> ForenameLevel {
    if x.forename_id == 0 || y.forename_id == 0 {
        ForenameLevel::Missing
    } else if x.forename_id == y.forename_id && !x.is_initial {
        ForenameLevel::Exact
    } else if x.forename_id == y.forename_id {
        // Two records that both give only 'J' agree no more than an
        // initial does: Joanne and John are both 'J'.
        ForenameLevel::Initial
    } else if x.form_ids.iter().any(|f| y.form_ids.contains(f)) {
        ForenameLevel::Nickname
    } else if (x.is_initial && y.initials().any(|c| Some(c) == x.forename.bytes().next()))
        || (y.is_initial && x.initials().any(|c| Some(c) == y.forename.bytes().next()))
    {
        // 'W Jones' fits William and Bill alike.
        ForenameLevel::Initial
    } else if x.is_initial || y.is_initial || two_known_forenames(x, y) {
        ForenameLevel::Disagree
    } else if within_one_edit(&x.forename, &y.forename)
        || jaro_winkler(&x.forename, &y.forename) >= 0.88
        || x.near_a_form_of(&y.forename)
        || y.near_a_form_of(&x.forename)
    {
        ForenameLevel::Close
    } else {
        ForenameLevel::Disagree
    }
}

/// Both forenames are ones the name tables know (and, by now, not forms of
/// one name). A typo seldom makes one known forename into another: Ian is
/// not a mistyped Dan, nor Mark a mistyped Mary.
fn two_known_forenames(x: &Prepared, y: &Prepared) -> bool {
    x.known_forename && y.known_forename
}

/// Sets the moved-with level of every pair whose names agree and whose
/// records are at two different known properties: `household` when another
/// pair, of another forename, is at the same two properties with its names
/// agreeing too (a family that moved together), `alone` otherwise. A person
/// who moves with their household leaves that trace; two namesakes at two
/// addresses rarely do.
fn moved_with(records: &[Prepared], pairs: &[(u32, u32)], levels: &mut [Levels]) {
    use rayon::prelude::*;
    let property = |r: &Prepared| (!r.business).then(|| r.home.first()?.uprn).flatten();
    let forename = |r: &Prepared| r.form_ids.first().copied().unwrap_or(r.forename_id);
    // (property pair, forename, pair index) of every name-agreeing pair at
    // two known properties, grouped by property pair.
    let mut qualifying: Vec<((u64, u64), u32, usize)> = pairs
        .par_iter()
        .enumerate()
        .filter_map(|(i, &(a, b))| {
            let (x, y) = (&records[a as usize], &records[b as usize]);
            let l = &levels[i];
            let names = l[Field::Surname] == SurnameLevel::Exact
                && (l[Field::Forename] == ForenameLevel::Exact
                    || l[Field::Forename] == ForenameLevel::Nickname);
            if !names || l[Field::Location] != LocationLevel::Disagree || x.is_initial {
                return None;
            }
            let (p, q) = (property(x)?, property(y)?);
            Some(((p.min(q), p.max(q)), forename(x), i))
        })
        .collect();
    qualifying.par_sort_unstable();
    // Moved together when the property pair has more than one forename.
    for group in qualifying.chunk_by(|x, y| x.0 == y.0) {
        let together = group.iter().any(|g| g.1 != group[0].1);
        for g in group {
            levels[g.2][Field::MovedWith] = if together {
                MovedWithLevel::Household
            } else {
                MovedWithLevel::Alone
            }
            .into();
        }
    }
}

/// The youngest age, in years, at which a record's person may have begun a
/// liability or tenancy. The law says 18 (council tax: Local Government
/// Finance Act 1992 s.6; a minor cannot hold a legal tenancy); two years
/// are allowed for a mistyped date of birth or liability date.
pub const MIN_AGE_LIABLE_YEARS: u32 = 16;

/// Two records that cannot be one person, whatever else agrees: a person
/// and a company, two parties of one account, different sexes, a
/// different NINO, date of birth, forename or middle initial, or a
/// liability that began before the other record's person was
/// [`MIN_AGE_LIABLE_YEARS`] (a son born after his father's tenancy began).
fn conflict(x: &Prepared, y: &Prepared) -> bool {
    let too_young = |p: &Prepared, q: &Prepared| match (p.of_age_from, q.liable_from) {
        (Some(adult), Some(from)) => from < adult,
        _ => false,
    };
    if x.organisation != y.organisation
        || (x.account != 0 && x.account == y.account && x.key != y.key)
        || (x.sex != 0 && y.sex != 0 && x.sex != y.sex)
        || too_young(x, y)
        || too_young(y, x)
    {
        return true;
    }
    let levels = compare(x, y);
    levels[Field::Nino] == NinoLevel::Disagree
        || levels[Field::Dob] == DobLevel::Disagree
        || levels[Field::Forename] == ForenameLevel::Disagree
        || levels[Field::Middle] == MiddleLevel::Disagree
}

/// The FNV-1a hash of `parts`, each ended by a byte no UTF-8 text holds
/// (a blocking key).
fn hash_parts(parts: &[&[u8]]) -> u64 {
    let mut h = Fnv1a::new();
    for p in parts {
        h.write(p);
        h.write_u8(0xff);
    }
    h.finish()
}

/// The FNV-1a hash, 64 bits (deterministic across runs and platforms, as
/// the standard library's hasher is not).
struct Fnv1a(u64);

impl Fnv1a {
    fn new() -> Fnv1a {
        Fnv1a(0xcbf29ce484222325)
    }
}

impl Hasher for Fnv1a {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x100000001b3);
        }
    }
}

/// How close (in bits of weight) to a weak record's best fit two fits that
/// cannot be one person must both come for the record to count as
/// ambiguous.
const AMBIGUITY_BITS: f64 = 3.0;

/// At most this many near-best fits of a weak record are checked against
/// each other (the check is quadratic in them; a record fits more than a
/// handful only in a block of namesakes).
const MAX_RIVALS: usize = 16;

/// Weight of the configured `m` in EM, in matched pairs.
const PSEUDO_MATCHES: f64 = 200.0;

/// Weight of the configured `u`, in random pairs.
pub const U_PSEUDO_PAIRS: f64 = 100_000.0;

/// Weight of the typical name frequency, in records.
const TF_PSEUDO_RECORDS: f64 = 1_000.0;
/// Typical frequency of one surname / forename value.
const TF_SURNAME: f64 = 0.002;
const TF_FORENAME: f64 = 0.01;
/// Typical share of the records on one street.
const TF_STREET: f64 = 0.001;

/// The most a liability or tenancy's timing may weigh, in bits, per
/// occupancy level (missing, next day, continuous, overlapping, apart).
/// Whatever the data says: in a borough, people of one common name end and
/// begin liabilities every week, and systems close and open accounts on the
/// same few days (a year's start, a Monday), so the coincidences are not
/// independent of each other as the model assumes. Timing may support a
/// link that other evidence makes; it may not make one.
pub const TIMING_MAX_BITS: [f64; 5] = [0.0, 3.0, 2.0, f64::INFINITY, f64::INFINITY];

/// The rules that decide which pairs are compared: only records that share
/// a key of one of them (a block) are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BlockingRule {
    /// The same NINO.
    Nino,
    /// The same date of birth (day and month in either order) and the same
    /// first three letters of the surname.
    DobSurnameStart,
    /// The same date of birth (day and month in either order) and forename
    /// (any formal name it may stand for).
    DobForename,
    /// The same postcode (of any address the record knows) and surname.
    PostcodeSurname,
    /// The same postcode (of any address the record knows) and forename;
    /// an initial keys on its letter alone.
    PostcodeForename,
    /// The same property (UPRN) of the record's own address.
    Property,
    /// The same surname and forename (any formal name it may stand for),
    /// in blocks of at most [`NAME_ONLY_BLOCK`] records: a name shared by
    /// more is too common to say much on its own, and its blocks would grow
    /// with the population and their pairs with its square.
    SurnameForename,
    /// The same surname and forename, and the same postcode district (of
    /// any address the record knows) or year of birth: where a common name
    /// is compared.
    SurnameForenamePlace,
    /// The same surname, and a liability or tenancy that ends the day, or
    /// the day before, the other's begins (or begins the same day).
    SurnameMoveDay,
    /// The same identifier besides the NINO (kind and value).
    Identifier,
    /// The same house and street as written (of any address the record
    /// knows) and surname.
    HouseStreetSurname,
}

impl BlockingRule {
    /// Every rule, in the order blocks are made.
    pub const ALL: [BlockingRule; 11] = [
        BlockingRule::Nino,
        BlockingRule::DobSurnameStart,
        BlockingRule::DobForename,
        BlockingRule::PostcodeSurname,
        BlockingRule::PostcodeForename,
        BlockingRule::Property,
        BlockingRule::SurnameForename,
        BlockingRule::SurnameForenamePlace,
        BlockingRule::SurnameMoveDay,
        BlockingRule::Identifier,
        BlockingRule::HouseStreetSurname,
    ];

    /// The largest block the rule compares, under the run's cap.
    fn cap(self, max_block: usize) -> usize {
        match self {
            BlockingRule::SurnameForename => max_block.min(NAME_ONLY_BLOCK),
            _ => max_block,
        }
    }

    /// The rule's name in outputs.
    pub fn code(self) -> &'static str {
        match self {
            BlockingRule::Nino => "nino",
            BlockingRule::DobSurnameStart => "dob_any_order+surname_start",
            BlockingRule::DobForename => "dob_any_order+forename",
            BlockingRule::PostcodeSurname => "postcode+surname",
            BlockingRule::PostcodeForename => "postcode+forename",
            BlockingRule::Property => "property",
            BlockingRule::SurnameForename => "surname+forename",
            BlockingRule::SurnameForenamePlace => "surname+forename+district_or_birth_year",
            BlockingRule::SurnameMoveDay => "surname+move_day",
            BlockingRule::Identifier => "identifier",
            BlockingRule::HouseStreetSurname => "house+street+surname",
        }
    }

    /// Whether the rule keys on every address the record knows (home,
    /// premises, forwarding) rather than on its own address only.
    fn every_address(self) -> bool {
        matches!(
            self,
            BlockingRule::PostcodeSurname
                | BlockingRule::PostcodeForename
                | BlockingRule::SurnameForenamePlace
                | BlockingRule::HouseStreetSurname
        )
    }

    /// A record's keys under this rule.
    fn keys(self, r: &Prepared) -> Vec<u64> {
        let mut keys: Vec<u64> = if self.every_address() {
            r.locations()
                .flat_map(|l| self.keys_at(r, Some(l)))
                .collect()
        } else {
            self.keys_at(r, r.own())
        };
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    /// A record's keys under this rule at one of its addresses: one per
    /// formal name its forename may stand for, where the rule uses the
    /// forename.
    fn keys_at(self, r: &Prepared, location: Option<&Location>) -> Vec<u64> {
        let dob_any = |d: NaiveDate| {
            let (lo, hi) = if d.day() < d.month() {
                (d.day(), d.month())
            } else {
                (d.month(), d.day())
            };
            [d.year() as u32, lo, hi].map(|v| v.to_le_bytes())
        };
        let surname = (!r.surname.is_empty()).then_some(r.surname.as_bytes());
        let postcode = location.and_then(|l| l.postcode.as_ref());
        let forms = r.forms.iter().map(String::as_bytes);
        match self {
            BlockingRule::Nino => r
                .nino
                .iter()
                .map(|n| hash_parts(&[n.as_str().as_bytes()]))
                .collect(),
            // The first three letters, not one: a date of birth is shared
            // by more people the larger the borough, and one letter would
            // let its blocks grow with the square of the population.
            BlockingRule::DobSurnameStart => match (r.dob, surname) {
                (Some(d), Some(s)) => {
                    let k = dob_any(d);
                    vec![hash_parts(&[&k[0], &k[1], &k[2], &s[..s.len().min(3)]])]
                }
                _ => Vec::new(),
            },
            BlockingRule::DobForename => match r.dob {
                Some(d) => {
                    let k = dob_any(d);
                    forms
                        .map(|f| hash_parts(&[&k[0], &k[1], &k[2], f]))
                        .collect()
                }
                None => Vec::new(),
            },
            BlockingRule::PostcodeSurname => match (postcode, surname) {
                (Some(p), Some(s)) => vec![hash_parts(&[p.as_bytes(), s])],
                _ => Vec::new(),
            },
            // An initial keys on its letter alone, a name on its letter and
            // the name.
            BlockingRule::PostcodeForename => match postcode {
                Some(p) if r.is_initial => {
                    vec![hash_parts(&[p.as_bytes(), r.forename.as_bytes(), b""])]
                }
                Some(p) => forms
                    .map(|f| hash_parts(&[p.as_bytes(), &f[..1], f]))
                    .collect(),
                None => Vec::new(),
            },
            BlockingRule::Property => location
                .and_then(|l| l.uprn)
                .map(|u| hash_parts(&[&u.to_le_bytes()]))
                .into_iter()
                .collect(),
            BlockingRule::SurnameForename => match surname {
                Some(s) => forms.map(|f| hash_parts(&[s, f])).collect(),
                None => Vec::new(),
            },
            // Districts, unlike names, grow in number with the population.
            BlockingRule::SurnameForenamePlace => match surname {
                Some(s) => {
                    let district = postcode.and_then(|p| p.split(' ').next());
                    let year = r.dob.map(|d| d.year().to_le_bytes());
                    forms
                        .flat_map(|f| {
                            let at =
                                district.map(|p| hash_parts(&[s, f, b"district", p.as_bytes()]));
                            let born = year.map(|y| hash_parts(&[s, f, b"born", &y]));
                            at.into_iter().chain(born)
                        })
                        .collect()
                }
                None => Vec::new(),
            },
            // A liability that ends on day E keys on E and E + 1, one that
            // begins on day S on S: a move recorded the next day (or the
            // same day) is compared whatever the forename says ('F E' for
            // Frederick E, a mistyped name).
            BlockingRule::SurnameMoveDay => match (r.occupied, surname) {
                (Some((from, to, _)), Some(s)) => {
                    let day = |d: i32| hash_parts(&[s, &d.to_le_bytes()]);
                    let mut keys = vec![day(from)];
                    if to != i32::MAX {
                        keys.extend([day(to), day(to + 1)]);
                    }
                    keys
                }
                _ => Vec::new(),
            },
            BlockingRule::Identifier => r
                .identifiers
                .iter()
                .map(|i| hash_parts(&[i.kind.as_bytes(), i.value.as_bytes()]))
                .collect(),
            BlockingRule::HouseStreetSurname => {
                match (location.and_then(|l| l.text.as_ref()), surname) {
                    (Some(t), Some(s)) => {
                        vec![hash_parts(&[t.house.as_bytes(), t.street.as_bytes(), s])]
                    }
                    _ => Vec::new(),
                }
            }
        }
    }
}

/// The most records one name alone ([`BlockingRule::SurnameForename`])
/// puts in a block: a name shared by more is compared within a district or
/// a year of birth ([`BlockingRule::SurnameForenamePlace`]) instead.
pub const NAME_ONLY_BLOCK: usize = 64;

/// What one blocking rule made in a run (serialised without the rule, which
/// names it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct BlockingStats {
    /// The rule.
    #[serde(skip)]
    pub rule: BlockingRule,
    /// Pairs within its blocks (some also made by other rules).
    pub pairs: u64,
    /// Records in its largest block compared.
    pub largest_block: u64,
    /// Blocks larger than the cap, not compared.
    pub skipped_blocks: u64,
    /// Records in those blocks (each still compared under other rules).
    pub skipped_records: u64,
}

/// Candidate pairs, and what each blocking rule made.
type Candidates = (Vec<(u32, u32)>, Vec<BlockingStats>);

fn candidate_pairs(records: &[Prepared], max_block: usize) -> Candidates {
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut stats = Vec::new();
    for rule in BlockingRule::ALL {
        let mut keyed: Vec<(u64, u32)> = records
            .iter()
            .enumerate()
            .flat_map(|(i, r)| rule.keys(r).into_iter().map(move |k| (k, i as u32)))
            .collect();
        keyed.sort_unstable();
        // A record whose two addresses give the same key is in the block once.
        keyed.dedup();
        let mut made = BlockingStats {
            rule,
            pairs: 0,
            largest_block: 0,
            skipped_blocks: 0,
            skipped_records: 0,
        };
        let mut start = 0;
        while start < keyed.len() {
            let mut end = start + 1;
            while end < keyed.len() && keyed[end].0 == keyed[start].0 {
                end += 1;
            }
            let size = (end - start) as u64;
            if end - start > rule.cap(max_block) {
                made.skipped_blocks += 1;
                made.skipped_records += size;
            } else {
                made.largest_block = made.largest_block.max(size);
                made.pairs += size * (size - 1) / 2;
                for i in start..end {
                    for j in i + 1..end {
                        pairs.push((keyed[i].1, keyed[j].1));
                    }
                }
            }
            start = end;
        }
        stats.push(made);
    }
    rayon::slice::ParallelSliceMut::par_sort_unstable(pairs.as_mut_slice());
    pairs.dedup();
    (pairs, stats)
}

impl LinkModel {
    fn fit(records: &mut [Prepared], pairs: &[Levels], config: &LinkConfig) -> LinkModel {
        use rayon::prelude::*;
        let n = records.len().max(2);
        let floor = 1.0 / (n as f64 * 10.0);
        // Value frequencies, shrunk towards a typical frequency so that in a
        // small run one name seen three times is not taken as common.
        let freq = |values: Vec<&str>, typical: f64| -> (HashMap<String, f64>, f64) {
            let total = values.len() as f64;
            let mut counts: HashMap<&str, u64> = HashMap::new();
            for v in values {
                *counts.entry(v).or_default() += 1;
            }
            let shrink = |c: f64| (c + TF_PSEUDO_RECORDS * typical) / (total + TF_PSEUDO_RECORDS);
            (
                counts
                    .into_iter()
                    .map(|(k, c)| (k.to_string(), shrink(c as f64)))
                    .collect(),
                shrink(0.0),
            )
        };
        let (surname_tf, _) = freq(
            records
                .iter()
                .map(|r| r.surname.as_str())
                .filter(|s| !s.is_empty())
                .collect(),
            TF_SURNAME,
        );
        let (forename_tf, _) = freq(
            records
                .iter()
                .filter(|r| !r.is_initial)
                .map(|r| r.forename.as_str())
                .filter(|s| !s.is_empty())
                .collect(),
            TF_FORENAME,
        );

        for r in records.iter_mut() {
            r.surname_tf = frequency(&surname_tf, &r.surname, floor);
            r.forename_tf = frequency(&forename_tf, &r.forename, floor);
        }
        // Addresses as written: how common each street name is among the
        // records (term frequency, shrunk like the names') and how many
        // houses on it the records name. Agreement on a house in a street
        // that many records give (a High Street of every town) weighs less.
        let (street_share, street_houses) = {
            let mut seen: Vec<(u32, &str)> = records
                .iter()
                .flat_map(|r| r.locations())
                .filter_map(|l| l.text.as_ref())
                .map(|t| (t.street_id, t.house.as_str()))
                .collect();
            let total = seen.len() as f64;
            seen.sort_unstable();
            let mut count: HashMap<u32, u64> = HashMap::new();
            let mut houses: HashMap<u32, u64> = HashMap::new();
            for (i, (street, house)) in seen.iter().enumerate() {
                *count.entry(*street).or_default() += 1;
                if i == 0 || seen[i - 1] != (*street, *house) {
                    *houses.entry(*street).or_default() += 1;
                }
            }
            let share: HashMap<u32, f64> = count
                .into_iter()
                .map(|(k, c)| {
                    let shrunk =
                        (c as f64 + TF_PSEUDO_RECORDS * TF_STREET) / (total + TF_PSEUDO_RECORDS);
                    (k, shrunk)
                })
                .collect();
            (share, houses)
        };
        for r in records.iter_mut() {
            let places = r
                .home
                .iter_mut()
                .chain(r.premises.iter_mut())
                .chain(r.forwarding.iter_mut());
            for t in places.filter_map(|l| l.text.as_mut()) {
                let share = street_share.get(&t.street_id).copied().unwrap_or(floor);
                let houses = street_houses.get(&t.street_id).copied().unwrap_or(1).max(1);
                t.u = (share / houses as f64).max(floor);
            }
        }
        let records: &[Prepared] = records;

        // u from random pairs: a deterministic sample, in parallel chunks
        // each with its own seeded generator.
        let samples = config.sample_pairs.min(n.saturating_mul(n) / 2).max(1);
        const CHUNK: usize = 65_536;
        let chunks = samples.div_ceil(CHUNK);
        let counts: Vec<[Vec<f64>; N_FIELDS]> = (0..chunks)
            .into_par_iter()
            .map(|c| {
                let mut counts: [Vec<f64>; N_FIELDS] = FIELDS.map(|f| vec![0.0; f.levels().len()]);
                let mut state = (config.seed ^ (c as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)) | 1;
                let mut next = || {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state
                };
                let len = records.len().max(1) as u64;
                for _ in 0..CHUNK.min(samples - c * CHUNK) {
                    let a = (next() % len) as usize;
                    let b = (next() % len) as usize;
                    if a == b {
                        continue;
                    }
                    for (field, level) in compare(&records[a], &records[b]).iter() {
                        if level != Level::MISSING {
                            counts[field.index()][level.index()] += 1.0;
                        }
                    }
                }
                counts
            })
            .collect();
        let mut u_counts: [Vec<f64>; N_FIELDS] = FIELDS.map(|f| vec![0.0; f.levels().len()]);
        for c in &counts {
            for (f, levels) in c.iter().enumerate() {
                for (l, v) in levels.iter().enumerate() {
                    u_counts[f][l] += v;
                }
            }
        }
        let fields: Vec<FieldModel> = FIELDS
            .iter()
            .enumerate()
            .map(|(f, field)| {
                let total: f64 = u_counts[f][1..].iter().sum();
                let mut u: Vec<f64> = u_counts[f]
                    .iter()
                    .enumerate()
                    .map(|(level, c)| {
                        let typical = config.u[f].get(level).copied().unwrap_or(0.01);
                        ((c + U_PSEUDO_PAIRS * typical) / (total + U_PSEUDO_PAIRS)).max(1e-9)
                    })
                    .collect();
                u[0] = 1.0;
                let mut m = config.m[f].clone();
                m.resize(field.levels().len(), 0.01);
                FieldModel { m, u }
            })
            .collect();
        let mut model = LinkModel {
            fields,
            prior: 1e-6,
            surname_tf,
            forename_tf,
            floor,
        };

        // Pattern counts over the blocked pairs, for EM.
        let patterns: HashMap<Levels, u64> = pairs
            .par_chunks(65_536)
            .map(|chunk| {
                let mut counts: HashMap<Levels, u64> = HashMap::new();
                for levels in chunk {
                    *counts.entry(*levels).or_default() += 1;
                }
                counts
            })
            .reduce(HashMap::new, |mut a, b| {
                for (k, v) in b {
                    *a.entry(k).or_default() += v;
                }
                a
            });
        let mut patterns: Vec<(Levels, u64)> = patterns.into_iter().collect();
        patterns.sort();
        let mut blocked_prior = 0.1f64;
        for _ in 0..25 {
            let mut m_acc: Vec<Vec<f64>> =
                FIELDS.iter().map(|f| vec![0.0; f.levels().len()]).collect();
            let mut matched = 0.0;
            let mut total = 0.0;
            for (pattern, count) in &patterns {
                let mut log_ratio = (blocked_prior / (1.0 - blocked_prior)).log2();
                for (field, level) in pattern.iter() {
                    if level != Level::MISSING {
                        let fm = &model.fields[field.index()];
                        log_ratio += (fm.m[level.index()].max(1e-6) / fm.u[level.index()]).log2();
                    }
                }
                let p = 1.0 / (1.0 + (-log_ratio).exp2());
                let c = *count as f64;
                matched += p * c;
                total += c;
                for (field, level) in pattern.iter() {
                    if level != Level::MISSING {
                        m_acc[field.index()][level.index()] += p * c;
                    }
                }
            }
            if total == 0.0 {
                break;
            }
            blocked_prior = (matched / total).clamp(1e-6, 0.999);
            if config.estimate_m {
                // The configured m act as pseudo-counts, so a level the data
                // rarely shows keeps a sensible m instead of collapsing to 0.
                for (f, acc) in m_acc.iter().enumerate() {
                    let sum: f64 = acc[1..].iter().sum();
                    for (level, value) in acc.iter().enumerate().skip(1) {
                        let prior = config.m[f].get(level).copied().unwrap_or(0.01);
                        model.fields[f].m[level] =
                            ((value + PSEUDO_MATCHES * prior) / (sum + PSEUDO_MATCHES)).max(1e-4);
                    }
                }
            }
        }
        let all_pairs = n as f64 * (n as f64 - 1.0) / 2.0;
        model.prior = (blocked_prior * pairs.len() as f64 / all_pairs).clamp(1e-12, 0.5);
        model
    }

    /// The weight of one field's level for a pair (term-frequency adjusted
    /// for exact names).
    fn weight(&self, field: Field, level: Level, x: &Prepared, y: &Prepared) -> f64 {
        if level == Level::MISSING {
            return 0.0;
        }
        let fm = &self.fields[field.index()];
        let m = fm.m[level.index()].max(1e-6);
        // Names written in each other's columns weigh as the commoner of
        // the two readings (`y`'s forename is `x`'s surname and so on).
        let u = match field {
            Field::Surname if level == SurnameLevel::Exact => {
                if x.surname_id == y.surname_id {
                    x.surname_tf
                } else {
                    x.surname_tf.max(y.forename_tf)
                }
            }
            Field::Forename if level == ForenameLevel::Exact => {
                if x.forename_id == y.forename_id {
                    x.forename_tf
                } else {
                    x.forename_tf.max(y.surname_tf)
                }
            }
            // The same house and street as written: as common as the
            // commoner of the two (a street many records name weighs less).
            Field::Location if level == LocationLevel::SameAddress => {
                text_u(x, y).unwrap_or(fm.u[level.index()])
            }
            _ => fm.u[level.index()],
        };
        let weight = (m / u).log2();
        match field {
            Field::Occupancy => weight.min(TIMING_MAX_BITS[level.index()]),
            _ => weight,
        }
    }

    fn score(&self, records: &[Prepared], a: u32, b: u32, levels: Levels) -> Link {
        let (x, y) = (&records[a as usize], &records[b as usize]);
        let mut weights = [0.0; N_FIELDS];
        for (field, level) in levels.iter() {
            weights[field.index()] = self.weight(field, level, x, y);
        }
        let total_weight = (self.prior / (1.0 - self.prior)).log2() + weights.iter().sum::<f64>();
        let probability = 1.0 / (1.0 + (-total_weight).exp2());
        Link {
            a,
            b,
            levels,
            weights,
            total_weight,
            probability,
            decision: LinkDecision::BelowThreshold,
        }
    }

    /// The match probability for one pair of records (for a screen that
    /// explains a single comparison).
    pub fn probability(&self, x: &PersonRecord, y: &PersonRecord) -> f64 {
        let mut prepared = [self.prepare(x), self.prepare(y)];
        intern(&mut prepared);
        let levels = compare(&prepared[0], &prepared[1]);
        self.score(&prepared, 0, 1, levels).probability
    }

    /// A record prepared with this model's name frequencies.
    fn prepare(&self, r: &PersonRecord) -> Prepared {
        let mut p = Prepared::new(r);
        p.surname_tf = frequency(&self.surname_tf, &p.surname, self.floor);
        p.forename_tf = frequency(&self.forename_tf, &p.forename, self.floor);
        p
    }
}

/// The `u` of the house and street two records' homes (or premises) agree
/// on, the larger where several agree.
fn text_u(x: &Prepared, y: &Prepared) -> Option<f64> {
    let pairs = |a: &[Location], b: &[Location]| -> Option<f64> {
        a.iter()
            .flat_map(|l| b.iter().map(move |m| (l, m)))
            .filter(|(l, m)| l.level(m) == LocationLevel::SameAddress)
            .filter_map(|(l, m)| Some(l.text.as_ref()?.u.max(m.text.as_ref()?.u)))
            .reduce(f64::max)
    };
    pairs(&x.home, &y.home).or_else(|| pairs(x.premises.as_slice(), y.premises.as_slice()))
}

/// How common a name is, never below `floor` (a name the run has not seen
/// counts as rare, not as impossible).
fn frequency(table: &HashMap<String, f64>, name: &str, floor: f64) -> f64 {
    table.get(name).copied().unwrap_or(floor).max(floor)
}

struct Clusters {
    parent: Vec<u32>,
    members: Vec<Vec<u32>>,
}

impl Clusters {
    fn new(n: usize) -> Clusters {
        Clusters {
            parent: (0..n as u32).collect(),
            members: (0..n as u32).map(|i| vec![i]).collect(),
        }
    }

    fn find(&mut self, mut i: u32) -> u32 {
        while self.parent[i as usize] != i {
            let grand = self.parent[self.parent[i as usize] as usize];
            self.parent[i as usize] = grand;
            i = grand;
        }
        i
    }

    fn union(&mut self, a: u32, b: u32) {
        let (big, small) = if self.members[a as usize].len() >= self.members[b as usize].len() {
            (a, b)
        } else {
            (b, a)
        };
        self.parent[small as usize] = big;
        let moved = std::mem::take(&mut self.members[small as usize]);
        self.members[big as usize].extend(moved);
    }
}

/// Clusters, stale overrides and possible links.
type Clustered = (Vec<u32>, Vec<Override>, Vec<PossibleLink>);

fn cluster_links(
    records: &[Prepared],
    links: &mut [Link],
    config: &LinkConfig,
    overrides: &[Override],
) -> Clustered {
    let index: HashMap<&str, u32> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.key.as_str(), i as u32))
        .collect();
    let mut stale = Vec::new();
    let mut separated: std::collections::HashSet<(u32, u32)> = Default::default();
    let mut clusters = Clusters::new(records.len());
    // Officers' decisions first: "same" joins regardless; "different" binds every later merge.
    for o in overrides {
        let (a, b) = match o {
            Override::Same(a, b) | Override::Different(a, b) => (a, b),
        };
        match (index.get(a.as_str()), index.get(b.as_str())) {
            (Some(&x), Some(&y)) => match o {
                Override::Same(..) => {
                    let (rx, ry) = (clusters.find(x), clusters.find(y));
                    if rx != ry {
                        clusters.union(rx, ry);
                    }
                }
                Override::Different(..) => {
                    separated.insert((x.min(y), x.max(y)));
                }
            },
            _ => stale.push(o.clone()),
        }
    }
    // A record that fits two records which cannot be one person, and holds
    // nothing that tells them apart, is ambiguous: it is linked to neither.
    let mut neighbours: HashMap<u32, Vec<(f64, u32)>> = HashMap::new();
    for link in links.iter().filter(|l| l.probability >= config.threshold) {
        neighbours
            .entry(link.a)
            .or_default()
            .push((link.total_weight, link.b));
        neighbours
            .entry(link.b)
            .or_default()
            .push((link.total_weight, link.a));
    }
    let mut ambiguous: std::collections::HashSet<u32> = Default::default();
    for (&r, near) in neighbours.iter_mut() {
        // Any record may be ambiguous, not only one without a date of birth
        // or NINO: a notice whose date of birth neither namesake's records
        // carry tells them apart no better than one without. Where the date
        // of birth does tell them apart, the other fit conflicts (and is no
        // rival) or falls far below the best.
        if near.len() < 2 {
            continue;
        }
        // Ambiguous only when two fits nearly as strong as the best (within
        // 3 bits: 8 times the odds) cannot be one person.
        near.sort_by(|x, y| {
            y.0.partial_cmp(&x.0)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(x.1.cmp(&y.1))
        });
        // Fits that the record itself rules out (a Mr against a Mrs, two
        // parties of one account) are no rivals.
        near.retain(|&(_, y)| !conflict(&records[r as usize], &records[y as usize]));
        let Some(&(best_weight, _)) = near.first() else {
            continue;
        };
        // The fits nearly as strong as the best. Any two of them that cannot
        // be one person make the record ambiguous, whether or not the best
        // fit is one of the two: a parking keeper 'TOMASZ ROBERTS' fits a
        // council tax record with no date of birth as well as a father's and
        // a son's claims, which carry two dates of birth.
        let close: Vec<u32> = near
            .iter()
            .take_while(|&&(w, _)| w >= best_weight - AMBIGUITY_BITS)
            .take(MAX_RIVALS)
            .map(|&(_, y)| y)
            .collect();
        let split = close.iter().enumerate().any(|(i, &x)| {
            close[i + 1..]
                .iter()
                .any(|&y| conflict(&records[x as usize], &records[y as usize]))
        });
        if split {
            ambiguous.insert(r);
        }
    }
    for link in links.iter_mut() {
        if link.probability < config.threshold {
            continue;
        }
        if ambiguous.contains(&link.a) || ambiguous.contains(&link.b) {
            link.decision = LinkDecision::Ambiguous;
            continue;
        }
        let (ra, rb) = (clusters.find(link.a), clusters.find(link.b));
        if ra == rb {
            link.decision = LinkDecision::AlreadyLinked;
            continue;
        }
        let (ma, mb) = (
            &clusters.members[ra as usize],
            &clusters.members[rb as usize],
        );
        if ma.len() + mb.len() > config.max_cluster {
            link.decision = LinkDecision::TooLarge;
            continue;
        }
        let mut decision = LinkDecision::Merged;
        'check: for &x in ma {
            for &y in mb {
                if separated.contains(&(x.min(y), x.max(y))) {
                    decision = LinkDecision::OfficerSeparated;
                    break 'check;
                }
                if conflict(&records[x as usize], &records[y as usize]) {
                    decision = LinkDecision::Conflict;
                    break 'check;
                }
            }
        }
        link.decision = decision;
        if decision == LinkDecision::Merged {
            clusters.union(ra, rb);
        }
    }
    // Possible links: pairs of persons that could be one (no record of one
    // conflicts with a record of the other, no officer said otherwise)
    // joined by a link below the link threshold but at or above the review
    // threshold, or by a link refused only as ambiguous. One per pair of
    // persons, the strongest.
    let mut possible = Vec::new();
    let mut offered: std::collections::HashSet<(u32, u32)> = Default::default();
    for (i, link) in links.iter_mut().enumerate() {
        let reason = match link.decision {
            LinkDecision::Ambiguous => ReviewReason::Ambiguous,
            LinkDecision::BelowThreshold if link.probability >= config.review_threshold => {
                ReviewReason::BelowThreshold
            }
            _ => continue,
        };
        let (ra, rb) = (clusters.find(link.a), clusters.find(link.b));
        if ra == rb {
            continue;
        }
        let (ma, mb) = (
            &clusters.members[ra as usize],
            &clusters.members[rb as usize],
        );
        let compatible = ma.iter().all(|&x| {
            mb.iter().all(|&y| {
                !separated.contains(&(x.min(y), x.max(y)))
                    && !conflict(&records[x as usize], &records[y as usize])
            })
        });
        if !compatible {
            continue;
        }
        if reason == ReviewReason::BelowThreshold {
            link.decision = LinkDecision::PossibleLink;
        }
        if offered.insert((ra.min(rb), ra.max(rb))) {
            possible.push(PossibleLink { link: i, reason });
        }
    }
    // Number clusters by their first record, so numbering is stable.
    let mut number: HashMap<u32, u32> = HashMap::new();
    let mut cluster = Vec::with_capacity(records.len());
    for i in 0..records.len() as u32 {
        let root = clusters.find(i);
        let next = number.len() as u32;
        cluster.push(*number.entry(root).or_insert(next));
    }
    for o in overrides {
        if let Override::Same(a, b) = o {
            if let (Some(&x), Some(&y)) = (index.get(a.as_str()), index.get(b.as_str())) {
                if let Some(l) = links
                    .iter_mut()
                    .find(|l| (l.a, l.b) == (x.min(y), x.max(y)))
                {
                    l.decision = LinkDecision::OfficerLinked;
                }
            }
        }
    }
    (cluster, stale, possible)
}

/// Hashes a string deterministically (for stable ids built from keys).
pub fn stable_hash(text: &str) -> u64 {
    let mut h = Fnv1a::new();
    text.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(
        key: &str,
        name: &str,
        dob: Option<(i32, u32, u32)>,
        nino: Option<&str>,
        pc: &str,
        uprn: Option<u64>,
    ) -> PersonRecord {
        rec_named(key, PersonName::parse(name), dob, nino, pc, uprn)
    }

    fn rec_named(
        key: &str,
        name: PersonName,
        dob: Option<(i32, u32, u32)>,
        nino: Option<&str>,
        pc: &str,
        uprn: Option<u64>,
    ) -> PersonRecord {
        PersonRecord::new(key, name)
            .with_dob(dob.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)))
            .with_nino(nino.and_then(|n| Nino::parse(n).ok()))
            .with_address(RecordAddress::new("", Postcode::parse(pc), uprn))
    }

    fn background() -> Vec<PersonRecord> {
        // Unrelated people so that frequencies and u have something to learn from.
        let surnames = [
            "JONES", "TAYLOR", "BROWN", "WILSON", "EVANS", "THOMAS", "ROBERTS", "WALKER", "WRIGHT",
            "HALL", "GREEN", "WOOD", "CLARKE", "KING", "HUGHES", "PATEL", "KHAN", "LEWIS",
            "MORRIS", "COOPER",
        ];
        let forenames = [
            "JAMES", "MARY", "DAVID", "SUSAN", "PAUL", "KAREN", "MARK", "HELEN", "PETER", "ANNE",
            "GARY", "EMMA", "IAN", "LISA",
        ];
        let mut out = Vec::new();
        for i in 0..600u32 {
            let s = surnames[(i as usize * 7) % surnames.len()];
            let f = forenames[(i as usize * 3) % forenames.len()];
            out.push(rec(
                &format!("bg:{i}"),
                &format!("{f} {s}"),
                // Every background person is born on a day of their own.
                Some((1940 + (i % 60) as i32, 1 + (i / 60) % 12, 1 + (i * 7) % 28)),
                None,
                &format!("AS{} {}AB", 1 + i % 9, i % 10),
                Some(100_000 + u64::from(i)),
            ));
        }
        out
    }

    #[test]
    fn a_name_too_common_to_block_on_alone_is_compared_within_a_district_or_a_birth_year() {
        // 70 JOHN SMITHs across nine districts, none sharing a birthday.
        let mut records = background();
        for i in 0..70u32 {
            records.push(rec(
                &format!("smith:{i}"),
                "John Smith",
                Some((1950 + (i % 20) as i32, 1 + i % 12, 1 + i % 28)),
                None,
                &format!("AS{} {}CD", 1 + i % 9, i % 10),
                None,
            ));
        }
        let l = link_records(&records, &LinkConfig::default(), &[]);
        let made = |rule| l.blocking.iter().find(|b| b.rule == rule).copied().unwrap();
        let name_only = made(BlockingRule::SurnameForename);
        assert_eq!(name_only.skipped_blocks, 1, "{name_only:?}");
        assert_eq!(name_only.skipped_records, 70);
        assert!(name_only.largest_block <= NAME_ONLY_BLOCK as u64);
        assert!(l
            .blocks_skipped()
            .any(|skipped| skipped == (BlockingRule::SurnameForename, 1)));
        // Within a district (8 in one, 7 or 8 in the others) or a year of
        // birth (3 or 4 in each) the SMITHs are still compared.
        let placed = made(BlockingRule::SurnameForenamePlace);
        assert_eq!(placed.skipped_blocks, 0);
        assert_eq!(placed.largest_block, 8);
        assert!(placed.pairs >= 9 * 28 - 9, "{placed:?}");
    }

    #[test]
    fn nickname_typo_and_swapped_dob_still_link() {
        let mut records = background();
        records.push(rec(
            "rent:1",
            "William Jones",
            Some((1970, 5, 3)),
            Some("AB123456C"),
            "AS1 2AB",
            Some(1),
        ));
        records.push(rec("pcn:2", "Bill Jones", None, None, "AS1 2AB", Some(1)));
        records.push(rec(
            "hbop:3",
            "Mr William Jnoes",
            Some((1970, 3, 5)),
            Some("AB123456C"),
            "AS9 9ZZ",
            None,
        ));
        let n = records.len();
        let l = link_records(&records, &LinkConfig::default(), &[]);
        assert_eq!(
            l.cluster[n - 3],
            l.cluster[n - 2],
            "nickname at the same property"
        );
        assert_eq!(
            l.cluster[n - 3],
            l.cluster[n - 1],
            "typo and swapped date of birth, same NINO"
        );
    }

    /// Links `extra` among the background records; the clusters of `extra`.
    fn link_extra(extra: Vec<PersonRecord>) -> (Vec<u32>, Linkage) {
        let mut records = background();
        let start = records.len();
        records.extend(extra);
        let l = link_records(&records, &LinkConfig::default(), &[]);
        (l.cluster[start..].to_vec(), l)
    }

    #[test]
    fn two_parties_of_one_account_are_two_people() {
        let mut lead = rec(
            "ctax:9:lead",
            "BROMWORTH, JAMES",
            None,
            None,
            "AS1 2AB",
            Some(3),
        );
        let mut joint = rec(
            "ctax:9:joint",
            "BROMWORTH, J L",
            None,
            None,
            "AS1 2AB",
            Some(3),
        );
        lead.account = Some("ctax:9".into());
        joint.account = Some("ctax:9".into());
        let (c, _) = link_extra(vec![lead.clone(), joint.clone()]);
        assert_ne!(c[0], c[1], "lead and joint liable party of one account");
        // The same two records on different accounts would link.
        joint.account = Some("ctax:10".into());
        let (c, _) = link_extra(vec![lead, joint]);
        assert_eq!(c[0], c[1]);
    }

    #[test]
    fn a_different_middle_initial_or_sex_separates_namesakes() {
        let (c, l) = link_extra(vec![
            rec(
                "ctax:1",
                "CLAYINGHAM, DANIEL E",
                None,
                None,
                "AS1 2AB",
                Some(4),
            ),
            rec("sundry:2", "D T Clayingham", None, None, "AS1 2AB", Some(4)),
            rec(
                "ctax:3",
                "TODCOMBE, MICHAEL",
                None,
                None,
                "AS1 2AB",
                Some(5),
            ),
            rec(
                "sundry:4",
                "Miss M Todcombe",
                None,
                None,
                "AS1 2AB",
                Some(5),
            ),
            rec(
                "pcn:5",
                "MICHAEL J TODCOMBE",
                None,
                None,
                "AS1 2AB",
                Some(5),
            ),
        ]);
        assert_ne!(c[0], c[1], "middle initials E and T");
        assert_ne!(c[2], c[3], "Michael and a Miss");
        assert_eq!(
            c[2], c[4],
            "a middle initial against none is no evidence against"
        );
        let middle = Field::Middle.index();
        assert!(l
            .links
            .iter()
            .any(|k| k.levels[Field::Middle] == MiddleLevel::Disagree && k.weights[middle] < -3.0));
    }

    #[test]
    fn names_in_each_others_columns_and_nickname_spellings_link() {
        let (c, _) = link_extra(vec![
            rec(
                "ctax:1",
                "BELINGHAM, JAMES",
                Some((1967, 5, 28)),
                None,
                "AS1 2AB",
                Some(6),
            ),
            rec_named(
                "rent:2",
                PersonName::from_parts(None, "BELINGHAM", "JAMES"),
                Some((1967, 5, 28)),
                None,
                "AS1 2AB",
                Some(6),
            ),
            rec(
                "hbop:3",
                "Mrs Catherine O'Brien",
                None,
                Some("JX436665B"),
                "AS1 2AB",
                Some(8),
            ),
            rec(
                "rent:4",
                "KATE O'BRIEN",
                None,
                Some("JX436665B"),
                "AS1 2AB",
                Some(8),
            ),
            rec("ctax:5", "CULHALL, SUSAN W", None, None, "AS1 2AB", Some(9)),
            rec("ctax:6", "CULHALL, SUE W", None, None, "AS1 2AB", Some(9)),
        ]);
        assert_eq!(c[0], c[1], "forename and surname swapped");
        assert_eq!(c[2], c[3], "Kate for Catherine");
        assert_eq!(c[4], c[5], "Sue for Susan");
    }

    #[test]
    fn a_household_that_moved_together_is_evidence_for_each_member() {
        let moved = Field::MovedWith;
        let (_, l) = link_extra(vec![
            rec(
                "ctax:1",
                "TADSLEY, FATIMA",
                None,
                None,
                "AS1 1AA",
                Some(300),
            ),
            rec("ctax:2", "TADSLEY, OMAR", None, None, "AS1 1AA", Some(300)),
            rec("pcn:3", "FATIMA TADSLEY", None, None, "AS2 2BB", Some(400)),
            rec("pcn:4", "OMAR TADSLEY", None, None, "AS2 2BB", Some(400)),
            rec("sundry:5", "Ravi Rogers", None, None, "AS1 1AA", Some(301)),
            rec("sundry:6", "Ravi Rogers", None, None, "AS2 2BB", Some(401)),
        ]);
        let find = |a: &str, b: &str| {
            l.links
                .iter()
                .filter(|k| k.a >= 600 && k.b >= 600)
                .find(|k| {
                    let (x, y) = (k.a as usize - 600, k.b as usize - 600);
                    let keys = ["ctax:1", "ctax:2", "pcn:3", "pcn:4", "sundry:5", "sundry:6"];
                    (keys[x], keys[y]) == (a, b) || (keys[y], keys[x]) == (a, b)
                })
                .expect("compared")
        };
        let fatima = find("ctax:1", "pcn:3");
        assert_eq!(
            fatima.levels[moved],
            MovedWithLevel::Household,
            "Omar moved between the same two properties"
        );
        assert!(fatima.weights[moved.index()] > 3.0);
        let ravi = find("sundry:5", "sundry:6");
        assert_eq!(
            ravi.levels[moved],
            MovedWithLevel::Alone,
            "nobody else moved with Ravi"
        );
        assert!(ravi.weights[moved.index()] < 0.0);
        assert!(fatima.probability > ravi.probability);
    }

    #[test]
    fn timing_alone_is_weak_and_a_forwarding_address_elsewhere_is_against() {
        let occupancy = Field::Occupancy.index();
        let forwarding = Field::Forwarding.index();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid date");
        let at = |key: &str, name: &str, pc: &str, uprn: u64, period: Option<Occupancy>| {
            let mut r = rec(key, name, None, None, pc, Some(uprn));
            r.occupied = period;
            r
        };
        // The pair's link, whether it was merged, and whether it is left
        // for an officer.
        let pair = |extra: Vec<PersonRecord>| {
            let mut records = background();
            records.extend(extra);
            let config = LinkConfig {
                keep_floor: 0.0,
                ..LinkConfig::default()
            };
            let l = link_records(&records, &config, &[]);
            let cluster = &l.cluster[600..];
            let i = l
                .links
                .iter()
                .position(|k| k.a >= 600 && k.b >= 600)
                .expect("the pair is compared");
            let possible = l.possible.iter().any(|p| p.link == i);
            (cluster[0] == cluster[1], possible, l.links[i].clone())
        };
        let old = Some(Occupancy::new(day(2015, 5, 1), Some(day(2024, 3, 1))));
        let next = Some(Occupancy::new(day(2024, 3, 2), None));
        let later = Some(Occupancy::new(day(2024, 3, 20), None));
        // Emily Jones closes one account and an Emily Jones opens another
        // across the borough the next day. In a borough two people of one
        // common name end and begin liabilities every week: the timing
        // alone makes a possible link for an officer, never a merge.
        let (linked, possible, next_day) = pair(vec![
            at("ctax:1", "JONES, EMILY", "AS1 1AA", 300, old),
            at("ctax:2", "JONES, EMILY", "AS2 2BB", 400, next),
        ]);
        assert_eq!(
            next_day.levels[Field::Occupancy],
            OccupancyLevel::NextDay,
            "next day"
        );
        assert!(next_day.weights[occupancy] > 0.0);
        assert!(
            next_day.weights[occupancy] <= TIMING_MAX_BITS[1],
            "{next_day:?}"
        );
        assert!(!linked, "timing alone does not merge: {next_day:?}");
        assert!(possible, "but an officer sees it");
        let (_, _, weeks) = pair(vec![
            at("ctax:1", "JONES, EMILY", "AS1 1AA", 300, old),
            at("ctax:2", "JONES, EMILY", "AS2 2BB", 400, later),
        ]);
        assert_eq!(weeks.levels[Field::Occupancy], OccupancyLevel::Continuous);
        assert!(weeks.weights[occupancy] <= next_day.weights[occupancy]);
        // The closed account's forwarding address names the new home: that
        // is the person saying where they went, and the two link.
        let mut closed = at("ctax:1", "JONES, EMILY", "AS1 1AA", 300, old);
        closed.forwarding = Some(RecordAddress {
            text: "4 Mill Lane".into(),
            postcode: Postcode::parse("AS2 2BB"),
            uprn: Some(400),
        });
        let (linked, _, told) = pair(vec![
            closed.clone(),
            at("ctax:2", "JONES, EMILY", "AS2 2BB", 400, next),
        ]);
        assert_eq!(told.levels[Field::Forwarding], ForwardingLevel::SamePlace);
        assert!(linked, "{told:?}");
        // It names somewhere else entirely: evidence against. The pair is
        // not even a possible link.
        closed.forwarding = Some(RecordAddress {
            text: "9 Quay Road, Porthaven".into(),
            postcode: Postcode::parse("PH4 7QR"),
            uprn: None,
        });
        let (linked, possible, elsewhere) = pair(vec![
            closed,
            at("ctax:2", "JONES, EMILY", "AS2 2BB", 400, next),
        ]);
        assert_eq!(
            elsewhere.levels[Field::Forwarding],
            ForwardingLevel::Elsewhere
        );
        assert!(elsewhere.weights[forwarding] < -2.0);
        assert!(!linked, "{elsewhere:?}");
        assert!(elsewhere.total_weight < next_day.total_weight - 2.0);
        let _ = possible;
        // The same two records without their periods: less still.
        let (linked, _, unknown) = pair(vec![
            at("ctax:1", "JONES, EMILY", "AS1 1AA", 300, None),
            at("ctax:2", "JONES, EMILY", "AS2 2BB", 400, None),
        ]);
        assert_eq!(unknown.levels[Field::Occupancy], OccupancyLevel::Missing);
        assert!(!linked);
        assert!(next_day.probability > unknown.probability);
        // Two liabilities running side by side for years are two people.
        let (linked, _, both) = pair(vec![
            at(
                "ctax:1",
                "JONES, EMILY",
                "AS1 1AA",
                300,
                Some(Occupancy::new(day(2019, 1, 1), None)),
            ),
            at(
                "rent:2",
                "JONES, EMILY",
                "AS2 2BB",
                400,
                Some(Occupancy::new(day(2021, 6, 1), None)),
            ),
        ]);
        assert_eq!(both.levels[Field::Occupancy], OccupancyLevel::Overlapping);
        assert!(both.weights[occupancy] < 0.0);
        assert!(!linked);
        // Occupancy only speaks of two different properties.
        assert_eq!(
            occupancy_level(Some((10, 20, 1)), Some((21, i32::MAX, 1))),
            OccupancyLevel::Missing
        );
        assert_eq!(
            occupancy_level(Some((10, 20, 1)), Some((21, i32::MAX, 2))),
            OccupancyLevel::NextDay
        );
        assert_eq!(
            occupancy_level(Some((10, 20, 1)), Some((20, i32::MAX, 2))),
            OccupancyLevel::NextDay,
            "the same day"
        );
        assert_eq!(
            occupancy_level(Some((10, 20, 1)), Some((24, i32::MAX, 2))),
            OccupancyLevel::Continuous
        );
        assert_eq!(
            occupancy_level(Some((30, i32::MAX, 2)), Some((10, 25, 1))),
            OccupancyLevel::Continuous,
            "either order"
        );
        assert_eq!(
            occupancy_level(Some((10, 20, 1)), Some((200, i32::MAX, 2))),
            OccupancyLevel::Apart
        );
        assert_eq!(
            occupancy_level(Some((10, i32::MAX, 1)), Some((5, 30, 2))),
            OccupancyLevel::Overlapping
        );
    }

    #[test]
    fn a_move_recorded_the_next_day_is_compared_whatever_the_forename_says() {
        // 'MILGATE, F E' closed one account on 10 December and 'MILGATE,
        // FREDERICK E' opened another across the borough the next day. No
        // name, postcode or date of birth rule puts an initial and a name at
        // two postcodes in one block; the move day does.
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid date");
        let mut old = rec("ctax:1", "MILGATE, F E", None, None, "AS2 2HU", Some(31));
        old.occupied = Some(Occupancy::new(day(2023, 11, 16), Some(day(2025, 12, 10))));
        let mut new = rec(
            "ctax:2",
            "MILGATE, FREDERICK E",
            None,
            None,
            "AS3 1YL",
            Some(32),
        );
        new.occupied = Some(Occupancy::new(day(2025, 12, 11), None));
        let (c, l) = link_extra(vec![old, new]);
        let link = l
            .links
            .iter()
            .find(|k| k.a >= 600 && k.b >= 600)
            .expect("the two records are compared");
        assert_eq!(link.levels[Field::Occupancy], OccupancyLevel::NextDay);
        assert_eq!(c[0], c[1]);
    }

    #[test]
    fn a_mistyped_nickname_is_close_not_a_conflict() {
        let forename = Field::Forename;
        let level = |a: &str, b: &str| {
            let mut p = [
                Prepared::new(&rec("a", a, None, None, "AS1 1AA", Some(1))),
                Prepared::new(&rec("b", b, None, None, "AS1 1AA", Some(1))),
            ];
            intern(&mut p);
            (compare(&p[0], &p[1])[forename], conflict(&p[0], &p[1]))
        };
        let (close, initial, disagree) = (
            ForenameLevel::Close.into(),
            ForenameLevel::Initial.into(),
            ForenameLevel::Disagree.into(),
        );
        assert_eq!(
            level("Stuve Felhurst", "Dr Steven Felhurst"),
            (close, false)
        );
        assert_eq!(
            level("Mr Terenc Hartwell", "Terry Hartwell"),
            (close, false)
        );
        assert_eq!(level("FAIRSHAW, BFOB", "FAIRSHAW, ROBERT"), (close, false));
        assert_eq!(
            level("B Yargate", "Miss Elizabeth Yargate"),
            (initial, false)
        );
        // Other names stay other names.
        assert_eq!(
            level("Steven Felhurst", "Sharon Felhurst"),
            (disagree, true)
        );
        assert_eq!(level("B Yargate", "Miss Susan Yargate"), (disagree, true));
        // One known forename is not a typo of another: Ian is one edit from
        // Dan, Daniel's nickname, and still another name.
        assert_eq!(level("MR IAN KAMAK", "KAMAK, DANIEL G"), (disagree, true));
        // A forename and surname in each other's columns, the forename in
        // its short form.
        let mut p = [
            Prepared::new(&rec("a", "SKELGATE, JO D", None, None, "AS1 1AA", Some(1))),
            Prepared::new(&rec_named(
                "b",
                PersonName::from_parts(None, "SKELGATE", "JOANNE"),
                None,
                None,
                "AS1 1AA",
                Some(1),
            )),
        ];
        intern(&mut p);
        let levels = compare(&p[0], &p[1]);
        assert_eq!(levels[Field::Surname], SurnameLevel::Exact);
        assert_eq!(levels[forename], ForenameLevel::Nickname);
        assert!(!conflict(&p[0], &p[1]));
    }

    #[test]
    fn two_initials_agree_only_as_initials() {
        let forename = Field::Forename;
        let mut lead = rec(
            "ctax:1:lead",
            "PICKHALL, J T",
            None,
            None,
            "AS1 1AH",
            Some(134),
        );
        lead.account = Some("ctax:1".into());
        let mut joint = rec(
            "ctax:1:joint",
            "PICKHALL, JOANNE O",
            None,
            None,
            "AS1 1AH",
            Some(134),
        );
        joint.account = Some("ctax:1".into());
        let sundry = rec(
            "sundry:2",
            "Miss J Pickhall",
            None,
            None,
            "AS1 1AH",
            Some(134),
        );
        let mut p = [
            Prepared::new(&lead),
            Prepared::new(&joint),
            Prepared::new(&sundry),
        ];
        intern(&mut p);
        assert_eq!(
            compare(&p[0], &p[2])[forename],
            ForenameLevel::Initial,
            "'J' and 'J' is an initial"
        );
        assert_eq!(
            compare(&p[1], &p[2])[forename],
            ForenameLevel::Initial,
            "as 'Joanne' and 'J' is"
        );
        // The lead and the joint party are two people; Miss J Pickhall fits
        // both, so she is left for an officer rather than given to either.
        let (cluster, _) = link_extra(vec![lead, joint, sundry]);
        assert_ne!(cluster[0], cluster[1]);
        assert_ne!(cluster[2], cluster[0]);
        assert_ne!(cluster[2], cluster[1]);
    }

    #[test]
    fn a_business_address_is_no_evidence_about_a_home() {
        let mut shop = rec("nndr:1", "LIMWICK, LUCY", None, None, "AS3 1AL", Some(200));
        shop.business_address = true;
        let home = rec("ctax:2", "LIMWICK, LUCY", None, None, "AS1 1AB", Some(26));
        let (_, l) = link_extra(vec![shop, home]);
        let link = l
            .links
            .iter()
            .find(|k| {
                k.levels[Field::Surname] == SurnameLevel::Exact
                    && k.levels[Field::Location] == LocationLevel::Missing
            })
            .expect("the pair is compared");
        assert_eq!(link.weights[Field::Location.index()], 0.0);
    }

    #[test]
    fn a_chain_of_weak_links_does_not_join_namesakes() {
        let mut records = background();
        // Father and son, same name, same house, different dates of birth;
        // a sundry record with no date of birth sits between them.
        records.push(rec(
            "ctax:1",
            "SMITH, JOHN",
            Some((1950, 1, 1)),
            None,
            "AS1 2AB",
            Some(7),
        ));
        records.push(rec(
            "rent:2",
            "John Smith",
            Some((1980, 6, 6)),
            None,
            "AS1 2AB",
            Some(7),
        ));
        records.push(rec(
            "sundry:3",
            "Mr John Smith",
            None,
            None,
            "AS1 2AB",
            Some(7),
        ));
        let n = records.len();
        let l = link_records(&records, &LinkConfig::default(), &[]);
        assert_ne!(l.cluster[n - 3], l.cluster[n - 2]);
        assert!(
            l.links.iter().any(|k| k.decision == LinkDecision::Conflict),
            "the refused merge is recorded"
        );
    }

    #[test]
    fn a_weak_record_that_fits_two_namesakes_links_to_neither() {
        // Father and son of one name at one house: each has a claim with
        // his own date of birth. A council tax record and a parking keeper,
        // neither with a date of birth, fit both equally well. The council
        // tax record is the best fit of the keeper, and conflicts with
        // neither claim; the two claims conflict with each other.
        let (c, l) = link_extra(vec![
            rec("ctax:1", "ROBERTS, TOMASZ", None, None, "AS5 2DY", Some(21)),
            rec(
                "hbop:2",
                "Mr Tomasz Roberts",
                Some((1969, 3, 2)),
                Some("JS408094B"),
                "AS5 2DY",
                Some(21),
            ),
            rec(
                "income_expenditure:3",
                "Tomasz Roberts",
                Some((2001, 9, 26)),
                Some("LG986226B"),
                "AS5 2DY",
                Some(21),
            ),
            rec("pcn:4", "TOMASZ ROBERTS", None, None, "AS5 2DY", Some(21)),
        ]);
        assert_ne!(c[1], c[2], "two dates of birth, two people");
        assert_ne!(c[3], c[1], "the keeper may be either: linked to neither");
        assert_ne!(c[3], c[2]);
        assert!(l
            .links
            .iter()
            .any(|k| k.decision == LinkDecision::Ambiguous));
    }

    #[test]
    fn two_full_middle_names_that_differ_disagree() {
        // 'EVANS, JAMIE GARY' and 'EVANS, JAMIE GEORGE' share an initial,
        // not a middle name: two people, however much else agrees.
        let (c, l) = link_extra(vec![
            rec(
                "ctax:1",
                "EVANS, JAMIE GARY",
                None,
                None,
                "AS1 2AB",
                Some(41),
            ),
            rec(
                "rent:2",
                "Jamie George Evans",
                None,
                None,
                "AS1 2AB",
                Some(41),
            ),
            rec(
                "ctax:3",
                "SMITH, NICOLA MICHELLE",
                None,
                None,
                "AS2 2AB",
                Some(42),
            ),
            rec(
                "sundry:4",
                "Nicola Margaret Smith",
                None,
                None,
                "AS2 2AB",
                Some(42),
            ),
        ]);
        assert_ne!(c[0], c[1], "Gary and George");
        assert_ne!(c[2], c[3], "Michelle and Margaret");
        assert!(l
            .links
            .iter()
            .filter(|k| k.a >= 600 && k.b >= 600)
            .all(|k| k.levels[Field::Middle] == MiddleLevel::Disagree));
        // The same name in full, a typo of it, or an initial against a full
        // name still agree.
        let (c, _) = link_extra(vec![
            rec(
                "ctax:1",
                "EVANS, JAMIE GARY",
                None,
                None,
                "AS1 2AB",
                Some(41),
            ),
            rec(
                "rent:2",
                "Jamie Gray Evans",
                None,
                None,
                "AS1 2AB",
                Some(41),
            ),
            rec("pcn:3", "JAMIE G EVANS", None, None, "AS1 2AB", Some(41)),
        ]);
        assert_eq!(c[0], c[1], "Gray is a typo of Gary");
        assert_eq!(c[0], c[2], "G is Gary's initial");
    }

    #[test]
    fn a_lone_o_is_an_initial_and_links_like_any_other() {
        // 'Mr O Morris' is Mr O. Morris: an initial O, not the O' of
        // O'Brien. Read as surname OMORRIS it would never meet Oliver
        // Morris's other records; read right, it links to them like any
        // initial at the same home with the same date of birth.
        let (c, l) = link_extra(vec![
            rec(
                "ctax:1",
                "MORRIS, OLIVER",
                Some((1971, 2, 9)),
                None,
                "AS3 4OM",
                Some(71),
            ),
            rec(
                "pcn:2",
                "Mr O Morris",
                Some((1971, 2, 9)),
                None,
                "AS3 4OM",
                Some(71),
            ),
            rec("sundry:3", "J O MORRIS", None, None, "AS3 4OM", Some(71)),
        ]);
        let pair = l
            .links
            .iter()
            .find(|k| (k.a, k.b) == (600, 601))
            .expect("O Morris is compared with Oliver Morris");
        assert_eq!(pair.levels[Field::Surname], SurnameLevel::Exact, "{pair:?}");
        assert_eq!(c[0], c[1], "Mr O Morris is Oliver Morris");
        // 'J O MORRIS' is a J with a middle initial O: another forename.
        assert_ne!(c[0], c[2]);
    }

    #[test]
    fn addresses_outside_the_gazetteer_are_compared_as_text() {
        // A sundry debtor and a parking keeper outside the borough: no UPRN,
        // no postcode, only the address as written. The same house on the
        // same street (abbreviated one way and written out the other) is
        // the same address; another house number on it is not.
        let at = |key: &str, name: &str, address: &str| {
            rec(key, name, None, None, "", None)
                .with_address(RecordAddress::new(address, None, None))
        };
        let (c, l) = link_extra(vec![
            at(
                "sundry:1",
                "QUARRENDON, PHILIPPA",
                "12 Harbour St, Porthaven",
            ),
            at(
                "pcn:2",
                "Philippa Quarrendon",
                "12 HARBOUR STREET PORTHAVEN",
            ),
            at(
                "pcn:3",
                "Philippa Quarrendon",
                "14 Harbour Street, Porthaven",
            ),
            at(
                "pcn:4",
                "Philippa Quarrendon",
                "12 Harbour Street, Kingsbridge",
            ),
        ]);
        let location = Field::Location;
        let level = |a: u32, b: u32| {
            l.links
                .iter()
                .find(|k| (k.a, k.b) == (a, b))
                .map(|k| (k.levels[location], k.weights[location.index()]))
        };
        let (same, weight) = level(600, 601).expect("compared");
        assert_eq!(location.level_name(same), "same_address");
        assert!(weight > 5.0, "{weight}");
        assert_eq!(c[0], c[1]);
        if let Some((other, _)) = level(600, 602) {
            assert_eq!(location.level_name(other), "disagree");
        }
        assert_ne!(c[0], c[2], "another house on the street");
        // The same house and street in another town is another address.
        if let Some((other, _)) = level(600, 603) {
            assert_ne!(location.level_name(other), "same_address");
        }
        assert_ne!(c[0], c[3], "Harbour Street in another town");
    }

    #[test]
    fn a_date_of_birth_neither_namesake_has_does_not_skip_the_ambiguity_guard() {
        // Father and son, both David Morris, are the lead and joint liable
        // parties of one council tax account; neither record has a date of
        // birth. A breathing space notice for a David Morris with a date of
        // birth fits both alike: it tells them apart no better than a notice
        // without one, so it is linked to neither and left for an officer.
        let mut lead = rec(
            "ctax:9:lead",
            "MORRIS, DAVID",
            None,
            None,
            "AS5 2DY",
            Some(51),
        );
        let mut joint = rec(
            "ctax:9:joint",
            "MORRIS, DAVID",
            None,
            None,
            "AS5 2DY",
            Some(51),
        );
        lead.account = Some("ctax:9".into());
        joint.account = Some("ctax:9".into());
        let notice = rec(
            "breathing_space:3",
            "DAVID MORRIS",
            Some((1996, 4, 2)),
            None,
            "AS5 2DY",
            Some(51),
        );
        let (c, l) = link_extra(vec![lead.clone(), joint.clone(), notice]);
        assert_ne!(c[0], c[1], "two parties of one account");
        assert_ne!(c[2], c[0], "the notice may be either man's");
        assert_ne!(c[2], c[1]);
        assert!(l
            .links
            .iter()
            .any(|k| k.decision == LinkDecision::Ambiguous));
        // When the father's record carries his date of birth, the notice's
        // tells them apart: it is the son's.
        let mut father = lead;
        father.dob = NaiveDate::from_ymd_opt(1961, 8, 30);
        let notice = rec(
            "breathing_space:3",
            "DAVID MORRIS",
            Some((1996, 4, 2)),
            None,
            "AS5 2DY",
            Some(51),
        );
        let (c, _) = link_extra(vec![father, joint, notice]);
        assert_ne!(c[2], c[0]);
        assert_eq!(c[2], c[1]);
    }

    #[test]
    fn a_liability_that_began_before_its_holder_was_of_age_is_not_theirs() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid date");
        let mut lead = rec("ctax:1", "CLAYBURN, LEE", None, None, "AS5 1QA", Some(22));
        lead.occupied = Some(Occupancy::new(day(2008, 6, 11), None));
        // A breathing space notice for a Lee Clayburn born in 2007 at the
        // same house: a son, not the man liable since 2008.
        let son = rec(
            "breathing_space:2",
            "LEE / CLAYBURN",
            Some((2007, 9, 25)),
            None,
            "AS5 1QA",
            Some(22),
        );
        let (c, l) = link_extra(vec![lead.clone(), son]);
        assert_ne!(c[0], c[1], "born after the liability began");
        assert!(l.links.iter().any(|k| k.decision == LinkDecision::Conflict));
        // The same notice for a Lee Clayburn born in 1975 is his.
        let father = rec(
            "breathing_space:2",
            "LEE / CLAYBURN",
            Some((1975, 9, 25)),
            None,
            "AS5 1QA",
            Some(22),
        );
        let (c, _) = link_extra(vec![lead, father]);
        assert_eq!(c[0], c[1]);
    }

    #[test]
    fn officer_overrides_win_and_stale_ones_are_reported() {
        let mut records = background();
        records.push(rec(
            "a",
            "Jane Doe",
            Some((1990, 1, 1)),
            None,
            "AS1 2AB",
            Some(5),
        ));
        records.push(rec(
            "b",
            "Jane Doe",
            Some((1990, 1, 1)),
            None,
            "AS1 2AB",
            Some(5),
        ));
        records.push(rec("c", "J Roe", None, None, "AS7 7AB", None));
        let n = records.len();
        let plain = link_records(&records, &LinkConfig::default(), &[]);
        assert_eq!(plain.cluster[n - 3], plain.cluster[n - 2]);
        let overrides = vec![
            Override::Different("a".into(), "b".into()),
            Override::Same("a".into(), "c".into()),
            Override::Same("a".into(), "gone".into()),
        ];
        let l = link_records(&records, &LinkConfig::default(), &overrides);
        assert_ne!(l.cluster[n - 3], l.cluster[n - 2], "officer said different");
        assert_eq!(l.cluster[n - 3], l.cluster[n - 1], "officer said same");
        assert_eq!(
            l.stale_overrides,
            vec![Override::Same("a".into(), "gone".into())]
        );
    }

    #[test]
    fn rare_surnames_weigh_more_than_common_ones() {
        let mut records = background();
        for i in 0..50 {
            records.push(rec(
                &format!("s{i}"),
                &format!("Alan{i} Smith"),
                None,
                None,
                "",
                None,
            ));
        }
        records.push(rec("z1", "Piotr Zawadzki", None, None, "", None));
        records.push(rec("z2", "Piotr Zawadzki", None, None, "", None));
        let l = link_records(&records, &LinkConfig::default(), &[]);
        let smith = l
            .model
            .prepare(&rec("x", "Alan Smith", None, None, "", None));
        let rare = l
            .model
            .prepare(&rec("y", "Piotr Zawadzki", None, None, "", None));
        assert!(
            l.model
                .weight(Field::Surname, SurnameLevel::Exact.into(), &rare, &rare)
                > l.model
                    .weight(Field::Surname, SurnameLevel::Exact.into(), &smith, &smith)
                    + 3.0
        );
    }
}

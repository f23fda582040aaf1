//! Probabilistic record linkage in the Fellegi-Sunter style, and clustering
//! of links into persons.
//!
//! Each pair of records is compared field by field (surname, forename, date
//! of birth, National Insurance number, location); each field lands on a
//! comparison level (exact, close, disagree, missing...). A level carries a
//! weight `log2(m / u)`: `m` is how often true matches show that level, `u`
//! how often unrelated pairs do. `u` comes from the data (exact levels from
//! value frequencies, fuzzy levels from random pairs); `m` starts from
//! configured values and is refined by expectation-maximisation over the
//! blocked pairs. An exact surname or forename agreement is weighed by how
//! rare the name is (term frequency): two SMITHs say less than two
//! ZAWADZKIs. The sum of weights and the prior odds give a match
//! probability.
//!
//! Only pairs that share a blocking key are compared, so the work stays
//! near-linear. Links above the threshold are merged strongest first, but a
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

use super::name::PersonName;
use super::postcode::Postcode;
use super::text::{jaro_winkler, within_one_edit};

/// A record that names a person, normalised for linkage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonRecord {
    /// The record's key (source, reference, role), unique in the run.
    pub key: String,
    /// The name.
    pub name: PersonName,
    /// Date of birth, if held.
    pub dob: Option<NaiveDate>,
    /// National Insurance number, normalised, if held.
    pub nino: Option<String>,
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

/// The compared fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// Surname.
    Surname,
    /// First forename.
    Forename,
    /// Initial of the second forename.
    Middle,
    /// Date of birth.
    Dob,
    /// National Insurance number.
    Nino,
    /// Property or postcode.
    Location,
    /// For two records of one name at two different properties: whether
    /// someone else (another forename) was also recorded at both, as when
    /// a household moves together.
    MovedWith,
    /// For two records at two different properties that both carry a
    /// liability or tenancy period: whether one period begins the day the
    /// other ends or the next (how a revenues system records a move), begins
    /// within a few weeks of its end (a move with an empty spell or a late
    /// closure), the two overlap (one person is rarely liable for two homes
    /// at once), or neither. Weak evidence whatever the data says: its
    /// weight is capped ([`TIMING_MAX_BITS`]).
    Occupancy,
    /// A closed account's forwarding address against the other record's
    /// address (or forwarding address), when the two records are not at
    /// one place: the same place, the same postcode, or elsewhere (evidence
    /// against: the person said they were going somewhere else).
    Forwarding,
    /// Identifiers of the same kind (a vehicle registration on two penalty
    /// notices, a claim reference on two overpayments, a customer number
    /// on two invoices): the same, or different.
    Identifier,
}

/// Number of compared fields.
pub const N_FIELDS: usize = 10;

/// The fields in comparison-vector order.
pub const FIELDS: [Field; N_FIELDS] = [
    Field::Surname,
    Field::Forename,
    Field::Middle,
    Field::Dob,
    Field::Nino,
    Field::Location,
    Field::MovedWith,
    Field::Occupancy,
    Field::Forwarding,
    Field::Identifier,
];

impl Field {
    /// The field's name in outputs.
    pub fn code(self) -> &'static str {
        match self {
            Field::Surname => "surname",
            Field::Forename => "forename",
            Field::Middle => "middle_initial",
            Field::Dob => "dob",
            Field::Nino => "nino",
            Field::Location => "location",
            Field::MovedWith => "moved_with",
            Field::Occupancy => "occupancy",
            Field::Forwarding => "forwarding",
            Field::Identifier => "identifier",
        }
    }

    /// The names of the field's comparison levels; level 0 is always
    /// "missing" (weight 0).
    pub fn levels(self) -> &'static [&'static str] {
        match self {
            Field::Surname => &["missing", "exact", "close", "disagree"],
            Field::Forename => &[
                "missing", "exact", "nickname", "initial", "close", "disagree",
            ],
            Field::Middle => &["missing", "exact", "disagree"],
            Field::Dob => &[
                "missing",
                "exact",
                "day_month_swapped",
                "one_part_differs",
                "disagree",
            ],
            Field::Nino => &["missing", "exact", "one_character", "disagree"],
            Field::Location => &[
                "missing",
                "same_property",
                "same_address",
                "same_postcode",
                "same_sector",
                "disagree",
            ],
            Field::MovedWith => &["missing", "household", "alone"],
            Field::Occupancy => &["missing", "next_day", "continuous", "overlapping", "apart"],
            Field::Forwarding => &["missing", "same_place", "same_postcode", "elsewhere"],
            Field::Identifier => &["missing", "exact", "disagree"],
        }
    }

    fn index(self) -> usize {
        self as usize
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
    /// says so. Below it, a pair is a non-link.
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
            review_threshold: 0.5,
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
    /// Level per field, in [`FIELDS`] order.
    pub levels: [u8; N_FIELDS],
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
    /// Blocks skipped as too large, by rule.
    pub blocks_skipped: Vec<(&'static str, u64)>,
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

/// Links `records` into persons.
///
/// ```
/// use chrono::NaiveDate;
/// use debt_core::identity::{link_records, LinkConfig, PersonName, PersonRecord, Postcode};
/// let dob = NaiveDate::from_ymd_opt(1980, 3, 14);
/// let r = |key: &str, name: &str, dob, pc: &str| PersonRecord {
///     key: key.into(), name: PersonName::parse(name), dob, postcode: Postcode::parse(pc),
///     ..PersonRecord::default() };
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
    use rayon::prelude::*;
    let mut prepared: Vec<Prepared> = records
        .par_iter()
        .map(|r| Prepared::new(r.as_ref()))
        .collect();
    intern(&mut prepared);
    let (pairs, blocks_skipped) = candidate_pairs(&prepared, config.max_block);
    // Each pair's comparison levels, worked out once for fitting and scoring.
    let mut levels: Vec<[u8; N_FIELDS]> = pairs
        .par_iter()
        .map(|&(a, b)| compare(&prepared[a as usize], &prepared[b as usize]))
        .collect();
    moved_with(&prepared, &pairs, &mut levels);
    let model = LinkModel::fit(&mut prepared, &levels, config);
    let mut links: Vec<Link> = pairs
        .par_iter()
        .zip(levels.par_iter())
        .map(|(&(a, b), levels)| model.score(&prepared, a, b, *levels))
        .filter(|l| l.probability >= config.keep_floor.min(config.threshold))
        .collect();
    links.par_sort_by(|x, y| {
        y.total_weight
            .partial_cmp(&x.total_weight)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| (x.a, x.b).cmp(&(y.a, y.b)))
    });
    let (cluster, stale, possible) = cluster_links(&prepared, &mut links, config, overrides);
    Linkage {
        cluster,
        links,
        model,
        pairs_compared: pairs.len() as u64,
        blocks_skipped,
        stale_overrides: stale,
        possible,
    }
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
    nino: Option<String>,
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

    /// The location level of two addresses: 1 the same property (both
    /// known to the gazetteer), 2 the same house and street as written
    /// (where either is not known to it) with no postcode or town against, 3 the
    /// same postcode, 4 the same sector, 5 otherwise.
    fn level(&self, other: &Location) -> u8 {
        if let (Some(a), Some(b)) = (self.uprn, other.uprn) {
            // Two known, different properties (neighbouring flats) are not
            // the same address, however close.
            return if a == b { 1 } else { 5 };
        }
        let postcodes_differ =
            matches!((&self.postcode, &other.postcode), (Some(a), Some(b)) if a != b);
        if let (Some(a), Some(b)) = (&self.text, &other.text) {
            if a.street_id == b.street_id
                && a.house == b.house
                && !postcodes_differ
                && !super::address::places_differ(&a.places, &b.places)
            {
                return 2;
            }
        }
        match (&self.postcode, &other.postcode, &self.sector, &other.sector) {
            (Some(a), Some(b), _, _) if a == b => 3,
            (_, _, Some(a), Some(b)) if a == b => 4,
            _ => 5,
        }
    }
}

/// The best (lowest) level between any address of `xs` and any of `ys`; 0
/// when either has none.
fn best_level<'a>(
    xs: impl IntoIterator<Item = &'a Location> + Clone,
    ys: impl IntoIterator<Item = &'a Location> + Clone,
) -> u8 {
    xs.into_iter()
        .flat_map(|a| ys.clone().into_iter().map(move |b| a.level(b)))
        .min()
        .unwrap_or(0)
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
            account: r.account.as_deref().map_or(0, |a| fx(&[a.as_bytes()])),
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
fn compare(x: &Prepared, y: &Prepared) -> [u8; N_FIELDS] {
    let (surname, forename) = swapped_levels(x, y)
        .or_else(|| swapped_levels(y, x))
        .unwrap_or_else(|| (surname_level(x, y), forename_level(x, y)));
    let middle = middle_level(x, y);
    let dob = match (x.dob, y.dob) {
        (Some(a), Some(b)) if a == b => 1,
        (Some(a), Some(b))
            if a.year() == b.year() && a.day() == b.month() && a.month() == b.day() =>
        {
            2
        }
        (Some(a), Some(b)) => {
            let same = (a.year() == b.year()) as u8
                + (a.month() == b.month()) as u8
                + (a.day() == b.day()) as u8;
            if same == 2 {
                3
            } else {
                4
            }
        }
        _ => 0,
    };
    let nino = match (&x.nino, &y.nino) {
        (Some(a), Some(b)) if a == b => 1,
        (Some(a), Some(b)) if within_one_edit(a, b) => 2,
        (Some(_), Some(_)) => 3,
        _ => 0,
    };
    // The best agreement between the homes (a sole trader's correspondence
    // address is a home), or between two businesses' premises. Business
    // premises say nothing about where a person lives.
    let homes = best_level(&x.home, &y.home);
    let premises = best_level(&x.premises, &y.premises);
    let location = match (homes, premises) {
        (0, p) | (p, 0) => p,
        (h, p) => h.min(p),
    };
    let occupancy = if x.business != y.business {
        0
    } else {
        occupancy_level(x.occupied, y.occupied)
    };
    // A forwarding address says where the person went: compared with where
    // the other record is (or went), unless the two are at one place.
    let forwarding = if matches!(location, 1 | 2) {
        0
    } else {
        let there = |fwd: &Option<Location>, other: &Prepared| {
            best_level(fwd, other.home.iter().chain(other.forwarding.iter()))
        };
        match [there(&x.forwarding, y), there(&y.forwarding, x)]
            .into_iter()
            .filter(|l| *l > 0)
            .min()
        {
            None => 0,
            Some(1 | 2) => 1,
            Some(3) => 2,
            Some(_) => 3,
        }
    };
    let identifier = identifier_level(&x.identifiers, &y.identifiers);
    // Moved-with needs every pair; `moved_with` sets it.
    [
        surname, forename, middle, dob, nino, location, 0, occupancy, forwarding, identifier,
    ]
}

/// 1 when two records carry an identifier of one kind with one value, 2
/// when every kind they share differs, 0 when they share no kind.
fn identifier_level(x: &[Identifier], y: &[Identifier]) -> u8 {
    let mut level = 0;
    for a in x {
        for b in y.iter().filter(|b| b.kind == a.kind) {
            if a.value == b.value {
                return 1;
            }
            level = 2;
        }
    }
    level
}

/// Days a new liability may start before the old one ends (a late closure)
/// and still read as a move.
const MOVE_OVERLAP_DAYS: i32 = 14;
/// Days a new liability may start after the old one ends (an empty spell,
/// a stay elsewhere) and still read as a move.
const MOVE_GAP_DAYS: i32 = 62;

/// The occupancy level of two periods at two different properties: 1 when
/// one begins on the day the other ends or the next, 2 when it begins
/// within [`MOVE_OVERLAP_DAYS`] before or [`MOVE_GAP_DAYS`] after that end,
/// 3 when they overlap by more than [`MOVE_OVERLAP_DAYS`], 4 otherwise; 0
/// when either has no period or both are at one property.
fn occupancy_level(x: Option<(i32, i32, u64)>, y: Option<(i32, i32, u64)>) -> u8 {
    let (Some((xf, xt, xp)), Some((yf, yt, yp))) = (x, y) else {
        return 0;
    };
    if xp == yp {
        return 0;
    }
    // Days from one period's last day to the other's first, for each order.
    let gap = |end: i32, start: i32| (end != i32::MAX).then(|| start - end);
    let gaps = [gap(xt, yf), gap(yt, xf)];
    if gaps.iter().flatten().any(|g| (0..=1).contains(g)) {
        1
    } else if gaps
        .iter()
        .flatten()
        .any(|g| (-MOVE_OVERLAP_DAYS..=MOVE_GAP_DAYS).contains(g))
    {
        2
    } else if xt.min(yt).saturating_sub(xf.max(yf)) > MOVE_OVERLAP_DAYS {
        3
    } else {
        4
    }
}

/// The middle-name level: 1 when the initials agree and, where both give
/// the name in full, the names are one (the same, a typo of one another, or
/// forms of one name); 2 when they differ ('JAMIE GARY' and 'JAMIE GEORGE'
/// share an initial, not a name); 0 when either gives none.
fn middle_level(x: &Prepared, y: &Prepared) -> u8 {
    match (x.middle, y.middle) {
        (0, _) | (_, 0) => 0,
        (a, b) if a != b => 2,
        _ if x.middle_name.is_empty() || y.middle_name.is_empty() => 1,
        _ if x.middle_name == y.middle_name || within_one_edit(&x.middle_name, &y.middle_name) => 1,
        _ => {
            let xf = super::name::forename_forms(&x.middle_name);
            let yf = super::name::forename_forms(&y.middle_name);
            if xf.iter().any(|f| yf.contains(f)) {
                1
            } else {
                2
            }
        }
    }
}

fn surname_level(x: &Prepared, y: &Prepared) -> u8 {
    if x.surname_id == 0 || y.surname_id == 0 {
        0
    } else if x.surname_id == y.surname_id {
        1
    } else if within_one_edit(&x.surname, &y.surname)
        || jaro_winkler(&x.surname, &y.surname) >= 0.92
    {
        2
    } else {
        3
    }
}

/// The surname and forename levels of two records when `y` has its
/// forename and surname in each other's columns: `y`'s forename column is
/// `x`'s surname and its surname column a form of `x`'s forename ('SKELGATE,
/// JO' against a forename Skelgate and surname Joanne). `None` otherwise.
fn swapped_levels(x: &Prepared, y: &Prepared) -> Option<(u8, u8)> {
    if x.surname_id == 0
        || x.surname_id != y.forename_id
        || x.surname_id == x.forename_id
        || x.forename.is_empty()
        || y.surname.is_empty()
    {
        return None;
    }
    if y.surname_id == x.forename_id {
        return Some((1, if x.is_initial { 3 } else { 1 }));
    }
    if x.is_initial {
        return (y.surname.as_bytes().first() == x.forename.as_bytes().first()).then_some((1, 3));
    }
    let forms = super::name::forename_forms(&y.surname);
    x.forms
        .iter()
        .any(|f| forms.contains(&f.as_str()))
        .then_some((1, 2))
}

fn forename_level(x: &Prepared, y: &Prepared) -> u8 {
    if x.forename_id == 0 || y.forename_id == 0 {
        0
    } else if x.forename_id == y.forename_id && !x.is_initial {
        1
    } else if x.forename_id == y.forename_id {
        // Two records that both give only 'J' agree no more than an
        // initial does: Joanne and John are both 'J'.
        3
    } else if x.form_ids.iter().any(|f| y.form_ids.contains(f)) {
        2
    } else if (x.is_initial && y.initials().any(|c| Some(c) == x.forename.bytes().next()))
        || (y.is_initial && x.initials().any(|c| Some(c) == y.forename.bytes().next()))
    {
        // 'W Jones' fits William and Bill alike.
        3
    } else if x.is_initial || y.is_initial || two_known_forenames(x, y) {
        5
    } else if within_one_edit(&x.forename, &y.forename)
        || jaro_winkler(&x.forename, &y.forename) >= 0.88
        || x.near_a_form_of(&y.forename)
        || y.near_a_form_of(&x.forename)
    {
        4
    } else {
        5
    }
}

/// Both forenames are ones the name tables know (and, by now, not forms of
/// one name). A typo seldom makes one known forename into another: Ian is
/// not a mistyped Dan, nor Mark a mistyped Mary.
fn two_known_forenames(x: &Prepared, y: &Prepared) -> bool {
    super::name::is_known_forename(&x.forename) && super::name::is_known_forename(&y.forename)
}

/// Sets the moved-with level of every pair whose names agree and whose
/// records are at two different known properties: `household` when another
/// pair, of another forename, is at the same two properties with its names
/// agreeing too (a family that moved together), `alone` otherwise. A person
/// who moves with their household leaves that trace; two namesakes at two
/// addresses rarely do.
fn moved_with(records: &[Prepared], pairs: &[(u32, u32)], levels: &mut [[u8; N_FIELDS]]) {
    use rayon::prelude::*;
    let location = Field::Location.index();
    let moved = Field::MovedWith.index();
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
            let names =
                l[Field::Surname.index()] == 1 && matches!(l[Field::Forename.index()], 1 | 2);
            if !names || l[location] != 5 || x.is_initial {
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
            levels[g.2][moved] = if together { 1 } else { 2 };
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
    levels[Field::Nino.index()] == 3
        || levels[Field::Dob.index()] == 4
        || levels[Field::Forename.index()] == 5
        || levels[Field::Middle.index()] == 2
}

fn fx(parts: &[&[u8]]) -> u64 {
    let mut h = rustc_hash_like();
    for p in parts {
        h.write(p);
        h.write_u8(0xff);
    }
    h.finish()
}

/// A small FNV-1a hasher (deterministic across runs and platforms).
struct Fnv(u64);

impl Hasher for Fnv {
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

fn rustc_hash_like() -> Fnv {
    Fnv(0xcbf29ce484222325)
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

/// Blocking rules: pairs are compared only when they share one of these keys.
const RULES: [&str; 10] = [
    "nino",
    "dob_any_order+surname_initial",
    "dob_any_order+forename",
    "postcode+surname",
    "postcode+forename",
    "property",
    "surname+forename",
    "surname+move_day",
    "identifier",
    "house+street+surname",
];

fn block_keys(rule: usize, r: &Prepared) -> Vec<u64> {
    let mut keys: Vec<u64> = match rule {
        // Address rules key on every address the record knows.
        3 | 4 | 9 => r
            .locations()
            .flat_map(|l| block_key(rule, r, Some(l)))
            .collect(),
        _ => block_key(rule, r, r.own()),
    };
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// A record's keys for one rule at one of its addresses: one per formal
/// name its forename may stand for, where the rule uses the forename.
fn block_key(rule: usize, r: &Prepared, location: Option<&Location>) -> Vec<u64> {
    let dob_any = |d: NaiveDate| {
        let (lo, hi) = if d.day() < d.month() {
            (d.day(), d.month())
        } else {
            (d.month(), d.day())
        };
        [d.year() as u32, lo, hi].map(|v| v.to_le_bytes())
    };
    let s0 = r.surname.as_bytes().first().copied();
    let postcode = location.and_then(|l| l.postcode.as_ref());
    let forms = r.forms.iter().map(String::as_bytes);
    match rule {
        0 => r.nino.iter().map(|n| fx(&[n.as_bytes()])).collect(),
        1 => match (r.dob, s0) {
            (Some(d), Some(s)) => {
                let k = dob_any(d);
                vec![fx(&[&k[0], &k[1], &k[2], &[s]])]
            }
            _ => Vec::new(),
        },
        2 => match r.dob {
            Some(d) => {
                let k = dob_any(d);
                forms.map(|f| fx(&[&k[0], &k[1], &k[2], f])).collect()
            }
            None => Vec::new(),
        },
        3 => match postcode {
            Some(p) if !r.surname.is_empty() => vec![fx(&[p.as_bytes(), r.surname.as_bytes()])],
            _ => Vec::new(),
        },
        // Postcode and forename; an initial keys on its letter alone, a
        // name on its letter and the name.
        4 => match postcode {
            Some(p) if r.is_initial => vec![fx(&[p.as_bytes(), r.forename.as_bytes(), b""])],
            Some(p) => forms.map(|f| fx(&[p.as_bytes(), &f[..1], f])).collect(),
            None => Vec::new(),
        },
        5 => location
            .and_then(|l| l.uprn)
            .map(|u| fx(&[&u.to_le_bytes()]))
            .into_iter()
            .collect(),
        6 if !r.surname.is_empty() => forms.map(|f| fx(&[r.surname.as_bytes(), f])).collect(),
        // A liability that ends on day E keys on E and E + 1, one that
        // begins on day S on S: a move recorded the next day (or the same
        // day) is compared whatever the forename says ('F E' for
        // Frederick E, a mistyped name).
        7 if !r.surname.is_empty() => {
            let day = |d: i32| fx(&[r.surname.as_bytes(), &d.to_le_bytes()]);
            match r.occupied {
                Some((from, to, _)) => {
                    let mut keys = vec![day(from)];
                    if to != i32::MAX {
                        keys.extend([day(to), day(to + 1)]);
                    }
                    keys
                }
                None => Vec::new(),
            }
        }
        8 => r
            .identifiers
            .iter()
            .map(|i| fx(&[i.kind.as_bytes(), i.value.as_bytes()]))
            .collect(),
        9 if !r.surname.is_empty() => location
            .and_then(|l| l.text.as_ref())
            .map(|t| {
                fx(&[
                    t.house.as_bytes(),
                    t.street.as_bytes(),
                    r.surname.as_bytes(),
                ])
            })
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

/// Candidate pairs, and per blocking rule the number of blocks skipped.
type Candidates = (Vec<(u32, u32)>, Vec<(&'static str, u64)>);

fn candidate_pairs(records: &[Prepared], max_block: usize) -> Candidates {
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut skipped = Vec::new();
    for (rule, name) in RULES.iter().enumerate() {
        let mut keyed: Vec<(u64, u32)> = records
            .iter()
            .enumerate()
            .flat_map(|(i, r)| block_keys(rule, r).into_iter().map(move |k| (k, i as u32)))
            .collect();
        keyed.sort_unstable();
        // A record whose two addresses give the same key is in the block once.
        keyed.dedup();
        let mut too_big = 0u64;
        let mut start = 0;
        while start < keyed.len() {
            let mut end = start + 1;
            while end < keyed.len() && keyed[end].0 == keyed[start].0 {
                end += 1;
            }
            if end - start > max_block {
                too_big += 1;
            } else {
                for i in start..end {
                    for j in i + 1..end {
                        pairs.push((keyed[i].1, keyed[j].1));
                    }
                }
            }
            start = end;
        }
        skipped.push((*name, too_big));
    }
    rayon::slice::ParallelSliceMut::par_sort_unstable(pairs.as_mut_slice());
    pairs.dedup();
    (pairs, skipped)
}

impl LinkModel {
    fn fit(records: &mut [Prepared], pairs: &[[u8; N_FIELDS]], config: &LinkConfig) -> LinkModel {
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
                    let levels = compare(&records[a], &records[b]);
                    for (f, level) in levels.iter().enumerate() {
                        if *level > 0 {
                            counts[f][*level as usize] += 1.0;
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
        let patterns: HashMap<[u8; N_FIELDS], u64> = pairs
            .par_chunks(65_536)
            .map(|chunk| {
                let mut counts: HashMap<[u8; N_FIELDS], u64> = HashMap::new();
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
        let mut patterns: Vec<([u8; N_FIELDS], u64)> = patterns.into_iter().collect();
        patterns.sort();
        let mut blocked_prior = 0.1f64;
        for _ in 0..25 {
            let mut m_acc: Vec<Vec<f64>> =
                FIELDS.iter().map(|f| vec![0.0; f.levels().len()]).collect();
            let mut matched = 0.0;
            let mut total = 0.0;
            for (pattern, count) in &patterns {
                let mut log_ratio = (blocked_prior / (1.0 - blocked_prior)).log2();
                for (f, level) in pattern.iter().enumerate() {
                    if *level > 0 {
                        let fm = &model.fields[f];
                        log_ratio +=
                            (fm.m[*level as usize].max(1e-6) / fm.u[*level as usize]).log2();
                    }
                }
                let p = 1.0 / (1.0 + (-log_ratio).exp2());
                let c = *count as f64;
                matched += p * c;
                total += c;
                for (f, level) in pattern.iter().enumerate() {
                    if *level > 0 {
                        m_acc[f][*level as usize] += p * c;
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
    fn weight(&self, field: Field, level: u8, x: &Prepared, y: &Prepared) -> f64 {
        if level == 0 {
            return 0.0;
        }
        let fm = &self.fields[field.index()];
        let m = fm.m[level as usize].max(1e-6);
        // Names written in each other's columns weigh as the commoner of
        // the two readings (`y`'s forename is `x`'s surname and so on).
        let u = match (field, level) {
            (Field::Surname, 1) if x.surname_id == y.surname_id => x.surname_tf,
            (Field::Surname, 1) => x.surname_tf.max(y.forename_tf),
            (Field::Forename, 1) if x.forename_id == y.forename_id => x.forename_tf,
            (Field::Forename, 1) => x.forename_tf.max(y.surname_tf),
            // The same house and street as written: as common as the
            // commoner of the two (a street many records name weighs less).
            (Field::Location, 2) => text_u(x, y).unwrap_or(fm.u[2]),
            _ => fm.u[level as usize],
        };
        let weight = (m / u).log2();
        match field {
            Field::Occupancy => weight.min(TIMING_MAX_BITS[level as usize]),
            _ => weight,
        }
    }

    fn score(&self, records: &[Prepared], a: u32, b: u32, levels: [u8; N_FIELDS]) -> Link {
        let (x, y) = (&records[a as usize], &records[b as usize]);
        let mut weights = [0.0; N_FIELDS];
        for (i, field) in FIELDS.iter().enumerate() {
            weights[i] = self.weight(*field, levels[i], x, y);
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
            .filter(|(l, m)| l.level(m) == 2)
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
    let mut h = rustc_hash_like();
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
        PersonRecord {
            key: key.into(),
            name: PersonName::parse(name),
            dob: dob.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            nino: nino.map(String::from),
            postcode: Postcode::parse(pc),
            uprn,
            ..PersonRecord::default()
        }
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
            .any(|k| k.levels[middle] == 2 && k.weights[middle] < -3.0));
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
            PersonRecord {
                name: PersonName::from_parts(None, "BELINGHAM", "JAMES"),
                ..rec("rent:2", "", Some((1967, 5, 28)), None, "AS1 2AB", Some(6))
            },
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
        let moved = Field::MovedWith.index();
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
            fatima.levels[moved], 1,
            "Omar moved between the same two properties"
        );
        assert!(fatima.weights[moved] > 3.0);
        let ravi = find("sundry:5", "sundry:6");
        assert_eq!(ravi.levels[moved], 2, "nobody else moved with Ravi");
        assert!(ravi.weights[moved] < 0.0);
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
        assert_eq!(next_day.levels[occupancy], 1, "next day");
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
        assert_eq!(weeks.levels[occupancy], 2, "continuous");
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
        assert_eq!(told.levels[forwarding], 1, "same place");
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
        assert_eq!(elsewhere.levels[forwarding], 3, "elsewhere");
        assert!(elsewhere.weights[forwarding] < -2.0);
        assert!(!linked, "{elsewhere:?}");
        assert!(elsewhere.total_weight < next_day.total_weight - 2.0);
        let _ = possible;
        // The same two records without their periods: less still.
        let (linked, _, unknown) = pair(vec![
            at("ctax:1", "JONES, EMILY", "AS1 1AA", 300, None),
            at("ctax:2", "JONES, EMILY", "AS2 2BB", 400, None),
        ]);
        assert_eq!(unknown.levels[occupancy], 0);
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
        assert_eq!(both.levels[occupancy], 3, "overlapping");
        assert!(both.weights[occupancy] < 0.0);
        assert!(!linked);
        // Occupancy only speaks of two different properties.
        assert_eq!(
            occupancy_level(Some((10, 20, 1)), Some((21, i32::MAX, 1))),
            0
        );
        assert_eq!(
            occupancy_level(Some((10, 20, 1)), Some((21, i32::MAX, 2))),
            1
        );
        assert_eq!(
            occupancy_level(Some((10, 20, 1)), Some((20, i32::MAX, 2))),
            1,
            "the same day"
        );
        assert_eq!(
            occupancy_level(Some((10, 20, 1)), Some((24, i32::MAX, 2))),
            2
        );
        assert_eq!(
            occupancy_level(Some((30, i32::MAX, 2)), Some((10, 25, 1))),
            2,
            "either order"
        );
        assert_eq!(
            occupancy_level(Some((10, 20, 1)), Some((200, i32::MAX, 2))),
            4
        );
        assert_eq!(
            occupancy_level(Some((10, i32::MAX, 1)), Some((5, 30, 2))),
            3
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
        assert_eq!(link.levels[Field::Occupancy.index()], 1, "next day");
        assert_eq!(c[0], c[1]);
    }

    #[test]
    fn a_mistyped_nickname_is_close_not_a_conflict() {
        let forename = Field::Forename.index();
        let level = |a: &str, b: &str| {
            let mut p = [
                Prepared::new(&rec("a", a, None, None, "AS1 1AA", Some(1))),
                Prepared::new(&rec("b", b, None, None, "AS1 1AA", Some(1))),
            ];
            intern(&mut p);
            (compare(&p[0], &p[1])[forename], conflict(&p[0], &p[1]))
        };
        assert_eq!(level("Stuve Felhurst", "Dr Steven Felhurst"), (4, false));
        assert_eq!(level("Mr Terenc Hartwell", "Terry Hartwell"), (4, false));
        assert_eq!(level("FAIRSHAW, BFOB", "FAIRSHAW, ROBERT"), (4, false));
        assert_eq!(level("B Yargate", "Miss Elizabeth Yargate"), (3, false));
        // Other names stay other names.
        assert_eq!(level("Steven Felhurst", "Sharon Felhurst"), (5, true));
        assert_eq!(level("B Yargate", "Miss Susan Yargate"), (5, true));
        // One known forename is not a typo of another: Ian is one edit from
        // Dan, Daniel's nickname, and still another name.
        assert_eq!(level("MR IAN KAMAK", "KAMAK, DANIEL G"), (5, true));
        // A forename and surname in each other's columns, the forename in
        // its short form.
        let mut p = [
            Prepared::new(&rec("a", "SKELGATE, JO D", None, None, "AS1 1AA", Some(1))),
            Prepared::new(&PersonRecord {
                name: PersonName::from_parts(None, "SKELGATE", "JOANNE"),
                ..rec("b", "", None, None, "AS1 1AA", Some(1))
            }),
        ];
        intern(&mut p);
        let levels = compare(&p[0], &p[1]);
        assert_eq!((levels[0], levels[forename]), (1, 2));
        assert!(!conflict(&p[0], &p[1]));
    }

    #[test]
    fn two_initials_agree_only_as_initials() {
        let forename = Field::Forename.index();
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
            3,
            "'J' and 'J' is an initial"
        );
        assert_eq!(compare(&p[1], &p[2])[forename], 3, "as 'Joanne' and 'J' is");
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
                k.levels[Field::Surname.index()] == 1 && k.levels[Field::Location.index()] == 0
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
        let middle = Field::Middle.index();
        assert!(l
            .links
            .iter()
            .filter(|k| k.a >= 600 && k.b >= 600)
            .all(|k| k.levels[middle] == 2));
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
        assert_eq!(pair.levels[Field::Surname.index()], 1, "{pair:?}");
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
        let at = |key: &str, name: &str, address: &str| PersonRecord {
            address: address.into(),
            ..rec(key, name, None, None, "", None)
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
        let location = Field::Location.index();
        let level = |a: u32, b: u32| {
            l.links
                .iter()
                .find(|k| (k.a, k.b) == (a, b))
                .map(|k| (k.levels[location], k.weights[location]))
        };
        let (same, weight) = level(600, 601).expect("compared");
        assert_eq!(Field::Location.levels()[same as usize], "same_address");
        assert!(weight > 5.0, "{weight}");
        assert_eq!(c[0], c[1]);
        if let Some((other, _)) = level(600, 602) {
            assert_eq!(Field::Location.levels()[other as usize], "disagree");
        }
        assert_ne!(c[0], c[2], "another house on the street");
        // The same house and street in another town is another address.
        if let Some((other, _)) = level(600, 603) {
            assert_ne!(Field::Location.levels()[other as usize], "same_address");
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
            l.model.weight(Field::Surname, 1, &rare, &rare)
                > l.model.weight(Field::Surname, 1, &smith, &smith) + 3.0
        );
    }
}

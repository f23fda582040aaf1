//! Matching free-text addresses to the gazetteer (LLPG).
//!
//! An address is normalised (case, punctuation, abbreviations such as Rd,
//! St, Ave, Cl, Gdns) and parsed into a flat (sub-building), a house number
//! with any suffix letter (12A), building-name words and street words. The
//! flat forms 'Flat 3, 12 High St', '3/12 High Street' and
//! '12 High Street Flat 3' all parse alike. Candidates come from the
//! gazetteer entries at the same postcode (or, failing a usable postcode, on
//! the same street in the same district). A match is accepted only when one
//! candidate agrees on flat and number and best on the street; an ambiguous
//! or unsupported address stays unmatched: it is never forced onto the
//! nearest property.

use std::collections::HashMap;

use super::postcode::Postcode;
use super::text::{fold, jaro_winkler};

/// One gazetteer (LLPG) property.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerEntry {
    /// Unique Property Reference Number.
    pub uprn: u64,
    /// Secondary addressable object: the flat or unit ('Flat 3').
    pub sao: String,
    /// Primary addressable object: the number or building name ('12', 'Oak Court').
    pub pao: String,
    /// Street.
    pub street: String,
    /// Locality.
    pub locality: String,
    /// Town.
    pub town: String,
    /// Postcode.
    pub postcode: Option<Postcode>,
}

impl GazetteerEntry {
    /// The address as one line, the way the gazetteer writes it: flat,
    /// number and street, locality, town (the postcode apart).
    ///
    /// ```
    /// use debt_core::identity::{GazetteerEntry, Postcode};
    /// let e = GazetteerEntry { uprn: 1, sao: "Flat 3".into(), pao: "12".into(), street: "High Street".into(),
    ///     locality: "".into(), town: "Ashbury".into(), postcode: Postcode::parse("AS1 2AB") };
    /// assert_eq!(e.address_line(), "Flat 3, 12 High Street, Ashbury");
    /// let e = GazetteerEntry { sao: "".into(), pao: "Kestrel Court".into(), ..e };
    /// assert_eq!(e.address_line(), "Kestrel Court, High Street, Ashbury");
    /// ```
    pub fn address_line(&self) -> String {
        let number = self.pao.starts_with(|c: char| c.is_ascii_digit());
        let street = if number && !self.street.is_empty() {
            format!("{} {}", self.pao, self.street)
        } else {
            [self.pao.as_str(), self.street.as_str()]
                .iter()
                .filter(|p| !p.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(", ")
        };
        [
            self.sao.as_str(),
            street.as_str(),
            self.locality.as_str(),
            self.town.as_str(),
        ]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// How an address was matched, or why it was not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MatchMethod {
    /// The source system holds the UPRN and it is in the gazetteer.
    UprnGiven,
    /// One property at the record's postcode agrees on flat, number and street.
    PostcodeAndAddress,
    /// The postcode is not in the gazetteer (or missing); one property on the
    /// named street in the same district agrees on flat and number.
    StreetAndNumber,
    /// Several properties fit equally well.
    Ambiguous,
    /// No property fits.
    NoCandidate,
    /// The postcode is outside the gazetteer's districts: not a local address.
    OutsideArea,
    /// There is no address to match.
    NoAddress,
}

impl MatchMethod {
    /// The code used in outputs.
    pub fn code(self) -> &'static str {
        match self {
            MatchMethod::UprnGiven => "uprn_given",
            MatchMethod::PostcodeAndAddress => "postcode_and_address",
            MatchMethod::StreetAndNumber => "street_and_number",
            MatchMethod::Ambiguous => "unmatched_ambiguous",
            MatchMethod::NoCandidate => "unmatched_no_candidate",
            MatchMethod::OutsideArea => "unmatched_outside_area",
            MatchMethod::NoAddress => "unmatched_no_address",
        }
    }
}

/// The outcome of matching one address.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AddressMatch {
    /// The matched property, if any.
    pub uprn: Option<u64>,
    /// How.
    pub method: MatchMethod,
    /// How well the street words agreed (0 to 1; 1 for a given UPRN).
    pub score: f64,
}

/// An address broken into the parts matching compares.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedAddress {
    /// Flat / unit number or name ('3', '3A', 'BASEMENT').
    pub flat: Option<String>,
    /// House number with any suffix letter ('12', '12A').
    pub number: Option<String>,
    /// Every other word, normalised.
    pub words: Vec<String>,
}

const FLAT_WORDS: &[&str] = &[
    "FLAT",
    "APARTMENT",
    "APT",
    "UNIT",
    "ROOM",
    "MAISONETTE",
    "STUDIO",
];

fn expand(word: &str, is_last: bool) -> &str {
    match word {
        "RD" => "ROAD",
        "ST" if is_last => "STREET",
        "ST" => "SAINT",
        "STR" => "STREET",
        "AVE" | "AV" | "AVENU" => "AVENUE",
        "CL" => "CLOSE",
        "GDNS" | "GDN" => "GARDENS",
        "CRES" | "CRESC" | "CRS" => "CRESCENT",
        "DR" => "DRIVE",
        "LN" => "LANE",
        "PL" => "PLACE",
        "SQ" => "SQUARE",
        "TER" | "TERR" | "TCE" => "TERRACE",
        "CT" => "COURT",
        "HSE" => "HOUSE",
        "GRN" => "GREEN",
        "GR" | "GRO" => "GROVE",
        "PK" => "PARK",
        "WY" => "WAY",
        "PDE" => "PARADE",
        "PT" => "POINT",
        "TWR" => "TOWER",
        "HO" => "HOUSE",
        "LDG" => "LODGE",
        "MWS" => "MEWS",
        "BLDGS" => "BUILDINGS",
        "MT" => "MOUNT",
        "HL" => "HILL",
        "N" if is_last => "NORTH",
        "S" if is_last => "SOUTH",
        other => other,
    }
}

fn is_number(token: &str) -> bool {
    let digits = token.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && digits <= 5
        && token.len() - digits <= 1
        && token.bytes().skip(digits).all(|b| b.is_ascii_alphabetic())
}

/// Parses free text (without its postcode) into flat, number and words.
///
/// ```
/// use debt_core::identity::address::parse_address;
/// for text in ["Flat 3, 12 High St", "3/12 High Street", "12 High Street Flat 3"] {
///     let a = parse_address(text);
///     assert_eq!((a.flat.as_deref(), a.number.as_deref()), (Some("3"), Some("12")), "{text}");
///     assert_eq!(a.words, vec!["HIGH", "STREET"]);
/// }
/// assert_eq!(parse_address("12a Park Rd").number.as_deref(), Some("12A"));
/// ```
pub fn parse_address(text: &str) -> ParsedAddress {
    // '3/12' is flat 3 at number 12.
    let mut prepared = String::with_capacity(text.len() + 8);
    for part in text.split_whitespace() {
        let cleaned = part.trim_matches(|c: char| c == ',' || c == '.');
        match cleaned.split_once('/') {
            Some((flat, number)) if is_number(&fold(flat)) && is_number(&fold(number)) => {
                prepared.push_str(&format!(" FLAT {flat} {number} "));
            }
            _ => {
                prepared.push(' ');
                prepared.push_str(part);
            }
        }
    }
    let folded = fold(&prepared);
    let raw: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).collect();
    let mut flat = None;
    let mut numbers: Vec<String> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let t = raw[i];
        if FLAT_WORDS.contains(&t) && i + 1 < raw.len() {
            flat = Some(raw[i + 1].to_string());
            i += 2;
            continue;
        }
        if is_number(t) {
            // '12 A High St' → 12A.
            let mut n = t.to_string();
            if i + 1 < raw.len()
                && raw[i + 1].len() == 1
                && raw[i + 1].as_bytes()[0].is_ascii_alphabetic()
                && n.bytes().all(|b| b.is_ascii_digit())
                && i + 2 < raw.len()
            {
                n.push_str(raw[i + 1]);
                i += 1;
            }
            numbers.push(n);
            i += 1;
            continue;
        }
        words.push(t.to_string());
        i += 1;
    }
    // The street type is usually the last word before the town; expand
    // abbreviations with that position in mind.
    let count = words.len();
    let words: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(k, w)| {
            let next_is_type = k + 1 < count
                && matches!(
                    words[k + 1].as_str(),
                    "ROAD" | "RD" | "STREET" | "AVENUE" | "AVE" | "LANE" | "LN" | "CLOSE" | "CL"
                );
            let last_of_street = k + 1 == count || !next_is_type && k > 0;
            expand(w, last_of_street).to_string()
        })
        .collect();
    let number = match (flat.is_some(), numbers.len()) {
        (_, 0) => None,
        (true, _) => numbers.first().cloned(),
        (false, 1) => numbers.first().cloned(),
        (false, _) => {
            // '3, 12 High St' without the word Flat: flat then number.
            flat = numbers.first().cloned();
            numbers.get(1).cloned()
        }
    };
    ParsedAddress {
        flat,
        number,
        words,
    }
}

/// Words an address may carry that name no place.
const FILLER_WORDS: &[&str] = &["THE", "OF", "AT", "REAR", "LAND", "UK", "ENGLAND", "GB"];

/// An address word and a gazetteer word are the same: equal, or a typo of
/// a word of five letters or more that keeps its first letter ('ROAD' is
/// not 'BROAD').
fn same_word(x: &str, w: &str) -> bool {
    x == w
        || (w.len() >= 5
            && x.as_bytes().first() == w.as_bytes().first()
            && jaro_winkler(x, w) >= 0.92)
}

struct Entry {
    uprn: u64,
    flat: Option<String>,
    number: Option<String>,
    building: Vec<String>,
    street: Vec<String>,
    /// Town and locality words.
    places: Vec<String>,

    district: Option<String>,
}

/// The gazetteer, indexed for matching.
pub struct Gazetteer {
    entries: Vec<Entry>,
    by_uprn: HashMap<u64, usize>,
    by_postcode: HashMap<String, Vec<usize>>,
    by_street_word: HashMap<String, Vec<usize>>,
    districts: std::collections::HashSet<String>,
    /// Every word of every town and locality name.
    place_words: std::collections::HashSet<String>,
    /// How many distinct streets (by locality and district) share each
    /// street name.
    street_instances: HashMap<Vec<String>, std::collections::BTreeSet<(Vec<String>, String)>>,
}

impl Gazetteer {
    /// Indexes gazetteer entries.
    ///
    /// ```
    /// use debt_core::identity::{Gazetteer, GazetteerEntry, MatchMethod, Postcode};
    /// let e = |uprn, sao: &str, pao: &str| GazetteerEntry { uprn, sao: sao.into(), pao: pao.into(), street: "High Street".into(),
    ///     locality: String::new(), town: "Ashbury".into(), postcode: Postcode::parse("AS1 2AB") };
    /// let g = Gazetteer::new(vec![e(1, "Flat 3", "12"), e(2, "Flat 4", "12"), e(3, "", "14")]);
    /// assert_eq!(g.match_address("3/12 High St", Some("as12ab"), None).uprn, Some(1));
    /// assert_eq!(g.match_address("12 High Street", Some("AS1 2AB"), None).method, MatchMethod::Ambiguous);
    /// ```
    pub fn new(entries: Vec<GazetteerEntry>) -> Gazetteer {
        let mut g = Gazetteer {
            entries: Vec::with_capacity(entries.len()),
            by_uprn: HashMap::new(),
            by_postcode: HashMap::new(),
            by_street_word: HashMap::new(),
            districts: Default::default(),
            place_words: Default::default(),
            street_instances: HashMap::new(),
        };
        for e in entries {
            let index = g.entries.len();
            let sao = parse_address(&e.sao);
            let flat = sao
                .flat
                .or(sao.number)
                .or_else(|| (!sao.words.is_empty()).then(|| sao.words.join(" ")));
            let pao = parse_address(&e.pao);
            let street: Vec<String> = parse_address(&e.street).words;
            let places: Vec<String> = fold(&format!("{} {}", e.locality, e.town))
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(String::from)
                .collect();
            g.place_words.extend(places.iter().cloned());
            g.street_instances
                .entry(street.clone())
                .or_default()
                .insert((
                    places.clone(),
                    e.postcode
                        .as_ref()
                        .map(|p| p.outward().to_string())
                        .unwrap_or_default(),
                ));
            for w in &street {
                g.by_street_word.entry(w.clone()).or_default().push(index);
            }
            if let Some(p) = &e.postcode {
                g.by_postcode
                    .entry(p.as_str().to_string())
                    .or_default()
                    .push(index);
                g.districts.insert(p.outward().to_string());
            }
            g.by_uprn.insert(e.uprn, index);
            g.entries.push(Entry {
                uprn: e.uprn,
                flat,
                number: pao.number,
                building: pao.words,
                street,
                places,
                district: e.postcode.as_ref().map(|p| p.outward().to_string()),
            });
        }
        g
    }

    /// Number of properties.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no properties.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether a UPRN is in the gazetteer.
    pub fn contains(&self, uprn: u64) -> bool {
        self.by_uprn.contains_key(&uprn)
    }

    /// Matches an address: free text (which may contain the postcode), a
    /// separate postcode if the system holds one, and a UPRN if it holds one.
    pub fn match_address(
        &self,
        text: &str,
        postcode: Option<&str>,
        uprn: Option<u64>,
    ) -> AddressMatch {
        if let Some(u) = uprn.filter(|u| self.contains(*u)) {
            return AddressMatch {
                uprn: Some(u),
                method: MatchMethod::UprnGiven,
                score: 1.0,
            };
        }
        let postcode = postcode
            .and_then(Postcode::parse)
            .or_else(|| Postcode::find_in(text));
        let mut body = text.to_string();
        if let Some(p) = &postcode {
            // Drop the postcode from the words (with or without its space).
            let upper = body.to_uppercase();
            let compact = p.as_str().replace(' ', "");
            for form in [p.as_str(), compact.as_str()] {
                if let Some(at) = upper.find(form) {
                    body.replace_range(at..at + form.len(), " ");
                    break;
                }
            }
        }
        let parsed = parse_address(&body);
        if parsed.number.is_none() && parsed.flat.is_none() && parsed.words.is_empty() {
            return AddressMatch {
                uprn: None,
                method: MatchMethod::NoAddress,
                score: 0.0,
            };
        }
        let (candidates, method): (Vec<usize>, MatchMethod) = match &postcode {
            Some(p) if self.by_postcode.contains_key(p.as_str()) => (
                self.by_postcode[p.as_str()].clone(),
                MatchMethod::PostcodeAndAddress,
            ),
            Some(p) if !self.districts.contains(p.outward()) => {
                return AddressMatch {
                    uprn: None,
                    method: MatchMethod::OutsideArea,
                    score: 0.0,
                };
            }
            Some(p) => (
                self.street_candidates(&parsed, Some(p.outward())),
                MatchMethod::StreetAndNumber,
            ),
            None => (
                self.street_candidates(&parsed, None),
                MatchMethod::StreetAndNumber,
            ),
        };
        let mut best: Option<(f64, usize)> = None;
        let mut tied = false;
        for &index in &candidates {
            let Some(score) = self.score(&parsed, &self.entries[index], method) else {
                continue;
            };
            match best {
                Some((b, _)) if score < b - 1e-9 => {}
                Some((b, _)) if (score - b).abs() <= 1e-9 => tied = true,
                _ => {
                    best = Some((score, index));
                    tied = false;
                }
            }
        }
        if best.is_none() && parsed.flat.is_none() {
            // '12 High Street' where number 12 is only flats: it needs a flat.
            let flats_fit = candidates.iter().any(|&i| {
                let e = &self.entries[i];
                e.flat.is_some() && e.number.is_some() && e.number == parsed.number
            });
            if flats_fit {
                return AddressMatch {
                    uprn: None,
                    method: MatchMethod::Ambiguous,
                    score: 0.0,
                };
            }
        }
        if let (Some((score, index)), MatchMethod::StreetAndNumber, false) = (best, method, tied) {
            // A street name the borough uses more than once, with nothing in
            // the address to say which: the number may be a new build on the
            // other one.
            let e = &self.entries[index];
            let shared = self
                .street_instances
                .get(&e.street)
                .is_some_and(|i| i.len() > 1);
            // A place word the address gives that this street has and some
            // namesake does not.
            let named = self
                .street_instances
                .get(&e.street)
                .is_some_and(|instances| {
                    e.places.iter().any(|p| {
                        parsed.words.contains(p)
                            && !e.street.contains(p)
                            && instances.iter().any(|(places, _)| !places.contains(p))
                    })
                });
            if shared && !named && postcode.is_none() {
                return AddressMatch {
                    uprn: None,
                    method: MatchMethod::Ambiguous,
                    score,
                };
            }
        }
        match best {
            None => AddressMatch {
                uprn: None,
                method: MatchMethod::NoCandidate,
                score: 0.0,
            },
            Some((score, _)) if tied => AddressMatch {
                uprn: None,
                method: MatchMethod::Ambiguous,
                score,
            },
            Some((score, index)) => AddressMatch {
                uprn: Some(self.entries[index].uprn),
                method,
                score,
            },
        }
    }

    fn street_candidates(&self, parsed: &ParsedAddress, district: Option<&str>) -> Vec<usize> {
        let mut seen: Vec<usize> = Vec::new();
        for w in &parsed.words {
            if let Some(list) = self.by_street_word.get(w) {
                if list.len() > 5_000 {
                    continue; // a word like ROAD names half the borough
                }
                seen.extend(list.iter().copied());
            }
        }
        seen.sort_unstable();
        seen.dedup();
        seen.retain(|i| district.is_none_or(|d| self.entries[*i].district.as_deref() == Some(d)));
        seen
    }

    /// How well an entry fits, or `None` when it cannot be this address.
    /// The score is the share of the entry's street words found plus the
    /// share of its building-name words found (a building named in the text
    /// outranks a house of the same number that ignores it).
    fn score(&self, a: &ParsedAddress, e: &Entry, method: MatchMethod) -> Option<f64> {
        let word_found = |w: &String| a.words.iter().any(|x| same_word(x, w));
        let fraction = |words: &[String]| {
            words.iter().filter(|w| word_found(w)).count() as f64 / words.len().max(1) as f64
        };
        let building_fraction = || {
            if e.building.is_empty() {
                0.0
            } else {
                fraction(&e.building)
            }
        };
        // '7 Falcon Point' is flat 7 of a block with no street number.
        let mut building = None;
        let (flat, number) = if a.flat.is_none() && e.number.is_none() && e.flat.is_some() {
            let b = building_fraction();
            building = Some(b);
            if b >= 1.0 {
                (a.number.as_ref(), None)
            } else {
                (a.flat.as_ref(), a.number.as_ref())
            }
        } else {
            (a.flat.as_ref(), a.number.as_ref())
        };
        // Flat and number must agree exactly where the entry has them
        // (checked before the word comparisons, which cost more).
        if flat != e.flat.as_ref() {
            return None;
        }
        match (number, &e.number) {
            (Some(x), Some(y)) if x != y => return None,
            (None, Some(_)) => return None,
            (Some(_), None) => return None,
            _ => {}
        }
        let building = building.unwrap_or_else(building_fraction);
        let street = if e.street.is_empty() {
            1.0
        } else {
            fraction(&e.street)
        };
        let has_words = !a.words.is_empty();
        // Without a postcode, a town or locality the address names must be
        // the property's own ('25 Cedar Mews, Ashbury' is not the Cedar Mews
        // in another town).
        if method == MatchMethod::StreetAndNumber {
            let named: Vec<&String> = a
                .words
                .iter()
                .filter(|w| {
                    self.place_words.contains(*w)
                        && !e.street.contains(w)
                        && !e.building.contains(w)
                })
                .collect();
            if !named.is_empty() && !named.iter().any(|w| e.places.contains(w)) {
                return None;
            }
            // Nor may it name anything the property does not have: a word
            // that is no part of its street, building or place is most
            // likely a town the gazetteer does not cover ('20 Station
            // Grove, Carlham').
            let explained = |x: &String| {
                FILLER_WORDS.contains(&x.as_str())
                    || e.street
                        .iter()
                        .chain(&e.building)
                        .chain(&e.places)
                        .any(|w| same_word(x, w))
            };
            if !a.words.iter().all(explained) {
                return None;
            }
        }
        match method {
            // At a known postcode the flat and number carry it, but any words
            // given must fit the street or the building.
            MatchMethod::PostcodeAndAddress if has_words && street < 0.5 && building < 1.0 => None,
            MatchMethod::PostcodeAndAddress
                if !e.building.is_empty() && e.number.is_none() && building < 0.5 =>
            {
                None
            }
            // Without the postcode, the whole street or building name must be there.
            MatchMethod::StreetAndNumber if street < 1.0 && building < 1.0 => None,
            _ => Some(street + building),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer() -> Gazetteer {
        let e = |uprn, sao: &str, pao: &str, street: &str, pc: &str| GazetteerEntry {
            uprn,
            sao: sao.into(),
            pao: pao.into(),
            street: street.into(),
            locality: String::new(),
            town: "Ashbury".into(),
            postcode: Postcode::parse(pc),
        };
        Gazetteer::new(vec![
            e(1, "Flat 1", "12", "High Street", "AS1 2AB"),
            e(2, "Flat 2", "12", "High Street", "AS1 2AB"),
            e(3, "Flat 3", "12", "High Street", "AS1 2AB"),
            e(4, "", "14", "High Street", "AS1 2AB"),
            e(5, "", "12A", "Park Road", "AS3 6PA"),
            e(6, "", "12", "Park Road", "AS3 6PA"),
            e(7, "Flat 4", "Oak Court", "Mill Lane", "AS2 4ML"),
            e(8, "", "27", "Elm Close", "AS2 7EC"),
        ])
    }

    #[test]
    fn flat_forms_and_abbreviations_match_the_same_property() {
        let g = gazetteer();
        for (text, pc) in [
            ("Flat 3, 12 High St", "AS1 2AB"),
            ("3/12 High Street", "as12ab"),
            ("12 High St Flat 3", ""),
            ("Flat 3 12 High Street, Ashbury AS1 2AB", ""),
        ] {
            assert_eq!(
                g.match_address(text, Some(pc).filter(|p| !p.is_empty()), None)
                    .uprn,
                Some(3),
                "{text}"
            );
        }
        assert_eq!(g.match_address("12A Park Rd", None, None).uprn, Some(5));
        assert_eq!(
            g.match_address("12 Park Road", Some("AS3 6PA"), None).uprn,
            Some(6)
        );
        assert_eq!(
            g.match_address("Flat 4 Oak Ct, Mill Ln", Some("AS2 4ML"), None)
                .uprn,
            Some(7)
        );
        assert_eq!(g.match_address("27 Elm Cl", None, None).uprn, Some(8));
        // In a named block the number is the flat.
        assert_eq!(
            g.match_address("4 Oak Ct, Mill Lane", Some("AS2 4ML"), None)
                .uprn,
            Some(7)
        );
    }

    #[test]
    fn a_named_town_must_be_the_propertys_own() {
        let e = |uprn, town: &str, pc: &str| GazetteerEntry {
            uprn,
            sao: String::new(),
            pao: "25".into(),
            street: "Cedar Mews".into(),
            locality: String::new(),
            town: town.into(),
            postcode: Postcode::parse(pc),
        };
        let g = Gazetteer::new(vec![
            e(1, "Elmsworth", "AS7 3AZ"),
            e(2, "Ashbury", "AS1 1AA"),
        ]);
        assert_eq!(
            g.match_address("25 Cedar Mews, Elmsworth", None, None).uprn,
            Some(1)
        );
        let mut elsewhere = e(3, "Ashbury", "AS1 1AB");
        elsewhere.street = "High Street".into();
        let only_elmsworth = Gazetteer::new(vec![e(1, "Elmsworth", "AS7 3AZ"), elsewhere]);
        assert_eq!(
            only_elmsworth
                .match_address("25 Cedar Mews, Ashbury", None, None)
                .uprn,
            None,
            "a new build in Ashbury"
        );
        assert_eq!(
            only_elmsworth
                .match_address("25 Cedar Mews", None, None)
                .uprn,
            Some(1)
        );
    }

    #[test]
    fn a_named_building_outranks_a_house_of_the_same_number() {
        let e = |uprn, sao: &str, pao: &str| GazetteerEntry {
            uprn,
            sao: sao.into(),
            pao: pao.into(),
            street: "High Crescent".into(),
            locality: String::new(),
            town: "Ashbury".into(),
            postcode: Postcode::parse("AS2 1AX"),
        };
        let g = Gazetteer::new(vec![e(1, "", "3"), e(2, "Flat 3", "Attlee Tower")]);
        assert_eq!(
            g.match_address("3 Attlee Twr, High Cres", Some("AS2 1AX"), None)
                .uprn,
            Some(2)
        );
        assert_eq!(
            g.match_address("3 High Crescent", Some("AS2 1AX"), None)
                .uprn,
            Some(1)
        );
    }

    #[test]
    fn ambiguous_or_foreign_addresses_are_never_forced() {
        let g = gazetteer();
        assert_eq!(
            g.match_address("12 High Street", Some("AS1 2AB"), None)
                .method,
            MatchMethod::Ambiguous
        );
        assert_eq!(
            g.match_address("16 High Street", Some("AS1 2AB"), None)
                .method,
            MatchMethod::NoCandidate
        );
        assert_eq!(
            g.match_address("12 High Street, Otherton", Some("OT9 9ZZ"), None)
                .method,
            MatchMethod::OutsideArea
        );
        assert_eq!(
            g.match_address("Flat 9, 12 High Street", Some("AS1 2AB"), None)
                .uprn,
            None
        );
        assert_eq!(
            g.match_address("", None, None).method,
            MatchMethod::NoAddress
        );
        assert_eq!(
            g.match_address("anything", None, Some(4)).method,
            MatchMethod::UprnGiven
        );
    }

    #[test]
    fn an_unknown_town_or_a_lookalike_street_is_not_forced() {
        let mut entries = vec![GazetteerEntry {
            uprn: 20,
            sao: String::new(),
            pao: "6".into(),
            street: "Broad Road".into(),
            locality: "Eastwood".into(),
            town: "Ashbury".into(),
            postcode: Postcode::parse("AS4 2NS"),
        }];
        entries.push(GazetteerEntry {
            uprn: 21,
            pao: "20".into(),
            street: "Station Grove".into(),
            locality: String::new(),
            postcode: Postcode::parse("AS1 1FP"),
            ..entries[0].clone()
        });
        let g = Gazetteer::new(entries);
        // 'ROAD' is not a typo of 'BROAD'.
        assert_eq!(
            g.match_address("6 CROMWELL RD, CARLHAM", None, None).uprn,
            None
        );
        // Carlham is no place in the gazetteer: another town's Station Grove.
        assert_eq!(
            g.match_address("20 Station Grove, Carlham", None, None)
                .uprn,
            None
        );
        // The borough's own words, and a typo that keeps the first letter, still match.
        assert_eq!(
            g.match_address("20 Staton Grove, Ashbury", None, None).uprn,
            Some(21)
        );
        assert_eq!(
            g.match_address("6 Broad Rd, Eastwood", None, None).uprn,
            Some(20)
        );
    }
}

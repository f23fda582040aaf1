//! Ashbury: the one borough every generator houses its people in. Streets
//! (houses, converted houses, blocks of flats, business parks) grouped into
//! districts with a locality and a postcode district each (`AS1`, `AS2`
//! ...), postcodes of 8 to 20 addresses, 12-digit UPRNs, and the gazetteer
//! (`llpg.csv`) that lists every property. Also the world outside it: other
//! towns' addresses, and new builds the gazetteer does not have yet.
//!
//! The borough grows a street at a time from a stream of its own, so the
//! same seed and size give the same streets whoever asks.

use crate::error::Error;
use crate::files::Sink;
use crate::random::{Rng, Stream};
use crate::text::{push_row, Enc};

/// The town.
pub const TOWN: &str = "Ashbury";

#[rustfmt::skip]
const STEMS: &[&str] = &[
    "High", "Church", "Station", "Mill", "Park", "Oak", "Elm", "Ash", "Beech", "Birch", "Cedar",
    "Chestnut", "Hawthorn", "Holly", "Maple", "Willow", "Victoria", "Albert", "Queens", "Kings",
    "Princess", "York", "Windsor", "Grange", "Manor", "Rectory", "Vicarage", "Meadow", "Orchard",
    "Brook", "River", "Spring", "Well", "Green", "Hill", "Valley", "Forest", "Heath", "Moor",
    "Field", "Market", "Bridge", "School", "Chapel", "Abbey", "Priory", "Castle", "Tower",
    "Nelson", "Wellington", "Churchill", "Shakespeare", "Milton", "Tennyson", "Byron", "Keats",
    "Wordsworth", "Dickens", "Gladstone", "Stanley", "Cromwell", "Harcourt", "Lancaster",
    "Stafford", "Mount", "Sycamore", "Laburnum", "Lime", "Poplar", "Rowan", "Hazel", "Larch",
    "Alder", "Juniper", "Lavender", "Primrose", "Bluebell", "Clover", "Heather", "Foxglove",
    "Kestrel", "Falcon", "Swallow", "Lark", "Robin", "Wren", "Oakfield", "Ashfield", "Broad",
    "Long", "North", "South", "East", "West", "New", "Old", "Mill Pond", "Canal", "Wharf", "Dock",
    "Lock", "Quarry", "Forge", "Tannery", "Brewery", "Granary", "Sandy", "Stony", "Clay", "Chalk",
    "Hollow", "Ridge", "Glebe", "Pound", "Cherry", "Apple", "Plum", "Walnut", "Hazelnut",
    "Coronation", "Jubilee", "Alexandra", "Edward", "George", "Mary", "Florence", "Beatrice",
];
/// Street suffixes with their abbreviation ("" when there is none).
const SUFFIXES: &[(&str, &str)] = &[
    ("Road", "Rd"),
    ("Street", "St"),
    ("Avenue", "Ave"),
    ("Close", "Cl"),
    ("Gardens", "Gdns"),
    ("Crescent", "Cres"),
    ("Drive", "Dr"),
    ("Lane", "Ln"),
    ("Way", ""),
    ("Grove", "Gr"),
    ("Place", "Pl"),
    ("Terrace", "Terr"),
    ("Walk", ""),
    ("Mews", ""),
    ("Rise", ""),
];
/// Building words and their abbreviations.
const BUILDING_WORDS: &[(&str, &str)] = &[
    ("Court", "Ct"),
    ("House", "Ho"),
    ("Tower", "Twr"),
    ("Point", "Pt"),
    ("Lodge", ""),
    ("Business Park", "Bus Pk"),
    ("Trading Estate", "Trad Est"),
];
#[rustfmt::skip]
const BLOCK_NAMES: &[&str] = &[
    "Kestrel", "Heron", "Falcon", "Swift", "Kingfisher", "Merlin", "Osprey", "Linnet", "Wren",
    "Skylark", "Lapwing", "Curlew", "Plover", "Siskin", "Avocet", "Dunlin", "Oak", "Beech",
    "Cedar", "Rowan", "Nelson", "Faraday", "Brunel", "Telford", "Darwin", "Newton", "Attlee",
    "Bevan",
];
#[rustfmt::skip]
const LOC_A: &[&str] = &[
    "North", "South", "East", "West", "Mill", "Brook", "Oak", "Kings", "Queens", "Fair", "High",
    "Church", "Ash", "Hollin", "Stan",
];
#[rustfmt::skip]
const LOC_B: &[&str] = &[
    "gate", "field", "mead", "bury", "wood", "croft", "ley", "ton", "hurst", "dene",
];
const POSTCODE_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";
/// Towns outside the borough, with a postcode area of their own.
const OTHER_TOWNS: &[(&str, &str)] = &[
    ("Bexford", "BQ"),
    ("Carlham", "FQ"),
    ("Denholme", "HQ"),
    ("Elmsworth", "KQ"),
    ("Fenbridge", "LQ"),
    ("Greystoke Magna", "NQ"),
];

/// What a property is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum PropKind {
    /// A house (`12`, `12A`).
    House,
    /// A flat in a house converted into flats (`Flat 2` / `12`).
    Converted,
    /// A flat in a block (`Flat 7` / `Kestrel Court`).
    Block,
    /// A business unit (`Unit 3` / `Millbrook Business Park`).
    Unit,
}

/// One addressable place in the gazetteer (24 bytes).
#[derive(Debug, Clone, Copy)]
pub struct Prop {
    /// Unique Property Reference Number (12 digits).
    pub uprn: u64,
    /// Index of its street.
    pub street: u32,
    /// Index of its postcode.
    pub postcode: u32,
    /// House number (0 for flats and units in a named building).
    pub number: u16,
    /// Flat or unit number (0 for a whole house).
    pub flat: u16,
    /// Index + 1 into the building names (0: none).
    pub building: u16,
    /// `A`, `B` ... after the number, or 0.
    pub suffix: u8,
    /// What it is.
    pub kind: PropKind,
}

/// A street.
pub struct Street {
    /// Index of its name's first word.
    pub stem: u16,
    /// Index of its suffix (Road, Street ...).
    pub suffix: u8,
    /// Its district (postcode `AS{district + 1}`), and its locality.
    pub district: u16,
    /// Highest house number on the street.
    pub max_number: u16,
    /// The postcode of its last properties.
    pub last_postcode: u32,
}

/// The borough: every property, street, locality, postcode and building
/// name, held compactly (24 bytes a property), and grown a street at a time.
pub struct Borough {
    /// Every property, in gazetteer order.
    pub props: Vec<Prop>,
    /// Indexes of the homes (houses and flats).
    pub residential: Vec<u32>,
    /// Indexes of the business units.
    pub commercial: Vec<u32>,
    /// Every street.
    pub streets: Vec<Street>,
    /// Locality of each district (the first, the town centre, has none).
    pub localities: Vec<String>,
    /// Every postcode.
    pub postcodes: Vec<String>,
    /// Every named building (blocks, business parks).
    pub buildings: Vec<String>,
    rng: Rng,
    per_district: usize,
    street_count: Vec<usize>,
    postcode_count: Vec<u32>,
    next_uprn: u64,
}

/// The postcode being handed out along a street: a new one every 8 to 20
/// addresses, and at each street.
struct PostcodeRun {
    district: usize,
    left: i64,
    current: u32,
}

/// Street name from its parts: `Oak Road`, or `Oak Rd` abbreviated.
pub fn street_name(stem: u16, suffix: u8, abbreviate: bool) -> String {
    let stem = STEMS[usize::from(stem) % STEMS.len()];
    let (full, short) = SUFFIXES[usize::from(suffix) % SUFFIXES.len()];
    if abbreviate && !short.is_empty() {
        format!("{stem} {short}")
    } else {
        format!("{stem} {full}")
    }
}

/// `12` or `12A`.
pub fn number_text(number: u16, suffix: u8) -> String {
    if suffix == 0 {
        number.to_string()
    } else {
        format!("{number}{}", suffix as char)
    }
}

/// `Kestrel Court` as `Kestrel Ct`.
fn abbreviate_building(name: &str) -> String {
    for (full, short) in BUILDING_WORDS {
        if !short.is_empty() {
            if let Some(head) = name.strip_suffix(full) {
                return format!("{head}{short}");
            }
        }
    }
    name.to_string()
}

/// Postcode number `c` of a district: sectors 1-9, units AA to ZZ.
pub fn postcode_text(outcode: &str, c: u32) -> String {
    let sector = 1 + (c / 400) % 9;
    let unit = (c % 400) as usize;
    format!(
        "{outcode} {sector}{}{}",
        POSTCODE_LETTERS[unit / 20] as char,
        POSTCODE_LETTERS[unit % 20] as char
    )
}

impl Borough {
    /// An empty borough planned for about `planned_homes` homes: one
    /// district (a postcode district and a locality) per 12,000 homes, at
    /// least two.
    pub fn new(seed: u64, planned_homes: usize) -> Borough {
        let districts = planned_homes.div_ceil(12_000).max(2);
        let mut localities = Vec::with_capacity(districts);
        for d in 0..districts {
            if d == 0 {
                localities.push(String::new());
            } else {
                let k = d - 1;
                let a = LOC_A[k % LOC_A.len()];
                let b = LOC_B[(k * 7 + k / LOC_A.len()) % LOC_B.len()];
                localities.push(format!("{a}{b}"));
            }
        }
        Borough {
            props: Vec::with_capacity(planned_homes + planned_homes / 10),
            residential: Vec::with_capacity(planned_homes + 64),
            commercial: Vec::new(),
            streets: Vec::new(),
            localities,
            postcodes: Vec::new(),
            buildings: Vec::new(),
            rng: Rng::derive(seed, Stream::BOROUGH, 0),
            per_district: planned_homes / districts + 1,
            street_count: vec![0; districts],
            postcode_count: vec![0; districts],
            next_uprn: 100_070_000_001,
        }
    }

    /// A borough of at least `homes` homes.
    pub fn build(seed: u64, homes: usize) -> Borough {
        let mut borough = Borough::new(seed, homes);
        borough.grow_to(homes);
        borough
    }

    /// Adds streets until there are at least `homes` homes.
    pub fn grow_to(&mut self, homes: usize) {
        while self.residential.len() < homes {
            self.add_street();
        }
    }

    /// The postcode of a property.
    pub fn postcode_of(&self, prop: u32) -> &str {
        let p = &self.props[prop as usize];
        &self.postcodes[p.postcode as usize]
    }

    /// A street of houses (some converted into flats, the odd `12A`), or of
    /// one or two blocks of flats and a few houses; every fortieth street
    /// of a district begins with its business park.
    fn add_street(&mut self) {
        let districts = self.street_count.len();
        let d = (self.residential.len() / self.per_district).min(districts - 1);
        let k = self.street_count[d];
        self.street_count[d] += 1;
        let combos = STEMS.len() * SUFFIXES.len();
        let c = (k * 7919 + d * 131 + 17) % combos;
        let street = self.streets.len() as u32;
        self.streets.push(Street {
            stem: (c % STEMS.len()) as u16,
            suffix: (c / STEMS.len()) as u8,
            district: d as u16,
            max_number: 0,
            last_postcode: 0,
        });
        let mut run = PostcodeRun {
            district: d,
            left: 0,
            current: 0,
        };
        let base = Prop {
            uprn: 0,
            street,
            postcode: 0,
            number: 0,
            flat: 0,
            building: 0,
            suffix: 0,
            kind: PropKind::House,
        };
        if k % 40 == 2 {
            self.add_business_park(&mut run, base);
        }
        let blocks = if self.rng.chance(0.12) {
            self.rng.range(1, 2)
        } else {
            0
        };
        let houses = if blocks > 0 {
            self.rng.range(0, 6) as u16
        } else {
            (3 + self.rng.below(14) + self.rng.below(14)) as u16
        };
        let max_number = self.add_houses(&mut run, base, houses);
        self.add_blocks(&mut run, base, blocks as usize);
        let s = &mut self.streets[street as usize];
        s.max_number = max_number;
        s.last_postcode = run.current;
    }

    /// The district's business park: 6 to 24 units.
    fn add_business_park(&mut self, run: &mut PostcodeRun, base: Prop) {
        let stem = STEMS[self.rng.below(STEMS.len() as u64) as usize];
        let word = if self.rng.chance(0.5) {
            "Business Park"
        } else {
            "Trading Estate"
        };
        self.buildings.push(format!("{stem} {word}"));
        let building = self.buildings.len() as u16;
        for unit in 1..=self.rng.range(6, 24) as u16 {
            let postcode = self.next_postcode(run);
            self.add(Prop {
                postcode,
                flat: unit,
                building,
                kind: PropKind::Unit,
                ..base
            });
        }
    }

    /// Houses 1 to `houses` (no 13 on some streets): 9% converted into 2 to
    /// 4 flats, 3.5% with an `A` beside them. Returns the highest number.
    fn add_houses(&mut self, run: &mut PostcodeRun, base: Prop, houses: u16) -> u16 {
        let skip_13 = self.rng.chance(0.3);
        let mut max_number = 0u16;
        for number in 1..=houses {
            if number == 13 && skip_13 {
                continue;
            }
            max_number = number;
            if self.rng.chance(0.09) {
                for flat in 1..=self.rng.range(2, 4) as u16 {
                    let postcode = self.next_postcode(run);
                    self.add(Prop {
                        postcode,
                        number,
                        flat,
                        kind: PropKind::Converted,
                        ..base
                    });
                }
            } else {
                let postcode = self.next_postcode(run);
                self.add(Prop {
                    postcode,
                    number,
                    ..base
                });
            }
            if self.rng.chance(0.035) {
                let postcode = self.next_postcode(run);
                self.add(Prop {
                    postcode,
                    number,
                    suffix: b'A',
                    ..base
                });
            }
        }
        max_number
    }

    /// `blocks` blocks of 8 to 30 flats, named after birds (and others).
    fn add_blocks(&mut self, run: &mut PostcodeRun, base: Prop, blocks: usize) {
        let first_bird = self.rng.below(BLOCK_NAMES.len() as u64) as usize;
        for b in 0..blocks {
            let bird = BLOCK_NAMES[(first_bird + b * 5) % BLOCK_NAMES.len()];
            let word = BUILDING_WORDS[self.rng.below(5) as usize].0;
            self.buildings.push(format!("{bird} {word}"));
            let building = self.buildings.len() as u16;
            for flat in 1..=self.rng.range(8, 30) as u16 {
                let postcode = self.next_postcode(run);
                self.add(Prop {
                    postcode,
                    flat,
                    building,
                    kind: PropKind::Block,
                    ..base
                });
            }
        }
    }

    /// The postcode of the next address along a street.
    fn next_postcode(&mut self, run: &mut PostcodeRun) -> u32 {
        if run.left == 0 {
            let d = run.district;
            let pc = postcode_text(&format!("AS{}", d + 1), self.postcode_count[d]);
            self.postcode_count[d] += 1;
            self.postcodes.push(pc);
            run.current = (self.postcodes.len() - 1) as u32;
            run.left = self.rng.range(8, 20);
        }
        run.left -= 1;
        run.current
    }

    /// Adds a property with the next UPRN (UPRNs rise with gaps, as an
    /// LLPG's do).
    fn add(&mut self, mut p: Prop) {
        p.uprn = self.next_uprn;
        self.next_uprn += 1 + self.rng.below(4);
        let index = self.props.len() as u32;
        if p.kind == PropKind::Unit {
            self.commercial.push(index);
        } else {
            self.residential.push(index);
        }
        self.props.push(p);
    }

    /// A home anywhere in the borough, other than `not` if possible.
    pub fn random_home(&self, rng: &mut Rng, not: Option<u32>) -> u32 {
        let r = &self.residential;
        for _ in 0..4 {
            let p = r[rng.below(r.len() as u64) as usize];
            if Some(p) != not {
                return p;
            }
        }
        r[0]
    }

    /// An address in another town, with that town's postcode area.
    pub fn external(&self, rng: &mut Rng) -> External {
        let (town, area) = *rng.pick(OTHER_TOWNS);
        let district = rng.range(1, 12);
        let c = rng.below(3600) as u32;
        External {
            number: rng.range(1, 140) as u16,
            stem: rng.below(STEMS.len() as u64) as u16,
            suffix: rng.below(SUFFIXES.len() as u64) as u8,
            town,
            postcode: postcode_text(&format!("{area}{district}"), c),
        }
    }

    /// A house number past the end of a real street: a new build not yet
    /// in the gazetteer.
    pub fn new_build(&self, rng: &mut Rng) -> Addr {
        let street = rng.below(self.streets.len() as u64) as u32;
        let max = self.streets[street as usize].max_number;
        Addr::NewBuild {
            street,
            number: max + 2 + rng.below(20) as u16,
        }
    }
}

/// A property's bedrooms: a fixed function of the property (its kind, and
/// its UPRN as a seed), so that it needs no storage. Flats in blocks have 1
/// (55%) or 2, converted flats 1 (60%) or 2, houses 2 to 4; units none.
pub fn bedrooms(p: &Prop) -> u8 {
    let mut rng = Rng::derive(p.uprn, Stream::BEDROOMS, 0);
    match p.kind {
        PropKind::Block => 2 - u8::from(rng.chance(0.55)),
        PropKind::Converted => 2 - u8::from(rng.chance(0.6)),
        PropKind::House => rng.range(2, 4) as u8,
        PropKind::Unit => 0,
    }
}

/// The gazetteer's header.
pub const GAZETTEER_HEADER: &str =
    "UPRN,SAO_TEXT,PAO_TEXT,STREET_DESCRIPTOR,LOCALITY,TOWN_NAME,POSTCODE_LOCATOR";

/// Writes the gazetteer rows of properties `from..` (the header is the
/// sink's); returns how many.
pub fn write_gazetteer(sink: &mut Sink, b: &Borough, from: usize) -> Result<u64, Error> {
    let mut buf = Vec::with_capacity(128);
    let mut rows = 0;
    for p in b.props.iter().skip(from) {
        let street = &b.streets[p.street as usize];
        let sao = match (p.kind, p.flat) {
            (_, 0) => String::new(),
            (PropKind::Unit, f) => format!("Unit {f}"),
            (_, f) => format!("Flat {f}"),
        };
        let pao = if p.building > 0 {
            b.buildings[usize::from(p.building - 1)].clone()
        } else {
            number_text(p.number, p.suffix)
        };
        buf.clear();
        push_row(
            &mut buf,
            &[
                p.uprn.to_string().as_str(),
                &sao,
                &pao,
                &street_name(street.stem, street.suffix, false),
                &b.localities[usize::from(street.district)],
                TOWN,
                &b.postcodes[p.postcode as usize],
            ],
            b',',
            Enc::Utf8,
        );
        sink.line(&buf)?;
        rows += 1;
    }
    Ok(rows)
}

/// An address outside the gazetteer.
#[derive(Debug, Clone)]
pub struct External {
    /// House number.
    pub number: u16,
    /// Street name's first word.
    pub stem: u16,
    /// Street name's suffix.
    pub suffix: u8,
    /// The town.
    pub town: &'static str,
    /// Its postcode.
    pub postcode: String,
}

/// Where a record says someone is.
#[derive(Debug, Clone)]
pub enum Addr {
    /// A property of the borough (index into `props`).
    Prop(u32),
    /// Another town.
    External(External),
    /// A house number past the end of a real street: a new build not yet
    /// in the gazetteer.
    NewBuild {
        /// The street.
        street: u32,
        /// The number.
        number: u16,
    },
    /// No address at all.
    Missing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlatForm {
    /// `Flat 3, 12 High Street`
    Comma,
    /// `3/12 High Street`
    Slash,
    /// `12 High Street Flat 3`
    After,
    /// `Flat 3 12 High Street`
    Plain,
}

/// The address parts before the locality and town, in a flat form, with
/// the street and building words abbreviated or not, a block's street left
/// out or not.
pub fn prop_parts(
    b: &Borough,
    p: &Prop,
    form: FlatForm,
    abbreviate: bool,
    omit_street: bool,
) -> Vec<String> {
    let street = &b.streets[p.street as usize];
    let name = street_name(street.stem, street.suffix, abbreviate);
    let building = (p.building > 0).then(|| {
        let full = &b.buildings[usize::from(p.building - 1)];
        if abbreviate {
            abbreviate_building(full)
        } else {
            full.clone()
        }
    });
    let number = number_text(p.number, p.suffix);
    match (p.kind, building) {
        (PropKind::Unit, Some(bn)) => match form {
            FlatForm::Comma | FlatForm::After => vec![format!("Unit {}", p.flat), bn, name],
            FlatForm::Slash | FlatForm::Plain => vec![format!("Unit {} {bn}", p.flat), name],
        },
        (PropKind::Block, Some(bn)) => {
            let mut v = match form {
                FlatForm::Comma => vec![format!("Flat {}", p.flat), bn],
                FlatForm::Slash => vec![format!("{} {bn}", p.flat)],
                FlatForm::After => vec![format!("{bn} Flat {}", p.flat)],
                FlatForm::Plain => vec![format!("Flat {} {bn}", p.flat)],
            };
            if !omit_street {
                v.push(name);
            }
            v
        }
        (PropKind::Converted, _) => match form {
            FlatForm::Comma => vec![format!("Flat {}", p.flat), format!("{number} {name}")],
            FlatForm::Slash => vec![format!("{}/{number} {name}", p.flat)],
            FlatForm::After => vec![format!("{number} {name} Flat {}", p.flat)],
            FlatForm::Plain => vec![format!("Flat {} {number} {name}", p.flat)],
        },
        _ => vec![format!("{number} {name}")],
    }
}

/// Address parts, then the locality and town when given, joined by `sep`.
pub fn join(parts: &[String], locality: &str, town: Option<&str>, sep: &str) -> String {
    let mut all: Vec<&str> = parts.iter().map(|s| s.as_str()).collect();
    if !locality.is_empty() {
        all.push(locality);
    }
    if let Some(t) = town {
        all.push(t);
    }
    all.join(sep)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn a_property_takes_24_bytes() {
        assert_eq!(std::mem::size_of::<Prop>(), 24);
    }

    #[test]
    fn the_same_seed_grows_the_same_streets_at_once_or_a_home_at_a_time() {
        let whole = Borough::build(7, 1_000);
        let mut grown = Borough::new(7, 1_000);
        for homes in (1..=1_000).step_by(37) {
            grown.grow_to(homes);
        }
        grown.grow_to(1_000);
        let uprns = |b: &Borough| b.props.iter().map(|p| p.uprn).collect::<Vec<_>>();
        assert_eq!(uprns(&whole), uprns(&grown));
        assert_eq!(whole.postcodes, grown.postcodes);
        assert_eq!(whole.buildings, grown.buildings);
    }

    #[test]
    fn every_property_has_its_own_uprn_and_its_own_reference_in_each_system() {
        let b = Borough::build(3, 5_000);
        let distinct = |refs: Vec<String>| refs.iter().collect::<BTreeSet<_>>().len();
        let n = b.props.len();
        assert_eq!(
            distinct(b.props.iter().map(|p| p.uprn.to_string()).collect()),
            n
        );
        assert_eq!(
            distinct(
                b.props
                    .iter()
                    .map(crate::exports::revenues::property_ref)
                    .collect()
            ),
            n
        );
        assert_eq!(
            distinct(
                b.props
                    .iter()
                    .map(|p| crate::exports::housing::property_ref(&b, p))
                    .collect()
            ),
            n
        );
    }

    #[test]
    fn homes_have_bedrooms_and_business_units_none() {
        let b = Borough::build(5, 2_000);
        for p in &b.props {
            let rooms = bedrooms(p);
            match p.kind {
                PropKind::Unit => assert_eq!(rooms, 0),
                PropKind::House => assert!((2..=4).contains(&rooms)),
                _ => assert!((1..=2).contains(&rooms)),
            }
            assert_eq!(rooms, bedrooms(p), "a fixed function of the property");
        }
        assert!(!b.commercial.is_empty());
    }
}

//! The council's borough: streets of houses and blocks of flats handed out
//! one property at a time, each written to the gazetteer as it is made.

use crate::error::Error;
use crate::files::Sink;
use crate::random::{Rng, Stream};
use crate::text::{push_row, Enc};

const TOWN: &str = "Ashbury";
const STREET_NAMES: &[&str] = &[
    "High",
    "Church",
    "Station",
    "Mill",
    "Park",
    "Oak",
    "Elm",
    "Ash",
    "Beech",
    "Birch",
    "Cedar",
    "Chestnut",
    "Hawthorn",
    "Holly",
    "Maple",
    "Willow",
    "Victoria",
    "Albert",
    "Queens",
    "Kings",
    "Princess",
    "York",
    "Windsor",
    "Grange",
    "Manor",
    "Rectory",
    "Vicarage",
    "Meadow",
    "Orchard",
    "Brook",
    "River",
    "Spring",
    "Well",
    "Green",
    "Hill",
    "Valley",
    "Forest",
    "Heath",
    "Moor",
    "Field",
    "Market",
    "Bridge",
    "School",
    "Chapel",
    "Abbey",
    "Priory",
    "Castle",
    "Tower",
    "Nelson",
    "Wellington",
    "Churchill",
    "Shakespeare",
    "Milton",
    "Tennyson",
    "Byron",
    "Keats",
    "Wordsworth",
    "Dickens",
    "Gladstone",
    "Stanley",
    "Cromwell",
    "Harcourt",
    "Lancaster",
    "Stafford",
];
const STREET_SUFFIXES: &[&str] = &[
    "Road", "Street", "Avenue", "Close", "Lane", "Way", "Drive", "Crescent", "Gardens", "Grove",
    "Place", "Walk",
];
/// Localities; the first is the town centre (no locality line). District
/// `AS{n}` is the locality's position plus one.
const LOCALITIES: &[&str] = &[
    "",
    "Northgate",
    "Millbrook",
    "Eastfield",
    "Southmead",
    "Westbury Park",
    "Hillcrest",
    "Riverside",
    "Oakwood",
    "Brookfield",
    "Kingsmead",
    "Fairview",
];
const BLOCK_NAMES: &[&str] = &[
    "Kestrel",
    "Heron",
    "Falcon",
    "Swift",
    "Kingfisher",
    "Merlin",
    "Osprey",
    "Linnet",
    "Wren",
    "Skylark",
    "Lapwing",
    "Curlew",
    "Plover",
    "Siskin",
    "Avocet",
    "Dunlin",
];
const BLOCK_KINDS: &[&str] = &["House", "Court", "Tower", "Point"];
const POSTCODE_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

/// One addressable place.
#[derive(Debug, Clone)]
pub struct Property {
    pub uprn: u64,
    /// Address lines without the town (flat line, number and street, locality).
    pub lines: Vec<String>,
    pub postcode: String,
    pub revenues_ref: String,
    pub housing_ref: String,
    /// In a block of council flats.
    pub block: bool,
    pub bedrooms: u8,
}

impl Property {
    /// Up to `n` address lines (town last when it fits).
    pub fn address(&self, n: usize) -> Vec<String> {
        let mut lines = self.lines.clone();
        lines.push(TOWN.to_string());
        lines.truncate(n);
        lines.resize(n, String::new());
        lines
    }
}

/// A property's address parts and references before its postcode and UPRN.
struct Place {
    sao: String,
    pao: String,
    lines: Vec<String>,
    revenues_ref: String,
    housing_ref: String,
    block: bool,
    bedrooms: u8,
}

impl Place {
    fn flat_in_house(s: &Street, number: u32, flat: u32, bedrooms: u8) -> Place {
        let code = s.code % 10_000;
        Place {
            sao: format!("Flat {flat}"),
            pao: number.to_string(),
            lines: vec![format!("Flat {flat}"), format!("{number} {}", s.name)],
            revenues_ref: format!("{code:04}{number:07}/{flat}"),
            housing_ref: format!("{}{code:04}-{number:03}/{flat}", s.initials),
            block: false,
            bedrooms,
        }
    }
}

enum StreetKind {
    Houses,
    /// Blocks of flats: (block name, flats) still to hand out.
    Blocks(Vec<(String, u32)>),
}

struct Street {
    code: u64,
    name: String,
    initials: String,
    locality: usize,
    kind: StreetKind,
    next_number: u32,
    last_number: u32,
    /// Flats of a converted house still to hand out: (house number, flat, of).
    flats: Option<(u32, u32, u32)>,
    block_index: usize,
    block_flat: u32,
    postcode: String,
    postcode_left: u32,
}

/// Hands out properties street by street and writes each to the gazetteer.
pub struct Places {
    rng: Rng,
    streets: u64,
    street: Option<Street>,
    next_uprn: u64,
    postcodes: Vec<u64>,
    llpg: Sink,
    buf: Vec<u8>,
}

impl Places {
    pub fn new(seed: u64, llpg: Sink) -> Places {
        Places {
            rng: Rng::derive(seed, Stream::COUNCIL_PLACES, 0),
            streets: 0,
            street: None,
            next_uprn: 100_062_000_001,
            postcodes: vec![0; LOCALITIES.len()],
            llpg,
            buf: Vec::with_capacity(256),
        }
    }

    fn new_street(&mut self) -> Street {
        let rng = &mut self.rng;
        let k = self.streets;
        self.streets += 1;
        // Every (name, suffix, locality) once before any repeats, in a scattered order.
        let total = (STREET_NAMES.len() * STREET_SUFFIXES.len() * LOCALITIES.len()) as u64;
        let c = (k.wrapping_mul(7919).wrapping_add(31)) % total;
        let name = STREET_NAMES[(c % STREET_NAMES.len() as u64) as usize];
        let rest = c / STREET_NAMES.len() as u64;
        let suffix = STREET_SUFFIXES[(rest % STREET_SUFFIXES.len() as u64) as usize];
        let locality = (rest / STREET_SUFFIXES.len() as u64) as usize % LOCALITIES.len();
        let kind = if rng.chance(0.2) {
            let blocks = rng.range(2, 4);
            StreetKind::Blocks(
                (0..blocks)
                    .map(|_| {
                        (
                            format!("{} {}", rng.pick(BLOCK_NAMES), rng.pick(BLOCK_KINDS)),
                            rng.range(12, 36) as u32,
                        )
                    })
                    .collect(),
            )
        } else {
            StreetKind::Houses
        };
        Street {
            code: k + 1,
            name: format!("{name} {suffix}"),
            initials: format!("{}{}", &name[..1], &suffix[..1]),
            locality,
            kind,
            next_number: 1,
            last_number: rng.range(12, 90) as u32,
            flats: None,
            block_index: 0,
            block_flat: 1,
            postcode: String::new(),
            postcode_left: 0,
        }
    }

    fn postcode(&mut self, locality: usize) -> String {
        let counter = &mut self.postcodes[locality];
        let c = *counter;
        *counter += 1;
        let sector = 1 + (c / 400) % 9;
        let unit = (c % 400) as usize;
        format!(
            "AS{} {}{}{}",
            locality + 1,
            sector,
            POSTCODE_LETTERS[unit / 20] as char,
            POSTCODE_LETTERS[unit % 20] as char
        )
    }

    /// Closes the gazetteer.
    pub fn finish(self) -> Result<std::path::PathBuf, Error> {
        self.llpg.finish()
    }

    /// The next property, written to the gazetteer.
    pub fn next(&mut self) -> Result<Property, Error> {
        loop {
            if self.street.is_none() {
                let s = self.new_street();
                self.street = Some(s);
            }
            if let Some(p) = self.next_on_street()? {
                return Ok(p);
            }
            self.street = None;
        }
    }

    fn next_on_street(&mut self) -> Result<Option<Property>, Error> {
        let Some(mut s) = self.street.take() else {
            return Ok(None);
        };
        let code = s.code % 10_000;
        let place = match &s.kind {
            StreetKind::Blocks(blocks) => {
                if s.block_index >= blocks.len() {
                    None
                } else {
                    let index = s.block_index;
                    let (block, flats) = blocks[index].clone();
                    let flat = s.block_flat;
                    s.block_flat += 1;
                    if s.block_flat > flats {
                        s.block_index += 1;
                        s.block_flat = 1;
                    }
                    let block_initials: String =
                        block.split(' ').filter_map(|w| w.chars().next()).collect();
                    Some(Place {
                        sao: format!("Flat {flat}"),
                        pao: block.clone(),
                        lines: vec![format!("Flat {flat} {block}"), s.name.clone()],
                        revenues_ref: format!("{code:04}{:07}/{flat}", 9001 + index),
                        housing_ref: format!("{block_initials}{code:04}/{flat}"),
                        block: true,
                        bedrooms: if self.rng.chance(0.55) { 1 } else { 2 },
                    })
                }
            }
            StreetKind::Houses => {
                if let Some((number, flat, of)) = s.flats {
                    // The next flat of a house converted into flats.
                    s.flats = (flat < of).then_some((number, flat + 1, of));
                    Some(Place::flat_in_house(
                        &s,
                        number,
                        flat,
                        if self.rng.chance(0.6) { 1 } else { 2 },
                    ))
                } else if s.next_number > s.last_number {
                    None
                } else {
                    let number = s.next_number;
                    s.next_number += if self.rng.chance(0.05) { 2 } else { 1 };
                    if self.rng.chance(0.1) {
                        // A house converted into flats: hand out its flats first.
                        let of = self.rng.range(2, 4) as u32;
                        s.flats = Some((number, 2, of));
                        Some(Place::flat_in_house(&s, number, 1, 1))
                    } else {
                        Some(Place {
                            sao: String::new(),
                            pao: number.to_string(),
                            lines: vec![format!("{number} {}", s.name)],
                            revenues_ref: format!("{code:04}{number:07}"),
                            housing_ref: format!("{}{code:04}-{number:03}", s.initials),
                            block: false,
                            bedrooms: self.rng.range(2, 4) as u8,
                        })
                    }
                }
            }
        };
        let Some(Place {
            sao,
            pao,
            mut lines,
            revenues_ref,
            housing_ref,
            block,
            bedrooms,
        }) = place
        else {
            return Ok(None);
        };
        if s.postcode_left == 0 {
            s.postcode = self.postcode(s.locality);
            s.postcode_left = self.rng.range(10, 24) as u32;
        }
        s.postcode_left -= 1;
        let locality = LOCALITIES[s.locality];
        if !locality.is_empty() {
            lines.push(locality.to_string());
        }
        let uprn = self.next_uprn;
        self.next_uprn += 1 + self.rng.below(3);
        let p = Property {
            uprn,
            lines,
            postcode: s.postcode.clone(),
            revenues_ref,
            housing_ref,
            block,
            bedrooms,
        };
        self.buf.clear();
        let uprn_text = uprn.to_string();
        push_row(
            &mut self.buf,
            &[&uprn_text, &sao, &pao, &s.name, locality, TOWN, &p.postcode],
            b',',
            Enc::Utf8,
        );
        self.llpg.line(&self.buf)?;
        self.street = Some(s);
        Ok(Some(p))
    }
}

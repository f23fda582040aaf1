//! The council's homes: Ashbury's homes handed out one at a time in street
//! order, the borough growing a street at a time as households need homes,
//! and each new street's properties written to the gazetteer.

use std::path::PathBuf;

use crate::borough::{
    bedrooms, prop_parts, street_name, write_gazetteer, Borough, FlatForm, PropKind, TOWN,
};
use crate::error::Error;
use crate::exports::{housing, revenues};
use crate::files::Sink;
use crate::random::Rng;

/// A home as the council's systems hold it.
#[derive(Debug, Clone)]
pub struct Property {
    /// Unique Property Reference Number.
    pub uprn: u64,
    /// Address lines without the town (flat line, number and street,
    /// locality).
    pub lines: Vec<String>,
    /// Postcode.
    pub postcode: String,
    /// The revenues system's property reference.
    pub revenues_ref: String,
    /// The housing system's property reference.
    pub housing_ref: String,
    /// In a block of flats.
    pub block: bool,
    /// Bedrooms.
    pub bedrooms: u8,
}

impl Property {
    /// The address as one line of free text: `Flat 2, 12 High Street,
    /// Northgate, Ashbury`.
    pub fn one_line(&self) -> String {
        let mut lines = self.lines.clone();
        lines.push(TOWN.to_string());
        lines.join(", ")
    }

    /// Exactly `n` address lines: the lines, then the town when it fits,
    /// then empty lines.
    pub fn address(&self, n: usize) -> Vec<String> {
        let mut lines = self.lines.clone();
        lines.push(TOWN.to_string());
        lines.truncate(n);
        lines.resize(n, String::new());
        lines
    }
}

/// Hands out homes and writes the gazetteer.
pub struct Places {
    borough: Borough,
    /// Homes handed out so far.
    handed_out: usize,
    /// Business units handed out so far.
    units_handed_out: usize,
    llpg: Sink,
    /// Properties written to the gazetteer so far.
    written: usize,
}

impl Places {
    /// Ashbury planned for about `planned_homes` homes, its gazetteer going
    /// to `llpg` (header written).
    pub fn new(seed: u64, planned_homes: usize, llpg: Sink) -> Places {
        Places {
            borough: Borough::new(seed, planned_homes),
            handed_out: 0,
            units_handed_out: 0,
            llpg,
            written: 0,
        }
    }

    /// The next home in street order.
    pub fn next(&mut self) -> Result<Property, Error> {
        let b = &mut self.borough;
        b.grow_to(self.handed_out + 1);
        if b.props.len() > self.written {
            write_gazetteer(&mut self.llpg, b, self.written)?;
            self.written = b.props.len();
        }
        let index = b.residential[self.handed_out];
        self.handed_out += 1;
        Ok(self.property(index))
    }

    /// The next business unit of the streets built so far, if any is left.
    pub fn next_unit(&mut self) -> Option<Property> {
        let index = *self.borough.commercial.get(self.units_handed_out)?;
        self.units_handed_out += 1;
        Some(self.property(index))
    }

    /// A home already handed out, drawn at random: where someone lived
    /// before (someone else may live there now).
    pub fn earlier_home(&self, rng: &mut Rng) -> Property {
        let homes = &self.borough.residential[..self.handed_out.max(1)];
        self.property(homes[rng.below(homes.len() as u64) as usize])
    }

    /// An address in another town, as one line of free text, and its
    /// postcode.
    pub fn elsewhere(&self, rng: &mut Rng) -> (String, String) {
        let e = self.borough.external(rng);
        (
            format!(
                "{} {}, {}",
                e.number,
                street_name(e.stem, e.suffix, false),
                e.town
            ),
            e.postcode,
        )
    }

    /// The property at `index` as the council's systems hold it.
    fn property(&self, index: u32) -> Property {
        let b = &self.borough;
        let p = b.props[index as usize];
        let form = if p.kind == PropKind::Block {
            FlatForm::Plain
        } else {
            FlatForm::Comma
        };
        let mut lines = prop_parts(b, &p, form, false, false);
        let locality = &b.localities[usize::from(b.streets[p.street as usize].district)];
        if !locality.is_empty() {
            lines.push(locality.clone());
        }
        Property {
            uprn: p.uprn,
            lines,
            postcode: b.postcode_of(index).to_string(),
            revenues_ref: revenues::property_ref(&p),
            housing_ref: housing::property_ref(b, &p),
            block: p.kind == PropKind::Block,
            bedrooms: bedrooms(&p),
        }
    }

    /// Closes the gazetteer.
    pub fn finish(self) -> Result<PathBuf, Error> {
        self.llpg.finish()
    }
}

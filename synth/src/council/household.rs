//! A council household: who is liable, where they live, whether they rent
//! from the council, whether and when they moved within the extract, how
//! reliably they pay, and their council tax support.

use chrono::NaiveDate;

use super::people::Person;
use super::places::{Places, Property};
use crate::dates::{ymd, AS_OF};
use crate::error::Error;
use crate::ledger::Profile;
use crate::random::Rng;

/// One household of the council.
pub struct Household {
    /// The lead liable person and lead tenant.
    pub lead: Person,
    /// A partner: joint liable, joint tenant.
    pub partner: Option<Person>,
    /// Where they live now.
    pub home: Property,
    /// Council tenants.
    pub tenant: bool,
    /// The day they moved in, when in the extract.
    pub moved_in: Option<NaiveDate>,
    /// Their previous home in the borough, when they moved within it.
    pub previous: Option<Property>,
    /// Council tenants who moved from one council home to another.
    pub transfer: bool,
    /// How reliably they pay.
    pub profile: Profile,
    /// Council tax support, percent of the bill.
    pub support_percent: i64,
}

/// Draws the next household, housing it in the next property.
pub fn household(rng: &mut Rng, places: &mut Places) -> Result<Household, Error> {
    let age = match rng.weighted(&[14, 28, 27, 10, 14, 7]) {
        0 => rng.range(19, 29),
        1 => rng.range(30, 44),
        2 => rng.range(45, 59),
        3 => rng.range(60, 66),
        4 => rng.range(67, 79),
        _ => rng.range(80, 95),
    };
    let female = rng.chance(0.52);
    let partnered = rng.chance(if age >= 80 { 0.35 } else { 0.5 });
    let lead = Person::new(rng, female, age, None, partnered);
    let partner = if partnered {
        let partner_female = if rng.chance(0.92) { !female } else { female };
        let partner_age = (age + rng.range(-6, 6)).clamp(18, 99);
        let surname = rng.chance(0.75).then_some(lead.surname);
        Some(Person::new(rng, partner_female, partner_age, surname, true))
    } else {
        None
    };
    let home = places.next()?;
    let tenant = rng.chance(if home.block { 0.7 } else { 0.24 });
    // Adults only: someone under 18 in April 2023 moved in (from their
    // parents' home) later.
    let adult = lead.adult_from();
    let moved_in = if adult > ymd(2023, 4, 1) {
        Some(rng.date_between(adult.max(ymd(2023, 5, 1)), ymd(2026, 9, 30)))
    } else {
        // Council tenants move less often than other households.
        rng.chance(if tenant { 0.1 } else { 0.16 })
            .then(|| rng.date_between(ymd(2023, 5, 1), ymd(2026, 9, 30)))
    };
    let previous = if moved_in.is_some() && adult < ymd(2022, 4, 1) && rng.chance(0.6) {
        Some(places.next()?)
    } else {
        None
    };
    let transfer = tenant && previous.is_some() && rng.chance(0.5);
    let profile = if tenant {
        Profile::from_weights(rng, &[55, 30, 15])
    } else {
        Profile::pick(rng)
    };
    let support_percent = support_percent(rng, lead.age_on(AS_OF) >= 67, tenant);
    Ok(Household {
        lead,
        partner,
        home,
        tenant,
        moved_in,
        previous,
        transfer,
        profile,
        support_percent,
    })
}

/// Council tax support: most often for pensioners (45%) and working-age
/// council tenants (40%), now and then for anyone else (5%).
fn support_percent(rng: &mut Rng, pensioner: bool, tenant: bool) -> i64 {
    if pensioner && rng.chance(0.45) {
        *rng.pick(&[100, 100, 75, 50])
    } else if !pensioner && tenant && rng.chance(0.4) {
        *rng.pick(&[80, 80, 60, 40])
    } else if rng.chance(0.05) {
        *rng.pick(&[80, 50, 25])
    } else {
        0
    }
}

/// A property's council tax band (0 = A): flats low, houses spread.
pub fn band_for(rng: &mut Rng, p: &Property) -> usize {
    if p.block {
        rng.weighted(&[60, 35, 5])
    } else if p.bedrooms <= 1 {
        rng.weighted(&[55, 35, 10])
    } else {
        rng.weighted(&[12, 22, 24, 18, 12, 7, 4, 1])
    }
}

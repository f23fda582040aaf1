//! A council household: the people who live together (drawn as the
//! evaluation set's are, [`crate::households`]), where they live, whether
//! they rent from the council, whether and when they moved within the
//! extract, how reliably they pay, and their council tax support.

use chrono::NaiveDate;

use super::places::{Places, Property};
use crate::dates::{ymd, AS_OF};
use crate::error::Error;
use crate::households::{compose, Member, Rel};
use crate::ledger::Profile;
use crate::names::Names;
use crate::random::Rng;

/// One household of the council.
pub struct Household {
    /// Everyone who lives there, the head first: the lead liable person
    /// and lead tenant.
    pub members: Vec<Member>,
    /// The head's partner, if any: joint liable, joint tenant.
    pub partner: Option<usize>,
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

impl Household {
    /// The head of the household.
    pub fn lead(&self) -> &Member {
        &self.members[0]
    }

    /// The head's partner.
    pub fn partner(&self) -> Option<&Member> {
        self.partner.map(|i| &self.members[i])
    }

    /// Adults on the as-of date: one alone may claim the single person
    /// discount.
    pub fn adults(&self) -> usize {
        self.members
            .iter()
            .filter(|m| m.age_on(AS_OF) >= 18)
            .count()
    }
}

/// Draws the next household, housing it in the next property.
pub fn household(rng: &mut Rng, names: &Names, places: &mut Places) -> Result<Household, Error> {
    let members = compose(rng, names, u64::MAX).members;
    let partner = members.iter().position(|m| m.rel == Rel::Partner);
    let home = places.next()?;
    // About 35% of households rent from the council: 70% in blocks of
    // flats (15% of homes), 29% elsewhere.
    let tenant = rng.chance(if home.block { 0.7 } else { 0.29 });
    // Someone under 18 in April 2023 moved in (from their parents' home)
    // later.
    let adult = members[0].of_age();
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
    let support_percent = support_percent(rng, members[0].age_on(AS_OF) >= 67, tenant);
    Ok(Household {
        members,
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

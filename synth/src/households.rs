//! Households: the people who live together, how they are related, and
//! when people come of age and move.
//!
//! Households are single adults (33%), couples (26%; 72% of married couples
//! share a surname, and 22% of married partners have a maiden name they
//! used before), couples with 1-3 grown-up children (17%; a tenth of grown
//! sons share their father's forename), single parents with grown-up
//! children (10%), sharers / lodgers (8%), and couples with an elderly
//! parent (6%).

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::dates::AS_OF;
use crate::names::{nicknames, Names};
use crate::random::Rng;

/// How a member is related to the household's head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rel {
    /// The head.
    Head,
    /// The head's partner.
    Partner,
    /// A grown-up child.
    Child,
    /// A sharer or lodger.
    Lodger,
    /// The head's elderly parent.
    Parent,
}

/// The part a person plays on an account or a record. The codes are those
/// the batch reads (debt-batch's `records::Role`); they are spelt out here
/// rather than imported so that this crate depends on nothing of the batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Lead liable person (council tax, business rates).
    Lead,
    /// Joint liable person.
    Joint,
    /// Tenant.
    Tenant,
    /// Joint tenant.
    JointTenant,
    /// Benefit claimant.
    Claimant,
    /// Sundry debtor.
    Debtor,
    /// Registered keeper of a vehicle.
    Keeper,
    /// The subject of a notice or statement.
    Subject,
}

impl Role {
    /// The role's code, as the batch reads it.
    pub fn name(self) -> &'static str {
        match self {
            Role::Lead => "lead_liable",
            Role::Joint => "joint_liable",
            Role::Tenant => "tenant",
            Role::JointTenant => "joint_tenant",
            Role::Claimant => "claimant",
            Role::Debtor => "debtor",
            Role::Keeper => "keeper",
            Role::Subject => "subject",
        }
    }

    /// The short tag a record id ends in.
    pub fn tag(self) -> &'static str {
        match self {
            Role::Lead => "lead",
            Role::Joint | Role::JointTenant => "joint",
            Role::Tenant => "tenant",
            Role::Claimant => "claimant",
            Role::Debtor => "debtor",
            Role::Keeper => "keeper",
            Role::Subject => "subject",
        }
    }
}

/// One person of a household.
#[derive(Debug, Clone)]
pub struct Member {
    /// The person's number in the data set (1, 2 ...), set by the generator.
    pub id: u64,
    /// Sex, for forename and title.
    pub female: bool,
    /// Forename.
    pub forename: &'static str,
    /// Middle initial.
    pub middle: Option<char>,
    /// Surname (an index into the name table).
    pub surname: u32,
    /// The surname before marriage, used on records at her old address.
    pub maiden: Option<u32>,
    /// Date of birth.
    pub dob: NaiveDate,
    /// National Insurance number.
    pub nino: String,
    /// Mr, Mrs, Ms, Miss, Dr.
    pub title: &'static str,
    /// The short form this person goes by in informal systems.
    pub nickname: Option<&'static str>,
    /// Relation to the head.
    pub rel: Rel,
    /// Debts: 0 none, 1 low, 2 high.
    pub debt: u8,
    /// A previous address of this person alone (lodger, partner, maiden).
    pub own_old: Option<u32>,
}

impl Member {
    /// Age in whole years on `d`.
    pub fn age_on(&self, d: NaiveDate) -> i32 {
        let mut age = d.year() - self.dob.year();
        if (d.month(), d.day()) < (self.dob.month(), self.dob.day()) {
            age -= 1;
        }
        age
    }

    /// The day they turned (or turn) 18.
    pub fn of_age(&self) -> NaiveDate {
        of_age(self.dob)
    }
}

/// A household's people.
pub struct Composition {
    /// The head first.
    pub members: Vec<Member>,
    /// The head and partner are married.
    pub married: bool,
    /// Grown-up sons given their father's forename.
    pub father_son: u64,
}

/// Draws one person of `age`, with `surname` or one drawn by frequency.
pub fn draw_member(
    rng: &mut Rng,
    names: &Names,
    female: bool,
    age: i64,
    surname: Option<u32>,
    rel: Rel,
    partnered: bool,
) -> Member {
    let forename = names.pick_forename(rng, female);
    let title = if rng.chance(0.012) {
        "Dr"
    } else if !female {
        "Mr"
    } else if partnered && rng.chance(0.7) {
        "Mrs"
    } else if rng.chance(0.5) {
        "Ms"
    } else {
        "Miss"
    };
    let nicks = nicknames(forename);
    let nickname = (!nicks.is_empty() && rng.chance(0.25)).then(|| *rng.pick(nicks));
    let debt = match rng.weighted(&[45, 35, 20]) {
        0 => 0,
        1 => 1,
        _ => 2,
    };
    Member {
        id: 0,
        female,
        forename,
        middle: rng
            .chance(0.5)
            .then(|| (b'A' + rng.below(26) as u8) as char),
        surname: surname.unwrap_or_else(|| names.pick_surname(rng)),
        maiden: None,
        dob: dob_for_age(rng, age),
        nino: new_nino(rng),
        title,
        nickname,
        rel,
        debt,
        own_old: None,
    }
}

/// Draws a household of at most `remaining` people (at least one).
pub fn compose(rng: &mut Rng, names: &Names, remaining: u64) -> Composition {
    let kind = rng.weighted(&[33, 26, 17, 10, 8, 6]);
    let mut c = Composition {
        members: Vec::with_capacity(5),
        married: false,
        father_son: 0,
    };
    match kind {
        0 => {
            let female = rng.chance(0.52);
            let age = 18 + rng.range(0, 49) + rng.range(0, 24);
            c.members
                .push(draw_member(rng, names, female, age, None, Rel::Head, false));
        }
        1 | 2 | 5 => couple(rng, names, kind, remaining, &mut c),
        3 => {
            let female = rng.chance(0.8);
            let head_age = rng.range(36, 60);
            let head = draw_member(rng, names, female, head_age, None, Rel::Head, false);
            let surname = head.surname;
            c.members.push(head);
            for _ in 0..rng.range(1, 2) {
                let age = rng.range(16, (head_age - 18).min(30));
                let s = if rng.chance(0.8) { Some(surname) } else { None };
                let female = rng.chance(0.5);
                c.members
                    .push(draw_member(rng, names, female, age, s, Rel::Child, false));
            }
        }
        _ => {
            for i in 0..rng.range(2, 4) {
                let age = rng.range(19, 45);
                let rel = if i == 0 { Rel::Head } else { Rel::Lodger };
                let female = rng.chance(0.5);
                c.members
                    .push(draw_member(rng, names, female, age, None, rel, false));
            }
        }
    }
    // Never more people than asked for.
    let keep = c.members.len().min(remaining as usize).max(1);
    c.members.truncate(keep);
    c
}

/// A couple (`kind` 1), with grown-up children (2) or with the head's
/// elderly parent (5).
fn couple(rng: &mut Rng, names: &Names, kind: usize, remaining: u64, c: &mut Composition) {
    let (lo, hi) = match kind {
        1 => (20, 88),
        2 => (38, 66),
        _ => (35, 58),
    };
    let head_age = rng.range(lo, hi);
    let same_sex = rng.chance(0.04);
    let head = draw_member(rng, names, false, head_age, None, Rel::Head, true);
    c.married = !same_sex && rng.chance(0.72);
    let partner_age = (head_age + 6 - rng.range(0, 10)).max(18);
    let partner_surname = c.married.then_some(head.surname);
    let mut partner = draw_member(
        rng,
        names,
        !same_sex,
        partner_age,
        partner_surname,
        Rel::Partner,
        true,
    );
    let head_surname = head.surname;
    let head_forename = head.forename;
    c.members.push(head);
    if c.married && rng.chance(0.22) && remaining >= 2 {
        partner.maiden = Some(names.pick_surname(rng));
    }
    c.members.push(partner);
    if kind == 2 {
        let kids = rng.range(1, 3);
        for _ in 0..kids {
            let max_age = (head_age - 20).min(32);
            let age = rng.range(16, max_age.max(16));
            let female = rng.chance(0.5);
            let surname = if c.married || rng.chance(0.7) {
                Some(head_surname)
            } else {
                None
            };
            let mut kid = draw_member(rng, names, female, age, surname, Rel::Child, false);
            if !female && age >= 18 && rng.chance(0.1) {
                kid.forename = head_forename;
                kid.nickname = None;
                c.father_son += 1;
            }
            c.members.push(kid);
        }
    } else if kind == 5 {
        let age = (head_age + 24 + rng.range(0, 9)).min(98);
        let female = rng.chance(0.7);
        c.members.push(draw_member(
            rng,
            names,
            female,
            age,
            Some(head_surname),
            Rel::Parent,
            false,
        ));
    }
}

/// A date of birth for someone `age` on the as-of date.
pub fn dob_for_age(rng: &mut Rng, age: i64) -> NaiveDate {
    let year = AS_OF.year() - age as i32;
    let base = NaiveDate::from_ymd_opt(year, 11, 20).unwrap_or(AS_OF);
    base.checked_sub_days(Days::new(rng.below(365)))
        .unwrap_or(base)
}

/// A National Insurance number of the valid form: two prefix letters (not
/// D, F, I, Q, U or V; the second not O; not BG, GB, NK, KN, TN, NT or
/// ZZ), six digits, a suffix A to D.
pub fn new_nino(rng: &mut Rng) -> String {
    const FIRST: &[u8] = b"ABCEGHJKLMNOPRSTWXYZ";
    const SECOND: &[u8] = b"ABCEGHJKLMNPRSTWXYZ";
    loop {
        let a = *rng.pick(FIRST) as char;
        let b = *rng.pick(SECOND) as char;
        let prefix: String = [a, b].iter().collect();
        if matches!(
            prefix.as_str(),
            "BG" | "GB" | "NK" | "KN" | "TN" | "NT" | "ZZ"
        ) {
            continue;
        }
        let digits = rng.below(1_000_000);
        let suffix = (b'A' + rng.below(4) as u8) as char;
        return format!("{prefix}{digits:06}{suffix}");
    }
}

/// The day someone born on `dob` turned 18: nobody is liable for council
/// tax (Local Government Finance Act 1992 s.6) or holds a legal tenancy
/// before it, so no period starts earlier.
pub fn of_age(dob: NaiveDate) -> NaiveDate {
    dob.checked_add_months(Months::new(18 * 12)).unwrap_or(dob)
}

/// `from`, or the holder's 18th birthday if that is later.
pub fn adult_from(from: NaiveDate, dob: NaiveDate) -> NaiveDate {
    from.max(of_age(dob))
}

/// `days` before `date` (the date itself should that leave the calendar).
pub fn days_before(date: NaiveDate, days: i64) -> NaiveDate {
    date.checked_sub_days(Days::new(days.unsigned_abs()))
        .unwrap_or(date)
}

/// `days` after `date`, never past the as-of date.
pub fn days_after(date: NaiveDate, days: i64) -> NaiveDate {
    date.checked_add_days(Days::new(days.unsigned_abs()))
        .unwrap_or(date)
        .min(AS_OF)
}

/// When the new liability starts after the old one ends on `moved_on`:
/// the next day, within a fortnight, after an empty spell of up to two
/// months, up to a fortnight before the old account was closed (a late
/// notice), or months later (a stay elsewhere in between), by `weights`
/// (the standard profile's are 55, 25, 10, 5 and 5%).
pub fn move_in(rng: &mut Rng, moved_on: NaiveDate, weights: &[u32; 5]) -> NaiveDate {
    match rng.weighted(weights) {
        0 => days_after(moved_on, 1),
        1 => days_after(moved_on, rng.range(2, 14)),
        2 => days_after(moved_on, rng.range(15, 60)),
        3 => days_before(moved_on, rng.range(0, 14)),
        _ => days_after(moved_on, rng.range(61, 365)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::ymd;
    use crate::random::Stream;

    #[test]
    fn someone_born_on_29_february_comes_of_age_on_28_february() {
        assert_eq!(of_age(ymd(2008, 2, 29)), ymd(2026, 2, 28));
        assert_eq!(
            adult_from(ymd(2020, 1, 1), ymd(1990, 5, 5)),
            ymd(2020, 1, 1)
        );
        assert_eq!(
            adult_from(ymd(2020, 1, 1), ymd(2005, 5, 5)),
            ymd(2023, 5, 5)
        );
    }

    #[test]
    fn age_is_counted_in_whole_years_to_the_birthday() {
        let names = Names::new();
        let mut rng = Rng::derive(2, Stream::PERSONS_HOUSEHOLD, 0);
        let mut m = draw_member(&mut rng, &names, true, 40, None, Rel::Head, false);
        m.dob = ymd(1986, 11, 21);
        assert_eq!(m.age_on(AS_OF), 39);
        m.dob = ymd(1986, 11, 20);
        assert_eq!(m.age_on(AS_OF), 40);
    }

    #[test]
    fn a_household_never_has_more_people_than_remain_to_be_made() {
        let names = Names::new();
        for h in 0..200 {
            let mut rng = Rng::derive(5, Stream::PERSONS_HOUSEHOLD, h);
            let c = compose(&mut rng, &names, 2);
            assert!((1..=2).contains(&c.members.len()));
            assert_eq!(c.members[0].rel, Rel::Head);
        }
    }

    #[test]
    fn ninos_have_the_valid_form() {
        let mut rng = Rng::derive(1, Stream::PERSONS_HOUSEHOLD, 0);
        for _ in 0..500 {
            let n = new_nino(&mut rng);
            let b = n.as_bytes();
            assert_eq!(b.len(), 9, "{n}");
            assert!(
                !b"DFIQUV".contains(&b[0]) && !b"DFIOQUV".contains(&b[1]),
                "{n}"
            );
            assert!(b[2..8].iter().all(u8::is_ascii_digit) && (b'A'..=b'D').contains(&b[8]));
        }
    }
}

//! One household of the evaluation set, in named steps: who they are, where
//! they live and lived, when they moved, and which records each system
//! holds of each of them.

use chrono::{Datelike, NaiveDate};

use super::records::{Beside, Identifiers, Source, Spec};
use super::Generator;
use crate::borough::{Addr, PropKind};
use crate::dates::AS_OF;
use crate::error::Error;
use crate::households::{
    adult_from, compose, days_after, days_before, move_in, of_age, Member, Rel, Role,
};
use crate::noise::Noise;
use crate::random::{Rng, Stream};

/// Where a household lives, and where it lived.
struct Placement {
    /// Moved out of the borough.
    away: bool,
    /// Its home in the borough (none when away).
    home: Option<u32>,
    /// Moved (within the borough, or away).
    moved: bool,
    /// The home it moved from.
    old: Option<u32>,
    /// Council tenants at home.
    tenant: bool,
    /// Council tenants at the old home.
    old_tenant: bool,
    /// Where they live now, as a record would give it.
    current: Addr,
}

/// The household's liability and tenancy periods.
struct Periods {
    /// The day they left the old home.
    moved_on: NaiveDate,
    /// The day their liability at home began.
    since: NaiveDate,
    /// The day their liability at the old home began.
    old_since: NaiveDate,
    /// For each member with a home of their own before: when they became
    /// liable there, when they left it, and when they joined this
    /// household's account.
    own_moves: Vec<(NaiveDate, NaiveDate, NaiveDate)>,
}

/// A household being planned: its people, places and periods, and the
/// records planned so far.
struct Plan {
    members: Vec<Member>,
    place: Placement,
    periods: Periods,
    partner_index: Option<usize>,
    second_sharer: Option<usize>,
    specs: Vec<Spec>,
}

impl Plan {
    /// A record of `member` in `source`.
    fn spec(&self, member: usize, source: Source, role: Role, account: u64, addr: Addr) -> Spec {
        Spec {
            member,
            source,
            role,
            account,
            addr,
            forwarding: None,
            surname: self.members[member].surname,
            occupied: None,
            extra: false,
        }
    }

    /// The forwarding address someone leaves: where they live now, when
    /// that is known.
    fn forwarding_to_current(&self) -> Option<Addr> {
        Some(self.place.current.clone()).filter(|c| !matches!(c, Addr::Missing))
    }

    /// When member `i` became liable at home.
    fn joined(&self, i: usize) -> NaiveDate {
        if self.members[i].own_old.is_some() {
            self.periods.own_moves[i].2
        } else {
            adult_from(self.periods.since, self.members[i].dob)
        }
    }
}

impl Generator<'_> {
    /// Generates household `h` and writes its records and truth.
    pub(super) fn household(&mut self, h: u64) -> Result<(), Error> {
        let mut rng = Rng::derive(self.seed, Stream::PERSONS_HOUSEHOLD, h);
        let rng = &mut rng;
        let composition = compose(rng, self.names, self.people - self.made);
        let mut members = composition.members;
        for m in &mut members {
            self.made += 1;
            m.id = self.made;
        }
        for _ in 0..composition.father_son {
            self.count(Noise::FatherSon);
        }
        let married = composition.married;
        let place = self.place(rng);
        self.plant_namesake(rng, &mut members, married, place.home);
        self.own_old_homes(rng, &mut members, married, &place);
        // Liability and tenancy periods, drawn from a stream of their own so
        // that everything else about the household is as without them.
        let mut when = Rng::derive(self.seed, Stream::PERSONS_PERIODS, h);
        let periods = periods(&mut when, &members, place.moved, &self.mix.move_weights);
        let mut plan = Plan {
            partner_index: members.iter().position(|m| m.rel == Rel::Partner),
            second_sharer: members.iter().position(|m| m.rel == Rel::Lodger),
            members,
            place,
            periods,
            specs: Vec::new(),
        };
        self.home_records(rng, &mut plan);
        self.old_home_records(rng, &mut plan);
        self.own_old_records(rng, &mut plan);
        for i in 0..plan.members.len() {
            self.other_records(rng, &mut when, &mut plan, i);
        }
        // Identifiers beside the name, and records beyond the standard
        // draw, come from streams of their own.
        let mut ids = Rng::derive(self.seed, Stream::PERSONS_IDENTIFIERS, h);
        let mut extra = Rng::derive(self.seed, Stream::PERSONS_EXTRA, h);
        let idents: Vec<Identifiers> = plan
            .members
            .iter()
            .map(|_| Identifiers::draw(&mut ids))
            .collect();
        let records = self.cap_records(rng, &mut ids, &plan);
        // Render and write, system by system in the order planned.
        let home = plan.place.home;
        let current = plan.place.current.clone();
        for s in &records {
            let mut beside = Beside {
                ids: &mut ids,
                idents: &idents[s.member],
                current: &current,
            };
            let m = &plan.members[s.member];
            if s.extra {
                self.write_record(&mut extra, s, m, home, &mut beside)?;
            } else {
                self.write_record(rng, s, m, home, &mut beside)?;
            }
        }
        self.write_truth(&plan.members, home)?;
        self.remember_neighbour(&plan.members, home);
        Ok(())
    }

    /// Where they live: away (2%), else the next free home; moved (18%, and
    /// all who went away) from a home anywhere in the borough; council
    /// tenants by the kind of home (blocks 70%, converted flats 35%, houses
    /// 15%), and at the old home 35%.
    fn place(&mut self, rng: &mut Rng) -> Placement {
        let away = rng.chance(0.02);
        let home = if away {
            None
        } else {
            Some(self.next_home(rng))
        };
        let moved = away || rng.chance(0.18);
        let old = moved.then(|| self.borough.random_home(rng, home));
        let away_addr = away.then(|| self.borough.external(rng));
        let tenant = match home {
            Some(p) => rng.chance(match self.borough.props[p as usize].kind {
                PropKind::Block => 0.7,
                PropKind::Converted => 0.35,
                _ => 0.15,
            }),
            None => false,
        };
        let old_tenant = moved && rng.chance(0.35);
        let current = match (home, away_addr) {
            (Some(p), _) => Addr::Prop(p),
            (None, Some(e)) => Addr::External(e),
            (None, None) => Addr::Missing,
        };
        Placement {
            away,
            home,
            moved,
            old,
            tenant,
            old_tenant,
            current,
        }
    }

    /// Namesakes: the head takes the name of the head next door on the same
    /// postcode (5%, when that name is one of the hundred commonest), and a
    /// married partner the surname too.
    fn plant_namesake(
        &mut self,
        rng: &mut Rng,
        members: &mut [Member],
        married: bool,
        home: Option<u32>,
    ) {
        let (Some(p), Some(prev)) = (home, &self.prev) else {
            return;
        };
        if !(self.names.is_common(prev.surname)
            && self.borough.props[p as usize].postcode == prev.postcode
            && rng.chance(self.mix.namesake))
        {
            return;
        }
        let (forename, surname, female) = (prev.forename, prev.surname, prev.female);
        if let Some(head) = members.first_mut() {
            head.forename = forename;
            head.surname = surname;
            head.female = female;
            head.nickname = None;
            head.title = if female { "Ms" } else { "Mr" };
            self.count(Noise::Namesake);
        }
        if married {
            if let Some(partner) = members.get_mut(1) {
                partner.surname = surname;
            }
        }
    }

    /// Homes of their own before: every partner with a maiden name, a third
    /// of lodgers, a quarter of unmarried partners. Counts who moved.
    fn own_old_homes(
        &mut self,
        rng: &mut Rng,
        members: &mut [Member],
        married: bool,
        place: &Placement,
    ) {
        for m in members.iter_mut() {
            let individual = match m.rel {
                Rel::Lodger => rng.chance(0.33),
                Rel::Partner => !married && rng.chance(0.25),
                _ => false,
            };
            if m.maiden.is_some() {
                m.own_old = Some(self.borough.random_home(rng, place.home));
                self.count(Noise::Maiden);
            } else if individual {
                m.own_old = Some(self.borough.random_home(rng, place.home));
            }
        }
        for m in members.iter() {
            if place.away {
                self.count(Noise::MovedAway);
            } else if place.moved || m.own_old.is_some() {
                self.count(Noise::MovedWithin);
            }
        }
    }

    /// At home: the council tax account (lead, and a joint party: the
    /// partner 70%, else a sharer 35%) and, for council tenants, the
    /// tenancy (a joint tenant 60%).
    fn home_records(&mut self, rng: &mut Rng, plan: &mut Plan) {
        let Some(p) = plan.place.home else {
            return;
        };
        let account = self.next_ref(Source::Ctax);
        let mut lead = plan.spec(0, Source::Ctax, Role::Lead, account, Addr::Prop(p));
        lead.occupied = Some((plan.periods.since, None));
        plan.specs.push(lead);
        let joint_party = match (plan.partner_index, plan.second_sharer) {
            (Some(pi), _) => rng.chance(0.7).then_some(pi),
            (None, Some(si)) => rng.chance(0.35).then_some(si),
            (None, None) => None,
        };
        if let Some(j) = joint_party {
            let mut joint = plan.spec(j, Source::Ctax, Role::Joint, account, Addr::Prop(p));
            joint.occupied = Some((plan.joined(j), None));
            plan.specs.push(joint);
        }
        if !plan.place.tenant {
            return;
        }
        let account = self.next_ref(Source::Rent);
        let mut lead = plan.spec(0, Source::Rent, Role::Tenant, account, Addr::Prop(p));
        lead.occupied = Some((plan.periods.since, None));
        plan.specs.push(lead);
        if let Some(pi) = plan.partner_index.or(plan.second_sharer) {
            if rng.chance(0.6) {
                let mut joint =
                    plan.spec(pi, Source::Rent, Role::JointTenant, account, Addr::Prop(p));
                joint.occupied = Some((plan.joined(pi), None));
                plan.specs.push(joint);
            }
        }
    }

    /// At the old home: the closed council tax account (the revenues system
    /// holds the forwarding address half the time; the partner joint 60%,
    /// if of age there) and, for 60% of former council tenants, the former
    /// tenancy with the forwarding address the tenant left (none for 12%).
    fn old_home_records(&mut self, rng: &mut Rng, plan: &mut Plan) {
        let Some(o) = plan.place.old else {
            return;
        };
        let Periods {
            moved_on,
            old_since,
            ..
        } = plan.periods;
        let account = self.next_ref(Source::Ctax);
        let forwarding = (rng.chance(self.mix.forwarding)
            && !matches!(plan.place.current, Addr::Missing))
        .then(|| plan.place.current.clone());
        let mut closed = plan.spec(0, Source::Ctax, Role::Lead, account, Addr::Prop(o));
        closed.forwarding = forwarding.clone();
        closed.occupied = Some((old_since, Some(moved_on)));
        plan.specs.push(closed);
        let partner_moved = plan
            .partner_index
            .filter(|pi| plan.members[*pi].own_old.is_none());
        // The partner was liable at the old home from when they came of
        // age; one still a minor when the household left was not.
        let partner_from = partner_moved
            .map(|pi| adult_from(old_since, plan.members[pi].dob))
            .filter(|from| *from <= moved_on);
        if let Some(pi) = partner_moved {
            if let (true, Some(from)) = (rng.chance(0.6), partner_from) {
                let mut joint = plan.spec(pi, Source::Ctax, Role::Joint, account, Addr::Prop(o));
                joint.forwarding = forwarding.clone();
                joint.occupied = Some((from, Some(moved_on)));
                plan.specs.push(joint);
            }
        }
        if !(plan.place.old_tenant && rng.chance(0.6)) {
            return;
        }
        let account = self.next_ref(Source::Fta);
        let forwarding = if rng.chance(self.mix.fta_forwarding_missing) {
            None
        } else {
            plan.forwarding_to_current()
        };
        let mut tenant = plan.spec(0, Source::Fta, Role::Tenant, account, Addr::Prop(o));
        tenant.forwarding = forwarding.clone();
        tenant.occupied = Some((old_since, Some(moved_on)));
        plan.specs.push(tenant);
        if let Some(pi) = partner_moved {
            if let (true, Some(from)) = (rng.chance(0.4), partner_from) {
                let mut joint =
                    plan.spec(pi, Source::Fta, Role::JointTenant, account, Addr::Prop(o));
                joint.forwarding = forwarding;
                joint.occupied = Some((from, Some(moved_on)));
                plan.specs.push(joint);
            }
        }
    }

    /// At a member's own old home: under a maiden name, a council tax,
    /// benefits, parking or former tenancy record from before the marriage;
    /// else a closed council tax account of their own (60%).
    fn own_old_records(&mut self, rng: &mut Rng, plan: &mut Plan) {
        for i in 0..plan.members.len() {
            let Some(own) = plan.members[i].own_old else {
                continue;
            };
            let (own_from, left, _) = plan.periods.own_moves[i];
            if let Some(maiden) = plan.members[i].maiden {
                let (source, role) = match rng.weighted(&[45, 20, 15, 20]) {
                    0 => (Source::Ctax, Role::Lead),
                    1 => (Source::Hbop, Role::Claimant),
                    2 => (Source::Pcn, Role::Keeper),
                    _ => (Source::Fta, Role::Tenant),
                };
                let account = self.next_ref(source);
                let mut s = plan.spec(i, source, role, account, Addr::Prop(own));
                s.surname = maiden;
                if matches!(source, Source::Ctax | Source::Fta) {
                    s.occupied = Some((own_from, Some(left)));
                }
                if source == Source::Fta {
                    // A former tenancy of her own home, with her forwarding
                    // address: where she lives now.
                    s.forwarding = plan.forwarding_to_current();
                }
                plan.specs.push(s);
            } else if rng.chance(0.6) {
                let account = self.next_ref(Source::Ctax);
                let mut s = plan.spec(i, Source::Ctax, Role::Lead, account, Addr::Prop(own));
                s.occupied = Some((own_from, Some(left)));
                plan.specs.push(s);
            }
        }
    }

    /// Member `i`'s records in the other systems, more for people with
    /// debts: a sole trader's business rates account, a benefit
    /// overpayment, sundry debts, parking penalties, a breathing space
    /// notice, a vulnerability flag, an income and expenditure statement.
    fn other_records(&mut self, rng: &mut Rng, when: &mut Rng, plan: &mut Plan, i: usize) {
        let m = &plan.members[i];
        let debt = usize::from(m.debt);
        let age = AS_OF.year() - m.dob.year();
        let old_addr = m.own_old.or(plan.place.old);
        let current = plan.place.current.clone();
        // The address a free-text system holds: usually where they live.
        let stale_factor = self.mix.stale;
        let free_addr = |rng: &mut Rng, stale: f64| -> Addr {
            if let (Some(o), true) = (old_addr, rng.chance(stale * stale_factor)) {
                return Addr::Prop(o);
            }
            current.clone()
        };
        if (25..=70).contains(&age) && rng.chance(0.015) {
            let units = &self.borough.commercial;
            if !units.is_empty() {
                let unit = units[rng.below(units.len() as u64) as usize];
                let account = self.next_ref(Source::Nndr);
                let mut s = plan.spec(i, Source::Nndr, Role::Lead, account, Addr::Prop(unit));
                let from = days_before(AS_OF, when.range(60, 15 * 365));
                s.occupied = Some((adult_from(from, plan.members[i].dob), None));
                plan.specs.push(s);
            }
        }
        let hbop = [0.03, 0.12, 0.35][debt] + if age >= 60 { 0.03 } else { 0.0 };
        if rng.chance(hbop) {
            let addr = free_addr(rng, 0.35);
            let addr = if plan.place.away && matches!(addr, Addr::External(_)) {
                plan.place.old.map_or(Addr::Missing, Addr::Prop)
            } else {
                addr
            };
            let account = self.next_ref(Source::Hbop);
            plan.specs
                .push(plan.spec(i, Source::Hbop, Role::Claimant, account, addr));
        }
        let sundry = [0.05, 0.15, 0.35][debt];
        let n_sundry = u32::from(rng.chance(sundry)) + u32::from(debt == 2 && rng.chance(0.4));
        for _ in 0..n_sundry {
            let addr = free_addr(rng, 0.15);
            let account = self.next_ref(Source::Sundry);
            plan.specs
                .push(plan.spec(i, Source::Sundry, Role::Debtor, account, addr));
        }
        let pcn = 0.12 + if age < 40 { 0.05 } else { 0.0 } + if debt == 2 { 0.05 } else { 0.0 };
        let n_pcn = u32::from(rng.chance(pcn)) + u32::from(debt == 2 && rng.chance(0.2));
        for _ in 0..n_pcn {
            let addr = free_addr(rng, 0.25);
            let account = self.next_ref(Source::Pcn);
            plan.specs
                .push(plan.spec(i, Source::Pcn, Role::Keeper, account, addr));
        }
        let people_files = [
            (Source::BreathingSpace, [0.003, 0.02, 0.15][debt]),
            (
                Source::Vulnerability,
                [0.02, 0.05, 0.15][debt] + if age >= 80 { 0.05 } else { 0.0 },
            ),
            (Source::IncomeExpenditure, [0.02, 0.12, 0.45][debt]),
        ];
        for (source, rate) in people_files {
            if rng.chance(rate) {
                let account = self.next_ref(source);
                let s = plan.spec(i, source, Role::Subject, account, current.clone());
                plan.specs.push(s);
            }
        }
    }

    /// Everyone is in at least one system (a sundry debt, a parking penalty
    /// or an income and expenditure statement, one or two); nobody in more
    /// than six records. Returns the records member by member.
    fn cap_records(&mut self, rng: &mut Rng, ids: &mut Rng, plan: &Plan) -> Vec<Spec> {
        let mut records: Vec<Spec> = Vec::with_capacity(plan.specs.len() + plan.members.len());
        for i in 0..plan.members.len() {
            let mut mine: Vec<Spec> = plan
                .specs
                .iter()
                .filter(|s| s.member == i)
                .cloned()
                .collect();
            let fallback = if mine.is_empty() {
                1 + u64::from(rng.chance(0.3))
            } else {
                0
            };
            for _ in 0..fallback {
                let (source, role) = match rng.weighted(&[45, 40, 15]) {
                    0 => (Source::Sundry, Role::Debtor),
                    1 => (Source::Pcn, Role::Keeper),
                    _ => (Source::IncomeExpenditure, Role::Subject),
                };
                let account = self.next_ref(source);
                mine.push(plan.spec(i, source, role, account, plan.place.current.clone()));
            }
            // A quarter of claimants have a second overpayment on the same
            // claim (drawn apart, so that every other record is as it was).
            if let Some(claim) = mine.iter().find(|s| s.source == Source::Hbop).cloned() {
                if ids.chance(0.25) && mine.len() < 6 {
                    mine.push(Spec {
                        account: self.next_ref(Source::Hbop),
                        extra: true,
                        ..claim
                    });
                }
            }
            mine.truncate(6);
            self.per_person[mine.len()] += 1;
            records.extend(mine);
        }
        records
    }
}

/// The household's periods, from its own stream `when`. A household that
/// moved did so after its head came of age (the old account was in their
/// name), and at least a month ago.
fn periods(when: &mut Rng, members: &[Member], moved: bool, move_weights: &[u32; 5]) -> Periods {
    let head_dob = members[0].dob;
    let moved_on = days_before(AS_OF, when.range(30, 6 * 365))
        .max(days_after(of_age(head_dob), 180))
        .min(days_before(AS_OF, 30));
    let since = if moved {
        move_in(when, moved_on, move_weights)
    } else {
        days_before(AS_OF, when.range(60, 30 * 365))
    };
    let since = adult_from(since, head_dob);
    let old_since =
        adult_from(days_before(moved_on, when.range(180, 15 * 365)), head_dob).min(moved_on);
    let own_moves = members
        .iter()
        .map(|m| {
            // Moving in with a household that stays put: they left their
            // own home after its account began (within the last eight
            // years) and joined the account then.
            let left = if moved {
                moved_on
            } else {
                let earliest = since.max(days_before(AS_OF, 8 * 365));
                let span = (AS_OF - earliest).num_days().max(60);
                days_after(earliest, when.range(0, span - 30))
            };
            let joined = if moved {
                since
            } else {
                move_in(when, left, move_weights)
            };
            // Their own home was theirs only once they came of age.
            let left = left.max(of_age(m.dob));
            let own_from =
                adult_from(days_before(left, when.range(180, 10 * 365)), m.dob).min(left);
            (own_from, left, joined.max(left))
        })
        .collect();
    Periods {
        moved_on,
        since,
        old_since,
        own_moves,
    }
}

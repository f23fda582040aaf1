//! The evaluation set's records as each system writes them: names, dates
//! of birth, National Insurance numbers and addresses in each system's
//! habits, with noise, one row of `records.csv` each.

use chrono::{Datelike, NaiveDate};

use super::Generator;
use crate::borough::{join, prop_parts, street_name, Addr, FlatForm, PropKind, TOWN};
use crate::error::Error;
use crate::exports::housing::nino_written;
use crate::households::{Member, Role};
use crate::names::nicknames;
use crate::noise::{dob_typo, nino_typo, typo, Noise};
use crate::random::Rng;

/// A council system that holds person records, in the order its records
/// are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Council tax (revenues system).
    Ctax,
    /// Business rates (revenues system): sole traders.
    Nndr,
    /// Housing rent (housing system).
    Rent,
    /// Former tenant arrears (housing system).
    Fta,
    /// Housing Benefit overpayments (benefits system).
    Hbop,
    /// Sundry debts (accounts receivable).
    Sundry,
    /// Parking penalty charge notices.
    Pcn,
    /// Breathing space notices.
    BreathingSpace,
    /// Vulnerability flags.
    Vulnerability,
    /// Income and expenditure statements.
    IncomeExpenditure,
}

/// Every source, in the order of `records.csv`.
pub const SOURCES: [Source; 10] = [
    Source::Ctax,
    Source::Nndr,
    Source::Rent,
    Source::Fta,
    Source::Hbop,
    Source::Sundry,
    Source::Pcn,
    Source::BreathingSpace,
    Source::Vulnerability,
    Source::IncomeExpenditure,
];

impl Source {
    /// The source id, as in `records.csv`.
    pub fn name(self) -> &'static str {
        match self {
            Source::Ctax => "ctax",
            Source::Nndr => "nndr",
            Source::Rent => "rent",
            Source::Fta => "fta",
            Source::Hbop => "hbop",
            Source::Sundry => "sundry",
            Source::Pcn => "pcn",
            Source::BreathingSpace => "breathing_space",
            Source::Vulnerability => "vulnerability",
            Source::IncomeExpenditure => "income_expenditure",
        }
    }

    /// What `debt-batch link` reads the record as: the service of the
    /// system's accounts (as `sources.toml` names it), or the kind of
    /// people file.
    pub fn service(self) -> &'static str {
        match self {
            Source::Ctax => "council_tax",
            Source::Nndr => "business_rates",
            Source::Rent => "housing_rent",
            Source::Fta => "former_tenant_arrears",
            Source::Hbop => "housing_benefit_overpayment",
            Source::Sundry => "sundry",
            Source::Pcn => "parking_penalty",
            Source::BreathingSpace => "breathing_space",
            Source::Vulnerability => "vulnerability",
            Source::IncomeExpenditure => "income_expenditure",
        }
    }

    /// Its position in [`SOURCES`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Holds only a free-text address (no UPRN). A former tenancy's own
    /// address is the housing system's property; only its forwarding
    /// address is free text.
    pub fn free_text(self) -> bool {
        !matches!(
            self,
            Source::Ctax | Source::Nndr | Source::Rent | Source::Fta | Source::Hbop
        )
    }

    /// Informal systems, where people give the name they go by.
    pub fn informal(self) -> bool {
        matches!(
            self,
            Source::Sundry
                | Source::Rent
                | Source::Fta
                | Source::Vulnerability
                | Source::IncomeExpenditure
        )
    }
}

/// A record to write: whose, in which system, and what it holds before
/// its noise.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The member (index in the household).
    pub member: usize,
    /// The system.
    pub source: Source,
    /// Their part on it.
    pub role: Role,
    /// The account or reference number.
    pub account: u64,
    /// The address it holds.
    pub addr: Addr,
    /// A closed account's forwarding address, when the system recorded one.
    pub forwarding: Option<Addr>,
    /// The surname as it was when the record was made.
    pub surname: u32,
    /// Liability or tenancy period (revenues and housing systems).
    pub occupied: Option<(NaiveDate, Option<NaiveDate>)>,
    /// A record beyond the standard draw, rendered from a stream of its own
    /// so that every other record is as without it.
    pub extra: bool,
}

/// What a record carries beside its name and address: the person's
/// identifiers, chosen from their own random stream, and where the
/// household lives now (a sole trader's correspondence address).
pub struct Beside<'a> {
    /// The stream identifiers are chosen from.
    pub ids: &'a mut Rng,
    /// The person's identifiers.
    pub idents: &'a Identifiers,
    /// Where the household lives now.
    pub current: &'a Addr,
}

/// The identifiers a person's records may carry besides the name, drawn
/// once per person: the registrations of the vehicles they keep, their
/// customer number in the finance system, their benefit claim reference.
#[derive(Debug, Clone)]
pub struct Identifiers {
    /// Their vehicles: most penalty notices are for the first.
    pub vehicles: [String; 2],
    /// Their debtor account in the finance system.
    pub customer: String,
    /// Their housing benefit claim.
    pub claim: String,
}

impl Identifiers {
    /// Draws a person's identifiers.
    pub fn draw(rng: &mut Rng) -> Identifiers {
        let letters = |rng: &mut Rng, n: usize| -> String {
            (0..n)
                .map(|_| (b'A' + rng.below(26) as u8) as char)
                .collect()
        };
        let vehicle = |rng: &mut Rng| {
            let area = letters(rng, 2);
            let age = 10 + rng.below(65);
            let tail = letters(rng, 3);
            format!("{area}{age:02} {tail}")
        };
        Identifiers {
            vehicles: [vehicle(rng), vehicle(rng)],
            customer: format!("C{:07}", rng.below(10_000_000)),
            claim: format!("{:08}", rng.below(100_000_000)),
        }
    }
}

impl Generator<'_> {
    /// Writes one record: drawn from `rng`, its identifiers (and a sole
    /// trader's correspondence address) chosen as `beside` says.
    pub(super) fn write_record(
        &mut self,
        rng: &mut Rng,
        s: &Spec,
        m: &Member,
        home: Option<u32>,
        beside: &mut Beside<'_>,
    ) -> Result<(), Error> {
        let Beside {
            ids,
            idents,
            current,
        } = beside;
        let (ids, idents, current): (&mut Rng, &Identifiers, &Addr) = (ids, idents, current);
        let source = s.source;
        let mut addr = s.addr.clone();
        if source.free_text() && !matches!(addr, Addr::Missing) && rng.chance(0.015) {
            // A correspondence address out of the borough, or a new build
            // not yet in the gazetteer.
            addr = if rng.chance(0.6) {
                Addr::External(self.borough.external(rng))
            } else {
                self.borough.new_build(rng)
            };
        }
        if let Addr::Prop(p) = addr {
            if Some(p) != home && self.borough.props[p as usize].kind != PropKind::Unit {
                self.count(Noise::OldAddress);
            }
        }
        // Name.
        let (full_name, forename, surname) = self.render_name(rng, s, m);
        let dob = self.render_dob(rng, s, m);
        let nino = self.render_nino(rng, source, m);
        // Address: a former tenancy's is its property, as the rent account
        // gave it.
        let style = if source == Source::Fta {
            Source::Rent
        } else {
            source
        };
        let (address, postcode, true_uprn) = self.render_address(rng, style, &addr);
        let uprn = match (source, true_uprn) {
            (Source::Ctax | Source::Nndr | Source::Rent | Source::Fta, Some(u)) => u.to_string(),
            (Source::Hbop, Some(u)) => {
                if rng.chance(0.9) {
                    u.to_string()
                } else {
                    self.count(Noise::UprnMissing);
                    String::new()
                }
            }
            _ => String::new(),
        };
        if source.free_text() {
            self.free_text += 1;
            if true_uprn.is_none() {
                self.free_text_no_uprn += 1;
                if !address.is_empty() {
                    self.count(Noise::NotInGazetteer);
                }
            }
        }
        let status = match (source, &s.forwarding) {
            (Source::Fta, _) => "former",
            (_, Some(_)) => "closed",
            (Source::Ctax, None) if matches!(s.addr, Addr::Prop(p) if Some(p) != home) => "closed",
            _ => "current",
        };
        let (forwarding_address, forwarding_postcode) = match &s.forwarding {
            Some(f) => {
                let (a, p, _) = self.render_address(rng, source, f);
                (a, p)
            }
            None => (String::new(), String::new()),
        };
        let (occupied_from, occupied_to) = match s.occupied {
            Some((from, to)) => (
                from.format("%Y-%m-%d").to_string(),
                to.map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
            ),
            None => (String::new(), String::new()),
        };
        // What each system holds beside the name: a penalty notice the
        // vehicle's registration (most often the keeper's usual vehicle,
        // written without its space or in lower case now and then); a
        // sundry invoice the debtor's customer number (a quarter of
        // invoices were raised on a duplicate debtor account); an
        // overpayment the claim reference; a sole trader's rates account
        // the correspondence address, their home (60%).
        let (mut customer_ref, mut claim_ref, mut vehicle) =
            (String::new(), String::new(), String::new());
        let (mut correspondence_address, mut correspondence_postcode) =
            (String::new(), String::new());
        match source {
            Source::Pcn => {
                let v = &idents.vehicles[usize::from(!ids.chance(0.85))];
                vehicle = match ids.below(10) {
                    0 => v.replace(' ', ""),
                    1 => v.to_lowercase(),
                    _ => v.clone(),
                };
            }
            Source::Sundry => {
                customer_ref = if ids.chance(0.75) {
                    idents.customer.clone()
                } else {
                    format!("C{:07}", ids.below(10_000_000))
                };
            }
            Source::Hbop => claim_ref = idents.claim.clone(),
            Source::Nndr if ids.chance(0.6) && !matches!(current, Addr::Missing) => {
                let (a, p, _) = self.render_address(ids, Source::Nndr, current);
                (correspondence_address, correspondence_postcode) = (a, p);
            }
            _ => {}
        }
        let record_id = format!("{}:{:09}:{}", source.name(), s.account, s.role.tag());
        let true_uprn = true_uprn.map(|u| u.to_string()).unwrap_or_default();
        let person = person_id(m.id);
        self.write_row(
            source,
            &[
                record_id.as_str(),
                source.name(),
                s.role.name(),
                full_name.as_str(),
                forename.as_str(),
                surname.as_str(),
                dob.as_str(),
                nino.as_str(),
                address.as_str(),
                postcode.as_str(),
                uprn.as_str(),
                person.as_str(),
                true_uprn.as_str(),
                status,
                forwarding_address.as_str(),
                forwarding_postcode.as_str(),
                occupied_from.as_str(),
                occupied_to.as_str(),
                correspondence_address.as_str(),
                correspondence_postcode.as_str(),
                customer_ref.as_str(),
                claim_ref.as_str(),
                vehicle.as_str(),
                source.service(),
            ],
        )?;
        self.records += 1;
        Ok(())
    }

    /// The date of birth as the source holds it: how often each system has
    /// one, a day and month swapped (3% of those that can be), a one-digit
    /// typo (1%).
    fn render_dob(&mut self, rng: &mut Rng, s: &Spec, m: &Member) -> String {
        let source = s.source;
        let dob_rate = match source {
            Source::Ctax if s.role == Role::Lead => 0.4,
            Source::Rent => 0.85,
            Source::Fta => 0.8,
            Source::Hbop => 0.98,
            Source::BreathingSpace => 1.0,
            Source::Vulnerability => 0.85,
            Source::IncomeExpenditure => 0.9,
            _ => 0.0,
        };
        if rng.chance(dob_rate * self.mix.dob) {
            let mut d = m.dob;
            if d.day() <= 12 && rng.chance(0.03) && d.day() != d.month() {
                if let Some(t) = NaiveDate::from_ymd_opt(d.year(), d.day(), d.month()) {
                    d = t;
                    self.count(Noise::DobSwap);
                }
            } else if rng.chance(0.01) {
                d = dob_typo(d, rng);
                self.count(Noise::DobTypo);
            }
            d.format("%Y-%m-%d").to_string()
        } else {
            if dob_rate >= 0.8 {
                self.count(Noise::DobMissing);
            }
            String::new()
        }
    }

    /// The National Insurance number as the source holds it: how often
    /// each system has one, a one-character typo (2%), written with spaces
    /// or in lower case (half the housing system's, a tenth of others).
    fn render_nino(&mut self, rng: &mut Rng, source: Source, m: &Member) -> String {
        let nino_rate = match source {
            Source::Rent => 0.35,
            Source::Fta => 0.3,
            Source::Hbop => 0.96,
            Source::IncomeExpenditure => 0.4,
            _ => 0.0,
        };
        if rng.chance(nino_rate * self.mix.nino) {
            let mut n = m.nino.clone();
            if rng.chance(0.02) {
                n = nino_typo(&n, rng);
                self.count(Noise::NinoTypo);
            }
            let written_rate = match source {
                Source::Rent | Source::Fta => 0.5,
                _ => 0.1,
            };
            if rng.chance(written_rate) {
                self.count(Noise::NinoWritten);
                match rng.below(3) {
                    0 => nino_written(&n, true),
                    1 => n.to_lowercase(),
                    _ => nino_written(&n, true).to_lowercase(),
                }
            } else {
                n
            }
        } else {
            if nino_rate > 0.9 {
                self.count(Noise::NinoMissing);
            }
            String::new()
        }
    }

    /// (full_name, forename, surname) as the source writes them.
    fn render_name(&mut self, rng: &mut Rng, s: &Spec, m: &Member) -> (String, String, String) {
        let source = s.source;
        // Forename: nickname, initial or typo.
        let mut forename = m.forename.to_string();
        let mut initial = false;
        let nick_rate = match (m.nickname, source) {
            (Some(_), src) if src.informal() => 0.6,
            (Some(_), Source::Ctax | Source::Pcn) => 0.15,
            _ => 0.0,
        };
        let casual = nicknames(m.forename);
        if m.nickname.is_some() && rng.chance(nick_rate * self.mix.nickname) {
            forename = m.nickname.unwrap_or(m.forename).to_string();
            self.count(Noise::Nickname);
        } else if !casual.is_empty()
            && source != Source::Hbop
            && rng.chance(0.015 * self.mix.nickname)
        {
            forename = rng.pick(casual).to_string();
            self.count(Noise::Nickname);
        }
        let initial_rate = match source {
            Source::Sundry => 0.3,
            Source::Pcn => 0.08,
            Source::Nndr => 0.1,
            Source::Ctax => 0.04,
            _ => 0.01,
        };
        if rng.chance(initial_rate * self.mix.initials) {
            forename = forename.chars().take(1).collect();
            initial = true;
            self.count(Noise::InitialsOnly);
        } else if rng.chance(self.mix.forename_typo) {
            forename = typo(&forename, rng);
            self.count(Noise::ForenameTypo);
        }
        let mut surname = self.names.surname(s.surname).to_string();
        if rng.chance(self.mix.surname_typo) {
            surname = typo(&surname, rng);
            self.count(Noise::SurnameTypo);
        }
        let middle_rate = match source {
            Source::Ctax | Source::Nndr => 0.8,
            Source::Pcn => 0.6,
            Source::Hbop => 0.3,
            Source::Sundry => {
                if initial {
                    0.5
                } else {
                    0.1
                }
            }
            Source::Rent => 0.1,
            _ => 0.0,
        };
        let middle = m.middle.filter(|_| rng.chance(middle_rate));
        let with_middle = |f: &str| match middle {
            Some(c) => format!("{f} {c}"),
            None => f.to_string(),
        };
        match source {
            Source::Ctax | Source::Nndr => (
                format!(
                    "{}, {}",
                    surname.to_uppercase(),
                    with_middle(&forename).to_uppercase()
                ),
                String::new(),
                String::new(),
            ),
            Source::Hbop => {
                self.count(Noise::Title);
                (
                    format!("{} {} {}", m.title, with_middle(&forename), surname),
                    String::new(),
                    String::new(),
                )
            }
            Source::Sundry | Source::Pcn => {
                let upper = rng.chance(if source == Source::Pcn { 0.65 } else { 0.2 });
                let title = rng.chance(if source == Source::Pcn { 0.25 } else { 0.5 });
                let text = if rng.chance(0.06) {
                    self.count(Noise::NameOrder);
                    format!("{}, {}", surname, with_middle(&forename))
                } else if title {
                    self.count(Noise::Title);
                    format!("{} {} {}", m.title, with_middle(&forename), surname)
                } else {
                    format!("{} {}", with_middle(&forename), surname)
                };
                let text = if upper {
                    text.to_uppercase()
                } else if rng.chance(0.02) {
                    text.to_lowercase()
                } else {
                    text
                };
                (text, String::new(), String::new())
            }
            _ => {
                let upper = source == Source::BreathingSpace || rng.chance(0.1);
                let (mut f, mut l) = (with_middle(&forename), surname);
                if upper {
                    f = f.to_uppercase();
                    l = l.to_uppercase();
                }
                if rng.chance(0.006) {
                    std::mem::swap(&mut f, &mut l);
                    self.count(Noise::NameSwapped);
                }
                (String::new(), f, l)
            }
        }
    }

    /// (address, postcode, true UPRN) as the source writes them.
    fn render_address(
        &mut self,
        rng: &mut Rng,
        source: Source,
        addr: &Addr,
    ) -> (String, String, Option<u64>) {
        let b = self.borough;
        match addr {
            Addr::Missing => (String::new(), String::new(), None),
            Addr::Prop(p) => {
                let prop = b.props[*p as usize];
                let street = &b.streets[prop.street as usize];
                let locality = b.localities[usize::from(street.district)].as_str();
                let postcode = b.postcode_of(*p).to_string();
                let uprn = Some(prop.uprn);
                match source {
                    Source::Ctax | Source::Nndr => {
                        let parts = prop_parts(b, &prop, FlatForm::Comma, false, false);
                        let text = join(&parts, locality, Some(TOWN), ", ").to_uppercase();
                        (text, postcode, uprn)
                    }
                    Source::Rent => {
                        let parts = prop_parts(b, &prop, FlatForm::Comma, false, false);
                        (join(&parts, "", Some(TOWN), ", "), postcode, uprn)
                    }
                    Source::Hbop => {
                        let parts = prop_parts(b, &prop, FlatForm::Plain, false, false);
                        (join(&parts, locality, Some(TOWN), ", "), postcode, uprn)
                    }
                    _ => {
                        let flat = prop.flat > 0;
                        let form = if flat {
                            match rng.weighted(&[50, 20, 12, 18]) {
                                0 => FlatForm::Comma,
                                1 => {
                                    self.count(Noise::FlatSlash);
                                    FlatForm::Slash
                                }
                                2 => {
                                    self.count(Noise::FlatAfter);
                                    FlatForm::After
                                }
                                _ => FlatForm::Plain,
                            }
                        } else {
                            FlatForm::Comma
                        };
                        let abbreviate = rng.chance(0.35);
                        let omit_street = prop.kind == PropKind::Block && rng.chance(0.15);
                        let parts = prop_parts(b, &prop, form, abbreviate, omit_street);
                        if abbreviate && parts != prop_parts(b, &prop, form, false, omit_street) {
                            self.count(Noise::Abbreviated);
                        }
                        let locality = if rng.chance(0.5) { locality } else { "" };
                        let town = if rng.chance(0.6) {
                            Some(TOWN)
                        } else {
                            self.count(Noise::TownOmitted);
                            None
                        };
                        let sep = if rng.chance(0.75) { ", " } else { " " };
                        let text = self.free_case(rng, source, join(&parts, locality, town, sep));
                        let postcode = self.free_postcode(rng, source, &postcode);
                        (text, postcode, uprn)
                    }
                }
            }
            Addr::External(e) => {
                let abbreviate = rng.chance(0.35);
                let line = format!("{} {}", e.number, street_name(e.stem, e.suffix, abbreviate));
                let text = self.free_case(rng, source, format!("{line}, {}", e.town));
                let postcode = self.free_postcode(rng, source, &e.postcode);
                (text, postcode, None)
            }
            Addr::NewBuild { street, number } => {
                let st = &b.streets[*street as usize];
                let abbreviate = rng.chance(0.35);
                let line = format!("{number} {}", street_name(st.stem, st.suffix, abbreviate));
                let town = if rng.chance(0.6) { Some(TOWN) } else { None };
                let text = self.free_case(rng, source, join(&[line], "", town, ", "));
                let postcode = b.postcodes[st.last_postcode as usize].clone();
                let postcode = self.free_postcode(rng, source, &postcode);
                (text, postcode, None)
            }
        }
    }

    fn free_case(&mut self, rng: &mut Rng, source: Source, text: String) -> String {
        let upper = if source == Source::Pcn { 0.7 } else { 0.25 };
        if rng.chance(upper) {
            text.to_uppercase()
        } else if rng.chance(0.03) {
            text.to_lowercase()
        } else {
            text
        }
    }

    fn free_postcode(&mut self, rng: &mut Rng, source: Source, postcode: &str) -> String {
        let missing = if source == Source::Sundry { 0.04 } else { 0.01 };
        if rng.chance(missing * self.mix.postcode_missing) {
            self.count(Noise::PostcodeMissing);
            return String::new();
        }
        let mut p = postcode.to_string();
        if rng.chance(0.08) {
            p = p.replace(' ', "");
            self.count(Noise::PostcodeNoSpace);
        }
        if rng.chance(0.04) {
            p = p.to_lowercase();
            self.count(Noise::PostcodeLower);
        }
        p
    }
}

/// A person's id in the truth: `P` and eight digits.
pub fn person_id(id: u64) -> String {
    format!("P{id:08}")
}

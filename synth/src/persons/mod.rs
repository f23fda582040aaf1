//! `debt-batch generate-persons`: a labelled evaluation set for record
//! linkage: person records as the council's systems hold them, with
//! realistic noise, the gazetteer, and the truth.
//!
//! One fictional borough (town Ashbury, postcode districts `AS1`, `AS2`, ...)
//! of about `people / 2` residential properties on about `people / 40`
//! streets, and `people` true people in households of 1 to 5. Everything
//! comes from one seed through splitmix64 (no external crate): one generator
//! for the gazetteer and one per household, so the same seed gives
//! byte-identical files. Households are generated and written one at a time;
//! only the gazetteer (24 bytes a property) is held in memory, so a million
//! people take a few seconds and a few tens of megabytes. Every file is
//! owner-only (0600), and so is the directory when it is made here (0700):
//! the records are realistic personal data.
//!
//! # Files (in `out`)
//!
//! | file | columns | rows |
//! |---|---|---|
//! | `records.csv` | `record_id,source,role,full_name,forename,surname,dob,nino,address,postcode,uprn,true_person_id,true_uprn,status,forwarding_address,forwarding_postcode,occupied_from,occupied_to,correspondence_address,correspondence_postcode,customer_ref,claim_ref,vehicle,service` | one per person record, grouped by source system (each system's export in turn) |
//! | `llpg.csv` | `UPRN,SAO_TEXT,PAO_TEXT,STREET_DESCRIPTOR,LOCALITY,TOWN_NAME,POSTCODE_LOCATOR` | every property: houses (`12`, `12A`), flats in converted houses (`Flat 2` / `12`), flats in blocks (`Flat 7` / `Kestrel Court`), business units (`Unit 3` / `Millbrook Business Park`) |
//! | `truth.csv` | `true_person_id,household_uprn` | every person and the property where they live now (empty: moved out of the borough) |
//! | `noise.csv` | `kind,count` | totals (`total_*`), records per person (`people_with_N_records`), then how often each kind of noise was planted |
//!
//! # Each system's habits
//!
//! | source | role | name | dob | nino | address | uprn | period |
//! |---|---|---|---|---|---|---|---|
//! | `ctax` | `lead_liable`, `joint_liable` | `full_name` `SMITH, JOHN A` | lead only, 40% | never | revenues style `FLAT 3, 12 HIGH STREET, NORTHGATE, ASHBURY` | always | liability from, and to when closed |
//! | `nndr` | `lead_liable` (sole traders) | as ctax | never | never | the business unit | always | liability from |
//! | `rent` | `tenant`, `joint_tenant` | `forename`, `surname` | 85% | 35% (spaced or lower case half the time) | housing style `Flat 3, 12 High Street, Ashbury` | always | tenancy from |
//! | `fta` | `tenant`, `joint_tenant` | `forename`, `surname` | 80% | 30% | the former tenancy's property, housing style; the forwarding address in free text (missing for 12%) | always | tenancy from and to |
//! | `hbop` | `claimant` | `Mr John Smith` | 98% | 96% | benefits style | 90% | never |
//! | `sundry` | `debtor` | free text: `Mr J Smith`, `John Smith`, `SMITH, John` | never | never | free text | never | never |
//! | `pcn` | `keeper` | free text, mostly DVLA capitals `JOHN A SMITH` | never | never | free text, often capitals, sometimes out of date | never | never |
//! | `breathing_space` | `subject` | `forename`, `surname` (capitals) | always | never | free text | never | never |
//! | `vulnerability` | `subject` | `forename`, `surname` | 85% | never | free text | never | never |
//! | `income_expenditure` | `subject` | `forename`, `surname` | 90% | 40% | free text | never | never |
//!
//! Beside the name, some systems hold an identifier of their own, drawn
//! from a random stream apart so that every other column is as without it:
//! a penalty notice the vehicle's registration (`vehicle`; a keeper's
//! notices are for their usual vehicle 85% of the time, for a second one
//! otherwise; written without its space or in lower case now and then); a
//! sundry invoice the debtor's customer number (`customer_ref`; a quarter
//! are raised on a duplicate debtor account with a number of its own); an
//! overpayment the claim reference (`claim_ref`; a quarter of claimants
//! have a second overpayment on the same claim, an extra record); a sole
//! trader's rates account the correspondence address, their home (60%;
//! `correspondence_address`, `correspondence_postcode`).
//!
//! `occupied_from` and `occupied_to` are the liability or tenancy period
//! (ISO dates; `occupied_to` empty while it runs). A household that moved
//! closed its old council tax account on the day it left and opened the new
//! one the next day (55%), within a fortnight (25%), after an empty spell of
//! up to two months (10%), up to a fortnight before the old one was closed
//! (5%), or months later (5%). Someone who moved in with a household that
//! stayed put left their own home after that household's account began and
//! joins the account (as joint liable party or joint tenant) from then. No
//! period starts before its holder's 18th birthday: nobody under 18 is
//! liable for council tax or holds a tenancy, so a household that moved did
//! so after its head came of age, and a partner who was still a minor when
//! the household left its old home is no party of that home's account. The
//! periods come from a random stream of their own, so every other column is
//! as it was before they were added, except in the few households where
//! such a partner's record is left out (the rest of that household's
//! records are drawn afresh).
//!
//! A former tenancy (`fta`) is exported as the housing system holds it:
//! the property with its UPRN, the tenancy's first and last day, status
//! `former`, and the forwarding address the tenant left.
//!
//! `true_uprn` is the property the record's address really is, or empty when
//! the address has no UPRN in the gazetteer (an address out of the borough,
//! a new build not yet in the LLPG, a missing address).
//!
//! # Population
//!
//! Households: single adults (33%), couples (26%; 72% of married couples
//! share a surname), couples with 1-3 grown-up children (17%), single
//! parents with grown-up children (10%), sharers / lodgers (8%), couples
//! with an elderly parent (6%). Surnames follow a real-looking distribution:
//! Smith about 1.1%, the top hundred about 16%, then a long tail of tens of
//! thousands of rarer names, so that term frequency matters. Every person has
//! 1 to 6 records; adults with debts (a debt profile of none, low or high)
//! have more.
//!
//! # Noise (rates per record of the systems concerned, before capping)
//!
//! Names: surname typo (one edit) 2%, forename typo 1.5%, nickname
//! (Bill/William ...; a quarter of people with such a name go by it, in
//! informal systems 60% of the time, plus 1.5% anywhere but benefits),
//! initials only (sundry 30%, nndr 10%, pcn 8%, ctax 4%, others 1%), titles
//! (always in benefits, often in free text), `SURNAME, Forename` in free text
//! 6%, forename and surname columns swapped 0.6%. Dates of birth: day and
//! month swapped (3% of dates whose day is 12 or less), one-digit typo 1%,
//! missing where the system usually has one. NINO: missing (4% in benefits),
//! one-character typo 2%, written with spaces or in lower case (half of the
//! housing system's). People: married women with a record under the maiden
//! name at an old address (22% of married partners), namesakes at the same
//! postcode (5% of households next door to a household with a top-100
//! surname on the same postcode take its head's name), father and son of the
//! same name at the same address (10% of grown-up sons of a father in the
//! household), moves within the borough (18% of households, a third of
//! lodgers, a quarter of unmarried partners: older records at the old
//! address), moves out of the borough (2% of households: no current
//! address in the gazetteer). Free-text addresses: abbreviations (Rd, St,
//! Ave, Cl, Gdns, Cres, Dr, Ln, Ct ...) 35%, flat forms (`Flat 3, 12 High
//! St`, `3/12 High Street` 20%, `12 High Street Flat 3` 12%), locality left
//! out 50%, town left out 40%, capitals, postcode without its space 8%, in
//! lower case 4%, missing 1-4%; 1.5% are an address with no UPRN (another
//! town, or a new build past the end of a real street), on top of those of
//! people who moved away. `noise.csv` counts each kind as planted.
//!
//! These are the rates of the standard [`Profile`]. The dense profile
//! (`--profile dense`) draws a denser pool of namesakes and another mix of
//! noise; see [`Profile::Dense`].

mod household;
mod records;

use std::path::PathBuf;

use crate::borough::{write_gazetteer, Borough, GAZETTEER_HEADER};
use crate::error::Error;
use crate::files::{self, Sink};
use crate::names::Names;
use crate::noise::{Noise, NoiseCounts};
use crate::random::Rng;
use crate::text::{push_row, Enc};
use records::{person_id, Source, SOURCES};

/// What to generate.
#[derive(Debug, Clone)]
pub struct EvalOptions {
    /// Number of true people.
    pub people: u64,
    /// Random seed: the same seed gives byte-identical files.
    pub seed: u64,
    /// Output directory (created if missing; files in it are replaced).
    pub out: PathBuf,
    /// The population's shape and noise.
    pub profile: Profile,
}

/// The shape of the population and the mix of its noise. A linker should
/// hold its precision on every profile: one tuned to a single generator's
/// habits would not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// A borough like England and Wales, with the noise rates given in this
    /// module's documentation.
    #[default]
    Standard,
    /// A denser pool of namesakes and a different noise mix: the hundred
    /// commonest surnames five times as frequent (about half of all people
    /// instead of a fifth); surname typos 3.5% and forename typos 2.5%;
    /// initials, nicknames and records at an old address half as frequent
    /// again; dates of birth held three quarters and NINOs 60% as often;
    /// free-text postcodes missing three times as often; a closed account
    /// carries a forwarding address 30% of the time (a former tenancy 70%);
    /// namesakes next door 12% of eligible households; and moves recorded
    /// the next day 30%, within a fortnight 30%, within two months 15%, up
    /// to a fortnight early 10%, months later 15%.
    Dense,
}

impl Profile {
    /// Parses `standard` or `dense`.
    pub fn parse(text: &str) -> Option<Profile> {
        match text {
            "standard" => Some(Profile::Standard),
            "dense" => Some(Profile::Dense),
            _ => None,
        }
    }

    pub(crate) fn mix(self) -> Mix {
        match self {
            Profile::Standard => Mix {
                common_factor: 1,
                surname_typo: 0.02,
                forename_typo: 0.015,
                initials: 1.0,
                nickname: 1.0,
                dob: 1.0,
                nino: 1.0,
                postcode_missing: 1.0,
                forwarding: 0.5,
                fta_forwarding_missing: 0.12,
                stale: 1.0,
                namesake: 0.05,
                move_weights: [55, 25, 10, 5, 5],
            },
            Profile::Dense => Mix {
                common_factor: 5,
                surname_typo: 0.035,
                forename_typo: 0.025,
                initials: 1.5,
                nickname: 1.5,
                dob: 0.75,
                nino: 0.6,
                postcode_missing: 3.0,
                forwarding: 0.3,
                fta_forwarding_missing: 0.3,
                stale: 1.5,
                namesake: 0.12,
                move_weights: [30, 30, 15, 10, 15],
            },
        }
    }
}

/// The rates a [`Profile`] sets: probabilities, or factors on the standard
/// rates given where each is planted.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Mix {
    /// How much more frequent the hundred commonest surnames are.
    pub common_factor: u64,
    /// A one-edit typo in a surname.
    pub surname_typo: f64,
    /// A one-edit typo in a forename.
    pub forename_typo: f64,
    /// Factor on the rate of initials only.
    pub initials: f64,
    /// Factor on the rates of nicknames.
    pub nickname: f64,
    /// Factor on how often each system holds a date of birth.
    pub dob: f64,
    /// Factor on how often each system holds a NINO.
    pub nino: f64,
    /// Factor on how often a free-text postcode is missing.
    pub postcode_missing: f64,
    /// A closed council tax account carries the forwarding address.
    pub forwarding: f64,
    /// A former tenancy carries no forwarding address.
    pub fta_forwarding_missing: f64,
    /// Factor on how often a free-text record is at an old address.
    pub stale: f64,
    /// A household next door to a common name takes its head's name.
    pub namesake: f64,
    /// Weights of when a move's new liability starts (see
    /// `households::move_in`).
    pub move_weights: [u32; 5],
}

/// What was generated.
#[derive(Debug, Clone, Default)]
pub struct EvalSummary {
    /// Person records written.
    pub records: u64,
    /// Gazetteer rows written.
    pub gazetteer_rows: u64,
}

/// The header of `records.csv`.
const RECORDS_HEADER: &str = "record_id,source,role,full_name,forename,surname,dob,nino,address,postcode,uprn,true_person_id,true_uprn,status,forwarding_address,forwarding_postcode,occupied_from,occupied_to,correspondence_address,correspondence_postcode,customer_ref,claim_ref,vehicle,service";

/// Writes `records.csv`, `llpg.csv`, `truth.csv` and `noise.csv` into `out`.
pub fn generate_persons(options: &EvalOptions) -> Result<EvalSummary, Error> {
    let out = &options.out;
    files::create_dir(out)?;
    let mix = options.profile.mix();
    let names = Names::with_common_factor(mix.common_factor);
    let homes = (options.people * 11 / 20).max(40) as usize;
    let borough = Borough::build(options.seed, homes);
    let mut llpg = Sink::with_header(out.join("llpg.csv"), false, GAZETTEER_HEADER, Enc::Utf8)?;
    let gazetteer_rows = write_gazetteer(&mut llpg, &borough, 0)?;
    llpg.finish()?;
    let mut gen = Generator::new(options, &names, &borough)?;
    let mut household = 0u64;
    while gen.made < options.people {
        gen.household(household)?;
        household += 1;
    }
    let records = gen.finish(household)?;
    Ok(EvalSummary {
        records,
        gazetteer_rows,
    })
}

/// The last household written, for namesakes next door.
struct PrevHousehold {
    postcode: u32,
    forename: &'static str,
    surname: u32,
    female: bool,
}

/// The evaluation set being written.
struct Generator<'a> {
    seed: u64,
    mix: Mix,
    people: u64,
    made: u64,
    names: &'a Names,
    borough: &'a Borough,
    out: PathBuf,
    occupied: Vec<bool>,
    cursor: usize,
    vacancy: f64,
    prev: Option<PrevHousehold>,
    counters: [u64; 10],
    /// One part file per source, joined into `records.csv` at the end.
    writers: Vec<Sink>,
    truth: Sink,
    row: Vec<u8>,
    noise: NoiseCounts,
    records: u64,
    free_text: u64,
    free_text_no_uprn: u64,
    per_person: [u64; 7],
}

impl<'a> Generator<'a> {
    fn new(
        options: &EvalOptions,
        names: &'a Names,
        borough: &'a Borough,
    ) -> Result<Generator<'a>, Error> {
        let mut writers = Vec::with_capacity(SOURCES.len());
        for s in SOURCES {
            writers.push(Sink::create(
                options.out.join(format!(".records.{}.part", s.name())),
                false,
            )?);
        }
        let truth = Sink::with_header(
            options.out.join("truth.csv"),
            false,
            "true_person_id,household_uprn",
            Enc::Utf8,
        )?;
        // Households average about 2.1 people: leave the rest vacant.
        let households = options.people as f64 / 2.1;
        let vacancy = (1.0 - households / borough.residential.len().max(1) as f64).clamp(0.0, 0.5);
        Ok(Generator {
            seed: options.seed,
            mix: options.profile.mix(),
            people: options.people,
            made: 0,
            names,
            borough,
            out: options.out.clone(),
            occupied: vec![false; borough.residential.len()],
            cursor: 0,
            vacancy,
            prev: None,
            counters: [0; 10],
            writers,
            truth,
            row: Vec::with_capacity(512),
            noise: NoiseCounts::default(),
            records: 0,
            free_text: 0,
            free_text_no_uprn: 0,
            per_person: [0; 7],
        })
    }

    fn count(&mut self, n: Noise) {
        self.noise.count(n);
    }

    /// A new account or reference number of a source: counters scrambled
    /// by a bijection of 0..10^9.
    fn next_ref(&mut self, source: Source) -> u64 {
        let c = self.counters[source.index()];
        self.counters[source.index()] += 1;
        (c.wrapping_mul(387_420_489) + 104_729 * (source.index() as u64 + 1)) % 1_000_000_000
    }

    /// The next free home for a household (an index into the properties),
    /// street by street, leaving some vacant.
    fn next_home(&mut self, rng: &mut Rng) -> u32 {
        let n = self.occupied.len();
        let mut tried = 0usize;
        loop {
            if tried >= n {
                // Full: share a home (an HMO).
                let i = rng.below(n as u64) as usize;
                return self.borough.residential[i];
            }
            let i = self.cursor % n;
            self.cursor += 1;
            tried += 1;
            if self.occupied[i] {
                continue;
            }
            if self.cursor <= n && rng.chance(self.vacancy) {
                continue;
            }
            self.occupied[i] = true;
            return self.borough.residential[i];
        }
    }

    /// Writes one record to its source's part file.
    fn write_row(&mut self, source: Source, fields: &[&str]) -> Result<(), Error> {
        self.row.clear();
        push_row(&mut self.row, fields, b',', Enc::Utf8);
        self.writers[source.index()].line(&self.row)?;
        Ok(())
    }

    /// Each member's row of `truth.csv`: where they live now.
    fn write_truth(
        &mut self,
        members: &[crate::households::Member],
        home: Option<u32>,
    ) -> Result<(), Error> {
        let uprn = home
            .map(|p| self.borough.props[p as usize].uprn.to_string())
            .unwrap_or_default();
        for m in members {
            self.row.clear();
            push_row(
                &mut self.row,
                &[person_id(m.id), uprn.clone()],
                b',',
                Enc::Utf8,
            );
            self.truth.line(&self.row)?;
        }
        Ok(())
    }

    /// Remembers the household's head and postcode for the next one's
    /// namesake.
    fn remember_neighbour(&mut self, members: &[crate::households::Member], home: Option<u32>) {
        self.prev = match (home, members.first()) {
            (Some(p), Some(head)) => Some(PrevHousehold {
                postcode: self.borough.props[p as usize].postcode,
                forename: head.forename,
                surname: head.surname,
                female: head.female,
            }),
            _ => None,
        };
    }

    /// Joins the per-source parts into `records.csv` and writes `noise.csv`.
    fn finish(self, households: u64) -> Result<u64, Error> {
        let Generator {
            out,
            writers,
            truth,
            noise,
            records,
            free_text,
            free_text_no_uprn,
            per_person,
            made,
            ..
        } = self;
        truth.finish()?;
        let path = Sink::with_header(out.join("records.csv"), false, RECORDS_HEADER, Enc::Utf8)?
            .finish()?;
        for w in writers {
            let part = w.finish()?;
            files::append_and_remove(&part, &path)?;
        }
        let mut text = String::from("kind,count\n");
        let totals = [
            ("total_people", made),
            ("total_households", households),
            ("total_records", records),
            ("total_free_text_records", free_text),
            ("total_free_text_without_true_uprn", free_text_no_uprn),
        ];
        for (k, v) in totals {
            text.push_str(&format!("{k},{v}\n"));
        }
        for (i, v) in per_person.iter().enumerate().skip(1) {
            text.push_str(&format!("people_with_{i}_records,{v}\n"));
        }
        for (k, v) in noise.rows() {
            text.push_str(&format!("{k},{v}\n"));
        }
        files::write_text(&out.join("noise.csv"), &text)?;
        Ok(records)
    }
}

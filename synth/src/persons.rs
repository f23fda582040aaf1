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
//! people take a few seconds and a few tens of megabytes.
//!
//! # Files (in `out`)
//!
//! | file | columns | rows |
//! |---|---|---|
//! | `records.csv` | `record_id,source,role,full_name,forename,surname,dob,nino,address,postcode,uprn,true_person_id,true_uprn,status,forwarding_address,forwarding_postcode,occupied_from,occupied_to` | one per person record, grouped by source system (each system's export in turn) |
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

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::error::Error;

/// What to generate.
#[derive(Debug, Clone)]
pub struct EvalOptions {
    /// Number of true people.
    pub people: u64,
    /// Random seed: the same seed gives byte-identical files.
    pub seed: u64,
    /// Output directory.
    pub out: PathBuf,
}

/// What was generated.
#[derive(Debug, Clone, Default)]
pub struct EvalSummary {
    /// Person records written.
    pub records: u64,
    /// Gazetteer rows written.
    pub gazetteer_rows: u64,
}

/// Writes `records.csv`, `llpg.csv`, `truth.csv` and `noise.csv` into `out`.
pub fn generate_persons(options: &EvalOptions) -> Result<EvalSummary, Error> {
    let out = &options.out;
    fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let names = Names::new();
    let (borough, gazetteer_rows) =
        Borough::build(options.people, options.seed, &out.join("llpg.csv"))?;
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

// ---------------------------------------------------------------------------
// Random numbers: splitmix64.

struct Rng(u64);

impl Rng {
    /// A generator for one stream (`stream`) and item (`index`) of a seed.
    fn derive(seed: u64, stream: u64, index: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        let a = r.next_u64();
        let mut r = Rng(a ^ index.wrapping_mul(0xE703_7ED1_A0B4_28DB));
        r.next_u64();
        r
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64) * (1.0 / (1u64 << 53) as f64) < p
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// An index chosen with the given weights.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
        let mut x = self.below(total);
        for (i, w) in weights.iter().enumerate() {
            let w = u64::from(*w);
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len().saturating_sub(1)
    }
}

// ---------------------------------------------------------------------------
// Names.

/// The hundred commonest surnames in England and Wales with their rough
/// frequency per 100,000 people.
#[rustfmt::skip]
const COMMON_SURNAMES: &[(&str, u32)] = &[
    ("Smith", 1150), ("Jones", 800), ("Williams", 620), ("Taylor", 500), ("Brown", 490),
    ("Davies", 450), ("Evans", 330), ("Wilson", 300), ("Thomas", 300), ("Johnson", 290),
    ("Roberts", 280), ("Robinson", 230), ("Thompson", 230), ("Wright", 230), ("Walker", 220),
    ("White", 210), ("Edwards", 210), ("Hughes", 210), ("Green", 200), ("Hall", 200),
    ("Lewis", 200), ("Harris", 190), ("Clarke", 190), ("Patel", 190), ("Jackson", 180),
    ("Wood", 170), ("Turner", 170), ("Martin", 170), ("Cooper", 160), ("Hill", 160), ("Ward", 160),
    ("Morris", 160), ("Moore", 150), ("Clark", 150), ("Lee", 150), ("King", 150), ("Baker", 150),
    ("Harrison", 150), ("Morgan", 140), ("Allen", 140), ("James", 140), ("Scott", 140),
    ("Phillips", 130), ("Watson", 130), ("Davis", 130), ("Parker", 130), ("Price", 130),
    ("Bennett", 120), ("Young", 120), ("Griffiths", 120), ("Mitchell", 120), ("Kelly", 120),
    ("Cook", 120), ("Carter", 120), ("Richardson", 115), ("Bailey", 115), ("Collins", 115),
    ("Bell", 110), ("Shaw", 110), ("Murphy", 110), ("Miller", 110), ("Cox", 105),
    ("Richards", 105), ("Khan", 105), ("Marshall", 100), ("Anderson", 100), ("Simpson", 100),
    ("Ellis", 100), ("Adams", 100), ("Singh", 100), ("Begum", 95), ("Wilkinson", 95),
    ("Foster", 95), ("Chapman", 90), ("Powell", 90), ("Webb", 90), ("Rogers", 90), ("Gray", 90),
    ("Mason", 90), ("Ali", 90), ("Hunt", 85), ("Hussain", 85), ("Campbell", 85), ("Matthews", 85),
    ("Owen", 85), ("Palmer", 80), ("Holmes", 80), ("Mills", 80), ("Barnes", 80), ("Knight", 80),
    ("Lloyd", 80), ("Butler", 75), ("Russell", 75), ("Barker", 75), ("Fisher", 75),
    ("Stevens", 75), ("Jenkins", 75), ("Murray", 75), ("Dixon", 75), ("Harvey", 70), ("Ahmed", 70),
];

/// Less common real surnames, 25 per 100,000 each.
#[rustfmt::skip]
const MID_SURNAMES: &[&str] = &[
    "Graham", "Pearson", "Ford", "Stewart", "Reynolds", "Gibson", "Hamilton", "Hudson", "Kennedy",
    "Wells", "Lawrence", "Hayes", "Grant", "Burton", "Holland", "Pearce", "Saunders", "Payne",
    "Fox", "Lane", "Cole", "Spencer", "Rose", "Dean", "Day", "Armstrong", "Hart", "Mcdonald",
    "Walsh", "Andrews", "Riley", "Berry", "Gardner", "Porter", "Parsons", "Hodgson", "Ryan",
    "Kaur", "Chambers", "Atkinson", "Austin", "Newman", "Bradley", "Stone", "Francis", "Sutton",
    "Gordon", "Perry", "Jordan", "Dawson", "Lambert", "Barrett", "Reid", "Hughes-Jones", "O'Brien",
    "O'Connor", "O'Neill", "Doyle", "Fletcher", "Greenwood", "Hopkins", "Howard", "Lowe", "Nash",
    "Page", "Pratt", "Rowe", "Sharp", "Sims", "Slater", "Stephens", "Tucker", "Wade", "Walton",
    "Warren", "Watts", "West", "Whitehead", "Woods", "Yates", "Ahmad", "Akhtar", "Bibi", "Iqbal",
    "Mahmood", "Rahman", "Shah", "Sharma", "Kumar", "Gill", "Mistry", "Chauhan", "Nguyen", "Chen",
    "Wang", "Li", "Zhang", "Kowalski", "Nowak", "Wisniewski", "Okafor", "Okeke", "Mensah",
    "Adeyemi", "Boateng", "Da Silva", "Santos", "Ferreira", "Rossi", "Murphy-Smith", "Fraser",
    "Ross", "Henderson", "Duncan", "Paterson", "Hunter", "Mackenzie", "Stevenson", "Johnston",
    "Kerr", "Black", "Burns", "Mcleod", "Byrne", "Quinn", "Doherty", "Gallagher", "Lynch",
    "Brennan", "Nolan", "Connolly", "Regan", "Hewitt", "Booth", "Bates", "Parkinson", "Bolton",
    "Holt", "Kirby", "Lord", "Marsden", "Barlow", "Briggs", "Heath", "Hardy", "Hanson", "Weston",
    "Cross", "Pickering", "Sykes", "Swift", "Charlton", "Cartwright", "Dalton", "Dyer", "Gough",
    "Hale", "Horton", "Howell", "Ingram", "Jarvis", "Kemp", "Lamb", "Manning", "Mellor", "Morley",
    "Norris", "Oliver", "Osborne", "Pritchard", "Rhodes", "Rowley", "Sheppard", "Stokes",
    "Thornton", "Vaughan", "Walters", "Whittaker", "Wilkins", "Winter", "Humphreys", "Vincent",
    "Rees", "Jenkinson", "Powell-Evans", "Bowen", "Meredith", "Pugh", "Prosser", "Probert",
];

/// English place-name beginnings and endings: their combinations make a
/// long tail of rarer surnames (Ashworth, Bramley, Cottingham ...).
#[rustfmt::skip]
const TAIL_ONSETS: &[&str] = &[
    "Ab", "Ack", "Ald", "Ash", "Aus", "Bag", "Bal", "Bar", "Bark", "Bed", "Bel", "Bick", "Bil",
    "Bing", "Birk", "Black", "Blen", "Bol", "Brad", "Bram", "Bray", "Brid", "Brook", "Brom", "Bud",
    "Bur", "Burn", "Cal", "Cam", "Car", "Chad", "Chal", "Chat", "Chil", "Clay", "Cliff", "Cod",
    "Cold", "Coll", "Cot", "Crab", "Cran", "Crom", "Cul", "Dal", "Dar", "Den", "Dod", "Down",
    "Dun", "Dur", "East", "Ed", "Elm", "Ever", "Fair", "Farn", "Fel", "Fen", "Fern", "Fish",
    "Flet", "Frog", "Ful", "Gar", "Gil", "Glad", "Gold", "Good", "Gos", "Gran", "Grim", "Had",
    "Hal", "Ham", "Har", "Hart", "Hat", "Haw", "Hay", "Hel", "Hen", "Hes", "Hol", "Hor", "Hud",
    "Hun", "Ick", "Kel", "Ken", "Kil", "Kirk", "Knap", "Lam", "Lang", "Lath", "Lea", "Led", "Lim",
    "Lin", "Lit", "Lock", "Long", "Lud", "Mad", "Mal", "Mar", "Mel", "Mer", "Mid", "Mil", "Mor",
    "Mos", "Nel", "Nor", "Ock", "Old", "Os", "Ot", "Pad", "Pem", "Pen", "Pick", "Pil", "Pol",
    "Pres", "Rad", "Ram", "Rat", "Raw", "Red", "Rid", "Rock", "Rom", "Ros", "Rud", "Sal", "Sand",
    "Sax", "Scar", "Sel", "Shel", "Sher", "Shir", "Sid", "Skel", "Snow", "Stan", "Stock", "Sud",
    "Sut", "Swin", "Tad", "Tan", "Tem", "Thorn", "Tid", "Tod", "Tun", "Ud", "Wal", "War", "Wed",
    "Wel", "Wen", "Whit", "Wil", "Win", "Wol", "Wor", "Yar",
];
#[rustfmt::skip]
const TAIL_ENDINGS: &[&str] = &[
    "worth", "ley", "ton", "field", "ham", "by", "well", "wood", "ford", "shaw", "hurst", "more",
    "combe", "stone", "bridge", "dale", "den", "don", "gate", "hall", "land", "low", "mere",
    "ridge", "stead", "thorpe", "wick", "cott", "bury", "brook", "burn", "sley", "ington",
    "ingham", "inson", "ock", "er", "ett", "kin", "son", "ing", "ings", "cliffe", "holme", "over",
];
/// Syllables for the rarest names, one or two people in a million each.
#[rustfmt::skip]
const RARE_FIRST: &[&str] = &[
    "Ab", "Ad", "Al", "Am", "An", "Ar", "Ba", "Be", "Bo", "Da", "De", "Di", "Ga", "Go", "Ha", "Ka",
    "Ko", "La", "Le", "Lo", "Ma", "Me", "Mo", "Na", "No", "Pa", "Po", "Ra", "Ro", "Sa", "Ta", "To",
    "Va", "Za",
];
#[rustfmt::skip]
const RARE_MIDDLE: &[&str] = &[
    "b", "d", "g", "k", "l", "m", "n", "r", "s", "t", "v", "z", "ch", "sh", "nd", "rk",
];
#[rustfmt::skip]
const RARE_LAST: &[&str] = &[
    "ani", "ari", "ello", "ewski", "ich", "ov", "ova", "enko", "escu", "ssi", "one", "ski",
    "owski", "ak", "ek", "uk", "iou", "opoulos", "idis", "sen", "berg", "mann", "stein", "ez",
    "es", "ada", "ura", "oto", "ard",
];

/// Forenames with rough weights.
#[rustfmt::skip]
const MALE: &[(&str, u32)] = &[
    ("John", 30), ("David", 30), ("Michael", 25), ("James", 25), ("Paul", 20), ("Robert", 18),
    ("Andrew", 18), ("Mark", 16), ("Richard", 15), ("William", 15), ("Peter", 14), ("Stephen", 14),
    ("Christopher", 14), ("Thomas", 14), ("Daniel", 12), ("Matthew", 12), ("Anthony", 11),
    ("Steven", 9), ("Ian", 9), ("Gary", 8), ("Kevin", 8), ("Simon", 8), ("Jonathan", 7),
    ("Nicholas", 7), ("Alan", 7), ("Brian", 7), ("Edward", 6), ("Joseph", 7), ("Samuel", 6),
    ("Benjamin", 6), ("Alexander", 6), ("George", 7), ("Harry", 6), ("Jack", 7), ("Oliver", 6),
    ("Charlie", 4), ("Jacob", 4), ("Mohammed", 8), ("Muhammad", 5), ("Adam", 6), ("Ryan", 6),
    ("Liam", 5), ("Jamie", 4), ("Lee", 5), ("Craig", 4), ("Dean", 4), ("Wayne", 4), ("Graham", 4),
    ("Keith", 4), ("Colin", 4), ("Raymond", 4), ("Kenneth", 4), ("Roy", 3), ("Dennis", 3),
    ("Terence", 3), ("Frank", 3), ("Arthur", 3), ("Albert", 2), ("Harold", 3), ("Philip", 5),
    ("Martin", 6), ("Neil", 5), ("Stuart", 4), ("Carl", 4), ("Scott", 4), ("Shaun", 3),
    ("Luke", 4), ("Nathan", 4), ("Callum", 3), ("Connor", 3), ("Kieran", 3), ("Joshua", 5),
    ("Lewis", 3), ("Aaron", 3), ("Sean", 4), ("Patrick", 3), ("Gareth", 3), ("Rhys", 2),
    ("Owen", 2), ("Frederick", 2), ("Leonard", 2), ("Stanley", 2), ("Reginald", 1), ("Derek", 3),
    ("Trevor", 3), ("Barry", 3), ("Malcolm", 2), ("Gordon", 2), ("Douglas", 2), ("Tariq", 2),
    ("Imran", 2), ("Ravi", 2), ("Rajesh", 2), ("Sanjay", 2), ("Piotr", 2), ("Tomasz", 2),
    ("Kwame", 1), ("Emeka", 1), ("Ahmed", 3), ("Omar", 2), ("Ali", 2),
];
#[rustfmt::skip]
const FEMALE: &[(&str, u32)] = &[
    ("Margaret", 14), ("Susan", 16), ("Sarah", 20), ("Elizabeth", 14), ("Mary", 12),
    ("Patricia", 8), ("Jennifer", 8), ("Linda", 8), ("Karen", 10), ("Helen", 10), ("Julie", 10),
    ("Deborah", 7), ("Amanda", 8), ("Claire", 9), ("Emma", 12), ("Lisa", 9), ("Michelle", 8),
    ("Nicola", 8), ("Rebecca", 8), ("Laura", 9), ("Jessica", 7), ("Hannah", 7), ("Sophie", 7),
    ("Charlotte", 7), ("Emily", 7), ("Olivia", 5), ("Amelia", 4), ("Chloe", 5), ("Lucy", 6),
    ("Katherine", 6), ("Catherine", 6), ("Victoria", 6), ("Samantha", 6), ("Jacqueline", 5),
    ("Christine", 6), ("Dorothy", 3), ("Joan", 4), ("Jean", 4), ("Barbara", 4), ("Pauline", 4),
    ("Gillian", 4), ("Janet", 5), ("Alison", 5), ("Angela", 6), ("Tracey", 5), ("Kelly", 5),
    ("Donna", 4), ("Joanne", 6), ("Rachel", 7), ("Louise", 6), ("Stephanie", 5), ("Natalie", 5),
    ("Gemma", 5), ("Kirsty", 3), ("Zoe", 4), ("Fatima", 5), ("Aisha", 3), ("Priya", 3),
    ("Sunita", 2), ("Ayesha", 3), ("Shabana", 2), ("Agnieszka", 2), ("Anna", 5), ("Maria", 5),
    ("Grace", 4), ("Ellie", 3), ("Megan", 4), ("Abigail", 3), ("Jade", 3), ("Leanne", 3),
    ("Kimberley", 3), ("Alexandra", 3), ("Sharon", 5), ("Wendy", 4), ("Diane", 4), ("Brenda", 3),
    ("Sandra", 4), ("Carol", 4), ("Irene", 2), ("Doris", 2), ("Jane", 6), ("Ann", 4),
    ("Kathleen", 3), ("Sheila", 3), ("Valerie", 3), ("Yvonne", 3),
];

/// Short forms a person may be known by.
fn nicknames(forename: &str) -> &'static [&'static str] {
    match forename {
        "William" => &["Bill", "Will", "Billy"],
        "Robert" => &["Bob", "Rob", "Bobby"],
        "Elizabeth" => &["Liz", "Beth", "Betty"],
        "Margaret" => &["Peggy", "Maggie", "Meg"],
        "James" => &["Jim", "Jimmy"],
        "David" => &["Dave"],
        "Katherine" => &["Kate", "Kathy"],
        "Catherine" => &["Cathy", "Kate"],
        "Kathleen" => &["Kath", "Kathy"],
        "Anthony" => &["Tony"],
        "Richard" => &["Rick", "Dick", "Rich"],
        "Michael" => &["Mike", "Mick"],
        "Christopher" => &["Chris"],
        "Thomas" => &["Tom", "Tommy"],
        "Edward" => &["Ed", "Ted", "Eddie"],
        "Joseph" => &["Joe"],
        "Daniel" => &["Dan", "Danny"],
        "Matthew" => &["Matt"],
        "Andrew" => &["Andy", "Drew"],
        "Alexander" => &["Alex"],
        "Samuel" => &["Sam"],
        "Benjamin" => &["Ben"],
        "Jonathan" => &["Jon"],
        "Nicholas" => &["Nick"],
        "Stephen" | "Steven" => &["Steve"],
        "Peter" => &["Pete"],
        "Susan" => &["Sue", "Susie"],
        "Patricia" => &["Pat", "Trish"],
        "Jennifer" => &["Jenny", "Jen"],
        "Deborah" => &["Debbie", "Debs"],
        "Rebecca" => &["Becky"],
        "Victoria" => &["Vicky"],
        "Alexandra" => &["Alex"],
        "Samantha" => &["Sam"],
        "Jacqueline" => &["Jackie"],
        "Kimberley" => &["Kim"],
        "Gillian" => &["Gill"],
        "Christine" => &["Chris"],
        "Frederick" => &["Fred"],
        "Kenneth" => &["Ken"],
        "Terence" => &["Terry"],
        "Raymond" => &["Ray"],
        "Leonard" => &["Len"],
        "Philip" => &["Phil"],
        "Dorothy" => &["Dot"],
        "Nicola" => &["Nicky"],
        "Joanne" => &["Jo"],
        "Stuart" => &["Stu"],
        "Douglas" => &["Doug"],
        "Albert" => &["Bert"],
        "Stanley" => &["Stan"],
        "Reginald" => &["Reg"],
        "Abigail" => &["Abby"],
        "Joshua" => &["Josh"],
        _ => &[],
    }
}

/// The surname table: every name with its cumulative weight.
struct Names {
    surnames: Vec<String>,
    cumulative: Vec<u64>,
}

impl Names {
    fn new() -> Names {
        // Weights in thousandths of a person per 100,000.
        let mut surnames = Vec::new();
        let mut weights: Vec<u64> = Vec::new();
        for (name, per_100k) in COMMON_SURNAMES {
            surnames.push((*name).to_string());
            weights.push(u64::from(*per_100k) * 1000);
        }
        for name in MID_SURNAMES {
            surnames.push((*name).to_string());
            weights.push(25_000);
        }
        // The tail: place-name combinations with a falling (Zipf-like)
        // weight, 57,000 per 100,000 in all, in a scattered order.
        let combos = TAIL_ONSETS.len() * TAIL_ENDINGS.len();
        let harmonic: f64 = (0..combos).map(|r| 1.0 / (r as f64 + 150.0)).sum();
        for r in 0..combos {
            let c = (r * 7919 + 11) % combos;
            let onset = TAIL_ONSETS[c % TAIL_ONSETS.len()];
            let ending = TAIL_ENDINGS[c / TAIL_ONSETS.len()];
            surnames.push(format!("{onset}{ending}"));
            let w = 57_000_000.0 / harmonic / (r as f64 + 150.0);
            weights.push(w.round().max(1.0) as u64);
        }
        // The rarest: syllable combinations, 7,000 per 100,000 spread evenly.
        let rare = RARE_FIRST.len() * RARE_MIDDLE.len() * RARE_LAST.len();
        let each = (7_000_000 / rare as u64).max(1);
        for a in RARE_FIRST {
            for b in RARE_MIDDLE {
                for c in RARE_LAST {
                    surnames.push(format!("{a}{b}{c}"));
                    weights.push(each);
                }
            }
        }
        let mut total = 0u64;
        let cumulative = weights
            .iter()
            .map(|w| {
                total += w;
                total
            })
            .collect();
        Names {
            surnames,
            cumulative,
        }
    }

    fn pick(&self, rng: &mut Rng) -> u32 {
        let total = self.cumulative.last().copied().unwrap_or(1);
        let x = rng.below(total);
        self.cumulative.partition_point(|c| *c <= x) as u32
    }

    fn get(&self, i: u32) -> &str {
        self.surnames
            .get(i as usize)
            .map_or("Smith", |s| s.as_str())
    }
}

fn pick_forename(rng: &mut Rng, female: bool) -> &'static str {
    let table = if female { FEMALE } else { MALE };
    let weights: Vec<u32> = table.iter().map(|(_, w)| *w).collect();
    table[rng.weighted(&weights)].0
}

// ---------------------------------------------------------------------------
// The borough: streets, properties and the gazetteer.

const TOWN: &str = "Ashbury";

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

const KIND_HOUSE: u8 = 0;
const KIND_CONVERTED: u8 = 1;
const KIND_BLOCK: u8 = 2;
const KIND_UNIT: u8 = 3;

/// One addressable place in the gazetteer (24 bytes).
#[derive(Debug, Clone, Copy)]
struct Prop {
    uprn: u64,
    street: u32,
    postcode: u32,
    /// House number (0 for flats and units in a named building).
    number: u16,
    /// Flat or unit number (0 for a whole house).
    flat: u16,
    /// Index + 1 into the building names (0: none).
    building: u16,
    /// `A`, `B` ... after the number, or 0.
    suffix: u8,
    kind: u8,
}

struct Street {
    stem: u16,
    suffix: u8,
    district: u16,
    /// Highest house number on the street.
    max_number: u16,
    /// The postcode of its last houses.
    last_postcode: u32,
}

struct Borough {
    props: Vec<Prop>,
    residential: Vec<u32>,
    commercial: Vec<u32>,
    streets: Vec<Street>,
    localities: Vec<String>,
    postcodes: Vec<String>,
    buildings: Vec<String>,
}

struct GazetteerWriter<'a> {
    out: CsvOut,
    borough: &'a mut Borough,
    next_uprn: u64,
    rows: u64,
}

impl GazetteerWriter<'_> {
    fn add(&mut self, rng: &mut Rng, mut p: Prop) -> Result<(), Error> {
        p.uprn = self.next_uprn;
        self.next_uprn += 1 + rng.below(4);
        let b = &*self.borough;
        let street = &b.streets[p.street as usize];
        let sao = match (p.kind, p.flat) {
            (_, 0) => String::new(),
            (KIND_UNIT, f) => format!("Unit {f}"),
            (_, f) => format!("Flat {f}"),
        };
        let pao = if p.building > 0 {
            b.buildings[usize::from(p.building - 1)].clone()
        } else {
            number_text(p.number, p.suffix)
        };
        let uprn = p.uprn.to_string();
        let name = street_name(street.stem, street.suffix, false);
        self.out.row([
            uprn.as_str(),
            sao.as_str(),
            pao.as_str(),
            name.as_str(),
            b.localities[usize::from(street.district)].as_str(),
            TOWN,
            b.postcodes[p.postcode as usize].as_str(),
        ])?;
        self.rows += 1;
        let index = self.borough.props.len() as u32;
        if p.kind == KIND_UNIT {
            self.borough.commercial.push(index);
        } else {
            self.borough.residential.push(index);
        }
        self.borough.props.push(p);
        Ok(())
    }
}

fn number_text(number: u16, suffix: u8) -> String {
    if suffix == 0 {
        number.to_string()
    } else {
        format!("{number}{}", suffix as char)
    }
}

fn street_name(stem: u16, suffix: u8, abbreviate: bool) -> String {
    let stem = STEMS[usize::from(stem) % STEMS.len()];
    let (full, short) = SUFFIXES[usize::from(suffix) % SUFFIXES.len()];
    if abbreviate && !short.is_empty() {
        format!("{stem} {short}")
    } else {
        format!("{stem} {full}")
    }
}

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
fn postcode_text(outcode: &str, c: u32) -> String {
    let sector = 1 + (c / 400) % 9;
    let unit = (c % 400) as usize;
    format!(
        "{outcode} {sector}{}{}",
        POSTCODE_LETTERS[unit / 20] as char,
        POSTCODE_LETTERS[unit % 20] as char
    )
}

impl Borough {
    /// Builds the borough for `people` people and writes `llpg.csv`.
    fn build(people: u64, seed: u64, path: &Path) -> Result<(Borough, u64), Error> {
        let target = (people * 11 / 20).max(40) as usize;
        let districts = target.div_ceil(12_000).max(2);
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
        let mut borough = Borough {
            props: Vec::with_capacity(target + target / 10),
            residential: Vec::with_capacity(target + 64),
            commercial: Vec::new(),
            streets: Vec::new(),
            localities,
            postcodes: Vec::new(),
            buildings: Vec::new(),
        };
        let mut out = CsvOut::create(path.to_path_buf())?;
        out.row([
            "UPRN",
            "SAO_TEXT",
            "PAO_TEXT",
            "STREET_DESCRIPTOR",
            "LOCALITY",
            "TOWN_NAME",
            "POSTCODE_LOCATOR",
        ])?;
        let mut w = GazetteerWriter {
            out,
            borough: &mut borough,
            next_uprn: 100_070_000_001,
            rows: 0,
        };
        let mut rng = Rng::derive(seed, 1, 0);
        let per_district = target / districts + 1;
        let mut street_count = vec![0usize; districts];
        let mut postcode_count = vec![0u32; districts];
        let combos = STEMS.len() * SUFFIXES.len();
        while w.borough.residential.len() < target {
            let d = (w.borough.residential.len() / per_district).min(districts - 1);
            let k = street_count[d];
            street_count[d] += 1;
            let c = (k * 7919 + d * 131 + 17) % combos;
            let street_index = w.borough.streets.len() as u32;
            w.borough.streets.push(Street {
                stem: (c % STEMS.len()) as u16,
                suffix: (c / STEMS.len()) as u8,
                district: d as u16,
                max_number: 0,
                last_postcode: 0,
            });
            let outcode = format!("AS{}", d + 1);
            let mut left = 0u64;
            let mut postcode = 0u32;
            // A new postcode every 8 to 20 addresses, and at each street.
            let mut next_postcode = |rng: &mut Rng, w: &mut GazetteerWriter<'_>| -> u32 {
                if left == 0 {
                    let pc = postcode_text(&outcode, postcode_count[d]);
                    postcode_count[d] += 1;
                    w.borough.postcodes.push(pc);
                    postcode = (w.borough.postcodes.len() - 1) as u32;
                    left = rng.range(8, 20);
                }
                left -= 1;
                postcode
            };
            let base = Prop {
                uprn: 0,
                street: street_index,
                postcode: 0,
                number: 0,
                flat: 0,
                building: 0,
                suffix: 0,
                kind: KIND_HOUSE,
            };
            let mut max_number = 0u16;
            if k % 40 == 2 {
                // The district's business park.
                let stem = STEMS[rng.below(STEMS.len() as u64) as usize];
                let word = if rng.chance(0.5) {
                    "Business Park"
                } else {
                    "Trading Estate"
                };
                w.borough.buildings.push(format!("{stem} {word}"));
                let building = w.borough.buildings.len() as u16;
                for unit in 1..=rng.range(6, 24) as u16 {
                    let pc = next_postcode(&mut rng, &mut w);
                    w.add(
                        &mut rng,
                        Prop {
                            postcode: pc,
                            flat: unit,
                            building,
                            kind: KIND_UNIT,
                            ..base
                        },
                    )?;
                }
            }
            let blocks = if rng.chance(0.12) { rng.range(1, 2) } else { 0 };
            let houses = if blocks > 0 {
                rng.range(0, 6) as u16
            } else {
                (3 + rng.below(14) + rng.below(14)) as u16
            };
            let skip_13 = rng.chance(0.3);
            for number in 1..=houses {
                if number == 13 && skip_13 {
                    continue;
                }
                max_number = number;
                if rng.chance(0.09) {
                    // A house converted into flats.
                    for flat in 1..=rng.range(2, 4) as u16 {
                        let pc = next_postcode(&mut rng, &mut w);
                        w.add(
                            &mut rng,
                            Prop {
                                postcode: pc,
                                number,
                                flat,
                                kind: KIND_CONVERTED,
                                ..base
                            },
                        )?;
                    }
                } else {
                    let pc = next_postcode(&mut rng, &mut w);
                    w.add(
                        &mut rng,
                        Prop {
                            postcode: pc,
                            number,
                            ..base
                        },
                    )?;
                }
                if rng.chance(0.035) {
                    let pc = next_postcode(&mut rng, &mut w);
                    w.add(
                        &mut rng,
                        Prop {
                            postcode: pc,
                            number,
                            suffix: b'A',
                            ..base
                        },
                    )?;
                }
            }
            let first_bird = rng.below(BLOCK_NAMES.len() as u64) as usize;
            for b in 0..blocks as usize {
                let bird = BLOCK_NAMES[(first_bird + b * 5) % BLOCK_NAMES.len()];
                let word = BUILDING_WORDS[rng.below(5) as usize].0;
                w.borough.buildings.push(format!("{bird} {word}"));
                let building = w.borough.buildings.len() as u16;
                for flat in 1..=rng.range(8, 30) as u16 {
                    let pc = next_postcode(&mut rng, &mut w);
                    w.add(
                        &mut rng,
                        Prop {
                            postcode: pc,
                            flat,
                            building,
                            kind: KIND_BLOCK,
                            ..base
                        },
                    )?;
                }
            }
            let street = &mut w.borough.streets[street_index as usize];
            street.max_number = max_number;
            street.last_postcode = postcode;
        }
        let rows = w.rows;
        w.out.finish()?;
        Ok((borough, rows))
    }

    fn postcode_of(&self, prop: u32) -> &str {
        let p = &self.props[prop as usize];
        &self.postcodes[p.postcode as usize]
    }
}

// ---------------------------------------------------------------------------
// CSV output.

struct CsvOut {
    path: PathBuf,
    w: csv::Writer<BufWriter<File>>,
}

impl CsvOut {
    fn create(path: PathBuf) -> Result<CsvOut, Error> {
        let file = File::create(&path).map_err(|e| Error::io(&path, e))?;
        let w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(BufWriter::with_capacity(1 << 16, file));
        Ok(CsvOut { path, w })
    }

    fn row<I, T>(&mut self, fields: I) -> Result<(), Error>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.w
            .write_record(fields)
            .map_err(|e| Error::io(&self.path, io::Error::from(e)))
    }

    fn finish(self) -> Result<(), Error> {
        let path = self.path;
        let mut inner = self
            .w
            .into_inner()
            .map_err(|e| Error::io(&path, e.into_error()))?;
        inner.flush().map_err(|e| Error::io(&path, e))
    }
}

// ---------------------------------------------------------------------------
// Noise counters.

const NOISE: &[&str] = &[
    "surname_typo",
    "forename_typo",
    "nickname",
    "initials_only",
    "title",
    "name_order_surname_first",
    "forename_surname_swapped",
    "dob_day_month_swap",
    "dob_typo",
    "dob_missing",
    "nino_missing",
    "nino_typo",
    "nino_spaced_or_lower",
    "maiden_name",
    "namesake_same_postcode",
    "father_son_same_name",
    "moved_within_borough",
    "moved_out_of_borough",
    "record_at_old_address",
    "address_abbreviated",
    "flat_form_slash",
    "flat_form_after",
    "postcode_no_space",
    "postcode_lower",
    "postcode_missing",
    "town_omitted",
    "address_not_in_gazetteer",
    "uprn_missing",
];

#[derive(Clone, Copy)]
enum Noise {
    SurnameTypo,
    ForenameTypo,
    Nickname,
    InitialsOnly,
    Title,
    NameOrder,
    NameSwapped,
    DobSwap,
    DobTypo,
    DobMissing,
    NinoMissing,
    NinoTypo,
    NinoWritten,
    Maiden,
    Namesake,
    FatherSon,
    MovedWithin,
    MovedAway,
    OldAddress,
    Abbreviated,
    FlatSlash,
    FlatAfter,
    PostcodeNoSpace,
    PostcodeLower,
    PostcodeMissing,
    TownOmitted,
    NotInGazetteer,
    UprnMissing,
}

// ---------------------------------------------------------------------------
// Sources.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Ctax,
    Nndr,
    Rent,
    Fta,
    Hbop,
    Sundry,
    Pcn,
    BreathingSpace,
    Vulnerability,
    IncomeExpenditure,
}

const SOURCES: [Source; 10] = [
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
    fn name(self) -> &'static str {
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

    fn index(self) -> usize {
        self as usize
    }

    /// Holds only a free-text address (no UPRN). A former tenancy's own
    /// address is the housing system's property; only its forwarding
    /// address is free text.
    fn free_text(self) -> bool {
        !matches!(
            self,
            Source::Ctax | Source::Nndr | Source::Rent | Source::Fta | Source::Hbop
        )
    }

    /// Informal systems, where people give the name they go by.
    fn informal(self) -> bool {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Lead,
    Joint,
    Tenant,
    JointTenant,
    Claimant,
    Debtor,
    Keeper,
    Subject,
}

impl Role {
    fn name(self) -> &'static str {
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

    fn tag(self) -> &'static str {
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

// ---------------------------------------------------------------------------
// People and households.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rel {
    Head,
    Partner,
    Child,
    Lodger,
    Parent,
}

#[derive(Debug, Clone)]
struct Member {
    id: u64,
    female: bool,
    forename: &'static str,
    middle: Option<char>,
    surname: u32,
    /// The surname before marriage, used on records at her old address.
    maiden: Option<u32>,
    dob: NaiveDate,
    nino: String,
    title: &'static str,
    /// The short form this person goes by in informal systems.
    nickname: Option<&'static str>,
    rel: Rel,
    /// 0 none, 1 low, 2 high.
    debt: u8,
    /// A previous address of this person alone (lodger, partner, maiden).
    own_old: Option<u32>,
}

/// An address outside the gazetteer.
#[derive(Debug, Clone)]
struct External {
    number: u16,
    stem: u16,
    suffix: u8,
    town: &'static str,
    postcode: String,
}

#[derive(Debug, Clone)]
enum Addr {
    Prop(u32),
    External(External),
    /// A house number past the end of a real street: a new build not yet
    /// in the gazetteer.
    NewBuild {
        street: u32,
        number: u16,
    },
    Missing,
}

#[derive(Debug, Clone)]
struct Spec {
    member: usize,
    source: Source,
    role: Role,
    account: u64,
    addr: Addr,
    /// A closed account's forwarding address, when the system recorded one.
    forwarding: Option<Addr>,
    /// The surname as it was when the record was made.
    surname: u32,
    /// Liability or tenancy period (revenues and housing systems).
    occupied: Option<(NaiveDate, Option<NaiveDate>)>,
}

/// `days` before `date` (the date itself should that leave the calendar).
fn days_before(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(chrono::Days::new(days))
        .unwrap_or(date)
}

/// `days` after `date`, never past the reference date.
fn days_after(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(chrono::Days::new(days))
        .unwrap_or(date)
        .min(REFERENCE)
}

/// When the new liability starts after the old one ends on `moved_on`:
/// usually the next day or within a fortnight, sometimes after an empty
/// spell, sometimes before the old account was closed (a late notice), and
/// now and then months later (a stay elsewhere in between).
fn move_in(rng: &mut Rng, moved_on: NaiveDate) -> NaiveDate {
    match rng.weighted(&[55, 25, 10, 5, 5]) {
        0 => days_after(moved_on, 1),
        1 => days_after(moved_on, rng.range(2, 14)),
        2 => days_after(moved_on, rng.range(15, 60)),
        3 => days_before(moved_on, rng.range(0, 14)),
        _ => days_after(moved_on, rng.range(61, 365)),
    }
}

/// The day someone born on `dob` turned 18: nobody is liable for council
/// tax (Local Government Finance Act 1992 s.6) or holds a legal tenancy
/// before it, so no period starts earlier.
fn of_age(dob: NaiveDate) -> NaiveDate {
    dob.checked_add_months(chrono::Months::new(18 * 12))
        .unwrap_or(dob)
}

/// `from`, or the holder's 18th birthday if that is later.
fn adult_from(from: NaiveDate, dob: NaiveDate) -> NaiveDate {
    from.max(of_age(dob))
}

const REFERENCE: NaiveDate = match NaiveDate::from_ymd_opt(2026, 11, 20) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

fn dob_for_age(rng: &mut Rng, age: u64) -> NaiveDate {
    let year = REFERENCE.year() - age as i32;
    let base = NaiveDate::from_ymd_opt(year, 11, 20).unwrap_or(REFERENCE);
    base.checked_sub_days(chrono::Days::new(rng.below(365)))
        .unwrap_or(base)
}

fn new_nino(rng: &mut Rng) -> String {
    const FIRST: &[u8] = b"ABCEGHJKLMNOPRSTWXYZ";
    const SECOND: &[u8] = b"ABCEGHJKLMNPRSTWXYZ";
    loop {
        let a = rng.pick(FIRST) as char;
        let b = rng.pick(SECOND) as char;
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

/// A one-edit typo (substitution, deletion, insertion or transposition)
/// that keeps the first letter.
fn typo(s: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() < 3 {
        return s.to_string();
    }
    let upper = chars.iter().all(|c| !c.is_lowercase());
    let letter = |rng: &mut Rng| {
        let c = (b'a' + rng.below(26) as u8) as char;
        if upper {
            c.to_ascii_uppercase()
        } else {
            c
        }
    };
    for _ in 0..8 {
        let mut v = chars.clone();
        let pos = 1 + rng.below(v.len() as u64 - 1) as usize;
        match rng.below(4) {
            0 => v[pos] = letter(rng),
            1 => {
                v.remove(pos);
            }
            2 => {
                let c = letter(rng);
                v.insert(pos, c);
            }
            _ => {
                if pos + 1 < v.len() {
                    v.swap(pos, pos + 1);
                } else {
                    v.swap(pos - 1, pos);
                }
            }
        }
        if v.len() >= 2
            && v.iter()
                .all(|c| c.is_alphabetic() || *c == '\'' || *c == '-' || *c == ' ')
        {
            let out: String = v.into_iter().collect();
            if out != s && !out.ends_with(['-', ' ', '\'']) {
                return out;
            }
        }
    }
    let mut v = chars;
    let last = v.len() - 1;
    v[last] = if v[last] == 'e' { 'a' } else { 'e' };
    v.into_iter().collect()
}

/// A one-digit typo in a date of birth that still gives a valid date.
fn dob_typo(d: NaiveDate, rng: &mut Rng) -> NaiveDate {
    for _ in 0..20 {
        let mut digits: Vec<u8> = d.format("%Y%m%d").to_string().into_bytes();
        let pos = 2 + rng.below(6) as usize;
        let new = b'0' + rng.below(10) as u8;
        if digits[pos] == new {
            continue;
        }
        digits[pos] = new;
        let text = String::from_utf8_lossy(&digits).to_string();
        if let Ok(t) = NaiveDate::parse_from_str(&text, "%Y%m%d") {
            if t != d && t < REFERENCE {
                return t;
            }
        }
    }
    d.succ_opt().unwrap_or(d)
}

fn nino_typo(n: &str, rng: &mut Rng) -> String {
    let mut v: Vec<u8> = n.as_bytes().to_vec();
    if v.len() != 9 {
        return n.to_string();
    }
    if rng.chance(0.8) {
        let pos = 2 + rng.below(6) as usize;
        let old = v[pos];
        let mut d = b'0' + rng.below(10) as u8;
        if d == old {
            d = if old == b'9' { b'0' } else { old + 1 };
        }
        v[pos] = d;
    } else {
        let pos = rng.below(2) as usize;
        let old = v[pos];
        let mut c = b'A' + rng.below(26) as u8;
        if c == old {
            c = if old == b'Z' { b'A' } else { old + 1 };
        }
        v[pos] = c;
    }
    String::from_utf8_lossy(&v).to_string()
}

fn spaced_nino(n: &str) -> String {
    if n.len() == 9 {
        format!(
            "{} {} {} {} {}",
            &n[0..2],
            &n[2..4],
            &n[4..6],
            &n[6..8],
            &n[8..9]
        )
    } else {
        n.to_string()
    }
}

// ---------------------------------------------------------------------------
// The generator.

struct PrevHousehold {
    postcode: u32,
    forename: &'static str,
    surname: u32,
    female: bool,
}

struct Generator<'a> {
    seed: u64,
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
    writers: Vec<CsvOut>,
    truth: CsvOut,
    noise: [u64; 28],
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
            writers.push(CsvOut::create(
                options.out.join(format!(".records.{}.part", s.name())),
            )?);
        }
        let mut truth = CsvOut::create(options.out.join("truth.csv"))?;
        truth.row(["true_person_id", "household_uprn"])?;
        // Households average about 2.1 people: leave the rest vacant.
        let households = options.people as f64 / 2.1;
        let vacancy = (1.0 - households / borough.residential.len().max(1) as f64).clamp(0.0, 0.5);
        Ok(Generator {
            seed: options.seed,
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
            noise: [0; 28],
            records: 0,
            free_text: 0,
            free_text_no_uprn: 0,
            per_person: [0; 7],
        })
    }

    fn count(&mut self, n: Noise) {
        self.noise[n as usize] += 1;
    }

    /// A new account or reference number of a source: counters scrambled
    /// by a bijection of 0..10^9.
    fn next_ref(&mut self, source: Source) -> u64 {
        let c = self.counters[source.index()];
        self.counters[source.index()] += 1;
        (c.wrapping_mul(387_420_489) + 104_729 * (source.index() as u64 + 1)) % 1_000_000_000
    }

    /// The next free home for a household (an index into `residential`).
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

    fn random_home(&self, rng: &mut Rng, not: Option<u32>) -> u32 {
        let r = &self.borough.residential;
        for _ in 0..4 {
            let p = r[rng.below(r.len() as u64) as usize];
            if Some(p) != not {
                return p;
            }
        }
        r[0]
    }

    fn external(&self, rng: &mut Rng) -> External {
        let (town, area) = rng.pick(OTHER_TOWNS);
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

    fn new_build(&self, rng: &mut Rng) -> Addr {
        let street = rng.below(self.borough.streets.len() as u64) as u32;
        let max = self.borough.streets[street as usize].max_number;
        Addr::NewBuild {
            street,
            number: max + 2 + rng.below(20) as u16,
        }
    }

    fn member(
        &mut self,
        rng: &mut Rng,
        female: bool,
        age: u64,
        surname: Option<u32>,
        rel: Rel,
        partnered: bool,
    ) -> Member {
        self.made += 1;
        let forename = pick_forename(rng, female);
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
        let nickname = (!nicks.is_empty() && rng.chance(0.25)).then(|| rng.pick(nicks));
        let debt = match rng.weighted(&[45, 35, 20]) {
            0 => 0,
            1 => 1,
            _ => 2,
        };
        Member {
            id: self.made,
            female,
            forename,
            middle: rng
                .chance(0.5)
                .then(|| (b'A' + rng.below(26) as u8) as char),
            surname: surname.unwrap_or_else(|| self.names.pick(rng)),
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

    fn household(&mut self, h: u64) -> Result<(), Error> {
        let mut rng = Rng::derive(self.seed, 7, h);
        let rng = &mut rng;
        let remaining = self.people - self.made;
        let kind = rng.weighted(&[33, 26, 17, 10, 8, 6]);
        let mut members: Vec<Member> = Vec::with_capacity(5);
        let mut married = false;
        match kind {
            0 => {
                let female = rng.chance(0.52);
                let age = 18 + rng.below(50) + rng.below(25);
                let m = self.member(rng, female, age, None, Rel::Head, false);
                members.push(m);
            }
            1 | 2 | 5 => {
                let (lo, hi) = match kind {
                    1 => (20, 88),
                    2 => (38, 66),
                    _ => (35, 58),
                };
                let head_age = rng.range(lo, hi);
                let same_sex = rng.chance(0.04);
                let head = self.member(rng, false, head_age, None, Rel::Head, true);
                married = !same_sex && rng.chance(0.72);
                let partner_age = (head_age + 6).saturating_sub(rng.range(0, 10)).max(18);
                let partner_surname = married.then_some(head.surname);
                let mut partner = self.member(
                    rng,
                    !same_sex,
                    partner_age,
                    partner_surname,
                    Rel::Partner,
                    true,
                );
                let head_surname = head.surname;
                let head_forename = head.forename;
                members.push(head);
                if married && rng.chance(0.22) && remaining >= 2 {
                    partner.maiden = Some(self.names.pick(rng));
                }
                members.push(partner);
                if kind == 2 {
                    let kids = rng.range(1, 3);
                    for _ in 0..kids {
                        let max_age = (head_age - 20).min(32);
                        let age = rng.range(16, max_age.max(16));
                        let female = rng.chance(0.5);
                        let surname = if married || rng.chance(0.7) {
                            Some(head_surname)
                        } else {
                            None
                        };
                        let mut kid = self.member(rng, female, age, surname, Rel::Child, false);
                        if !female && age >= 18 && rng.chance(0.1) {
                            kid.forename = head_forename;
                            kid.nickname = None;
                            self.count(Noise::FatherSon);
                        }
                        members.push(kid);
                    }
                } else if kind == 5 {
                    let age = (head_age + 24 + rng.below(10)).min(98);
                    let female = rng.chance(0.7);
                    let parent =
                        self.member(rng, female, age, Some(head_surname), Rel::Parent, false);
                    members.push(parent);
                }
            }
            3 => {
                let female = rng.chance(0.8);
                let head_age = rng.range(36, 60);
                let head = self.member(rng, female, head_age, None, Rel::Head, false);
                let surname = head.surname;
                members.push(head);
                for _ in 0..rng.range(1, 2) {
                    let age = rng.range(16, (head_age - 18).min(30));
                    let s = if rng.chance(0.8) { Some(surname) } else { None };
                    let female = rng.chance(0.5);
                    let kid = self.member(rng, female, age, s, Rel::Child, false);
                    members.push(kid);
                }
            }
            _ => {
                for i in 0..rng.range(2, 4) {
                    let age = rng.range(19, 45);
                    let rel = if i == 0 { Rel::Head } else { Rel::Lodger };
                    let female = rng.chance(0.5);
                    let m = self.member(rng, female, age, None, rel, false);
                    members.push(m);
                }
            }
        }
        // Never more people than asked for.
        let keep = members.len().min(remaining as usize).max(1);
        if keep < members.len() {
            self.made -= (members.len() - keep) as u64;
            members.truncate(keep);
        }

        // Where they live.
        let away = rng.chance(0.02);
        let home = if away {
            None
        } else {
            Some(self.next_home(rng))
        };
        let moved = away || rng.chance(0.18);
        let old = moved.then(|| self.random_home(rng, home));
        let away_addr = away.then(|| self.external(rng));
        let tenant = match home {
            Some(p) => {
                let kind = self.borough.props[p as usize].kind;
                rng.chance(match kind {
                    KIND_BLOCK => 0.7,
                    KIND_CONVERTED => 0.35,
                    _ => 0.15,
                })
            }
            None => false,
        };
        let old_tenant = moved && rng.chance(0.35);

        // Namesakes: the head takes the name of the head next door on the
        // same postcode.
        if let (Some(p), Some(prev)) = (home, &self.prev) {
            let common = (prev.surname as usize) < COMMON_SURNAMES.len();
            if common
                && self.borough.props[p as usize].postcode == prev.postcode
                && rng.chance(0.05)
            {
                let (forename, surname, female) = (prev.forename, prev.surname, prev.female);
                if let Some(head) = members.first_mut() {
                    head.forename = forename;
                    head.surname = surname;
                    head.female = female;
                    head.nickname = None;
                    head.title = if female { "Ms" } else { "Mr" };
                    self.count(Noise::Namesake);
                }
                // A married partner takes the head's surname too.
                if married {
                    if let Some(partner) = members.get_mut(1) {
                        partner.surname = surname;
                    }
                }
            }
        }

        for m in &mut members {
            let individual = match m.rel {
                Rel::Lodger => rng.chance(0.33),
                Rel::Partner => !married && rng.chance(0.25),
                _ => false,
            };
            if m.maiden.is_some() {
                m.own_old = Some(self.random_home(rng, home));
                self.count(Noise::Maiden);
            } else if individual {
                m.own_old = Some(self.random_home(rng, home));
            }
        }
        for m in &members {
            if away {
                self.count(Noise::MovedAway);
            } else if moved || m.own_old.is_some() {
                self.count(Noise::MovedWithin);
            }
        }

        // What each system holds.
        let mut specs: Vec<Spec> = Vec::new();
        let current = match (home, &away_addr) {
            (Some(p), _) => Addr::Prop(p),
            (None, Some(e)) => Addr::External(e.clone()),
            (None, None) => Addr::Missing,
        };
        // The forwarding address someone leaves: where they live now, when
        // that is known.
        let forwarding_to_current =
            || Some(current.clone()).filter(|c| !matches!(c, Addr::Missing));
        let partner_index = members.iter().position(|m| m.rel == Rel::Partner);
        let second_sharer = members.iter().position(|m| m.rel == Rel::Lodger);
        let spec = |member: usize, source, role, account, addr: Addr, members: &[Member]| Spec {
            member,
            source,
            role,
            account,
            addr,
            forwarding: None,
            surname: members[member].surname,
            occupied: None,
        };
        // Liability and tenancy periods, drawn from a stream of their own so
        // that everything else about the household is as without them.
        let mut when = Rng::derive(self.seed, 11, h);
        // A household that moved did so after its head came of age (the
        // old account was in their name), and at least a month ago.
        let moved_on = days_before(REFERENCE, when.range(30, 6 * 365))
            .max(days_after(of_age(members[0].dob), 180))
            .min(days_before(REFERENCE, 30));
        let since = if moved {
            move_in(&mut when, moved_on)
        } else {
            days_before(REFERENCE, when.range(60, 30 * 365))
        };
        let since = adult_from(since, members[0].dob);
        let old_since = adult_from(
            days_before(moved_on, when.range(180, 15 * 365)),
            members[0].dob,
        )
        .min(moved_on);
        // A member who came from a home of their own: when they left it,
        // and when they joined this household's account.
        let own_moves: Vec<(NaiveDate, NaiveDate, NaiveDate)> = members
            .iter()
            .map(|m| {
                // Moving in with a household that stays put: they left their
                // own home after its account began (within the last eight
                // years) and joined the account then.
                let left = if moved {
                    moved_on
                } else {
                    let earliest = since.max(days_before(REFERENCE, 8 * 365));
                    let span = (REFERENCE - earliest).num_days().max(60) as u64;
                    days_after(earliest, when.range(0, span - 30))
                };
                let joined = if moved {
                    since
                } else {
                    move_in(&mut when, left)
                };
                // Their own home was theirs only once they came of age.
                let left = left.max(of_age(m.dob));
                let own_from =
                    adult_from(days_before(left, when.range(180, 10 * 365)), m.dob).min(left);
                (own_from, left, joined.max(left))
            })
            .collect();
        let joined = |i: usize, members: &[Member]| {
            if members[i].own_old.is_some() {
                own_moves[i].2
            } else {
                adult_from(since, members[i].dob)
            }
        };
        if let Some(p) = home {
            let account = self.next_ref(Source::Ctax);
            let mut lead = spec(
                0,
                Source::Ctax,
                Role::Lead,
                account,
                Addr::Prop(p),
                &members,
            );
            lead.occupied = Some((since, None));
            specs.push(lead);
            let joint_party = match (partner_index, second_sharer) {
                (Some(pi), _) => rng.chance(0.7).then_some(pi),
                (None, Some(si)) => rng.chance(0.35).then_some(si),
                (None, None) => None,
            };
            if let Some(j) = joint_party {
                let mut joint = spec(
                    j,
                    Source::Ctax,
                    Role::Joint,
                    account,
                    Addr::Prop(p),
                    &members,
                );
                joint.occupied = Some((joined(j, &members), None));
                specs.push(joint);
            }
            if tenant {
                let account = self.next_ref(Source::Rent);
                let mut lead = spec(
                    0,
                    Source::Rent,
                    Role::Tenant,
                    account,
                    Addr::Prop(p),
                    &members,
                );
                lead.occupied = Some((since, None));
                specs.push(lead);
                if let Some(pi) = partner_index.or(second_sharer) {
                    if rng.chance(0.6) {
                        let mut joint = spec(
                            pi,
                            Source::Rent,
                            Role::JointTenant,
                            account,
                            Addr::Prop(p),
                            &members,
                        );
                        joint.occupied = Some((joined(pi, &members), None));
                        specs.push(joint);
                    }
                }
            }
        }
        if let Some(o) = old {
            let account = self.next_ref(Source::Ctax);
            // The account closed when they moved; the revenues system holds
            // the forwarding address about half the time.
            let forwarding =
                (rng.chance(0.5) && !matches!(current, Addr::Missing)).then(|| current.clone());
            let mut closed = spec(
                0,
                Source::Ctax,
                Role::Lead,
                account,
                Addr::Prop(o),
                &members,
            );
            closed.forwarding = forwarding.clone();
            closed.occupied = Some((old_since, Some(moved_on)));
            specs.push(closed);
            let partner_moved = partner_index.filter(|pi| members[*pi].own_old.is_none());
            // The partner was liable at the old home from when they came of
            // age; one still a minor when the household left was not.
            let partner_from = partner_moved
                .map(|pi| adult_from(old_since, members[pi].dob))
                .filter(|from| *from <= moved_on);
            if let Some(pi) = partner_moved {
                if let (true, Some(from)) = (rng.chance(0.6), partner_from) {
                    let mut joint = spec(
                        pi,
                        Source::Ctax,
                        Role::Joint,
                        account,
                        Addr::Prop(o),
                        &members,
                    );
                    joint.forwarding = forwarding.clone();
                    joint.occupied = Some((from, Some(moved_on)));
                    specs.push(joint);
                }
            }
            if old_tenant && rng.chance(0.6) {
                // The former tenancy, as the housing system holds it: the
                // property, its first and last day, and the forwarding
                // address the tenant left (none for 12%).
                let account = self.next_ref(Source::Fta);
                let forwarding = if rng.chance(0.12) {
                    None
                } else {
                    forwarding_to_current()
                };
                let mut tenant = spec(
                    0,
                    Source::Fta,
                    Role::Tenant,
                    account,
                    Addr::Prop(o),
                    &members,
                );
                tenant.forwarding = forwarding.clone();
                tenant.occupied = Some((old_since, Some(moved_on)));
                specs.push(tenant);
                if let Some(pi) = partner_moved {
                    if let (true, Some(from)) = (rng.chance(0.4), partner_from) {
                        let mut joint = spec(
                            pi,
                            Source::Fta,
                            Role::JointTenant,
                            account,
                            Addr::Prop(o),
                            &members,
                        );
                        joint.forwarding = forwarding;
                        joint.occupied = Some((from, Some(moved_on)));
                        specs.push(joint);
                    }
                }
            }
        }
        for i in 0..members.len() {
            let Some(own) = members[i].own_old else {
                continue;
            };
            if let Some(maiden) = members[i].maiden {
                // A record from before the marriage, under the maiden name.
                let (source, role, addr) = match rng.weighted(&[45, 20, 15, 20]) {
                    0 => (Source::Ctax, Role::Lead, Addr::Prop(own)),
                    1 => (Source::Hbop, Role::Claimant, Addr::Prop(own)),
                    2 => (Source::Pcn, Role::Keeper, Addr::Prop(own)),
                    _ => (Source::Fta, Role::Tenant, Addr::Prop(own)),
                };
                let account = self.next_ref(source);
                let mut s = spec(i, source, role, account, addr, &members);
                s.surname = maiden;
                if matches!(source, Source::Ctax | Source::Fta) {
                    s.occupied = Some((own_moves[i].0, Some(own_moves[i].1)));
                }
                if source == Source::Fta {
                    // A former tenancy of her own home, with her forwarding
                    // address: where she lives now.
                    s.forwarding = forwarding_to_current();
                }
                specs.push(s);
            } else if rng.chance(0.6) {
                let account = self.next_ref(Source::Ctax);
                let mut s = spec(
                    i,
                    Source::Ctax,
                    Role::Lead,
                    account,
                    Addr::Prop(own),
                    &members,
                );
                s.occupied = Some((own_moves[i].0, Some(own_moves[i].1)));
                specs.push(s);
            }
        }
        for i in 0..members.len() {
            let m = &members[i];
            let debt = usize::from(m.debt);
            let age = REFERENCE.year() - m.dob.year();
            let old_addr = m.own_old.or(old);
            // The address a free-text system holds: usually where they live.
            let free_addr = |rng: &mut Rng, stale: f64| -> Addr {
                if let (Some(o), true) = (old_addr, rng.chance(stale)) {
                    return Addr::Prop(o);
                }
                current.clone()
            };
            if (25..=70).contains(&age) && rng.chance(0.015) {
                let units = &self.borough.commercial;
                if !units.is_empty() {
                    let unit = units[rng.below(units.len() as u64) as usize];
                    let account = self.next_ref(Source::Nndr);
                    let mut s = spec(
                        i,
                        Source::Nndr,
                        Role::Lead,
                        account,
                        Addr::Prop(unit),
                        &members,
                    );
                    let from = days_before(REFERENCE, when.range(60, 15 * 365));
                    s.occupied = Some((adult_from(from, members[i].dob), None));
                    specs.push(s);
                }
            }
            let hbop = [0.03, 0.12, 0.35][debt] + if age >= 60 { 0.03 } else { 0.0 };
            if rng.chance(hbop) {
                let addr = free_addr(rng, 0.35);
                let addr = if away && matches!(addr, Addr::External(_)) {
                    old.map_or(Addr::Missing, Addr::Prop)
                } else {
                    addr
                };
                let account = self.next_ref(Source::Hbop);
                specs.push(spec(
                    i,
                    Source::Hbop,
                    Role::Claimant,
                    account,
                    addr,
                    &members,
                ));
            }
            let sundry = [0.05, 0.15, 0.35][debt];
            let n_sundry = u32::from(rng.chance(sundry)) + u32::from(debt == 2 && rng.chance(0.4));
            for _ in 0..n_sundry {
                let addr = free_addr(rng, 0.15);
                let account = self.next_ref(Source::Sundry);
                specs.push(spec(
                    i,
                    Source::Sundry,
                    Role::Debtor,
                    account,
                    addr,
                    &members,
                ));
            }
            let pcn = 0.12 + if age < 40 { 0.05 } else { 0.0 } + if debt == 2 { 0.05 } else { 0.0 };
            let n_pcn = u32::from(rng.chance(pcn)) + u32::from(debt == 2 && rng.chance(0.2));
            for _ in 0..n_pcn {
                let addr = free_addr(rng, 0.25);
                let account = self.next_ref(Source::Pcn);
                specs.push(spec(i, Source::Pcn, Role::Keeper, account, addr, &members));
            }
            if rng.chance([0.003, 0.02, 0.15][debt]) {
                let account = self.next_ref(Source::BreathingSpace);
                specs.push(spec(
                    i,
                    Source::BreathingSpace,
                    Role::Subject,
                    account,
                    current.clone(),
                    &members,
                ));
            }
            let vuln = [0.02, 0.05, 0.15][debt] + if age >= 80 { 0.05 } else { 0.0 };
            if rng.chance(vuln) {
                let account = self.next_ref(Source::Vulnerability);
                specs.push(spec(
                    i,
                    Source::Vulnerability,
                    Role::Subject,
                    account,
                    current.clone(),
                    &members,
                ));
            }
            if rng.chance([0.02, 0.12, 0.45][debt]) {
                let account = self.next_ref(Source::IncomeExpenditure);
                specs.push(spec(
                    i,
                    Source::IncomeExpenditure,
                    Role::Subject,
                    account,
                    current.clone(),
                    &members,
                ));
            }
        }
        // Everyone is in at least one system; nobody in more than six records.
        let mut records: Vec<Spec> = Vec::with_capacity(specs.len() + members.len());
        for (i, m) in members.iter().enumerate() {
            let mut mine: Vec<Spec> = specs.iter().filter(|s| s.member == i).cloned().collect();
            let fallback = if mine.is_empty() {
                1 + u64::from(rng.chance(0.3))
            } else {
                0
            };
            for _ in 0..fallback {
                let source = match rng.weighted(&[45, 40, 15]) {
                    0 => Source::Sundry,
                    1 => Source::Pcn,
                    _ => Source::IncomeExpenditure,
                };
                let role = match source {
                    Source::Sundry => Role::Debtor,
                    Source::Pcn => Role::Keeper,
                    _ => Role::Subject,
                };
                let account = self.next_ref(source);
                mine.push(Spec {
                    member: i,
                    source,
                    role,
                    account,
                    addr: current.clone(),
                    forwarding: None,
                    surname: m.surname,
                    occupied: None,
                });
            }
            mine.truncate(6);
            self.per_person[mine.len()] += 1;
            records.extend(mine);
        }
        // Render and write, system by system in the order planned.
        for s in &records {
            self.write_record(rng, s, &members[s.member], home)?;
        }
        for m in &members {
            let id = person_id(m.id);
            let uprn = home
                .map(|p| self.borough.props[p as usize].uprn.to_string())
                .unwrap_or_default();
            self.truth.row([id.as_str(), uprn.as_str()])?;
        }
        if let (Some(p), Some(head)) = (home, members.first()) {
            self.prev = Some(PrevHousehold {
                postcode: self.borough.props[p as usize].postcode,
                forename: head.forename,
                surname: head.surname,
                female: head.female,
            });
        } else {
            self.prev = None;
        }
        Ok(())
    }

    fn write_record(
        &mut self,
        rng: &mut Rng,
        s: &Spec,
        m: &Member,
        home: Option<u32>,
    ) -> Result<(), Error> {
        let source = s.source;
        let mut addr = s.addr.clone();
        if source.free_text() && !matches!(addr, Addr::Missing) && rng.chance(0.015) {
            // A correspondence address out of the borough, or a new build
            // not yet in the gazetteer.
            addr = if rng.chance(0.6) {
                Addr::External(self.external(rng))
            } else {
                self.new_build(rng)
            };
        }
        if let Addr::Prop(p) = addr {
            if Some(p) != home && self.borough.props[p as usize].kind != KIND_UNIT {
                self.count(Noise::OldAddress);
            }
        }
        // Name.
        let (full_name, forename, surname) = self.render_name(rng, s, m);
        // Date of birth.
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
        let dob = if rng.chance(dob_rate) {
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
        };
        // NINO.
        let nino_rate = match source {
            Source::Rent => 0.35,
            Source::Fta => 0.3,
            Source::Hbop => 0.96,
            Source::IncomeExpenditure => 0.4,
            _ => 0.0,
        };
        let nino = if rng.chance(nino_rate) {
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
                    0 => spaced_nino(&n),
                    1 => n.to_lowercase(),
                    _ => spaced_nino(&n).to_lowercase(),
                }
            } else {
                n
            }
        } else {
            if nino_rate > 0.9 {
                self.count(Noise::NinoMissing);
            }
            String::new()
        };
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
        let record_id = format!("{}:{:09}:{}", source.name(), s.account, s.role.tag());
        let true_uprn = true_uprn.map(|u| u.to_string()).unwrap_or_default();
        let person = person_id(m.id);
        self.writers[source.index()].row([
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
        ])?;
        self.records += 1;
        Ok(())
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
        if m.nickname.is_some() && rng.chance(nick_rate) {
            forename = m.nickname.unwrap_or(m.forename).to_string();
            self.count(Noise::Nickname);
        } else if !casual.is_empty() && source != Source::Hbop && rng.chance(0.015) {
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
        if rng.chance(initial_rate) {
            forename = forename.chars().take(1).collect();
            initial = true;
            self.count(Noise::InitialsOnly);
        } else if rng.chance(0.015) {
            forename = typo(&forename, rng);
            self.count(Noise::ForenameTypo);
        }
        let mut surname = self.names.get(s.surname).to_string();
        if rng.chance(0.02) {
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
                        let omit_street = prop.kind == KIND_BLOCK && rng.chance(0.15);
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
        if rng.chance(missing) {
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
        let mut parts = Vec::with_capacity(writers.len());
        for w in writers {
            parts.push(w.path.clone());
            w.finish()?;
        }
        let path = out.join("records.csv");
        let file = File::create(&path).map_err(|e| Error::io(&path, e))?;
        let mut all = BufWriter::with_capacity(1 << 16, file);
        all.write_all(
            b"record_id,source,role,full_name,forename,surname,dob,nino,address,postcode,uprn,true_person_id,true_uprn,status,forwarding_address,forwarding_postcode,occupied_from,occupied_to\n",
        )
        .map_err(|e| Error::io(&path, e))?;
        for part in &parts {
            let mut f = File::open(part).map_err(|e| Error::io(part, e))?;
            io::copy(&mut f, &mut all).map_err(|e| Error::io(&path, e))?;
        }
        all.flush().map_err(|e| Error::io(&path, e))?;
        drop(all);
        for part in &parts {
            fs::remove_file(part).map_err(|e| Error::io(part, e))?;
        }
        let mut n = CsvOut::create(out.join("noise.csv"))?;
        n.row(["kind", "count"])?;
        let totals = [
            ("total_people", made),
            ("total_households", households),
            ("total_records", records),
            ("total_free_text_records", free_text),
            ("total_free_text_without_true_uprn", free_text_no_uprn),
        ];
        for (k, v) in totals {
            n.row([k.to_string(), v.to_string()])?;
        }
        for (i, v) in per_person.iter().enumerate().skip(1) {
            n.row([format!("people_with_{i}_records"), v.to_string()])?;
        }
        for (k, v) in NOISE.iter().zip(noise.iter()) {
            n.row([(*k).to_string(), v.to_string()])?;
        }
        n.finish()?;
        Ok(records)
    }
}

fn person_id(id: u64) -> String {
    format!("P{id:08}")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FlatForm {
    /// `Flat 3, 12 High Street`
    Comma,
    /// `3/12 High Street`
    Slash,
    /// `12 High Street Flat 3`
    After,
    /// `Flat 3 12 High Street`
    Plain,
}

/// The address parts before the locality and town.
fn prop_parts(
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
        (KIND_UNIT, Some(bn)) => match form {
            FlatForm::Comma | FlatForm::After => vec![format!("Unit {}", p.flat), bn, name],
            FlatForm::Slash | FlatForm::Plain => vec![format!("Unit {} {bn}", p.flat), name],
        },
        (KIND_BLOCK, Some(bn)) => {
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
        (KIND_CONVERTED, _) => match form {
            FlatForm::Comma => vec![format!("Flat {}", p.flat), format!("{number} {name}")],
            FlatForm::Slash => vec![format!("{}/{number} {name}", p.flat)],
            FlatForm::After => vec![format!("{number} {name} Flat {}", p.flat)],
            FlatForm::Plain => vec![format!("Flat {} {number} {name}", p.flat)],
        },
        _ => vec![format!("{number} {name}")],
    }
}

fn join(parts: &[String], locality: &str, town: Option<&str>, sep: &str) -> String {
    let mut all: Vec<&str> = parts.iter().map(|s| s.as_str()).collect();
    if !locality.is_empty() {
        all.push(locality);
    }
    if let Some(t) = town {
        all.push(t);
    }
    all.join(sep)
}

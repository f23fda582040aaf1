//! The one name table: forenames of men and women by how common they are,
//! surnames with a realistic frequency distribution, and the short forms
//! people go by.
//!
//! Surnames: the hundred commonest in England and Wales with their rough
//! frequency (Smith about 1.1%, the hundred about 16% of people), two
//! hundred less common real ones, then a long tail of tens of thousands of
//! rarer names made from English place-name parts (Ashworth, Bramley ...)
//! with a falling (Zipf-like) weight, and the rarest from syllables, one or
//! two people in a million each. A linker's term-frequency weights matter on
//! such a table as they do on a real register.
//!
//! The nickname table ([`nicknames`]) is this crate's own, kept apart from
//! debt-core's on purpose: the evaluation set plants nicknames by this table
//! and the linker recognises them by debt-core's, so a short form debt-core
//! does not know is a miss the figures show, not one they hide. Keep it the
//! one nickname table in debt-synth.

use crate::random::Rng;

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

/// Short forms a person with this forename may be known by (none for most
/// forenames).
pub fn nicknames(forename: &str) -> &'static [&'static str] {
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

/// The name table: every surname with its cumulative weight, and the
/// forenames' weights.
pub struct Names {
    surnames: Vec<String>,
    cumulative: Vec<u64>,
    male_weights: Vec<u32>,
    female_weights: Vec<u32>,
}

impl Default for Names {
    fn default() -> Self {
        Names::new()
    }
}

impl Names {
    /// Builds the table (about 23,000 surnames; a few milliseconds).
    pub fn new() -> Names {
        Names::with_common_factor(1)
    }

    /// The table with the hundred commonest surnames `factor` times as
    /// frequent as in England and Wales (a denser pool of namesakes: 5 makes
    /// them about half of all people instead of a fifth).
    pub fn with_common_factor(factor: u64) -> Names {
        // Weights in thousandths of a person per 100,000.
        let mut surnames = Vec::new();
        let mut weights: Vec<u64> = Vec::new();
        for (name, per_100k) in COMMON_SURNAMES {
            surnames.push((*name).to_string());
            weights.push(u64::from(*per_100k) * 1000 * factor.max(1));
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
        let weights_of = |table: &[(&str, u32)]| table.iter().map(|(_, w)| *w).collect();
        Names {
            surnames,
            cumulative,
            male_weights: weights_of(MALE),
            female_weights: weights_of(FEMALE),
        }
    }

    /// A surname, by its frequency: its index in the table.
    pub fn pick_surname(&self, rng: &mut Rng) -> u32 {
        let total = self.cumulative.last().copied().unwrap_or(1);
        let x = rng.below(total);
        self.cumulative.partition_point(|c| *c <= x) as u32
    }

    /// The surname at an index.
    pub fn surname(&self, i: u32) -> &str {
        self.surnames
            .get(i as usize)
            .map_or("Smith", |s| s.as_str())
    }

    /// Whether the surname at an index is one of the hundred commonest.
    pub fn is_common(&self, i: u32) -> bool {
        (i as usize) < COMMON_SURNAMES.len()
    }

    /// A forename, by its frequency.
    pub fn pick_forename(&self, rng: &mut Rng, female: bool) -> &'static str {
        let (table, weights) = if female {
            (FEMALE, &self.female_weights)
        } else {
            (MALE, &self.male_weights)
        };
        table[rng.weighted(weights)].0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::Stream;

    #[test]
    fn a_common_factor_of_five_makes_common_surnames_about_half_of_everyone() {
        let share = |n: &Names| {
            let mut rng = Rng::derive(1, Stream::BOROUGH, 0);
            (0..20_000)
                .filter(|_| n.is_common(n.pick_surname(&mut rng)))
                .count() as f64
                / 20_000.0
        };
        let (plain, dense) = (share(&Names::new()), share(&Names::with_common_factor(5)));
        assert!((0.15..0.23).contains(&plain), "{plain}");
        assert!((0.45..0.62).contains(&dense), "{dense}");
    }
}

//! Noise: the mistakes and variations real records carry, planted into the
//! evaluation set's records and counted as they are planted (`noise.csv`).
//! Rates are given where each is planted (`persons`).

use chrono::NaiveDate;

use crate::dates::AS_OF;
use crate::random::Rng;

/// Each kind's name in `noise.csv`, in [`Noise`] order.
const NOISE: [&str; 28] = [
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

/// A kind of noise planted in the evaluation set, counted as planted.
#[derive(Debug, Clone, Copy)]
pub enum Noise {
    /// A one-edit typo in a surname.
    SurnameTypo,
    /// A one-edit typo in a forename.
    ForenameTypo,
    /// A short form of the forename (Bill for William).
    Nickname,
    /// The forename as its initial.
    InitialsOnly,
    /// A title before the name.
    Title,
    /// `SURNAME, Forename` in free text.
    NameOrder,
    /// Forename and surname columns swapped.
    NameSwapped,
    /// Day and month of a date of birth swapped.
    DobSwap,
    /// A one-digit typo in a date of birth.
    DobTypo,
    /// No date of birth where the system usually has one.
    DobMissing,
    /// No National Insurance number where benefits usually have one.
    NinoMissing,
    /// A one-character typo in a National Insurance number.
    NinoTypo,
    /// A National Insurance number with spaces or in lower case.
    NinoWritten,
    /// A married woman's record under her maiden name at an old address.
    Maiden,
    /// A head of household with the name of the head next door.
    Namesake,
    /// A grown-up son with his father's forename at the same address.
    FatherSon,
    /// A person who moved within the borough.
    MovedWithin,
    /// A person who moved out of the borough.
    MovedAway,
    /// A record at an address the person no longer lives at.
    OldAddress,
    /// Street or building words abbreviated.
    Abbreviated,
    /// A flat written `3/12 High Street`.
    FlatSlash,
    /// A flat written `12 High Street Flat 3`.
    FlatAfter,
    /// A postcode without its space.
    PostcodeNoSpace,
    /// A postcode in lower case.
    PostcodeLower,
    /// No postcode.
    PostcodeMissing,
    /// The town left out.
    TownOmitted,
    /// An address with no UPRN (another town, a new build).
    NotInGazetteer,
    /// A benefits record without the UPRN of its address.
    UprnMissing,
}

/// How often each kind of noise was planted.
#[derive(Debug, Clone, Default)]
pub struct NoiseCounts([u64; 28]);

impl NoiseCounts {
    /// One more of `kind`.
    pub fn count(&mut self, kind: Noise) {
        self.0[kind as usize] += 1;
    }

    /// Each kind's name in `noise.csv` with its count.
    pub fn rows(&self) -> impl Iterator<Item = (&'static str, u64)> + '_ {
        NOISE.iter().copied().zip(self.0.iter().copied())
    }
}

/// A one-edit typo (substitution, deletion, insertion or transposition)
/// that keeps the first letter.
pub fn typo(s: &str, rng: &mut Rng) -> String {
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
pub fn dob_typo(d: NaiveDate, rng: &mut Rng) -> NaiveDate {
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
            if t != d && t < AS_OF {
                return t;
            }
        }
    }
    d.succ_opt().unwrap_or(d)
}

/// A one-character typo in a National Insurance number: a digit (80%) or
/// one of the two prefix letters.
pub fn nino_typo(n: &str, rng: &mut Rng) -> String {
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

//! `debt-batch generate`: a deterministic, realistic synthetic council for
//! benchmarks and tests.
//!
//! One fictional borough (Ashbury, postcodes `AS1` to `AS12`) with `households`
//! households. Everything comes from one seed through a splitmix64 generator
//! (no external crate), one generator per household, so the same seed gives
//! byte-identical files. Files are written as they are generated (buffered
//! writers; only the current account's rows are held in memory), so the size
//! of the data set is bounded by the disk, not by memory.
//!
//! # What is written (all paths relative to `out`)
//!
//! | file | style | rows |
//! |---|---|---|
//! | `ctax/accounts.csv`, `ctax/transactions.csv`, `ctax/instalments.csv` | revenues system: Windows-1252, `;`, CRLF, dd/mm/yyyy, `£1,234.56` and `(12.50)` | one account per household plus a closed account for most households that moved within the borough |
//! | `rent/tenancies.csv`, `rent/transactions.csv` | housing system: UTF-8, `,`, yyyy-mm-dd, debit / credit columns | about a third of households are council tenants; a transfer leaves a former tenancy |
//! | `llpg.csv` | gazetteer | every property used (12-digit UPRNs) |
//! | `control_totals.csv` | each system's stated accounts and closing balance | equal to the truth, so a correct run is MATCHED |
//! | `sources.toml` | the ctax and rent sections of `fixtures/sources.toml`, `[run] tolerance = "0.00"` | |
//! | `truth/balances.csv` | `source,account_ref,balance` of every account at 2026-11-20 (accepted rows only) | |
//! | `truth/defects.csv` | `file,line,kind` of every planted bad row | |
//!
//! # Shape
//!
//! Council tax: annual bills (CHG) for 2023/24 to 2026/27 posted in March
//! before the year (Band D 1,880.24 / 1,974.21 / 2,072.75 / 2,176.38; bands
//! A-H by ninths; 25% single person discount in the bill), council tax
//! support as a negative ADJ beside the bill, payments of the statutory
//! instalments (10, or 12 for some payers, whose plans are listed in
//! `ctax/instalments.csv`) by direct debit, standing order, card or cash,
//! some missed (caught up later or not), bounced direct debits (REV),
//! summonses (CST 80.00) followed by attachment of earnings, the odd
//! write-off (WO). Movers get a part-year bill from their move-in date; their
//! old account is closed with a negative ADJ for the rest of the year and a
//! refund (REF), final payment or write-off. About 36 rows per account.
//!
//! Rent: about 35% of households are council tenants (most in blocks of
//! flats); tenants move less often than others, so ~87% of tenancies began
//! before the extract. Weekly debits (RENT) every Monday from 2023-04-03 (a
//! BFWD balance brought forward on 2023-04-02 for tenancies that began
//! earlier) to the as-of date, plus the debit of the next week (Monday
//! 2026-11-23, posted in advance by the weekly rent run; it is after the
//! as-of date, so no balance includes it). Pension-age tenants mostly get
//! Housing Benefit credited every Monday (HB); working-age tenants get
//! Universal Credit housing costs paid in arrears every 4 weeks (UC), plus a
//! deduction for arrears when behind, or legacy Housing Benefit until they
//! move to Universal Credit (a 5-6 week gap). Tenants pay what benefit does
//! not cover in cash once or (mostly) twice a week (CASH), or by weekly or
//! monthly direct debit (DD, sometimes returned: DDRTN); some miss payments,
//! then catch up or pay an arrangement on top; the odd adjustment (ADJ),
//! possession claim costs (CRT), small balance write-off (WOFF) and refund
//! (REFND). About 2.7 rows per tenancy per week, about 475 rows per tenancy:
//! the bulk of the data.
//!
//! With seed 1: 2,000 households give 464,854 transaction rows (83% rent);
//! 50,000 households give 10,472,798 rows (8.5 million rent, 2.0 million
//! council tax, 660 MB in all), other seeds within about 2%. See
//! `benches/ingest_vs_duckdb.sh`.
//!
//! # Planted defects
//!
//! After any transaction row, with probability 6 in 20,000, one bad row of a
//! kind chosen uniformly among: `bad_date` (31 September, 29 February of a
//! common year, month 13, or the other system's date form), `bad_amount`
//! (`1O5.20`, `12.3.4`, fractions of a penny, ...), `unknown_account` (a
//! reference missing a digit), `unknown_code` (`XFR` / `TFR`), `duplicate`
//! (the previous row again, byte for byte) and `conflicting_duplicate` (the
//! previous row's transaction id with a different amount). So each kind is
//! about 1 in 20,000 rows. Each is listed in `truth/defects.csv`; none of them
//! is in the truth balances or the control totals.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::error::Error;

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// Number of households.
    pub households: u64,
    /// Random seed: the same seed gives byte-identical files.
    pub seed: u64,
    /// Output directory (created; must not exist or be empty).
    pub out: PathBuf,
}

/// What was generated.
#[derive(Debug, Clone, Default)]
pub struct GenerateSummary {
    /// Accounts written, all sources.
    pub accounts: u64,
    /// Transaction rows written, all sources (including planted bad rows).
    pub transaction_rows: u64,
    /// Files written with their sizes in bytes.
    pub files: Vec<(PathBuf, u64)>,
}

// ---------------------------------------------------------------------------
// Dates.

const fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => date,
        None => NaiveDate::MIN,
    }
}

/// The as-of date of the truth and the control totals.
pub const AS_OF: NaiveDate = ymd(2026, 11, 20);
/// First Monday of the rent extract (the first rent week of 2023/24).
const WINDOW_START: NaiveDate = ymd(2023, 4, 3);
/// Date of the balance brought forward.
const BFWD_DATE: NaiveDate = ymd(2023, 4, 2);
/// The rent week posted in advance (after the as-of date).
const NEXT_MONDAY: NaiveDate = ymd(2026, 11, 23);
/// First and last council tax years billed.
const FIRST_FY: i32 = 2023;
const LAST_FY: i32 = 2026;

fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64)).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs())).unwrap_or(d)
    }
}

/// The day itself, or the next working day after a weekend, Christmas Day,
/// Boxing Day or New Year's Day.
fn next_weekday(d: NaiveDate) -> NaiveDate {
    let mut d = d;
    while matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
        || matches!((d.month(), d.day()), (12, 25) | (12, 26) | (1, 1))
    {
        d = add_days(d, 1);
    }
    d
}

fn monday_on_or_after(d: NaiveDate) -> NaiveDate {
    let back = d.weekday().num_days_from_monday() as i64;
    if back == 0 {
        d
    } else {
        add_days(d, 7 - back)
    }
}

fn fy_of(d: NaiveDate) -> i32 {
    if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    }
}

fn fy_label(fy: i32) -> String {
    format!("{}/{:02}", fy, (fy + 1) % 100)
}

fn fy_days(fy: i32) -> i64 {
    (ymd(fy + 1, 4, 1) - ymd(fy, 4, 1)).num_days()
}

/// The day in March the year's annual bills were posted (a Monday).
fn bill_date(fy: i32) -> NaiveDate {
    match fy {
        2023 => ymd(2023, 3, 13),
        2024 => ymd(2024, 3, 11),
        2025 => ymd(2025, 3, 10),
        _ => ymd(fy, 3, 9),
    }
}

fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days()
}

/// Formatted dates, computed once (most rows use a few thousand days).
struct DateText {
    base: i32,
    dmy: Vec<[u8; 10]>,
    iso: Vec<[u8; 10]>,
}

impl DateText {
    fn new() -> DateText {
        let first = ymd(1920, 1, 1);
        let last = ymd(2030, 12, 31);
        let mut dmy = Vec::new();
        let mut iso = Vec::new();
        let mut d = first;
        while d <= last {
            let (y, m, day) = (d.year() as u32, d.month(), d.day());
            let two = |n: u32| [b'0' + (n / 10) as u8, b'0' + (n % 10) as u8];
            let four = |n: u32| {
                [
                    b'0' + (n / 1000 % 10) as u8,
                    b'0' + (n / 100 % 10) as u8,
                    b'0' + (n / 10 % 10) as u8,
                    b'0' + (n % 10) as u8,
                ]
            };
            let (dd, mm, yyyy) = (two(day), two(m), four(y));
            dmy.push([
                dd[0], dd[1], b'/', mm[0], mm[1], b'/', yyyy[0], yyyy[1], yyyy[2], yyyy[3],
            ]);
            iso.push([
                yyyy[0], yyyy[1], yyyy[2], yyyy[3], b'-', mm[0], mm[1], b'-', dd[0], dd[1],
            ]);
            d = add_days(d, 1);
        }
        DateText {
            base: first.num_days_from_ce(),
            dmy,
            iso,
        }
    }

    fn push(&self, buf: &mut Vec<u8>, d: NaiveDate, form: DateForm) {
        let index = d.num_days_from_ce() - self.base;
        let table = match form {
            DateForm::Dmy => &self.dmy,
            DateForm::Iso => &self.iso,
        };
        match usize::try_from(index).ok().and_then(|i| table.get(i)) {
            Some(text) => buf.extend_from_slice(text),
            None => {
                let text = match form {
                    DateForm::Dmy => d.format("%d/%m/%Y").to_string(),
                    DateForm::Iso => d.format("%Y-%m-%d").to_string(),
                };
                buf.extend_from_slice(text.as_bytes());
            }
        }
    }

    fn text(&self, d: NaiveDate, form: DateForm) -> String {
        let mut buf = Vec::with_capacity(10);
        self.push(&mut buf, d, form);
        String::from_utf8_lossy(&buf).into_owned()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateForm {
    Dmy,
    Iso,
}

// ---------------------------------------------------------------------------
// Random numbers: splitmix64.

struct Rng(u64);

impl Rng {
    /// A generator for one stream (`stream`) and item (`index`) of a seed.
    fn derive(seed: u64, stream: u64, index: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        let a = r.next_u64();
        Rng(a ^ index.wrapping_mul(0xE703_7ED1_A0B4_28DB))
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n.max(1))) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
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

    fn date_between(&mut self, first: NaiveDate, last: NaiveDate) -> NaiveDate {
        add_days(first, self.range(0, days_between(first, last)))
    }
}

// ---------------------------------------------------------------------------
// Money text (integer pence only).

fn push_digits(buf: &mut Vec<u8>, mut n: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

fn push_grouped(buf: &mut Vec<u8>, n: u64) {
    if n >= 1000 {
        push_grouped(buf, n / 1000);
        let r = n % 1000;
        buf.extend_from_slice(&[
            b',',
            b'0' + (r / 100) as u8,
            b'0' + (r / 10 % 10) as u8,
            b'0' + (r % 10) as u8,
        ]);
    } else {
        push_digits(buf, n);
    }
}

/// `1234.56` (or `1,234.56` grouped) for a non-negative number of pence.
fn push_pence(buf: &mut Vec<u8>, pence: u64, grouped: bool) {
    if grouped {
        push_grouped(buf, pence / 100);
    } else {
        push_digits(buf, pence / 100);
    }
    let p = pence % 100;
    buf.extend_from_slice(&[b'.', b'0' + (p / 10) as u8, b'0' + (p % 10) as u8]);
}

/// Revenues style: `£1,234.56`, negatives `(1,234.56)`; the pound sign in
/// Windows-1252 (0xA3) or UTF-8.
fn push_revenues_amount(buf: &mut Vec<u8>, pence: i64, enc: Enc) {
    if pence < 0 {
        buf.push(b'(');
        push_pence(buf, pence.unsigned_abs(), true);
        buf.push(b')');
    } else {
        push_text(buf, "£", enc);
        push_pence(buf, pence as u64, true);
    }
}

/// Plain signed decimal: `-12.50`.
fn plain_money(pence: i64) -> String {
    let mut buf = Vec::new();
    if pence < 0 {
        buf.push(b'-');
    }
    push_pence(&mut buf, pence.unsigned_abs(), false);
    String::from_utf8_lossy(&buf).into_owned()
}

/// `a * num / den` rounded half up (non-negative `a`).
fn mul_div_round(a: i64, num: i64, den: i64) -> i64 {
    let (a, num, den) = (i128::from(a), i128::from(num), i128::from(den));
    ((a * num * 2 + den) / (2 * den)) as i64
}

// ---------------------------------------------------------------------------
// Text and files.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Enc {
    Utf8,
    Cp1252,
}

fn push_text(buf: &mut Vec<u8>, s: &str, enc: Enc) {
    match enc {
        Enc::Utf8 => buf.extend_from_slice(s.as_bytes()),
        Enc::Cp1252 => {
            for c in s.chars() {
                let b = match c {
                    '£' => 0xA3,
                    '’' => 0x92,
                    'é' => 0xE9,
                    c if c.is_ascii() => c as u8,
                    _ => b'?',
                };
                buf.push(b);
            }
        }
    }
}

/// A field, quoted when it holds the delimiter or a quote.
fn push_field(buf: &mut Vec<u8>, s: &str, delim: u8, enc: Enc) {
    if s.bytes()
        .any(|b| b == delim || b == b'"' || b == b'\n' || b == b'\r')
    {
        buf.push(b'"');
        push_text(buf, &s.replace('"', "\"\""), enc);
        buf.push(b'"');
    } else {
        push_text(buf, s, enc);
    }
}

/// A delimited row of text fields.
fn push_row(buf: &mut Vec<u8>, fields: &[&str], delim: u8, enc: Enc) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            buf.push(delim);
        }
        push_field(buf, f, delim, enc);
    }
}

/// An output file written line by line, counting physical lines.
struct Sink {
    path: PathBuf,
    writer: BufWriter<File>,
    line: u64,
    eol: &'static [u8],
}

impl Sink {
    fn create(path: PathBuf, crlf: bool) -> Result<Sink, Error> {
        let file = File::create(&path).map_err(|e| Error::io(&path, e))?;
        Ok(Sink {
            writer: BufWriter::with_capacity(1 << 20, file),
            path,
            line: 0,
            eol: if crlf { b"\r\n" } else { b"\n" },
        })
    }

    /// Writes one line; returns its 1-based line number.
    fn line(&mut self, bytes: &[u8]) -> Result<u64, Error> {
        self.writer
            .write_all(bytes)
            .and_then(|()| self.writer.write_all(self.eol))
            .map_err(|e| Error::io(&self.path, e))?;
        self.line += 1;
        Ok(self.line)
    }

    fn finish(mut self) -> Result<PathBuf, Error> {
        self.writer.flush().map_err(|e| Error::io(&self.path, e))?;
        Ok(self.path)
    }
}

// ---------------------------------------------------------------------------
// People.

const MALE: &[&str] = &[
    "John",
    "David",
    "Michael",
    "James",
    "Robert",
    "Paul",
    "Mark",
    "Andrew",
    "Richard",
    "Peter",
    "Stephen",
    "Christopher",
    "Daniel",
    "Thomas",
    "Matthew",
    "Kevin",
    "Gary",
    "Anthony",
    "William",
    "Simon",
    "Lee",
    "Jason",
    "Craig",
    "Darren",
    "Mohammed",
    "Ahmed",
    "Rajesh",
    "Sanjay",
    "Tomasz",
    "Piotr",
    "Kwame",
    "Liam",
    "Ryan",
    "Jack",
    "Connor",
    "George",
    "Harry",
    "Samuel",
    "Adam",
    "Joseph",
    "Brian",
    "Keith",
    "Colin",
    "Dennis",
    "Terence",
    "Graham",
    "Alan",
    "Ian",
    "Neil",
    "Stuart",
];

const FEMALE: &[&str] = &[
    "Sarah",
    "Susan",
    "Karen",
    "Julie",
    "Margaret",
    "Elizabeth",
    "Mary",
    "Patricia",
    "Linda",
    "Jennifer",
    "Emma",
    "Rebecca",
    "Laura",
    "Claire",
    "Nicola",
    "Michelle",
    "Lisa",
    "Joanne",
    "Helen",
    "Rachel",
    "Amanda",
    "Jessica",
    "Sophie",
    "Chloe",
    "Hannah",
    "Amy",
    "Lauren",
    "Charlotte",
    "Priya",
    "Aisha",
    "Fatima",
    "Nadia",
    "Agnieszka",
    "Anna",
    "Grace",
    "Olivia",
    "Emily",
    "Jean",
    "Pauline",
    "Sandra",
    "Christine",
    "Angela",
    "Deborah",
    "Tracey",
    "Kelly",
    "Gemma",
    "Zoe",
    "Natalie",
    "Shirley",
    "Doreen",
];

const SURNAMES: &[&str] = &[
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
    "Roberts",
    "Robinson",
    "Thompson",
    "Wright",
    "Walker",
    "White",
    "Edwards",
    "Hughes",
    "Green",
    "Hall",
    "Lewis",
    "Harris",
    "Clarke",
    "Patel",
    "Jackson",
    "Wood",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Morris",
    "Moore",
    "Clark",
    "Lee",
    "King",
    "Baker",
    "Harrison",
    "Morgan",
    "Allen",
    "James",
    "Scott",
    "Phillips",
    "Watson",
    "Davis",
    "Parker",
    "Price",
    "Bennett",
    "Young",
    "Griffiths",
    "Mitchell",
    "Kelly",
    "Cook",
    "Carter",
    "Richardson",
    "Bailey",
    "Collins",
    "Bell",
    "Shaw",
    "Murphy",
    "Miller",
    "Cox",
    "Richards",
    "Khan",
    "Marshall",
    "Anderson",
    "Simpson",
    "Ellis",
    "Adams",
    "Singh",
    "Begum",
    "Ali",
    "Hussain",
    "Ahmed",
    "O'Brien",
    "O'Connor",
    "O'Neill",
    "Kowalski",
    "Nowak",
    "Okafor",
    "Mensah",
    "Campbell",
    "Stewart",
    "Murray",
    "Graham",
    "Fletcher",
    "Chapman",
    "Webb",
    "Rogers",
    "Gray",
    "Mason",
    "Holmes",
    "Hunt",
    "Knight",
    "Lloyd",
    "Owen",
    "Barnes",
    "Palmer",
    "Mills",
    "Fox",
];

#[derive(Debug, Clone)]
struct Person {
    title: &'static str,
    forename: &'static str,
    middle: Option<char>,
    surname: &'static str,
    dob: NaiveDate,
    nino: Option<String>,
}

impl Person {
    fn new(
        rng: &mut Rng,
        female: bool,
        age: i64,
        surname: Option<&'static str>,
        partnered: bool,
    ) -> Person {
        let forename = if female {
            *rng.pick(FEMALE)
        } else {
            *rng.pick(MALE)
        };
        let title = if rng.chance(0.015) {
            "Dr"
        } else if !female {
            "Mr"
        } else if partnered && rng.chance(0.7) {
            "Mrs"
        } else if rng.chance(0.6) {
            "Ms"
        } else {
            "Miss"
        };
        let born = add_days(ymd(2026 - age as i32, 11, 20), -rng.range(0, 364));
        let middle = rng
            .chance(0.55)
            .then(|| *rng.pick(b"AAJJJMMLLEERSCCDKPTWGHN") as char);
        Person {
            title,
            forename,
            middle,
            surname: surname.unwrap_or_else(|| *rng.pick(SURNAMES)),
            dob: born,
            nino: Some(nino(rng)),
        }
    }

    /// The 18th birthday (28 February for 29 February).
    fn adult_from(&self) -> NaiveDate {
        let y = self.dob.year() + 18;
        NaiveDate::from_ymd_opt(y, self.dob.month(), self.dob.day()).unwrap_or(ymd(y, 2, 28))
    }

    fn age_on(&self, d: NaiveDate) -> i32 {
        let mut age = d.year() - self.dob.year();
        if (d.month(), d.day()) < (self.dob.month(), self.dob.day()) {
            age -= 1;
        }
        age
    }

    /// Revenues style: `SMITH, JOHN A` (an apostrophe sometimes typographic).
    fn revenues_name(&self, typographic: bool) -> String {
        let mut surname = self.surname.to_uppercase();
        if typographic {
            surname = surname.replace('\'', "’");
        }
        match self.middle {
            Some(m) => format!("{}, {} {}", surname, self.forename.to_uppercase(), m),
            None => format!("{}, {}", surname, self.forename.to_uppercase()),
        }
    }
}

fn nino(rng: &mut Rng) -> String {
    const FIRST: &[u8] = b"ABCEGHJKLMNPRSTWXYZ";
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

/// Housing system style: with spaces (`AB 12 34 56 C`) or without.
fn nino_written(n: &str, spaced: bool) -> String {
    if spaced && n.len() == 9 {
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
// Places.

const TOWN: &str = "Ashbury";
const STREET_NAMES: &[&str] = &[
    "High",
    "Church",
    "Station",
    "Mill",
    "Park",
    "Oak",
    "Elm",
    "Ash",
    "Beech",
    "Birch",
    "Cedar",
    "Chestnut",
    "Hawthorn",
    "Holly",
    "Maple",
    "Willow",
    "Victoria",
    "Albert",
    "Queens",
    "Kings",
    "Princess",
    "York",
    "Windsor",
    "Grange",
    "Manor",
    "Rectory",
    "Vicarage",
    "Meadow",
    "Orchard",
    "Brook",
    "River",
    "Spring",
    "Well",
    "Green",
    "Hill",
    "Valley",
    "Forest",
    "Heath",
    "Moor",
    "Field",
    "Market",
    "Bridge",
    "School",
    "Chapel",
    "Abbey",
    "Priory",
    "Castle",
    "Tower",
    "Nelson",
    "Wellington",
    "Churchill",
    "Shakespeare",
    "Milton",
    "Tennyson",
    "Byron",
    "Keats",
    "Wordsworth",
    "Dickens",
    "Gladstone",
    "Stanley",
    "Cromwell",
    "Harcourt",
    "Lancaster",
    "Stafford",
];
const STREET_SUFFIXES: &[&str] = &[
    "Road", "Street", "Avenue", "Close", "Lane", "Way", "Drive", "Crescent", "Gardens", "Grove",
    "Place", "Walk",
];
/// Localities; the first is the town centre (no locality line). District
/// `AS{n}` is the locality's position plus one.
const LOCALITIES: &[&str] = &[
    "",
    "Northgate",
    "Millbrook",
    "Eastfield",
    "Southmead",
    "Westbury Park",
    "Hillcrest",
    "Riverside",
    "Oakwood",
    "Brookfield",
    "Kingsmead",
    "Fairview",
];
const BLOCK_NAMES: &[&str] = &[
    "Kestrel",
    "Heron",
    "Falcon",
    "Swift",
    "Kingfisher",
    "Merlin",
    "Osprey",
    "Linnet",
    "Wren",
    "Skylark",
    "Lapwing",
    "Curlew",
    "Plover",
    "Siskin",
    "Avocet",
    "Dunlin",
];
const BLOCK_KINDS: &[&str] = &["House", "Court", "Tower", "Point"];
const POSTCODE_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

/// One addressable place.
#[derive(Debug, Clone)]
struct Property {
    uprn: u64,
    /// Address lines without the town (flat line, number and street, locality).
    lines: Vec<String>,
    postcode: String,
    revenues_ref: String,
    housing_ref: String,
    /// In a block of council flats.
    block: bool,
    bedrooms: u8,
}

impl Property {
    /// Up to `n` address lines (town last when it fits).
    fn address(&self, n: usize) -> Vec<String> {
        let mut lines = self.lines.clone();
        lines.push(TOWN.to_string());
        lines.truncate(n);
        lines.resize(n, String::new());
        lines
    }
}

/// A property's address parts and references before its postcode and UPRN.
struct Place {
    sao: String,
    pao: String,
    lines: Vec<String>,
    revenues_ref: String,
    housing_ref: String,
    block: bool,
    bedrooms: u8,
}

impl Place {
    fn flat_in_house(s: &Street, number: u32, flat: u32, bedrooms: u8) -> Place {
        let code = s.code % 10_000;
        Place {
            sao: format!("Flat {flat}"),
            pao: number.to_string(),
            lines: vec![format!("Flat {flat}"), format!("{number} {}", s.name)],
            revenues_ref: format!("{code:04}{number:07}/{flat}"),
            housing_ref: format!("{}{code:04}-{number:03}/{flat}", s.initials),
            block: false,
            bedrooms,
        }
    }
}

enum StreetKind {
    Houses,
    /// Blocks of flats: (block name, flats) still to hand out.
    Blocks(Vec<(String, u32)>),
}

struct Street {
    code: u64,
    name: String,
    initials: String,
    locality: usize,
    kind: StreetKind,
    next_number: u32,
    last_number: u32,
    /// Flats of a converted house still to hand out: (house number, flat, of).
    flats: Option<(u32, u32, u32)>,
    block_index: usize,
    block_flat: u32,
    postcode: String,
    postcode_left: u32,
}

/// Hands out properties street by street and writes each to the gazetteer.
struct Places {
    rng: Rng,
    streets: u64,
    street: Option<Street>,
    next_uprn: u64,
    postcodes: Vec<u64>,
    llpg: Sink,
    buf: Vec<u8>,
}

impl Places {
    fn new(seed: u64, llpg: Sink) -> Places {
        Places {
            rng: Rng::derive(seed, 2, 0),
            streets: 0,
            street: None,
            next_uprn: 100_062_000_001,
            postcodes: vec![0; LOCALITIES.len()],
            llpg,
            buf: Vec::with_capacity(256),
        }
    }

    fn new_street(&mut self) -> Street {
        let rng = &mut self.rng;
        let k = self.streets;
        self.streets += 1;
        // Every (name, suffix, locality) once before any repeats, in a scattered order.
        let total = (STREET_NAMES.len() * STREET_SUFFIXES.len() * LOCALITIES.len()) as u64;
        let c = (k.wrapping_mul(7919).wrapping_add(31)) % total;
        let name = STREET_NAMES[(c % STREET_NAMES.len() as u64) as usize];
        let rest = c / STREET_NAMES.len() as u64;
        let suffix = STREET_SUFFIXES[(rest % STREET_SUFFIXES.len() as u64) as usize];
        let locality = (rest / STREET_SUFFIXES.len() as u64) as usize % LOCALITIES.len();
        let kind = if rng.chance(0.2) {
            let blocks = rng.range(2, 4);
            StreetKind::Blocks(
                (0..blocks)
                    .map(|_| {
                        (
                            format!("{} {}", rng.pick(BLOCK_NAMES), rng.pick(BLOCK_KINDS)),
                            rng.range(12, 36) as u32,
                        )
                    })
                    .collect(),
            )
        } else {
            StreetKind::Houses
        };
        Street {
            code: k + 1,
            name: format!("{name} {suffix}"),
            initials: format!("{}{}", &name[..1], &suffix[..1]),
            locality,
            kind,
            next_number: 1,
            last_number: rng.range(12, 90) as u32,
            flats: None,
            block_index: 0,
            block_flat: 1,
            postcode: String::new(),
            postcode_left: 0,
        }
    }

    fn postcode(&mut self, locality: usize) -> String {
        let counter = &mut self.postcodes[locality];
        let c = *counter;
        *counter += 1;
        let sector = 1 + (c / 400) % 9;
        let unit = (c % 400) as usize;
        format!(
            "AS{} {}{}{}",
            locality + 1,
            sector,
            POSTCODE_LETTERS[unit / 20] as char,
            POSTCODE_LETTERS[unit % 20] as char
        )
    }

    /// The next property, written to the gazetteer.
    fn next(&mut self) -> Result<Property, Error> {
        loop {
            if self.street.is_none() {
                let s = self.new_street();
                self.street = Some(s);
            }
            if let Some(p) = self.next_on_street()? {
                return Ok(p);
            }
            self.street = None;
        }
    }

    fn next_on_street(&mut self) -> Result<Option<Property>, Error> {
        let Some(mut s) = self.street.take() else {
            return Ok(None);
        };
        let code = s.code % 10_000;
        let place = match &s.kind {
            StreetKind::Blocks(blocks) => {
                if s.block_index >= blocks.len() {
                    None
                } else {
                    let index = s.block_index;
                    let (block, flats) = blocks[index].clone();
                    let flat = s.block_flat;
                    s.block_flat += 1;
                    if s.block_flat > flats {
                        s.block_index += 1;
                        s.block_flat = 1;
                    }
                    let block_initials: String =
                        block.split(' ').filter_map(|w| w.chars().next()).collect();
                    Some(Place {
                        sao: format!("Flat {flat}"),
                        pao: block.clone(),
                        lines: vec![format!("Flat {flat} {block}"), s.name.clone()],
                        revenues_ref: format!("{code:04}{:07}/{flat}", 9001 + index),
                        housing_ref: format!("{block_initials}{code:04}/{flat}"),
                        block: true,
                        bedrooms: if self.rng.chance(0.55) { 1 } else { 2 },
                    })
                }
            }
            StreetKind::Houses => {
                if let Some((number, flat, of)) = s.flats {
                    // The next flat of a house converted into flats.
                    s.flats = (flat < of).then_some((number, flat + 1, of));
                    Some(Place::flat_in_house(
                        &s,
                        number,
                        flat,
                        if self.rng.chance(0.6) { 1 } else { 2 },
                    ))
                } else if s.next_number > s.last_number {
                    None
                } else {
                    let number = s.next_number;
                    s.next_number += if self.rng.chance(0.05) { 2 } else { 1 };
                    if self.rng.chance(0.1) {
                        // A house converted into flats: hand out its flats first.
                        let of = self.rng.range(2, 4) as u32;
                        s.flats = Some((number, 2, of));
                        Some(Place::flat_in_house(&s, number, 1, 1))
                    } else {
                        Some(Place {
                            sao: String::new(),
                            pao: number.to_string(),
                            lines: vec![format!("{number} {}", s.name)],
                            revenues_ref: format!("{code:04}{number:07}"),
                            housing_ref: format!("{}{code:04}-{number:03}", s.initials),
                            block: false,
                            bedrooms: self.rng.range(2, 4) as u8,
                        })
                    }
                }
            }
        };
        let Some(Place {
            sao,
            pao,
            mut lines,
            revenues_ref,
            housing_ref,
            block,
            bedrooms,
        }) = place
        else {
            return Ok(None);
        };
        if s.postcode_left == 0 {
            s.postcode = self.postcode(s.locality);
            s.postcode_left = self.rng.range(10, 24) as u32;
        }
        s.postcode_left -= 1;
        let locality = LOCALITIES[s.locality];
        if !locality.is_empty() {
            lines.push(locality.to_string());
        }
        let uprn = self.next_uprn;
        self.next_uprn += 1 + self.rng.below(3);
        let p = Property {
            uprn,
            lines,
            postcode: s.postcode.clone(),
            revenues_ref,
            housing_ref,
            block,
            bedrooms,
        };
        self.buf.clear();
        let uprn_text = uprn.to_string();
        push_row(
            &mut self.buf,
            &[&uprn_text, &sao, &pao, &s.name, locality, TOWN, &p.postcode],
            b',',
            Enc::Utf8,
        );
        self.llpg.line(&self.buf)?;
        self.street = Some(s);
        Ok(Some(p))
    }
}

// ---------------------------------------------------------------------------
// Ledgers.

#[derive(Debug, Clone)]
enum Desc {
    Static(&'static str),
    /// `Rent w/c dd/mm/yyyy`.
    RentWeek(NaiveDate),
    Owned(String),
}

/// One transaction: `amount` is its signed effect on the balance.
#[derive(Debug, Clone)]
struct Txn {
    date: NaiveDate,
    code: &'static str,
    amount: i64,
    year: Option<i32>,
    desc: Desc,
}

/// The rows of the account being generated, with its balance at the as-of
/// date so far.
struct Ledger<'a> {
    txns: &'a mut Vec<Txn>,
    balance: i64,
}

impl Ledger<'_> {
    fn push(
        &mut self,
        date: NaiveDate,
        code: &'static str,
        amount: i64,
        year: Option<i32>,
        desc: Desc,
    ) {
        if date <= AS_OF {
            self.balance += amount;
        }
        self.txns.push(Txn {
            date,
            code,
            amount,
            year,
            desc,
        });
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Profile {
    Good,
    Occasional,
    Poor,
}

impl Profile {
    fn pick(rng: &mut Rng) -> Profile {
        match rng.weighted(&[72, 20, 8]) {
            0 => Profile::Good,
            1 => Profile::Occasional,
            _ => Profile::Poor,
        }
    }

    /// Chance of missing a council tax instalment, and of catching it up.
    fn ctax(self) -> (f64, f64) {
        match self {
            Profile::Good => (0.01, 0.9),
            Profile::Occasional => (0.12, 0.6),
            Profile::Poor => (0.35, 0.3),
        }
    }

    /// Chance of making each rent payment.
    fn rent(self) -> f64 {
        match self {
            Profile::Good => 0.975,
            Profile::Occasional => 0.91,
            Profile::Poor => 0.84,
        }
    }
}

// ---------------------------------------------------------------------------
// Council tax.

/// Band D for 2023/24 to 2026/27, in pence.
const BAND_D: [i64; 4] = [188_024, 197_421, 207_275, 217_638];
const BANDS: &[u8] = b"ABCDEFGH";
const BAND_NINTHS: [i64; 8] = [6, 7, 8, 9, 11, 13, 15, 18];

fn band_charge(fy: i32, band: usize) -> i64 {
    let d = BAND_D[(fy - FIRST_FY).clamp(0, 3) as usize];
    mul_div_round(d, BAND_NINTHS[band.min(7)], 9)
}

#[derive(Debug, Clone, Copy)]
enum CtMethod {
    DirectDebit(u32),
    StandingOrder(u32),
    Card,
    Cash,
}

impl CtMethod {
    fn pick(rng: &mut Rng) -> CtMethod {
        match rng.weighted(&[55, 10, 20, 15]) {
            0 => CtMethod::DirectDebit(*rng.pick(&[1, 1, 1, 15, 15, 28])),
            1 => CtMethod::StandingOrder(rng.range(1, 28) as u32),
            2 => CtMethod::Card,
            _ => CtMethod::Cash,
        }
    }

    fn pay_date(self, due: NaiveDate, rng: &mut Rng) -> NaiveDate {
        match self {
            CtMethod::DirectDebit(day) | CtMethod::StandingOrder(day) => {
                next_weekday(ymd(due.year(), due.month(), day))
            }
            CtMethod::Card => next_weekday(add_days(due, rng.range(0, 12))),
            CtMethod::Cash => next_weekday(add_days(due, rng.range(0, 20))),
        }
    }

    fn desc(self, rng: &mut Rng) -> &'static str {
        match self {
            CtMethod::DirectDebit(_) => "Direct debit",
            CtMethod::StandingOrder(_) => "Standing order",
            CtMethod::Card => {
                rng.pick::<&str>(&["Debit card", "Online payment", "Telephone payment"])
            }
            CtMethod::Cash => rng.pick::<&str>(&["PayPoint", "Cash office", "Post Office"]),
        }
    }
}

/// The statutory instalments of a council tax charge (instalment day 1, as
/// debt-core's `InstalmentScheme::plan`): the first takes the odd pounds
/// and pence.
fn ctax_plan(fy: i32, total: i64, posted: NaiveDate, count: u32) -> Vec<(NaiveDate, i64)> {
    let dates: Vec<NaiveDate> = (0..count)
        .map(|k| {
            let m = 4 + k;
            ymd(fy + ((m - 1) / 12) as i32, (m - 1) % 12 + 1, 1)
        })
        .collect();
    let remaining: Vec<NaiveDate> = if dates.first().is_some_and(|d| posted <= *d) {
        dates
    } else {
        dates
            .into_iter()
            .filter(|d| (d.year(), d.month()) > (posted.year(), posted.month()))
            .collect()
    };
    if remaining.is_empty() {
        return vec![(add_days(posted, 14), total)];
    }
    let n = remaining.len() as i64;
    let later = total / n / 100 * 100;
    let first = total - later * (n - 1);
    remaining
        .into_iter()
        .enumerate()
        .map(|(i, d)| (d, if i == 0 { first } else { later }))
        .collect()
}

/// One council tax account to generate.
struct CtaxSpec {
    /// Liable from (a move-in in the period), else before 2023/24.
    from: Option<NaiveDate>,
    /// Liable to (a move-out: the account is closed).
    to: Option<NaiveDate>,
    band: usize,
    single_person: bool,
    support_percent: i64,
    twelve: bool,
    method: CtMethod,
    profile: Profile,
}

#[derive(Default)]
struct CtaxOutcome {
    stage: &'static str,
    lost_on: Option<NaiveDate>,
    /// Explicit plans of 12-instalment years.
    plans: Vec<(i32, Vec<(NaiveDate, i64)>)>,
}

fn gen_ctax(rng: &mut Rng, spec: &CtaxSpec, dates: &DateText, txns: &mut Vec<Txn>) -> CtaxOutcome {
    let mut out = CtaxOutcome {
        stage: "00",
        ..CtaxOutcome::default()
    };
    let mut led = Ledger { txns, balance: 0 };
    let first_fy = spec.from.map(fy_of).unwrap_or(FIRST_FY).max(FIRST_FY);
    let last_fy = spec.to.map(fy_of).unwrap_or(LAST_FY).min(LAST_FY);
    let band = BANDS[spec.band] as char;
    let (miss, catch_up) = spec.profile.ctax();
    let mut summons: Option<NaiveDate> = None;
    let mut attachment = false;
    let mut unpaid_years: Vec<(i32, i64)> = Vec::new();
    let mut current_missed: Vec<NaiveDate> = Vec::new();
    for fy in first_fy..=last_fy {
        let year = Some(fy);
        let label = fy_label(fy);
        let ystart = ymd(fy, 4, 1);
        let ydays = fy_days(fy);
        let mut full = band_charge(fy, spec.band);
        let spd = if spec.single_person {
            full = mul_div_round(full, 3, 4);
            " less 25% single person discount"
        } else {
            ""
        };
        let moved_in = spec.from.filter(|m| fy_of(*m) == fy && *m >= ystart);
        let moved_out = spec.to.filter(|m| fy_of(*m) == fy);
        let (charge, posted, desc) = match moved_in {
            Some(m) => {
                let days = days_between(m, ymd(fy + 1, 3, 31)) + 1;
                (
                    mul_div_round(full, days, ydays),
                    next_weekday(add_days(m, rng.range(7, 21))),
                    format!(
                        "Bill {label} Band {band} from {}{spd}",
                        dates.text(m, DateForm::Dmy)
                    ),
                )
            }
            None => (
                full,
                bill_date(fy),
                format!("Annual bill {label} Band {band}{spd}"),
            ),
        };
        if posted > AS_OF {
            break;
        }
        led.push(posted, "CHG", charge, year, Desc::Owned(desc));
        let support = mul_div_round(charge, spec.support_percent, 100);
        if support > 0 {
            led.push(
                posted,
                "ADJ",
                -support,
                year,
                Desc::Owned(format!("Council tax support {label}")),
            );
        }
        let net = charge - support;
        let twelve = spec.twelve && moved_in.is_none() && support == 0;
        let plan = ctax_plan(fy, net, posted, if twelve { 12 } else { 10 });
        if twelve {
            out.plans.push((fy, plan.clone()));
        }
        let mut missed: Vec<(NaiveDate, i64)> = Vec::new();
        let mut carry = 0i64;
        for &(due, amount) in &plan {
            if moved_out.is_some_and(|m| due > m) || due > AS_OF || amount <= 0 {
                break;
            }
            if rng.chance(miss) {
                missed.push((due, amount));
                if rng.chance(catch_up) {
                    let d = next_weekday(add_days(due, rng.range(14, 40)));
                    if d <= AS_OF && moved_out.is_none_or(|m| d <= add_days(m, 30)) {
                        let desc = *rng.pick(&[
                            "Online payment",
                            "Payment after reminder",
                            "Telephone payment",
                        ]);
                        led.push(d, "PAY", -amount, year, Desc::Static(desc));
                        missed.pop();
                    }
                }
                continue;
            }
            let d = spec.method.pay_date(due, rng);
            if d > AS_OF {
                break;
            }
            let paid = amount + carry;
            carry = 0;
            let desc = spec.method.desc(rng);
            led.push(d, "PAY", -paid, year, Desc::Static(desc));
            if matches!(spec.method, CtMethod::DirectDebit(_)) && rng.chance(0.012) {
                let r = next_weekday(add_days(d, rng.range(3, 6)));
                if r <= AS_OF {
                    led.push(
                        r,
                        "REV",
                        paid,
                        year,
                        Desc::Static("DD returned unpaid - refer to payer"),
                    );
                    if rng.chance(0.6) {
                        carry = paid;
                    } else {
                        missed.push((due, paid));
                    }
                }
            }
        }
        let mut owed: i64 = missed.iter().map(|(_, a)| a).sum();
        let summonsable = match spec.profile {
            Profile::Poor => rng.chance(0.6),
            Profile::Occasional => rng.chance(0.1),
            Profile::Good => false,
        };
        if missed.len() >= 2 && summonsable {
            let sd = next_weekday(add_days(missed[1].0, rng.range(35, 60)));
            if sd <= AS_OF && moved_out.is_none_or(|m| sd <= m) {
                led.push(sd, "CST", 8_000, year, Desc::Static("Summons costs £80.00"));
                summons = Some(sd);
                owed += 8_000;
                if rng.chance(0.45) {
                    attachment = true;
                    let instalment = rng.range(40, 150) * 100;
                    let mut d = next_weekday(add_days(sd, rng.range(50, 80)));
                    while owed > 0 && d <= AS_OF && moved_out.is_none_or(|m| d <= m) {
                        let p = instalment.min(owed);
                        led.push(d, "PAY", -p, year, Desc::Static("Attachment of earnings"));
                        owed -= p;
                        d = next_weekday(add_days(d, 28 + rng.range(0, 6)));
                    }
                }
            }
        }
        if owed > 0 {
            unpaid_years.push((fy, owed));
        }
        if fy == LAST_FY {
            current_missed = missed.iter().map(|(d, _)| *d).collect();
        }
        if let Some(m) = moved_out {
            // Liability ended: the rest of the year's bill comes off.
            let days = days_between(ystart, m) + 1;
            let kept = mul_div_round(net, days, ydays);
            let d = next_weekday(add_days(m, rng.range(5, 20)));
            led.push(
                d,
                "ADJ",
                -(net - kept),
                year,
                Desc::Owned(format!(
                    "Liability ended {} - moved out",
                    dates.text(m, DateForm::Dmy)
                )),
            );
            // Final account.
            let balance = led.balance;
            let later = next_weekday(add_days(d, rng.range(14, 60)));
            if later <= AS_OF {
                if balance < 0 && rng.chance(0.8) {
                    let desc = *rng.pick(&[
                        "Refund of credit; cheque to forwarding address",
                        "Refund of credit to bank account",
                    ]);
                    led.push(later, "REF", -balance, year, Desc::Static(desc));
                } else if balance > 0 {
                    match rng.weighted(&[55, 20, 25]) {
                        0 => led.push(
                            later,
                            "PAY",
                            -balance,
                            year,
                            Desc::Static("Final bill payment"),
                        ),
                        1 if balance < 5_000 => led.push(
                            later,
                            "WO",
                            -balance,
                            year,
                            Desc::Static("Write off - small balance"),
                        ),
                        _ => {}
                    }
                }
            }
        }
    }
    // An old year's debt that will not be collected.
    if spec.to.is_none() && spec.profile == Profile::Poor && rng.chance(0.15) {
        if let Some(&(fy, owed)) = unpaid_years.iter().find(|(fy, _)| *fy < LAST_FY) {
            let d = next_weekday(ymd(2026, 2, rng.range(2, 27) as u32));
            led.push(
                d,
                "WO",
                -owed,
                Some(fy),
                Desc::Owned(format!("Write off - uncollectable {}", fy_label(fy))),
            );
        }
    }
    let balance = led.balance;
    if spec.to.is_some() {
        out.stage = if balance > 0 { "FN" } else { "00" };
    } else if let (Some(sd), true) = (summons, balance > 0) {
        out.stage = if days_between(sd, AS_OF) <= 30 {
            "SU"
        } else if attachment {
            "AE"
        } else if balance > 150_000 {
            "EA"
        } else {
            "LO"
        };
    } else if balance > 0 {
        out.stage = match current_missed.len() {
            0 => "00",
            1 => "R1",
            2 => "R2",
            _ => "FN",
        };
    }
    if matches!(out.stage, "R2" | "FN" | "SU") && current_missed.len() >= 2 {
        let lost = add_days(current_missed[1], 21);
        if lost <= AS_OF {
            out.lost_on = Some(lost);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Rent.

/// Rent years start on the first Monday of April; rises 7.7%, 2.7%, 4.8%.
const RENT_YEARS: [NaiveDate; 4] = [
    ymd(2023, 4, 3),
    ymd(2024, 4, 1),
    ymd(2025, 4, 7),
    ymd(2026, 4, 6),
];
const RENT_RISE_BP: [i64; 3] = [770, 270, 480];

/// Help with the rent: Housing Benefit credited every Monday before
/// `hb_until` (pension age, or working-age "legacy" claims until they move
/// to Universal Credit); Universal Credit housing costs earned weekly from
/// `uc_from` and paid to us in arrears every 4 weeks from `uc_first`.
#[derive(Debug, Clone, Copy)]
struct Benefit {
    /// Percentage of eligible rent, and the ineligible part (heating,
    /// services) in basis points of the rent.
    hb: Option<(i64, i64)>,
    hb_until: NaiveDate,
    uc_from: NaiveDate,
    uc_first: NaiveDate,
    /// Universal Credit earned before the extract and not yet paid.
    uc_owed_at_start: i64,
    /// UC falls short of the rent by this many basis points.
    uc_shortfall_bp: i64,
    /// DWP also pays a deduction for arrears while the account is behind.
    uc_deduction: bool,
}

impl Benefit {
    const NONE: Benefit = Benefit {
        hb: None,
        hb_until: NaiveDate::MIN,
        uc_from: NaiveDate::MAX,
        uc_first: NaiveDate::MAX,
        uc_owed_at_start: 0,
        uc_shortfall_bp: 0,
        uc_deduction: false,
    };

    fn pension_age(&self) -> bool {
        self.hb.is_some() && self.hb_until == NaiveDate::MAX
    }

    fn any(&self) -> bool {
        self.hb.is_some() || self.uc_from != NaiveDate::MAX
    }
}

#[derive(Debug, Clone, Copy)]
enum TenantPay {
    /// Cash once a week, `days` after Monday.
    CashWeekly(i64),
    /// Cash twice a week: Monday and `days` after.
    CashTwice(i64),
    DirectDebitWeekly,
    DirectDebitMonthly(u32),
}

struct TenancySpec {
    start: NaiveDate,
    /// Last day (a Sunday) of a former tenancy.
    end: Option<NaiveDate>,
    rent: [i64; 4],
    benefit: Benefit,
    pay: TenantPay,
    profile: Profile,
    brought_forward: i64,
    arrangement: i64,
    cash_desc: &'static str,
}

struct RentOutcome {
    weekly_rent: i64,
    stage: &'static str,
}

fn rent_schedule(rng: &mut Rng, bedrooms: u8) -> [i64; 4] {
    let base = match bedrooms {
        1 => rng.range(7_800, 9_200),
        2 => rng.range(8_800, 10_400),
        3 => rng.range(9_800, 11_600),
        _ => rng.range(10_800, 12_800),
    };
    let mut rent = [base; 4];
    for i in 1..4 {
        rent[i] = mul_div_round(rent[i - 1], 10_000 + RENT_RISE_BP[i - 1], 10_000);
    }
    rent
}

fn rent_on(rent: &[i64; 4], d: NaiveDate) -> i64 {
    let mut r = rent[0];
    for (i, start) in RENT_YEARS.iter().enumerate() {
        if d >= *start {
            r = rent[i];
        }
    }
    r
}

fn gen_rent(rng: &mut Rng, spec: &TenancySpec, txns: &mut Vec<Txn>) -> RentOutcome {
    let mut led = Ledger { txns, balance: 0 };
    let last_day = spec.end.unwrap_or(AS_OF).min(AS_OF);
    if spec.start < WINDOW_START && spec.brought_forward != 0 {
        led.push(
            BFWD_DATE,
            "BFWD",
            spec.brought_forward,
            None,
            Desc::Static("Balance brought forward"),
        );
    }
    let reliability = spec.profile.rent();
    let mut monday = monday_on_or_after(spec.start).max(WINDOW_START);
    let b = spec.benefit;
    let mut uc_next = b.uc_first;
    // Universal Credit earned and not yet paid (it is paid in arrears).
    let mut uc_accrued = b.uc_owed_at_start;
    let catch_up = match spec.profile {
        Profile::Good => 0.6,
        Profile::Occasional => 0.35,
        Profile::Poor => 0.25,
    };
    let mut costs_claimed = false;
    while monday <= last_day {
        let rent = rent_on(&spec.rent, monday);
        led.push(monday, "RENT", rent, None, Desc::RentWeek(monday));
        let sunday = add_days(monday, 6);
        let mut benefit = 0;
        if let (Some((percent, ineligible_bp)), true) = (b.hb, monday < b.hb_until) {
            let eligible = rent - mul_div_round(rent, ineligible_bp, 10_000);
            let hb = mul_div_round(eligible, percent, 100);
            led.push(monday, "HB", -hb, None, Desc::Static("Housing Benefit"));
            benefit = hb;
        }
        if monday >= b.uc_from {
            let apa = mul_div_round(rent * 4, 10_000 - b.uc_shortfall_bp, 10_000);
            while uc_next <= sunday {
                if uc_next <= last_day && uc_next >= monday {
                    uc_accrued -= apa;
                    led.push(
                        uc_next,
                        "UC",
                        -apa,
                        None,
                        Desc::Static("Universal Credit housing costs (APA)"),
                    );
                    if b.uc_deduction && led.balance - uc_accrued.max(0) > rent {
                        led.push(
                            uc_next,
                            "UC",
                            -1_840,
                            None,
                            Desc::Static("Universal Credit - deduction for rent arrears"),
                        );
                    }
                }
                uc_next = add_days(uc_next, 28);
            }
            benefit += apa / 4;
            uc_accrued += apa / 4;
        }
        let share = (rent - benefit).max(0);
        // Behind (beyond this week's share): an arrangement on top when far
        // behind, else sometimes a double payment to catch up.
        let behind = led.balance - share - uc_accrued.max(0);
        let cash = matches!(spec.pay, TenantPay::CashWeekly(_) | TenantPay::CashTwice(_));
        // Direct debit payers are put on an arrangement sooner.
        let arrangement_after = if cash { 4 * rent } else { rent };
        let (desc, due) = if behind > arrangement_after {
            ("Payment - arrangement", share + spec.arrangement)
        } else if cash && behind > 0 && share > 0 && rng.chance(catch_up) {
            (spec.cash_desc, share + behind.min(share))
        } else {
            (spec.cash_desc, share)
        };
        let ahead = led.balance < -2 * rent;
        if due > 0 && !ahead {
            match spec.pay {
                TenantPay::CashWeekly(days) => {
                    let d = add_days(monday, days + rng.range(0, 1));
                    if d <= last_day && rng.chance(reliability) {
                        led.push(d, "CASH", -due, None, Desc::Static(desc));
                    }
                }
                TenantPay::CashTwice(days) => {
                    let first = (due + 1) / 2;
                    if rng.chance(reliability) {
                        led.push(monday, "CASH", -first, None, Desc::Static(desc));
                    }
                    let d = add_days(monday, days);
                    if d <= last_day && rng.chance(reliability) {
                        led.push(d, "CASH", -(due - first), None, Desc::Static(desc));
                    }
                }
                TenantPay::DirectDebitWeekly => {
                    let d = add_days(monday, 4);
                    if d <= last_day {
                        led.push(d, "DD", -due, None, Desc::Static("Direct debit"));
                        if rng.chance((1.0 - reliability) * 0.5) {
                            let r = add_days(d, 3);
                            if r <= last_day {
                                led.push(
                                    r,
                                    "DDRTN",
                                    due,
                                    None,
                                    Desc::Static("Direct debit returned unpaid"),
                                );
                            }
                        }
                    }
                }
                TenantPay::DirectDebitMonthly(day) => {
                    // The collection day of the month (or the next weekday) when it falls in this week.
                    let months = [
                        Some((monday.year(), monday.month())),
                        (sunday.month() != monday.month())
                            .then_some((sunday.year(), sunday.month())),
                    ];
                    for (y, m) in months.into_iter().flatten() {
                        let d = next_weekday(ymd(y, m, day));
                        if d >= monday && d <= sunday && d <= last_day {
                            let amount = mul_div_round(due, 52, 12);
                            led.push(d, "DD", -amount, None, Desc::Static("Direct debit"));
                            if rng.chance((1.0 - reliability) * 0.5) {
                                let r = next_weekday(add_days(d, 3));
                                if r <= last_day {
                                    led.push(
                                        r,
                                        "DDRTN",
                                        amount,
                                        None,
                                        Desc::Static("Direct debit returned unpaid"),
                                    );
                                }
                            }
                        }
                    }
                }
            }
        }
        if rng.chance(0.004) {
            let d = add_days(monday, rng.range(1, 4));
            if d <= last_day {
                if rng.chance(0.6) {
                    let amount = rng.range(200, 3_000);
                    led.push(
                        d,
                        "ADJ",
                        -amount,
                        None,
                        Desc::Static("Heating charge correction"),
                    );
                } else {
                    let amount = rng.range(2_500, 15_000);
                    let desc = *rng.pick(&[
                        "Rechargeable repair - lock change",
                        "Rechargeable repair - door replacement",
                        "Rechargeable repair - clearance",
                    ]);
                    led.push(d, "ADJ", amount, None, Desc::Static(desc));
                }
            }
        }
        if !costs_claimed && led.balance > 12 * rent && rng.chance(0.05) {
            let d = add_days(monday, 2);
            if d <= last_day {
                costs_claimed = true;
                led.push(
                    d,
                    "CRT",
                    35_500,
                    None,
                    Desc::Static("Court costs - possession claim"),
                );
            }
        }
        if RENT_YEARS.contains(&monday) && led.balance > 0 && led.balance < 100 {
            led.push(
                monday,
                "WOFF",
                -led.balance,
                None,
                Desc::Static("Write off - small balance"),
            );
        }
        monday = add_days(monday, 7);
    }
    let weekly_rent = rent_on(&spec.rent, last_day);
    match spec.end {
        None => {
            // The weekly rent run posts next week's debit in advance.
            let rent = rent_on(&spec.rent, NEXT_MONDAY);
            led.push(NEXT_MONDAY, "RENT", rent, None, Desc::RentWeek(NEXT_MONDAY));
        }
        Some(end) => {
            let balance = led.balance;
            if balance > 0 && rng.chance(0.6) {
                let d = add_days(end, -rng.range(2, 5));
                led.push(
                    d,
                    "CASH",
                    -balance,
                    None,
                    Desc::Static("Payment - clear arrears before transfer"),
                );
            } else if balance > 0 && rng.chance(0.3) {
                let d = next_weekday(add_days(end, rng.range(30, 90)));
                if d <= AS_OF {
                    led.push(
                        d,
                        "WOFF",
                        -balance,
                        None,
                        Desc::Static("Write off - former tenant arrears"),
                    );
                }
            } else if balance < 0 && rng.chance(0.7) {
                let d = next_weekday(add_days(end, rng.range(14, 45)));
                if d <= AS_OF {
                    led.push(d, "REFND", -balance, None, Desc::Static("Refund of credit"));
                }
            }
        }
    }
    // Arrears in quarter weeks of rent: under 2 weeks none, then letters, notice, court.
    let quarters = if weekly_rent > 0 {
        led.balance * 4 / weekly_rent
    } else {
        0
    };
    let stage = match quarters {
        q if q < 8 => "NA",
        q if q < 16 => "A1",
        q if q < 32 => "A2",
        q if q < 48 => "NOSP",
        q if costs_claimed && q >= 104 => "EVN",
        _ if costs_claimed => "PO",
        _ => "CRT",
    };
    RentOutcome { weekly_rent, stage }
}

// ---------------------------------------------------------------------------
// Transaction files and planted defects.

/// Chance, after each row, of planting one bad row (of six kinds): each
/// kind is then about 1 in 20,000 rows.
const DEFECT_RATE: f64 = 6.0 / 20_000.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum DefectKind {
    BadDate,
    BadAmount,
    UnknownAccount,
    UnknownCode,
    Duplicate,
    ConflictingDuplicate,
}

impl DefectKind {
    const ALL: [DefectKind; 6] = [
        DefectKind::BadDate,
        DefectKind::BadAmount,
        DefectKind::UnknownAccount,
        DefectKind::UnknownCode,
        DefectKind::Duplicate,
        DefectKind::ConflictingDuplicate,
    ];

    /// As in `truth/defects.csv`: the reject class, or `duplicate` for an
    /// exact duplicate row (counted as a duplicate, not a reject).
    fn code(self) -> &'static str {
        match self {
            DefectKind::BadDate => "bad_date",
            DefectKind::BadAmount => "bad_amount",
            DefectKind::UnknownAccount => "unknown_account",
            DefectKind::UnknownCode => "unknown_code",
            DefectKind::Duplicate => "duplicate",
            DefectKind::ConflictingDuplicate => "conflicting_duplicate",
        }
    }
}

struct Defect {
    file: &'static str,
    line: u64,
    kind: DefectKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// Revenues system: `Trans ID;Account Ref;Posted;Type;Amount;Fin Year;Description`.
    Revenues,
    /// Housing system: `trans_id,tenancy_ref,trans_date,trans_code,description,debit,credit`.
    Housing,
}

enum DateField<'a> {
    Date(NaiveDate),
    Raw(&'a str),
}

enum AmountField<'a> {
    Pence(i64),
    /// Bad text, in the column the row's sign would use.
    Raw(&'a str, bool),
}

#[allow(clippy::too_many_arguments)]
fn format_txn(
    buf: &mut Vec<u8>,
    style: Style,
    dates: &DateText,
    id: u64,
    account: &str,
    date: DateField<'_>,
    code: &str,
    amount: AmountField<'_>,
    t: &Txn,
) {
    buf.clear();
    match style {
        Style::Revenues => {
            let enc = Enc::Cp1252;
            push_digits(buf, id);
            buf.push(b';');
            push_text(buf, account, enc);
            buf.push(b';');
            match date {
                DateField::Date(d) => dates.push(buf, d, DateForm::Dmy),
                DateField::Raw(s) => push_text(buf, s, enc),
            }
            buf.push(b';');
            push_text(buf, code, enc);
            buf.push(b';');
            match amount {
                AmountField::Pence(p) => push_revenues_amount(buf, p, enc),
                AmountField::Raw(s, _) => push_text(buf, s, enc),
            }
            buf.push(b';');
            if let Some(fy) = t.year {
                push_text(buf, &fy_label(fy), enc);
            }
            buf.push(b';');
            push_desc(buf, &t.desc, b';', enc, dates);
        }
        Style::Housing => {
            let enc = Enc::Utf8;
            buf.extend_from_slice(b"RJ");
            let digits = id.to_string();
            for _ in digits.len()..8 {
                buf.push(b'0');
            }
            buf.extend_from_slice(digits.as_bytes());
            buf.push(b',');
            push_text(buf, account, enc);
            buf.push(b',');
            match date {
                DateField::Date(d) => dates.push(buf, d, DateForm::Iso),
                DateField::Raw(s) => push_text(buf, s, enc),
            }
            buf.push(b',');
            push_text(buf, code, enc);
            buf.push(b',');
            push_desc(buf, &t.desc, b',', enc, dates);
            buf.push(b',');
            match amount {
                AmountField::Pence(p) if p >= 0 => {
                    push_pence(buf, p as u64, false);
                    buf.push(b',');
                }
                AmountField::Pence(p) => {
                    buf.push(b',');
                    push_pence(buf, p.unsigned_abs(), false);
                }
                AmountField::Raw(s, debit) => {
                    if debit {
                        push_field(buf, s, b',', enc);
                        buf.push(b',');
                    } else {
                        buf.push(b',');
                        push_field(buf, s, b',', enc);
                    }
                }
            }
        }
    }
}

fn push_desc(buf: &mut Vec<u8>, desc: &Desc, delim: u8, enc: Enc, dates: &DateText) {
    match desc {
        Desc::Static(s) => push_field(buf, s, delim, enc),
        Desc::Owned(s) => push_field(buf, s, delim, enc),
        Desc::RentWeek(d) => {
            buf.extend_from_slice(b"Rent w/c ");
            dates.push(buf, *d, DateForm::Dmy);
        }
    }
}

/// A transactions file: rows account by account, with planted defects.
struct TxnFile {
    sink: Sink,
    style: Style,
    display: &'static str,
    next_id: u64,
    rows: u64,
    rng: Rng,
    buf: Vec<u8>,
    bad: Vec<u8>,
}

impl TxnFile {
    fn new(sink: Sink, style: Style, display: &'static str, first_id: u64, rng: Rng) -> TxnFile {
        TxnFile {
            sink,
            style,
            display,
            next_id: first_id,
            rows: 0,
            rng,
            buf: Vec::with_capacity(256),
            bad: Vec::with_capacity(256),
        }
    }

    fn take_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Writes one account's rows (sorted by date, stable) and returns the
    /// balance of its good rows at the as-of date.
    fn write_account(
        &mut self,
        account: &str,
        txns: &mut [Txn],
        dates: &DateText,
        defects: &mut Vec<Defect>,
    ) -> Result<i64, Error> {
        txns.sort_by_key(|t| t.date);
        let mut balance = 0i64;
        for t in txns.iter() {
            let id = self.take_id();
            let mut buf = std::mem::take(&mut self.buf);
            format_txn(
                &mut buf,
                self.style,
                dates,
                id,
                account,
                DateField::Date(t.date),
                t.code,
                AmountField::Pence(t.amount),
                t,
            );
            self.sink.line(&buf)?;
            self.rows += 1;
            if t.date <= AS_OF {
                balance += t.amount;
            }
            if self.rng.chance(DEFECT_RATE) {
                let kind = DefectKind::ALL[self.rng.below(6) as usize];
                let mut bad = std::mem::take(&mut self.bad);
                self.plant(&mut bad, &buf, kind, id, account, t, dates);
                let line = self.sink.line(&bad)?;
                self.rows += 1;
                defects.push(Defect {
                    file: self.display,
                    line,
                    kind,
                });
                self.bad = bad;
            }
            self.buf = buf;
        }
        Ok(balance)
    }

    #[allow(clippy::too_many_arguments)]
    fn plant(
        &mut self,
        bad: &mut Vec<u8>,
        good: &[u8],
        kind: DefectKind,
        id: u64,
        account: &str,
        t: &Txn,
        dates: &DateText,
    ) {
        let style = self.style;
        let date = DateField::Date(t.date);
        let amount = AmountField::Pence(t.amount);
        match kind {
            DefectKind::Duplicate => {
                bad.clear();
                bad.extend_from_slice(good);
            }
            DefectKind::ConflictingDuplicate => {
                let changed = if t.amount >= 0 {
                    t.amount + 100
                } else {
                    t.amount - 100
                };
                format_txn(
                    bad,
                    style,
                    dates,
                    id,
                    account,
                    date,
                    t.code,
                    AmountField::Pence(changed),
                    t,
                );
            }
            DefectKind::BadDate => {
                let text = self.bad_date(t.date, dates);
                let new_id = self.take_id();
                format_txn(
                    bad,
                    style,
                    dates,
                    new_id,
                    account,
                    DateField::Raw(&text),
                    t.code,
                    amount,
                    t,
                );
            }
            DefectKind::BadAmount => {
                let choices: &[&str] = match style {
                    Style::Revenues => &["1O5.20", "12.3.4", "12.505", "£", "N/A"],
                    Style::Housing => &["1O5.20", "12.3.4", "12.505", "-", "N/A"],
                };
                let text = *self.rng.pick(choices);
                let new_id = self.take_id();
                format_txn(
                    bad,
                    style,
                    dates,
                    new_id,
                    account,
                    date,
                    t.code,
                    AmountField::Raw(text, t.amount >= 0),
                    t,
                );
            }
            DefectKind::UnknownAccount => {
                // A reference missing its last digit(s): never a real one
                // (revenues references have 8 digits, housing ones RT and 6+).
                let wrong: String = account.chars().take(7).collect();
                let new_id = self.take_id();
                format_txn(bad, style, dates, new_id, &wrong, date, t.code, amount, t);
            }
            DefectKind::UnknownCode => {
                let (code, desc) = match style {
                    Style::Revenues => ("XFR", "Transfer between accounts"),
                    Style::Housing => ("TFR", "Transfer to former tenant account"),
                };
                let moved = Txn {
                    desc: Desc::Static(desc),
                    ..t.clone()
                };
                let new_id = self.take_id();
                format_txn(
                    bad, style, dates, new_id, account, date, code, amount, &moved,
                );
            }
        }
    }

    /// A date that is not one: 31 of a 30-day month, 29 February of a common
    /// year, month 13, or the other system's form.
    fn bad_date(&mut self, d: NaiveDate, dates: &DateText) -> String {
        let y = d.year();
        let common = if y % 4 == 0 { y - 1 } else { y };
        let month30 = *self.rng.pick(&[4u32, 6, 9, 11]);
        match (self.style, self.rng.below(4)) {
            (Style::Revenues, 0) => format!("31/{month30:02}/{y}"),
            (Style::Revenues, 1) => format!("29/02/{common}"),
            (Style::Revenues, 2) => format!("{:02}/13/{y}", d.day()),
            (Style::Revenues, _) => dates.text(d, DateForm::Iso),
            (Style::Housing, 0) => format!("{y}-{month30:02}-31"),
            (Style::Housing, 1) => format!("{common}-02-29"),
            (Style::Housing, 2) => format!("{y}-13-{:02}", d.day()),
            (Style::Housing, _) => dates.text(d, DateForm::Dmy),
        }
    }
}

// ---------------------------------------------------------------------------
// Households.

struct Household {
    lead: Person,
    partner: Option<Person>,
    home: Property,
    tenant: bool,
    moved_in: Option<NaiveDate>,
    previous: Option<Property>,
    transfer: bool,
    profile: Profile,
    support_percent: i64,
}

fn household(rng: &mut Rng, places: &mut Places) -> Result<Household, Error> {
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
        match rng.weighted(&[55, 30, 15]) {
            0 => Profile::Good,
            1 => Profile::Occasional,
            _ => Profile::Poor,
        }
    } else {
        Profile::pick(rng)
    };
    let pensioner = lead.age_on(AS_OF) >= 67;
    let support_percent = if pensioner && rng.chance(0.45) {
        *rng.pick(&[100, 100, 75, 50])
    } else if !pensioner && tenant && rng.chance(0.4) {
        *rng.pick(&[80, 80, 60, 40])
    } else if rng.chance(0.05) {
        *rng.pick(&[80, 50, 25])
    } else {
        0
    };
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

fn band_for(rng: &mut Rng, p: &Property) -> usize {
    if p.block {
        rng.weighted(&[60, 35, 5])
    } else if p.bedrooms <= 1 {
        rng.weighted(&[55, 35, 10])
    } else {
        rng.weighted(&[12, 22, 24, 18, 12, 7, 4, 1])
    }
}

fn tenancy_spec(
    rng: &mut Rng,
    hh: &Household,
    property: &Property,
    start: NaiveDate,
    end: Option<NaiveDate>,
) -> TenancySpec {
    let pensioner = hh.lead.age_on(WINDOW_START) >= 66;
    let first_week = monday_on_or_after(start).max(WINDOW_START);
    let hb = |rng: &mut Rng| {
        Some((
            if rng.chance(0.65) {
                100
            } else {
                rng.range(40, 95)
            },
            rng.range(300, 900),
        ))
    };
    let rent = rent_schedule(rng, property.bedrooms);
    let shortfall = |rng: &mut Rng| match rng.weighted(&[25, 15, 60]) {
        0 => 0,
        1 => 1_400,
        _ => rng.range(300, 2_000),
    };
    let mut brought_forward = if start < WINDOW_START {
        match rng.weighted(&[55, 35, 10]) {
            0 => 0,
            1 => rng.range(500, 150_000),
            _ => -rng.range(500, 30_000),
        }
    } else {
        0
    };
    let benefit = if pensioner {
        if rng.chance(0.8) {
            Benefit {
                hb: hb(rng),
                hb_until: NaiveDate::MAX,
                ..Benefit::NONE
            }
        } else {
            Benefit::NONE
        }
    } else {
        match rng.weighted(&[35, 30, 35]) {
            // Universal Credit throughout.
            0 => {
                let uc_shortfall_bp = shortfall(rng);
                let (uc_from, uc_first, uc_owed_at_start) = if start < WINDOW_START {
                    // Already claiming: the first payment in the extract also
                    // covers weeks before it (technical arrears, brought forward).
                    let first = next_weekday(add_days(first_week, rng.range(2, 27)));
                    let weeks_in = (days_between(first_week, first) / 7 + 1).min(4);
                    let weeks_before = 4 - weeks_in + rng.range(0, 1);
                    let owed =
                        mul_div_round(rent[0] * weeks_before, 10_000 - uc_shortfall_bp, 10_000);
                    brought_forward += owed;
                    (NaiveDate::MIN, first, owed)
                } else {
                    // A new claim: first paid 5 to 6 weeks after it starts.
                    (
                        first_week,
                        next_weekday(add_days(first_week, rng.range(35, 42))),
                        0,
                    )
                };
                Benefit {
                    uc_from,
                    uc_first,
                    uc_owed_at_start,
                    uc_shortfall_bp,
                    uc_deduction: rng.chance(0.5),
                    ..Benefit::NONE
                }
            }
            // Legacy Housing Benefit until moved to Universal Credit, first
            // paid 5 to 6 weeks after the last Housing Benefit week.
            1 => {
                let until = monday_on_or_after(rng.date_between(ymd(2023, 9, 1), ymd(2026, 9, 30)));
                Benefit {
                    hb: hb(rng),
                    hb_until: until,
                    uc_from: until,
                    uc_first: next_weekday(add_days(until, rng.range(35, 42))),
                    uc_owed_at_start: 0,
                    uc_shortfall_bp: shortfall(rng),
                    uc_deduction: rng.chance(0.5),
                }
            }
            _ => Benefit::NONE,
        }
    };
    let cash_weekly = TenantPay::CashWeekly(rng.range(0, 4));
    let cash_twice = TenantPay::CashTwice(rng.range(3, 4));
    let monthly = TenantPay::DirectDebitMonthly(*rng.pick(&[1, 1, 15, 28]));
    let pay = if benefit.pension_age() {
        [cash_weekly, cash_twice, TenantPay::DirectDebitWeekly][rng.weighted(&[15, 70, 15])]
    } else if benefit.any() {
        [
            cash_weekly,
            cash_twice,
            TenantPay::DirectDebitWeekly,
            monthly,
        ][rng.weighted(&[15, 65, 10, 10])]
    } else {
        [
            monthly,
            TenantPay::DirectDebitWeekly,
            cash_twice,
            cash_weekly,
        ][rng.weighted(&[10, 25, 50, 15])]
    };
    TenancySpec {
        start,
        end,
        rent,
        benefit,
        pay,
        profile: hh.profile,
        brought_forward,
        arrangement: rng.range(500, 2_000),
        cash_desc: rng.pick::<&str>(&[
            "Cash - Allpay",
            "Cash - Post Office",
            "Allpay, PayPoint",
            "Card payment - telephone",
            "Online payment",
        ]),
    }
}

// ---------------------------------------------------------------------------
// The whole data set.

const CTAX_ACCOUNTS_HEADER: &str = "Account Ref;UPRN;Property Ref;Address 1;Address 2;Address 3;Address 4;Postcode;Status;Recovery Stage;Lead Liable Name;Lead Liable DOB;Joint Liable Name;Instalments Lost On;Instalment Plan";
const CTAX_TXNS_HEADER: &str = "Trans ID;Account Ref;Posted;Type;Amount;Fin Year;Description";
const CTAX_PLANS_HEADER: &str = "Account Ref;Fin Year;Due Date;Amount";
const TENANCIES_HEADER: &str = "tenancy_ref,property_ref,uprn,address_1,address_2,address_3,postcode,tenancy_start,tenancy_end,status,arrears_stage,tenant1_title,tenant1_forename,tenant1_surname,tenant1_dob,tenant1_nino,tenant2_title,tenant2_forename,tenant2_surname,tenant2_dob,tenant2_nino,weekly_rent";
const RENT_TXNS_HEADER: &str =
    "trans_id,tenancy_ref,trans_date,trans_code,description,debit,credit";
const LLPG_HEADER: &str =
    "UPRN,SAO_TEXT,PAO_TEXT,STREET_DESCRIPTOR,LOCALITY,TOWN_NAME,POSTCODE_LOCATOR";

/// Everything being written, and the running totals.
struct Writer {
    dates: DateText,
    ctax_accounts: Sink,
    ctax_txns: TxnFile,
    ctax_plans: Sink,
    tenancies: Sink,
    rent_txns: TxnFile,
    truth_ctax: Sink,
    truth_rent: Sink,
    defects: Vec<Defect>,
    next_ctax_ref: u64,
    next_rent_ref: u64,
    ctax_total: (u64, i64),
    rent_total: (u64, i64),
    txns: Vec<Txn>,
    row: Vec<u8>,
}

impl Writer {
    fn ctax_account(
        &mut self,
        rng: &mut Rng,
        hh: &Household,
        property: &Property,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<(), Error> {
        self.next_ctax_ref += 1 + rng.below(13);
        let reference = self.next_ctax_ref.to_string();
        let spec = CtaxSpec {
            from,
            to,
            band: band_for(rng, property),
            single_person: hh.partner.is_none() && rng.chance(0.8),
            support_percent: hh.support_percent,
            twelve: rng.chance(0.15),
            method: CtMethod::pick(rng),
            profile: hh.profile,
        };
        self.txns.clear();
        let outcome = gen_ctax(rng, &spec, &self.dates, &mut self.txns);
        let address = property.address(4);
        let lead = hh.lead.revenues_name(rng.chance(0.3));
        let dob = if rng.chance(0.8) {
            self.dates.text(hh.lead.dob, DateForm::Dmy)
        } else {
            String::new()
        };
        let joint = match &hh.partner {
            Some(p) if rng.chance(0.9) => p.revenues_name(false),
            _ => String::new(),
        };
        let lost = outcome
            .lost_on
            .map(|d| self.dates.text(d, DateForm::Dmy))
            .unwrap_or_default();
        let uprn = property.uprn.to_string();
        self.row.clear();
        push_row(
            &mut self.row,
            &[
                &reference,
                &uprn,
                &property.revenues_ref,
                &address[0],
                &address[1],
                &address[2],
                &address[3],
                &property.postcode,
                if to.is_some() { "C" } else { "L" },
                outcome.stage,
                &lead,
                &dob,
                &joint,
                &lost,
                if outcome.plans.is_empty() { "10" } else { "12" },
            ],
            b';',
            Enc::Cp1252,
        );
        self.ctax_accounts.line(&self.row)?;
        for (fy, plan) in &outcome.plans {
            for (due, amount) in plan {
                self.row.clear();
                push_text(&mut self.row, &reference, Enc::Cp1252);
                self.row.push(b';');
                push_text(&mut self.row, &fy_label(*fy), Enc::Cp1252);
                self.row.push(b';');
                self.dates.push(&mut self.row, *due, DateForm::Dmy);
                self.row.push(b';');
                push_revenues_amount(&mut self.row, *amount, Enc::Cp1252);
                self.ctax_plans.line(&self.row)?;
            }
        }
        let balance = self.ctax_txns.write_account(
            &reference,
            &mut self.txns,
            &self.dates,
            &mut self.defects,
        )?;
        self.ctax_total.0 += 1;
        self.ctax_total.1 += balance;
        self.row.clear();
        push_row(
            &mut self.row,
            &["ctax", &reference, &plain_money(balance)],
            b',',
            Enc::Utf8,
        );
        self.truth_ctax.line(&self.row)?;
        Ok(())
    }

    fn tenancy(
        &mut self,
        rng: &mut Rng,
        hh: &Household,
        property: &Property,
        start: NaiveDate,
        end: Option<NaiveDate>,
    ) -> Result<(), Error> {
        self.next_rent_ref += 1 + rng.below(4);
        let reference = format!("RT{:06}", self.next_rent_ref);
        let spec = tenancy_spec(rng, hh, property, start, end);
        self.txns.clear();
        let outcome = gen_rent(rng, &spec, &mut self.txns);
        let address = property.address(3);
        let uprn = property.uprn.to_string();
        let start_text = self.dates.text(start, DateForm::Iso);
        let end_text = end
            .map(|d| self.dates.text(d, DateForm::Iso))
            .unwrap_or_default();
        let lead = &hh.lead;
        let lead_dob = self.dates.text(lead.dob, DateForm::Iso);
        let lead_nino = match &lead.nino {
            Some(n) if rng.chance(0.5) => nino_written(n, rng.chance(0.5)),
            _ => String::new(),
        };
        let joint = hh.partner.as_ref().filter(|_| rng.chance(0.8));
        let (j_title, j_forename, j_surname, j_dob, j_nino) = match joint {
            Some(p) => (
                p.title,
                p.forename,
                p.surname,
                self.dates.text(p.dob, DateForm::Iso),
                match &p.nino {
                    Some(n) if rng.chance(0.3) => nino_written(n, rng.chance(0.5)),
                    _ => String::new(),
                },
            ),
            None => ("", "", "", String::new(), String::new()),
        };
        let rent_text = plain_money(outcome.weekly_rent);
        self.row.clear();
        push_row(
            &mut self.row,
            &[
                &reference,
                &property.housing_ref,
                &uprn,
                &address[0],
                &address[1],
                &address[2],
                &property.postcode,
                &start_text,
                &end_text,
                if end.is_some() { "former" } else { "current" },
                outcome.stage,
                lead.title,
                lead.forename,
                lead.surname,
                &lead_dob,
                &lead_nino,
                j_title,
                j_forename,
                j_surname,
                &j_dob,
                &j_nino,
                &rent_text,
            ],
            b',',
            Enc::Utf8,
        );
        self.tenancies.line(&self.row)?;
        let balance = self.rent_txns.write_account(
            &reference,
            &mut self.txns,
            &self.dates,
            &mut self.defects,
        )?;
        self.rent_total.0 += 1;
        self.rent_total.1 += balance;
        self.row.clear();
        push_row(
            &mut self.row,
            &["rent", &reference, &plain_money(balance)],
            b',',
            Enc::Utf8,
        );
        self.truth_rent.line(&self.row)?;
        Ok(())
    }

    fn household(&mut self, rng: &mut Rng, hh: &Household) -> Result<(), Error> {
        // Council tax: the old address (closed) first, then home.
        if let (Some(previous), Some(moved)) = (&hh.previous, hh.moved_in) {
            self.ctax_account(rng, hh, previous, None, Some(add_days(moved, -1)))?;
        }
        self.ctax_account(rng, hh, &hh.home, hh.moved_in, None)?;
        if hh.tenant {
            let start = match hh.moved_in {
                Some(m) => monday_on_or_after(m),
                None => monday_on_or_after(
                    rng.date_between(ymd(1990, 1, 1).max(hh.lead.adult_from()), ymd(2023, 3, 20)),
                ),
            };
            if let (true, Some(previous)) = (hh.transfer, &hh.previous) {
                let old_start = monday_on_or_after(
                    rng.date_between(ymd(1995, 1, 1).max(hh.lead.adult_from()), ymd(2022, 12, 31)),
                );
                self.tenancy(rng, hh, previous, old_start, Some(add_days(start, -1)))?;
            }
            self.tenancy(rng, hh, &hh.home, start, None)?;
        }
        Ok(())
    }
}

fn prepare_dir(out: &Path) -> Result<(), Error> {
    match fs::read_dir(out) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(Error::NotEmpty {
                    path: out.to_path_buf(),
                });
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
        }
        Err(e) => return Err(Error::io(out, e)),
    }
    for sub in ["ctax", "rent", "truth"] {
        let dir = out.join(sub);
        fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    }
    Ok(())
}

fn with_header(path: PathBuf, crlf: bool, header: &str, enc: Enc) -> Result<Sink, Error> {
    let mut sink = Sink::create(path, crlf)?;
    let mut buf = Vec::new();
    push_text(&mut buf, header, enc);
    sink.line(&buf)?;
    Ok(sink)
}

fn write_text(path: &Path, text: &str) -> Result<(), Error> {
    fs::write(path, text).map_err(|e| Error::io(path, e))
}

/// Writes the data set.
pub fn generate(options: &GenerateOptions) -> Result<GenerateSummary, Error> {
    let out = &options.out;
    prepare_dir(out)?;
    let seed = options.seed;
    let llpg = with_header(out.join("llpg.csv"), false, LLPG_HEADER, Enc::Utf8)?;
    let mut places = Places::new(seed, llpg);
    let mut w = Writer {
        dates: DateText::new(),
        ctax_accounts: with_header(
            out.join("ctax/accounts.csv"),
            true,
            CTAX_ACCOUNTS_HEADER,
            Enc::Cp1252,
        )?,
        ctax_txns: TxnFile::new(
            with_header(
                out.join("ctax/transactions.csv"),
                true,
                CTAX_TXNS_HEADER,
                Enc::Cp1252,
            )?,
            Style::Revenues,
            "ctax/transactions.csv",
            70_000_001,
            Rng::derive(seed, 3, 0),
        ),
        ctax_plans: with_header(
            out.join("ctax/instalments.csv"),
            true,
            CTAX_PLANS_HEADER,
            Enc::Cp1252,
        )?,
        tenancies: with_header(
            out.join("rent/tenancies.csv"),
            false,
            TENANCIES_HEADER,
            Enc::Utf8,
        )?,
        rent_txns: TxnFile::new(
            with_header(
                out.join("rent/transactions.csv"),
                false,
                RENT_TXNS_HEADER,
                Enc::Utf8,
            )?,
            Style::Housing,
            "rent/transactions.csv",
            1,
            Rng::derive(seed, 4, 0),
        ),
        truth_ctax: with_header(
            out.join("truth/balances.csv"),
            false,
            "source,account_ref,balance",
            Enc::Utf8,
        )?,
        truth_rent: Sink::create(out.join("truth/.rent-balances.part"), false)?,
        defects: Vec::new(),
        next_ctax_ref: 30_000_000,
        next_rent_ref: 1_000,
        ctax_total: (0, 0),
        rent_total: (0, 0),
        txns: Vec::with_capacity(1024),
        row: Vec::with_capacity(512),
    };

    for h in 0..options.households {
        let mut rng = Rng::derive(seed, 1, h);
        let hh = household(&mut rng, &mut places)?;
        w.household(&mut rng, &hh)?;
    }

    // Close every file; append the rent truth to the ctax truth.
    let Writer {
        ctax_accounts,
        ctax_txns,
        ctax_plans,
        tenancies,
        rent_txns,
        truth_ctax,
        truth_rent,
        mut defects,
        ctax_total,
        rent_total,
        ..
    } = w;
    let transaction_rows = ctax_txns.rows + rent_txns.rows;
    ctax_accounts.finish()?;
    ctax_txns.sink.finish()?;
    ctax_plans.finish()?;
    tenancies.finish()?;
    rent_txns.sink.finish()?;
    places.llpg.finish()?;
    let truth_path = truth_ctax.finish()?;
    let part = truth_rent.finish()?;
    {
        let mut from = File::open(&part).map_err(|e| Error::io(&part, e))?;
        let mut to = fs::OpenOptions::new()
            .append(true)
            .open(&truth_path)
            .map_err(|e| Error::io(&truth_path, e))?;
        io::copy(&mut from, &mut to).map_err(|e| Error::io(&truth_path, e))?;
        to.flush().map_err(|e| Error::io(&truth_path, e))?;
    }
    fs::remove_file(&part).map_err(|e| Error::io(&part, e))?;

    defects.sort_by(|a, b| (a.file, a.line).cmp(&(b.file, b.line)));
    let mut text = String::from("file,line,kind\n");
    for d in &defects {
        text.push_str(&format!("{},{},{}\n", d.file, d.line, d.kind.code()));
    }
    write_text(&out.join("truth/defects.csv"), &text)?;

    let control = |name: &str, (accounts, pence): (u64, i64)| {
        let mut buf = Vec::new();
        push_revenues_amount(&mut buf, pence, Enc::Utf8);
        let amount = String::from_utf8_lossy(&buf).into_owned();
        let mut row = Vec::new();
        push_row(
            &mut row,
            &[name, &accounts.to_string(), &amount, "2026-11-20"],
            b',',
            Enc::Utf8,
        );
        String::from_utf8_lossy(&row).into_owned()
    };
    write_text(
        &out.join("control_totals.csv"),
        &format!(
            "System,Accounts,Closing Balance,Extract Date\n{}\n{}\n",
            control("CTAX", ctax_total),
            control("RENT", rent_total)
        ),
    )?;
    write_text(
        &out.join("sources.toml"),
        &sources_toml(options.households, seed),
    )?;

    let mut files = Vec::new();
    for rel in [
        "sources.toml",
        "control_totals.csv",
        "llpg.csv",
        "ctax/accounts.csv",
        "ctax/transactions.csv",
        "ctax/instalments.csv",
        "rent/tenancies.csv",
        "rent/transactions.csv",
        "truth/balances.csv",
        "truth/defects.csv",
    ] {
        let path = out.join(rel);
        let size = fs::metadata(&path).map_err(|e| Error::io(&path, e))?.len();
        files.push((path, size));
    }
    Ok(GenerateSummary {
        accounts: ctax_total.0 + rent_total.0,
        transaction_rows,
        files,
    })
}

fn sources_toml(households: u64, seed: u64) -> String {
    format!(
        "# Generated by `debt-batch generate --households {households} --seed {seed}`: a synthetic council\n\
         # (Ashbury Borough Council) with council tax and rent exports in the styles of fixtures/sources.toml.\n\
         # The sections below are copied from fixtures/sources.toml. Run date: 20 November 2026.\n\
         # truth/balances.csv holds every account's balance and truth/defects.csv every planted bad row.\n\
         \n{CONFIG_COMMON}\n{CONFIG_SOURCES}"
    )
}

const CONFIG_COMMON: &str = r#"[run]
# A source's total may differ from what the system says by at most this much and still count as MATCHED.
tolerance = "0.00"
instalment_day = 1
instalments = 10

# What each system says it holds: one row per system, a count of accounts and the total closing balance.
[control_totals]
file = "control_totals.csv"
format = { kind = "csv", delimiter = ",", encoding = "utf-8", header = true }
columns = { source = "System", accounts = "Accounts", closing_balance = "Closing Balance" }

# The Local Land and Property Gazetteer extract: every addressable place with its UPRN.
[gazetteer]
file = "llpg.csv"
format = { kind = "csv", delimiter = ",", encoding = "utf-8", header = true }
columns = { uprn = "UPRN", sao = "SAO_TEXT", pao = "PAO_TEXT", street = "STREET_DESCRIPTOR", locality = "LOCALITY", town = "TOWN_NAME", postcode = "POSTCODE_LOCATOR" }

# ===================================================================================================
"#;

const CONFIG_SOURCES: &str = r#"# COUNCIL TAX: revenues system. One account per property per liable period, lead and joint liable
# persons, the annual bill (CHG) split into instalments, payments, court costs.
[[sources]]
id = "ctax"
service = "council_tax"
control_name = "CTAX"
# The revenues system writes Windows-1252 text (the £ sign is one byte, 0xA3) separated by semicolons.
format = { kind = "csv", delimiter = ";", encoding = "windows-1252", header = true, quote = "\"" }

[sources.accounts]
file = "ctax/accounts.csv"
date_format = "dd/mm/yyyy"
# Each account names up to two liable people; names are written SURNAME, FORENAMES INITIAL.
# Only the lead liable person's date of birth is exported. An empty joint name means no joint liable person.
parties = [
    { role = "lead_liable", name = "Lead Liable Name", dob = "Lead Liable DOB" },
    { role = "joint_liable", name = "Joint Liable Name" },
]

[sources.accounts.columns]
account_ref = "Account Ref"
uprn = "UPRN"
property_ref = "Property Ref"
address = ["Address 1", "Address 2", "Address 3", "Address 4"]
postcode = "Postcode"
status = "Status"
stage = "Recovery Stage"
# When a reminder is ignored the resident loses the right to pay by instalments: from this date the
# whole of the year's remaining bill is due at once.
instalments_lost_on = "Instalments Lost On"
# Not mapped: "Instalment Plan" (10, 12 or SP for a special arrangement): see EXPECTED.md.

# Account status codes: L = live, C = closed (the resident moved out; the account may still owe or be owed).
[sources.accounts.status_map]
L = "current"
C = "closed"

# Recovery stage codes of the revenues system, in order of escalation.
[sources.accounts.stage_map]
# Mapped onto our council tax ladder: reminder_1, reminder_2, final_notice, summons, liability_order,
# enforcement_agent ("none" = no recovery action). Attachment of earnings is a remedy after the liability
# order, so it sits at liability_order.
"00" = "none"
R1 = "reminder_1"
R2 = "reminder_2"
FN = "final_notice"
SU = "summons"
LO = "liability_order"
AE = "liability_order"
EA = "enforcement_agent"

[sources.transactions]
file = "ctax/transactions.csv"
date_format = "dd/mm/yyyy"
# One signed amount: bills and costs positive, payments negative, as on a council tax statement.
sign = "debit_positive"

[sources.transactions.columns]
account_ref = "Account Ref"
transaction_id = "Trans ID"
date = "Posted"
type = "Type"
amount = "Amount"
# The council tax year a row belongs to: a payment for 2026/27 pays 2026/27 instalments first.
financial_year = "Fin Year"

# Transaction types. REV is a returned (bounced) payment: it puts the debt back.
# REF is money paid back to the resident out of a credit. CST are court (summons) costs, due when posted.
[sources.transactions.type_map]
CHG = "charge"
PAY = "payment"
REV = "reversal"
ADJ = "adjustment"
WO = "write_off"
CST = "costs"
REF = "refund"

# Explicit instalment plans: where an account is listed here, these instalments replace the statutory split
# of that year's bill (12-instalment payers and special arrangements).
[sources.instalments]
file = "ctax/instalments.csv"
date_format = "dd/mm/yyyy"
columns = { account_ref = "Account Ref", due_date = "Due Date", amount = "Amount", financial_year = "Fin Year" }

# ===================================================================================================
# HOUSING RENT: housing system. One tenancy per council home, up to two tenants, weekly rent debits
# every Monday, payments (Universal Credit housing costs paid to us every 4 weeks, direct debits, cash).
[[sources]]
id = "rent"
service = "housing_rent"
control_name = "RENT"
format = { kind = "csv", delimiter = ",", encoding = "utf-8", header = true }

[sources.accounts]
file = "rent/tenancies.csv"
date_format = "yyyy-mm-dd"
# Tenants are held as title, forename and surname; the housing system sometimes holds a National Insurance
# number (written with or without spaces). Empty tenant 2 columns mean a sole tenancy.
parties = [
    { role = "tenant", title = "tenant1_title", forename = "tenant1_forename", surname = "tenant1_surname", dob = "tenant1_dob", nino = "tenant1_nino" },
    { role = "joint_tenant", title = "tenant2_title", forename = "tenant2_forename", surname = "tenant2_surname", dob = "tenant2_dob", nino = "tenant2_nino" },
]

[sources.accounts.columns]
account_ref = "tenancy_ref"
property_ref = "property_ref"
uprn = "uprn"
address = ["address_1", "address_2", "address_3"]
postcode = "postcode"
status = "status"
stage = "arrears_stage"

[sources.accounts.status_map]
current = "current"
former = "former"

# Rent arrears stages (pre-action protocol): NA none, A1/A2 arrears letters, NOSP notice of seeking
# possession, CRT court hearing, PO possession order, EVN eviction booked.
[sources.accounts.stage_map]
# Mapped onto our rent ladder: letter, nosp, court, warrant.
NA = "none"
A1 = "letter"
A2 = "letter"
NOSP = "nosp"
CRT = "court"
PO = "court"
EVN = "warrant"

[sources.transactions]
file = "rent/transactions.csv"
date_format = "yyyy-mm-dd"

# Two positive columns: a debit raises what the tenant owes, a credit lowers it. One is empty on each row.
[sources.transactions.columns]
account_ref = "tenancy_ref"
transaction_id = "trans_id"
date = "trans_date"
type = "trans_code"
debit = "debit"
credit = "credit"

# BFWD is the balance brought forward at the start of the extract period (a debit when the tenant owed,
# a credit when in credit). DDRTN is a returned direct debit: it restores the rent it had paid.
[sources.transactions.type_map]
BFWD = "adjustment"
RENT = "charge"
UC = "payment"
HB = "payment"
CASH = "payment"
DD = "payment"
DDRTN = "reversal"
ADJ = "adjustment"
WOFF = "write_off"
CRT = "costs"
REFND = "refund"
"#;

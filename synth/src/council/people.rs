//! The council's people: forenames and surnames drawn uniformly from short
//! lists, with titles, middle initials, dates of birth and National
//! Insurance numbers.

use chrono::{Datelike, NaiveDate};

use crate::dates::{add_days, ymd};
use crate::random::Rng;

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
pub struct Person {
    pub title: &'static str,
    pub forename: &'static str,
    pub middle: Option<char>,
    pub surname: &'static str,
    pub dob: NaiveDate,
    pub nino: Option<String>,
}

impl Person {
    pub fn new(
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
    pub fn adult_from(&self) -> NaiveDate {
        let y = self.dob.year() + 18;
        NaiveDate::from_ymd_opt(y, self.dob.month(), self.dob.day()).unwrap_or(ymd(y, 2, 28))
    }

    pub fn age_on(&self, d: NaiveDate) -> i32 {
        let mut age = d.year() - self.dob.year();
        if (d.month(), d.day()) < (self.dob.month(), self.dob.day()) {
            age -= 1;
        }
        age
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

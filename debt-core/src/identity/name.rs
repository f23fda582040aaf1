//! Personal names as systems write them, normalised for comparison.
//!
//! 'SMITH, JOHN A', 'Mr John Smith', 'J A Smith' and 'john smith' all become
//! surname `SMITH` with forenames `JOHN` (or the initial `J`) and `A`.
//! Titles and suffixes are set aside; apostrophes, hyphens and accents do
//! not count; surname particles (de, van, O', Mc) join the surname; a
//! "trading as" name keeps only the person; company names are recognised.

use super::text::fold;

/// A name split into parts, normalised (upper case ASCII, no punctuation).
///
/// ```
/// use debt_core::identity::PersonName;
/// let a = PersonName::parse("SMITH, JOHN A");
/// let b = PersonName::parse("Mr John Smith");
/// assert_eq!((a.surname.as_str(), a.forenames[0].as_str()), ("SMITH", "JOHN"));
/// assert_eq!((b.surname.as_str(), b.title.as_deref()), ("SMITH", Some("MR")));
/// assert_eq!(PersonName::parse("Mary O'Brien").surname, "OBRIEN");
/// assert_eq!(PersonName::parse("Ana de Souza").surname, "DESOUZA");
/// assert!(PersonName::parse("PATEL STORES LTD").is_organisation);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct PersonName {
    /// Title (MR, MRS, DR ...), if written.
    pub title: Option<String>,
    /// Forenames and initials in order.
    pub forenames: Vec<String>,
    /// Surname with particles joined and hyphens removed.
    pub surname: String,
    /// The name is a company or organisation, not a person.
    pub is_organisation: bool,
}

const TITLES: &[&str] = &[
    "MR", "MRS", "MS", "MISS", "MX", "DR", "REV", "REVD", "PROF", "SIR", "DAME", "LADY", "LORD",
    "MASTER", "FR", "CAPT",
];
const SUFFIXES: &[&str] = &[
    "JR", "JNR", "JUNIOR", "SR", "SNR", "SENIOR", "II", "III", "IV", "ESQ",
];
const PARTICLES: &[&str] = &[
    "DE", "DA", "DI", "DU", "DOS", "DAS", "VAN", "VON", "DER", "DEN", "LE", "LA", "DEL", "DELLA",
    "MAC", "MC", "O", "ST", "AL", "EL", "BIN", "BEN", "AP",
];
const ORGANISATION_WORDS: &[&str] = &[
    "LTD",
    "LIMITED",
    "PLC",
    "LLP",
    "CO",
    "COMPANY",
    "INC",
    "TRUST",
    "ASSOCIATION",
    "COUNCIL",
    "SERVICES",
    "STORES",
    "GARAGE",
    "CAFE",
    "HOLDINGS",
    "PARTNERS",
    "PARTNERSHIP",
    "CHARITY",
    "CIC",
    "CLUB",
    "CHURCH",
    "SCHOOL",
    "GROUP",
];

impl PersonName {
    /// Parses a full name written in one field, in any order.
    pub fn parse(full: &str) -> PersonName {
        // 'Rosa Bianchi t/a The Corner Café': the person is before "t/a".
        let lower = full.to_lowercase();
        let person_part = ["t/a", " ta ", "trading as"]
            .iter()
            .filter_map(|m| lower.find(m))
            .min()
            .map(|i| &full[..i])
            .unwrap_or(full);
        // Hyphenated names are one name (Smith-Jones, Mary-Jane); words in
        // brackets are a note, not a name ('R Bianchi (Corner Cafe)').
        let mut unbracketed = String::with_capacity(person_part.len());
        let mut depth = 0u32;
        for c in person_part.chars() {
            match c {
                '(' | '[' => depth += 1,
                ')' | ']' => depth = depth.saturating_sub(1),
                _ if depth == 0 => unbracketed.push(c),
                _ => {}
            }
        }
        let person_part = unbracketed.replace('-', "");
        let person_part = person_part.as_str();
        let folded = fold(person_part);
        let tokens: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).collect();
        if tokens.iter().any(|t| ORGANISATION_WORDS.contains(t)) {
            return PersonName {
                title: None,
                forenames: Vec::new(),
                surname: tokens.join(" "),
                is_organisation: true,
            };
        }
        if let Some((surname_part, rest)) = person_part.split_once(',') {
            // 'SMITH, JOHN A' (and 'SMITH, MR JOHN').
            let mut name = PersonName::from_tokens(
                &fold(rest)
                    .split(' ')
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>(),
                None,
            );
            let surname_tokens: Vec<String> = fold(surname_part)
                .split(' ')
                .filter(|t| !t.is_empty() && !SUFFIXES.contains(t))
                .map(String::from)
                .collect();
            name.surname = surname_tokens.concat();
            return name;
        }
        let mut tokens: Vec<&str> = tokens;
        while tokens.last().is_some_and(|t| SUFFIXES.contains(t)) {
            tokens.pop();
        }
        if tokens.is_empty() {
            return PersonName::default();
        }
        // 'PHILLIPS R', 'Mr SMITH J A': the surname first and the initials
        // after it, as a parking or finance system may write a name. No
        // surname is a single letter, so trailing initials after a longer
        // word mean this order.
        let titles = tokens.iter().take_while(|t| TITLES.contains(t)).count();
        let initials = tokens.iter().rev().take_while(|t| t.len() == 1).count();
        let head = &tokens[titles.min(tokens.len() - initials)..tokens.len() - initials];
        if initials > 0 && head.last().is_some_and(|t| t.len() > 1) {
            let mut given: Vec<&str> = tokens[..titles.min(1)].to_vec();
            given.extend(&tokens[tokens.len() - initials..]);
            return PersonName::from_tokens(&given, Some(head.concat()));
        }
        // Surname: the last token, with any particles before it. A lone
        // 'O' is also an initial: it joins the surname (Mary O Brien) only
        // after a full forename, never after a title or another initial
        // ('Mr O Morris' and 'J O Morris' are Morris).
        let mut start = tokens.len() - 1;
        while start > 1 && PARTICLES.contains(&tokens[start - 1]) {
            let before = &tokens[..start - 1];
            let lone_o = tokens[start - 1] == "O";
            let full_forename_before = before
                .last()
                .is_some_and(|t| t.len() > 1 && !(before.len() == 1 && TITLES.contains(t)));
            if lone_o && !full_forename_before {
                break;
            }
            start -= 1;
        }
        let surname = tokens[start..].concat();
        PersonName::from_tokens(&tokens[..start], Some(surname))
    }

    fn from_tokens(tokens: &[&str], surname: Option<String>) -> PersonName {
        let mut title = None;
        let mut forenames = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            if i == 0 && TITLES.contains(t) {
                title = Some((*t).to_string());
            } else if !SUFFIXES.contains(t) {
                forenames.push((*t).to_string());
            }
        }
        PersonName {
            title,
            forenames,
            surname: surname.unwrap_or_default(),
            is_organisation: false,
        }
    }

    /// Builds a name from separate columns.
    ///
    /// ```
    /// use debt_core::identity::PersonName;
    /// let n = PersonName::from_parts(Some("Mrs"), "Sarah Jane", "Smith-Jones");
    /// assert_eq!(n.forenames, vec!["SARAH", "JANE"]);
    /// assert_eq!(n.surname, "SMITHJONES");
    /// ```
    pub fn from_parts(title: Option<&str>, forenames: &str, surname: &str) -> PersonName {
        let title = title.map(fold).filter(|t| !t.is_empty());
        let forenames: Vec<String> = fold(&forenames.replace('-', ""))
            .split(' ')
            .filter(|t| !t.is_empty() && !TITLES.contains(t))
            .map(String::from)
            .collect();
        let surname = fold(&surname.replace('-', ""))
            .split(' ')
            .filter(|t| !t.is_empty() && !SUFFIXES.contains(t))
            .collect::<Vec<_>>()
            .concat();
        PersonName {
            title,
            forenames,
            surname,
            is_organisation: false,
        }
    }

    /// The first forename (or initial), if any.
    pub fn first_forename(&self) -> Option<&str> {
        self.forenames.first().map(String::as_str)
    }

    /// The first forename in its formal form (Bill → WILLIAM).
    ///
    /// ```
    /// use debt_core::identity::PersonName;
    /// assert_eq!(PersonName::parse("Bill Jones").canonical_forename(), Some("WILLIAM"));
    /// ```
    pub fn canonical_forename(&self) -> Option<&str> {
        self.first_forename().map(canonical_forename)
    }

    /// The first letter of the first forename.
    pub fn initial(&self) -> Option<char> {
        self.first_forename().and_then(|f| f.chars().next())
    }
}

/// The formal form of a forename, through a table of common English
/// nicknames; names not in the table are returned as given. Where a short
/// form has several formal names (Kate: Katherine or Catherine), this is the
/// first; [`forename_forms`] gives them all.
///
/// ```
/// use debt_core::identity::name::canonical_forename;
/// assert_eq!(canonical_forename("BOB"), "ROBERT");
/// assert_eq!(canonical_forename("LIZ"), "ELIZABETH");
/// assert_eq!(canonical_forename("ZARA"), "ZARA");
/// ```
pub fn canonical_forename(name: &str) -> &str {
    forename_forms(name).first().copied().unwrap_or(name)
}

/// Every formal name a forename may stand for: a nickname's formal names
/// (Chris: Christopher, Christine, Christian), a spelling's other
/// spellings (Steven: Stephen), or the name itself. Two forenames may be
/// the same person's when their forms share a name.
///
/// ```
/// use debt_core::identity::name::forename_forms;
/// assert_eq!(forename_forms("KATE"), ["KATHERINE", "CATHERINE"]);
/// assert!(forename_forms("CATHERINE").contains(&"KATHERINE"));
/// assert_eq!(forename_forms("ZARA"), ["ZARA"]);
/// ```
pub fn forename_forms(name: &str) -> Vec<&str> {
    match NICKNAMES.binary_search_by(|(nick, _)| nick.cmp(&name)) {
        Ok(i) => NICKNAMES[i].1.to_vec(),
        Err(_) => vec![name],
    }
}

/// The nicknames that may stand for a formal name (Elizabeth: Beth, Betty,
/// Liz ...), sorted; empty when the table has none. A forename written as
/// a mistyped nickname ('Stuve' for Steve) is recognised through these.
///
/// ```
/// use debt_core::identity::name::nicknames_of;
/// assert!(nicknames_of("ELIZABETH").contains(&"BETH"));
/// assert!(nicknames_of("STEPHEN").contains(&"STEVE"));
/// assert!(nicknames_of("ZARA").is_empty());
/// ```
pub fn nicknames_of(formal: &str) -> &'static [&'static str] {
    static REVERSE: std::sync::OnceLock<
        std::collections::HashMap<&'static str, Vec<&'static str>>,
    > = std::sync::OnceLock::new();
    let reverse = REVERSE.get_or_init(|| {
        let mut map: std::collections::HashMap<&'static str, Vec<&'static str>> =
            std::collections::HashMap::new();
        for (nick, formals) in NICKNAMES {
            for f in formals.iter() {
                if f != nick {
                    map.entry(*f).or_default().push(*nick);
                }
            }
        }
        for nicks in map.values_mut() {
            nicks.sort_unstable();
            nicks.dedup();
        }
        map
    });
    reverse.get(formal).map_or(&[], Vec::as_slice)
}

/// Whether a forename is one the name tables know (a forename only men or
/// only women use, a nickname, or a formal name a nickname stands for). A
/// typo seldom turns one known forename into another, so two different
/// known forenames are two names, not one mistyped.
///
/// ```
/// use debt_core::identity::name::is_known_forename;
/// assert!(is_known_forename("IAN") && is_known_forename("DANIEL") && is_known_forename("DAN"));
/// assert!(!is_known_forename("STUVE"));
/// ```
pub fn is_known_forename(name: &str) -> bool {
    MALE_NAMES.binary_search(&name).is_ok()
        || FEMALE_NAMES.binary_search(&name).is_ok()
        || NICKNAMES
            .binary_search_by(|(nick, _)| nick.cmp(&name))
            .is_ok()
        || !nicknames_of(name).is_empty()
}

/// Sex as a name shows it, when it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    /// A male title (Mr, Master, Sir, Lord) or a forename used only by men.
    Male,
    /// A female title (Mrs, Miss, Ms, Dame, Lady) or a forename used only by women.
    Female,
}

impl PersonName {
    /// The sex the title shows, or failing that the first forename when it
    /// is one that only men or only women use (Chris, Sam, Alex, Jo and the
    /// like say nothing; neither do initials).
    ///
    /// ```
    /// use debt_core::identity::{name::Sex, PersonName};
    /// assert_eq!(PersonName::parse("Miss M Todcombe").sex(), Some(Sex::Female));
    /// assert_eq!(PersonName::parse("MICHAEL TODCOMBE").sex(), Some(Sex::Male));
    /// assert_eq!(PersonName::parse("Chris Todcombe").sex(), None);
    /// ```
    pub fn sex(&self) -> Option<Sex> {
        match self.title.as_deref() {
            Some("MR" | "MASTER" | "SIR" | "LORD") => return Some(Sex::Male),
            Some("MRS" | "MISS" | "MS" | "DAME" | "LADY") => return Some(Sex::Female),
            _ => {}
        }
        let first = self.first_forename()?;
        if first.len() < 2 {
            return None;
        }
        if MALE_NAMES.binary_search(&first).is_ok() {
            Some(Sex::Male)
        } else if FEMALE_NAMES.binary_search(&first).is_ok() {
            Some(Sex::Female)
        } else {
            None
        }
    }

    /// The initial of the second forename ('SMITH, JOHN A' gives `A`), if
    /// written.
    ///
    /// ```
    /// use debt_core::identity::PersonName;
    /// assert_eq!(PersonName::parse("SMITH, JOHN A").middle_initial(), Some('A'));
    /// assert_eq!(PersonName::parse("Mr J Smith").middle_initial(), None);
    /// ```
    pub fn middle_initial(&self) -> Option<char> {
        self.forenames.get(1).and_then(|f| f.chars().next())
    }
}

/// Forenames (and their short forms) that only men use, sorted.
#[rustfmt::skip]
const MALE_NAMES: &[&str] = &[
    "AARON", "ABDUL", "ADAM", "ADRIAN", "AHMED", "ALAN", "ALBERT", "ALEXANDER", "ALF", "ALFIE",
    "ALFRED", "ALI", "ANDREW", "ANDY", "ANTHONY", "ARTHUR", "BARRY", "BEN", "BENJAMIN", "BERNARD",
    "BERT", "BILL", "BILLY", "BOB", "BOBBY", "BRIAN", "CALLUM", "CARL", "CHARLES", "CHRISTOPHER",
    "COLIN", "CONNOR", "CRAIG", "DAN", "DANIEL", "DANNY", "DARREN", "DAVE", "DAVID", "DEAN",
    "DENNIS", "DEREK", "DICK", "DOUG", "DOUGLAS", "DYLAN", "ED", "EDDIE", "EDWARD", "EMEKA",
    "ERIC", "ETHAN", "FRANK", "FRED", "FREDDIE", "FREDERICK", "GARETH", "GARY", "GEOFFREY",
    "GEORGE", "GERALD", "GORDON", "GRAHAM", "GREGORY", "HAROLD", "HARRY", "HENRY", "IAN", "IMRAN",
    "JACK", "JACOB", "JAMES", "JASON", "JEFFREY", "JIM", "JIMMY", "JOE", "JOHN", "JON",
    "JONATHAN", "JOSEPH", "JOSH", "JOSHUA", "KEITH", "KEN", "KENNETH", "KEVIN", "KIERAN", "KWAME",
    "LEN", "LEONARD", "LEWIS", "LIAM", "LUKE", "MALCOLM", "MARK", "MARTIN", "MATT", "MATTHEW",
    "MICHAEL", "MICK", "MIKE", "MOHAMMED", "MUHAMMAD", "NATHAN", "NEIL", "NICHOLAS", "NICK",
    "NIGEL", "NOAH", "OLIVER", "OMAR", "OSCAR", "OWEN", "PATRICK", "PAUL", "PETE", "PETER",
    "PHIL", "PHILIP", "PIOTR", "RAJESH", "RAVI", "RAY", "RAYMOND", "REG", "REGINALD", "RHYS",
    "RICHARD", "RICK", "ROB", "ROBERT", "ROGER", "RONALD", "ROY", "RYAN", "SAMUEL", "SANJAY",
    "SCOTT", "SEAN", "SHAUN", "SIMON", "STAN", "STANLEY", "STEPHEN", "STEVE", "STEVEN", "STU",
    "STUART", "TARIQ", "TED", "TERENCE", "THOMAS", "TIMOTHY", "TOM", "TOMASZ", "TOMMY", "TONY",
    "TREVOR", "VINCENT", "WAYNE", "WILL", "WILLIAM",
];

/// Forenames (and their short forms) that only women use, sorted.
#[rustfmt::skip]
const FEMALE_NAMES: &[&str] = &[
    "ABBY", "ABIGAIL", "AGNIESZKA", "AISHA", "ALEXANDRA", "ALISON", "AMANDA", "AMELIA", "AMY",
    "ANGELA", "ANN", "ANNA", "ANNE", "AYESHA", "BARBARA", "BECKY", "BETH", "BETTY", "BRENDA",
    "CAROL", "CAROLINE", "CATHERINE", "CATHY", "CHARLOTTE", "CHLOE", "CHRISTINE", "CLAIRE",
    "DEBBIE", "DEBORAH", "DEBS", "DIANE", "DONNA", "DORIS", "DOROTHY", "DOT", "ELIZABETH",
    "ELLIE", "EMILY", "EMMA", "FATIMA", "GEMMA", "GILL", "GILLIAN", "GRACE", "HANNAH", "HAYLEY",
    "HEATHER", "HELEN", "IRENE", "ISABELLA", "JACQUELINE", "JADE", "JANE", "JANET", "JEAN", "JEN",
    "JENNIFER", "JENNY", "JESSICA", "JOAN", "JOANNE", "JULIA", "JULIE", "KAREN", "KATE", "KATH",
    "KATHERINE", "KATHLEEN", "KATHY", "KELLY", "KIMBERLEY", "KIRSTY", "LAURA", "LEANNE", "LINDA",
    "LISA", "LIZ", "LOUISE", "LUCY", "LYNN", "MAGGIE", "MARGARET", "MARIA", "MARY", "MEG",
    "MEGAN", "MELISSA", "MICHELLE", "NATALIE", "NICOLA", "OLIVIA", "PAMELA", "PATRICIA",
    "PAULINE", "PEGGY", "PRIYA", "RACHEL", "REBECCA", "RUTH", "SAMANTHA", "SANDRA", "SARAH",
    "SHABANA", "SHARON", "SHEILA", "SOPHIE", "STEPHANIE", "SUE", "SUNITA", "SUSAN", "SUSIE",
    "TRACEY", "TRACY", "TRISH", "VALERIE", "VICKY", "VICTORIA", "WENDY", "YVONNE", "ZOE",
];

/// Forename → the formal names it may stand for, sorted by forename for
/// binary search. A formal name with other spellings lists itself first.
#[rustfmt::skip]
const NICKNAMES: &[(&str, &[&str])] = &[
    ("ABBIE", &["ABIGAIL"]), ("ABBY", &["ABIGAIL"]), ("AL", &["ALAN", "ALBERT", "ALFRED"]),
    ("ALEX", &["ALEXANDER", "ALEXANDRA"]), ("ALF", &["ALFRED"]), ("ALFIE", &["ALFRED"]),
    ("ANDY", &["ANDREW"]), ("ANNIE", &["ANNE", "ANN"]), ("BABS", &["BARBARA"]),
    ("BARNEY", &["BERNARD"]), ("BART", &["BARTHOLOMEW"]), ("BEA", &["BEATRICE"]),
    ("BECKY", &["REBECCA"]), ("BEN", &["BENJAMIN"]), ("BERNIE", &["BERNARD"]),
    ("BERT", &["ALBERT", "HERBERT"]), ("BESS", &["ELIZABETH"]), ("BESSIE", &["ELIZABETH"]),
    ("BETH", &["ELIZABETH"]), ("BETSY", &["ELIZABETH"]), ("BETTY", &["ELIZABETH"]),
    ("BILL", &["WILLIAM"]), ("BILLY", &["WILLIAM"]), ("BOB", &["ROBERT"]), ("BOBBY", &["ROBERT"]),
    ("CATH", &["CATHERINE", "KATHERINE"]), ("CATHERINE", &["CATHERINE", "KATHERINE"]),
    ("CATHY", &["CATHERINE", "KATHERINE"]), ("CHARLIE", &["CHARLES", "CHARLOTTE"]),
    ("CHAS", &["CHARLES"]), ("CHRIS", &["CHRISTOPHER", "CHRISTINE", "CHRISTIAN"]),
    ("CHRISSIE", &["CHRISTINE"]), ("CHUCK", &["CHARLES"]), ("CINDY", &["CYNTHIA"]),
    ("DAN", &["DANIEL"]), ("DANNY", &["DANIEL"]), ("DAVE", &["DAVID"]), ("DAVY", &["DAVID"]),
    ("DEB", &["DEBORAH"]), ("DEBBIE", &["DEBORAH"]), ("DEBS", &["DEBORAH"]),
    ("DEL", &["DEREK"]), ("DI", &["DIANA", "DIANE"]), ("DICK", &["RICHARD"]),
    ("DOT", &["DOROTHY"]), ("DOTTIE", &["DOROTHY"]), ("DOUG", &["DOUGLAS"]),
    ("DREW", &["ANDREW"]), ("ED", &["EDWARD"]), ("EDDIE", &["EDWARD"]), ("EDDY", &["EDWARD"]),
    ("ELLIE", &["ELEANOR"]), ("FRAN", &["FRANCES"]), ("FRANK", &["FRANCIS"]),
    ("FRED", &["FREDERICK"]), ("FREDDIE", &["FREDERICK"]), ("FREDDY", &["FREDERICK"]),
    ("GEOFF", &["GEOFFREY"]), ("GERRY", &["GERALD"]), ("GILL", &["GILLIAN"]),
    ("GINNY", &["VIRGINIA"]), ("GREG", &["GREGORY"]), ("HANK", &["HENRY"]), ("HARRY", &["HENRY"]),
    ("JACK", &["JOHN"]), ("JACKIE", &["JACQUELINE"]), ("JAKE", &["JACOB"]),
    ("JEFF", &["JEFFREY", "GEOFFREY"]), ("JEN", &["JENNIFER"]), ("JENNY", &["JENNIFER"]),
    ("JERRY", &["GERALD"]), ("JIM", &["JAMES"]), ("JIMMY", &["JAMES"]),
    ("JO", &["JOANNE", "JOANNA", "JOSEPHINE"]), ("JOE", &["JOSEPH"]), ("JOEY", &["JOSEPH"]),
    ("JOHNNY", &["JOHN"]), ("JON", &["JONATHAN"]), ("JOSH", &["JOSHUA"]),
    ("KATE", &["KATHERINE", "CATHERINE"]), ("KATH", &["KATHLEEN", "KATHERINE", "CATHERINE"]),
    ("KATHERINE", &["KATHERINE", "CATHERINE"]), ("KATHRYN", &["KATHERINE", "CATHERINE"]),
    ("KATHY", &["KATHERINE", "CATHERINE", "KATHLEEN"]), ("KATIE", &["KATHERINE", "CATHERINE"]),
    ("KEN", &["KENNETH"]), ("KENNY", &["KENNETH"]), ("KIM", &["KIMBERLEY"]),
    ("KIT", &["CHRISTOPHER"]), ("LARRY", &["LAWRENCE"]), ("LEN", &["LEONARD"]),
    ("LENNY", &["LEONARD"]), ("LEW", &["LEWIS"]), ("LIBBY", &["ELIZABETH"]),
    ("LIZ", &["ELIZABETH"]), ("LIZA", &["ELIZABETH"]), ("LIZZIE", &["ELIZABETH"]),
    ("MAGGIE", &["MARGARET"]), ("MANDY", &["AMANDA"]), ("MATT", &["MATTHEW"]),
    ("MEG", &["MARGARET"]), ("MICK", &["MICHAEL"]), ("MICKY", &["MICHAEL"]),
    ("MIKE", &["MICHAEL"]), ("MOLLY", &["MARY"]), ("NAT", &["NATHAN", "NATALIE"]),
    ("NED", &["EDWARD"]), ("NICK", &["NICHOLAS"]), ("NICKY", &["NICOLA", "NICHOLAS"]),
    ("OLLIE", &["OLIVER"]), ("PADDY", &["PATRICK"]), ("PAT", &["PATRICIA", "PATRICK"]),
    ("PATSY", &["PATRICIA"]), ("PEG", &["MARGARET"]), ("PEGGY", &["MARGARET"]),
    ("PETE", &["PETER"]), ("PHIL", &["PHILIP"]), ("PHILLIP", &["PHILIP"]), ("POLLY", &["MARY"]),
    ("RAY", &["RAYMOND"]), ("REG", &["REGINALD"]), ("RICH", &["RICHARD"]),
    ("RICK", &["RICHARD"]), ("RICKY", &["RICHARD"]), ("ROB", &["ROBERT"]), ("ROBBIE", &["ROBERT"]),
    ("RON", &["RONALD"]), ("RONNIE", &["RONALD"]), ("ROSIE", &["ROSEMARY"]),
    ("SAM", &["SAMUEL", "SAMANTHA"]), ("SAMMY", &["SAMUEL", "SAMANTHA"]),
    ("SANDY", &["ALEXANDRA", "SANDRA"]), ("SID", &["SIDNEY"]), ("STAN", &["STANLEY"]),
    ("STEVE", &["STEPHEN"]), ("STEVEN", &["STEPHEN"]), ("STEVIE", &["STEPHEN"]),
    ("STU", &["STUART"]), ("SUE", &["SUSAN"]), ("SUSIE", &["SUSAN"]), ("TED", &["EDWARD"]),
    ("TEDDY", &["EDWARD"]), ("TERRY", &["TERENCE"]), ("TOM", &["THOMAS"]),
    ("TOMMY", &["THOMAS"]), ("TONY", &["ANTHONY"]), ("TRACY", &["TRACEY"]),
    ("TRICIA", &["PATRICIA"]), ("TRISH", &["PATRICIA"]), ("VAL", &["VALERIE"]),
    ("VICKY", &["VICTORIA"]), ("VINCE", &["VINCENT"]), ("WILL", &["WILLIAM"]),
    ("WILLIE", &["WILLIAM"]),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_surname_written_before_its_initials_is_the_surname() {
        // A parking system's 'PHILLIPS R' is R Phillips, not a Mr R with
        // forename Phillips: no surname is one letter.
        let n = PersonName::parse("PHILLIPS R");
        assert_eq!(
            (n.surname.as_str(), n.forenames.clone()),
            ("PHILLIPS", vec!["R".to_string()])
        );
        let n = PersonName::parse("Mr SMITH J A");
        assert_eq!(n.title.as_deref(), Some("MR"));
        assert_eq!(
            (n.surname.as_str(), n.forenames.clone()),
            ("SMITH", vec!["J".to_string(), "A".to_string()])
        );
        let n = PersonName::parse("O BRIEN M");
        assert_eq!(
            (n.surname.as_str(), n.forenames.clone()),
            ("OBRIEN", vec!["M".to_string()])
        );
        // The usual order is unchanged.
        for (text, surname) in [
            ("J A Smith", "SMITH"),
            ("Mr O Morris", "MORRIS"),
            ("Rosa Bianchi", "BIANCHI"),
        ] {
            assert_eq!(PersonName::parse(text).surname, surname, "{text}");
        }
        // Two people of one surname, different initials, stay apart.
        assert_ne!(
            PersonName::parse("PHILLIPS R").forenames,
            PersonName::parse("PHILLIPS E").forenames
        );
    }

    #[test]
    fn a_lone_o_after_a_title_or_an_initial_is_an_initial_not_an_o_prefix() {
        // 'Mr O Morris' is Mr O. Morris, not a Mr OMorris with no forename.
        let n = PersonName::parse("Mr O Morris");
        assert_eq!(n.surname, "MORRIS");
        assert_eq!(n.forenames, vec!["O"]);
        assert_eq!(n.title.as_deref(), Some("MR"));
        let n = PersonName::parse("J O MORRIS");
        assert_eq!(
            (n.surname.as_str(), n.forenames.clone()),
            ("MORRIS", vec!["J".to_string(), "O".to_string()])
        );
        assert_eq!(PersonName::parse("O MORRIS").surname, "MORRIS");
        // Written with its apostrophe, or after a full forename, O is a prefix.
        assert_eq!(PersonName::parse("Mr O'Morris").surname, "OMORRIS");
        assert_eq!(PersonName::parse("Mary O Brien").surname, "OBRIEN");
    }

    #[test]
    fn tables_are_sorted_for_binary_search() {
        assert!(
            NICKNAMES.windows(2).all(|w| w[0].0 < w[1].0),
            "keep NICKNAMES sorted"
        );
        assert!(
            MALE_NAMES.windows(2).all(|w| w[0] < w[1]),
            "keep MALE_NAMES sorted"
        );
        assert!(
            FEMALE_NAMES.windows(2).all(|w| w[0] < w[1]),
            "keep FEMALE_NAMES sorted"
        );
        for n in MALE_NAMES {
            assert!(
                FEMALE_NAMES.binary_search(n).is_err(),
                "{n} is in both lists"
            );
        }
    }

    #[test]
    fn forms_a_council_system_writes() {
        let cases = [
            ("SMITH, JOHN A", "SMITH", vec!["JOHN", "A"]),
            ("Mr J A Smith", "SMITH", vec!["J", "A"]),
            ("john smith jnr", "SMITH", vec!["JOHN"]),
            ("O’BRIEN, MARY T", "OBRIEN", vec!["MARY", "T"]),
            ("Rosa Bianchi t/a The Corner Café", "BIANCHI", vec!["ROSA"]),
            ("Dr Jan van der Berg", "VANDERBERG", vec!["JAN"]),
            ("Sarah Smith-Jones", "SMITHJONES", vec!["SARAH"]),
            ("SMITH, MRS SARAH", "SMITH", vec!["SARAH"]),
            ("R Bianchi (Corner Cafe)", "BIANCHI", vec!["R"]),
            ("Mary O Brien", "OBRIEN", vec!["MARY"]),
            ("Mr De Souza", "DESOUZA", vec![]),
        ];
        for (text, surname, forenames) in cases {
            let n = PersonName::parse(text);
            assert_eq!(n.surname, surname, "{text}");
            assert_eq!(n.forenames, forenames, "{text}");
            assert!(!n.is_organisation, "{text}");
        }
        assert!(PersonName::parse("Greenway Garage Ltd").is_organisation);
    }
}

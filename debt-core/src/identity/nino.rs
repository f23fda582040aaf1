//! National Insurance numbers: normalised, validated by HMRC's format.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::text::compact_upper;
use crate::error::Error;

/// A National Insurance number in normal form: upper case, no spaces
/// (`AB123456C`). Only text in HMRC's format becomes one: two prefix
/// letters, neither of them D, F, I, Q, U or V and the second not O, the
/// prefix not BG, GB, NK, KN, TN, NT or ZZ; six digits; a suffix A, B, C
/// or D, or none (older records leave it off).
///
/// ```
/// use debt_core::identity::Nino;
/// let n = Nino::parse("ab 12 34 56 c")?;
/// assert_eq!(n.to_string(), "AB123456C");
/// assert_eq!(n.as_str(), "AB123456C");
/// assert_eq!(Nino::parse("AB123456").map(|n| n.to_string()), Ok("AB123456".to_string()));
/// assert!(Nino::parse("GB123456A").is_err(), "a prefix HMRC never issues");
/// assert!(Nino::parse("AB123456E").is_err(), "a suffix beyond D");
/// assert!("QQ123456C".parse::<Nino>().is_err());
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Nino(String);

/// Prefixes HMRC does not issue (and that look like country codes or
/// were used for temporary numbers).
const NOT_ISSUED: [&[u8; 2]; 7] = [b"BG", b"GB", b"NK", b"KN", b"TN", b"NT", b"ZZ"];

impl Nino {
    /// Reads a number written with or without spaces, in any case.
    pub fn parse(text: &str) -> Result<Nino, Error> {
        let n = compact_upper(text);
        let b = n.as_bytes();
        let never_a_prefix_letter = |c: u8| matches!(c, b'D' | b'F' | b'I' | b'Q' | b'U' | b'V');
        let valid = matches!(b.len(), 8 | 9)
            && b[..2].iter().all(u8::is_ascii_uppercase)
            && !b[..2].iter().any(|c| never_a_prefix_letter(*c))
            && b[1] != b'O'
            && !NOT_ISSUED.iter().any(|p| b[..2] == p[..])
            && b[2..8].iter().all(u8::is_ascii_digit)
            && b.get(8).is_none_or(|s| (b'A'..=b'D').contains(s));
        if valid {
            Ok(Nino(n))
        } else {
            Err(Error::BadNino)
        }
    }

    /// The normal form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Nino {
    type Err = Error;

    fn from_str(text: &str) -> Result<Nino, Error> {
        Nino::parse(text)
    }
}

impl fmt::Display for Nino {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Nino {
    type Error = Error;

    fn try_from(text: String) -> Result<Nino, Error> {
        Nino::parse(&text)
    }
}

impl From<Nino> for String {
    fn from(nino: Nino) -> String {
        nino.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmrc_format_is_checked() {
        for (text, normal) in [
            ("ab 12 34 56 c", "AB123456C"),
            ("JX436665B", "JX436665B"),
            ("ce123456", "CE123456"),
            (" NA 00 00 00 D ", "NA000000D"),
        ] {
            assert_eq!(Nino::parse(text).map(|n| n.to_string()), Ok(normal.into()));
        }
        for bad in [
            "",
            "AB123456E",
            "QQ123456C",
            "DA123456A",
            "AO123456A",
            "AB12345C",
            "AB1234567",
            "AB123456CD",
            "GB123456A",
            "ZZ123456A",
            "NT123456",
            "A1234567C",
            "ÅB123456C",
        ] {
            assert_eq!(Nino::parse(bad), Err(Error::BadNino), "{bad}");
        }
    }

    #[test]
    fn serde_as_its_normal_form() {
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        struct Row {
            nino: Nino,
        }
        let row: Row = toml::from_str("nino = \"ab 123456 c\"").expect("valid");
        assert_eq!(row.nino.as_str(), "AB123456C");
        assert_eq!(
            toml::to_string(&row).ok().as_deref(),
            Some("nino = \"AB123456C\"\n")
        );
        assert!(toml::from_str::<Row>("nino = \"AB123456E\"").is_err());
    }
}

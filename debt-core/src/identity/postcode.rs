//! UK postcodes: normalised, validated by format.

use std::fmt;

/// A postcode in normal form: outward code, a space, inward code
/// (`AS1 2AB`). Only strings in a valid UK format become postcodes.
///
/// ```
/// use debt_core::identity::Postcode;
/// let p = Postcode::parse("as12ab").unwrap();
/// assert_eq!(p.to_string(), "AS1 2AB");
/// assert_eq!(p.sector(), "AS1 2");
/// assert!(Postcode::parse("12345").is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Postcode(String);

impl Postcode {
    /// Parses a postcode written with or without the space, any case.
    pub fn parse(text: &str) -> Option<Postcode> {
        let compact = super::text::compact_upper(text);
        let b = compact.as_bytes();
        if !(5..=7).contains(&b.len()) || !b.iter().all(u8::is_ascii_alphanumeric) {
            return None;
        }
        let (outward, inward) = compact.split_at(b.len() - 3);
        let i = inward.as_bytes();
        if !(i[0].is_ascii_digit() && i[1].is_ascii_alphabetic() && i[2].is_ascii_alphabetic()) {
            return None;
        }
        let o = outward.as_bytes();
        let shape: String = o
            .iter()
            .map(|c| if c.is_ascii_digit() { '9' } else { 'A' })
            .collect();
        if !matches!(
            shape.as_str(),
            "A9" | "A99" | "AA9" | "AA99" | "A9A" | "AA9A"
        ) {
            return None;
        }
        Some(Postcode(format!("{outward} {inward}")))
    }

    /// Finds a postcode at the end of free text (where addresses put it).
    ///
    /// ```
    /// use debt_core::identity::Postcode;
    /// assert_eq!(Postcode::find_in("12 High St, Ashbury AS1 2AB").unwrap().to_string(), "AS1 2AB");
    /// ```
    pub fn find_in(text: &str) -> Option<Postcode> {
        let tokens: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|t| !t.is_empty())
            .collect();
        let n = tokens.len();
        if n >= 2 {
            if let Some(p) = Postcode::parse(&format!("{}{}", tokens[n - 2], tokens[n - 1])) {
                return Some(p);
            }
        }
        tokens.last().and_then(|t| Postcode::parse(t))
    }

    /// The outward code (district), e.g. `AS1`.
    pub fn outward(&self) -> &str {
        self.0.split(' ').next().unwrap_or("")
    }

    /// The sector: outward code and the inward digit, e.g. `AS1 2`.
    pub fn sector(&self) -> &str {
        &self.0[..self.0.len() - 2]
    }

    /// The normal form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_uk_shape_is_accepted() {
        for p in [
            "M1 1AA", "M60 1NW", "CR2 6XH", "DN55 1PT", "W1A 1HQ", "EC1A 1BB",
        ] {
            assert_eq!(Postcode::parse(p).unwrap().as_str(), p);
        }
        for bad in ["", "M1", "1M1 1AA", "M1 AAA", "M1 1A1", "ABCDE 1AA"] {
            assert!(Postcode::parse(bad).is_none(), "{bad}");
        }
    }
}

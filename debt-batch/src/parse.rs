//! Field parsers driven by the config: dates in each system's format, codes
//! through their maps.

use chrono::NaiveDate;

/// A date format from the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateFormat {
    /// dd/mm/yyyy (also d/m/yyyy).
    DayMonthYearSlash,
    /// yyyy-mm-dd.
    Iso,
    /// yyyymmdd, as text or an integer.
    Compact,
    /// Any chrono format string.
    Chrono(String),
}

impl DateFormat {
    /// Reads a format name from the config.
    pub(crate) fn from_config(name: &str) -> DateFormat {
        match name.trim() {
            "dd/mm/yyyy" => DateFormat::DayMonthYearSlash,
            "yyyy-mm-dd" => DateFormat::Iso,
            "yyyymmdd" => DateFormat::Compact,
            other => DateFormat::Chrono(other.to_string()),
        }
    }

    /// The format as the config writes it.
    pub(crate) fn describe(&self) -> &str {
        match self {
            DateFormat::DayMonthYearSlash => "dd/mm/yyyy",
            DateFormat::Iso => "yyyy-mm-dd",
            DateFormat::Compact => "yyyymmdd",
            DateFormat::Chrono(f) => f,
        }
    }

    /// Parses a date; the error says what was expected.
    pub(crate) fn parse(&self, text: &str) -> Result<NaiveDate, String> {
        let t = text.trim();
        let parsed = match self {
            DateFormat::DayMonthYearSlash => {
                let mut parts = t.split('/');
                match (parts.next(), parts.next(), parts.next(), parts.next()) {
                    (Some(d), Some(m), Some(y), None)
                        if y.len() == 4 && d.len() <= 2 && m.len() <= 2 =>
                    {
                        match (d.parse::<u32>(), m.parse::<u32>(), y.parse::<i32>()) {
                            (Ok(d), Ok(m), Ok(y)) => NaiveDate::from_ymd_opt(y, m, d),
                            _ => None,
                        }
                    }
                    _ => None,
                }
            }
            DateFormat::Iso => {
                let b = t.as_bytes();
                if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
                    ymd(&b[0..4], &b[5..7], &b[8..10])
                } else {
                    None
                }
            }
            DateFormat::Compact => {
                let b = t.as_bytes();
                if b.len() == 8 {
                    ymd(&b[0..4], &b[4..6], &b[6..8])
                } else {
                    None
                }
            }
            DateFormat::Chrono(f) => NaiveDate::parse_from_str(t, f).ok(),
        };
        parsed.ok_or_else(|| format!("{t:?} is not a date in the form {}", self.describe()))
    }
}

/// A date from ASCII digit groups (the fast path for the fixed formats;
/// chrono then checks the day exists).
fn ymd(year: &[u8], month: &[u8], day: &[u8]) -> Option<NaiveDate> {
    let number = |digits: &[u8]| -> Option<u32> {
        digits.iter().try_fold(0u32, |acc, d| {
            d.is_ascii_digit().then(|| acc * 10 + u32::from(d - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(number(year)? as i32, number(month)?, number(day)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_configured_form() {
        let d = NaiveDate::from_ymd_opt(2026, 9, 3).unwrap();
        assert_eq!(
            DateFormat::from_config("dd/mm/yyyy").parse("03/09/2026"),
            Ok(d)
        );
        assert_eq!(
            DateFormat::from_config("dd/mm/yyyy").parse("3/9/2026"),
            Ok(d)
        );
        assert_eq!(
            DateFormat::from_config("yyyy-mm-dd").parse("2026-09-03"),
            Ok(d)
        );
        assert_eq!(DateFormat::from_config("yyyymmdd").parse("20260903"), Ok(d));
        assert_eq!(
            DateFormat::from_config("%d-%b-%Y").parse("03-Sep-2026"),
            Ok(d)
        );
        assert!(DateFormat::from_config("dd/mm/yyyy")
            .parse("31/02/2026")
            .is_err());
        assert!(DateFormat::from_config("dd/mm/yyyy")
            .parse("2026-09-03")
            .is_err());
        assert!(DateFormat::from_config("yyyymmdd")
            .parse("2026093")
            .is_err());
    }
}

//! Text normalisation and string similarity for matching.
//!
//! Similarity scores are ratios in 0..=1 (never money), so they are `f64`.

/// The text with no whitespace, in upper case: how a code written with
/// or without its spaces (a postcode, a National Insurance number) is
/// compared.
///
/// ```
/// use debt_core::identity::text::compact_upper;
/// assert_eq!(compact_upper(" ab 12\t34 56 c"), "AB123456C");
/// ```
pub fn compact_upper(text: &str) -> String {
    let mut out: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    out.make_ascii_uppercase();
    out
}

/// Upper-case ASCII letters and digits; accented Latin letters lose their
/// accents; apostrophes vanish (O'Brien → OBRIEN); every other character
/// becomes a space; runs of spaces collapse.
///
/// ```
/// use debt_core::identity::text::fold;
/// assert_eq!(fold("O’Brien-Smith, Zoë"), "OBRIEN SMITH ZOE");
/// ```
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars() {
        let mapped: Option<char> = match c {
            '\'' | '’' | '‘' | '`' => continue,
            'a'..='z' => Some(c.to_ascii_uppercase()),
            'A'..='Z' | '0'..='9' => Some(c),
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => {
                Some('A')
            }
            'ç' | 'Ç' => Some('C'),
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => Some('E'),
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => Some('I'),
            'ñ' | 'Ñ' => Some('N'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => {
                Some('O')
            }
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => Some('U'),
            'ý' | 'ÿ' | 'Ý' => Some('Y'),
            _ => None,
        };
        match mapped {
            Some(m) => {
                out.push(m);
                space = false;
            }
            None => {
                if !space {
                    out.push(' ');
                    space = true;
                }
            }
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Jaro-Winkler similarity of two strings (1 = identical, 0 = nothing in
/// common), with the standard prefix scale 0.1 over up to 4 characters.
///
/// ```
/// use debt_core::identity::text::jaro_winkler;
/// assert!(jaro_winkler("MARTHA", "MARHTA") > 0.96);
/// assert_eq!(jaro_winkler("SMITH", "SMITH"), 1.0);
/// assert!(jaro_winkler("SMITH", "JONES") < 0.5);
/// ```
#[inline]
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    let a = a.as_bytes();
    let b = b.as_bytes();
    if a.is_empty() || b.is_empty() {
        return if a == b { 1.0 } else { 0.0 };
    }
    if a == b {
        return 1.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut a_match = [false; 64];
    let mut b_match = [false; 64];
    let (a, b) = (&a[..a.len().min(64)], &b[..b.len().min(64)]);
    let mut matches = 0usize;
    for (i, ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for j in lo..hi {
            if !b_match[j] && b[j] == *ca {
                a_match[i] = true;
                b_match[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0usize;
    let mut k = 0usize;
    for (i, ca) in a.iter().enumerate() {
        if a_match[i] {
            while !b_match[k] {
                k += 1;
            }
            if *ca != b[k] {
                transpositions += 1;
            }
            k += 1;
        }
    }
    let m = matches as f64;
    let jaro =
        (m / a.len() as f64 + m / b.len() as f64 + (m - transpositions as f64 / 2.0) / m) / 3.0;
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count() as f64;
    jaro + prefix * 0.1 * (1.0 - jaro)
}

/// Whether two strings are at most one edit apart: one substitution,
/// insertion, deletion, or swap of adjacent characters.
///
/// ```
/// use debt_core::identity::text::within_one_edit;
/// assert!(within_one_edit("AB123456C", "AB123465C"));
/// assert!(within_one_edit("SMITH", "SMYTH"));
/// assert!(!within_one_edit("SMITH", "SMYTHE"));
/// ```
#[inline]
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a == b {
        return true;
    }
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if la == lb {
        // Substitution or adjacent swap.
        let rest_a = &a[prefix + 1..];
        let rest_b = &b[prefix + 1..];
        if rest_a == rest_b {
            return true;
        }
        return prefix + 1 < la
            && a[prefix] == b[prefix + 1]
            && a[prefix + 1] == b[prefix]
            && a[prefix + 2..] == b[prefix + 2..];
    }
    let (long, short) = if la > lb { (a, b) } else { (b, a) };
    long[prefix + 1..] == short[prefix..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaro_winkler_known_values() {
        assert!((jaro_winkler("DWAYNE", "DUANE") - 0.84).abs() < 0.01);
        assert!((jaro_winkler("DIXON", "DICKSONX") - 0.813).abs() < 0.01);
        assert_eq!(jaro_winkler("", ""), 1.0);
        assert_eq!(jaro_winkler("A", ""), 0.0);
    }

    #[test]
    fn one_edit_cases() {
        assert!(within_one_edit("", "A"));
        assert!(within_one_edit("ABC", "AC"));
        assert!(within_one_edit("ABC", "BAC"));
        assert!(!within_one_edit("ABCD", "BADC"));
        assert!(!within_one_edit("ABC", "CBA"));
    }
}

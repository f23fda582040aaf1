//! Text as the exports hold it: encodings, delimited fields and rows, and
//! money written from integer pence (never a float).

/// The character encoding of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    /// UTF-8.
    Utf8,
    /// Windows-1252: the pound sign is one byte (0xA3); characters it lacks
    /// are written `?`.
    Cp1252,
}

/// Appends `s` in `enc`.
pub fn push_text(buf: &mut Vec<u8>, s: &str, enc: Enc) {
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

/// Appends a field, quoted (quotes doubled) when it holds the delimiter, a
/// quote or a line break.
pub fn push_field(buf: &mut Vec<u8>, s: &str, delim: u8, enc: Enc) {
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

/// Appends a delimited row of fields (without the line end).
pub fn push_row<S: AsRef<str>>(buf: &mut Vec<u8>, fields: &[S], delim: u8, enc: Enc) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            buf.push(delim);
        }
        push_field(buf, f.as_ref(), delim, enc);
    }
}

/// Appends the decimal digits of `n`.
pub fn push_digits(buf: &mut Vec<u8>, mut n: u64) {
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

/// Appends `n` with thousands separated by commas (`1,234,567`).
pub fn push_grouped(buf: &mut Vec<u8>, n: u64) {
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

/// Appends a non-negative number of pence as pounds: `1234.56`, or
/// `1,234.56` when `grouped`.
pub fn push_pence(buf: &mut Vec<u8>, pence: u64, grouped: bool) {
    if grouped {
        push_grouped(buf, pence / 100);
    } else {
        push_digits(buf, pence / 100);
    }
    let p = pence % 100;
    buf.extend_from_slice(&[b'.', b'0' + (p / 10) as u8, b'0' + (p % 10) as u8]);
}

/// Pence as a plain signed decimal: `-12.50`, `1234.56`.
pub fn plain_money(pence: i64) -> String {
    let mut buf = Vec::new();
    if pence < 0 {
        buf.push(b'-');
    }
    push_pence(&mut buf, pence.unsigned_abs(), false);
    String::from_utf8_lossy(&buf).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_is_quoted_only_when_it_must_be() {
        let mut buf = Vec::new();
        push_row(
            &mut buf,
            &["SMITH, JOHN", "12 High St", "say \"hi\"", ""],
            b',',
            Enc::Utf8,
        );
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "\"SMITH, JOHN\",12 High St,\"say \"\"hi\"\"\","
        );
    }

    #[test]
    fn windows_1252_writes_the_pound_sign_and_the_typographic_apostrophe_in_one_byte() {
        let mut buf = Vec::new();
        push_text(&mut buf, "£5 O’BRIEN 東", Enc::Cp1252);
        assert_eq!(buf, b"\xA35 O\x92BRIEN ?");
    }

    #[test]
    fn plain_money_is_signed_pounds_and_two_places_of_pence() {
        assert_eq!(plain_money(-1250), "-12.50");
        assert_eq!(plain_money(123_456), "1234.56");
        assert_eq!(plain_money(7), "0.07");
        assert_eq!(plain_money(0), "0.00");
    }

    #[test]
    fn pounds_are_grouped_by_thousands() {
        let mut buf = Vec::new();
        push_pence(&mut buf, 123_456_789, true);
        assert_eq!(buf, b"1,234,567.89");
    }
}

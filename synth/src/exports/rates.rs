//! The business rates system's style: UTF-8, `,`, CRLF, every field in
//! double quotes, dates `dd-mm-yyyy`, money `1234.56` with credits written
//! `1234.56 CR`, the financial year as its first year (`2026`).

use super::{AmountField, DateField, TxnRow};
use crate::dates::{DateForm, DateText};
use crate::text::{push_digits, push_pence, push_text, Enc};

/// The account master's header.
pub const ACCOUNTS_HEADER: &str = "\"ACCOUNT\",\"UPRN\",\"PROPERTY_REF\",\"ADDRESS_1\",\"ADDRESS_2\",\"ADDRESS_3\",\"POSTCODE\",\"STATUS\",\"STAGE\",\"RATEPAYER\",\"RATEABLE_VALUE\",\"LIABLE_FROM\",\"INSTALMENTS_LOST\",\"CORRESPONDENCE_ADDRESS\",\"CORRESPONDENCE_POSTCODE\"";
/// The transactions file's header.
pub const TXNS_HEADER: &str =
    "\"TRANS_NO\",\"ACCOUNT\",\"TRANS_DATE\",\"TRANS_TYPE\",\"VALUE\",\"YEAR\"";
/// The system's encoding.
pub const ENC: Enc = Enc::Utf8;
/// The system's delimiter.
pub const DELIM: u8 = b',';

/// Appends a field in double quotes (quotes inside doubled).
pub fn push_quoted(buf: &mut Vec<u8>, s: &str) {
    buf.push(b'"');
    push_text(buf, &s.replace('"', "\"\""), ENC);
    buf.push(b'"');
}

/// Appends a row of quoted fields.
pub fn push_quoted_row<S: AsRef<str>>(buf: &mut Vec<u8>, fields: &[S]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            buf.push(DELIM);
        }
        push_quoted(buf, f.as_ref());
    }
}

/// Appends pence as the rates system writes money: `1234.56`, a credit
/// `1234.56 CR`.
pub fn push_amount(buf: &mut Vec<u8>, pence: i64) {
    push_pence(buf, pence.unsigned_abs(), false);
    if pence < 0 {
        buf.extend_from_slice(b" CR");
    }
}

/// Appends a transaction row: `T` and 9 digits.
pub(super) fn push_txn(buf: &mut Vec<u8>, dates: &DateText, row: &TxnRow<'_>) {
    buf.extend_from_slice(b"\"T");
    let digits = row.id.to_string();
    for _ in digits.len()..9 {
        buf.push(b'0');
    }
    buf.extend_from_slice(digits.as_bytes());
    buf.extend_from_slice(b"\",");
    push_quoted(buf, row.account);
    buf.extend_from_slice(b",\"");
    match row.date {
        DateField::Date(d) => dates.push(buf, d, DateForm::Dash),
        DateField::Raw(s) => push_text(buf, &s.replace('"', "\"\""), ENC),
    }
    buf.extend_from_slice(b"\",");
    push_quoted(buf, row.code);
    buf.extend_from_slice(b",\"");
    match row.amount {
        AmountField::Pence(p) => push_amount(buf, p),
        AmountField::Raw(s, _) => push_text(buf, &s.replace('"', "\"\""), ENC),
    }
    buf.extend_from_slice(b"\",\"");
    if let Some(fy) = row.txn.year {
        push_digits(buf, fy.unsigned_abs().into());
    }
    buf.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_are_written_with_cr_and_every_field_is_quoted() {
        let mut buf = Vec::new();
        push_amount(&mut buf, -123_456);
        assert_eq!(buf, b"1234.56 CR");
        buf.clear();
        push_quoted_row(&mut buf, &["PATEL STORES LTD", "say \"hi\""]);
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "\"PATEL STORES LTD\",\"say \"\"hi\"\"\""
        );
    }
}

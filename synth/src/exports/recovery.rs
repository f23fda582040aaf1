//! The debt recovery system's style (former tenant arrears): UTF-8, `;`,
//! LF, dates `yyyy/mm/dd`, money `1234.56`. One row per former tenancy
//! debt carrying the arrears transferred, and receipts with no type column
//! (every one a payment, written positive).

use super::{AmountField, DateField, TxnRow};
use crate::dates::{DateForm, DateText};
use crate::text::{push_field, push_pence, Enc};

/// The debts file's header.
pub const DEBTS_HEADER: &str = "FTA Ref;Tenancy Ref;Former Address 1;Former Address 2;Former Address 3;Former Postcode;UPRN;Tenancy Start;Tenancy End;Tenant Name;DOB;NINO;Forwarding Address;Forwarding Postcode;Arrears Transferred;Transfer Date;Due Date;Stage";
/// The receipts file's header.
pub const RECEIPTS_HEADER: &str = "Payment Ref;FTA Ref;Paid On;Amount;Method";
/// The system's encoding.
pub const ENC: Enc = Enc::Utf8;
/// The system's delimiter.
pub const DELIM: u8 = b';';

/// Appends a receipt row: `FP` and 8 digits, the amount positive.
pub(super) fn push_txn(buf: &mut Vec<u8>, dates: &DateText, row: &TxnRow<'_>) {
    buf.extend_from_slice(b"FP");
    let digits = row.id.to_string();
    for _ in digits.len()..8 {
        buf.push(b'0');
    }
    buf.extend_from_slice(digits.as_bytes());
    buf.push(DELIM);
    push_field(buf, row.account, DELIM, ENC);
    buf.push(DELIM);
    match row.date {
        DateField::Date(d) => dates.push(buf, d, DateForm::SlashIso),
        DateField::Raw(s) => push_field(buf, s, DELIM, ENC),
    }
    buf.push(DELIM);
    match row.amount {
        AmountField::Pence(p) => push_pence(buf, p.unsigned_abs(), false),
        AmountField::Raw(s, _) => push_field(buf, s, DELIM, ENC),
    }
    buf.push(DELIM);
    super::push_desc(buf, &row.txn.desc, DELIM, ENC, dates);
}

/// A tenant's name as the recovery system holds it: `Mrs Jane SMITH`.
pub fn name(title: &str, forename: &str, surname: &str) -> String {
    let mut s = String::new();
    push_text_into(&mut s, title);
    push_text_into(&mut s, forename);
    push_text_into(&mut s, &surname.to_uppercase());
    s
}

fn push_text_into(s: &mut String, part: &str) {
    if !part.is_empty() {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(part);
    }
}

//! The benefits system's debt module style (housing benefit
//! overpayments): UTF-8, `|`, LF, dates `yyyymmdd`, money `1234.56`. One
//! row per overpayment debt carrying its amount, and recoveries with no id
//! of their own: the method (`HBDED` deduction from housing benefit,
//! `UCDED` from Universal Credit, `INV` paid against the invoice, `RTN` a
//! recovery returned) and the amount, written positive.

use super::{AmountField, DateField, TxnRow};
use crate::dates::{DateForm, DateText};
use crate::text::{push_field, push_pence, Enc};

/// The debts file's header.
pub const DEBTS_HEADER: &str =
    "DEBT_ID|CLAIM_REF|CLAIMANT|NINO|DOB|ADDRESS|POSTCODE|UPRN|RAISED|DUE|AMOUNT|STATUS|STAGE";
/// The recoveries file's header.
pub const RECOVERIES_HEADER: &str = "DEBT_ID|REC_DATE|METHOD|AMOUNT";
/// The system's encoding.
pub const ENC: Enc = Enc::Utf8;
/// The system's delimiter.
pub const DELIM: u8 = b'|';

/// Appends a recovery row (no id: the row's own id is not written).
pub(super) fn push_txn(buf: &mut Vec<u8>, dates: &DateText, row: &TxnRow<'_>) {
    push_field(buf, row.account, DELIM, ENC);
    buf.push(DELIM);
    match row.date {
        DateField::Date(d) => dates.push(buf, d, DateForm::Compact),
        DateField::Raw(s) => push_field(buf, s, DELIM, ENC),
    }
    buf.push(DELIM);
    push_field(buf, row.code, DELIM, ENC);
    buf.push(DELIM);
    match row.amount {
        AmountField::Pence(p) => push_pence(buf, p.unsigned_abs(), false),
        AmountField::Raw(s, _) => push_field(buf, s, DELIM, ENC),
    }
}

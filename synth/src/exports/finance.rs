//! The finance system's accounts receivable style (sundry debts): UTF-8,
//! tab-separated reports with a title line and a run date line before the
//! headings, LF, dates `dd.mm.yyyy`, money `1,234.56`. One row per invoice
//! carrying its charge, and receipts with no type column keyed by invoice
//! number, naming the payer.

use super::{AmountField, DateField, TxnRow};
use crate::dates::{DateForm, DateText};
use crate::text::{push_field, push_pence, Enc};

/// The invoices report's first lines: a title, the run date, the headings.
pub const INVOICES_HEAD: [&str; 3] = [
    "Ashbury Borough Council - Accounts Receivable - Open and Recently Closed Invoices",
    "Run date:\t20.11.2026 01:40",
    "Invoice No\tCustomer No\tCustomer Name\tAddress\tPostcode\tService\tInvoice Date\tDue Date\tGross\tStage",
];
/// The receipts report's first lines.
pub const RECEIPTS_HEAD: [&str; 3] = [
    "Ashbury Borough Council - Accounts Receivable - Receipts",
    "Run date:\t20.11.2026 01:41",
    "Receipt No\tInvoice No\tReceipt Date\tAmount\tPayer",
];
/// The system's encoding.
pub const ENC: Enc = Enc::Utf8;
/// The system's delimiter.
pub const DELIM: u8 = b'\t';

/// Appends a receipt row: `RC` and 8 digits; the description is the payer.
pub(super) fn push_txn(buf: &mut Vec<u8>, dates: &DateText, row: &TxnRow<'_>) {
    buf.extend_from_slice(b"RC");
    let digits = row.id.to_string();
    for _ in digits.len()..8 {
        buf.push(b'0');
    }
    buf.extend_from_slice(digits.as_bytes());
    buf.push(DELIM);
    push_field(buf, row.account, DELIM, ENC);
    buf.push(DELIM);
    match row.date {
        DateField::Date(d) => dates.push(buf, d, DateForm::Dotted),
        DateField::Raw(s) => push_field(buf, s, DELIM, ENC),
    }
    buf.push(DELIM);
    match row.amount {
        AmountField::Pence(p) => push_pence(buf, p.unsigned_abs(), true),
        AmountField::Raw(s, _) => push_field(buf, s, DELIM, ENC),
    }
    buf.push(DELIM);
    super::push_desc(buf, &row.txn.desc, DELIM, ENC, dates);
}

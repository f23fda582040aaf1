//! Exports, one module per system style: how each system writes its files
//! (encoding, delimiter, line ends, date and money forms, column layout),
//! apart from what it holds (the ledgers and households).
//!
//! | style | encoding | delimiter | line end | dates | money |
//! |---|---|---|---|---|---|
//! | [`revenues`] (council tax) | Windows-1252 | `;` | CRLF | `dd/mm/yyyy` | `£1,234.56`, negatives `(1,234.56)`, one signed column |
//! | [`housing`] (rent) | UTF-8 | `,` | LF | `yyyy-mm-dd` | `1234.56` in a debit or a credit column |
//! | [`rates`] (business rates) | UTF-8, every field quoted | `,` | CRLF | `dd-mm-yyyy` | `1234.56`, credits `1234.56 CR` |
//! | [`recovery`] (former tenant arrears) | UTF-8 | `;` | LF | `yyyy/mm/dd` | `1234.56`; the debt row carries the arrears, receipts have no type |
//! | [`benefits`] (benefit overpayments) | UTF-8 | `\|` | LF | `yyyymmdd` | `1234.56`; the debt row carries the overpayment, recoveries have no id |
//! | [`finance`] (sundry debts) | UTF-8, two title lines | tab | LF | `dd.mm.yyyy` | `1,234.56`; the invoice row carries the charge, receipts have no type |
//! | [`parking`] (penalty notices) | UTF-8, no header | `,` | LF | `dd-Mon-yyyy` | `105.00`; one row per notice |
//! | [`people`] (breathing space, vulnerability, I&E) | UTF-8 | `,` | LF | `dd/mm/yyyy`, `yyyy-mm-dd` | |
//!
//! A transactions file of any style is a [`TxnFile`]: rows account by
//! account, with bad rows planted among them ([`defects`]).

pub mod benefits;
pub mod defects;
pub mod finance;
pub mod housing;
pub mod parking;
pub mod people;
pub mod rates;
pub mod recovery;
pub mod revenues;

use chrono::NaiveDate;

use crate::dates::{DateForm, DateText};
use crate::error::Error;
use crate::files::Sink;
use crate::ledger::{Desc, Txn};
use crate::random::Rng;
use crate::text::{push_field, Enc};
use defects::{Defect, DefectKind, DEFECT_RATE, OTHER_DEFECT_RATE};

/// A system style of transactions file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Revenues system: `Trans ID;Account Ref;Posted;Type;Amount;Fin Year;Description`.
    Revenues,
    /// Housing system: `trans_id,tenancy_ref,trans_date,trans_code,description,debit,credit`.
    Housing,
    /// Business rates system: `"TRANS_NO","ACCOUNT","TRANS_DATE","TRANS_TYPE","VALUE","YEAR"`.
    Rates,
    /// Debt recovery system's receipts: `Payment Ref;FTA Ref;Paid On;Amount;Method` (no type).
    Recovery,
    /// Benefits system's recoveries: `DEBT_ID|REC_DATE|METHOD|AMOUNT` (no id).
    Benefits,
    /// Finance system's receipts: `Receipt No\tInvoice No\tReceipt Date\tAmount\tPayer` (no type).
    Finance,
}

impl Style {
    /// The kinds of bad row a file of this style can carry: no duplicates
    /// where rows have no id, no unknown type where there is no type column,
    /// an empty reference where a receipt may lack one.
    pub fn defect_kinds(self) -> &'static [DefectKind] {
        use DefectKind::*;
        match self {
            Style::Revenues | Style::Housing | Style::Rates => &DefectKind::ALL,
            Style::Recovery | Style::Finance => &[
                BadDate,
                BadAmount,
                UnknownAccount,
                NoAccount,
                Duplicate,
                ConflictingDuplicate,
            ],
            Style::Benefits => &[BadDate, BadAmount, UnknownAccount, UnknownCode],
        }
    }

    /// Whether a row of this code is money received (a receipt naming no
    /// account is then held in suspense). Files with no type column hold
    /// only receipts.
    pub fn is_payment(self, code: &str) -> bool {
        match self {
            Style::Revenues => code == "PAY",
            Style::Housing => matches!(code, "UC" | "HB" | "CASH" | "DD"),
            Style::Rates => code == "PAYMT",
            Style::Benefits => matches!(code, "HBDED" | "UCDED" | "INV"),
            Style::Recovery | Style::Finance => true,
        }
    }

    /// The chance of a bad row after each row; the smaller files of the
    /// other systems also carry one of each kind after their first rows, so
    /// that even a small council has every kind in every file.
    fn defect_rate(self) -> (f64, bool) {
        match self {
            Style::Revenues | Style::Housing => (DEFECT_RATE, false),
            _ => (OTHER_DEFECT_RATE, true),
        }
    }

    /// How the style writes a date.
    pub fn date_form(self) -> DateForm {
        match self {
            Style::Revenues => DateForm::Dmy,
            Style::Housing => DateForm::Iso,
            Style::Rates => DateForm::Dash,
            Style::Recovery => DateForm::SlashIso,
            Style::Benefits => DateForm::Compact,
            Style::Finance => DateForm::Dotted,
        }
    }
}

/// A date cell: a date in the style's form, or text written as it is (a
/// planted bad date).
#[derive(Clone, Copy)]
pub enum DateField<'a> {
    /// A real date.
    Date(NaiveDate),
    /// Text as it is.
    Raw(&'a str),
}

/// An amount cell: pence in the style's form, or text written as it is (a
/// planted bad amount).
#[derive(Clone, Copy)]
pub enum AmountField<'a> {
    /// Signed pence.
    Pence(i64),
    /// Bad text, in the column the row's sign would use (true: debit).
    Raw(&'a str, bool),
}

/// One transaction row's cells.
#[derive(Clone, Copy)]
pub struct TxnRow<'a> {
    /// Transaction id (the style adds its prefix).
    pub id: u64,
    /// The account reference.
    pub account: &'a str,
    /// The posting date.
    pub date: DateField<'a>,
    /// The transaction code.
    pub code: &'a str,
    /// The amount.
    pub amount: AmountField<'a>,
    /// The transaction (its financial year and description).
    pub txn: &'a Txn,
}

/// Formats a transaction row in `style` into `buf` (cleared first).
pub fn format_txn(buf: &mut Vec<u8>, style: Style, dates: &DateText, row: &TxnRow<'_>) {
    buf.clear();
    match style {
        Style::Revenues => revenues::push_txn(buf, dates, row),
        Style::Housing => housing::push_txn(buf, dates, row),
        Style::Rates => rates::push_txn(buf, dates, row),
        Style::Recovery => recovery::push_txn(buf, dates, row),
        Style::Benefits => benefits::push_txn(buf, dates, row),
        Style::Finance => finance::push_txn(buf, dates, row),
    }
}

/// Appends a transaction's description as a field.
fn push_desc(buf: &mut Vec<u8>, desc: &Desc, delim: u8, enc: Enc, dates: &DateText) {
    match desc {
        Desc::Static(s) => push_field(buf, s, delim, enc),
        Desc::Owned(s) => push_field(buf, s, delim, enc),
        Desc::RentWeek(d) => {
            buf.extend_from_slice(b"Rent w/c ");
            dates.push(buf, *d, crate::dates::DateForm::Dmy);
        }
    }
}

/// A transactions file: rows account by account, with planted defects.
pub struct TxnFile {
    sink: Sink,
    style: Style,
    /// The source id, for the suspense truth.
    source: &'static str,
    /// The file's path relative to the output directory, as the defects
    /// list names it.
    display: &'static str,
    next_id: u64,
    rows: u64,
    /// Bad rows planted so far.
    planted: usize,
    rng: Rng,
    buf: Vec<u8>,
    bad: Vec<u8>,
}

impl TxnFile {
    /// A file of `style` of source `source` whose transaction ids start at
    /// `first_id`, planting defects drawn from `rng`.
    pub fn new(
        sink: Sink,
        style: Style,
        source: &'static str,
        display: &'static str,
        first_id: u64,
        rng: Rng,
    ) -> TxnFile {
        TxnFile {
            sink,
            style,
            source,
            display,
            next_id: first_id,
            rows: 0,
            planted: 0,
            rng,
            buf: Vec::with_capacity(256),
            bad: Vec::with_capacity(256),
        }
    }

    /// Rows written so far, planted bad rows included.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Flushes and closes the file.
    pub fn finish(self) -> Result<std::path::PathBuf, Error> {
        self.sink.finish()
    }

    fn take_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Writes one account's rows (sorted by date, stable) and returns the
    /// balance of its good rows at the as-of date, in pence.
    pub fn write_account(
        &mut self,
        account: &str,
        txns: &mut [Txn],
        dates: &DateText,
        defects: &mut Vec<Defect>,
    ) -> Result<i64, Error> {
        txns.sort_by_key(|t| t.date);
        let mut balance = 0i64;
        for t in txns.iter() {
            let id = self.take_id();
            let mut buf = std::mem::take(&mut self.buf);
            let row = TxnRow {
                id,
                account,
                date: DateField::Date(t.date),
                code: t.code,
                amount: AmountField::Pence(t.amount),
                txn: t,
            };
            format_txn(&mut buf, self.style, dates, &row);
            self.sink.line(&buf)?;
            self.rows += 1;
            if t.date <= crate::dates::AS_OF {
                balance += t.amount;
            }
            let kinds = self.style.defect_kinds();
            let (rate, first_of_each) = self.style.defect_rate();
            let forced = first_of_each && self.planted < kinds.len();
            if forced || self.rng.chance(rate) {
                let kind = match forced {
                    true => kinds[self.planted],
                    false => kinds[self.rng.below(kinds.len() as u64) as usize],
                };
                self.planted += 1;
                let mut bad = std::mem::take(&mut self.bad);
                self.plant(&mut bad, &buf, kind, &row, dates);
                let line = self.sink.line(&bad)?;
                self.rows += 1;
                // A valid receipt that names no account is money held.
                let held = matches!(kind, DefectKind::UnknownAccount | DefectKind::NoAccount)
                    && self.style.is_payment(t.code);
                defects.push(Defect {
                    source: self.source,
                    file: self.display,
                    line,
                    kind,
                    suspense: held.then_some(-t.amount),
                });
                self.bad = bad;
            }
            self.buf = buf;
        }
        Ok(balance)
    }

    /// Formats a bad row of `kind` after the good row `good` (formatted from
    /// `row`). Every kind but a duplicate takes a transaction id of its own.
    fn plant(
        &mut self,
        bad: &mut Vec<u8>,
        good: &[u8],
        kind: DefectKind,
        row: &TxnRow<'_>,
        dates: &DateText,
    ) {
        let style = self.style;
        let t = row.txn;
        match kind {
            DefectKind::Duplicate => {
                bad.clear();
                bad.extend_from_slice(good);
            }
            DefectKind::ConflictingDuplicate => {
                let changed = if t.amount >= 0 {
                    t.amount + 100
                } else {
                    t.amount - 100
                };
                let amount = AmountField::Pence(changed);
                format_txn(bad, style, dates, &TxnRow { amount, ..*row });
            }
            DefectKind::BadDate => {
                let text = defects::bad_date(&mut self.rng, style, t.date, dates);
                let id = self.take_id();
                let date = DateField::Raw(&text);
                format_txn(bad, style, dates, &TxnRow { id, date, ..*row });
            }
            DefectKind::BadAmount => {
                let text = defects::bad_amount(&mut self.rng, style);
                let id = self.take_id();
                let amount = AmountField::Raw(text, t.amount >= 0);
                format_txn(bad, style, dates, &TxnRow { id, amount, ..*row });
            }
            DefectKind::NoAccount => {
                let id = self.take_id();
                let bad_row = TxnRow {
                    id,
                    account: "",
                    ..*row
                };
                format_txn(bad, style, dates, &bad_row);
            }
            DefectKind::UnknownAccount => {
                let wrong = defects::unknown_account(row.account);
                let id = self.take_id();
                let bad_row = TxnRow {
                    id,
                    account: &wrong,
                    ..*row
                };
                format_txn(bad, style, dates, &bad_row);
            }
            DefectKind::UnknownCode => {
                let (code, desc) = defects::unknown_code(style);
                let moved = Txn {
                    desc: Desc::Static(desc),
                    ..t.clone()
                };
                let id = self.take_id();
                let bad_row = TxnRow {
                    id,
                    code,
                    txn: &moved,
                    ..*row
                };
                format_txn(bad, style, dates, &bad_row);
            }
        }
    }
}

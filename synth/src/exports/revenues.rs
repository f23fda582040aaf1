//! The revenues system's style (council tax; business rates to come):
//! Windows-1252, `;`, CRLF, `dd/mm/yyyy`, money `£1,234.56` with negatives in
//! brackets `(12.50)`, names `SMITH, JOHN A`, the financial year as
//! `2026/27`.

use super::{push_desc, AmountField, DateField, TxnRow};
use crate::borough::Prop;
use crate::dates::{fy_label, DateForm, DateText};
use crate::text::{push_digits, push_pence, push_row, push_text, Enc};

/// The account master's header.
pub const ACCOUNTS_HEADER: &str = "Account Ref;UPRN;Property Ref;Address 1;Address 2;Address 3;Address 4;Postcode;Status;Recovery Stage;Lead Liable Name;Lead Liable DOB;Joint Liable Name;Instalments Lost On;Instalment Plan;Band";
/// The transactions file's header.
pub const TXNS_HEADER: &str = "Trans ID;Account Ref;Posted;Type;Amount;Fin Year;Description";
/// The instalment plans file's header.
pub const PLANS_HEADER: &str = "Account Ref;Fin Year;Due Date;Amount";
/// The revenues system's encoding.
pub const ENC: Enc = Enc::Cp1252;
/// The revenues system's delimiter.
pub const DELIM: u8 = b';';

/// Appends pence as the revenues system writes money: `£1,234.56`,
/// negatives `(1,234.56)`; the pound sign in `enc`.
pub fn push_amount(buf: &mut Vec<u8>, pence: i64, enc: Enc) {
    if pence < 0 {
        buf.push(b'(');
        push_pence(buf, pence.unsigned_abs(), true);
        buf.push(b')');
    } else {
        push_text(buf, "£", enc);
        push_pence(buf, pence.unsigned_abs(), true);
    }
}

/// The revenues system's own reference for a property: 11 digits, the
/// street (5) then the house number and any letter (`12A`: 000121), or
/// 9 and the building for a named one; `/` and the flat.
pub fn property_ref(p: &Prop) -> String {
    let pao = if p.building > 0 {
        900_000 + u32::from(p.building)
    } else {
        u32::from(p.number) * 10 + u32::from(p.suffix != 0)
    };
    let base = format!("{:05}{pao:06}", p.street + 1);
    if p.flat > 0 {
        format!("{base}/{}", p.flat)
    } else {
        base
    }
}

/// A person's name as the revenues system holds it: `SMITH, JOHN A`, the
/// apostrophe of `O'BRIEN` typographic (`O’BRIEN`) when `typographic`.
pub fn name(surname: &str, forename: &str, middle: Option<char>, typographic: bool) -> String {
    let mut surname = surname.to_uppercase();
    if typographic {
        surname = surname.replace('\'', "’");
    }
    match middle {
        Some(m) => format!("{}, {} {}", surname, forename.to_uppercase(), m),
        None => format!("{}, {}", surname, forename.to_uppercase()),
    }
}

/// Appends a transaction row.
pub(super) fn push_txn(buf: &mut Vec<u8>, dates: &DateText, row: &TxnRow<'_>) {
    push_digits(buf, row.id);
    buf.push(DELIM);
    push_text(buf, row.account, ENC);
    buf.push(DELIM);
    match row.date {
        DateField::Date(d) => dates.push(buf, d, DateForm::Dmy),
        DateField::Raw(s) => push_text(buf, s, ENC),
    }
    buf.push(DELIM);
    push_text(buf, row.code, ENC);
    buf.push(DELIM);
    match row.amount {
        AmountField::Pence(p) => push_amount(buf, p, ENC),
        AmountField::Raw(s, _) => push_text(buf, s, ENC),
    }
    buf.push(DELIM);
    if let Some(fy) = row.txn.year {
        push_text(buf, &fy_label(fy), ENC);
    }
    buf.push(DELIM);
    push_desc(buf, &row.txn.desc, DELIM, ENC, dates);
}

/// One row of the account master.
pub struct AccountRow<'a> {
    /// Account reference (8 digits).
    pub reference: &'a str,
    /// The property's UPRN.
    pub uprn: &'a str,
    /// The revenues system's own property reference.
    pub property_ref: &'a str,
    /// Four address lines (empty when unused).
    pub address: &'a [String],
    /// Postcode.
    pub postcode: &'a str,
    /// `L` live or `C` closed.
    pub status: &'a str,
    /// Recovery stage code.
    pub stage: &'a str,
    /// Lead liable person, `SURNAME, FORENAME I`.
    pub lead: &'a str,
    /// Lead liable person's date of birth (`dd/mm/yyyy`) or empty.
    pub lead_dob: &'a str,
    /// Joint liable person or empty.
    pub joint: &'a str,
    /// The day instalments were lost (`dd/mm/yyyy`) or empty.
    pub lost_on: &'a str,
    /// `10` or `12`.
    pub plan: &'a str,
    /// Valuation band, `A` to `H`.
    pub band: &'a str,
}

impl AccountRow<'_> {
    /// Appends the row.
    pub fn push(&self, buf: &mut Vec<u8>) {
        let address = |i: usize| self.address.get(i).map_or("", String::as_str);
        push_row(
            buf,
            &[
                self.reference,
                self.uprn,
                self.property_ref,
                address(0),
                address(1),
                address(2),
                address(3),
                self.postcode,
                self.status,
                self.stage,
                self.lead,
                self.lead_dob,
                self.joint,
                self.lost_on,
                self.plan,
                self.band,
            ],
            DELIM,
            ENC,
        );
    }
}

/// Appends one row of an explicit instalment plan.
pub fn push_instalment(
    buf: &mut Vec<u8>,
    dates: &DateText,
    reference: &str,
    fy: i32,
    due: chrono::NaiveDate,
    pence: i64,
) {
    push_text(buf, reference, ENC);
    buf.push(DELIM);
    push_text(buf, &fy_label(fy), ENC);
    buf.push(DELIM);
    dates.push(buf, due, DateForm::Dmy);
    buf.push(DELIM);
    push_amount(buf, pence, ENC);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_pounds_grouped_with_negatives_in_brackets() {
        let mut buf = Vec::new();
        push_amount(&mut buf, 123_456, Enc::Utf8);
        buf.push(b' ');
        push_amount(&mut buf, -1_250, Enc::Utf8);
        assert_eq!(String::from_utf8(buf).unwrap(), "£1,234.56 (12.50)");
    }

    #[test]
    fn names_are_surname_first_in_capitals() {
        assert_eq!(name("O'Brien", "Mary", Some('T'), true), "O’BRIEN, MARY T");
        assert_eq!(name("Smith", "John", None, false), "SMITH, JOHN");
    }
}

//! The housing system's style (rent, former tenancies): UTF-8, `,`, LF,
//! `yyyy-mm-dd`, money `1234.56` in a debit or a credit column, tenants as
//! title, forename and surname, National Insurance numbers with or without
//! spaces.

use super::{push_desc, AmountField, DateField, TxnRow};
use crate::borough::{street_name, Borough, Prop};
use crate::dates::{DateForm, DateText};
use crate::text::{push_field, push_pence, push_row, push_text, Enc};

/// The tenancies file's header.
pub const TENANCIES_HEADER: &str = "tenancy_ref,property_ref,uprn,address_1,address_2,address_3,postcode,tenancy_start,tenancy_end,status,arrears_stage,tenant1_title,tenant1_forename,tenant1_surname,tenant1_dob,tenant1_nino,tenant2_title,tenant2_forename,tenant2_surname,tenant2_dob,tenant2_nino,weekly_rent";
/// The transactions file's header.
pub const TXNS_HEADER: &str = "trans_id,tenancy_ref,trans_date,trans_code,description,debit,credit";
/// The housing system's encoding.
pub const ENC: Enc = Enc::Utf8;
/// The housing system's delimiter.
pub const DELIM: u8 = b',';

/// The housing system's own reference for a property: the street's initials
/// and number then the house (`OR0012-012`, `OR0012-012A`, `/2` for a
/// flat), or a block's initials and number and the flat (`HP0007/3`).
pub fn property_ref(b: &Borough, p: &Prop) -> String {
    let initials =
        |name: &str| -> String { name.split(' ').filter_map(|w| w.chars().next()).collect() };
    if p.building > 0 {
        let building = &b.buildings[usize::from(p.building - 1)];
        return format!("{}{:04}/{}", initials(building), p.building, p.flat);
    }
    let street = &b.streets[p.street as usize];
    let name = street_name(street.stem, street.suffix, false);
    let mut text = format!("{}{:04}-{:03}", initials(&name), p.street + 1, p.number);
    if p.suffix != 0 {
        text.push(char::from(p.suffix));
    }
    if p.flat > 0 {
        text.push_str(&format!("/{}", p.flat));
    }
    text
}

/// A National Insurance number as the housing system holds it: with spaces
/// (`AB 12 34 56 C`) or without.
pub fn nino_written(n: &str, spaced: bool) -> String {
    if spaced && n.len() == 9 {
        format!(
            "{} {} {} {} {}",
            &n[0..2],
            &n[2..4],
            &n[4..6],
            &n[6..8],
            &n[8..9]
        )
    } else {
        n.to_string()
    }
}

/// Appends a transaction row: `RJ` and 8 digits, then the debit or credit.
pub(super) fn push_txn(buf: &mut Vec<u8>, dates: &DateText, row: &TxnRow<'_>) {
    buf.extend_from_slice(b"RJ");
    let digits = row.id.to_string();
    for _ in digits.len()..8 {
        buf.push(b'0');
    }
    buf.extend_from_slice(digits.as_bytes());
    buf.push(DELIM);
    push_text(buf, row.account, ENC);
    buf.push(DELIM);
    match row.date {
        DateField::Date(d) => dates.push(buf, d, DateForm::Iso),
        DateField::Raw(s) => push_text(buf, s, ENC),
    }
    buf.push(DELIM);
    push_text(buf, row.code, ENC);
    buf.push(DELIM);
    push_desc(buf, &row.txn.desc, DELIM, ENC, dates);
    buf.push(DELIM);
    match row.amount {
        AmountField::Pence(p) if p >= 0 => {
            push_pence(buf, p.unsigned_abs(), false);
            buf.push(DELIM);
        }
        AmountField::Pence(p) => {
            buf.push(DELIM);
            push_pence(buf, p.unsigned_abs(), false);
        }
        AmountField::Raw(s, debit) => {
            if debit {
                push_field(buf, s, DELIM, ENC);
                buf.push(DELIM);
            } else {
                buf.push(DELIM);
                push_field(buf, s, DELIM, ENC);
            }
        }
    }
}

/// A tenant as the tenancy record holds them.
#[derive(Default)]
pub struct Tenant<'a> {
    /// Mr, Mrs, Ms, Miss, Dr.
    pub title: &'a str,
    /// Forename.
    pub forename: &'a str,
    /// Surname.
    pub surname: &'a str,
    /// Date of birth, `yyyy-mm-dd`.
    pub dob: String,
    /// National Insurance number as written, or empty.
    pub nino: String,
}

/// One row of the tenancies file.
pub struct TenancyRow<'a> {
    /// Tenancy reference (`RT` and 6 digits).
    pub reference: &'a str,
    /// The housing system's own property reference.
    pub property_ref: &'a str,
    /// The property's UPRN.
    pub uprn: &'a str,
    /// Three address lines (empty when unused).
    pub address: &'a [String],
    /// Postcode.
    pub postcode: &'a str,
    /// First day, `yyyy-mm-dd`.
    pub start: &'a str,
    /// Last day of a former tenancy, or empty.
    pub end: &'a str,
    /// `current` or `former`.
    pub status: &'a str,
    /// Arrears stage code.
    pub stage: &'a str,
    /// The lead tenant.
    pub lead: Tenant<'a>,
    /// The joint tenant (all empty for a sole tenancy).
    pub joint: Tenant<'a>,
    /// Weekly rent, `123.45`.
    pub weekly_rent: &'a str,
}

impl TenancyRow<'_> {
    /// Appends the row.
    pub fn push(&self, buf: &mut Vec<u8>) {
        let address = |i: usize| self.address.get(i).map_or("", String::as_str);
        let (lead, joint) = (&self.lead, &self.joint);
        push_row(
            buf,
            &[
                self.reference,
                self.property_ref,
                self.uprn,
                address(0),
                address(1),
                address(2),
                self.postcode,
                self.start,
                self.end,
                self.status,
                self.stage,
                lead.title,
                lead.forename,
                lead.surname,
                &lead.dob,
                &lead.nino,
                joint.title,
                joint.forename,
                joint.surname,
                &joint.dob,
                &joint.nino,
                self.weekly_rent,
            ],
            DELIM,
            ENC,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nino_is_written_in_pairs_when_spaced() {
        assert_eq!(nino_written("AB123456C", true), "AB 12 34 56 C");
        assert_eq!(nino_written("AB123456C", false), "AB123456C");
    }
}

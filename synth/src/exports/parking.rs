//! The parking system's style (penalty charge notices): UTF-8, `,`, LF,
//! no heading row, dates `dd-Mon-yyyy`, money `105.00`. One row per notice:
//! the charge now due (it rises by half at the charge certificate, and the
//! court fee is added at the order for recovery), what has been paid and
//! when, the stage and the contravention code.

use chrono::NaiveDate;

use crate::dates::{DateForm, DateText};
use crate::text::{push_field, push_pence, Enc};

/// The system's encoding.
pub const ENC: Enc = Enc::Utf8;
/// The system's delimiter.
pub const DELIM: u8 = b',';

/// A date cell or bad text in its place.
#[derive(Clone, Copy)]
pub enum Cell<'a> {
    /// Pence or a date, as the column holds.
    Good,
    /// Text written as it is (a planted bad value).
    Raw(&'a str),
}

/// One penalty notice.
pub struct NoticeRow<'a> {
    /// PCN number (`AS` and 8 digits).
    pub pcn: &'a str,
    /// Vehicle registration mark.
    pub vrm: &'a str,
    /// The registered keeper as the DVLA gives them.
    pub keeper: &'a str,
    /// The keeper's address, free text.
    pub address: &'a str,
    /// Postcode as written.
    pub postcode: &'a str,
    /// Issue date.
    pub issued: NaiveDate,
    /// Charge now due, in pence.
    pub charge: i64,
    /// Paid so far, in pence.
    pub paid: i64,
    /// Day of the last payment.
    pub last_paid: Option<NaiveDate>,
    /// Stage code.
    pub stage: &'a str,
    /// Contravention code.
    pub contravention: &'a str,
}

impl NoticeRow<'_> {
    /// Appends the row; `date` and `amount` replace the issue date or the
    /// charge with bad text.
    pub fn push(&self, buf: &mut Vec<u8>, dates: &DateText, date: Cell<'_>, amount: Cell<'_>) {
        for field in [self.pcn, self.vrm, self.keeper, self.address, self.postcode] {
            push_field(buf, field, DELIM, ENC);
            buf.push(DELIM);
        }
        match date {
            Cell::Good => dates.push(buf, self.issued, DateForm::Mon),
            Cell::Raw(s) => push_field(buf, s, DELIM, ENC),
        }
        buf.push(DELIM);
        match amount {
            Cell::Good => push_pence(buf, self.charge.unsigned_abs(), false),
            Cell::Raw(s) => push_field(buf, s, DELIM, ENC),
        }
        buf.push(DELIM);
        push_pence(buf, self.paid.unsigned_abs(), false);
        buf.push(DELIM);
        if let Some(d) = self.last_paid {
            dates.push(buf, d, DateForm::Mon);
        }
        buf.push(DELIM);
        push_field(buf, self.stage, DELIM, ENC);
        buf.push(DELIM);
        push_field(buf, self.contravention, DELIM, ENC);
    }
}

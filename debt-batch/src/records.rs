//! What the batch reads out of the exports, before and after validation:
//! parties, account records, rejects and duplicates.

use std::fmt;

use chrono::NaiveDate;
use debt_core::{Account, FinancialYear, Ledger, Money, Position, SourceRow, Transaction, TxnKind};
use serde::Serialize;

/// A person's role on a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Lead liable person (council tax, rates).
    LeadLiable,
    /// Joint liable person.
    JointLiable,
    /// Tenant.
    Tenant,
    /// Joint tenant.
    JointTenant,
    /// Benefit claimant.
    Claimant,
    /// Sundry debtor.
    Debtor,
    /// Registered keeper of a vehicle.
    Keeper,
    /// The subject of a notice or statement.
    Subject,
}

impl Role {
    /// Parses a role code.
    pub fn parse(code: &str) -> Result<Role, String> {
        Ok(match code {
            "lead_liable" => Role::LeadLiable,
            "joint_liable" => Role::JointLiable,
            "tenant" => Role::Tenant,
            "joint_tenant" => Role::JointTenant,
            "claimant" => Role::Claimant,
            "debtor" => Role::Debtor,
            "keeper" => Role::Keeper,
            "subject" => Role::Subject,
            other => {
                return Err(format!(
                    "{other:?} is not a role (expected one of: lead_liable, joint_liable, tenant, joint_tenant, claimant, debtor, keeper, subject)"
                ))
            }
        })
    }

    /// The code used in outputs.
    pub fn code(self) -> &'static str {
        match self {
            Role::LeadLiable => "lead_liable",
            Role::JointLiable => "joint_liable",
            Role::Tenant => "tenant",
            Role::JointTenant => "joint_tenant",
            Role::Claimant => "claimant",
            Role::Debtor => "debtor",
            Role::Keeper => "keeper",
            Role::Subject => "subject",
        }
    }
}

/// A person as a row names them, kept as written for the matching stage.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Party {
    /// Their role, if the row gives one.
    pub role: Option<Role>,
    /// Full name as written ('SMITH, JOHN A', 'Mr John Smith'), or title,
    /// forename and surname joined.
    pub name: String,
    /// Forename column, when the system holds one.
    pub forename: Option<String>,
    /// Surname column, when the system holds one.
    pub surname: Option<String>,
    /// Date of birth, when held and valid.
    pub dob: Option<chrono::NaiveDate>,
    /// National Insurance number, normalised (no spaces, upper case), when valid.
    pub nino: Option<String>,
    /// This party's own liability or tenancy period, when the row gives one
    /// apart from the account's.
    pub occupied: Option<(chrono::NaiveDate, Option<chrono::NaiveDate>)>,
}

/// Address fields as a row gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Address {
    /// Lines joined with ", ".
    pub text: String,
    /// Postcode as written.
    pub postcode: String,
}

/// A named attribute of an account, carried from its master or invoice row
/// to accounts.csv as text. A closed list, so every council's accounts.csv
/// has the same columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Attribute {
    /// Council tax valuation band.
    Band,
    /// A penalty notice's vehicle registration mark.
    VehicleRegistration,
    /// The benefit claim an overpayment arose on.
    ClaimRef,
    /// A sundry invoice's service or income code.
    ServiceCode,
}

impl Attribute {
    /// Every attribute, in the order of accounts.csv's columns.
    pub const ALL: [Attribute; 4] = [
        Attribute::Band,
        Attribute::VehicleRegistration,
        Attribute::ClaimRef,
        Attribute::ServiceCode,
    ];

    /// Its config key and accounts.csv column.
    pub fn code(self) -> &'static str {
        match self {
            Attribute::Band => "band",
            Attribute::VehicleRegistration => "vehicle_registration",
            Attribute::ClaimRef => "claim_ref",
            Attribute::ServiceCode => "service_code",
        }
    }
}

/// The attributes a row carried, as written (only those the config names
/// and the row fills).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attributes {
    values: [Option<Box<str>>; 4],
}

impl Attributes {
    /// Sets one attribute.
    pub fn set(&mut self, attribute: Attribute, value: &str) {
        self.values[attribute as usize] = Some(value.into());
    }

    /// One attribute's value, or "".
    pub fn get(&self, attribute: Attribute) -> &str {
        self.values[attribute as usize].as_deref().unwrap_or("")
    }

    /// Whether no attribute is set.
    pub fn is_empty(&self) -> bool {
        self.values.iter().all(Option::is_none)
    }
}

/// An account read from a source, with its ledger and where it came from.
#[derive(Debug, Clone)]
pub struct AccountRecord {
    /// The source id.
    pub source: String,
    /// The account and its ledger.
    pub account: Account,
    /// The system's own stage code, as exported.
    pub stage_code: String,
    /// UPRN when the system holds one.
    pub uprn: Option<String>,
    /// The system's property reference.
    pub property_ref: Option<String>,
    /// Property address.
    pub address: Address,
    /// Forwarding address (closed accounts).
    pub forwarding: Option<Address>,
    /// Liability or tenancy period at the property, when the system holds
    /// it: first day, and last day once it has ended.
    pub occupied: Option<(NaiveDate, Option<NaiveDate>)>,
    /// People the row names.
    pub parties: Vec<Party>,
    /// The master row.
    pub row: SourceRow,
    /// The account's transactions, compact (the account's own ledger is
    /// built from them when needed).
    pub txns: Vec<CompactTxn>,
    /// Index of the file the transactions came from (a charge the master
    /// row carries itself is traced to the master, `row.file`).
    pub txn_file: u32,
    /// Named attributes (band, vehicle registration, ...), boxed: most
    /// accounts of most sources carry none.
    pub attributes: Option<Box<Attributes>>,
}

impl AccountRecord {
    /// The account's ledger, each transaction traced to its source row: the
    /// master row for a charge it carries, the transactions file otherwise.
    pub fn ledger(&self) -> Ledger {
        Ledger::new(
            self.txns
                .iter()
                .map(|t| {
                    t.unpack(match t.from_master() {
                        true => self.row.file,
                        false => self.txn_file,
                    })
                })
                .collect(),
        )
    }

    /// One attribute's value, or "".
    pub fn attribute(&self, attribute: Attribute) -> &str {
        self.attributes.as_ref().map_or("", |a| a.get(attribute))
    }

    /// The account's position at `as_of`.
    pub fn position(&self, as_of: NaiveDate) -> Result<Position, debt_core::Error> {
        self.ledger().position(&self.account.terms, as_of)
    }

    /// The account's position at `as_of`, its financial years (council tax
    /// and business rates; empty for other services), the costs charged to
    /// it and its ongoing monthly liability
    /// ([`debt_core::arrangement::ongoing_monthly`]), from one unpacking of
    /// its ledger.
    pub fn position_years_costs(&self, as_of: NaiveDate) -> Result<Figures, debt_core::Error> {
        let ledger = self.ledger();
        let (position, years) = match self.account.service {
            debt_core::Service::CouncilTax | debt_core::Service::BusinessRates => {
                ledger.position_and_years(&self.account.terms, as_of)?
            }
            _ => (ledger.position(&self.account.terms, as_of)?, Vec::new()),
        };
        let costs = ledger
            .transactions()
            .iter()
            .filter(|t| t.kind == TxnKind::Costs && t.date <= as_of)
            .map(|t| debt_core::household::Cost {
                date: t.date,
                amount: t.amount,
                year: t.year,
            })
            .collect();
        // Only an open account with something still to fall due (council
        // tax, rates) or a tenancy goes on asking for money.
        let asks = self.account.status == debt_core::AccountStatus::Current
            && (self.account.service == debt_core::Service::HousingRent
                || position.not_yet_due.is_positive());
        let ongoing = if asks {
            debt_core::arrangement::ongoing_monthly(
                &self.account.service,
                self.account.status,
                &self.account.terms,
                &ledger,
                as_of,
            )?
        } else {
            None
        };
        Ok((position, years, costs, ongoing))
    }
}

/// An account's figures at the as-of date: its position, financial years,
/// costs and ongoing monthly liability.
pub type Figures = (
    Position,
    Vec<debt_core::YearPosition>,
    Vec<debt_core::household::Cost>,
    Option<Money>,
);

/// A transaction packed into 16 bytes, so that tens of millions fit in less
/// memory than the files they came from. Dates are days since 1970-01-01 in
/// a `u16` (1970 to 2149); the amount is whole pence in 48 bits (beyond the
/// largest amount [`Money`] parses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompactTxn {
    amount_lo: u32,
    amount_hi: i16,
    date: u16,
    /// Due date as days + 1; 0 for none.
    due: u16,
    /// Index into `KINDS`, plus [`FROM_MASTER`] for a charge the master row
    /// carries.
    kind: u8,
    /// Financial year start − 1899; 0 for none.
    year: u8,
    line: u32,
}

const KINDS: [TxnKind; 7] = [
    TxnKind::Charge,
    TxnKind::Payment,
    TxnKind::Reversal,
    TxnKind::Adjustment,
    TxnKind::WriteOff,
    TxnKind::Refund,
    TxnKind::Costs,
];

/// The bit of `CompactTxn::kind` marking a transaction read from the
/// account's own master row rather than the transactions file.
const FROM_MASTER: u8 = 0x80;

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

fn pack_date(date: NaiveDate, field: &'static str) -> Result<u16, RejectReason> {
    u16::try_from((date - epoch()).num_days()).map_err(|_| RejectReason::Invalid {
        field,
        message: format!("{date} is outside the dates this system handles (1970 to 2149)"),
    })
}

impl CompactTxn {
    /// Packs a transaction read from `line`.
    pub fn pack(t: &Transaction, line: u64) -> Result<CompactTxn, RejectReason> {
        let pence = t.amount.to_pence().ok_or(RejectReason::BadAmount {
            field: "amount",
            message: "out of range".into(),
        })?;
        if pence.unsigned_abs() >= 1 << 47 {
            return Err(RejectReason::BadAmount {
                field: "amount",
                message: format!("{} is out of range", t.amount),
            });
        }
        let due = match t.due_date {
            Some(d) => pack_date(d, "due date")?
                .checked_add(1)
                .ok_or(RejectReason::Invalid {
                    field: "due date",
                    message: "out of range".into(),
                })?,
            None => 0,
        };
        let year = match t.year {
            Some(y) => u8::try_from(y.start_year() - 1899).map_err(|_| RejectReason::Invalid {
                field: "financial year",
                message: format!("{y} is out of range"),
            })?,
            None => 0,
        };
        Ok(CompactTxn {
            amount_lo: pence as u32,
            amount_hi: (pence >> 32) as i16,
            date: pack_date(t.date, "date")?,
            due,
            kind: KINDS.iter().position(|k| *k == t.kind).unwrap_or(0) as u8,
            year,
            line: u32::try_from(line).map_err(|_| RejectReason::Invalid {
                field: "line",
                message: "the file has more than 4 billion lines".into(),
            })?,
        })
    }

    /// The physical line it came from.
    pub fn line(&self) -> u64 {
        u64::from(self.line)
    }

    /// Marks it as read from the account's own master row.
    pub fn on_master(mut self) -> CompactTxn {
        self.kind |= FROM_MASTER;
        self
    }

    /// Whether it was read from the account's master row (a charge the row
    /// carries), not from the transactions file.
    pub fn from_master(&self) -> bool {
        self.kind & FROM_MASTER != 0
    }

    /// Unpacks into a transaction from file `file`.
    pub fn unpack(&self, file: u32) -> Transaction {
        let pence = (i64::from(self.amount_hi) << 32) | i64::from(self.amount_lo);
        let day = |d: u16| epoch() + chrono::Days::new(u64::from(d));
        Transaction {
            date: day(self.date),
            kind: KINDS[usize::from(self.kind & !FROM_MASTER) % KINDS.len()],
            amount: Money::from_pence(pence),
            due_date: (self.due > 0).then(|| day(self.due - 1)),
            year: (self.year > 0)
                .then(|| FinancialYear::starting(1899 + i32::from(self.year)).ok())
                .flatten(),
            source: SourceRow {
                file,
                line: u64::from(self.line),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    #[test]
    fn compact_transactions_round_trip_and_are_16_bytes() {
        assert_eq!(std::mem::size_of::<CompactTxn>(), 16);
        let d = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        for pence in [
            0i64,
            1,
            -1,
            123_456,
            -99_999_999_999_999,
            99_999_999_999_999,
        ] {
            for kind in KINDS {
                let mut t = Transaction::new(d, kind, Money::from_pence(pence))
                    .from_row(SourceRow { file: 3, line: 77 });
                t = t
                    .due(d.with_day(1).unwrap())
                    .for_year(FinancialYear::containing(d));
                let packed = CompactTxn::pack(&t, 77).unwrap();
                assert_eq!(packed.unpack(3), t);
            }
        }
        let plain = Transaction::new(
            NaiveDate::from_ymd_opt(1970, 1, 1).unwrap(),
            TxnKind::Charge,
            Money::from_pence(5),
        );
        assert_eq!(CompactTxn::pack(&plain, 0).unwrap().unpack(0), plain);
        let master = CompactTxn::pack(&plain, 9).unwrap().on_master();
        assert!(master.from_master());
        assert_eq!(
            master.unpack(0),
            plain.from_row(SourceRow { file: 0, line: 9 })
        );
        assert!(!CompactTxn::pack(&plain, 9).unwrap().from_master());
        let too_early = Transaction::new(
            NaiveDate::from_ymd_opt(1969, 12, 31).unwrap(),
            TxnKind::Charge,
            Money::from_pence(5),
        );
        assert!(CompactTxn::pack(&too_early, 1).is_err());
    }
}

/// Why a row was rejected. `field` names the field in words a finance
/// officer uses ("amount", "date", "transaction type"); `message` says what
/// was wrong with the value.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RejectReason {
    /// A required field is empty.
    Missing(&'static str),
    /// A date does not parse.
    BadDate {
        field: &'static str,
        message: String,
    },
    /// An amount does not parse.
    BadAmount {
        field: &'static str,
        message: String,
    },
    /// A code is not in its map.
    UnknownCode { field: &'static str, code: String },
    /// A transaction names an account not in the master.
    UnknownAccount(String),
    /// An id was seen before with different content.
    ConflictingDuplicate { id: String, first_line: u64 },
    /// The row does not have the header's number of fields.
    FieldCount { expected: usize, found: usize },
    /// A quoted field opens on the line and is not closed by its end (nor,
    /// where the format allows multiline records, into a row of the
    /// header's width).
    UnbalancedQuote { quote: char },
    /// The row is not valid text or CSV.
    Malformed(String),
    /// Any other field-level problem.
    Invalid {
        field: &'static str,
        message: String,
    },
}

impl fmt::Display for RejectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RejectReason::Missing(field) => write!(f, "missing {field}"),
            RejectReason::BadDate { field, message } => write!(f, "unparseable {field}: {message}"),
            RejectReason::BadAmount { field, message } => write!(f, "bad {field}: {message}"),
            RejectReason::UnknownCode { field, code } => write!(
                f,
                "unknown {field} code {code:?} (add it to the config's map)"
            ),
            RejectReason::UnknownAccount(reference) => {
                write!(f, "account {reference:?} is not in the account master")
            }
            RejectReason::ConflictingDuplicate { id, first_line } => {
                write!(
                    f,
                    "id {id:?} repeated with different content (first seen on line {first_line})"
                )
            }
            RejectReason::FieldCount { expected, found } => {
                write!(f, "{found} fields where the header has {expected}")
            }
            RejectReason::UnbalancedQuote { quote } => write!(
                f,
                "a quote ({quote}) opens a field on this line and is not closed by its end; the next line is read as a row of its own"
            ),
            RejectReason::Malformed(message) => write!(f, "malformed row: {message}"),
            RejectReason::Invalid { field, message } => write!(f, "invalid {field}: {message}"),
        }
    }
}

impl RejectReason {
    /// A short stable class for counting and filtering.
    pub fn class(&self) -> &'static str {
        match self {
            RejectReason::Missing(_) => "missing_field",
            RejectReason::BadDate { .. } => "bad_date",
            RejectReason::BadAmount { .. } => "bad_amount",
            RejectReason::UnknownCode { .. } => "unknown_code",
            RejectReason::UnknownAccount(_) => "unknown_account",
            RejectReason::ConflictingDuplicate { .. } => "conflicting_duplicate",
            RejectReason::FieldCount { .. } => "field_count",
            RejectReason::UnbalancedQuote { .. } => "unbalanced_quote",
            RejectReason::Malformed(_) => "malformed",
            RejectReason::Invalid { .. } => "invalid_field",
        }
    }
}

/// A rejected row: which file and line, why, and the raw line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// Source id (or `control_totals`, `gazetteer`, a people id).
    pub source: String,
    /// The file, as given in the config.
    pub file: String,
    /// 1-based physical line.
    pub line: u64,
    /// Why.
    pub reason: RejectReason,
    /// The line as read (decoded to UTF-8).
    pub raw: String,
}

/// An exact duplicate row, counted once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// Source id.
    pub source: String,
    /// The file.
    pub file: String,
    /// The duplicate's line.
    pub line: u64,
    /// The line of the row it duplicates.
    pub first_line: u64,
    /// The id or account ref duplicated.
    pub key: String,
}

/// Money received for an account that does not exist: a receipt (a row of
/// kind payment) whose account reference is empty or not in the master. It
/// is rejected like any row naming no account, and also kept here, because
/// it is money the council holds that nobody is credited with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuspenseItem {
    /// Source id.
    pub source: String,
    /// The file, as given in the config.
    pub file: String,
    /// 1-based physical line.
    pub line: u64,
    /// The date it was received.
    pub date: NaiveDate,
    /// The money received (positive; a receipt taken back is negative).
    pub amount: Money,
    /// The account reference as given (empty when none was).
    pub reference: String,
    /// The payer's name or reference, when the file gives one.
    pub payer: String,
}

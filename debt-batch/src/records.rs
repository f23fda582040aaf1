//! What the batch reads out of the exports, before and after validation:
//! parties, account records, rejects and duplicates.

use std::fmt;

use chrono::NaiveDate;
use debt_core::{Account, Ledger, Money, Position, SourceRow, TxnKind};
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
    pub(crate) fn parse(code: &str) -> Result<Role, String> {
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
    pub(crate) fn code(self) -> &'static str {
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
    /// National Insurance number, when valid.
    pub nino: Option<debt_core::identity::Nino>,
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
    /// The finance system's customer number.
    CustomerRef,
}

impl Attribute {
    /// Every attribute, in the order of accounts.csv's columns.
    pub const ALL: [Attribute; 5] = [
        Attribute::Band,
        Attribute::VehicleRegistration,
        Attribute::ClaimRef,
        Attribute::ServiceCode,
        Attribute::CustomerRef,
    ];

    /// Its config key and accounts.csv column.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Attribute::Band => "band",
            Attribute::VehicleRegistration => "vehicle_registration",
            Attribute::ClaimRef => "claim_ref",
            Attribute::ServiceCode => "service_code",
            Attribute::CustomerRef => "customer_ref",
        }
    }

    /// The kind of identifier it is when two records are compared (the
    /// same vehicle on two notices, the same claim or customer number),
    /// as [`debt_core::identity::Identifier`] names kinds; none for a
    /// band or a service code, which many people share.
    pub(crate) fn identifier_kind(self) -> Option<&'static str> {
        match self {
            Attribute::VehicleRegistration => Some("vehicle"),
            Attribute::ClaimRef => Some("claim_ref"),
            Attribute::CustomerRef => Some("customer_ref"),
            Attribute::Band | Attribute::ServiceCode => None,
        }
    }
}

/// The attributes a row carried, as written (only those the config names
/// and the row fills).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attributes {
    values: [Option<Box<str>>; Attribute::ALL.len()],
}

impl Attributes {
    /// Sets one attribute.
    pub(crate) fn set(&mut self, attribute: Attribute, value: &str) {
        self.values[attribute as usize] = Some(value.into());
    }

    /// One attribute's value, or "".
    pub(crate) fn get(&self, attribute: Attribute) -> &str {
        self.values[attribute as usize].as_deref().unwrap_or("")
    }

    /// Whether no attribute is set.
    pub(crate) fn is_empty(&self) -> bool {
        self.values.iter().all(Option::is_none)
    }
}

/// An account read from a source, with its ledger and where it came from.
#[derive(Debug, Clone)]
pub struct AccountRecord {
    /// The source id.
    pub source: String,
    /// The account and its ledger (each transaction traced to its row: the
    /// master row for a charge it carries, the transactions file otherwise).
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
    /// Correspondence address besides the property's (a business
    /// ratepayer's, often a sole trader's home), boxed: most accounts have
    /// none.
    pub correspondence: Option<Box<Address>>,
    /// Liability or tenancy period at the property, when the system holds
    /// it: first day, and last day once it has ended.
    pub occupied: Option<(NaiveDate, Option<NaiveDate>)>,
    /// People the row names.
    pub parties: Vec<Party>,
    /// The master row.
    pub row: SourceRow,
    /// Named attributes (band, vehicle registration, ...), boxed: most
    /// accounts of most sources carry none.
    pub attributes: Option<Box<Attributes>>,
}

impl AccountRecord {
    /// The account's ledger.
    pub fn ledger(&self) -> &Ledger {
        &self.account.ledger
    }

    /// One attribute's value, or "".
    pub fn attribute(&self, attribute: Attribute) -> &str {
        self.attributes.as_ref().map_or("", |a| a.get(attribute))
    }

    /// The account's position at `as_of`, its financial years (council tax
    /// and business rates; empty for other services), the costs charged to
    /// it and its ongoing monthly liability
    /// ([`debt_core::arrangement::ongoing_monthly`]), read from its one
    /// ledger.
    pub(crate) fn position_years_costs(
        &self,
        as_of: NaiveDate,
    ) -> Result<Figures, debt_core::Error> {
        let ledger = self.ledger();
        let (position, years) = match self.account.service {
            debt_core::Service::CouncilTax | debt_core::Service::BusinessRates => {
                ledger.position_and_years(&self.account.terms, as_of)?
            }
            _ => (ledger.position(&self.account.terms, as_of)?, Vec::new()),
        };
        let costs = ledger
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
                ledger,
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

impl RejectReason {
    /// A transaction its account's ledger cannot hold (a date before 1970,
    /// a line past 4,294,967,295, ...), in the ledger's own words.
    pub(crate) fn unholdable(error: debt_core::Error) -> RejectReason {
        let field = match &error {
            debt_core::Error::LedgerLimit { what, .. } => *what,
            _ => "transaction",
        };
        RejectReason::Invalid {
            field,
            message: error.to_string(),
        }
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

//! What the batch reads out of the exports, before and after validation:
//! parties, account records, rejects and duplicates.

use std::fmt;

use debt_core::{Account, SourceRow};
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
}

/// Address fields as a row gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Address {
    /// Lines joined with ", ".
    pub text: String,
    /// Postcode as written.
    pub postcode: String,
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
    /// People the row names.
    pub parties: Vec<Party>,
    /// The master row.
    pub row: SourceRow,
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

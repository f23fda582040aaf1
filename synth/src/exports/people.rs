//! Person files with no ledger, each kept its own way: breathing space
//! notices in a spreadsheet kept by hand (no reference column, dates
//! `dd/mm/yyyy`), vulnerability flags and income and expenditure statement
//! lines from a case management system (references, ISO dates). All UTF-8,
//! `,`, LF.

/// The breathing space list's header: no reference column.
pub const BREATHING_SPACE_HEADER: &str =
    "forename,surname,date_of_birth,address,postcode,type,start_date,end_date";
/// The vulnerability flags' header.
pub const VULNERABILITY_HEADER: &str =
    "vuln_ref,full_name,date_of_birth,address,postcode,flag,recorded_on";
/// The income and expenditure lines' header.
pub const INCOME_EXPENDITURE_HEADER: &str =
    "statement_ref,forename,surname,date_of_birth,nino,address,postcode,category,amount,frequency";

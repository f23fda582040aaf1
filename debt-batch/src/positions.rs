//! The positions stage: every account's balance, arrears, ageing (and, for
//! council tax and business rates, each financial year) at the as-of date,
//! computed by debt-core on all cores, sorted by source and reference.

use chrono::NaiveDate;
use debt_core::Position;
use rayon::prelude::*;

use crate::error::BatchError;
use crate::records::AccountRecord;

/// One account's result row.
#[derive(Debug, Clone)]
pub struct AccountResult {
    /// The account as read.
    pub record: AccountRecord,
    /// Its position at the as-of date.
    pub position: Position,
    /// Council tax and business rates: each financial year's arrears.
    pub years: Vec<debt_core::YearPosition>,
    /// Costs and fees charged to it.
    pub costs: Vec<debt_core::household::Cost>,
    /// What it goes on asking for each month while open (this year's next
    /// council tax instalment, the rent), when it does.
    pub ongoing: Option<debt_core::Money>,
    /// The person whose account it is (its lead party), once matched.
    pub person_id: String,
    /// Their household, once matched; empty when it is in none.
    pub household_id: String,
}

/// Works out every account's position; fails on an account whose figures
/// cannot be held or whose position does not add up.
pub(crate) fn positions(
    records: Vec<AccountRecord>,
    as_of: NaiveDate,
) -> Result<Vec<AccountResult>, BatchError> {
    let mut accounts: Vec<AccountResult> = records
        .into_par_iter()
        .map(|record| {
            let (position, years, costs, ongoing) =
                record.position_years_costs(as_of).map_err(|e| match e {
                    debt_core::Error::Invariant(message) => BatchError::Invariant(format!(
                        "{} account {}: {message}",
                        record.source, record.account.reference
                    )),
                    other => BatchError::Account {
                        source_id: record.source.clone(),
                        account: record.account.reference.clone(),
                        message: other.to_string(),
                    },
                })?;
            Ok(AccountResult {
                record,
                position,
                years,
                costs,
                ongoing,
                person_id: String::new(),
                household_id: String::new(),
            })
        })
        .collect::<Result<_, BatchError>>()?;
    accounts.par_sort_by(|a, b| {
        (
            a.record.source.as_str(),
            a.record.account.reference.as_str(),
        )
            .cmp(&(
                b.record.source.as_str(),
                b.record.account.reference.as_str(),
            ))
    });
    Ok(accounts)
}

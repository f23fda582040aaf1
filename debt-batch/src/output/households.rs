//! The single view: `households.csv` / `.parquet` (one row per household),
//! `household_accounts.csv` / `.parquet` (every account of every member, and
//! every account in no household with the reason), `household_account_years.csv`
//! / `.parquet` (council tax and business rates arrears by financial year),
//! and `exceptions.csv` / `.json` (the situations an officer must act on).

use std::collections::HashMap;

use chrono::Months;
use debt_core::exceptions::Exception;
use debt_core::household::HouseholdId;
use debt_core::{AgeBucket, RecoveryStep, YearPosition};

use super::schema::{Cell, Column, Kind};
use crate::ingest::InputFile;
use crate::matching::Matching;
use crate::positions::AccountResult;
use crate::view::{Household, Placement, Views};

/// The service codes that get their own account-count column.
const SERVICES: [&str; 7] = [
    "council_tax",
    "business_rates",
    "housing_rent",
    "former_tenant_arrears",
    "housing_benefit_overpayment",
    "sundry",
    "parking_penalty",
];

/// The columns of `households.csv` / `households.parquet`.
/// `addresses` is the gazetteer's address of each UPRN; `exceptions` the
/// number of situations found per household; `matching` the run's persons,
/// whose records name the members.
pub fn household_columns<'a>(
    addresses: &'a HashMap<u64, (String, String)>,
    exceptions: &'a HashMap<String, u64>,
    matching: &'a Matching,
) -> Vec<Column<'a, Household>> {
    use Kind::*;
    type H = Household;
    let members = move |h: &H, text: fn(&'a Matching, usize) -> &'a str| -> String {
        h.members
            .iter()
            .map(|&r| text(matching, r as usize))
            .collect::<Vec<_>>()
            .join(";")
    };
    let address = move |h: &H, part: usize| -> String {
        h.id.uprn()
            .and_then(|u| addresses.get(&u))
            .map(|a| if part == 0 { a.0.clone() } else { a.1.clone() })
            .unwrap_or_default()
    };
    let mut columns: Vec<Column<'a, H>> = vec![
        Column::new("household_id", Text, |h: &H| h.id.to_string().into()),
        Column::new("uprn", Text, |h: &H| {
            h.id.uprn()
                .map(|u| format!("{u:012}"))
                .unwrap_or_default()
                .into()
        }),
        Column::new("address", Text, move |h: &H| address(h, 0).into()),
        Column::new("postcode", Text, move |h: &H| address(h, 1).into()),
        Column::new("members", Text, move |h: &H| {
            members(h, |m, r| {
                m.records.get(r).map(|r| r.person_id.as_str()).unwrap_or("")
            })
            .into()
        }),
        Column::new("member_names", Text, move |h: &H| {
            members(h, |m, r| {
                m.sources
                    .get(r)
                    .map(|s| s.display_name.as_str())
                    .unwrap_or("")
            })
            .into()
        }),
        Column::new("accounts", Count, |h: &H| Cell::Count(h.totals.accounts)),
    ];
    for service in SERVICES {
        columns.push(Column::new(
            format!("accounts_{service}"),
            Count,
            move |h: &H| {
                Cell::Count(
                    h.totals
                        .accounts_by_service
                        .get(service)
                        .copied()
                        .unwrap_or(0),
                )
            },
        ));
    }
    columns.push(Column::new("accounts_other", Count, |h: &H| {
        Cell::Count(
            h.totals
                .accounts_by_service
                .iter()
                .filter(|(s, _)| !SERVICES.contains(&s.as_str()))
                .map(|(_, n)| *n)
                .sum(),
        )
    }));
    columns.extend([
        Column::new("total_balance", Money, |h: &H| {
            Cell::Money(h.totals.balance)
        }),
        Column::new("total_arrears", Money, |h: &H| {
            Cell::Money(h.totals.arrears)
        }),
        Column::new("priority_arrears", Money, |h: &H| {
            Cell::Money(h.totals.priority_arrears)
        }),
        Column::new("non_priority_balance", Money, |h: &H| {
            Cell::Money(h.totals.non_priority_balance)
        }),
        Column::new("credits", Money, |h: &H| Cell::Money(h.totals.credits)),
        Column::new("oldest_arrears_date", Date, |h: &H| {
            Cell::Date(h.totals.oldest_arrears_date)
        }),
        Column::new("highest_stage", Text, |h: &H| {
            h.totals
                .highest_stage
                .as_ref()
                .map(|(s, _)| s.code())
                .unwrap_or("")
                .into()
        }),
        Column::new("highest_stage_service", Text, |h: &H| {
            h.totals
                .highest_stage
                .as_ref()
                .map(|(_, s)| s.code().to_string())
                .unwrap_or_default()
                .into()
        }),
        Column::new("breathing_space_active", Flag, |h: &H| {
            Cell::Flag(h.flags.breathing_space_active)
        }),
        Column::new("vulnerable", Flag, |h: &H| Cell::Flag(h.flags.vulnerable)),
        Column::new("enforcement_in_progress", Flag, |h: &H| {
            Cell::Flag(h.flags.enforcement_in_progress)
        }),
        Column::new("suspense_items", Count, |h: &H| {
            Cell::Count(u64::from(h.flags.suspense_items))
        }),
        Column::new("exceptions", Count, move |h: &H| {
            Cell::Count(exceptions.get(&h.id.to_string()).copied().unwrap_or(0))
        }),
    ]);
    columns
}

/// What account rows read their text through: the run's persons (whose
/// records placements name) and input files (for source rows).
pub struct RowContext<'a> {
    /// The matching stage's records and sources.
    pub matching: &'a Matching,
    /// Every input file, by index.
    pub files: &'a [InputFile],
}

/// One row of `household_accounts.csv`: an account in its household, or an
/// account in none.
pub struct AccountRow<'a> {
    household: Option<&'a HouseholdId>,
    account: &'a AccountResult,
    placement: &'a Placement,
    context: &'a RowContext<'a>,
}

/// Every row of `household_accounts.csv`: each household's accounts in
/// household order, then the unassigned accounts in source order.
pub(crate) fn account_rows<'a>(
    views: &'a Views,
    accounts: &'a [AccountResult],
    context: &'a RowContext<'a>,
) -> Vec<AccountRow<'a>> {
    let mut rows = Vec::with_capacity(accounts.len());
    for h in &views.households {
        for &i in &h.accounts {
            rows.push(AccountRow {
                household: Some(&h.id),
                account: &accounts[i as usize],
                placement: &views.placements[i as usize],
                context,
            });
        }
    }
    for (p, a) in views.placements.iter().zip(accounts) {
        if matches!(p, Placement::Unassigned { .. }) {
            rows.push(AccountRow {
                household: None,
                account: a,
                placement: p,
                context,
            });
        }
    }
    rows
}

/// The household placement of a row: person, role, other persons' records,
/// the residence record, its evidence, the link's probability.
type Placed<'r> = (
    &'r str,
    &'r str,
    &'r [u32],
    &'r str,
    debt_core::household::Residence,
    Option<f64>,
);

impl AccountRow<'_> {
    fn placed(&self) -> Option<Placed<'_>> {
        let records = &self.context.matching.records;
        let key = |r: u32| records.get(r as usize);
        match self.placement {
            Placement::Household {
                record,
                role,
                others,
                residence_record,
                residence,
                link_probability,
            } => Some((
                key(*record).map(|r| r.person_id.as_str()).unwrap_or(""),
                role,
                others,
                residence_record
                    .and_then(key)
                    .map(|r| r.key.as_str())
                    .unwrap_or(""),
                *residence,
                *link_probability,
            )),
            Placement::Unassigned { .. } => None,
        }
    }

    fn service(&self) -> &debt_core::Service {
        &self.account.record.account.service
    }
    fn stage(&self) -> Option<debt_core::Stage> {
        self.account.record.account.stage
    }
    fn position(&self) -> &debt_core::Position {
        &self.account.position
    }
    fn source_row(&self) -> String {
        let row = &self.account.record.row;
        format!(
            "{}:{}",
            self.context
                .files
                .get(row.file as usize)
                .map(|f| f.display.as_str())
                .unwrap_or(""),
            row.line
        )
    }
    fn other_persons(&self, others: &[u32]) -> String {
        let records = &self.context.matching.records;
        others
            .iter()
            .map(|&j| {
                records
                    .get(j as usize)
                    .map(|r| r.person_id.as_str())
                    .unwrap_or("")
            })
            .collect::<Vec<_>>()
            .join(";")
    }
}

/// The columns of `household_accounts.csv` / `.parquet`.
pub fn account_columns<'a>() -> Vec<Column<'a, AccountRow<'a>>> {
    use Kind::*;
    type R<'x> = AccountRow<'x>;
    let bucket = |name: &'static str, b: AgeBucket| {
        Column::new(name, Money, move |r: &R| {
            Cell::Money(r.position().ageing.get(b))
        })
    };
    let placed = AccountRow::placed;
    vec![
        Column::new("household_id", Text, |r: &R| {
            r.household
                .map(|h| h.to_string())
                .unwrap_or_default()
                .into()
        }),
        Column::new("person_id", Text, move |r: &R| match r.placement {
            Placement::Unassigned {
                person_id: Some(p), ..
            } => p.as_str().into(),
            _ => placed(r).map(|p| p.0).unwrap_or("").into(),
        }),
        Column::new("role", Text, move |r: &R| {
            placed(r).map(|p| p.1).unwrap_or("").into()
        }),
        Column::new("other_persons", Text, move |r: &R| {
            placed(r)
                .map(|p| r.other_persons(p.2))
                .unwrap_or_default()
                .into()
        }),
        Column::new("source", Text, |r: &R| {
            r.account.record.source.as_str().into()
        }),
        Column::new("account_ref", Text, |r: &R| {
            r.account.record.account.reference.as_str().into()
        }),
        Column::new("service", Text, |r: &R| {
            r.service().code().to_string().into()
        }),
        Column::new("stage", Text, |r: &R| {
            r.stage().map(|s| s.code()).unwrap_or("").into()
        }),
        Column::new("recovery_step", Text, |r: &R| {
            r.stage().map(|s| s.step().code()).unwrap_or("").into()
        }),
        Column::new("priority", Text, |r: &R| {
            r.service().priority(r.stage()).code().into()
        }),
        Column::new("enforcement", Flag, |r: &R| {
            Cell::Flag(r.stage().is_some_and(|s| r.service().is_enforcement(s)))
        }),
        Column::new("balance", Money, |r: &R| Cell::Money(r.position().balance)),
        Column::new("arrears", Money, |r: &R| Cell::Money(r.position().arrears)),
        Column::new("not_yet_due", Money, |r: &R| {
            Cell::Money(r.position().not_yet_due)
        }),
        Column::new("credit", Money, |r: &R| Cell::Money(r.position().credit())),
        Column::new("ongoing_monthly", Money, |r: &R| {
            r.account.ongoing.map(Cell::Money).unwrap_or(Cell::Null)
        }),
        bucket("age_0_30", AgeBucket::Days0To30),
        bucket("age_31_90", AgeBucket::Days31To90),
        bucket("age_91_365", AgeBucket::Days91To365),
        bucket("age_1_2y", AgeBucket::Years1To2),
        bucket("age_2_6y", AgeBucket::Years2To6),
        bucket("age_over_6y", AgeBucket::Over6Years),
        Column::new("oldest_arrears_date", Date, |r: &R| {
            Cell::Date(r.position().oldest_arrears_date)
        }),
        Column::new("source_row", Text, |r: &R| r.source_row().into()),
        Column::new("residence_record", Text, move |r: &R| {
            placed(r).map(|p| p.3).unwrap_or("").into()
        }),
        Column::new("residence_evidence", Text, move |r: &R| {
            placed(r).map(|p| p.4.code()).unwrap_or("").into()
        }),
        Column::new("link_probability", Number, move |r: &R| {
            match placed(r).and_then(|p| p.5) {
                Some(p) => Cell::Number(format!("{p:.6}")),
                None => Cell::Null,
            }
        }),
        Column::new("why", Text, move |r: &R| match (r.placement, placed(r)) {
            (Placement::Unassigned { reason, .. }, _) => reason.as_str().into(),
            (_, Some(p)) => crate::view::why(p.3, p.4, p.5).into(),
            _ => "".into(),
        }),
        Column::new("unassigned_reason", Text, |r: &R| match r.placement {
            Placement::Unassigned { reason, .. } => reason.as_str().into(),
            _ => "".into(),
        }),
    ]
}

/// One financial year of a council tax or business rates account.
pub struct YearRow<'a> {
    household: Option<&'a HouseholdId>,
    account: &'a AccountResult,
    year: &'a YearPosition,
}

/// Every year row: by household, account and year, then those of accounts
/// in no household.
pub(crate) fn year_rows<'a>(views: &'a Views, accounts: &'a [AccountResult]) -> Vec<YearRow<'a>> {
    let mut rows = Vec::new();
    for h in &views.households {
        for &i in &h.accounts {
            let account = &accounts[i as usize];
            for year in &account.years {
                rows.push(YearRow {
                    household: Some(&h.id),
                    account,
                    year,
                });
            }
        }
    }
    for (p, account) in views.placements.iter().zip(accounts) {
        if let Placement::Unassigned { .. } = p {
            for year in &account.years {
                rows.push(YearRow {
                    household: None,
                    account,
                    year,
                });
            }
        }
    }
    rows
}

/// The columns of `household_account_years.csv` / `.parquet`.
/// `limitation_years` is the config's limitation period.
pub fn year_columns<'a>(limitation_years: u32) -> Vec<Column<'a, YearRow<'a>>> {
    use Kind::*;
    type Y<'x> = YearRow<'x>;
    vec![
        Column::new("household_id", Text, |y: &Y| {
            y.household
                .map(|h| h.to_string())
                .unwrap_or_default()
                .into()
        }),
        Column::new("person_id", Text, |y: &Y| {
            y.account.person_id.as_str().into()
        }),
        Column::new("source", Text, |y: &Y| {
            y.account.record.source.as_str().into()
        }),
        Column::new("account_ref", Text, |y: &Y| {
            y.account.record.account.reference.as_str().into()
        }),
        Column::new("service", Text, |y: &Y| {
            y.account.record.account.service.code().to_string().into()
        }),
        Column::new("financial_year", Text, |y: &Y| {
            y.year.year.to_string().into()
        }),
        Column::new("arrears", Money, |y: &Y| Cell::Money(y.year.arrears)),
        Column::new("not_yet_due", Money, |y: &Y| {
            Cell::Money(y.year.not_yet_due)
        }),
        Column::new("costs", Money, |y: &Y| Cell::Money(y.year.costs)),
        Column::new("oldest_due_date", Date, |y: &Y| {
            Cell::Date(y.year.oldest_due)
        }),
        Column::new("stage", Text, |y: &Y| {
            // The export holds one stage per account; a year that court costs
            // were charged to is the year that stage was reached for.
            match (y.account.record.account.stage, y.year.costs.is_positive()) {
                (Some(s), true) => s.code().into(),
                _ => "".into(),
            }
        }),
        Column::new("limitation_date", Date, move |y: &Y| {
            let ordered = y
                .account
                .record
                .account
                .stage
                .is_some_and(|s| s.step() >= RecoveryStep::Order);
            Cell::Date(
                y.year
                    .oldest_due
                    .filter(|_| !ordered && y.year.arrears.is_positive())
                    .and_then(|d| d.checked_add_months(Months::new(12 * limitation_years))),
            )
        }),
    ]
}

/// The columns of `exceptions.csv`.
pub fn exception_columns() -> Vec<Column<'static, Exception>> {
    use Kind::*;
    vec![
        Column::new("kind", Text, |e: &Exception| e.kind.code().into()),
        Column::new("household_id", Text, |e: &Exception| {
            e.household_id.as_str().into()
        }),
        Column::new("person_id", Text, |e: &Exception| {
            e.person_ids.join(";").into()
        }),
        Column::new("accounts", Text, |e: &Exception| {
            e.accounts.join(";").into()
        }),
        Column::new("amount", Money, |e: &Exception| Cell::Money(e.amount)),
        Column::new("detail", Text, |e: &Exception| e.detail.as_str().into()),
        Column::new("source_rows", Text, |e: &Exception| e.rows.join(";").into()),
    ]
}

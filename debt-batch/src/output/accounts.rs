//! `accounts.csv` and `accounts.parquet`: one row per accepted account, from
//! one column list.

use debt_core::AgeBucket;

use super::schema::{Cell, Column, Kind};
use crate::ingest::InputFile;
use crate::positions::AccountResult;
use crate::records::Attribute;

/// The columns of `accounts.csv` / `accounts.parquet`, in order
/// (docs/outputs.md documents each). `files` names each row's master file.
pub fn columns(files: &[InputFile]) -> Vec<Column<'_, AccountResult>> {
    use Kind::*;
    let bucket = |name, b: AgeBucket| {
        Column::new(name, Money, move |a: &AccountResult| {
            Cell::Money(a.position.ageing.get(b))
        })
    };
    let attribute = |a: Attribute| {
        Column::new(a.code(), Text, move |r: &AccountResult| {
            r.record.attribute(a).into()
        })
    };
    let mut columns = vec![
        Column::new("source", Text, |a: &AccountResult| {
            a.record.source.as_str().into()
        }),
        Column::new("service", Text, |a: &AccountResult| {
            a.record.account.service.code().into()
        }),
        Column::new("sundry_kind", Text, |a: &AccountResult| {
            a.record
                .account
                .service
                .sundry_kind()
                .map(|k| k.code().to_string())
                .unwrap_or_default()
                .into()
        }),
        Column::new("account_ref", Text, |a: &AccountResult| {
            a.record.account.reference.as_str().into()
        }),
        Column::new("person_id", Text, |a: &AccountResult| {
            a.person_id.as_str().into()
        }),
        Column::new("household_id", Text, |a: &AccountResult| {
            a.household_id.as_str().into()
        }),
        Column::new("status", Text, |a: &AccountResult| {
            a.record.account.status.code().into()
        }),
        Column::new("stage", Text, |a: &AccountResult| {
            a.record
                .account
                .stage
                .map(|s| s.code())
                .unwrap_or("")
                .into()
        }),
        Column::new("stage_code", Text, |a: &AccountResult| {
            a.record.stage_code.as_str().into()
        }),
        Column::new("enforcement", Flag, |a: &AccountResult| {
            let account = &a.record.account;
            Cell::Flag(
                account
                    .stage
                    .is_some_and(|s| account.service.is_enforcement(s)),
            )
        }),
        Column::new("priority", Text, |a: &AccountResult| {
            a.record.account.priority().code().into()
        }),
        Column::new("uprn", Text, |a: &AccountResult| {
            a.record.uprn.as_deref().unwrap_or("").into()
        }),
        Column::new("property_ref", Text, |a: &AccountResult| {
            a.record.property_ref.as_deref().unwrap_or("").into()
        }),
        Column::new("postcode", Text, |a: &AccountResult| {
            a.record.address.postcode.as_str().into()
        }),
    ];
    columns.extend(Attribute::ALL.map(attribute));
    columns.extend([
        Column::new("balance", Money, |a: &AccountResult| {
            Cell::Money(a.position.balance)
        }),
        Column::new("arrears", Money, |a: &AccountResult| {
            Cell::Money(a.position.arrears)
        }),
        Column::new("not_yet_due", Money, |a: &AccountResult| {
            Cell::Money(a.position.not_yet_due)
        }),
        Column::new("credit", Money, |a: &AccountResult| {
            Cell::Money(a.position.credit())
        }),
        Column::new("written_off", Money, |a: &AccountResult| {
            Cell::Money(a.position.written_off)
        }),
        bucket("age_0_30", AgeBucket::Days0To30),
        bucket("age_31_90", AgeBucket::Days31To90),
        bucket("age_91_365", AgeBucket::Days91To365),
        bucket("age_1_2y", AgeBucket::Years1To2),
        bucket("age_2_6y", AgeBucket::Years2To6),
        bucket("age_over_6y", AgeBucket::Over6Years),
        Column::new("last_payment_date", Date, |a: &AccountResult| {
            Cell::Date(a.position.last_payment_date)
        }),
        Column::new("oldest_arrears_date", Date, |a: &AccountResult| {
            Cell::Date(a.position.oldest_arrears_date)
        }),
        Column::new("transactions", Count, |a: &AccountResult| {
            Cell::Count(a.position.transactions_counted as u64)
        }),
        Column::new("source_file", Text, move |a: &AccountResult| {
            files
                .get(a.record.row.file as usize)
                .map(|f| f.display.clone())
                .unwrap_or_default()
                .into()
        }),
        Column::new("source_line", Count, |a: &AccountResult| {
            Cell::Count(a.record.row.line)
        }),
    ]);
    columns
}

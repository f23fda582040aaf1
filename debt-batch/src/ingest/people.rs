//! Person-bearing files with no ledger: breathing space notices,
//! vulnerability flags, income and expenditure statement lines.

use super::bind::{binder, names, party_columns};
use super::dedupe::{read_rows, KeyRule};
use super::fields::{address_of, money_field, parties_of};
use super::{open_table, Ingested, Keep, PeopleDetail, PeopleRecord};
use crate::config::plan::PeoplePlan;
use crate::config::PeopleKind;
use crate::error::BatchError;
use crate::read::Row;
use crate::records::RejectReason;

/// Reads one people file.
pub(crate) fn read(
    out: &mut Ingested,
    cfg: &PeoplePlan,
    on_block: &dyn Fn(u64),
) -> Result<(), BatchError> {
    let key = format!("people[{}]", cfg.id);
    let (table, ctx) = open_table(out, &cfg.file, &cfg.id, cfg.kind.code())?;
    let c = &cfg.columns;
    let k = |f: &str| format!("{key}.columns.{f}");
    let mut b = binder(&cfg.file.path, table.header());
    let record_ref = b.opt(&c.record_ref, &k("record_ref"));
    let kind = b.opt(&c.kind, &k("type"));
    let start = b.opt(&c.start, &k("start"));
    let end = b.opt(&c.end, &k("end"));
    let flag = b.opt(&c.flag, &k("flag"));
    let recorded = b.opt(&c.recorded_on, &k("recorded_on"));
    let category = b.opt(&c.category, &k("category"));
    let amount = b.opt(&c.amount, &k("amount"));
    let frequency = b.opt(&c.frequency, &k("frequency"));
    let item = b.opt(&c.item, &k("item"));
    let taken_on = b.opt(&c.taken_on, &k("taken_on"));
    let address_cols = b.many(&names(&c.address), &k("address"));
    let postcode_col = b.opt(&c.postcode, &k("postcode"));
    let party_cols = party_columns(&mut b, &cfg.parties, &key);
    b.finish()?;
    // Without a reference column, a row's key is derived from what
    // identifies it: the person, their address, and what the row records
    // (a notice's type and start, a flag and its date). Not the line, which
    // moves when a row is added above it.
    let mut identity: Vec<usize> = Vec::new();
    for p in &party_cols {
        identity.extend(
            [p.name, p.title, p.forename, p.surname, p.dob, p.nino]
                .into_iter()
                .flatten(),
        );
    }
    identity.extend(address_cols.iter().copied());
    identity.extend(
        [postcode_col, kind, start, flag, recorded]
            .into_iter()
            .flatten(),
    );
    let date = |column: &Option<String>, field: &'static str, text: &str| {
        ctx.dates
            .parse(column.as_deref().unwrap_or(""), field, text)
    };
    let detail_of = |row: &Row<'_>| -> Result<PeopleDetail, RejectReason> {
        Ok(match cfg.kind {
            PeopleKind::BreathingSpace => {
                let code = row
                    .opt(kind)
                    .ok_or(RejectReason::Missing("breathing space type"))?;
                let bs_kind = cfg.breathing_space_kinds.get(code)?;
                let s = date(
                    &c.start,
                    "start date",
                    row.opt(start).ok_or(RejectReason::Missing("start date"))?,
                )?;
                let end_date = match row.opt(end) {
                    Some(e) => {
                        let e = date(&c.end, "end date", e)?;
                        if e < s {
                            return Err(RejectReason::Invalid {
                                field: "end date",
                                message: format!("{e} is before the start {s}"),
                            });
                        }
                        Some(e)
                    }
                    None => None,
                };
                // For a mental health crisis the end column is the end of
                // the crisis treatment; for a standard one, an early end.
                let (crisis_treatment_end, ended_on) = match bs_kind {
                    debt_core::BreathingSpaceKind::MentalHealthCrisis => (end_date, None),
                    debt_core::BreathingSpaceKind::Standard => (None, end_date),
                };
                PeopleDetail::BreathingSpace(debt_core::BreathingSpace {
                    kind: bs_kind,
                    start: s,
                    crisis_treatment_end,
                    ended_on,
                })
            }
            PeopleKind::Vulnerability => PeopleDetail::Vulnerability {
                flag: row
                    .opt(flag)
                    .ok_or(RejectReason::Missing("vulnerability flag"))?
                    .to_string(),
                recorded_on: row
                    .opt(recorded)
                    .map(|r| date(&c.recorded_on, "recorded on", r))
                    .transpose()?,
            },
            PeopleKind::IncomeExpenditure => {
                let given = row.opt(category).ok_or(RejectReason::Missing("category"))?;
                let category = given
                    .trim()
                    .to_ascii_lowercase()
                    .parse::<debt_core::affordability::SfsCategory>()
                    .map_err(|_| RejectReason::UnknownCode {
                        field: "category",
                        code: given.to_string(),
                    })?;
                let line_amount = match amount {
                    Some(a) => money_field(row, a, "amount")?,
                    None => return Err(RejectReason::Missing("amount")),
                };
                if line_amount.is_negative() {
                    return Err(RejectReason::Invalid {
                        field: "amount",
                        message: format!("{line_amount} is negative: a statement line is an amount received or spent"),
                    });
                }
                let given = row.opt(frequency).unwrap_or("monthly");
                let frequency = given
                    .trim()
                    .to_ascii_lowercase()
                    .parse::<debt_core::affordability::Frequency>()
                    .map_err(|_| RejectReason::UnknownCode {
                        field: "frequency",
                        code: given.to_string(),
                    })?;
                PeopleDetail::IncomeExpenditure {
                    line: debt_core::affordability::StatementLine {
                        category,
                        item: row.opt(item).unwrap_or(category.code()).to_string(),
                        amount: line_amount,
                        frequency,
                    },
                    taken_on: row
                        .opt(taken_on)
                        .map(|t| date(&c.taken_on, "taken on", t))
                        .transpose()?,
                }
            }
        })
    };
    let parse = |row: &Row<'_>| -> Result<PeopleRecord, RejectReason> {
        let reference = match record_ref {
            Some(col) if row.get(col).is_empty() => {
                return Err(RejectReason::Missing("record ref"))
            }
            Some(col) => row.get(col).to_string(),
            None => derived_key(row, &identity),
        };
        let parties = parties_of(row, &party_cols, ctx.dates);
        let Some(party) = parties.into_iter().next() else {
            return Err(RejectReason::Missing("name"));
        };
        let detail = detail_of(row)?;
        Ok(PeopleRecord {
            source: cfg.id.clone(),
            kind: cfg.kind,
            record_ref: reference,
            row: debt_core::SourceRow {
                file: ctx.file_index,
                line: row.line,
            },
            party,
            address: address_of(row, &address_cols, postcode_col),
            detail,
        })
    };
    let mut people = std::mem::take(&mut out.people);
    let first = people.len();
    read_rows(
        out,
        &table,
        &ctx,
        on_block,
        Keep::All,
        &mut people,
        KeyRule::None,
        &|_| String::new(),
        &parse,
    )?;
    out.people_rows
        .insert(cfg.id.clone(), (people.len() - first) as u64);
    out.people = people;
    Ok(())
}

/// The key of a row with no reference: `derived-` and the first 12 hex
/// digits of the SHA-256 of the identifying fields (trimmed, upper case,
/// separated), so it is the same every night while the row is, and two rows
/// that differ in any of them (two notices sharing a date of birth) are two
/// records.
fn derived_key(row: &Row<'_>, identity: &[usize]) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for col in identity {
        hash.update(row.get(*col).to_uppercase().as_bytes());
        hash.update([0x1f]);
    }
    let digest = hash.finalize();
    let mut key = String::from("derived-");
    for byte in &digest[..6] {
        key.push_str(&format!("{byte:02x}"));
    }
    key
}

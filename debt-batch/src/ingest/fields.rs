//! Reading the values of one row: dates in the file's formats, money, the
//! people a row names, addresses, and the account-level fields shared by
//! account masters and invoice files. Every function here is pure: a row in,
//! a value or a [`RejectReason`] out.

use debt_core::identity::Nino;
use debt_core::{Account, Money, Service, SourceRow, SundryKind, Transaction, TxnKind};

use super::bind::{AccountCols, PartyCols};
use super::FileCtx;
use crate::config::plan::{AccountCodes, DateFormats, SourcePlan};
use crate::read::Row;
use crate::records::{AccountRecord, Address, Attributes, Party, RejectReason};

/// A required amount.
pub(crate) fn money_field(
    row: &Row<'_>,
    index: usize,
    field: &'static str,
) -> Result<Money, RejectReason> {
    let text = row.get(index);
    if text.is_empty() {
        return Err(RejectReason::Missing(field));
    }
    Money::parse(text).map_err(|e| RejectReason::BadAmount {
        field,
        message: e.to_string(),
    })
}

/// An optional amount: zero when the column is not mapped or empty.
pub(crate) fn optional_money(
    row: &Row<'_>,
    index: Option<usize>,
    field: &'static str,
) -> Result<Money, RejectReason> {
    match row.opt(index) {
        None => Ok(Money::ZERO),
        Some(text) => Money::parse(text).map_err(|e| RejectReason::BadAmount {
            field,
            message: e.to_string(),
        }),
    }
}

/// The people a row names; empty name columns mean no such person. An
/// unreadable date of birth or NINO is left out (the matching stage treats it
/// as missing) rather than losing the row's money.
pub(crate) fn parties_of(row: &Row<'_>, cols: &[PartyCols], dates: &DateFormats) -> Vec<Party> {
    let mut parties = Vec::new();
    for c in cols {
        let forename = row.opt(c.forename).map(str::to_string);
        let surname = row.opt(c.surname).map(str::to_string);
        let name = match row.opt(c.name) {
            Some(n) => n.to_string(),
            None => [row.opt(c.title), forename.as_deref(), surname.as_deref()]
                .iter()
                .flatten()
                .copied()
                .collect::<Vec<_>>()
                .join(" "),
        };
        if name.trim().is_empty() {
            continue;
        }
        let dob = row
            .opt(c.dob)
            .and_then(|d| dates.parse(&c.dob_key, "date of birth", d).ok());
        let nino = row.opt(c.nino).and_then(|n| Nino::parse(n).ok());
        let date = |(col, key): &(Option<usize>, String)| {
            row.opt(*col)
                .and_then(|d| dates.parse(key, "occupied", d).ok())
        };
        // Like a date of birth, an unreadable or back-to-front period is
        // left out rather than losing the row's money.
        let occupied = date(&c.occupied[0])
            .map(|from| (from, date(&c.occupied[1])))
            .filter(|(from, to)| to.is_none_or(|to| to >= *from));
        parties.push(Party {
            role: Some(c.role),
            name,
            forename,
            surname,
            dob,
            nino,
            occupied,
        });
    }
    parties
}

/// Address lines joined with ", ", and the postcode.
pub(crate) fn address_of(row: &Row<'_>, lines: &[usize], postcode: Option<usize>) -> Address {
    Address {
        text: lines
            .iter()
            .map(|i| row.get(*i))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        postcode: row.opt(postcode).unwrap_or("").to_string(),
    }
}

/// Validates the account-level fields shared by account masters and
/// invoice rows; returns the account and the system's own stage code.
pub(crate) fn account_of(
    row: &Row<'_>,
    cols: &AccountCols,
    codes: &AccountCodes,
    source: &SourcePlan,
    dates: &DateFormats,
) -> Result<(Account, String), RejectReason> {
    let reference = row.get(cols.account_ref);
    if reference.is_empty() {
        return Err(RejectReason::Missing("account ref"));
    }
    let mut service = source.service.clone();
    if let Service::Sundry(_) = service {
        match row.opt(cols.sundry_kind) {
            Some(code) => service = Service::Sundry(codes.sundry_kind.get(code)?),
            None if !source.has_default_sundry_kind => {
                service = Service::Sundry(SundryKind::Other("unspecified".into()))
            }
            None => {}
        }
    }
    let mut account = Account::new(service, reference);
    if let Some(code) = row.opt(cols.status) {
        account.status = codes.status.get(code)?;
    }
    let stage_code = row.opt(cols.stage).unwrap_or("").to_string();
    if !stage_code.is_empty() {
        account.stage = codes.stage.get(&stage_code)?;
    }
    if let Some(text) = row.opt(cols.lost_on) {
        account.terms.instalments_lost_on =
            Some(dates.parse(&cols.lost_on_key, "instalments lost on", text)?);
    }
    Ok((account, stage_code))
}

/// An account record from a master or invoice row: the account, its
/// property, address, parties and period, pointing at its source row.
pub(crate) fn record_of(
    row: &Row<'_>,
    cols: &AccountCols,
    party_cols: &[PartyCols],
    codes: &AccountCodes,
    source: &SourcePlan,
    ctx: &FileCtx<'_>,
) -> Result<AccountRecord, RejectReason> {
    let (mut account, stage_code) = account_of(row, cols, codes, source, ctx.dates)?;
    let forwarding = address_of(row, &cols.forwarding, cols.forwarding_postcode);
    let correspondence = address_of(row, &cols.correspondence, cols.correspondence_postcode);
    let date = |(col, key): &(Option<usize>, String), field| {
        row.opt(*col)
            .map(|text| ctx.dates.parse(key, field, text))
            .transpose()
    };
    let from = date(&cols.occupied[0], "occupied from")?;
    let to = date(&cols.occupied[1], "occupied to")?;
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            return Err(RejectReason::Invalid {
                field: "occupied to",
                message: format!("{to} is before occupied from {from}"),
            });
        }
    }
    if let Some(charge) = &cols.charge {
        // An empty amount: the row carries no charge (yet).
        if row.opt(Some(charge.amount)).is_some() {
            let amount = money_field(row, charge.amount, "charge")?;
            let text = row.get(charge.date.0);
            if text.is_empty() {
                return Err(RejectReason::Missing("charge date"));
            }
            let mut t = Transaction::new(
                ctx.dates.parse(&charge.date.1, "charge date", text)?,
                TxnKind::Charge,
                amount,
            );
            if let Some((col, key)) = &charge.due {
                if let Some(due) = row.opt(Some(*col)) {
                    t = t.due(ctx.dates.parse(key, "due date", due)?);
                }
            }
            account
                .ledger
                .push(t.from_row(SourceRow {
                    file: ctx.file_index,
                    line: row.line,
                }))
                .map_err(RejectReason::unholdable)?;
        }
    }
    let mut attributes = Attributes::default();
    for (attribute, col) in &cols.attributes {
        if let Some(value) = row.opt(Some(*col)) {
            attributes.set(*attribute, value);
        }
    }
    Ok(AccountRecord {
        source: ctx.source.to_string(),
        account,
        stage_code,
        uprn: row.opt(cols.uprn).map(str::to_string),
        property_ref: row.opt(cols.property_ref).map(str::to_string),
        address: address_of(row, &cols.address, cols.postcode),
        forwarding: (!forwarding.text.is_empty() || !forwarding.postcode.is_empty())
            .then_some(forwarding),
        correspondence: (!correspondence.text.is_empty() || !correspondence.postcode.is_empty())
            .then(|| Box::new(correspondence)),
        occupied: from.map(|from| (from, to)),
        parties: parties_of(row, party_cols, ctx.dates),
        row: SourceRow {
            file: ctx.file_index,
            line: row.line,
        },
        attributes: (!attributes.is_empty()).then(|| Box::new(attributes)),
    })
}

//! Binding each file's configured column names to positions in its header,
//! once per file, with every missing column named in one error.

use std::path::Path;

use crate::config::{AccountColumns, OneOrMany, PartyConfig};
use crate::read::{Binder, Header};
use crate::records::{Attribute, Role};

/// A party's columns.
pub(crate) struct PartyCols {
    pub role: Role,
    pub name: Option<usize>,
    pub title: Option<usize>,
    pub forename: Option<usize>,
    pub surname: Option<usize>,
    pub dob: Option<usize>,
    pub dob_key: String,
    pub nino: Option<usize>,
    /// This party's own period columns, with their config names.
    pub occupied: [(Option<usize>, String); 2],
}

/// The account-level columns of an account master or invoice file.
pub(crate) struct AccountCols {
    pub account_ref: usize,
    pub status: Option<usize>,
    pub stage: Option<usize>,
    pub uprn: Option<usize>,
    pub property_ref: Option<usize>,
    pub address: Vec<usize>,
    pub postcode: Option<usize>,
    pub forwarding: Vec<usize>,
    pub forwarding_postcode: Option<usize>,
    pub correspondence: Vec<usize>,
    pub correspondence_postcode: Option<usize>,
    pub lost_on: Option<usize>,
    pub lost_on_key: String,
    pub sundry_kind: Option<usize>,
    /// Liability or tenancy period columns, with their config names (for
    /// per-column date formats).
    pub occupied: [(Option<usize>, String); 2],
    /// A charge the row carries: amount, date and due date columns, with
    /// the date columns' config names.
    pub charge: Option<ChargeCols>,
    /// Named attribute columns.
    pub attributes: Vec<(Attribute, usize)>,
}

/// The columns of a charge on a master row.
pub(crate) struct ChargeCols {
    pub amount: usize,
    pub date: (usize, String),
    pub due: Option<(usize, String)>,
}

/// Binds the attribute columns of a master or invoice file.
pub(crate) fn attribute_columns(
    b: &mut Binder<'_>,
    attributes: &[(Attribute, String)],
    key: &str,
) -> Vec<(Attribute, usize)> {
    attributes
        .iter()
        .map(|(a, column)| (*a, b.col(column, &format!("{key}.attributes.{}", a.code()))))
        .collect()
}

/// The names in an optional one-or-many column setting.
pub(crate) fn names(cols: &Option<OneOrMany>) -> Vec<String> {
    cols.as_ref()
        .map(|c| c.names().iter().map(|s| s.to_string()).collect())
        .unwrap_or_default()
}

/// Binds the parties' columns; `key` is the config key of the file table.
pub(crate) fn party_columns(
    b: &mut Binder<'_>,
    parties: &[(Role, PartyConfig)],
    key: &str,
) -> Vec<PartyCols> {
    parties
        .iter()
        .enumerate()
        .map(|(i, (role, p))| {
            let k = |f: &str| format!("{key}.parties[{i}].{f}");
            PartyCols {
                role: *role,
                name: b.opt(&p.name, &k("name")),
                title: b.opt(&p.title, &k("title")),
                forename: b.opt(&p.forename, &k("forename")),
                surname: b.opt(&p.surname, &k("surname")),
                dob: b.opt(&p.dob, &k("dob")),
                dob_key: p.dob.clone().unwrap_or_default(),
                nino: b.opt(&p.nino, &k("nino")),
                occupied: [
                    (
                        b.opt(&p.occupied_from, &k("occupied_from")),
                        p.occupied_from.clone().unwrap_or_default(),
                    ),
                    (
                        b.opt(&p.occupied_to, &k("occupied_to")),
                        p.occupied_to.clone().unwrap_or_default(),
                    ),
                ],
            }
        })
        .collect()
}

/// Binds an account master's columns; `key` is e.g. `sources[ctax].accounts`.
pub(crate) fn account_columns(
    b: &mut Binder<'_>,
    c: &AccountColumns,
    attributes: &[(Attribute, String)],
    key: &str,
) -> AccountCols {
    let k = |f: &str| format!("{key}.columns.{f}");
    let charge = match (&c.charge, &c.charge_date) {
        (Some(amount), Some(date)) => Some(ChargeCols {
            amount: b.col(amount, &k("charge")),
            date: (b.col(date, &k("charge_date")), date.clone()),
            due: c
                .due_date
                .as_ref()
                .map(|due| (b.col(due, &k("due_date")), due.clone())),
        }),
        // The plan refuses a date without an amount and the reverse.
        _ => None,
    };
    AccountCols {
        charge,
        attributes: attribute_columns(b, attributes, key),
        account_ref: b.col(&c.account_ref, &k("account_ref")),
        status: b.opt(&c.status, &k("status")),
        stage: b.opt(&c.stage, &k("stage")),
        uprn: b.opt(&c.uprn, &k("uprn")),
        property_ref: b.opt(&c.property_ref, &k("property_ref")),
        address: b.many(&names(&c.address), &k("address")),
        postcode: b.opt(&c.postcode, &k("postcode")),
        forwarding: b.many(&names(&c.forwarding_address), &k("forwarding_address")),
        forwarding_postcode: b.opt(&c.forwarding_postcode, &k("forwarding_postcode")),
        correspondence: b.many(
            &names(&c.correspondence_address),
            &k("correspondence_address"),
        ),
        correspondence_postcode: b.opt(&c.correspondence_postcode, &k("correspondence_postcode")),
        lost_on: b.opt(&c.instalments_lost_on, &k("instalments_lost_on")),
        lost_on_key: c.instalments_lost_on.clone().unwrap_or_default(),
        sundry_kind: b.opt(&c.sundry_kind, &k("sundry_kind")),
        occupied: [
            (
                b.opt(&c.occupied_from, &k("occupied_from")),
                c.occupied_from.clone().unwrap_or_default(),
            ),
            (
                b.opt(&c.occupied_to, &k("occupied_to")),
                c.occupied_to.clone().unwrap_or_default(),
            ),
        ],
    }
}

/// A binder over a table's header.
pub(crate) fn binder<'a>(file: &'a Path, header: &'a Header) -> Binder<'a> {
    Binder::new(file, header)
}

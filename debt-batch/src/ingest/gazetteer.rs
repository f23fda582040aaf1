//! The Local Land and Property Gazetteer: every addressable place with its
//! UPRN.

use debt_core::identity::{GazetteerEntry, Postcode};

use super::bind::binder;
use super::dedupe::{read_rows, KeyRule};
use super::{open_table, Ingested, Keep};
use crate::config::plan::FilePlan;
use crate::config::GazetteerColumns;
use crate::error::BatchError;
use crate::read::Row;
use crate::records::RejectReason;

/// Reads the gazetteer.
pub(crate) fn read(
    out: &mut Ingested,
    cfg: &FilePlan<GazetteerColumns>,
    on_block: &dyn Fn(u64),
) -> Result<(), BatchError> {
    let (table, ctx) = open_table(out, &cfg.file, "gazetteer", "gazetteer")?;
    let g = &cfg.columns;
    let mut b = binder(&cfg.file.path, table.header());
    let uprn = b.col(&g.uprn, "gazetteer.columns.uprn");
    let postcode = b.opt(&g.postcode, "gazetteer.columns.postcode");
    let cols = [
        b.opt(&g.sao, "gazetteer.columns.sao"),
        b.opt(&g.pao, "gazetteer.columns.pao"),
        b.opt(&g.street, "gazetteer.columns.street"),
        b.opt(&g.locality, "gazetteer.columns.locality"),
        b.opt(&g.town, "gazetteer.columns.town"),
    ];
    b.finish()?;
    let parse = |row: &Row<'_>| -> Result<(u64, GazetteerEntry), RejectReason> {
        let u = row.get(uprn);
        if u.is_empty() {
            return Err(RejectReason::Missing("UPRN"));
        }
        let number = match u.parse::<u64>() {
            Ok(n) if u.len() <= 12 && u.bytes().all(|b| b.is_ascii_digit()) => n,
            _ => {
                return Err(RejectReason::Invalid {
                    field: "UPRN",
                    message: format!("{u:?} is not up to 12 digits"),
                })
            }
        };
        if postcode.is_some() && row.opt(postcode).is_none() {
            return Err(RejectReason::Missing("postcode"));
        }
        let text = |c: Option<usize>| row.opt(c).unwrap_or("").to_string();
        Ok((
            row.line,
            GazetteerEntry {
                uprn: number,
                sao: text(cols[0]),
                pao: text(cols[1]),
                street: text(cols[2]),
                locality: text(cols[3]),
                town: text(cols[4]),
                postcode: row.opt(postcode).and_then(Postcode::parse),
            },
        ))
    };
    let mut entries = Vec::new();
    read_rows(
        out,
        &table,
        &ctx,
        on_block,
        Keep::All,
        &mut entries,
        KeyRule::IfValid,
        &|row| row.get(uprn).to_string(),
        &parse,
    )?;
    out.gazetteer_rows = entries.len() as u64;
    out.gazetteer = entries.into_iter().map(|(_, e)| e).collect();
    Ok(())
}

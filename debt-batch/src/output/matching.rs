//! `records.csv`, `links.csv` and `matching.json`: persons and households,
//! every link explained field by field.

use std::io::Write;

use debt_core::identity::{Link, LinkDecision, FIELDS};

use super::schema::{write_row, Cell, Column, Kind};
use crate::matching::{MatchedRecord, Matching};

/// The columns of `records.csv`.
pub fn record_columns() -> Vec<Column<'static, MatchedRecord>> {
    use Kind::*;
    type R = MatchedRecord;
    vec![
        Column::new("record_key", Text, |r: &R| r.key.as_str().into()),
        Column::new("source", Text, |r: &R| r.source.as_str().into()),
        Column::new("role", Text, |r: &R| r.role.as_str().into()),
        Column::new("reference", Text, |r: &R| r.reference.as_str().into()),
        Column::new("person_id", Text, |r: &R| r.person_id.as_str().into()),
        Column::new("household_id", Text, |r: &R| r.household_id.as_str().into()),
        Column::new("uprn", Text, |r: &R| {
            r.uprn
                .map(|u| format!("{u:012}"))
                .unwrap_or_default()
                .into()
        }),
        Column::new("address_method", Text, |r: &R| r.method.code().into()),
        Column::new("address_score", Number, |r: &R| {
            Cell::Number(format!("{:.3}", r.score))
        }),
        Column::new("residence", Flag, |r: &R| Cell::Flag(r.residence)),
    ]
}

/// The columns of `links.csv`, for the links of `m`.
pub fn link_columns(m: &Matching) -> Vec<Column<'_, &Link>> {
    use Kind::*;
    let prior = (m.linkage.model.prior / (1.0 - m.linkage.model.prior)).log2();
    let mut columns: Vec<Column<'_, &Link>> = vec![
        Column::new("record_a", Text, move |l: &&Link| {
            m.sources[l.a as usize].key.as_str().into()
        }),
        Column::new("record_b", Text, move |l: &&Link| {
            m.sources[l.b as usize].key.as_str().into()
        }),
    ];
    for (i, f) in FIELDS.iter().enumerate() {
        columns.push(Column::new(
            format!("{}_level", f.code()),
            Text,
            move |l: &&Link| f.levels()[l.levels[i] as usize].into(),
        ));
        columns.push(Column::new(
            format!("{}_weight", f.code()),
            Number,
            move |l: &&Link| Cell::Number(format!("{:.3}", l.weights[i])),
        ));
    }
    columns.extend([
        Column::new("prior_weight", Number, move |_: &&Link| {
            Cell::Number(format!("{prior:.3}"))
        }),
        Column::new("total_weight", Number, |l: &&Link| {
            Cell::Number(format!("{:.3}", l.total_weight))
        }),
        Column::new("probability", Number, |l: &&Link| {
            Cell::Number(format!("{:.6}", l.probability))
        }),
        Column::new("decision", Text, |l: &&Link| l.decision.code().into()),
    ]);
    columns
}

/// Links reported in `links.csv`: at least this probability, or acted on
/// by clustering (merged, refused, officer decisions).
pub const LINK_REPORT_FLOOR: f64 = 0.5;

/// Writes `records.csv` to `out` (one row per record, sorted by key) and
/// returns `out`, flushed.
pub fn write_records_csv<W: Write>(m: &Matching, out: W) -> std::io::Result<W> {
    let columns = record_columns();
    super::write_csv_in_parallel(out, super::schema::header(&columns), &m.records, |w, r| {
        write_row(w, &columns, r)
    })
}

/// Writes `links.csv` to `out` and returns `out`, flushed: every compared
/// pair with probability at least [`LINK_REPORT_FLOOR`], or that clustering
/// acted on, strongest first, field by field.
pub fn write_links_csv<W: Write>(m: &Matching, out: W) -> std::io::Result<W> {
    let links: Vec<&Link> = m
        .linkage
        .links
        .iter()
        .filter(|l| {
            l.probability >= LINK_REPORT_FLOOR || l.decision != LinkDecision::BelowThreshold
        })
        .collect();
    let columns = link_columns(m);
    super::write_csv_in_parallel(out, super::schema::header(&columns), &links, |w, l| {
        write_row(w, &columns, l)
    })
}

//! `records.csv`, `links.csv` and `matching.json`: persons and households,
//! every link explained field by field.

use std::io::Write;

use debt_core::identity::{Level, Link, LinkDecision, ReviewReason, FIELDS};

use super::schema::{write_row, Cell, Column, Kind};
use crate::matching::{MatchedRecord, Matching, PersonSource, ReviewRow};

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
            move |l: &&Link| f.level_name(l.levels[*f]).into(),
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
pub(crate) fn write_records_csv<W: Write>(m: &Matching, out: W) -> std::io::Result<W> {
    let columns = record_columns();
    super::write_csv_in_parallel(out, super::schema::header(&columns), &m.records, |w, r| {
        write_row(w, &columns, r)
    })
}

/// Writes `links.csv` to `out` and returns `out`, flushed: every compared
/// pair with probability at least [`LINK_REPORT_FLOOR`], or that clustering
/// acted on, strongest first, field by field.
pub(crate) fn write_links_csv<W: Write>(m: &Matching, out: W) -> std::io::Result<W> {
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

/// Why a possible link was not merged automatically, in words an officer
/// reads: the probability against the link threshold (or the two people
/// the record fits), then the evidence for and against, strongest first.
pub(crate) fn why_not_automatic(m: &Matching, row: &ReviewRow, threshold: f64) -> String {
    let l = &m.linkage.links[row.link];
    let head = match row.reason {
        ReviewReason::BelowThreshold => format!(
            "match probability {:.3}, below the {threshold} needed to link automatically",
            l.probability
        ),
        ReviewReason::Ambiguous => format!(
            "match probability {:.3}, but one record fits two people who cannot be one (different dates of birth, or two parties of one account) and nothing in it tells them apart",
            l.probability
        ),
    };
    let mut evidence: Vec<(f64, String)> = FIELDS
        .iter()
        .enumerate()
        .filter(|(i, f)| l.levels[**f] != Level::MISSING && l.weights[*i].abs() >= 0.5)
        .map(|(i, f)| {
            (
                l.weights[i],
                format!(
                    "{} {} ({:+.1})",
                    f.code(),
                    f.level_name(l.levels[*f]),
                    l.weights[i]
                ),
            )
        })
        .collect();
    evidence.sort_by(|x, y| {
        y.0.abs()
            .partial_cmp(&x.0.abs())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let (a, b) = (
        &m.sources[l.a as usize].record,
        &m.sources[l.b as usize].record,
    );
    let mut missing = Vec::new();
    if a.dob.is_none() || b.dob.is_none() {
        missing.push("a date of birth on both");
    }
    if a.nino.is_none() || b.nino.is_none() {
        missing.push("a NINO on both");
    }
    let mut text = head;
    if !evidence.is_empty() {
        text.push_str("; ");
        text.push_str(
            &evidence
                .into_iter()
                .map(|(_, e)| e)
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    if !missing.is_empty() {
        text.push_str("; lacking ");
        text.push_str(&missing.join(" and "));
    }
    text
}

/// The columns of `review.csv`. The first three are those of the officers'
/// overrides file (`decision`, `record_a`, `record_b`): an officer writes
/// `same` or `different` in `decision`, and the file (or its decided rows)
/// is read as overrides the next night.
pub fn review_columns(m: &Matching, threshold: f64) -> Vec<Column<'_, &ReviewRow>> {
    use Kind::*;
    type R<'m> = &'m ReviewRow;
    let link = move |r: &R<'_>| &m.linkage.links[r.link];
    let side = move |r: &R<'_>, second: bool| -> &PersonSource {
        let l = &m.linkage.links[r.link];
        &m.sources[if second { l.b } else { l.a } as usize]
    };
    let mut columns: Vec<Column<'_, R<'_>>> = vec![
        Column::new("decision", Text, |_: &R<'_>| Cell::Text("".into())),
        Column::new("record_a", Text, move |r: &R<'_>| {
            side(r, false).key.as_str().into()
        }),
        Column::new("record_b", Text, move |r: &R<'_>| {
            side(r, true).key.as_str().into()
        }),
        Column::new("money_at_stake", Money, |r: &R<'_>| {
            Cell::Money(r.money_at_stake)
        }),
        Column::new("reason", Text, |r: &R<'_>| r.reason.code().into()),
        Column::new("why", Text, move |r: &R<'_>| {
            why_not_automatic(m, r, threshold).into()
        }),
        Column::new("probability", Number, move |r: &R<'_>| {
            Cell::Number(format!("{:.6}", link(r).probability))
        }),
        Column::new("total_weight", Number, move |r: &R<'_>| {
            Cell::Number(format!("{:.3}", link(r).total_weight))
        }),
        Column::new("person_a", Text, |r: &R<'_>| r.person_a.as_str().into()),
        Column::new("person_b", Text, |r: &R<'_>| r.person_b.as_str().into()),
        Column::new("household_a", Text, |r: &R<'_>| {
            r.household_a.as_str().into()
        }),
        Column::new("household_b", Text, |r: &R<'_>| {
            r.household_b.as_str().into()
        }),
        Column::new("household_if_same", Text, |r: &R<'_>| {
            r.household_if_same.as_str().into()
        }),
    ];
    for (suffix, second) in [("a", false), ("b", true)] {
        columns.extend([
            Column::new(format!("source_{suffix}"), Text, move |r: &R<'_>| {
                side(r, second).source.as_str().into()
            }),
            Column::new(format!("name_{suffix}"), Text, move |r: &R<'_>| {
                side(r, second).display_name.as_str().into()
            }),
            Column::new(format!("dob_{suffix}"), Date, move |r: &R<'_>| {
                Cell::Date(side(r, second).record.dob)
            }),
            Column::new(format!("nino_{suffix}"), Text, move |r: &R<'_>| {
                side(r, second)
                    .record
                    .nino
                    .as_ref()
                    .map_or("", |n| n.as_str())
                    .into()
            }),
            Column::new(format!("address_{suffix}"), Text, move |r: &R<'_>| {
                side(r, second).record.address.as_str().into()
            }),
            Column::new(format!("postcode_{suffix}"), Text, move |r: &R<'_>| {
                side(r, second)
                    .record
                    .postcode
                    .as_ref()
                    .map(|p| p.to_string())
                    .unwrap_or_default()
                    .into()
            }),
            Column::new(format!("uprn_{suffix}"), Text, move |r: &R<'_>| {
                side(r, second)
                    .record
                    .uprn
                    .map(|u| format!("{u:012}"))
                    .unwrap_or_default()
                    .into()
            }),
            Column::new(format!("forwarding_{suffix}"), Text, move |r: &R<'_>| {
                side(r, second)
                    .record
                    .forwarding
                    .as_ref()
                    .map(|f| match &f.postcode {
                        Some(p) if !f.text.contains(p.as_str()) => format!("{} {p}", f.text),
                        _ => f.text.clone(),
                    })
                    .unwrap_or_default()
                    .into()
            }),
        ]);
    }
    for (i, f) in FIELDS.iter().enumerate() {
        columns.push(Column::new(
            format!("{}_level", f.code()),
            Text,
            move |r: &R<'_>| f.level_name(link(r).levels[*f]).into(),
        ));
        columns.push(Column::new(
            format!("{}_weight", f.code()),
            Number,
            move |r: &R<'_>| Cell::Number(format!("{:.3}", link(r).weights[i])),
        ));
    }
    columns.push(Column::new("note", Text, |_: &R<'_>| Cell::Text("".into())));
    columns
}

/// Writes `review.csv` to `out` and returns `out`, flushed: the review
/// queue, the most money at stake first.
pub(crate) fn write_review_csv<W: Write>(
    m: &Matching,
    threshold: f64,
    out: W,
) -> std::io::Result<W> {
    let columns = review_columns(m, threshold);
    let rows: Vec<&ReviewRow> = m.review.iter().collect();
    super::write_csv_in_parallel(out, super::schema::header(&columns), &rows, |w, r| {
        write_row(w, &columns, r)
    })
}

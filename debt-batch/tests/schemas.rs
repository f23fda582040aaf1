//! One source of truth per output: every CSV header is its column list, its
//! Parquet schema has the same columns in the same order with the types of
//! their kinds, and docs/outputs.md documents exactly those columns with
//! those kinds.

mod support;

use std::collections::BTreeMap;

use debt_batch::output::schema::{Column, Kind};
use support::*;

/// The (column, kind) rows of the table under the heading of docs/outputs.md
/// that names `file`.
fn documented(file: &str) -> Vec<(String, String)> {
    let docs = std::fs::read_to_string(repo().join("docs/outputs.md")).unwrap();
    let start = docs
        .lines()
        .position(|l| l.starts_with("## ") && l.contains(file))
        .unwrap_or_else(|| panic!("docs/outputs.md has no section for {file}"));
    docs.lines()
        .skip(start + 1)
        .take_while(|l| !l.starts_with("## "))
        .skip_while(|l| !l.starts_with("| column | kind |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (cells[1].to_string(), cells[2].to_string())
        })
        .collect()
}

fn listed<T>(columns: &[Column<'_, T>]) -> Vec<(String, String)> {
    columns
        .iter()
        .map(|c| (c.name.to_string(), c.kind.code().to_string()))
        .collect()
}

fn parquet_type(kind: &str) -> &'static str {
    match kind {
        "money" => "decimal[18,2]",
        "date" => "date",
        "count" => "u64",
        "integer" => "i64",
        "flag" => "bool",
        _ => "str",
    }
}

#[test]
fn every_output_header_its_parquet_schema_and_the_docs_agree() {
    let dir = scratch("schemas");
    let out = dir.join("out");
    let loaded = debt_batch::Config::load(&fixtures_config()).unwrap();
    let result = debt_batch::run(
        &loaded,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        &out,
        &debt_batch::progress::Quiet,
    )
    .unwrap();
    use debt_batch::output::{accounts, households, matching, reconciliation, rows};
    let per_household: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    let outputs: Vec<(&str, Vec<(String, String)>)> = vec![
        (
            "accounts.csv",
            listed(&accounts::columns(&result.ingested.files)),
        ),
        ("reconciliation.csv", listed(&reconciliation::columns())),
        ("rejects.csv", listed(&rows::reject_columns())),
        ("duplicates.csv", listed(&rows::duplicate_columns())),
        ("suspense.csv", listed(&rows::suspense_columns())),
        ("records.csv", listed(&matching::record_columns())),
        (
            "links.csv",
            listed(&matching::link_columns(&result.matching)),
        ),
        (
            "review.csv",
            listed(&matching::review_columns(&result.matching, 0.95)),
        ),
        (
            "households.csv",
            listed(&households::household_columns(
                &result.views.addresses,
                &per_household,
                &result.matching,
            )),
        ),
        (
            "household_accounts.csv",
            listed(&households::account_columns()),
        ),
        (
            "household_account_years.csv",
            listed(&households::year_columns(6)),
        ),
        ("exceptions.csv", listed(&households::exception_columns())),
        (
            "statements.csv",
            listed(&debt_batch::output::advice::statement_columns()),
        ),
    ];
    for (file, columns) in &outputs {
        let mut reader = csv::Reader::from_path(out.join(file)).unwrap();
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let names: Vec<String> = columns.iter().map(|c| c.0.clone()).collect();
        assert_eq!(header, names, "{file}: header against its column list");
        assert_eq!(
            &documented(file),
            columns,
            "{file}: docs/outputs.md against the code"
        );
        let parquet = out.join(file.replace(".csv", ".parquet"));
        if parquet.exists() {
            use polars::prelude::SerReader;
            let frame = polars::prelude::ParquetReader::new(std::fs::File::open(&parquet).unwrap())
                .finish()
                .unwrap();
            let schema = frame.schema().clone();
            let got: Vec<(String, String)> = schema
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect();
            let want: Vec<(String, String)> = columns
                .iter()
                .map(|(n, k)| (n.clone(), parquet_type(k).to_string()))
                .collect();
            assert_eq!(got, want, "{file}: Parquet schema");
        }
    }
    // Kinds are closed: the docs use no other word.
    let known: BTreeMap<&str, Kind> = [
        ("text", Kind::Text),
        ("money", Kind::Money),
        ("date", Kind::Date),
        ("count", Kind::Count),
        ("integer", Kind::Integer),
        ("flag", Kind::Flag),
        ("number", Kind::Number),
    ]
    .into();
    for (_, columns) in &outputs {
        for (_, kind) in columns {
            assert!(known.contains_key(kind.as_str()), "{kind}");
        }
    }
}

//! The export shapes of issue 12, each as the rule it follows: a master row
//! that carries its charge beside a payments file, a transactions file with
//! no type column, receipts for no account held in suspense, people files
//! with no reference, control totals for their own date, named attributes.
//! The hand-worked figures are in fixtures/EXPECTED.md (sources `ar` and
//! `overpay`, `people/breathing_space_manual.csv`).

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;
use debt_batch::{Config, RunResult};
use debt_core::{Money, ReconcileStatus};
use support::*;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
}

fn compute(config: &Path) -> RunResult {
    let loaded = Config::load(config).unwrap_or_else(|e| panic!("{e}"));
    debt_batch::compute(&loaded, as_of(), &debt_batch::progress::Quiet).unwrap()
}

/// The fixtures' config with `from` replaced by `to` (which must be there).
fn with_config(dir: &Path, from: &str, to: &str) -> std::path::PathBuf {
    let path = dir.join("fixtures/sources.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "the fixture config has {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

fn config_error(config: &Path) -> String {
    match Config::load(config) {
        Ok(_) => panic!("the config was accepted"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn an_invoice_row_carries_its_charge_and_the_receipts_file_pays_it() {
    let result = compute(&fixtures_config());
    let balance = |source: &str, reference: &str| {
        let a = result
            .accounts
            .iter()
            .find(|a| a.record.source == source && a.record.account.reference == reference)
            .unwrap_or_else(|| panic!("{source} {reference}"));
        (
            a.position.balance.to_string(),
            a.position.arrears.to_string(),
        )
    };
    // 240.00 invoiced, 100.00 received (its exact repeat counted once, the
    // receipt reading 1OO.00 rejected).
    assert_eq!(
        balance("ar", "INV-20002"),
        ("140.00".into(), "140.00".into())
    );
    // 850.00 raised, three recoveries of 40.00 (the one on 30 February and
    // the one of method XFER rejected).
    assert_eq!(
        balance("overpay", "OP-5001"),
        ("730.00".into(), "730.00".into())
    );
    // A returned recovery (RTN) puts the debt back.
    assert_eq!(
        balance("overpay", "OP-5003"),
        ("100.00".into(), "100.00".into())
    );
}

#[test]
fn a_charge_on_the_master_row_is_traced_to_that_row_not_the_payments_file() {
    let result = compute(&fixtures_config());
    let a = result
        .accounts
        .iter()
        .find(|a| a.record.source == "ar" && a.record.account.reference == "INV-20003")
        .unwrap();
    let files = &result.ingested.files;
    let ledger = a.record.ledger();
    let charge = ledger
        .iter()
        .find(|t| t.kind == debt_core::TxnKind::Charge)
        .unwrap();
    assert_eq!(
        files[charge.source.file as usize].display,
        "ar/invoices.csv"
    );
    assert_eq!(charge.source.line, 4);
    assert_eq!(charge.due_date, NaiveDate::from_ymd_opt(2026, 4, 29));
    for payment in ledger
        .iter()
        .filter(|t| t.kind == debt_core::TxnKind::Payment)
    {
        assert_eq!(
            files[payment.source.file as usize].display,
            "ar/receipts.csv"
        );
    }
    // The receipts file's own count holds: its accepted rows are the
    // payments, not the charges the invoice rows carry.
    let receipts = files
        .iter()
        .find(|f| f.display == "ar/receipts.csv")
        .unwrap();
    assert_eq!(
        (
            receipts.counts.read,
            receipts.counts.accepted,
            receipts.counts.rejected,
            receipts.counts.duplicates
        ),
        (9, 5, 3, 1)
    );
}

#[test]
fn a_file_of_receipts_with_no_type_column_is_all_payments_lowering_the_balance() {
    let dir = fixtures_copy("receipts-kind");
    // Read the same receipts as charges: every balance goes up instead.
    let config = with_config(&dir, "kind = \"payment\"", "kind = \"charge\"");
    let result = compute(&config);
    let a = result
        .accounts
        .iter()
        .find(|a| a.record.source == "ar" && a.record.account.reference == "INV-20001")
        .unwrap();
    assert_eq!(a.position.balance.to_string(), "114.00");
    // And receipts for no account are no longer money held: they are not
    // payments.
    assert!(result.ingested.suspense.iter().all(|s| s.source != "ar"));
}

#[test]
fn a_receipt_for_no_account_is_rejected_and_held_in_suspense_with_its_payer() {
    let result = compute(&fixtures_config());
    let held: Vec<(String, u64, String, String, String)> = result
        .ingested
        .suspense
        .iter()
        .filter(|s| s.source == "ar")
        .map(|s| {
            (
                s.file.clone(),
                s.line,
                s.amount.to_string(),
                s.reference.clone(),
                s.payer.clone(),
            )
        })
        .collect();
    assert_eq!(
        held,
        vec![
            (
                "ar/receipts.csv".into(),
                5,
                "45.00".into(),
                "INV-29999".into(),
                "J PATTERSON".into()
            ),
            (
                "ar/receipts.csv".into(),
                9,
                "30.00".into(),
                "".into(),
                "ALLPAY 7731".into()
            ),
        ]
    );
    // Each is also a reject, so read = accepted + rejected + duplicates holds.
    for (file, line, ..) in &held {
        assert!(result
            .ingested
            .rejects
            .iter()
            .any(|r| &r.file == file && r.line == *line));
    }
    let ar = result
        .reconciliation
        .iter()
        .find(|r| r.source == "ar")
        .unwrap();
    assert_eq!(
        (ar.suspense_items, ar.suspense_total.to_string()),
        (2, "75.00".into())
    );
    // A bad charge or a bad amount is never money held.
    let rejected_not_held: BTreeSet<u64> = result
        .ingested
        .rejects
        .iter()
        .filter(|r| r.file == "ar/receipts.csv")
        .map(|r| r.line)
        .filter(|l| !held.iter().any(|h| h.1 == *l))
        .collect();
    assert_eq!(rejected_not_held, BTreeSet::from([8]));
}

#[test]
fn a_repeated_receipt_for_no_account_is_held_once() {
    let dir = fixtures_copy("suspense-repeat");
    let path = dir.join("fixtures/ar/receipts.csv");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("R-880104,INV-29999,03/11/2026,45.00,J PATTERSON,CARD\n");
    std::fs::write(&path, text).unwrap();
    let result = compute(&dir.join("fixtures/sources.toml"));
    let held: Vec<u64> = result
        .ingested
        .suspense
        .iter()
        .filter(|s| s.source == "ar")
        .map(|s| s.line)
        .collect();
    assert_eq!(held, vec![5, 9]);
    assert!(result
        .ingested
        .duplicates
        .iter()
        .any(|d| d.file == "ar/receipts.csv" && d.line == 11 && d.first_line == 5));
}

#[test]
fn control_totals_for_another_day_are_compared_at_that_day_and_say_so() {
    let result = compute(&fixtures_config());
    let ar = result
        .reconciliation
        .iter()
        .find(|r| r.source == "ar")
        .unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 19).unwrap();
    assert_eq!((ar.control_as_at, ar.compared_at), (Some(day), day));
    assert_eq!(ar.computed.closing_balance.to_string(), "788.00");
    assert_eq!(ar.status, ReconcileStatus::Matched);
    assert!(ar.note.contains("2026-11-19"), "{}", ar.note);
    // On the run's own date the same accounts owe 464.00 (a receipt posted
    // on 20 November), which is what accounts.csv shows.
    let at_run_date: Money = result
        .accounts
        .iter()
        .filter(|a| a.record.source == "ar")
        .map(|a| a.position.balance)
        .sum();
    assert_eq!(at_run_date.to_string(), "464.00");

    // Without the date column the same totals are a break of the receipt.
    let dir = fixtures_copy("no-as-at");
    let config = with_config(&dir, ", as_at = \"Extract Date\"", "");
    let result = compute(&config);
    let ar = result
        .reconciliation
        .iter()
        .find(|r| r.source == "ar")
        .unwrap();
    assert_eq!(ar.status, ReconcileStatus::Break);
    assert_eq!(
        ar.reconciliation.unwrap().balance_difference.to_string(),
        "-324.00"
    );
    assert_eq!((ar.control_as_at, ar.compared_at), (None, as_of()));
    assert!(ar.note.is_empty());
}

#[test]
fn people_rows_with_no_reference_keep_their_keys_wherever_the_rows_move() {
    let keys = |result: &RunResult| -> Vec<(String, String)> {
        let mut k: Vec<(String, String)> = result
            .ingested
            .people
            .iter()
            .filter(|p| p.source == "bs_manual")
            .map(|p| {
                (
                    p.party.forename.clone().unwrap_or_default(),
                    p.record_ref.clone(),
                )
            })
            .collect();
        k.sort();
        k
    };
    let before = keys(&compute(&fixtures_config()));
    assert_eq!(before.len(), 3);
    // Amy and Beth Reid share a date of birth, an address and a notice
    // date: still two records, with two keys.
    let distinct: BTreeSet<&str> = before.iter().map(|(_, k)| k.as_str()).collect();
    assert_eq!(distinct.len(), 3);
    assert!(before
        .iter()
        .all(|(_, k)| k.starts_with("derived-") && k.len() == 20));

    // The hand-kept list sorted the other way round next night.
    let dir = fixtures_copy("people-moved");
    let path = dir.join("fixtures/people/breathing_space_manual.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[1..].reverse();
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let after = keys(&compute(&dir.join("fixtures/sources.toml")));
    assert_eq!(before, after);
}

#[test]
fn twins_sharing_a_date_of_birth_stay_two_people() {
    let result = compute(&fixtures_config());
    let persons: BTreeSet<&str> = result
        .matching
        .records
        .iter()
        .filter(|r| r.source == "bs_manual")
        .map(|r| r.person_id.as_str())
        .collect();
    assert_eq!(persons.len(), 3, "Amy, Beth and Thomas Reid");
}

#[test]
fn named_attributes_are_carried_to_the_account_as_written() {
    use debt_batch::records::Attribute;
    let result = compute(&fixtures_config());
    let attribute = |source: &str, reference: &str, attribute: Attribute| {
        result
            .accounts
            .iter()
            .find(|a| a.record.source == source && a.record.account.reference == reference)
            .unwrap()
            .record
            .attribute(attribute)
            .to_string()
    };
    assert_eq!(attribute("ctax", "30038804", Attribute::Band), "D");
    assert_eq!(
        attribute("pcn", "AS41000077", Attribute::VehicleRegistration),
        "LB15 WNP"
    );
    assert_eq!(
        attribute("overpay", "OP-5002", Attribute::ClaimRef),
        "HB0045678"
    );
    assert_eq!(attribute("ar", "INV-20001", Attribute::ServiceCode), "GW");
    assert_eq!(attribute("rent", "RT004512", Attribute::Band), "");
}

#[test]
fn only_the_named_attributes_may_be_configured() {
    let dir = fixtures_copy("attribute-typo");
    let config = with_config(&dir, "band = \"Band\"", "colour = \"Band\"");
    let e = config_error(&config);
    assert!(
        e.contains("colour") && e.contains("vehicle_registration"),
        "{e}"
    );
}

#[test]
fn a_payments_file_needs_an_account_master_not_an_invoice_file() {
    let dir = fixtures_copy("invoices-with-payments");
    let config = with_config(
        &dir,
        "[sources.invoices.columns]\naccount_ref = \"1\"",
        "[sources.transactions]\nfile = \"ar/receipts.csv\"\nkind = \"payment\"\ncolumns = { account_ref = \"Invoice Number\", date = \"Receipt Date\", amount = \"Amount\" }\n\n[sources.invoices.columns]\naccount_ref = \"1\"",
    );
    let e = config_error(&config);
    assert!(
        e.contains("sources[pcn].invoices") && e.contains("columns.charge"),
        "{e}"
    );
}

#[test]
fn a_transactions_file_names_its_kind_by_a_type_column_or_by_one_kind_never_both() {
    let dir = fixtures_copy("both-kinds");
    let config = with_config(
        &dir,
        "kind = \"payment\"",
        "kind = \"payment\"\ntype_map = { X = \"payment\" }",
    );
    let e = config_error(&config);
    assert!(e.contains("sources[ar].transactions.type_map"), "{e}");

    let dir = fixtures_copy("no-kind");
    let config = with_config(&dir, "kind = \"payment\"\n", "");
    let e = config_error(&config);
    assert!(
        e.contains("sources[ar].transactions") && e.contains("kind"),
        "{e}"
    );
}

#[test]
fn a_charge_on_the_master_row_needs_its_date_column() {
    let dir = fixtures_copy("charge-no-date");
    let config = with_config(&dir, "charge_date = \"Invoice Date\"\n", "");
    let e = config_error(&config);
    assert!(
        e.contains("sources[ar].accounts.columns.charge_date"),
        "{e}"
    );
}

#[test]
fn suspense_csv_lists_every_held_receipt_sorted_by_source_file_and_line() {
    let dir = scratch("suspense-csv");
    let out = dir.join("out");
    let o = run(&fixtures_config(), &out, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", said(&o));
    let text = std::fs::read_to_string(out.join("suspense.csv")).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows[0], "source,file,line,date,amount,reference,payer");
    assert_eq!(rows.len(), 7, "{text}");
    let keys: Vec<(String, String, u64)> = rows[1..]
        .iter()
        .map(|r| {
            let c: Vec<&str> = r.split(',').collect();
            (c[0].to_string(), c[1].to_string(), c[2].parse().unwrap())
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

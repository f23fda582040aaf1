//! debt-core and the batch checked against the fixtures' hand-worked
//! figures (fixtures/EXPECTED.md, fixtures/expected/*.csv) and against the
//! checked-in golden outputs (fixtures/expected/golden/).

use std::collections::BTreeMap;

use debt_batch::Config;
use debt_core::{AgeBucket, Money};
use debt_tests::{fixtures_as_of, fixtures_config, repo_root};

fn read_csv(path: &std::path::Path) -> Vec<BTreeMap<String, String>> {
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            headers
                .iter()
                .zip(r.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn money(s: &str) -> Money {
    Money::parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

#[test]
fn debt_core_reproduces_every_hand_worked_balance_arrears_and_ageing() {
    let loaded = Config::load(&fixtures_config()).unwrap();
    let result = debt_batch::compute(&loaded, fixtures_as_of(), &|_| {}).unwrap();
    let expected = read_csv(&repo_root().join("fixtures/expected/balances.csv"));
    assert_eq!(
        result.accounts.len(),
        expected.len(),
        "every hand-worked account is accepted, and no other"
    );
    let mut failures = Vec::new();
    for row in &expected {
        let found = result.accounts.iter().find(|a| {
            a.record.source == row["source"] && a.record.account.reference == row["account_ref"]
        });
        let Some(a) = found else {
            failures.push(format!(
                "{}:{} not produced",
                row["source"], row["account_ref"]
            ));
            continue;
        };
        let p = &a.position;
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let checks = [
            (
                "balance",
                p.balance.to_string(),
                money(&row["balance"]).to_string(),
            ),
            (
                "arrears",
                p.arrears.to_string(),
                money(&row["arrears"]).to_string(),
            ),
            (
                "not_yet_due",
                p.not_yet_due.to_string(),
                money(&row["not_yet_due"]).to_string(),
            ),
            (
                "written_off",
                p.written_off.to_string(),
                money(&row["written_off"]).to_string(),
            ),
            (
                "age_0_30",
                p.ageing.get(AgeBucket::Days0To30).to_string(),
                money(&row["age_0_30"]).to_string(),
            ),
            (
                "age_31_90",
                p.ageing.get(AgeBucket::Days31To90).to_string(),
                money(&row["age_31_90"]).to_string(),
            ),
            (
                "age_91_365",
                p.ageing.get(AgeBucket::Days91To365).to_string(),
                money(&row["age_91_365"]).to_string(),
            ),
            (
                "age_1_2y",
                p.ageing.get(AgeBucket::Years1To2).to_string(),
                money(&row["age_1_2y"]).to_string(),
            ),
            (
                "age_2_6y",
                p.ageing.get(AgeBucket::Years2To6).to_string(),
                money(&row["age_2_6y"]).to_string(),
            ),
            (
                "age_over_6y",
                p.ageing.get(AgeBucket::Over6Years).to_string(),
                money(&row["age_over_6y"]).to_string(),
            ),
            (
                "last_payment_date",
                date(p.last_payment_date),
                row["last_payment_date"].clone(),
            ),
            (
                "oldest_arrears_date",
                date(p.oldest_arrears_date),
                row["oldest_arrears_date"].clone(),
            ),
        ];
        for (column, got, want) in checks {
            if got != want {
                failures.push(format!(
                    "{}:{} {column}: got {got}, hand-worked {want}",
                    row["source"], row["account_ref"]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn reconciliation_matches_the_hand_worked_control_sheet_including_the_planted_break() {
    let loaded = Config::load(&fixtures_config()).unwrap();
    let result = debt_batch::compute(&loaded, fixtures_as_of(), &|_| {}).unwrap();
    let expected = read_csv(&repo_root().join("fixtures/expected/control.csv"));
    assert_eq!(result.reconciliation.len(), expected.len());
    for row in expected {
        let r = result
            .reconciliation
            .iter()
            .find(|r| r.source == row["source"])
            .unwrap();
        let rec = r
            .reconciliation
            .as_ref()
            .expect("every fixture source has a control row");
        assert_eq!(
            r.computed.accounts.to_string(),
            row["accounts"],
            "{}",
            row["source"]
        );
        assert_eq!(
            r.computed.closing_balance,
            money(&row["closing_balance"]),
            "{}",
            row["source"]
        );
        assert_eq!(
            rec.control.closing_balance,
            money(&row["control_balance"]),
            "{}",
            row["source"]
        );
        assert_eq!(
            rec.balance_difference,
            money(&row["difference"]),
            "{}",
            row["source"]
        );
        assert_eq!(r.status.code(), row["status"], "{}", row["source"]);
    }
    let pcn = result
        .reconciliation
        .iter()
        .find(|r| r.source == "pcn")
        .unwrap();
    assert_eq!(
        pcn.reconciliation.unwrap().balance_difference.to_string(),
        "-12.34"
    );
}

#[test]
fn every_row_is_accepted_rejected_or_a_duplicate() {
    let loaded = Config::load(&fixtures_config()).unwrap();
    let result = debt_batch::compute(&loaded, fixtures_as_of(), &|_| {}).unwrap();
    for file in &result.ingested.files {
        assert!(
            file.counts.is_conserved(),
            "{}: {:?}",
            file.display,
            file.counts
        );
    }
    let read: u64 = result.ingested.files.iter().map(|f| f.counts.read).sum();
    let accepted: u64 = result
        .ingested
        .files
        .iter()
        .map(|f| f.counts.accepted)
        .sum();
    assert_eq!(
        read,
        accepted + result.ingested.rejects.len() as u64 + result.ingested.duplicates.len() as u64
    );
    let classes: std::collections::BTreeSet<&str> = result
        .ingested
        .rejects
        .iter()
        .map(|r| r.reason.class())
        .collect();
    for class in [
        "bad_date",
        "bad_amount",
        "missing_field",
        "unknown_account",
        "unknown_code",
        "conflicting_duplicate",
    ] {
        assert!(
            classes.contains(class),
            "the fixtures plant a {class} reject"
        );
    }
    assert_eq!(result.ingested.duplicates.len(), 1);
}

#[test]
fn outputs_match_the_checked_in_golden_files() {
    let out = std::env::temp_dir().join(format!("debt-golden-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let loaded = Config::load(&fixtures_config()).unwrap();
    debt_batch::run(&loaded, fixtures_as_of(), &out, &|_| {}).unwrap();
    let golden = repo_root().join("fixtures/expected/golden");
    for name in [
        "accounts.csv",
        "reconciliation.csv",
        "reconciliation.json",
        "rejects.csv",
        "duplicates.csv",
    ] {
        let got = std::fs::read_to_string(out.join(name)).unwrap();
        let want = std::fs::read_to_string(golden.join(name)).unwrap();
        if got != want {
            let diff: Vec<String> = got
                .lines()
                .zip(want.lines())
                .enumerate()
                .filter(|(_, (g, w))| g != w)
                .take(5)
                .map(|(i, (g, w))| format!("line {}:\n  got  {g}\n  want {w}", i + 1))
                .collect();
            panic!(
                "{name} differs from fixtures/expected/golden/{name}:\n{}",
                diff.join("\n")
            );
        }
    }
    let _ = std::fs::remove_dir_all(&out);
}

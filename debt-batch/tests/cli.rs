//! The `debt-batch` binary end to end on the bundled fixtures.

mod support;

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use support::*;

#[test]
fn a_break_finishes_the_run_with_exit_code_2_and_reports_the_exact_difference() {
    let dir = scratch("break");
    let out = dir.join("out");
    let o = run(&fixtures_config(), &out, &[]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    let pcn = stdout.lines().find(|l| l.starts_with("pcn")).unwrap();
    assert!(pcn.contains("-12.34") && pcn.contains("BREAK"), "{pcn}");
    for name in [
        "accounts.csv",
        "reconciliation.csv",
        "reconciliation.json",
        "rejects.csv",
        "duplicates.csv",
        "suspense.csv",
        "records.csv",
        "links.csv",
        "matching.json",
        "manifest.json",
    ] {
        let mode = std::fs::metadata(out.join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600, "{name} must be owner-only");
    }
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o700
    );
}

#[test]
fn a_clean_run_exits_0() {
    let dir = scratch("clean");
    // Same fixtures with the PCN control total corrected.
    copy_dir(&repo().join("fixtures"), &dir.join("fixtures"));
    let control = dir.join("fixtures/control_totals.csv");
    let text = std::fs::read_to_string(&control)
        .unwrap()
        .replace("435.34", "423.00");
    std::fs::write(&control, text).unwrap();
    let o = run(&dir.join("fixtures/sources.toml"), &dir.join("out"), &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn two_runs_give_byte_identical_outputs() {
    let dir = scratch("determinism");
    assert_eq!(
        run(&fixtures_config(), &dir.join("a"), &[]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&fixtures_config(), &dir.join("b"), &[]).status.code(),
        Some(2)
    );
    let (a, b) = (snapshot(&dir.join("a")), snapshot(&dir.join("b")));
    assert_eq!(
        a.len(),
        30,
        "thirteen CSV (review.csv and suspense.csv among them), five Parquet, four JSON, rates.toml, and three households' summaries (HTML and Markdown) with their index"
    );
    for ((name_a, bytes_a), (name_b, bytes_b)) in a.iter().zip(&b) {
        assert_eq!(name_a, name_b);
        assert!(
            bytes_a == bytes_b,
            "{name_a} differs between two runs on the same inputs"
        );
    }
    // What is left out of the comparison: each stage's time and the peak
    // memory by its end, which only grows.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("a/manifest.json")).unwrap()).unwrap();
    let stages: Vec<&String> = manifest["timings_ms"].as_object().unwrap().keys().collect();
    assert_eq!(stages.len(), 6, "{stages:?}");
    let peaks: Vec<u64> = stages
        .iter()
        .map(|s| manifest["peak_rss_mb"][s.as_str()].as_u64().unwrap())
        .collect();
    assert!(
        peaks[0] > 0 && peaks.windows(2).all(|w| w[0] <= w[1]),
        "{peaks:?}"
    );
}

#[test]
fn a_run_killed_midway_leaves_the_previous_outputs_intact() {
    let dir = scratch("killed");
    let out = dir.join("out");
    assert_eq!(run(&fixtures_config(), &out, &[]).status.code(), Some(2));
    let before = snapshot(&out);
    let manifest_before = std::fs::read(out.join("manifest.json")).unwrap();
    // Killed after writing the first output file.
    let o = run(
        &fixtures_config(),
        &out,
        &[("DEBT_BATCH_FAILPOINT", "after_accounts")],
    );
    assert!(!o.status.success(), "the failpoint aborts the run");
    assert_eq!(snapshot(&out), before, "previous outputs must be untouched");
    assert_eq!(
        std::fs::read(out.join("manifest.json")).unwrap(),
        manifest_before
    );
    // A run that fails on bad config also leaves them.
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "[[sources]]\nid = \"x\"\nservice = \"nonsense\"\n").unwrap();
    let o = run(&bad, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(snapshot(&out), before);
    // The next good run clears the dead run's staging directory.
    assert_eq!(run(&fixtures_config(), &out, &[]).status.code(), Some(2));
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn config_errors_name_the_file_key_and_problem() {
    let dir = scratch("config");
    let cases = [
        (
            "[[sources]]\nid = \"ctax\"\nservice = \"counciltax\"\n",
            "sources[ctax].service",
        ),
        ("[run]\ntolerence = \"0.00\"\n", "tolerence"),
        ("[run]\ninstalments = 11\n", "run.instalments"),
    ];
    for (text, needle) in cases {
        let path = dir.join("c.toml");
        std::fs::write(&path, text).unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_debt-batch"))
            .args(["check", "--config"])
            .arg(&path)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1));
        assert!(
            err.contains("c.toml") && err.contains(needle),
            "expected {needle:?} in: {err}"
        );
    }
    // A column the file does not have.
    copy_dir(&repo().join("fixtures"), &dir.join("fixtures"));
    let config = dir.join("fixtures/sources.toml");
    let text = std::fs::read_to_string(&config).unwrap().replace(
        "transaction_id = \"Trans ID\"",
        "transaction_id = \"Trans No\"",
    );
    std::fs::write(&config, text).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_debt-batch"))
        .args(["check", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("Trans No")
            && err.contains("ctax/transactions.csv")
            && err.contains("transaction_id"),
        "{err}"
    );
}

#[test]
fn bad_input_never_panics_truncated_binary_and_wrongly_encoded_files() {
    let dir = scratch("bad-input");
    copy_dir(&repo().join("fixtures"), &dir.join("fixtures"));
    let f = dir.join("fixtures");
    // Truncated mid-row, inside a quoted field.
    let rent = std::fs::read(f.join("rent/transactions.csv")).unwrap();
    let cut = rent.len() - 40;
    std::fs::write(
        f.join("rent/transactions.csv"),
        [&rent[..cut], b"\"unterminated".as_slice()].concat(),
    )
    .unwrap();
    // Windows-1252 bytes in a file declared UTF-8.
    let mut fta = std::fs::read(f.join("fta/transactions.csv")).unwrap();
    fta.extend_from_slice(b"FJ6610099,RT003981,2026-03-09,CASH,Payment \xA3 cash,,5.00\n");
    std::fs::write(f.join("fta/transactions.csv"), fta).unwrap();
    let o = run(&f.join("sources.toml"), &dir.join("out"), &[]);
    assert!(
        matches!(o.status.code(), Some(2)),
        "rejects, not a crash: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let rejects = std::fs::read_to_string(dir.join("out/rejects.csv")).unwrap();
    assert!(rejects.contains("not valid UTF-8"), "{rejects}");
    assert!(
        rejects.contains("field_count") || rejects.contains("malformed"),
        "{rejects}"
    );

    // A binary file where a CSV should be: a clear error, exit 1.
    std::fs::write(
        f.join("hbop/claims.txt"),
        [0u8, 159, 146, 150, 0, 1, 2, 3].repeat(100),
    )
    .unwrap();
    let o = run(&f.join("sources.toml"), &dir.join("out2"), &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("hbop/claims.txt") && err.contains("binary"),
        "{err}"
    );
    assert!(!err.contains("panicked"));

    // An empty file.
    std::fs::write(f.join("hbop/claims.txt"), b"").unwrap();
    let o = run(&f.join("sources.toml"), &dir.join("out3"), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("empty"));
}

#[test]
fn help_explains_the_exit_codes() {
    let o = Command::new(env!("CARGO_BIN_EXE_debt-batch"))
        .arg("--help")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("Exit codes") && text.contains("run") && text.contains("check"),
        "{text}"
    );
}

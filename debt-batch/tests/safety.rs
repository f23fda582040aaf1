//! Safe to run unattended: each test here is a reproduction of something
//! that went wrong when the nightly run was tried as a new user and as an
//! auditor would (issue 10), and shows it no longer does.

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Output;

use support::*;

fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

// ---------------------------------------------------------------- the output folder

#[test]
fn an_out_folder_holding_the_config_and_exports_is_refused_and_left_untouched() {
    let dir = fixtures_copy("out-is-inputs");
    let fixtures = dir.join("fixtures");
    let before = tree(&fixtures);
    let o = run(&fixtures.join("sources.toml"), &fixtures, &[]);
    assert_eq!(code(&o), Some(1), "{}", said(&o));
    let err = said(&o);
    assert!(
        err.contains("fixtures")
            && err.contains("sources.toml")
            && err.contains("which this run reads"),
        "{err}"
    );
    assert_eq!(tree(&fixtures), before, "nothing in the folder may change");
    // A folder beside the inputs is fine.
    let o = run(&fixtures.join("sources.toml"), &fixtures.join("out"), &[]);
    assert_eq!(code(&o), Some(2), "{}", said(&o));
    // But not a parent of them.
    let o = run(&fixtures.join("sources.toml"), &dir, &[]);
    assert_eq!(code(&o), Some(1), "{}", said(&o));
}

#[test]
fn a_folder_of_someone_elses_files_is_refused_and_left_untouched() {
    let dir = scratch("officers-folder");
    let reports = dir.join("reports");
    std::fs::create_dir_all(reports.join("2025")).unwrap();
    std::fs::write(
        reports.join("budget.xlsx"),
        b"PK\x03\x04 an officer's spreadsheet",
    )
    .unwrap();
    std::fs::write(reports.join("2025/notes.txt"), b"notes").unwrap();
    let before = tree(&reports);
    let o = run(&fixtures_config(), &reports, &[]);
    assert_eq!(code(&o), Some(1));
    let err = said(&o);
    assert!(
        err.contains("reports")
            && err.contains("budget.xlsx")
            && err.contains("not a previous output"),
        "{err}"
    );
    assert_eq!(tree(&reports), before);
    let leftovers: Vec<_> = std::fs::read_dir(&*dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "nothing made beside it: {leftovers:?}");
}

#[test]
fn a_previous_output_with_a_file_added_is_refused_naming_the_file() {
    let dir = scratch("added-file");
    let out = dir.join("out");
    assert_eq!(code(&run(&fixtures_config(), &out, &[])), Some(2));
    std::fs::write(out.join("my-pivot.xlsx"), b"an officer's work").unwrap();
    let before = tree(&out);
    let o = run(&fixtures_config(), &out, &[]);
    assert_eq!(code(&o), Some(1));
    assert!(said(&o).contains("my-pivot.xlsx"), "{}", said(&o));
    assert_eq!(tree(&out), before);
}

#[test]
fn an_out_that_is_a_file_is_refused_before_any_work() {
    let dir = scratch("out-is-file");
    let file = dir.join("out");
    std::fs::write(&file, b"a user's file").unwrap();
    let o = run(&fixtures_config(), &file, &[]);
    assert_eq!(code(&o), Some(1));
    assert!(said(&o).contains("is a file, not a folder"), "{}", said(&o));
    assert_eq!(std::fs::read(&file).unwrap(), b"a user's file");
    let names: Vec<_> = std::fs::read_dir(&*dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 1, "no hidden renames: {names:?}");
    // And the next run, to a proper folder, works.
    assert_eq!(
        code(&run(&fixtures_config(), &dir.join("out2"), &[])),
        Some(2)
    );
}

#[test]
fn out_dot_says_what_is_wrong_in_words() {
    let dir = scratch("out-dot");
    let mut c = batch(&["run", "--config"]);
    let o = c
        .arg(fixtures_config())
        .args(["--as-of", "2026-11-20", "--out", "."])
        .current_dir(&*dir)
        .output()
        .unwrap();
    assert_eq!(code(&o), Some(1));
    let err = said(&o);
    assert!(
        err.contains("current directory") && !err.contains("os error"),
        "{err}"
    );
}

#[test]
fn a_stray_staging_entry_never_blocks_a_run() {
    let dir = scratch("stray-staging");
    let out = dir.join("out");
    // A file and a folder with staging names, left by dead processes, and one
    // held by a live process (pid 1 is always alive).
    std::fs::write(dir.join(".out.staging-999999999"), b"junk").unwrap();
    std::fs::create_dir_all(dir.join(".out.staging-999999998-000000001/x")).unwrap();
    std::fs::create_dir_all(dir.join(".out.staging-1-000000001")).unwrap();
    let o = run(&fixtures_config(), &out, &[]);
    assert_eq!(code(&o), Some(2), "{}", said(&o));
    assert!(!dir.join(".out.staging-999999999").exists());
    assert!(!dir.join(".out.staging-999999998-000000001").exists());
    assert!(
        dir.join(".out.staging-1-000000001").exists(),
        "a live run's entry is left alone"
    );
    assert!(out.join("manifest.json").exists());
}

#[test]
fn a_second_run_into_the_same_folder_stops_at_once_naming_the_first() {
    let dir = scratch("two-runs");
    let out = dir.join("out");
    let pause = dir.join("pause");
    std::fs::create_dir_all(&pause).unwrap();
    let mut first = batch(&["run", "--config"])
        .arg(fixtures_config())
        .args(["--as-of", "2026-11-20", "--out"])
        .arg(&out)
        .env("DEBT_BATCH_PAUSE", "before_commit")
        .env("DEBT_BATCH_PAUSE_DIR", &pause)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..600 {
        if pause.join("paused").exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(
        pause.join("paused").exists(),
        "the first run reached its commit"
    );
    let started = std::time::Instant::now();
    let second = run(&fixtures_config(), &out, &[]);
    assert_eq!(code(&second), Some(75), "{}", said(&second));
    let err = said(&second);
    assert!(
        err.contains(&format!("pid {}", first.id())) && err.contains("started"),
        "{err}"
    );
    assert!(started.elapsed().as_secs() < 10, "it stops at once");
    std::fs::write(pause.join("resume"), b"").unwrap();
    assert_eq!(first.wait().unwrap().code(), Some(2));
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"as_of\": \"2026-11-20\""));
}

// ---------------------------------------------------------------- exit codes

#[test]
fn usage_errors_exit_64_and_say_the_date_form() {
    let bad_date = batch(&[
        "run",
        "--config",
        "x.toml",
        "--as-of",
        "20/11/2026",
        "--out",
        "o",
    ])
    .output()
    .unwrap();
    assert_eq!(code(&bad_date), Some(64));
    let err = said(&bad_date);
    assert!(
        err.contains("yyyy-mm-dd") && err.contains("2026-11-20"),
        "{err}"
    );
    for args in [
        &[][..],
        &["run"][..],
        &["run", "--config", "x.toml", "--out", "o"][..],
        &["frobnicate"][..],
        &[
            "run",
            "--config",
            "x.toml",
            "--as-of",
            "2026-13-01",
            "--out",
            "o",
        ][..],
    ] {
        let o = batch(args).output().unwrap();
        assert_eq!(code(&o), Some(64), "{args:?}: {}", said(&o));
    }
    for args in [&["--help"][..], &["--version"][..], &["run", "--help"][..]] {
        assert_eq!(code(&batch(args).output().unwrap()), Some(0), "{args:?}");
    }
    let help = said(&batch(&["--help"]).output().unwrap());
    for needle in ["0 ", "1 ", "2 ", "64", "75"] {
        assert!(
            help.contains(needle),
            "--help lists exit code {needle}: {help}"
        );
    }
}

// ---------------------------------------------------------------- no row lost

/// Every physical data line of a file in a run's manifest and rejects:
/// (lines, blank, rows read, accepted, rejected, duplicates).
fn file_counts(out: &Path, file: &str) -> serde_json::Value {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    manifest["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"] == file)
        .unwrap()
        .clone()
}

fn reject_lines(out: &Path, file: &str) -> Vec<(u64, String)> {
    let mut r = csv::Reader::from_path(out.join("rejects.csv")).unwrap();
    r.records()
        .map(|x| x.unwrap())
        .filter(|x| &x[1] == file)
        .map(|x| (x[2].parse().unwrap(), x[3].to_string()))
        .collect()
}

#[test]
fn stray_quotes_reject_only_their_own_lines_and_every_line_is_counted() {
    let dir = fixtures_copy("stray-quotes");
    let path = dir.join("fixtures/rent/transactions.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    // Line 10 opens a quote that line 20 closes: once, everything between
    // became one accepted row.
    lines[9] = lines[9].replacen(",Rent", ",\"Rent", 1);
    lines[19] = lines[19].replacen(',', ",\"", 1);
    // A lone stray quote near the end.
    lines[60] = lines[60].replacen(",2026", ",\"2026", 1);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let out = dir.join("out");
    let o = run(&dir.join("fixtures/sources.toml"), &out, &[]);
    assert_eq!(code(&o), Some(2), "{}", said(&o));
    let f = file_counts(&out, "rent/transactions.csv");
    assert_eq!(f["lines"], 71);
    assert_eq!(f["rows_read"], 70, "every physical data line is a row");
    let rejects = reject_lines(&out, "rent/transactions.csv");
    for line in [10, 20, 61] {
        assert!(
            rejects.iter().any(|(l, _)| *l == line),
            "line {line} rejected on its own: {rejects:?}"
        );
    }
    assert!(rejects.iter().any(|(_, c)| c == "unbalanced_quote"));
    // The rent source no longer reconciles: the rows lost are visible.
    let rec = std::fs::read_to_string(out.join("reconciliation.csv")).unwrap();
    let rent = rec.lines().find(|l| l.starts_with("rent,")).unwrap();
    assert!(rent.split(',').any(|cell| cell == "BREAK"), "{rent}");
}

#[test]
fn a_file_cut_in_its_last_field_is_reported_in_the_manifest_and_the_log() {
    let dir = fixtures_copy("cut");
    let path = dir.join("fixtures/rent/transactions.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.trim_end_matches('\n')
            .trim_end_matches(|c: char| c != '.'),
    )
    .unwrap();
    let out = dir.join("out");
    let o = run(&dir.join("fixtures/sources.toml"), &out, &[]);
    let f = file_counts(&out, "rent/transactions.csv");
    assert_eq!(f["last_line_unterminated"], true);
    assert!(
        said(&o).contains("last line has no line end"),
        "{}",
        said(&o)
    );
    let untouched = file_counts(&out, "ctax/accounts.csv");
    assert_eq!(untouched["last_line_unterminated"], false);
}

#[test]
fn a_nul_byte_rejects_its_row_wherever_it_is() {
    let dir = fixtures_copy("nul");
    let path = dir.join("fixtures/rent/transactions.csv");
    let mut bytes = std::fs::read(&path).unwrap();
    // In the first 8 KB (this once failed the whole run) and at the end.
    let at = bytes.iter().position(|b| *b == b'\n').unwrap() + 20;
    bytes.insert(at, 0);
    let last = bytes.len() - 10;
    bytes.insert(last, 0);
    std::fs::write(&path, bytes).unwrap();
    let out = dir.join("out");
    let o = run(&dir.join("fixtures/sources.toml"), &out, &[]);
    assert_eq!(code(&o), Some(2), "{}", said(&o));
    let rejects = reject_lines(&out, "rent/transactions.csv");
    assert!(rejects.contains(&(2, "malformed".into())), "{rejects:?}");
    assert!(rejects.contains(&(71, "malformed".into())), "{rejects:?}");
}

#[test]
fn a_header_naming_a_configured_column_twice_is_refused_by_name() {
    let dir = fixtures_copy("dup-header");
    let path = dir.join("fixtures/rent/transactions.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("description,debit", "debit,debit", 1)).unwrap();
    let o = run(&dir.join("fixtures/sources.toml"), &dir.join("out"), &[]);
    assert_eq!(code(&o), Some(1));
    let err = said(&o);
    assert!(
        err.contains("\"debit\"") && err.contains("2 times"),
        "{err}"
    );
}

#[test]
fn an_input_changed_during_the_run_fails_it_and_keeps_last_nights_outputs() {
    let dir = fixtures_copy("changed");
    let config = dir.join("fixtures/sources.toml");
    let out = dir.join("out");
    assert_eq!(code(&run(&config, &out, &[])), Some(2));
    let before = tree(&out);
    let pause = dir.join("pause");
    std::fs::create_dir_all(&pause).unwrap();
    let child = batch(&["run", "--config"])
        .arg(&config)
        .args(["--as-of", "2026-11-20", "--out"])
        .arg(&out)
        .env("DEBT_BATCH_PAUSE", "after_open:rent/transactions.csv")
        .env("DEBT_BATCH_PAUSE_DIR", &pause)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    for _ in 0..600 {
        if pause.join("paused").exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // The export is appended to after the run opened it.
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(dir.join("fixtures/rent/transactions.csv"))
        .unwrap();
    std::io::Write::write_all(&mut f, b"RJ5519999,RT004512,2026-11-19,CASH,late,,5.00\n").unwrap();
    std::fs::write(pause.join("resume"), b"").unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(code(&o), Some(1), "{}", said(&o));
    assert!(
        said(&o).contains("changed while the run read it"),
        "{}",
        said(&o)
    );
    assert_eq!(tree(&out), before, "last night's outputs are kept");
}

// ---------------------------------------------------------------- personal data

#[test]
fn a_file_that_lost_its_header_names_columns_not_the_persons_details() {
    let dir = fixtures_copy("no-header");
    let path = dir.join("fixtures/rent/tenancies.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let without_header: String = text.lines().skip(1).map(|l| format!("{l}\n")).collect();
    std::fs::write(&path, without_header).unwrap();
    for log_format in ["text", "json"] {
        let o = batch(&["--log-format", log_format, "run", "--config"])
            .arg(dir.join("fixtures/sources.toml"))
            .args(["--as-of", "2026-11-20", "--out"])
            .arg(dir.join("out"))
            .output()
            .unwrap();
        assert_eq!(code(&o), Some(1));
        let all = said(&o);
        assert!(
            all.contains("rent/tenancies.csv") && all.contains("tenancy_ref"),
            "{all}"
        );
        assert!(all.contains("fields"), "{all}");
        for detail in [
            "David",
            "Brown",
            "1991-11-03",
            "Park Avenue",
            "AS3 6PA",
            "RT002871",
        ] {
            assert!(
                !all.contains(detail),
                "{detail} leaked into the {log_format} log: {all}"
            );
        }
    }
}

#[test]
fn formula_cells_are_neutralised_in_every_csv_and_kept_exact_in_parquet() {
    let dir = fixtures_copy("formula");
    let f = dir.join("fixtures");
    // Parking: a PCN number, a keeper name and an address that are formulas.
    let pcn = std::fs::read_to_string(f.join("pcn/pcn_debts.csv")).unwrap();
    let pcn = pcn
        .replace("AS40998812", "=HYPERLINK(\"http://x\")")
        .replace("Rajesh Patel", "@SUM(1+1)*cmd|' /C calc'!A0")
        + "=1+2,,,,,not a date,1.00,,,,\n"
        + "-AS1,+44,\tx,\ry,AS1 2HT,22-Jan-2026,oops,0.00,,WAR,01\n";
    std::fs::write(f.join("pcn/pcn_debts.csv"), pcn).unwrap();
    // A duplicate whose key starts with '-'.
    let tx = std::fs::read_to_string(f.join("rent/transactions.csv")).unwrap();
    let tx = tx + "-X1,RT004512,2026-08-03,RENT,x,1.00,\n-X1,RT004512,2026-08-03,RENT,x,1.00,\n";
    std::fs::write(f.join("rent/transactions.csv"), tx).unwrap();
    let out = dir.join("out");
    let o = run(&f.join("sources.toml"), &out, &[]);
    assert_eq!(code(&o), Some(2), "{}", said(&o));
    for name in [
        "accounts.csv",
        "records.csv",
        "rejects.csv",
        "duplicates.csv",
        "suspense.csv",
        "links.csv",
        "reconciliation.csv",
    ] {
        let mut r = csv::Reader::from_path(out.join(name)).unwrap();
        let header = r.headers().unwrap().clone();
        for row in r.records() {
            let row = row.unwrap();
            for (column, cell) in header.iter().zip(row.iter()) {
                let money_like = matches!(
                    column,
                    "balance"
                        | "arrears"
                        | "not_yet_due"
                        | "credit"
                        | "written_off"
                        | "closing_balance"
                        | "control_balance"
                        | "difference"
                        | "account_difference"
                        | "amount"
                        | "suspense_total"
                ) || column.starts_with("age_")
                    || column.ends_with("_weight")
                    || column == "probability";
                if money_like {
                    continue;
                }
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{name} {column}: {cell:?} would run as a formula"
                );
            }
        }
    }
    let accounts = std::fs::read_to_string(out.join("accounts.csv")).unwrap();
    assert!(accounts.contains("'=HYPERLINK"), "neutralised, not dropped");
    let rejects = std::fs::read_to_string(out.join("rejects.csv")).unwrap();
    assert!(
        rejects.contains("'=1+2") && rejects.contains("'-AS1"),
        "{rejects}"
    );
    let dups = std::fs::read_to_string(out.join("duplicates.csv")).unwrap();
    assert!(dups.contains("'-X1"), "{dups}");
    // Money keeps its minus sign: a credit is still a number.
    assert!(
        accounts.lines().any(|l| l.contains(",-273.90,")),
        "{accounts}"
    );
    // Parquet holds the reference exactly as the system wrote it.
    let table =
        debt_batch::read::parquet::ParquetTable::open(&out.join("accounts.parquet")).unwrap();
    assert!(table
        .raw(1)
        .into_iter()
        .chain((2..40).filter_map(|l| table.raw(l)))
        .any(|r| r.contains("=HYPERLINK") && !r.contains("'=")));
}

#[test]
fn every_file_a_run_or_link_writes_is_owner_only() {
    let dir = scratch("private");
    let out = dir.join("nested/out");
    assert_eq!(code(&run(&fixtures_config(), &out, &[])), Some(2));
    let summaries = out.join("summaries");
    for entry in std::fs::read_dir(&out)
        .unwrap()
        .chain(std::fs::read_dir(&summaries).unwrap())
        .flatten()
    {
        let mode = entry.metadata().unwrap().permissions().mode() & 0o777;
        let want = if entry.path() == summaries {
            0o700
        } else {
            0o600
        };
        assert_eq!(mode, want, "{:?}", entry.path());
    }
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o700
    );
    // link, on records of the run, into a folder that already has a
    // world-readable file of one of its names.
    let records = dir.join("records.csv");
    let mut w = csv::Writer::from_path(&records).unwrap();
    w.write_record([
        "record_id",
        "source",
        "role",
        "full_name",
        "forename",
        "surname",
        "dob",
        "nino",
        "address",
        "postcode",
        "uprn",
    ])
    .unwrap();
    w.write_record([
        "r1",
        "ctax",
        "lead_liable",
        "SMITH, JOHN",
        "",
        "",
        "",
        "",
        "12 High Street, Ashbury",
        "AS1 2HT",
        "",
    ])
    .unwrap();
    w.write_record([
        "r2",
        "rent",
        "tenant",
        "John Smith",
        "",
        "",
        "",
        "",
        "12 High Street",
        "AS1 2HT",
        "",
    ])
    .unwrap();
    w.flush().unwrap();
    let linked = dir.join("linked");
    std::fs::create_dir_all(&linked).unwrap();
    std::fs::write(linked.join("links.csv"), b"old").unwrap();
    std::fs::set_permissions(
        linked.join("links.csv"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let o = batch(&["link", "--records"])
        .arg(&records)
        .arg("--gazetteer")
        .arg(repo().join("fixtures/llpg.csv"))
        .arg("--out")
        .arg(&linked)
        .output()
        .unwrap();
    assert_eq!(code(&o), Some(0), "{}", said(&o));
    for entry in std::fs::read_dir(&linked).unwrap().flatten() {
        let mode = entry.metadata().unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode,
            0o600,
            "link wrote {:?} readable by others",
            entry.file_name()
        );
    }
}

//! The synthetic council (`debt-batch generate`) on its own: deterministic,
//! every file listed, in each system's encoding, and every kind of planted
//! defect listed in its truth. That the batch reads it back to exactly its
//! truth is debt-batch's test (debt-batch/tests/generate.rs).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use debt_synth::council::{generate, GenerateOptions, GenerateSummary};
use debt_test_support::scratch_unmade as scratch;

const HOUSEHOLDS: u64 = 300;
/// A seed whose 300 households plant every kind of defect at least once.
const SEED: u64 = 3;

fn make(dir: &Path, households: u64, seed: u64) -> GenerateSummary {
    generate(&GenerateOptions {
        households,
        seed,
        out: dir.to_path_buf(),
    })
    .expect("generate")
}

fn relative(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .expect("a file inside the output directory")
        .to_string_lossy()
        .into_owned()
}

/// Every file under `dir`, relative path to bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read");
                out.insert(relative(dir, &path), bytes);
            }
        }
    }
    out
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).expect("truth file");
    text.lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

#[test]
fn the_same_seed_writes_the_same_bytes_and_the_summary_lists_every_file() {
    let a = scratch("a");
    let b = scratch("b");
    let summary = make(&a, HOUSEHOLDS, SEED);
    make(&b, HOUSEHOLDS, SEED);

    let (ta, tb) = (tree(&a), tree(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (name, bytes) in &ta {
        assert!(
            bytes == &tb[name],
            "{name} differs between two runs with the same seed"
        );
    }
    let listed: BTreeSet<String> = summary.files.iter().map(|(p, _)| relative(&a, p)).collect();
    assert_eq!(listed, ta.keys().cloned().collect::<BTreeSet<_>>());
    for (path, size) in &summary.files {
        assert_eq!(*size, ta[&relative(&a, path)].len() as u64);
    }
    // The accounts and transaction rows the summary counts are the files' rows
    // (after the lines before the data).
    let data_rows = |name: &str, before: usize| {
        ta[name]
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
            .count()
            - before
    };
    assert_eq!(summary.accounts, data_rows("truth/balances.csv", 1) as u64);
    let masters = data_rows("ctax/accounts.csv", 1)
        + data_rows("rent/tenancies.csv", 1)
        + data_rows("nndr/accounts.csv", 1)
        + data_rows("fta/debts.csv", 1)
        + data_rows("hbop/debts.txt", 1)
        + data_rows("sundry/invoices.txt", 3);
    let planted_in_pcn = csv_rows(&a.join("truth/defects.csv"))
        .iter()
        .filter(|r| r[0] == "pcn/notices.csv")
        .count();
    assert_eq!(
        summary.accounts as usize,
        masters + data_rows("pcn/notices.csv", 0) - planted_in_pcn,
        "every master row is an account, and every penalty notice row but the planted ones"
    );
    assert_eq!(
        summary.transaction_rows,
        (data_rows("ctax/transactions.csv", 1)
            + data_rows("rent/transactions.csv", 1)
            + data_rows("nndr/transactions.csv", 1)
            + data_rows("fta/receipts.csv", 1)
            + data_rows("hbop/recoveries.txt", 1)
            + data_rows("sundry/receipts.txt", 3)) as u64
    );
    for dir in [a, b] {
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn the_revenues_export_is_windows_1252_and_the_housing_export_utf_8() {
    let dir = scratch("encodings");
    make(&dir, 40, SEED);
    let ctax = std::fs::read(dir.join("ctax/transactions.csv")).expect("ctax");
    assert!(ctax.contains(&0xA3), "the pound sign is one byte, 0xA3");
    assert!(std::str::from_utf8(&ctax).is_err());
    assert!(ctax.windows(2).any(|w| w == b"\r\n"), "CRLF line ends");
    let rent = std::fs::read(dir.join("rent/transactions.csv")).expect("rent");
    assert!(std::str::from_utf8(&rent).is_ok());
    assert!(!rent.contains(&b'\r'));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn each_other_system_writes_in_its_own_vendor_style() {
    let dir = scratch("styles");
    make(&dir, 300, SEED);
    let text = |name: &str| std::fs::read_to_string(dir.join(name)).expect(name);
    let second_line = |name: &str| text(name).lines().nth(1).unwrap_or("").to_string();
    // Rates: every field quoted, CRLF, dd-mm-yyyy, credits with CR.
    let nndr = text("nndr/transactions.csv");
    assert!(nndr.starts_with("\"TRANS_NO\",") && nndr.contains("\r\n"));
    assert!(nndr.contains(" CR\""), "a credit written with CR");
    // Recovery: ';' and yyyy/mm/dd; receipts have no type column.
    assert!(second_line("fta/receipts.csv")
        .split(';')
        .nth(2)
        .unwrap_or("")
        .contains('/'));
    assert_eq!(
        text("fta/receipts.csv").lines().next(),
        Some("Payment Ref;FTA Ref;Paid On;Amount;Method")
    );
    // Benefits: pipes and yyyymmdd; recoveries have no id.
    let rec = second_line("hbop/recoveries.txt");
    assert_eq!(rec.split('|').count(), 4);
    assert_eq!(rec.split('|').nth(1).map(str::len), Some(8));
    // Finance: a title and a run date line, then tab-separated headings, dd.mm.yyyy.
    let invoices = text("sundry/invoices.txt");
    assert!(invoices
        .lines()
        .nth(2)
        .unwrap_or("")
        .starts_with("Invoice No\t"));
    assert!(invoices
        .lines()
        .nth(3)
        .unwrap_or("")
        .split('\t')
        .nth(6)
        .unwrap_or("")
        .contains('.'));
    // Parking: no heading row, dd-Mon-yyyy.
    let pcn = text("pcn/notices.csv");
    assert!(pcn.starts_with("AS"));
    assert!(pcn.lines().next().unwrap_or("").contains("-20"));
    // Breathing space kept by hand: no reference column.
    assert!(text("people/breathing_space.csv").starts_with("forename,surname,"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_directory_that_holds_files_is_refused_and_left_untouched() {
    let dir = scratch("refused");
    make(&dir, 5, SEED);
    let before = tree(&dir);
    let err = generate(&GenerateOptions {
        households: 1,
        seed: SEED,
        out: dir.to_path_buf(),
    })
    .expect_err("a non-empty directory");
    assert!(matches!(err, debt_synth::Error::NotEmpty { .. }), "{err}");
    assert_eq!(err.path(), &*dir);
    assert_eq!(tree(&dir), before);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn another_seed_makes_another_council() {
    let c = scratch("c");
    make(&c, 20, SEED + 1);
    let d = scratch("d");
    make(&d, 20, SEED);
    assert_ne!(
        std::fs::read(c.join("rent/transactions.csv")).expect("c"),
        std::fs::read(d.join("rent/transactions.csv")).expect("d")
    );
    for dir in [c, d] {
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn every_kind_of_defect_is_planted_and_listed_once() {
    let dir = scratch("defects");
    make(&dir, HOUSEHOLDS, SEED);
    let planted: Vec<(String, u64, String)> = csv_rows(&dir.join("truth/defects.csv"))
        .into_iter()
        .map(|r| (r[0].clone(), r[1].parse().expect("line"), r[2].clone()))
        .collect();
    let distinct: BTreeSet<_> = planted.iter().map(|(f, l, _)| (f, l)).collect();
    assert_eq!(distinct.len(), planted.len(), "one defect per line");
    let kinds: BTreeSet<&str> = planted.iter().map(|(_, _, k)| k.as_str()).collect();
    assert_eq!(
        kinds,
        BTreeSet::from([
            "bad_amount",
            "bad_date",
            "conflicting_duplicate",
            "duplicate",
            "missing_field",
            "unknown_account",
            "unknown_code",
        ]),
        "seed {SEED} should plant every kind of defect"
    );
    // Bad rows are planted in every system's files and every person file.
    let files: BTreeSet<&str> = planted.iter().map(|(f, _, _)| f.as_str()).collect();
    for file in [
        "ctax/transactions.csv",
        "rent/transactions.csv",
        "pcn/notices.csv",
        "people/breathing_space.csv",
        "people/vulnerability.csv",
        "people/income_expenditure.csv",
    ] {
        assert!(files.contains(file), "no bad row planted in {file}");
    }
    // A receipt naming no account is money in suspense, and the truth says so.
    let suspense = csv_rows(&dir.join("truth/suspense.csv"));
    for row in &suspense {
        assert!(
            planted.contains(&(
                row[1].clone(),
                row[2].parse().expect("line"),
                "unknown_account".into()
            )) || planted.contains(&(
                row[1].clone(),
                row[2].parse().expect("line"),
                "missing_field".into()
            )),
            "{row:?} is not a planted receipt for no account"
        );
    }
    assert!(
        !suspense.is_empty(),
        "seed {SEED} should plant a suspense receipt"
    );
    // The control totals plant one break (parking) and one earlier date (sundry).
    let control = csv_rows(&dir.join("truth/control.csv"));
    let status: BTreeMap<&str, (&str, &str)> = control
        .iter()
        .map(|r| (r[0].as_str(), (r[3].as_str(), r[7].as_str())))
        .collect();
    assert_eq!(status.len(), 7);
    assert_eq!(status["pcn"].1, "BREAK");
    assert_eq!(status["sundry"], ("2026-11-19", "MATCHED"));
    assert!(control
        .iter()
        .filter(|r| r[0] != "pcn")
        .all(|r| r[7] == "MATCHED"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The `[[sources]]` blocks of a config, by id, each up to the next
/// separator comment.
fn source_sections(toml: &str) -> BTreeMap<String, String> {
    toml.split("[[sources]]")
        .skip(1)
        .map(|block| {
            let block = block.split("\n# ====").next().unwrap_or(block).trim_end();
            let id = block
                .lines()
                .find_map(|l| l.strip_prefix("id = "))
                .expect("an id")
                .trim_matches('"')
                .to_string();
            (id, block.to_string())
        })
        .collect()
}

#[test]
fn the_config_it_writes_has_every_system_and_the_fixtures_ctax_and_rent_sections() {
    let dir = scratch("config");
    make(&dir, 5, 9);
    let written = std::fs::read_to_string(dir.join("sources.toml")).expect("sources.toml");
    assert!(written.starts_with(
        "# Generated by `debt-batch generate --households 5 --seed 9`: a synthetic council\n"
    ));
    assert!(!written.contains("{households}") && !written.contains("{seed}"));
    let fixture = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/sources.toml"),
    )
    .expect("fixtures/sources.toml");
    let (ours, theirs) = (source_sections(&written), source_sections(&fixture));
    assert_eq!(
        ours.keys().collect::<Vec<_>>(),
        ["ctax", "fta", "hbop", "nndr", "pcn", "rent", "sundry"]
    );
    for id in ["ctax", "rent"] {
        let section = &ours[id];
        assert_eq!(
            Some(section),
            theirs.get(id),
            "the {id} section has drifted from fixtures/sources.toml"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_file_and_directory_it_writes_is_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("modes");
    make(&dir, 20, SEED);
    let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700, "the output directory");
    let mut stack = vec![dir.to_path_buf()];
    let mut files = 0;
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                assert_eq!(mode(&path), 0o700, "{}", path.display());
                stack.push(path);
            } else {
                assert_eq!(mode(&path), 0o600, "{}", path.display());
                files += 1;
            }
        }
    }
    assert_eq!(files, 25);
    let _ = std::fs::remove_dir_all(&dir);
}

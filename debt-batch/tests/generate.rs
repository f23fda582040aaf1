//! `debt-batch generate` end to end: the synthetic council is deterministic,
//! and the batch reads it back to exactly its truth: every account's
//! balance, every source MATCHED, and exactly the planted bad rows rejected
//! or counted as duplicates.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use debt_batch::generate::{generate, GenerateOptions, GenerateSummary};
use debt_core::{Money, ReconcileStatus};

const HOUSEHOLDS: u64 = 300;
/// A seed whose 300 households plant every kind of defect at least once.
const SEED: u64 = 3;

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("generate-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

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
fn generated_council_is_deterministic_and_reconciles_to_its_truth() {
    let a = scratch("a");
    let b = scratch("b");
    let summary = make(&a, HOUSEHOLDS, SEED);
    make(&b, HOUSEHOLDS, SEED);

    // Same seed: byte-identical files, and the summary lists them all.
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
    // The revenues export is Windows-1252 (the pound sign is one byte).
    let ctax = &ta["ctax/transactions.csv"];
    assert!(ctax.contains(&0xA3) && std::str::from_utf8(ctax).is_err());

    // A non-empty directory is refused, and nothing in it is touched.
    assert!(generate(&GenerateOptions {
        households: 1,
        seed: SEED,
        out: a.clone(),
    })
    .is_err());
    assert_eq!(tree(&a), ta);

    // Another seed: another council.
    let c = scratch("c");
    make(&c, 20, SEED + 1);
    let d = scratch("d");
    make(&d, 20, SEED);
    assert_ne!(
        std::fs::read(c.join("rent/transactions.csv")).unwrap(),
        std::fs::read(d.join("rent/transactions.csv")).unwrap()
    );

    // The batch reads it back to the truth.
    let loaded = debt_batch::Config::load(&a.join("sources.toml")).expect("config");
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let result = debt_batch::compute(&loaded, as_of, &|_: &str| {}).expect("compute");

    let truth: BTreeMap<(String, String), Money> = csv_rows(&a.join("truth/balances.csv"))
        .into_iter()
        .map(|r| {
            (
                (r[0].clone(), r[1].clone()),
                Money::parse(&r[2]).expect("truth balance"),
            )
        })
        .collect();
    assert_eq!(result.accounts.len(), truth.len());
    assert_eq!(summary.accounts, truth.len() as u64);
    for account in &result.accounts {
        let key = (
            account.record.source.clone(),
            account.record.account.reference.clone(),
        );
        let expected = truth
            .get(&key)
            .unwrap_or_else(|| panic!("{key:?} is not in the truth"));
        assert_eq!(account.position.balance, *expected, "{key:?}");
    }

    assert_eq!(result.reconciliation.len(), 2);
    for r in &result.reconciliation {
        assert_eq!(r.status, ReconcileStatus::Matched, "{r:?}");
    }
    assert!(result.unmatched_controls.is_empty());

    // Exactly the planted bad rows: rejected with their class, or counted as
    // exact duplicates.
    let planted: BTreeSet<(String, u64, String)> = csv_rows(&a.join("truth/defects.csv"))
        .into_iter()
        .map(|r| (r[0].clone(), r[1].parse().expect("line"), r[2].clone()))
        .collect();
    let mut found: BTreeSet<(String, u64, String)> = result
        .ingested
        .rejects
        .iter()
        .map(|r| (r.file.clone(), r.line, r.reason.class().to_string()))
        .collect();
    found.extend(
        result
            .ingested
            .duplicates
            .iter()
            .map(|d| (d.file.clone(), d.line, "duplicate".to_string())),
    );
    assert_eq!(
        result.ingested.rejects.len() + result.ingested.duplicates.len(),
        planted.len()
    );
    assert_eq!(found, planted);
    let kinds: BTreeSet<&str> = planted.iter().map(|(_, _, k)| k.as_str()).collect();
    assert_eq!(
        kinds,
        BTreeSet::from([
            "bad_amount",
            "bad_date",
            "conflicting_duplicate",
            "duplicate",
            "unknown_account",
            "unknown_code",
        ]),
        "seed {SEED} should plant every kind of defect"
    );

    // Every transaction row written was read.
    let read: u64 = result
        .ingested
        .files
        .iter()
        .filter(|f| f.role == "transactions")
        .map(|f| f.counts.read)
        .sum();
    assert_eq!(read, summary.transaction_rows);

    for dir in [a, b, c, d] {
        let _ = std::fs::remove_dir_all(dir);
    }
}

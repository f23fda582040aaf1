//! Hostile inputs, generated: random mutations of the bundled fixture files
//! (stray quotes, cut lines, NUL bytes, extra or missing delimiters, bytes
//! of another encoding, stray line ends) fed to the whole ingest. Whatever
//! the damage: no panic; a run that cannot go on says which file and why;
//! and every physical line of every file ends up exactly once as the header
//! (or a skipped line), a blank line, an accepted row, a reject or a
//! duplicate, each reject and duplicate with its own line.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use debt_batch::{BatchError, Config};
use proptest::prelude::*;
use support::*;

/// The text inputs of the fixtures with their delimiter.
const FILES: &[(&str, u8)] = &[
    ("ctax/accounts.csv", b';'),
    ("ctax/transactions.csv", b';'),
    ("ctax/instalments.csv", b';'),
    ("rent/tenancies.csv", b','),
    ("rent/transactions.csv", b','),
    ("fta/former_tenancies.csv", b','),
    ("hbop/claims.txt", b'|'),
    ("hbop/transactions.txt", b'|'),
    ("sundry/aged_debt.txt", b'\t'),
    ("pcn/pcn_debts.csv", b','),
    ("people/breathing_space.csv", b','),
    ("control_totals.csv", b','),
    ("llpg.csv", b','),
];

#[derive(Debug, Clone)]
enum Mutation {
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Cut(usize),
    DuplicateLine(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let bytes = prop_oneof![
        Just(b"\"".to_vec()),
        Just(b"\0".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\xA3".to_vec()),
        Just(b"\xC3\x28".to_vec()),
        Just(b",".to_vec()),
        Just(b";".to_vec()),
        Just(b"|".to_vec()),
        Just(b"\t".to_vec()),
        Just(b"\"\"".to_vec()),
        Just(b"  \n\n".to_vec()),
    ];
    prop_oneof![
        4 => (any::<usize>(), bytes).prop_map(|(at, b)| Mutation::Insert(at, b)),
        2 => (any::<usize>(), 1usize..4).prop_map(|(at, n)| Mutation::Delete(at, n)),
        1 => any::<usize>().prop_map(Mutation::Cut),
        1 => any::<usize>().prop_map(Mutation::DuplicateLine),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let len = bytes.len().max(1);
    match m {
        Mutation::Insert(at, b) => {
            let at = at % (bytes.len() + 1);
            bytes.splice(at..at, b.iter().copied());
        }
        Mutation::Delete(at, n) => {
            let at = at % len;
            let end = (at + n).min(bytes.len());
            bytes.drain(at.min(end)..end);
        }
        Mutation::Cut(at) => bytes.truncate(at % len),
        Mutation::DuplicateLine(n) => {
            let starts: Vec<usize> = std::iter::once(0)
                .chain(
                    bytes
                        .iter()
                        .enumerate()
                        .filter(|(_, b)| **b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .filter(|i| *i < bytes.len())
                .collect();
            // A file cut to nothing has no line to repeat.
            if starts.is_empty() {
                return;
            }
            let start = starts[n % starts.len()];
            let end = bytes[start..]
                .iter()
                .position(|b| *b == b'\n')
                .map(|i| start + i + 1)
                .unwrap_or(bytes.len());
            let line = bytes[start..end].to_vec();
            bytes.splice(end..end, line);
        }
    }
}

/// Physical lines of a file and which are blank (the reader's rule: empty,
/// or spaces only, or tabs too where the delimiter is not a tab).
fn lines_of(bytes: &[u8], delimiter: u8) -> Vec<bool> {
    let mut lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    if bytes.ends_with(b"\n") || bytes.is_empty() {
        lines.pop();
    }
    lines
        .iter()
        .map(|l| {
            let l = l.strip_suffix(b"\r").unwrap_or(l);
            l.iter()
                .all(|b| *b == b' ' || (*b == b'\t' && delimiter != b'\t'))
        })
        .collect()
}

fn check_every_line_accounted(
    dir: &Path,
    mutated: &str,
    delimiter: u8,
) -> Result<(), TestCaseError> {
    let loaded = Config::load(&dir.join("fixtures/sources.toml")).unwrap();
    let result = match debt_batch::compute(
        &loaded,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        &debt_batch::progress::Quiet,
    ) {
        Ok(r) => r,
        Err(e @ (BatchError::Invariant(_) | BatchError::InputChanged { .. })) => {
            return Err(TestCaseError::fail(format!("{e}")))
        }
        // A header or a first line destroyed: the run stops, naming the file.
        Err(e) => {
            prop_assert!(e.to_string().contains(mutated), "{e}");
            return Ok(());
        }
    };
    for file in result
        .ingested
        .files
        .iter()
        .filter(|f| f.source != "matching")
    {
        let bytes = std::fs::read(&file.path).unwrap();
        let delim = if file.display == mutated {
            delimiter
        } else {
            FILES
                .iter()
                .find(|(n, _)| *n == file.display)
                .map(|x| x.1)
                .unwrap_or(b',')
        };
        let lines = lines_of(&bytes, delim);
        let before = file.read.lines_before_data as usize;
        let data: Vec<u64> = (before..lines.len())
            .filter(|i| !lines[*i])
            .map(|i| i as u64 + 1)
            .collect();
        prop_assert_eq!(file.read.lines, lines.len() as u64, "{}", file.display);
        prop_assert_eq!(file.counts.read, data.len() as u64, "{}", file.display);
        prop_assert!(
            file.counts.is_conserved(),
            "{}: {:?}",
            file.display,
            file.counts
        );
        // Rejects and duplicates: each on its own data line.
        let mut seen: BTreeMap<u64, &str> = BTreeMap::new();
        let data_lines: BTreeSet<u64> = data.iter().copied().collect();
        for r in result
            .ingested
            .rejects
            .iter()
            .filter(|r| r.file == file.display)
        {
            prop_assert!(
                data_lines.contains(&r.line),
                "{} reject on line {} is not a data line",
                file.display,
                r.line
            );
            prop_assert!(
                seen.insert(r.line, "reject").is_none(),
                "{} line {} twice",
                file.display,
                r.line
            );
        }
        for d in result
            .ingested
            .duplicates
            .iter()
            .filter(|d| d.file == file.display)
        {
            prop_assert!(data_lines.contains(&d.line));
            prop_assert!(
                seen.insert(d.line, "duplicate").is_none(),
                "{} line {} twice",
                file.display,
                d.line
            );
        }
    }
    // Where accepted rows carry their line, the lines together are exactly
    // the data lines.
    let index_of = |name: &str| result.ingested.files.iter().position(|f| f.display == name);
    for name in [
        "rent/transactions.csv",
        "ctax/transactions.csv",
        "hbop/transactions.txt",
        "rent/tenancies.csv",
        "pcn/pcn_debts.csv",
    ] {
        let Some(i) = index_of(name) else { continue };
        let file = &result.ingested.files[i];
        let mut accounted: Vec<u64> = Vec::new();
        for a in &result.accounts {
            if a.record.row.file as usize == i {
                accounted.push(a.record.row.line);
            }
            accounted.extend(
                a.record
                    .ledger()
                    .iter()
                    .filter(|t| t.source.file as usize == i)
                    .map(|t| t.source.line),
            );
        }
        accounted.sort();
        accounted.dedup();
        accounted.extend(
            result
                .ingested
                .rejects
                .iter()
                .filter(|r| r.file == name)
                .map(|r| r.line),
        );
        accounted.extend(
            result
                .ingested
                .duplicates
                .iter()
                .filter(|d| d.file == name)
                .map(|d| d.line),
        );
        accounted.sort();
        let lines = lines_of(
            &std::fs::read(&file.path).unwrap(),
            FILES.iter().find(|(n, _)| *n == name).unwrap().1,
        );
        let data: Vec<u64> = (file.read.lines_before_data as usize..lines.len())
            .filter(|i| !lines[*i])
            .map(|i| i as u64 + 1)
            .collect();
        prop_assert_eq!(&accounted, &data, "{}", name);
    }
    Ok(())
}

proptest! {
    // 48 cases in the suite; PROPTEST_CASES=5000 for a longer hunt.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_damage_to_any_file_loses_no_line_and_never_panics(
        which in 0..FILES.len(),
        mutations in prop::collection::vec(mutation(), 1..5),
    ) {
        let dir = fixtures_copy(&format!("hostile-{which}"));
        let (name, delimiter) = FILES[which];
        let path = dir.join("fixtures").join(name);
        let mut bytes = std::fs::read(&path).unwrap();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        std::fs::write(&path, &bytes).unwrap();
        check_every_line_accounted(&dir, name, delimiter)?;
    }
}

//! The linker run in partitions, one after another, as a distributed engine
//! would run it (ARCHITECTURE.md, "Beyond one machine"), gives the same
//! persons, links and review queue as the single run, byte for byte.

mod support;

use support::*;

#[test]
fn linking_in_partitions_gives_the_single_runs_outputs() {
    let dir = scratch("partitions");
    let set = dir.join("set");
    let o = batch(&[
        "generate-persons",
        "--people",
        "1500",
        "--seed",
        "7",
        "--out",
    ])
    .arg(&set)
    .output()
    .unwrap();
    assert!(o.status.success(), "{}", said(&o));
    let link = |out: &str, partitions: &str| {
        let o = batch(&["link", "--records"])
            .arg(set.join("records.csv"))
            .arg("--gazetteer")
            .arg(set.join("llpg.csv"))
            .arg("--out")
            .arg(dir.join(out))
            .args(["--partitions", partitions])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", said(&o));
        String::from_utf8_lossy(&o.stdout).to_string()
    };
    let single = link("single", "1");
    let parted = link("parted", "4");
    assert!(!single.contains("partition 0"));
    // Four partitions, at least two holding records (a small borough has few
    // postcode districts).
    let held: Vec<u64> = parted
        .lines()
        .filter_map(|l| l.trim().strip_prefix("partition "))
        .map(|l| {
            let records = l.split(": ").nth(1).unwrap().split(' ').next().unwrap();
            records.parse().unwrap()
        })
        .collect();
    assert_eq!(held.len(), 4, "{parted}");
    assert!(held.iter().filter(|&&n| n > 0).count() >= 2, "{parted}");
    for file in ["records.csv", "links.csv", "review.csv"] {
        let a = std::fs::read(dir.join("single").join(file)).unwrap();
        let b = std::fs::read(dir.join("parted").join(file)).unwrap();
        assert!(
            a == b,
            "{file} differs between the single run and four partitions"
        );
    }
}

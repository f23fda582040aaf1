//! `debt-batch show`: a household read back from last night's outputs.

mod support;

use support::*;

#[test]
fn show_finds_a_household_by_account_person_postcode_or_name() {
    let dir = scratch("show");
    let out = dir.join("out");
    assert_eq!(run(&fixtures_config(), &out, &[]).status.code(), Some(2));
    let show = |args: &[&str]| {
        let started = std::time::Instant::now();
        let o = batch(&["show", "--out"])
            .arg(&out)
            .args(args)
            .output()
            .unwrap();
        assert!(started.elapsed().as_secs() < 5, "in seconds");
        (o.status.code(), said(&o))
    };
    // Mary O'Brien's former tenancy, in the household where she lives now.
    let (code, text) = show(&["--account", "fta:RT003981"]);
    assert_eq!(code, Some(0), "{text}");
    for needle in [
        "Household H100062082701: 27 Elm Close",
        "BREATHING SPACE ACTIVE",
        "fta:RT003981",
        "2025/26",
        "breathing space breach (533.00)",
    ] {
        assert!(text.contains(needle), "{needle:?} in:\n{text}");
    }
    // Two households share a postcode: both are listed.
    let (_, text) = show(&["--find", "as2 5el"]);
    assert!(
        text.contains("2 households match") && text.contains("H100062082501"),
        "{text}"
    );
    // By name, and by person.
    let (_, text) = show(&["--find", "okafor"]);
    assert!(
        text.contains("vulnerable person with enforcement agents")
            || text.contains("vulnerable in enforcement"),
        "{text}"
    );
    // An account in no household says why.
    let (_, text) = show(&["--account", "nndr:60009876"]);
    assert!(
        text.contains("in no household") && text.contains("organisation"),
        "{text}"
    );
    let (code, text) = show(&["--household", "H000000000000"]);
    assert_eq!(code, Some(0));
    assert!(text.contains("No household"), "{text}");
    // Usage: one of the four is needed.
    let (code, _) = show(&[]);
    assert_eq!(code, Some(64));
    // A folder that is not a run's.
    let o = batch(&["show", "--out"])
        .arg(&*dir)
        .args(["--find", "x"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(said(&o).contains("households.csv"), "{}", said(&o));
}

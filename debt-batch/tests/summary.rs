//! Advisor summaries: written by the run for every household with a
//! statement, made again on demand from the outputs (byte for byte), with
//! an advisor's what-if changes, readable in a real browser.

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use support::*;

/// The household with the rent credit, the weekly pension and the plan.
const JONES: &str = "H100062011204";

fn fixture_run(name: &str) -> (Scratch, std::path::PathBuf) {
    let dir = scratch(name);
    let out = dir.join("out");
    assert_eq!(run(&fixtures_config(), &out, &[]).status.code(), Some(2));
    (dir, out)
}

fn summary(out: &Path, args: &[&str]) -> (Option<i32>, String) {
    let o = batch(&["summary", "--out"])
        .arg(out)
        .args(args)
        .output()
        .unwrap();
    let text = if o.status.success() {
        String::from_utf8_lossy(&o.stdout).into_owned()
    } else {
        said(&o)
    };
    (o.status.code(), text)
}

#[test]
fn the_run_writes_a_summary_for_every_household_with_a_statement_and_an_index() {
    let (_dir, out) = fixture_run("summary-run");
    let pages = out.join("summaries");
    let mut names: Vec<String> = std::fs::read_dir(&pages)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "H100062011201.html",
            "H100062011201.md",
            "H100062011204.html",
            "H100062011204.md",
            "H100062082701.html",
            "H100062082701.md",
            "index.html"
        ]
    );
    for n in &names {
        let mode = std::fs::metadata(pages.join(n))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{n} is owner-only");
    }
    let index = std::fs::read_to_string(pages.join("index.html")).unwrap();
    for needle in [
        "3 households",
        "<a href=\"H100062011204.html\">",
        "all cleared",
        "breathing space",
    ] {
        assert!(index.contains(needle), "{needle:?} in the index");
    }
    // The manifest counts them and hashes each page.
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"summaries\": 3"), "{manifest}");
    assert!(manifest.contains("summaries/H100062011204.html"));
    assert!(manifest.contains("\"max_term_months\": 36"));
}

#[test]
fn a_summary_made_on_demand_is_the_one_the_night_wrote() {
    let (_dir, out) = fixture_run("summary-again");
    for id in ["H100062011201", JONES, "H100062082701"] {
        let (code, md) = summary(&out, &["--household", id]);
        assert_eq!(code, Some(0), "{md}");
        let night = std::fs::read_to_string(out.join(format!("summaries/{id}.md"))).unwrap();
        assert_eq!(md, night, "{id} markdown");
        let (code, html) = summary(&out, &["--household", id, "--format", "html"]);
        assert_eq!(code, Some(0));
        let night = std::fs::read_to_string(out.join(format!("summaries/{id}.html"))).unwrap();
        assert_eq!(html, night, "{id} html");
    }
}

#[test]
fn what_if_changes_remake_the_plan_without_rerunning_anything() {
    let (_dir, out) = fixture_run("summary-what-if");
    let (_, night) = summary(&out, &["--household", JONES]);
    assert!(
        night.contains("disposable income £25.17 a month"),
        "{night}"
    );
    assert!(night.contains("4 × £25.17 from 2026-12-01, last £6.62 on 2027-04-01"));
    assert!(!night.contains("What-if"));

    // Groceries (line 8) up from 70.00 to 75.00 a week: 21.67 a month less,
    // so 3.50 a month is left for the 107.30 still owed after the credit.
    let (code, text) = summary(&out, &["--household", JONES, "--set-line", "8=75.00"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("**What-if**"), "{text}");
    assert!(
        text.contains("statement line 8 set to 75.00 weekly"),
        "{text}"
    );
    assert!(text.contains("disposable income £3.50 a month"), "{text}");
    assert!(
        text.contains("30 × £3.50 from 2026-12-01, last £2.30 on 2029-06-01"),
        "{text}"
    );

    // Leave the care charge out and no instalments are asked for at all.
    let (_, text) = summary(
        &out,
        &["--household", JONES, "--leave-out", "sundry:91002345"],
    );
    assert!(text.contains("debt sundry:91002345 left out"), "{text}");
    assert!(text.contains("Nothing is asked for"), "{text}");

    // Nothing to spare: the plan says so and names the routes, never an
    // unaffordable plan.
    let (_, text) = summary(
        &out,
        &[
            "--household",
            JONES,
            "--disposable",
            "0.00",
            "--token",
            "0.00",
            "--start",
            "2027-01-01",
        ],
    );
    assert!(
        text.contains("disposable income taken as 0.00 a month"),
        "{text}"
    );
    assert!(text.contains("first instalment on 2027-01-01"), "{text}");
    assert!(
        text.contains("cannot afford even its priority arrears"),
        "{text}"
    );
    assert!(
        text.contains("Route: A debt relief order may fit"),
        "{text}"
    );

    // A household with no statement: no plan until a figure is given.
    let (code, text) = summary(&out, &["--household", "H100062103001"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("no income and expenditure statement is on file"),
        "{text}"
    );
    // With a figure and no statement, the rent is taken from the surplus
    // first; the council tax credit offsets every arrear.
    let (_, text) = summary(
        &out,
        &["--household", "H100062103001", "--disposable", "600.00"],
    );
    assert!(
        text.contains("disposable income taken as 600.00 a month"),
        "{text}"
    );
    assert!(
        text.contains("(£512.20 of them from the surplus)"),
        "{text}"
    );
    assert!(text.contains("£87.80 per instalment"), "{text}");
    assert!(text.contains("Nothing is asked for"), "{text}");
}

#[test]
fn bad_summary_requests_are_usage_errors_or_say_what_is_missing() {
    let (dir, out) = fixture_run("summary-bad");
    for args in [
        vec!["--household", JONES, "--set-line", "eight=75.00"],
        vec!["--household", JONES, "--set-line", "0=75.00"],
        vec!["--household", JONES, "--disposable", "-5.00"],
        vec!["--household", JONES, "--frequency", "four_weekly"],
        vec!["--household", JONES, "--start", "01/12/2026"],
        vec!["--household", JONES, "--add-line", "lottery=5.00/weekly"],
        vec![],
        vec!["--all"],
    ] {
        let (code, text) = summary(&out, &args);
        assert_eq!(code, Some(64), "{args:?}: {text}");
    }
    let (code, text) = summary(&out, &["--household", "H000000000000"]);
    assert_eq!(code, Some(1));
    assert!(text.contains("no household H000000000000"), "{text}");
    // A line that is not on the statement is named.
    let (code, text) = summary(&out, &["--household", JONES, "--set-line", "40=1.00"]);
    assert_eq!(code, Some(0));
    assert!(text.contains("the plan could not be made"), "{text}");
    // Never into the night's own folder (the next run would refuse it),
    // and --all never over a folder that holds anything.
    let (code, text) = summary(
        &out,
        &[
            "--household",
            JONES,
            "--to",
            out.join("x.md").to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(64), "{text}");
    assert!(text.contains("inside the run's output folder"), "{text}");
    let (code, text) = summary(&out, &["--all", "--to", dir.to_str().unwrap()]);
    assert_eq!(code, Some(64), "{text}");
    assert!(text.contains("is not empty"), "{text}");
    // Not a run's folder.
    let (code, text) = summary(&dir.join("nowhere"), &["--household", JONES]);
    assert_eq!(code, Some(1));
    assert!(text.contains("is --out the folder of a run?"), "{text}");
    // Every household, into a folder.
    let all = dir.join("all");
    let o = batch(&["summary", "--all", "--out"])
        .arg(&out)
        .arg("--to")
        .arg(&all)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", said(&o));
    let pages = std::fs::read_dir(&all).unwrap().count();
    // Every household of the fixtures (10), twice, and the index.
    assert_eq!(pages, 10 * 2 + 1);
    // Only those with a statement: the night's own set, the same bytes.
    let again = dir.join("again");
    let o = batch(&["summary", "--all", "--with-statements", "--out"])
        .arg(&out)
        .arg("--to")
        .arg(&again)
        .output()
        .unwrap();
    assert!(
        said(&o).contains("3 summaries (3 with a plan)"),
        "{}",
        said(&o)
    );
    assert_eq!(tree(&again), tree(&out.join("summaries")));
}

/// The page as a person sees it: Chromium prints it to PDF and the PDF's
/// text is what a reader (or a printer) gets. Needs `chromium` and
/// `pdftotext` (Debian packages chromium and poppler-utils; .ci/run
/// installs them). Without them the test fails, saying so, unless
/// DEBT_SKIP_BROWSER=1 says to skip it.
#[test]
fn a_summary_page_reads_and_prints_in_a_browser() {
    let have = |tool: &str| {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("command -v {tool}"))
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !(have("chromium") && have("pdftotext")) {
        if std::env::var("DEBT_SKIP_BROWSER").as_deref() == Ok("1") {
            eprintln!("skipped: chromium or pdftotext missing and DEBT_SKIP_BROWSER=1");
            return;
        }
        panic!("chromium and pdftotext are needed (apt-get install chromium poppler-utils; .ci/run installs them), or set DEBT_SKIP_BROWSER=1");
    }
    let (dir, out) = fixture_run("summary-browser");
    let page = out.join(format!("summaries/{JONES}.html"));
    let pdf = dir.join("page.pdf");
    let profile = dir.join("profile");
    let o = std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(pdf.exists(), "chromium printed no PDF: {}", said(&o));
    let text = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    for needle in [
        "Household H100062011204",
        "Credit that could offset arrears",
        "Vulnerability recorded",
        "What is owed",
        "JONES, WILLIAM",
        "£25.17",
        "Every debt is cleared by the proposed plan",
        "2027-04-01",
        "How each figure was derived",
        "people/income_expenditure.csv:25",
    ] {
        assert!(text.contains(needle), "{needle:?} not visible in:\n{text}");
    }
    // Nothing of the markup shows as text.
    assert!(!text.contains("<td") && !text.contains("&amp;"), "{text}");
}

#[test]
fn the_arrangements_settings_shape_every_plan_and_bad_ones_are_refused() {
    let dir = fixtures_copy("summary-settings");
    let config = dir.join("fixtures/sources.toml");
    let base = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("{base}\n[arrangements]\nmax_term_months = 12\nfrequency = \"weekly\"\nstart = \"2027-01-04\"\ntoken_per_month = \"0.00\"\n"),
    )
    .unwrap();
    let out = dir.join("out");
    assert_eq!(run(&config, &out, &[]).status.code(), Some(2));
    let page = std::fs::read_to_string(out.join(format!("summaries/{JONES}.md"))).unwrap();
    assert!(
        page.contains("weekly instalments from 2027-01-04 to at most"),
        "{page}"
    );
    // On demand, from the manifest, the same.
    let (_, again) = summary(&out, &["--household", JONES]);
    assert_eq!(again, page);
    for (bad, key) in [
        ("max_term_months = 0", "arrangements.max_term_months"),
        (
            "token_per_month = \"-1.00\"",
            "arrangements.token_per_month",
        ),
        ("frequency = \"four_weekly\"", "frequency"),
        ("start = \"04/01/2027\"", "start"),
    ] {
        std::fs::write(&config, format!("{base}\n[arrangements]\n{bad}\n")).unwrap();
        let o = run(&config, &dir.join("out2"), &[]);
        assert_eq!(o.status.code(), Some(1), "{bad}: {}", said(&o));
        assert!(said(&o).contains(key), "{bad}: {}", said(&o));
    }
}

//! debt-core and the batch checked against the fixtures' hand-worked
//! figures (fixtures/EXPECTED.md, fixtures/expected/*.csv) and against the
//! checked-in golden outputs (fixtures/expected/golden/).

use std::collections::BTreeMap;

use debt_batch::Config;
use debt_core::{AgeBucket, Money};
use debt_test_support::{fixtures_as_of, fixtures_config, fixtures_copy, repo as repo_root};

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
    let result =
        debt_batch::compute(&loaded, fixtures_as_of(), &debt_batch::progress::Quiet).unwrap();
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
    let result =
        debt_batch::compute(&loaded, fixtures_as_of(), &debt_batch::progress::Quiet).unwrap();
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
    let result =
        debt_batch::compute(&loaded, fixtures_as_of(), &debt_batch::progress::Quiet).unwrap();
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
    assert_eq!(result.ingested.duplicates.len(), 2);
}

#[test]
fn outputs_match_the_checked_in_golden_files() {
    let out = std::env::temp_dir().join(format!("debt-golden-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let loaded = Config::load(&fixtures_config()).unwrap();
    debt_batch::run(
        &loaded,
        fixtures_as_of(),
        &out,
        &debt_batch::progress::Quiet,
    )
    .unwrap();
    let golden = repo_root().join("fixtures/expected/golden");
    for name in [
        "accounts.csv",
        "reconciliation.csv",
        "reconciliation.json",
        "rejects.csv",
        "duplicates.csv",
        "suspense.csv",
        "households.csv",
        "household_accounts.csv",
        "household_account_years.csv",
        "exceptions.csv",
        "statements.csv",
        "summaries/index.html",
        "summaries/H100062011201.md",
        "summaries/H100062011204.md",
        "summaries/H100062011204.html",
        "summaries/H100062082701.md",
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

#[test]
fn parquet_outputs_hold_the_same_exact_figures_as_the_csv() {
    let out = std::env::temp_dir().join(format!("debt-parquet-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let loaded = Config::load(&fixtures_config()).unwrap();
    debt_batch::run(
        &loaded,
        fixtures_as_of(),
        &out,
        &debt_batch::progress::Quiet,
    )
    .unwrap();
    let table =
        debt_batch::read::parquet::ParquetTable::open(&out.join("accounts.parquet")).unwrap();
    let csv_rows = read_csv(&out.join("accounts.csv"));
    let names = &table.header().names;
    let mut parquet_rows = Vec::new();
    table
        .process(
            Vec::new,
            |rows: &mut Vec<BTreeMap<String, String>>, row| {
                rows.push(
                    names
                        .iter()
                        .enumerate()
                        .map(|(i, n)| (n.clone(), row.get(i).to_string()))
                        .collect(),
                )
            },
            |_, rows| parquet_rows.extend(rows),
        )
        .unwrap();
    assert_eq!(parquet_rows.len(), csv_rows.len());
    for (p, c) in parquet_rows.iter().zip(&csv_rows) {
        for column in [
            "source",
            "account_ref",
            "balance",
            "arrears",
            "not_yet_due",
            "age_over_6y",
            "last_payment_date",
            "oldest_arrears_date",
            "transactions",
        ] {
            assert_eq!(
                p[column], c[column],
                "{column} of {}:{}",
                c["source"], c["account_ref"]
            );
        }
    }
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn a_source_exported_as_parquet_gives_the_same_balances() {
    use debt_batch::output::parquet::write_parquet;
    use debt_batch::output::schema::{Column, Kind};
    let dir = fixtures_copy("parquet-in");
    // The housing system's transactions, as a Parquet export of text columns.
    let rows = read_csv(&repo_root().join("fixtures/rent/transactions.csv"));
    let headers: Vec<String> =
        csv::Reader::from_path(repo_root().join("fixtures/rent/transactions.csv"))
            .unwrap()
            .headers()
            .unwrap()
            .iter()
            .map(String::from)
            .collect();
    let columns: Vec<Column<'_, BTreeMap<String, String>>> = headers
        .iter()
        .map(|h| {
            Column::new(
                h.clone(),
                Kind::Text,
                move |r: &BTreeMap<String, String>| r[h].as_str().into(),
            )
        })
        .collect();
    write_parquet(
        &dir.join("fixtures/rent/transactions.parquet"),
        &columns,
        &rows,
    )
    .unwrap();
    let config = dir.join("fixtures/sources.toml");
    let text = std::fs::read_to_string(&config).unwrap().replace(
        "file = \"rent/transactions.csv\"",
        "file = \"rent/transactions.parquet\"\nformat = { kind = \"parquet\" }",
    );
    std::fs::write(&config, text).unwrap();
    let loaded = Config::load(&config).unwrap();
    let from_parquet =
        debt_batch::compute(&loaded, fixtures_as_of(), &debt_batch::progress::Quiet).unwrap();
    let expected = read_csv(&repo_root().join("fixtures/expected/balances.csv"));
    for row in expected.iter().filter(|r| r["source"] == "rent") {
        let a = from_parquet
            .accounts
            .iter()
            .find(|a| a.record.account.reference == row["account_ref"])
            .unwrap();
        assert_eq!(
            a.position.balance,
            money(&row["balance"]),
            "{}",
            row["account_ref"]
        );
        assert_eq!(
            a.position.arrears,
            money(&row["arrears"]),
            "{}",
            row["account_ref"]
        );
    }
    let rent = from_parquet
        .reconciliation
        .iter()
        .find(|r| r.source == "rent")
        .unwrap();
    assert_eq!(
        (rent.rows_rejected, rent.rows_duplicate),
        (1, 1),
        "the planted missing ref and duplicate are still caught"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The run's result on the config at `config`, as of the fixtures' date.
fn compute_with(config: &std::path::Path) -> debt_batch::RunResult {
    debt_batch::compute(
        &Config::load(config).unwrap(),
        fixtures_as_of(),
        &debt_batch::progress::Quiet,
    )
    .unwrap()
}

fn person_of(result: &debt_batch::RunResult, key: &str) -> String {
    result
        .matching
        .records
        .iter()
        .find(|r| r.key == key)
        .unwrap_or_else(|| panic!("no record {key}"))
        .person_id
        .clone()
}

fn household_of(result: &debt_batch::RunResult, key: &str) -> String {
    result
        .matching
        .records
        .iter()
        .find(|r| r.key == key)
        .unwrap_or_else(|| panic!("no record {key}"))
        .household_id
        .clone()
}

/// The who-is-who table of fixtures/EXPECTED.md.
const PEOPLE: &[&[&str]] = &[
    &[
        "ctax:30045821:lead_liable",
        "rent:RT004512:tenant",
        "hbop:HB0012345:claimant",
        "pcn:AS41000123:keeper",
        "breathing_space:BS-2026-0041",
        "income_expenditure:SFS-2026-0031",
    ],
    &[
        "ctax:30045821:joint_liable",
        "rent:RT004512:joint_tenant",
        "sundry:91001950:debtor",
        "vulnerability:VUL-0121",
    ],
    &[
        "ctax:30051177:lead_liable",
        "rent:RT004533:tenant",
        "sundry:91002345:debtor",
        "pcn:AS41000077:keeper",
        "vulnerability:VUL-0098",
        "vulnerability:VUL-0099",
    ],
    &[
        "ctax:30029935:lead_liable",
        "ctax:30062290:lead_liable",
        "fta:RT003981:tenant",
        "hbop:HB0023456:claimant",
        "breathing_space:BS-2026-0052",
        "vulnerability:VUL-0113",
        "income_expenditure:SFS-2026-0044",
    ],
    &["ctax:30038804:lead_liable", "pcn:AS40998812:keeper"],
    &[
        "nndr:60015310:lead_liable",
        "sundry:91001187:debtor",
        "sundry:91002011:debtor",
    ],
    &[
        "ctax:30047713:lead_liable",
        "hbop:HB0034567:claimant",
        "sundry:91001863:debtor",
        "pcn:AS40999561:keeper",
        "breathing_space:BS-2026-0007",
    ],
    &[
        "ctax:30071456:lead_liable",
        "rent:RT002871:tenant",
        "sundry:91002298:debtor",
        "pcn:AS41000410:keeper",
    ],
];

#[test]
fn every_person_is_found_across_systems_and_namesakes_stay_apart() {
    let loaded = Config::load(&fixtures_config()).unwrap();
    let result =
        debt_batch::compute(&loaded, fixtures_as_of(), &debt_batch::progress::Quiet).unwrap();
    let mut ids = Vec::new();
    for group in PEOPLE {
        let id = person_of(&result, group[0]);
        for key in group.iter() {
            assert_eq!(
                person_of(&result, key),
                id,
                "{key} should be the same person as {}",
                group[0]
            );
        }
        ids.push(id);
    }
    let distinct: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(
        distinct.len(),
        PEOPLE.len(),
        "different people (the two David Browns, John and Sarah Smith) stay apart"
    );
    // Raj Patel and his joint liable wife are two people; Patel Stores Ltd is a company.
    assert_ne!(
        person_of(&result, "ctax:30038804:lead_liable"),
        person_of(&result, "ctax:30038804:joint_liable")
    );
    assert_ne!(
        person_of(&result, "nndr:60012045:lead_liable"),
        person_of(&result, "ctax:30038804:lead_liable")
    );
}

#[test]
fn a_former_tenants_arrears_follow_her_to_her_new_household() {
    let loaded = Config::load(&fixtures_config()).unwrap();
    let result =
        debt_batch::compute(&loaded, fixtures_as_of(), &debt_batch::progress::Quiet).unwrap();
    // Mary O'Brien left 5 Oak Road; she is council tax liable at 27 Elm Close now.
    assert_eq!(
        household_of(&result, "fta:RT003981:tenant"),
        "H100062082701"
    );
    assert_eq!(
        household_of(&result, "ctax:30029935:lead_liable"),
        "H100062082701",
        "her old closed account too"
    );
    // John and Sarah Smith share 12 High Street; Bill Jones at Flat 3 is another household.
    assert_eq!(
        household_of(&result, "ctax:30045821:lead_liable"),
        household_of(&result, "ctax:30045821:joint_liable")
    );
    assert_ne!(
        household_of(&result, "ctax:30045821:lead_liable"),
        household_of(&result, "ctax:30051177:lead_liable")
    );
}

#[test]
fn person_ids_are_stable_across_nights_when_a_record_changes() {
    let dir = fixtures_copy("stable");
    let out = dir.join("out");
    let config = dir.join("fixtures/sources.toml");
    let first = debt_batch::run(
        &Config::load(&config).unwrap(),
        fixtures_as_of(),
        &out,
        &debt_batch::progress::Quiet,
    )
    .unwrap();
    // Next night John Smith's breathing space notice (the lowest key of his
    // records) is gone and his hbop claim has a typo in the surname.
    let bs = dir.join("fixtures/people/breathing_space.csv");
    let text: String = std::fs::read_to_string(&bs)
        .unwrap()
        .lines()
        .filter(|l| !l.contains("BS-2026-0041"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&bs, text).unwrap();
    let claims = dir.join("fixtures/hbop/claims.txt");
    let text =
        std::fs::read_to_string(&claims)
            .unwrap()
            .replacen("Mr John Smith", "Mr John Smiht", 1);
    std::fs::write(&claims, text).unwrap();
    let second = debt_batch::run(
        &Config::load(&config).unwrap(),
        fixtures_as_of(),
        &out,
        &debt_batch::progress::Quiet,
    )
    .unwrap();
    for group in PEOPLE {
        assert_eq!(
            person_of(&first, group[0]),
            person_of(&second, group[0]),
            "{} kept its person id",
            group[0]
        );
    }
    assert_eq!(
        person_of(&second, "hbop:HB0012345:claimant"),
        person_of(&first, "ctax:30045821:lead_liable")
    );
    assert!(second.matching.ids_carried as usize >= PEOPLE.len());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn officer_overrides_are_applied_both_ways_and_stale_ones_reported() {
    let dir = fixtures_copy("overrides");
    std::fs::write(
        dir.join("fixtures/overrides.csv"),
        "decision,record_a,record_b,officer,note\n\
         different,ctax:30045821:lead_liable,pcn:AS41000123:keeper,JB,keeper is John's father\n\
         same,ctax:30038804:lead_liable,nndr:60012045:lead_liable,JB,Raj is the sole director\n\
         same,ctax:99999999:lead_liable,pcn:AS41000123:keeper,JB,account since closed\n",
    )
    .unwrap();
    let config = dir.join("fixtures/sources.toml");
    let text =
        std::fs::read_to_string(&config).unwrap() + "\n[matching]\noverrides = \"overrides.csv\"\n";
    std::fs::write(&config, text).unwrap();
    let result = compute_with(&config);
    assert_ne!(
        person_of(&result, "ctax:30045821:lead_liable"),
        person_of(&result, "pcn:AS41000123:keeper"),
        "officer said different"
    );
    assert_eq!(
        person_of(&result, "ctax:30038804:lead_liable"),
        person_of(&result, "nndr:60012045:lead_liable"),
        "officer said same"
    );
    let summary = debt_batch::matching::summary(&result.matching);
    assert_eq!(
        summary.stale_overrides,
        vec!["same,ctax:99999999:lead_liable,pcn:AS41000123:keeper".to_string()]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The fixtures with one more tenancy: Kevin Walsh (whose former tenancy of
/// Flat 1, 12 High Street ended on 12 February 2023, leaving no forwarding
/// address) as tenant of 32 Park Avenue from `start`, with no date of birth;
/// and a tenancy whose end is before its start.
fn with_kevins_new_tenancy(start: &str) -> (debt_batch::RunResult, debt_test_support::Scratch) {
    let dir = fixtures_copy(&format!("move-{start}"));
    let tenancies = dir.join("fixtures/rent/tenancies.csv");
    let mut text = std::fs::read_to_string(&tenancies).unwrap();
    text.push_str(&format!(
        "RT005120,PA032,100062103201,32 Park Avenue,Ashbury,,AS3 6PA,{start},,current,NA,Mr,Kevin,Walsh,,,,,,,,95.00\n"
    ));
    text.push_str(
        "RT005121,PA032,100062103201,32 Park Avenue,Ashbury,,AS3 6PA,2024-01-10,2023-01-01,current,NA,Ms,Ann,Lee,,,,,,,,95.00\n",
    );
    std::fs::write(&tenancies, text).unwrap();
    // Among the fixtures' few dozen people any two records of one uncommon
    // name are likely one person, timing or not (in a borough they are not:
    // see BENCHMARKS.md). A council that wants near-certainty before linking
    // says so with the threshold.
    let config = dir.join("fixtures/sources.toml");
    let toml = std::fs::read_to_string(&config).unwrap() + "\n[matching]\nthreshold = 0.9999\n";
    std::fs::write(&config, toml).unwrap();
    let result = compute_with(&config);
    (result, dir)
}

#[test]
fn a_tenancy_that_begins_where_the_old_one_ended_goes_to_an_officer_who_decides_it() {
    use debt_core::identity::levels::{Field, OccupancyLevel};
    let occupancy = Field::Occupancy as usize;
    let link_between = |result: &debt_batch::RunResult, a: &str, b: &str| {
        let sources = &result.matching.sources;
        let index = |key: &str| sources.iter().position(|s| s.key == key).unwrap() as u32;
        let (a, b) = (index(a), index(b));
        result
            .matching
            .linkage
            .links
            .iter()
            .find(|l| (l.a, l.b) == (a, b) || (l.a, l.b) == (b, a))
            .cloned()
            .expect("the two records are compared")
    };
    let (old, new) = ("fta:RT003377:tenant", "rent:RT005120:tenant");

    // The new tenancy starts the day after the old one ended. That is weak
    // evidence (people of one name end and begin tenancies every week), too
    // weak for the council's threshold: an officer sees the pair in the
    // review queue.
    let (moved, dir) = with_kevins_new_tenancy("2023-02-13");
    let next_day = link_between(&moved, old, new);
    assert_eq!(next_day.levels[Field::Occupancy], OccupancyLevel::NextDay);
    assert!(next_day.weights[occupancy] > 0.0);
    assert!(next_day.weights[occupancy] <= debt_core::identity::linkage::TIMING_MAX_BITS[1]);
    assert_ne!(person_of(&moved, old), person_of(&moved, new));
    let review = &moved.matching.review;
    let row = review
        .iter()
        .find(|r| {
            let l = &moved.matching.linkage.links[r.link];
            let keys = [
                moved.matching.sources[l.a as usize].key.as_str(),
                moved.matching.sources[l.b as usize].key.as_str(),
            ];
            keys.contains(&old) && keys.contains(&new)
        })
        .expect("the move is in the review queue");
    // Confirming it would move the former tenancy's arrears to his new home.
    assert_eq!(row.household_if_same, "H100062103201");
    assert!(row.money_at_stake.is_positive(), "{row:?}");
    // The bad period is rejected with its reason, not read.
    let reject = moved
        .ingested
        .rejects
        .iter()
        .find(|r| r.raw.starts_with("RT005121"))
        .expect("the tenancy that ends before it starts is rejected");
    assert!(
        reject.reason.to_string().contains("occupied to"),
        "{}",
        reject.reason
    );
    // The officer writes `same` in review.csv's decision column; the file is
    // the overrides file of the next night, which then links the two.
    let out = dir.join("out");
    debt_batch::run(
        &Config::load(&dir.join("fixtures/sources.toml")).unwrap(),
        fixtures_as_of(),
        &out,
        &debt_batch::progress::Quiet,
    )
    .unwrap();
    let review_csv = std::fs::read_to_string(out.join("review.csv")).unwrap();
    // The queue is sorted by the money at stake, most first, and its size
    // is in matching.json.
    assert!(review
        .windows(2)
        .all(|w| w[0].money_at_stake >= w[1].money_at_stake));
    let summary = std::fs::read_to_string(out.join("matching.json")).unwrap();
    assert!(summary.contains(&format!("\"review_queue\": {},", review.len())));
    assert_eq!(review_csv.lines().count(), review.len() + 1);
    let decided: String = review_csv
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let decided = i > 0 && line.contains(old) && line.contains(new);
            format!("{}{line}\n", if decided { "same" } else { "" })
        })
        .collect();
    assert!(decided.lines().any(|l| l.starts_with("same,")));
    std::fs::write(dir.join("fixtures/reviewed.csv"), decided).unwrap();
    let config = dir.join("fixtures/sources.toml");
    let text = std::fs::read_to_string(&config)
        .unwrap()
        .replace("[matching]\n", "[matching]\noverrides = \"reviewed.csv\"\n");
    std::fs::write(&config, text).unwrap();
    let next_night = compute_with(&config);
    assert_eq!(person_of(&next_night, old), person_of(&next_night, new));
    assert_eq!(household_of(&next_night, old), "H100062103201");
    assert!(
        next_night.matching.review.len() < review.len(),
        "a decided row leaves the queue"
    );
    let _ = std::fs::remove_dir_all(dir);

    // Eighteen months later the timing is no evidence of a move.
    let (later, dir) = with_kevins_new_tenancy("2024-09-02");
    let apart = link_between(&later, old, new);
    assert_eq!(apart.levels[Field::Occupancy], OccupancyLevel::Apart);
    assert!(apart.weights[occupancy] < 0.0);
    assert!(apart.total_weight < next_day.total_weight);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_party_may_carry_its_own_period() {
    // Sarah Smith joined John's tenancy (from 16 May 2011) on 5 January
    // 2015; the housing system gives joint tenants their own start date.
    let dir = fixtures_copy("party-period");
    let tenancies = dir.join("fixtures/rent/tenancies.csv");
    let text: String = std::fs::read_to_string(&tenancies)
        .unwrap()
        .lines()
        .enumerate()
        .map(|(i, line)| match i {
            0 => format!("{line},tenant2_from\n"),
            _ if line.starts_with("RT004512,") => format!("{line},2015-01-05\n"),
            _ => format!("{line},\n"),
        })
        .collect();
    std::fs::write(&tenancies, text).unwrap();
    let config = dir.join("fixtures/sources.toml");
    let toml = std::fs::read_to_string(&config).unwrap().replace(
        "dob = \"tenant2_dob\", nino = \"tenant2_nino\" }",
        "dob = \"tenant2_dob\", nino = \"tenant2_nino\", occupied_from = \"tenant2_from\" }",
    );
    std::fs::write(&config, toml).unwrap();
    let result = compute_with(&config);
    let period = |key: &str| {
        let source = result
            .matching
            .sources
            .iter()
            .find(|s| s.key == key)
            .unwrap();
        source.record.occupied.map(|o| (o.from.to_string(), o.to))
    };
    assert_eq!(
        period("rent:RT004512:tenant"),
        Some(("2011-05-16".into(), None))
    );
    assert_eq!(
        period("rent:RT004512:joint_tenant"),
        Some(("2015-01-05".into(), None))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The households' totals are the sums of their accounts, and with the
/// accounts in no household they add up to every account: on `result`.
fn assert_households_add_up(result: &debt_batch::RunResult) {
    let views = &result.views;
    let mut in_households = 0u64;
    let mut balance = Money::ZERO;
    let mut arrears = Money::ZERO;
    for h in &views.households {
        let sum = |f: fn(&debt_core::Position) -> Money| -> Money {
            h.accounts
                .iter()
                .map(|&i| f(&result.accounts[i as usize].position))
                .sum()
        };
        assert_eq!(h.totals.balance, sum(|p| p.balance), "{}", h.id);
        assert_eq!(h.totals.arrears, sum(|p| p.arrears), "{}", h.id);
        assert_eq!(h.totals.accounts, h.accounts.len() as u64);
        in_households += h.totals.accounts;
        balance += h.totals.balance;
        arrears += h.totals.arrears;
    }
    let unassigned: Vec<usize> = views
        .placements
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p, debt_batch::view::Placement::Unassigned { .. }))
        .map(|(i, _)| i)
        .collect();
    for &i in &unassigned {
        balance += result.accounts[i].position.balance;
        arrears += result.accounts[i].position.arrears;
    }
    assert_eq!(
        in_households + unassigned.len() as u64,
        result.accounts.len() as u64
    );
    assert_eq!(
        balance,
        result
            .accounts
            .iter()
            .map(|a| a.position.balance)
            .sum::<Money>()
    );
    assert_eq!(
        arrears,
        result
            .accounts
            .iter()
            .map(|a| a.position.arrears)
            .sum::<Money>()
    );
}

#[test]
fn household_totals_add_up_to_the_accounts_totals_to_the_penny() {
    let result = compute_with(&fixtures_config());
    assert_households_add_up(&result);
    assert_eq!(result.views.households.len(), 10);
    // Nobody is dropped: the companies (ratepayers, a trade waste customer)
    // and the tenant and claimant nobody can find are listed, with the
    // reason.
    let reasons: Vec<(String, String)> = result
        .views
        .placements
        .iter()
        .enumerate()
        .filter_map(|(i, p)| match p {
            debt_batch::view::Placement::Unassigned { reason, .. } => Some((
                result.accounts[i].record.account.reference.clone(),
                reason.clone(),
            )),
            _ => None,
        })
        .collect();
    let refs: Vec<&str> = reasons.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(
        refs,
        vec!["INV-20003", "RT003377", "60009876", "60012045", "OP-5003"]
    );
    assert!(reasons[0].1.contains("Oakfield Nursery Ltd"), "{reasons:?}");
    assert!(reasons[2].1.contains("GREENWAY GARAGE LTD"), "{reasons:?}");
    assert!(reasons[1].1.contains("no record says where"), "{reasons:?}");
}

#[test]
fn household_totals_add_up_on_a_generated_council_too() {
    let dir = std::env::temp_dir().join(format!("debt-generated-view-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    debt_synth::council::generate(&debt_synth::council::GenerateOptions {
        households: 300,
        seed: 5,
        out: dir.clone(),
    })
    .unwrap();
    let result = compute_with(&dir.join("sources.toml"));
    assert_households_add_up(&result);
    assert!(result.views.households.len() > 200);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_kind_of_situation_is_found_where_the_fixtures_plant_it() {
    let result = compute_with(&fixtures_config());
    let found: Vec<(String, String, String, String)> = result
        .views
        .exceptions
        .iter()
        .map(|e| {
            (
                e.kind.code().to_string(),
                e.household_id.clone(),
                e.accounts.join(";"),
                e.amount.to_string(),
            )
        })
        .collect();
    let row = |k: &str, h: &str, a: &str, m: &str| (k.into(), h.into(), a.into(), m.into());
    let mut expected = vec![
        row(
            "offset_candidate",
            "H100062011204",
            "rent:RT004533;ctax:30051177;pcn:AS41000077;sundry:91002345",
            "273.90",
        ),
        row(
            "offset_candidate",
            "H100062103001",
            "ctax:30071456;pcn:AS41000410;rent:RT002871;sundry:91002298",
            "281.60",
        ),
        row(
            "breathing_space_breach",
            "H100062082701",
            "ctax:30062290",
            "533.00",
        ),
        row(
            "vulnerable_in_enforcement",
            "H100062082501",
            "ctax:30080121;ctax:30080138",
            "2780.00",
        ),
        row(
            "concurrent_enforcement",
            "H100062082501",
            "ctax:30080121;ctax:30080138",
            "75.00",
        ),
        row(
            "concurrent_enforcement",
            "H100062101401",
            "ctax:30047713;pcn:AS40999561",
            "1618.30",
        ),
        row(
            "priority_arrears_left",
            "H100062011204",
            "ctax:30051177;pcn:AS41000077",
            "90.00",
        ),
        row("limitation", "H100062011201", "hbop:HB0012345", "940.58"),
        row(
            "broken_arrangement",
            "H100062011204",
            "ctax:30051177",
            "90.00",
        ),
        // PayPoint's 45.00 quoting 30051717: 30051177 with two digits swapped.
        row("suspense_match", "H100062011204", "ctax:30051177", "45.00"),
    ];
    let mut got = found.clone();
    got.sort();
    expected.sort();
    assert_eq!(got, expected, "fixtures/EXPECTED.md, Situations to act on");
    // Every situation names the rows it rests on (a suspense match also
    // the receipt's, first).
    for e in &result.views.exceptions {
        let receipt = usize::from(e.kind == debt_core::exceptions::ExceptionKind::SuspenseMatch);
        assert_eq!(e.rows.len(), e.accounts.len() + receipt, "{e:?}");
    }
}

#[test]
fn a_contact_centre_service_builds_the_same_household_from_the_library_alone() {
    // One household, built by debt-core from its accounts and positions
    // without the batch, as another Rust service would.
    let result = compute_with(&fixtures_config());
    let run_view = result
        .views
        .households
        .iter()
        .find(|h| h.id.to_string() == "H100062082701")
        .unwrap();
    let as_of = fixtures_as_of();
    let rates = debt_core::Rates::built_in().unwrap();
    // What the service holds: each account with its ledger, its position,
    // its person and their role, and the members' ids and names.
    let held: Vec<(String, debt_core::Account, debt_core::Position, &str, &str)> = run_view
        .accounts
        .iter()
        .map(|&i| {
            let run_account = &result.accounts[i as usize];
            let record = &run_account.record;
            let account = record.account.clone();
            let position = account.position(as_of).unwrap();
            let role = match &result.views.placements[i as usize] {
                debt_batch::view::Placement::Household { role, .. } => *role,
                other => panic!("{other:?}"),
            };
            (
                record.source.clone(),
                account,
                position,
                run_account.person_id.as_str(),
                role,
            )
        })
        .collect();
    let accounts = held
        .iter()
        .map(|(source, account, position, person, role)| {
            debt_core::household::HouseholdAccount::new(source, account, person, role, position)
        })
        .collect();
    let members = run_view
        .members
        .iter()
        .map(|&r| {
            debt_core::household::Member::new(
                &result.matching.records[r as usize].person_id,
                &result.matching.sources[r as usize].display_name,
            )
        })
        .collect();
    let view = debt_core::household::HouseholdView::build(
        run_view.id.clone(),
        members,
        accounts,
        &debt_core::household::Circumstances::default(),
        as_of,
        rates.breathing_space.at(as_of).unwrap(),
    )
    .unwrap();
    assert_eq!(view.totals, run_view.totals);
    // Mary O'Brien's former tenancy arrears from 5 Oak Road are in it.
    assert!(view.accounts.iter().any(|a| a.reference == "RT003981"));
}

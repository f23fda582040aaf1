//! The labelled evaluation set for record linkage (`generate-persons`):
//! deterministic, well-formed, consistent with its gazetteer and truth, and
//! carrying every kind of noise it promises.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;
use debt_synth::persons::{generate_persons, EvalOptions, EvalSummary, Profile};
use debt_test_support::scratch_unmade as scratch;

const HEADER: &str = "record_id,source,role,full_name,forename,surname,dob,nino,address,postcode,uprn,true_person_id,true_uprn,status,forwarding_address,forwarding_postcode,occupied_from,occupied_to,correspondence_address,correspondence_postcode,customer_ref,claim_ref,vehicle,service";

fn generate(dir: &Path, people: u64, seed: u64) -> EvalSummary {
    generate_persons(&EvalOptions {
        people,
        seed,
        out: dir.to_path_buf(),
        profile: Profile::Standard,
    })
    .unwrap()
}

fn read(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(path)
        .unwrap();
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn is_uprn(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// A UK postcode in its canonical form (`AS3 2BD`).
fn is_postcode(s: &str) -> bool {
    let Some((out, inward)) = s.split_once(' ') else {
        return false;
    };
    let o = out.as_bytes();
    let i = inward.as_bytes();
    (2..=4).contains(&o.len())
        && o[0].is_ascii_uppercase()
        && o.iter().any(u8::is_ascii_digit)
        && i.len() == 3
        && i[0].is_ascii_digit()
        && i[1].is_ascii_uppercase()
        && i[2].is_ascii_uppercase()
}

/// NINO shape after removing spaces and upper-casing: two letters, six
/// digits, one letter (a typo may change a letter, never the shape).
fn is_nino(s: &str) -> bool {
    let n: Vec<u8> = s
        .bytes()
        .filter(|b| *b != b' ')
        .map(|b| b.to_ascii_uppercase())
        .collect();
    n.len() == 9
        && n[..2].iter().all(u8::is_ascii_uppercase)
        && n[2..8].iter().all(u8::is_ascii_digit)
        && n[8].is_ascii_uppercase()
}

#[test]
fn same_seed_same_bytes_and_a_different_seed_differs() {
    let a = scratch("a");
    let b = scratch("b");
    let c = scratch("c");
    let start = std::time::Instant::now();
    let sa = generate(&a, 2000, 7);
    let sb = generate(&b, 2000, 7);
    generate(&c, 2000, 8);
    assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    assert_eq!(sa.records, sb.records);
    assert_eq!(sa.gazetteer_rows, sb.gazetteer_rows);
    for file in ["records.csv", "llpg.csv", "truth.csv", "noise.csv"] {
        let x = std::fs::read(a.join(file)).unwrap();
        let y = std::fs::read(b.join(file)).unwrap();
        assert!(x == y, "{file} differs between two runs with the same seed");
        let z = std::fs::read(c.join(file)).unwrap();
        if file != "noise.csv" {
            assert!(x != z, "{file} is the same for seeds 7 and 8");
        }
    }
    // Only the four files: the per-source parts are cleaned up.
    let mut names: Vec<String> = std::fs::read_dir(&a)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["llpg.csv", "noise.csv", "records.csv", "truth.csv"]);
    for d in [a, b, c] {
        let _ = std::fs::remove_dir_all(d);
    }
}

#[test]
fn every_file_is_owner_only_even_one_that_was_there_before() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    // A new directory is made owner-only.
    let fresh = scratch("modes-new");
    generate(&fresh, 50, 1);
    assert_eq!(mode(&fresh), 0o700);
    // A directory the caller made is used as it is; a file left in it by
    // an earlier run is replaced and made owner-only.
    let made = scratch("modes-existing");
    std::fs::create_dir_all(&made).unwrap();
    std::fs::write(made.join("records.csv"), "stale").unwrap();
    std::fs::set_permissions(
        made.join("records.csv"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    generate(&made, 50, 1);
    for dir in [&fresh, &made] {
        for file in ["records.csv", "llpg.csv", "truth.csv", "noise.csv"] {
            assert_eq!(mode(&dir.join(file)), 0o600, "{file}");
        }
    }
    assert_eq!(
        std::fs::read(fresh.join("records.csv")).unwrap(),
        std::fs::read(made.join("records.csv")).unwrap()
    );
    for d in [fresh, made] {
        let _ = std::fs::remove_dir_all(d);
    }
}

#[test]
fn records_parse_and_agree_with_the_gazetteer_and_the_truth() {
    let dir = scratch("check");
    let summary = generate(&dir, 2000, 1);

    // The gazetteer.
    let (header, llpg) = read(&dir.join("llpg.csv"));
    assert_eq!(
        header.join(","),
        "UPRN,SAO_TEXT,PAO_TEXT,STREET_DESCRIPTOR,LOCALITY,TOWN_NAME,POSTCODE_LOCATOR"
    );
    assert_eq!(llpg.len() as u64, summary.gazetteer_rows);
    assert!(
        (900..2000).contains(&llpg.len()),
        "{} properties",
        llpg.len()
    );
    let mut uprns = BTreeSet::new();
    let mut streets = BTreeSet::new();
    let mut postcodes_per_street: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let (mut flats_in_houses, mut flats_in_blocks, mut suffixed, mut units) = (0, 0, 0, 0);
    for row in &llpg {
        assert!(is_uprn(&row[0]), "UPRN {:?}", row[0]);
        assert!(uprns.insert(row[0].clone()), "UPRN {} twice", row[0]);
        assert!(is_postcode(&row[6]), "postcode {:?}", row[6]);
        assert_eq!(row[5], "Ashbury");
        let street = format!("{}|{}", row[3], row[4]);
        streets.insert(street.clone());
        postcodes_per_street
            .entry(street)
            .or_default()
            .insert(row[6].clone());
        let pao_number = row[2].bytes().all(|b| b.is_ascii_digit());
        match (row[1].as_str(), pao_number) {
            (s, true) if s.starts_with("Flat ") => flats_in_houses += 1,
            (s, false) if s.starts_with("Flat ") => flats_in_blocks += 1,
            (s, _) if s.starts_with("Unit ") => units += 1,
            ("", false) => {
                assert!(row[2].ends_with('A'), "PAO {:?}", row[2]);
                suffixed += 1;
            }
            _ => {}
        }
    }
    assert!(flats_in_houses > 0 && flats_in_blocks > 0 && suffixed > 0 && units > 0);
    assert!(
        (20..80).contains(&streets.len()),
        "{} streets for 2,000 people",
        streets.len()
    );
    assert!(
        postcodes_per_street.values().any(|p| p.len() > 1),
        "streets have a few postcodes each"
    );

    // The truth.
    let (header, truth) = read(&dir.join("truth.csv"));
    assert_eq!(header.join(","), "true_person_id,household_uprn");
    assert_eq!(truth.len(), 2000);
    let mut household_size: BTreeMap<&str, usize> = BTreeMap::new();
    let mut persons = BTreeSet::new();
    for row in &truth {
        assert!(persons.insert(row[0].as_str()), "{} twice", row[0]);
        if !row[1].is_empty() {
            assert!(uprns.contains(&row[1]), "household UPRN {}", row[1]);
            *household_size.entry(row[1].as_str()).or_default() += 1;
        }
    }
    assert!(household_size.values().all(|n| (1..=5).contains(n)));
    let moved_away = truth.iter().filter(|r| r[1].is_empty()).count();
    assert!(
        moved_away > 0 && moved_away < 200,
        "{moved_away} moved away"
    );

    // The records.
    let text = std::fs::read_to_string(dir.join("records.csv")).unwrap();
    assert_eq!(text.lines().next(), Some(HEADER));
    let (_, records) = read(&dir.join("records.csv"));
    assert_eq!(records.len() as u64, summary.records);
    let sources = [
        "ctax",
        "nndr",
        "rent",
        "fta",
        "hbop",
        "sundry",
        "pcn",
        "breathing_space",
        "vulnerability",
        "income_expenditure",
    ];
    let roles = [
        "lead_liable",
        "joint_liable",
        "tenant",
        "joint_tenant",
        "claimant",
        "debtor",
        "keeper",
        "subject",
    ];
    let mut ids = BTreeSet::new();
    let mut per_person: BTreeMap<&str, usize> = BTreeMap::new();
    let mut per_source: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut free_text, mut free_text_no_uprn) = (0usize, 0usize);
    let (mut starts, mut ends) = (Vec::new(), Vec::new());
    // Every person's dates of birth, as their records give them (noise and all).
    let mut dobs: BTreeMap<&str, Vec<NaiveDate>> = BTreeMap::new();
    for r in &records {
        if let Ok(d) = NaiveDate::parse_from_str(&r[6], "%Y-%m-%d") {
            dobs.entry(r[11].as_str()).or_default().push(d);
        }
    }
    let (mut periods_with_dob, mut before_18) = (0usize, 0usize);
    let (mut fta, mut fta_forwarding) = (0usize, 0usize);
    for r in &records {
        assert_eq!(r.len(), 24);
        assert!(
            ["current", "closed", "former"].contains(&r[13].as_str()),
            "status {}",
            r[13]
        );
        let (id, source, role) = (&r[0], r[1].as_str(), r[2].as_str());
        assert!(ids.insert(id.clone()), "record_id {id} twice");
        assert!(id.starts_with(&format!("{source}:")), "{id}");
        assert!(sources.contains(&source), "{source}");
        assert!(roles.contains(&role), "{role}");
        *per_source.entry(source).or_default() += 1;
        // What `debt-batch link` reads the record as: its system's service,
        // or its people file's kind.
        let service = match source {
            "ctax" => "council_tax",
            "nndr" => "business_rates",
            "rent" => "housing_rent",
            "fta" => "former_tenant_arrears",
            "hbop" => "housing_benefit_overpayment",
            "pcn" => "parking_penalty",
            other => other,
        };
        assert_eq!(r[23], service, "{id}");
        let (full, fore, sur) = (&r[3], &r[4], &r[5]);
        let (dob, nino, address, postcode, uprn) = (&r[6], &r[7], &r[8], &r[9], &r[10]);
        let (person, true_uprn) = (r[11].as_str(), &r[12]);
        if !dob.is_empty() {
            let d = NaiveDate::parse_from_str(dob, "%Y-%m-%d");
            assert!(d.is_ok(), "dob {dob:?} in {id}");
            assert_eq!(dob.len(), 10, "{dob}");
        }
        assert!(nino.is_empty() || is_nino(nino), "nino {nino:?} in {id}");
        assert!(uprn.is_empty() || is_uprn(uprn), "uprn {uprn:?} in {id}");
        assert!(
            true_uprn.is_empty() || uprns.contains(true_uprn),
            "true_uprn {true_uprn} of {id} is not in the gazetteer"
        );
        if !uprn.is_empty() {
            assert_eq!(uprn, true_uprn, "a system's UPRN is the truth ({id})");
        }
        assert!(persons.contains(person), "{person} not in truth.csv");
        *per_person.entry(person).or_default() += 1;
        // Liability and tenancy periods: revenues and housing hold them.
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let (from, to) = (date(&r[16]), date(&r[17]));
        let reference = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        if matches!(source, "ctax" | "nndr" | "rent" | "fta") {
            let from = from.unwrap_or_else(|| panic!("{id} has no period"));
            assert!(from <= reference, "{id} starts after the reference date");
            match (r[13].as_str(), to) {
                ("current", None) => {}
                ("closed" | "former", Some(to)) => assert!(from <= to && to <= reference, "{id}"),
                (status, to) => panic!("{id}: {status} ending {to:?}"),
            }
            // Nobody is liable or a tenant before 18. The earliest date of
            // birth the person's records give, so that a mistyped one
            // rarely counts against them.
            if let Some(born) = dobs.get(person).and_then(|d| d.iter().min()) {
                periods_with_dob += 1;
                let adult = born
                    .checked_add_months(chrono::Months::new(18 * 12))
                    .unwrap();
                before_18 += usize::from(from < adult);
            }
            if r[13] == "current" {
                starts.push((person.to_string(), from, true_uprn.clone()));
            } else if let Some(to) = to {
                ends.push((person.to_string(), to, true_uprn.clone()));
            }
        } else {
            assert!(r[16].is_empty() && r[17].is_empty(), "{id} has a period");
        }
        if !postcode.is_empty() {
            let p = postcode.to_uppercase();
            assert!(
                is_postcode(&p)
                    || (p.len() >= 5
                        && is_postcode(&format!("{} {}", &p[..p.len() - 3], &p[p.len() - 3..]))),
                "postcode {postcode:?} in {id}"
            );
        }
        // Each system's habits.
        match source {
            "ctax" | "nndr" => {
                assert!(
                    full.contains(", ") && fore.is_empty() && sur.is_empty(),
                    "{id}"
                );
                assert!(!uprn.is_empty() && nino.is_empty(), "{id}");
                assert!(dob.is_empty() || role == "lead_liable", "{id}");
            }
            "rent" => {
                assert!(
                    full.is_empty() && !fore.is_empty() && !sur.is_empty() && !uprn.is_empty(),
                    "{id}"
                )
            }
            // A former tenancy: the housing system's property, and the
            // forwarding address the tenant left.
            "fta" => {
                assert!(
                    full.is_empty() && !sur.is_empty() && !uprn.is_empty() && r[13] == "former",
                    "{id}"
                );
                fta += 1;
                fta_forwarding += usize::from(!r[14].is_empty() || !r[15].is_empty());
            }
            "hbop" => assert!(!full.is_empty() && fore.is_empty(), "{id}"),
            "sundry" | "pcn" => {
                assert!(
                    !full.is_empty() && dob.is_empty() && nino.is_empty() && uprn.is_empty(),
                    "{id}"
                )
            }
            _ => assert!(
                full.is_empty() && !sur.is_empty() && uprn.is_empty(),
                "{id}"
            ),
        }
        if !matches!(source, "ctax" | "nndr" | "rent" | "fta" | "hbop") {
            free_text += 1;
            if true_uprn.is_empty() {
                free_text_no_uprn += 1;
                if !address.is_empty() {
                    assert!(uprn.is_empty());
                }
            }
        }
    }
    assert_eq!(per_source.len(), sources.len(), "{per_source:?}");
    assert!(
        before_18 * 100 < periods_with_dob,
        "{before_18} of {periods_with_dob} liabilities and tenancies start before 18"
    );
    assert!(
        fta_forwarding * 100 > fta * 80 && fta_forwarding < fta,
        "{fta_forwarding} of {fta} former tenancies carry a forwarding address"
    );
    // Most people whose liability ended somewhere started one elsewhere
    // within weeks; some not (an empty spell, a stay away).
    let (mut moves, mut within_weeks) = (0, 0);
    for (person, to, place) in &ends {
        let next = starts
            .iter()
            .filter(|(p, _, u)| p == person && u != place)
            .map(|(_, from, _)| (*from - *to).num_days())
            .min_by_key(|d| d.abs());
        if let Some(days) = next {
            moves += 1;
            within_weeks += usize::from((-14..=62).contains(&days));
        }
    }
    assert!(moves > 50, "{moves} moves");
    assert!(
        within_weeks * 100 > moves * 75 && within_weeks < moves,
        "{within_weeks} of {moves} moves start within weeks of the old end"
    );
    assert_eq!(per_person.len(), 2000, "every person has a record");
    assert!(per_person.values().all(|n| (1..=6).contains(n)));
    assert!(per_person.values().any(|n| *n == 1) && per_person.values().any(|n| *n >= 4));
    let share = free_text_no_uprn as f64 / free_text as f64;
    assert!(
        (0.01..0.10).contains(&share),
        "{free_text_no_uprn} of {free_text} free-text records have no true UPRN"
    );

    // Term frequency matters: Smith is common, most surnames are rare.
    let mut surnames: BTreeMap<String, usize> = BTreeMap::new();
    for r in records.iter().filter(|r| r[1] == "rent" || r[1] == "hbop") {
        let s = if r[1] == "rent" {
            r[5].to_uppercase()
        } else {
            r[3].rsplit(' ').next().unwrap_or("").to_uppercase()
        };
        *surnames.entry(s).or_default() += 1;
    }
    let top = surnames
        .iter()
        .max_by_key(|(_, n)| **n)
        .map(|(s, _)| s.clone());
    let singles = surnames.values().filter(|n| **n == 1).count();
    assert!(singles * 2 > surnames.len(), "a long tail of rare surnames");
    assert!(top.is_some());

    // Every kind of noise occurs.
    let (header, noise) = read(&dir.join("noise.csv"));
    assert_eq!(header.join(","), "kind,count");
    let counts: BTreeMap<&str, u64> = noise
        .iter()
        .map(|r| (r[0].as_str(), r[1].parse::<u64>().unwrap()))
        .collect();
    assert_eq!(counts["total_people"], 2000);
    assert_eq!(counts["total_records"], summary.records);
    assert_eq!(counts["total_free_text_records"], free_text as u64);
    assert_eq!(
        counts["total_free_text_without_true_uprn"],
        free_text_no_uprn as u64
    );
    let kinds: Vec<&str> = counts
        .keys()
        .copied()
        .filter(|k| !k.starts_with("total_") && !k.starts_with("people_with_"))
        .collect();
    for kind in [
        "surname_typo",
        "forename_typo",
        "nickname",
        "initials_only",
        "title",
        "name_order_surname_first",
        "dob_day_month_swap",
        "dob_typo",
        "dob_missing",
        "nino_missing",
        "nino_typo",
        "nino_spaced_or_lower",
        "maiden_name",
        "namesake_same_postcode",
        "father_son_same_name",
        "moved_within_borough",
        "moved_out_of_borough",
        "record_at_old_address",
        "address_abbreviated",
        "flat_form_slash",
        "flat_form_after",
        "postcode_no_space",
        "postcode_lower",
        "town_omitted",
        "address_not_in_gazetteer",
    ] {
        assert!(kinds.contains(&kind), "noise kind {kind} is not counted");
    }
    for kind in &kinds {
        assert!(
            counts[kind] > 0,
            "noise kind {kind} never occurs in 2,000 people"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The noise the counters claim is really in the records.
#[test]
fn the_noise_is_visible_in_the_records() {
    let dir = scratch("visible");
    generate(&dir, 2000, 3);
    let (_, records) = read(&dir.join("records.csv"));
    let any = |f: &dyn Fn(&Vec<String>) -> bool| records.iter().any(f);
    // Slash and after flat forms, abbreviations, postcodes without a space.
    assert!(any(&|r| r[8].contains('/')), "3/12 High Street");
    assert!(any(
        &|r| r[8].to_uppercase().contains(" FLAT ") && !r[8].to_uppercase().starts_with("FLAT")
    ));
    assert!(any(&|r| r[8].to_uppercase().contains(" RD")));
    assert!(any(&|r| r[9].len() >= 5 && !r[9].contains(' ')));
    assert!(any(&|r| r[3].starts_with("Mr ") || r[3].starts_with("MR ")));
    assert!(any(
        &|r| r[1] == "sundry" && r[3].split(' ').nth(1).is_some_and(|w| w.len() == 1)
    ));
    assert!(any(&|r| r[7].contains(' ')), "NINO with spaces");
    // Nicknames: a person written as William somewhere and as Bill elsewhere, or similar.
    let mut forms: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for r in &records {
        let first = if !r[4].is_empty() {
            r[4].split(' ').next().unwrap_or("").to_uppercase()
        } else if r[3].contains(", ") {
            r[3].split(", ")
                .nth(1)
                .unwrap_or("")
                .split(' ')
                .next()
                .unwrap_or("")
                .to_uppercase()
        } else {
            String::new()
        };
        if first.len() > 1 {
            forms.entry(r[11].as_str()).or_default().insert(first);
        }
    }
    let pairs = [
        ("WILLIAM", "BILL"),
        ("ROBERT", "BOB"),
        ("ELIZABETH", "LIZ"),
        ("MARGARET", "PEGGY"),
        ("JAMES", "JIM"),
        ("DAVID", "DAVE"),
        ("MICHAEL", "MIKE"),
        ("ANTHONY", "TONY"),
    ];
    assert!(
        forms
            .values()
            .any(|f| pairs.iter().any(|(a, b)| f.contains(*a) && f.contains(*b))),
        "one person under a full name and a nickname"
    );
    // Day/month swaps: one person with two dates of birth that are each
    // other's swap.
    let mut dobs: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for r in records.iter().filter(|r| !r[6].is_empty()) {
        dobs.entry(r[11].as_str())
            .or_default()
            .insert(r[6].as_str());
    }
    let swapped =
        |a: &str, b: &str| a != b && a[..4] == b[..4] && a[5..7] == b[8..10] && a[8..10] == b[5..7];
    assert!(
        dobs.values()
            .any(|d| d.iter().any(|a| d.iter().any(|b| swapped(a, b)))),
        "one person under a date of birth and its day/month swap"
    );
    // Namesakes: two different people of the same name at one postcode.
    let mut named: BTreeMap<(String, String, &str), BTreeSet<&str>> = BTreeMap::new();
    for r in records.iter().filter(|r| r[1] == "ctax") {
        if let Some((surname, rest)) = r[3].split_once(", ") {
            let forename = rest.split(' ').next().unwrap_or("").to_string();
            named
                .entry((surname.to_string(), forename, r[9].as_str()))
                .or_default()
                .insert(r[11].as_str());
        }
    }
    assert!(
        named.values().any(|p| p.len() > 1),
        "two people of the same name at one postcode"
    );
    // The out-of-borough forwarding addresses carry other towns' postcodes.
    assert!(any(&|r| r[12].is_empty()
        && !r[8].is_empty()
        && r[9].to_uppercase().contains('Q')));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn records_carry_the_identifiers_each_system_holds() {
    let dir = scratch("identifiers");
    generate(&dir, 3000, 2);
    let (header, records) = read(&dir.join("records.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (source, person) = (col("source"), col("true_person_id"));
    let (vehicle, customer, claim) = (col("vehicle"), col("customer_ref"), col("claim_ref"));
    let correspondence = col("correspondence_address");
    let mut by_vehicle: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    let mut claims: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let (mut nndr, mut nndr_home) = (0, 0);
    for r in &records {
        let only = |c: usize, s: &str| r[c].is_empty() || r[source] == s;
        assert!(only(vehicle, "pcn") && only(customer, "sundry") && only(claim, "hbop"));
        match r[source].as_str() {
            "pcn" => {
                assert!(!r[vehicle].is_empty());
                let v: String = r[vehicle].to_uppercase().replace(' ', "");
                by_vehicle.entry(v).or_default().insert(r[person].as_str());
            }
            "sundry" => assert!(r[customer].starts_with('C') && r[customer].len() == 8),
            "hbop" => {
                claims
                    .entry(r[claim].as_str())
                    .or_default()
                    .insert(r[0].as_str());
            }
            "nndr" => {
                nndr += 1;
                nndr_home += usize::from(!r[correspondence].is_empty());
            }
            _ => assert!(r[correspondence].is_empty()),
        }
    }
    // A vehicle has one keeper; some keepers have several notices for it.
    assert!(by_vehicle.values().all(|people| people.len() == 1));
    // Some claims carry two overpayments.
    assert!(claims.values().any(|debts| debts.len() == 2));
    assert!(nndr > 0 && nndr_home > 0 && nndr_home < nndr);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_dense_profile_has_more_namesakes_and_another_noise_mix() {
    let (a, b) = (scratch("standard"), scratch("dense"));
    generate(&a, 3000, 3);
    generate_persons(&EvalOptions {
        people: 3000,
        seed: 3,
        out: b.to_path_buf(),
        profile: Profile::Dense,
    })
    .unwrap();
    // Pairs of records of two people with one surname and one forename.
    let namesakes = |dir: &Path| {
        let (header, records) = read(&dir.join("records.csv"));
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let mut people: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for r in &records {
            let name = if r[col("surname")].is_empty() {
                r[col("full_name")].to_uppercase()
            } else {
                format!("{} {}", r[col("forename")], r[col("surname")]).to_uppercase()
            };
            let last = match name.split_once(',') {
                Some((surname, _)) => surname.trim().to_string(),
                None => name.rsplit(' ').next().unwrap_or("").to_string(),
            };
            people
                .entry(last)
                .or_default()
                .insert(r[col("true_person_id")].clone());
        }
        people
            .values()
            .map(|p| p.len() * (p.len() - 1) / 2)
            .sum::<usize>()
    };
    let (standard, dense) = (namesakes(&a), namesakes(&b));
    assert!(dense > 3 * standard, "{dense} against {standard}");
    let noise = |dir: &Path, kind: &str| -> u64 {
        std::fs::read_to_string(dir.join("noise.csv"))
            .unwrap()
            .lines()
            .find_map(|l| {
                l.strip_prefix(&format!("{kind},"))
                    .map(|n| n.parse().unwrap())
            })
            .unwrap_or(0)
    };
    assert!(noise(&b, "surname_typo") > noise(&a, "surname_typo"));
    assert!(noise(&b, "postcode_missing") > 2 * noise(&a, "postcode_missing"));
    for d in [a, b] {
        let _ = std::fs::remove_dir_all(d);
    }
}

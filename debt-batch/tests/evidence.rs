//! Evidence councils hold besides names, dates of birth and addresses, read
//! from the exports by the nightly run (issue 13): a finance system's
//! customer number, a vehicle registration on two penalty notices, a claim
//! ref, and a business ratepayer's correspondence address (often a sole
//! trader's home). Each test changes a copy of the fixtures so that the
//! evidence is the only thing that can join two records.

mod support;

use std::path::Path;

use debt_batch::{Config, RunResult};
use debt_core::identity::Field;
use support::*;

fn compute(config: &Path) -> RunResult {
    let loaded = Config::load(config).unwrap_or_else(|e| panic!("{e}"));
    debt_batch::compute(&loaded, fixtures_as_of(), &debt_batch::progress::Quiet).unwrap()
}

/// The person id the run gave the record keyed `key`.
fn person(result: &RunResult, key: &str) -> String {
    result
        .matching
        .records
        .iter()
        .find(|r| r.key == key)
        .unwrap_or_else(|| panic!("no record {key}"))
        .person_id
        .clone()
}

/// The identifier level of the compared pair `a`, `b`, if it was compared.
fn identifier_level(result: &RunResult, a: &str, b: &str) -> Option<&'static str> {
    level(result, a, b, Field::Identifier)
}

/// `field`'s level in the compared pair `a`, `b`, if it was compared.
fn level(result: &RunResult, a: &str, b: &str, field: Field) -> Option<&'static str> {
    let m = &result.matching;
    let index = |key: &str| m.sources.iter().position(|s| s.key == key).unwrap() as u32;
    let (a, b) = (index(a), index(b));
    m.linkage
        .links
        .iter()
        .find(|l| (l.a, l.b) == (a.min(b), a.max(b)))
        .map(|l| field.level_name(l.levels[field]))
}

fn append(path: &Path, line: &str) {
    let mut text = std::fs::read_to_string(path).unwrap();
    text.push_str(line);
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_customer_number_on_two_invoices_agrees() {
    let result = compute(&fixtures_config());
    assert_eq!(
        identifier_level(&result, "ar:INV-20001:debtor", "ar:INV-20002:debtor"),
        Some("exact"),
        "Helen Carter's invoices carry customer C7001"
    );
    let helen = person(&result, "ar:INV-20001:debtor");
    assert_eq!(person(&result, "ar:INV-20002:debtor"), helen);
    // And it is carried to accounts.csv.
    let a = result
        .accounts
        .iter()
        .find(|a| a.record.source == "ar" && a.record.account.reference == "INV-20001")
        .unwrap();
    assert_eq!(
        a.record
            .attribute(debt_batch::records::Attribute::CustomerRef),
        "C7001"
    );
}

/// A notice to 'R Patel' at an address in Leeds, which neither the
/// gazetteer nor any other record knows: only the vehicle can join it to
/// Rajesh Patel's notice in Ashbury.
#[test]
fn the_same_vehicle_on_two_notices_joins_their_keepers_and_a_different_one_does_not() {
    let notice = |vrm: &str| {
        format!("AS41000999,{vrm},R Patel,\"Flat 9, 1 Canal Wharf, Leeds\",LS1 4AP,01-Oct-2026,70.00,0.00,,NTO,01\n")
    };
    let ashbury = "pcn:AS40998812:keeper";
    let leeds = "pcn:AS41000999:keeper";

    let dir = fixtures_copy("evidence-vehicle");
    append(&dir.join("fixtures/pcn/pcn_debts.csv"), &notice("RP68 KTS"));
    let result = compute(&dir.join("fixtures/sources.toml"));
    assert_eq!(identifier_level(&result, ashbury, leeds), Some("exact"));
    assert_eq!(person(&result, ashbury), person(&result, leeds));

    let dir = fixtures_copy("evidence-other-vehicle");
    append(&dir.join("fixtures/pcn/pcn_debts.csv"), &notice("XY12 ABC"));
    let result = compute(&dir.join("fixtures/sources.toml"));
    assert_ne!(
        identifier_level(&result, ashbury, leeds),
        Some("exact"),
        "two vehicles never agree"
    );
    assert_ne!(person(&result, ashbury), person(&result, leeds));
}

/// A sole trader's rates account at a unit on an industrial estate, with a
/// correspondence address at Helen Carter's home: compared with her home
/// only when the config maps that address (a business's own address is its
/// premises, never a home, so without it there is no location to compare).
#[test]
fn a_sole_traders_correspondence_address_is_compared_as_a_home() {
    let with_column = |name: &str, map: bool| {
        let dir = fixtures_copy(name);
        let path = dir.join("fixtures/nndr/accounts.csv");
        let bytes = std::fs::read(&path).unwrap();
        let mut text = String::new();
        for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
            if line.is_empty() {
                continue;
            }
            // Windows-1252 in, kept byte for byte: only ASCII is added.
            let line: String = line.iter().map(|b| *b as char).collect();
            let line = line.trim_end_matches('\r');
            match i {
                0 => text.push_str(&format!("{line};Corr Address;Corr Postcode\r\n")),
                _ => text.push_str(&format!("{line};;\r\n")),
            }
        }
        text.push_str(
            "60099999;;N0120009;Unit 9 Mill Lane Industrial Estate;Mill Lane;Ashbury;AS3 8LZ;L;00;\
             CARTER, HELEN;Carter Garden Design;;\u{a3}9,000.00;;16 Mill Lane, Millbrook, Ashbury;AS3 8LW\r\n",
        );
        let bytes: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
        std::fs::write(&path, bytes).unwrap();
        let config = dir.join("fixtures/sources.toml");
        if map {
            let toml = std::fs::read_to_string(&config).unwrap();
            let (before, nndr) = toml.split_at(toml.find("id = \"nndr\"").unwrap());
            let from = "instalments_lost_on = \"Instalments Lost On\"\n";
            assert!(nndr.contains(from));
            let to = format!("{from}correspondence_address = \"Corr Address\"\ncorrespondence_postcode = \"Corr Postcode\"\n");
            std::fs::write(&config, format!("{before}{}", nndr.replacen(from, &to, 1))).unwrap();
        }
        (dir, config)
    };
    let trader = "nndr:60099999:lead_liable";
    let helen = "ar:INV-20001:debtor";

    let (_dir, config) = with_column("evidence-corr", true);
    let result = compute(&config);
    assert_eq!(person(&result, trader), person(&result, helen));
    let held = result
        .accounts
        .iter()
        .find(|a| a.record.source == "nndr" && a.record.account.reference == "60099999")
        .unwrap();
    assert_eq!(
        held.record
            .correspondence
            .as_ref()
            .map(|a| a.postcode.as_str()),
        Some("AS3 8LW")
    );

    assert_eq!(
        level(&result, trader, helen, Field::Location),
        Some("same_property")
    );

    let (_dir, config) = with_column("evidence-no-corr", false);
    let result = compute(&config);
    assert_eq!(
        level(&result, trader, helen, Field::Location),
        Some("missing"),
        "the unit is business premises, not a home to compare"
    );
}

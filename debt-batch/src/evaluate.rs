//! `debt-batch link`: link a file of person records (the evaluation set's
//! format, or any extract in it) against a gazetteer, write persons and
//! links, and, when the file carries the true identities, measure the result:
//! pairwise precision, recall and F1 for persons and households, and
//! address-to-UPRN accuracy (with the count of addresses that have no true
//! UPRN but were matched anyway: forced wrong matches).
//!
//! Records: `record_id,source,role,full_name,forename,surname,dob,nino,address,postcode,uprn`
//! and optionally `status,forwarding_address,forwarding_postcode`,
//! `occupied_from,occupied_to` (liability or tenancy period, ISO dates) and
//! `true_person_id,true_uprn`; `truth.csv` beside it
//! (`true_person_id,household_uprn`) gives true households.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use debt_core::household::Residence;
use debt_core::identity::{Gazetteer, GazetteerEntry, LinkConfig, Occupancy, Postcode};
use debt_core::{AccountStatus, Service};
use rayon::prelude::*;
use serde::Serialize;

use crate::error::BatchError;
use crate::matching::{match_persons, pairwise_scores, PersonSource};
use crate::records::{Address, Party};

/// Figures of one evaluation.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scores {
    /// Records linked.
    pub records: u64,
    /// Persons found.
    pub persons: u64,
    /// Pairwise precision of persons.
    pub person_precision: f64,
    /// Pairwise recall of persons.
    pub person_recall: f64,
    /// Pairwise F1 of persons.
    pub person_f1: f64,
    /// Pairwise precision of households.
    pub household_precision: f64,
    /// Pairwise recall of households.
    pub household_recall: f64,
    /// Pairwise F1 of households.
    pub household_f1: f64,
    /// Records with a true UPRN.
    pub uprn_records: u64,
    /// Of those, matched to the right UPRN.
    pub uprn_accuracy: f64,
    /// Of those, matched to a wrong UPRN.
    pub uprn_wrong: u64,
    /// Records whose address has no true UPRN.
    pub no_uprn_records: u64,
    /// Of those, matched to some UPRN anyway (forced).
    pub no_uprn_forced: u64,
    /// Seconds per stage.
    pub seconds: std::collections::BTreeMap<String, f64>,
}

fn read(path: &Path) -> Result<(Vec<String>, Vec<csv::StringRecord>), BatchError> {
    let unreadable = |e: csv::Error| BatchError::Unreadable {
        file: path.to_path_buf(),
        message: e.to_string(),
    };
    let mut reader = csv::Reader::from_path(path).map_err(unreadable)?;
    let headers = reader
        .headers()
        .map_err(unreadable)?
        .iter()
        .map(String::from)
        .collect();
    let rows = reader
        .records()
        .collect::<Result<Vec<_>, _>>()
        .map_err(unreadable)?;
    Ok((headers, rows))
}

fn column(headers: &[String], file: &Path, name: &str) -> Result<usize, BatchError> {
    headers
        .iter()
        .position(|h| h == name)
        .ok_or_else(|| BatchError::MissingColumns {
            file: file.to_path_buf(),
            missing: vec![(name.into(), "(link input)".into())],
            fields: headers.len(),
        })
}

/// Reads an LLPG extract with the standard column names.
pub fn read_gazetteer(path: &Path) -> Result<Vec<GazetteerEntry>, BatchError> {
    let (headers, rows) = read(path)?;
    let c = |n: &str| column(&headers, path, n);
    let (uprn, sao, pao, street, locality, town, postcode) = (
        c("UPRN")?,
        c("SAO_TEXT")?,
        c("PAO_TEXT")?,
        c("STREET_DESCRIPTOR")?,
        c("LOCALITY")?,
        c("TOWN_NAME")?,
        c("POSTCODE_LOCATOR")?,
    );
    Ok(rows
        .iter()
        .filter_map(|r| {
            Some(GazetteerEntry {
                uprn: r.get(uprn)?.trim().parse().ok()?,
                sao: r.get(sao).unwrap_or("").to_string(),
                pao: r.get(pao).unwrap_or("").to_string(),
                street: r.get(street).unwrap_or("").to_string(),
                locality: r.get(locality).unwrap_or("").to_string(),
                town: r.get(town).unwrap_or("").to_string(),
                postcode: r.get(postcode).and_then(Postcode::parse),
            })
        })
        .collect())
}

/// What an evaluation record's address says of where its person lives now,
/// by the system it came from (the evaluation set names systems by the
/// fixtures' source ids) and whether it is closed with a forwarding address.
fn residence_of(source: &str, closed: bool, forwarding: bool) -> Residence {
    let service = match source {
        "ctax" => Service::CouncilTax,
        "nndr" => Service::BusinessRates,
        "rent" => Service::HousingRent,
        "fta" => Service::FormerTenantArrears,
        "hbop" => Service::HousingBenefitOverpayment,
        "breathing_space" | "vulnerability" | "income_expenditure" => {
            return Residence::CurrentClaimOrNotice
        }
        _ => Service::Other(source.to_string()),
    };
    // A former tenancy is the home the tenant left, whatever its status says.
    let status = if closed || service == Service::FormerTenantArrears {
        AccountStatus::Former
    } else {
        AccountStatus::Current
    };
    Residence::of_account(&service, status, forwarding)
}

/// Links `records` against `gazetteer`, writes `out/records.csv` and
/// `out/links.csv`, and returns the scores (zeros where there is no truth).
pub fn link_file(
    records: &Path,
    gazetteer: &Path,
    out: &Path,
    config: &LinkConfig,
) -> Result<Scores, BatchError> {
    let mut seconds = std::collections::BTreeMap::new();
    let t = Instant::now();
    let (headers, rows) = read(records)?;
    let c = |n: &str| column(&headers, records, n);
    let cols = [
        c("record_id")?,
        c("source")?,
        c("role")?,
        c("full_name")?,
        c("forename")?,
        c("surname")?,
        c("dob")?,
        c("nino")?,
        c("address")?,
        c("postcode")?,
        c("uprn")?,
    ];
    let optional = |n: &str| headers.iter().position(|h| h == n);
    let (status, forwarding_address, forwarding_postcode) = (
        optional("status"),
        optional("forwarding_address"),
        optional("forwarding_postcode"),
    );
    let (occupied_from, occupied_to) = (optional("occupied_from"), optional("occupied_to"));
    let true_person = headers.iter().position(|h| h == "true_person_id");
    let true_uprn = headers.iter().position(|h| h == "true_uprn");
    let index = Gazetteer::new(read_gazetteer(gazetteer)?);
    seconds.insert("1_read".to_string(), t.elapsed().as_secs_f64());

    let t = Instant::now();
    let sources: Vec<PersonSource> = rows
        .par_iter()
        .map(|r| {
            let f = |i: usize| r.get(cols[i]).unwrap_or("").trim();
            let party = Party {
                role: None,
                name: f(3).to_string(),
                forename: Some(f(4).to_string()).filter(|s| !s.is_empty()),
                surname: Some(f(5).to_string()).filter(|s| !s.is_empty()),
                dob: chrono::NaiveDate::parse_from_str(f(6), "%Y-%m-%d").ok(),
                nino: crate::parse::normalise_nino(f(7)),
                occupied: None,
            };
            let opt = |i: Option<usize>| i.and_then(|i| r.get(i)).unwrap_or("").trim();
            let address = Address {
                text: f(8).to_string(),
                postcode: f(9).to_string(),
            };
            let (mut record, method, score) =
                crate::matching::person_record(f(0), &party, &address, f(10).parse().ok(), &index);
            // Parties of one account share the key up to the role.
            record.account = f(0)
                .rsplit_once(':')
                .map(|(account, _)| account.to_string());
            record.business_address = f(1) == "nndr";
            let date = |i| chrono::NaiveDate::parse_from_str(opt(i), "%Y-%m-%d").ok();
            record.occupied =
                date(occupied_from).map(|from| Occupancy::new(from, date(occupied_to)));
            let closed = matches!(opt(status), "closed" | "former");
            let forwarding = Address {
                text: opt(forwarding_address).to_string(),
                postcode: opt(forwarding_postcode).to_string(),
            };
            let has_forwarding = !(forwarding.text.is_empty() && forwarding.postcode.is_empty());
            let residence = residence_of(f(1), closed, closed && has_forwarding);
            let residence_uprn = match residence {
                Residence::ForwardingAddress => {
                    crate::matching::add_forwarding(&mut record, &forwarding, &index)
                }
                r if r.counts() => record.uprn,
                _ => None,
            };
            PersonSource {
                key: f(0).to_string(),
                source: f(1).to_string(),
                role: f(2).to_string(),
                reference: f(0).to_string(),
                residence,
                residence_uprn,
                display_name: String::new(),
                record,
                method,
                score,
            }
        })
        .collect();
    seconds.insert("2_addresses".to_string(), t.elapsed().as_secs_f64());

    let t = Instant::now();
    let matching = match_persons(sources, config, &[], &HashMap::new());
    seconds.insert("3_linkage".to_string(), t.elapsed().as_secs_f64());

    let t = Instant::now();
    crate::output::dir::create_private_dir(out)?;
    let create = |name: &str| crate::output::replace_private(&out.join(name));
    crate::output::matching::write_records_csv(&matching, create("records.csv")?)
        .map_err(|e| BatchError::io(&out.join("records.csv"), e))?;
    crate::output::matching::write_links_csv(&matching, create("links.csv")?)
        .map_err(|e| BatchError::io(&out.join("links.csv"), e))?;
    let summary_path = out.join("matching.json");
    std::io::Write::write_all(
        &mut create("matching.json")?,
        serde_json::to_string_pretty(&crate::matching::summary(&matching))
            .unwrap_or_default()
            .as_bytes(),
    )
    .map_err(|e| BatchError::io(&summary_path, e))?;
    seconds.insert("4_write".to_string(), t.elapsed().as_secs_f64());

    let scoring = Instant::now();
    let mut scores = Scores {
        records: rows.len() as u64,
        seconds,
        ..Scores::default()
    };
    scores.persons = matching
        .records
        .iter()
        .map(|r| r.person_id.as_str())
        .collect::<rustc_hash::FxHashSet<_>>()
        .len() as u64;
    let (Some(tp), Some(tu)) = (true_person, true_uprn) else {
        return Ok(scores);
    };
    // matching.records is sorted by key; line the truth up the same way.
    let truth_of: rustc_hash::FxHashMap<&str, (&str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r.get(cols[0]).unwrap_or(""),
                (r.get(tp).unwrap_or(""), r.get(tu).unwrap_or("")),
            )
        })
        .collect();
    let households: rustc_hash::FxHashMap<String, String> =
        match read(&records.with_file_name("truth.csv")) {
            Ok((h, rows)) => {
                let (p, u) = (
                    h.iter().position(|x| x == "true_person_id"),
                    h.iter().position(|x| x == "household_uprn"),
                );
                rows.iter()
                    .filter_map(|r| Some((r.get(p?)?.to_string(), r.get(u?)?.to_string())))
                    .collect()
            }
            Err(_) => Default::default(),
        };
    let mut predicted = Vec::new();
    let mut truth = Vec::new();
    let mut predicted_household = Vec::new();
    let mut true_household = Vec::new();
    for r in &matching.records {
        let (person, uprn) = truth_of.get(r.key.as_str()).copied().unwrap_or(("", ""));
        predicted.push(r.person_id.clone());
        truth.push(person.to_string());
        predicted_household.push(r.household_id.clone());
        // A person with no home in the borough (moved away) is a household of
        // their own, not one household with everyone else who left.
        true_household.push(
            households
                .get(person)
                .filter(|h| !h.is_empty())
                .cloned()
                .unwrap_or_else(|| format!("alone:{person}")),
        );
        let got = r.uprn;
        if uprn.is_empty() {
            scores.no_uprn_records += 1;
            if got.is_some() {
                scores.no_uprn_forced += 1;
            }
        } else {
            scores.uprn_records += 1;
            let want = uprn.parse::<u64>().ok();
            match got {
                Some(g) if Some(g) == want => scores.uprn_accuracy += 1.0,
                Some(_) => scores.uprn_wrong += 1,
                None => {}
            }
        }
    }
    if scores.uprn_records > 0 {
        scores.uprn_accuracy /= scores.uprn_records as f64;
    }
    (
        scores.person_precision,
        scores.person_recall,
        scores.person_f1,
    ) = pairwise_scores(&predicted, &truth);
    (
        scores.household_precision,
        scores.household_recall,
        scores.household_f1,
    ) = pairwise_scores(&predicted_household, &true_household);
    scores.seconds.insert(
        "5_score_against_truth".to_string(),
        scoring.elapsed().as_secs_f64(),
    );
    let path: PathBuf = out.join("metrics.json");
    std::io::Write::write_all(
        &mut crate::output::replace_private(&path)?,
        serde_json::to_string_pretty(&scores)
            .unwrap_or_default()
            .as_bytes(),
    )
    .map_err(|e| BatchError::io(&path, e))?;
    Ok(scores)
}

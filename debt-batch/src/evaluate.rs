//! `debt-batch link`: link a file of person records (the evaluation set's
//! format, or any extract in it) against a gazetteer, write persons and
//! links, and, when the file carries the true identities, measure the result:
//! pairwise precision, recall and F1 for persons and households, and
//! address-to-UPRN accuracy (with the count of addresses that have no true
//! UPRN but were matched anyway: forced wrong matches).
//!
//! Records: `record_id,source,role,full_name,forename,surname,dob,nino,address,postcode,uprn`
//! and optionally `service` (the service of the source's accounts, as
//! `sources.toml` names it, or the kind of people file; without it, the
//! source is read as one), `status,forwarding_address,forwarding_postcode`,
//! `occupied_from,occupied_to` (liability or tenancy period, ISO dates),
//! `correspondence_address,correspondence_postcode` (a business record's
//! correspondence address), identifiers besides the NINO
//! (`customer_ref`, `claim_ref`, `vehicle`) and
//! `true_person_id,true_uprn`; `truth.csv` beside it
//! (`true_person_id,household_uprn`) gives true households. Each row is
//! made a person record by the nightly run's own [`NamingRow`], so the
//! figures measure the nightly linkage.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use debt_core::identity::{
    Gazetteer, GazetteerEntry, Identifier, LinkConfig, Nino, Override, Postcode,
};
use debt_core::{AccountStatus, Service};
use rayon::prelude::*;
use serde::Serialize;

use crate::config::PeopleKind;
use crate::error::BatchError;
use crate::matching::{match_persons, pairwise_scores, NamingRow, PersonSource, RowKind};
use crate::records::{Address, Party, Role};

/// Figures of one evaluation.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scores {
    /// Records linked.
    pub records: u64,
    /// What each partition held, when linked in partitions.
    pub partitions: Vec<debt_core::identity::PartitionStats>,
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
    /// Rows of review.csv (possible links left for an officer).
    pub review_queue: u64,
    /// The review queue as a share of the records.
    pub review_share: f64,
    /// Pairwise precision of persons once an officer who knows the truth
    /// has decided every row of the review queue.
    pub person_precision_after_review: f64,
    /// Pairwise recall of persons after that review.
    pub person_recall_after_review: f64,
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
pub(crate) fn read_gazetteer(path: &Path) -> Result<Vec<GazetteerEntry>, BatchError> {
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

/// Optional columns holding an identifier besides the NINO, each its own
/// kind: two records are compared on one only when both carry that kind.
pub const IDENTIFIER_COLUMNS: [&str; 3] = ["customer_ref", "claim_ref", "vehicle"];

/// What a row of a link file is, from its `service` cell: an account of
/// a service (`council_tax`, `housing_rent`, `parking_penalty`...), or a
/// record of a people file (`breathing_space`, `vulnerability`,
/// `income_expenditure`), as `sources.toml` names them.
enum Listed {
    Account(Service),
    People(PeopleKind),
}

impl Listed {
    /// Reads a row's `service` cell; where the file has no such column or
    /// the cell is empty, the row's source stands in for it, and a source
    /// that names neither a service nor a people file is a service of its
    /// own (`other:<source>`).
    fn read(service: &str, source: &str) -> Result<Listed, String> {
        let text = if service.is_empty() { source } else { service };
        if let Some(kind) = PeopleKind::ALL.into_iter().find(|k| k.code() == text) {
            return Ok(Listed::People(kind));
        }
        match text.parse::<Service>() {
            Ok(service) => Ok(Listed::Account(service)),
            Err(_) if service.is_empty() => Ok(Listed::Account(Service::Other(text.to_string()))),
            Err(e) => Err(format!(
                "{e}, or a people file's kind ({})",
                PeopleKind::ALL.map(PeopleKind::code).join(", ")
            )),
        }
    }
}

/// Links `records` against `gazetteer`, writes `out/records.csv` and
/// `out/links.csv`, and returns the scores (zeros where there is no truth).
pub fn link_file(
    records: &Path,
    gazetteer: &Path,
    out: &Path,
    config: &LinkConfig,
    overrides: &[Override],
    partitions: usize,
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
    let service = optional("service");
    let (status, forwarding_address, forwarding_postcode) = (
        optional("status"),
        optional("forwarding_address"),
        optional("forwarding_postcode"),
    );
    let (occupied_from, occupied_to) = (optional("occupied_from"), optional("occupied_to"));
    let (correspondence_address, correspondence_postcode) = (
        optional("correspondence_address"),
        optional("correspondence_postcode"),
    );
    // Identifiers a source holds besides the NINO, by kind.
    let identifier_columns: Vec<(&str, usize)> = IDENTIFIER_COLUMNS
        .iter()
        .filter_map(|kind| Some((*kind, optional(kind)?)))
        .collect();
    let true_person = headers.iter().position(|h| h == "true_person_id");
    let true_uprn = headers.iter().position(|h| h == "true_uprn");
    let index = Gazetteer::new(read_gazetteer(gazetteer)?);
    seconds.insert("1_read".to_string(), t.elapsed().as_secs_f64());

    let t = Instant::now();
    // Each row is one party of a row that names people, made into a person
    // record the way the nightly run makes its own.
    let sources: Vec<PersonSource> = rows
        .par_iter()
        .enumerate()
        .map(|(line, r)| {
            let f = |i: usize| r.get(cols[i]).unwrap_or("").trim();
            let opt = |i: Option<usize>| i.and_then(|i| r.get(i)).unwrap_or("").trim();
            let listed =
                Listed::read(opt(service), f(1)).map_err(|message| BatchError::Unreadable {
                    file: records.to_path_buf(),
                    message: format!(
                        "line {}: service: {message}",
                        r.position().map_or(line as u64 + 2, |p| p.line())
                    ),
                })?;
            let status = opt(status).parse().unwrap_or(AccountStatus::Current);
            let kind = match &listed {
                Listed::Account(service) => RowKind::Account(service, status),
                Listed::People(kind) => RowKind::People(*kind),
            };
            let address = |text: Option<usize>, postcode: Option<usize>| Address {
                text: opt(text).to_string(),
                postcode: opt(postcode).to_string(),
            };
            let given = |a: &Address| !(a.text.is_empty() && a.postcode.is_empty());
            let own = address(Some(cols[8]), Some(cols[9]));
            let forwarding = address(forwarding_address, forwarding_postcode);
            let correspondence = address(correspondence_address, correspondence_postcode);
            let date = |i| chrono::NaiveDate::parse_from_str(opt(i), "%Y-%m-%d").ok();
            let row = NamingRow {
                source: f(1),
                reference: f(0),
                kind,
                // Parties of one account share the key up to the role.
                account: f(0)
                    .rsplit_once(':')
                    .map(|(account, _)| account.to_string()),
                address: &own,
                uprn: f(10).parse().ok(),
                forwarding: Some(&forwarding).filter(|a| given(a)),
                occupied: date(occupied_from).map(|from| (from, date(occupied_to))),
                correspondence: Some(&correspondence).filter(|a| given(a)),
                identifiers: identifier_columns
                    .iter()
                    .filter_map(|(kind, i)| Identifier::new(kind, r.get(*i).unwrap_or("")))
                    .collect(),
            };
            let (forename, surname) = (f(4), f(5));
            // The name as the record gives it: the full name, or forename
            // and surname (as an export's columns are read).
            let name = match f(3) {
                "" => [forename, surname]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" "),
                full => full.to_string(),
            };
            let party = Party {
                role: Role::parse(f(2)).ok(),
                name,
                forename: Some(forename.to_string()).filter(|s| !s.is_empty()),
                surname: Some(surname.to_string()).filter(|s| !s.is_empty()),
                dob: chrono::NaiveDate::parse_from_str(f(6), "%Y-%m-%d").ok(),
                nino: Nino::parse(f(7)).ok(),
                occupied: None,
            };
            Ok(row.person_source(f(0).to_string(), &party, &index))
        })
        .collect::<Result<_, BatchError>>()?;
    seconds.insert("2_addresses".to_string(), t.elapsed().as_secs_f64());

    let t = Instant::now();
    let mut matching = match_persons(sources, config, overrides, &HashMap::new(), partitions);
    matching.review = crate::matching::review_queue(&matching, &|_| None);
    seconds.insert("3_linkage".to_string(), t.elapsed().as_secs_f64());

    let t = Instant::now();
    crate::output::dir::create_private_dir(out)?;
    let create = |name: &str| crate::output::replace_private(&out.join(name));
    crate::output::matching::write_records_csv(&matching, create("records.csv")?)
        .map_err(|e| BatchError::io(&out.join("records.csv"), e))?;
    crate::output::matching::write_links_csv(&matching, create("links.csv")?)
        .map_err(|e| BatchError::io(&out.join("links.csv"), e))?;
    crate::output::matching::write_review_csv(&matching, config.threshold, create("review.csv")?)
        .map_err(|e| BatchError::io(&out.join("review.csv"), e))?;
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
        partitions: matching.partitions.clone(),
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
    // The truth playing the officer: every review row whose two records are
    // one true person is confirmed (its two persons merged), every other
    // refused. (`benches/review_as_officer.py` does the same through an
    // overrides file and a second night.)
    scores.review_queue = matching.review.len() as u64;
    scores.review_share = matching.review.len() as f64 / rows.len().max(1) as f64;
    let mut merged: HashMap<&str, &str> = HashMap::new();
    fn root<'a>(merged: &HashMap<&'a str, &'a str>, mut p: &'a str) -> &'a str {
        while let Some(next) = merged.get(p) {
            p = next;
        }
        p
    }
    for row in &matching.review {
        let l = &matching.linkage.links[row.link];
        let (a, b) = (
            matching.sources[l.a as usize].key.as_str(),
            matching.sources[l.b as usize].key.as_str(),
        );
        let same = matches!(
            (truth_of.get(a), truth_of.get(b)),
            (Some((x, _)), Some((y, _))) if x == y
        );
        if same {
            let (ra, rb) = (
                root(&merged, row.person_a.as_str()),
                root(&merged, row.person_b.as_str()),
            );
            if ra != rb {
                merged.insert(ra.max(rb), ra.min(rb));
            }
        }
    }
    let reviewed: Vec<String> = predicted
        .iter()
        .map(|p| root(&merged, p.as_str()).to_string())
        .collect();
    (
        scores.person_precision_after_review,
        scores.person_recall_after_review,
        _,
    ) = pairwise_scores(&reviewed, &truth);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_is_read_as_the_service_it_names() {
        let read = |service: &str, source: &str| Listed::read(service, source);
        assert!(matches!(
            read("council_tax", "ctax"),
            Ok(Listed::Account(Service::CouncilTax))
        ));
        assert!(matches!(
            read("breathing_space", "notices"),
            Ok(Listed::People(PeopleKind::BreathingSpace))
        ));
        // No service given: the source names it, or is a service of its own.
        assert!(matches!(
            read("", "housing_rent"),
            Ok(Listed::Account(Service::HousingRent))
        ));
        assert!(matches!(read("", "ctax"), Ok(Listed::Account(Service::Other(s))) if s == "ctax"));
        // A service that is given must be one.
        let err = read("ctax", "ctax").err().unwrap_or_default();
        assert!(
            err.contains("council_tax") && err.contains("breathing_space"),
            "{err}"
        );
    }
}

//! `debt-batch generate`: a deterministic, realistic synthetic council for
//! benchmarks and tests.
//!
//! Ashbury (the one borough, module `borough`, grown a street at a time as
//! households need homes) with `households` households. Everything comes
//! from one seed through `random`, one stream per household, so the
//! same seed gives byte-identical files. Files are written as they are
//! generated (buffered writers; only the current account's rows and the
//! borough, 24 bytes a property, are held in memory), so the size of the
//! data set is bounded by the disk, not by memory. Every file and directory
//! it writes is owner-only (0600 / 0700): the data is realistic personal
//! data.
//!
//! # What is written (all paths relative to `out`)
//!
//! Seven service systems, each in its own vendor's style (`exports`), and
//! three person files:
//!
//! | file | style | rows |
//! |---|---|---|
//! | `ctax/accounts.csv`, `ctax/transactions.csv`, `ctax/instalments.csv` | revenues system: Windows-1252, `;`, CRLF, dd/mm/yyyy, `£1,234.56` and `(12.50)`; the band carried as an attribute | one account per household plus a closed account for most households that moved within the borough |
//! | `rent/tenancies.csv`, `rent/transactions.csv` | housing system: UTF-8, `,`, yyyy-mm-dd, debit / credit columns | about 35% of households are council tenants (70% of those in blocks of flats, 29% of the rest); a transfer leaves a former tenancy |
//! | `nndr/accounts.csv`, `nndr/transactions.csv` | rates system: every field quoted, CRLF, dd-mm-yyyy, credits `1234.56 CR` | an account at 85% of the borough's business units, a quarter of them sole traders named like people, three in five of those with their home as the correspondence address |
//! | `fta/debts.csv`, `fta/receipts.csv` | debt recovery system: `;`, yyyy/mm/dd; the debt row carries the arrears transferred, receipts have no type column | 6% of tenant households and 2% of others owe for an earlier tenancy, with a forwarding address for most |
//! | `hbop/debts.txt`, `hbop/recoveries.txt` | benefits system: `\|`, yyyymmdd; the debt row carries the overpayment, recoveries have a method and no id | 8% of tenant households, 2% of others: one to three debts per claim |
//! | `sundry/invoices.txt`, `sundry/receipts.txt` | finance system: tab, two title lines, dd.mm.yyyy; the invoice carries its charge, receipts have no type and name the payer | garden waste (12% of houses), adult social care (10% of pensioners), trade waste (sole traders) |
//! | `pcn/notices.csv` | parking system: no header, dd-Mon-yyyy, one row per notice with the vehicle registration, the keeper written three ways (`Mr J Smith`, `John Smith`, `SMITH J`) | 7% of households, one to three notices; three in four of those to the household car's keeper are for that car |
//! | `people/breathing_space.csv`, `people/vulnerability.csv`, `people/income_expenditure.csv` | a list kept by hand with no reference column (dd/mm/yyyy); flags and statement lines with references (ISO) | about 1% of households, 2% of adults (12% over 75), 1% of households |
//! | `llpg.csv` | gazetteer | every property of the streets the households live on, business units included (12-digit UPRNs) |
//! | `control_totals.csv` | each system's stated accounts, closing balance and extract date | the truth, except the finance system's totals as at the day before the run and the parking system's off by a planted amount |
//! | `sources.toml` | every system's section; ctax and rent exactly `fixtures/sources.toml`'s | |
//! | `truth/balances.csv` | `source,account_ref,balance` of every account at 2026-11-20 (accepted rows only) | |
//! | `truth/defects.csv` | `file,line,kind` of every planted bad row, `kind` the reject class or `duplicate` | |
//! | `truth/people.csv` | every party of every account of the seven systems that is a person (a company paying business rates is not) in the evaluation set's record format (`record_id` as the batch keys it, `source:reference:role`; the name, date of birth, NINO and address as the export gives them; the UPRN where the system holds one; the tenancy period and forwarding address; `true_person_id`, `true_uprn`; the `service` as `sources.toml` names it; the vehicle, claim ref, customer number and correspondence address where the system holds them), so that `debt-batch link`, the ceiling and Splink read it as they read `generate-persons` output | one per party |
//! | `truth/suspense.csv` | `source,file,line,amount`: every planted receipt naming no account | |
//! | `truth/control.csv` | what each source's reconciliation must say: accounts, balance at `compared_at`, the control's balance, difference, status | |
//!
//! # Shape
//!
//! Each household's people are drawn as the evaluation set's are
//! (`households`, names from `names`): the head is the
//! lead liable person and lead tenant, a partner the joint one. A household
//! has a home, perhaps a previous home in the borough (a move within the
//! extract), and rents from the council or not. Its council tax accounts
//! are described in `ledger::council_tax`, its tenancies in
//! `ledger::rent` (about 37 rows per council tax account and 477
//! per tenancy, 2.7 a week: rent is the bulk of the data). Its debts to the
//! other systems (`services`) are drawn from a stream of their own, so
//! council tax and rent are as they were before those systems were added.
//! Each system writes in its own style (`exports`), with bad rows planted
//! among the transactions (`exports::defects`: about 1 in 3,300 rows of
//! council tax and rent; one of each kind after the first rows of the other
//! systems' files, then 1 in 500) and in the penalty notices and person
//! files, each listed in `truth/defects.csv` and in no balance or control
//! total.
//!
//! With seed 1, 2,000 households give 435,795 transaction rows (80% rent,
//! 18% council tax, 1.6% the four other transaction files) and 4,794
//! accounts (2,154 council tax, 732 rent, 1,908 in the five other systems).

mod accounts;
mod household;
mod places;
mod services;

use std::path::PathBuf;

use crate::borough::GAZETTEER_HEADER;
use crate::dates::DateText;
use crate::error::Error;
use crate::exports::{housing, revenues, Style, TxnFile};
use crate::files::{self, Sink};
use crate::names::Names;
use crate::random::{Rng, Stream};
use crate::text::{plain_money, push_row, Enc};
use accounts::{Accounts, Total};
use places::Places;

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// Number of households.
    pub households: u64,
    /// Random seed: the same seed gives byte-identical files.
    pub seed: u64,
    /// Output directory (created; must not exist or be empty).
    pub out: PathBuf,
}

/// What was generated.
#[derive(Debug, Clone, Default)]
pub struct GenerateSummary {
    /// Accounts written, all sources.
    pub accounts: u64,
    /// Transaction rows written, all sources (including planted bad rows).
    pub transaction_rows: u64,
    /// Files written with their sizes in bytes.
    pub files: Vec<(PathBuf, u64)>,
}

/// The files of council tax and rent, and the council's own, relative to
/// the output directory, in the order the summary lists them (the other
/// systems' files, [`services::FILES`], follow them).
const FILES: [&str; 13] = [
    "sources.toml",
    "control_totals.csv",
    "llpg.csv",
    "ctax/accounts.csv",
    "ctax/transactions.csv",
    "ctax/instalments.csv",
    "rent/tenancies.csv",
    "rent/transactions.csv",
    "truth/balances.csv",
    "truth/defects.csv",
    "truth/people.csv",
    "truth/suspense.csv",
    "truth/control.csv",
];

/// Writes the council into `options.out`.
pub fn generate(options: &GenerateOptions) -> Result<GenerateSummary, Error> {
    let out = &options.out;
    files::prepare_empty_dir(out)?;
    for sub in ["ctax", "rent", "truth"]
        .iter()
        .chain(services::DIRS.iter())
    {
        files::create_dir(&out.join(sub))?;
    }
    let seed = options.seed;
    let llpg = Sink::with_header(out.join("llpg.csv"), false, GAZETTEER_HEADER, Enc::Utf8)?;
    // Movers take a second home: about one household in ten.
    let planned_homes = options.households as usize * 6 / 5 + 40;
    let mut places = Places::new(seed, planned_homes, llpg);
    let mut accounts = open_accounts(options)?;
    let mut others = services::Services::open(out, seed)?;
    for h in 0..options.households {
        let mut rng = Rng::derive(seed, Stream::COUNCIL_HOUSEHOLD, h);
        let hh = household::household(&mut rng, &accounts.names, &mut places)?;
        accounts.household(&mut rng, &hh, h)?;
        let mut rng = Rng::derive(seed, Stream::COUNCIL_SERVICES, h);
        others.household(
            &mut rng,
            &hh,
            h,
            &mut places,
            &accounts.names,
            &accounts.dates,
        )?;
    }
    places.finish()?;
    let other_rows = others.transaction_rows();
    let (others_truth, others_people, other_defects, other_totals) = others.finish()?;
    let (ctax_total, rent_total, transaction_rows) = close_accounts(
        options,
        accounts,
        &others_truth,
        &others_people,
        other_defects,
    )?;
    let mut totals = vec![
        (
            "ctax",
            "CTAX",
            services::SourceTotal {
                as_of: ctax_total,
                as_at: ctax_total,
            },
        ),
        (
            "rent",
            "RENT",
            services::SourceTotal {
                as_of: rent_total,
                as_at: rent_total,
            },
        ),
    ];
    for (i, id) in services::SOURCES.iter().enumerate() {
        totals.push((id, CONTROL_NAMES[i], other_totals[i]));
    }
    write_control_totals(options, &totals)?;
    files::write_text(
        &out.join("sources.toml"),
        &sources_toml(options.households, seed),
    )?;
    let mut listed = Vec::new();
    for rel in FILES.iter().chain(services::FILES.iter()) {
        let path = out.join(rel);
        let size = files::size(&path)?;
        listed.push((path, size));
    }
    Ok(GenerateSummary {
        accounts: totals.iter().map(|t| t.2.as_of.accounts).sum(),
        transaction_rows: transaction_rows + other_rows,
        files: listed,
    })
}

/// The other systems' names in the control totals file, in the order of
/// [`services::SOURCES`].
const CONTROL_NAMES: [&str; 5] = ["NNDR", "FTA", "HBOP", "SUNDRY", "PCN"];

/// Creates every account file with its header.
fn open_accounts(options: &GenerateOptions) -> Result<Accounts, Error> {
    let (out, seed) = (&options.out, options.seed);
    let revenues =
        |rel: &str, header: &str| Sink::with_header(out.join(rel), true, header, revenues::ENC);
    let housing =
        |rel: &str, header: &str| Sink::with_header(out.join(rel), false, header, housing::ENC);
    Ok(Accounts {
        names: Names::new(),
        dates: DateText::new(),
        ctax_accounts: revenues("ctax/accounts.csv", revenues::ACCOUNTS_HEADER)?,
        ctax_txns: TxnFile::new(
            revenues("ctax/transactions.csv", revenues::TXNS_HEADER)?,
            Style::Revenues,
            "ctax",
            "ctax/transactions.csv",
            70_000_001,
            Rng::derive(seed, Stream::REVENUES_DEFECTS, 0),
        ),
        ctax_plans: revenues("ctax/instalments.csv", revenues::PLANS_HEADER)?,
        tenancies: housing("rent/tenancies.csv", housing::TENANCIES_HEADER)?,
        rent_txns: TxnFile::new(
            housing("rent/transactions.csv", housing::TXNS_HEADER)?,
            Style::Housing,
            "rent",
            "rent/transactions.csv",
            1,
            Rng::derive(seed, Stream::HOUSING_DEFECTS, 0),
        ),
        truth_ctax: Sink::with_header(
            out.join("truth/balances.csv"),
            false,
            "source,account_ref,balance",
            Enc::Utf8,
        )?,
        truth_rent: Sink::create(out.join("truth/.rent-balances.part"), false)?,
        truth_people: Sink::with_header(
            out.join("truth/people.csv"),
            false,
            accounts::PEOPLE_HEADER,
            Enc::Utf8,
        )?,
        household_number: 0,
        defects: Vec::new(),
        next_ctax_ref: 30_000_000,
        next_rent_ref: 1_000,
        ctax_total: Total::default(),
        rent_total: Total::default(),
        txns: Vec::with_capacity(1024),
        row: Vec::with_capacity(512),
    })
}

/// Closes every account file, appends the rent truth and the other
/// systems' truth to the council tax truth, and writes `truth/defects.csv`
/// (sorted by file and line) and `truth/suspense.csv`. Returns the council
/// tax and rent totals and their transaction rows written.
fn close_accounts(
    options: &GenerateOptions,
    accounts: Accounts,
    others_truth: &std::path::Path,
    others_people: &std::path::Path,
    other_defects: Vec<crate::exports::defects::Defect>,
) -> Result<(Total, Total, u64), Error> {
    let Accounts {
        ctax_accounts,
        ctax_txns,
        ctax_plans,
        tenancies,
        rent_txns,
        truth_ctax,
        truth_rent,
        truth_people,
        mut defects,
        ctax_total,
        rent_total,
        ..
    } = accounts;
    let transaction_rows = ctax_txns.rows() + rent_txns.rows();
    ctax_accounts.finish()?;
    ctax_txns.finish()?;
    ctax_plans.finish()?;
    tenancies.finish()?;
    rent_txns.finish()?;
    let people = truth_people.finish()?;
    files::append_and_remove(others_people, &people)?;
    let truth = truth_ctax.finish()?;
    let part = truth_rent.finish()?;
    files::append_and_remove(&part, &truth)?;
    files::append_and_remove(others_truth, &truth)?;

    defects.extend(other_defects);
    defects.sort_by(|a, b| (a.file, a.line).cmp(&(b.file, b.line)));
    let mut text = String::from("file,line,kind\n");
    let mut suspense = String::from("source,file,line,amount\n");
    for d in &defects {
        text.push_str(&format!("{},{},{}\n", d.file, d.line, d.kind.code()));
        if let Some(pence) = d.suspense {
            suspense.push_str(&format!(
                "{},{},{},{}\n",
                d.source,
                d.file,
                d.line,
                plain_money(pence)
            ));
        }
    }
    files::write_text(&options.out.join("truth/defects.csv"), &text)?;
    files::write_text(&options.out.join("truth/suspense.csv"), &suspense)?;
    Ok((ctax_total, rent_total, transaction_rows))
}

/// `control_totals.csv`: what each system says it holds and the day it
/// says it for; and `truth/control.csv`, what the batch must find. Every
/// system states its totals as at the as-of date and equal to the truth,
/// except two planted differences: the finance system (sundry) states them
/// as at the day before (so they are the truth at that day, and the batch
/// must compare at that day to match), and the parking system's total is
/// off by an amount drawn from the seed (a break the batch must report to
/// the penny). Money as the revenues system writes it, in UTF-8.
fn write_control_totals(
    options: &GenerateOptions,
    totals: &[(&str, &str, services::SourceTotal)],
) -> Result<(), Error> {
    let mut rng = Rng::derive(options.seed, Stream::OTHER_DEFECTS, 99);
    let planted_break = rng.range(1, 9_999);
    let mut control = String::from("System,Accounts,Closing Balance,Extract Date\n");
    let mut truth = String::from(
        "source,accounts,closing_balance,compared_at,control_accounts,control_balance,difference,status\n",
    );
    for (id, name, total) in totals {
        let (as_at, computed) = match *id {
            "sundry" => (services::SUNDRY_AS_AT, total.as_at),
            _ => (crate::dates::AS_OF, total.as_of),
        };
        let stated = if *id == "pcn" {
            computed.pence + planted_break
        } else {
            computed.pence
        };
        let mut buf = Vec::new();
        revenues::push_amount(&mut buf, stated, Enc::Utf8);
        let amount = String::from_utf8_lossy(&buf).into_owned();
        let date = as_at.format("%Y-%m-%d").to_string();
        let mut row = Vec::new();
        push_row(
            &mut row,
            &[*name, &computed.accounts.to_string(), &amount, &date],
            b',',
            Enc::Utf8,
        );
        control.push_str(&String::from_utf8_lossy(&row));
        control.push('\n');
        let difference = computed.pence - stated;
        truth.push_str(&format!(
            "{id},{},{},{date},{},{},{},{}\n",
            computed.accounts,
            plain_money(computed.pence),
            computed.accounts,
            plain_money(stated),
            plain_money(difference),
            if difference == 0 { "MATCHED" } else { "BREAK" }
        ));
    }
    files::write_text(&options.out.join("control_totals.csv"), &control)?;
    files::write_text(&options.out.join("truth/control.csv"), &truth)
}

/// The config a council is run with: the ctax and rent sections of
/// fixtures/sources.toml, from the template beside this crate's sources.
const SOURCES_TEMPLATE: &str = include_str!("../../templates/sources.toml");

/// `sources.toml` for this council: the template with the command that made
/// it filled in.
fn sources_toml(households: u64, seed: u64) -> String {
    SOURCES_TEMPLATE
        .replace("{households}", &households.to_string())
        .replace("{seed}", &seed.to_string())
}

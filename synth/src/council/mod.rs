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
//! | file | style | rows |
//! |---|---|---|
//! | `ctax/accounts.csv`, `ctax/transactions.csv`, `ctax/instalments.csv` | revenues system: Windows-1252, `;`, CRLF, dd/mm/yyyy, `£1,234.56` and `(12.50)` | one account per household plus a closed account for most households that moved within the borough |
//! | `rent/tenancies.csv`, `rent/transactions.csv` | housing system: UTF-8, `,`, yyyy-mm-dd, debit / credit columns | about 35% of households are council tenants (70% of those in blocks of flats, 29% of the rest); a transfer leaves a former tenancy |
//! | `llpg.csv` | gazetteer | every property of the streets the households live on, business units included (12-digit UPRNs) |
//! | `control_totals.csv` | each system's stated accounts and closing balance | equal to the truth, so a correct run is MATCHED |
//! | `sources.toml` | the ctax and rent sections of `fixtures/sources.toml`, `[run] tolerance = "0.00"` | |
//! | `truth/balances.csv` | `source,account_ref,balance` of every account at 2026-11-20 (accepted rows only) | |
//! | `truth/defects.csv` | `file,line,kind` of every planted bad row | |
//! | `truth/people.csv` | every party of every account in the evaluation set's record format (`record_id` as the batch keys it, `source:reference:role`; the name, date of birth, NINO and address as the export gives them; the tenancy period; `true_person_id`, `true_uprn`), so that `debt-batch link`, the ceiling and Splink read it as they read `generate-persons` output | one per party |
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
//! per tenancy, 2.7 a week: rent is the bulk of the data). Each system
//! writes in its own style (`exports`), with bad rows planted among
//! the transactions (`exports::defects`: about 1 in 3,300 rows,
//! each listed in `truth/defects.csv` and in no balance or control total).
//!
//! With seed 1: 2,000 households give 429,015 transaction rows (81% rent);
//! 50,000 households give 10,698,621 rows (8.7 million rent, 2.0 million
//! council tax, 698 MB in all), other seeds within about 2%. See
//! `benches/ingest_vs_duckdb.sh`.

mod accounts;
mod household;
mod places;

use std::path::PathBuf;

use crate::borough::GAZETTEER_HEADER;
use crate::dates::DateText;
use crate::error::Error;
use crate::exports::{housing, revenues, Style, TxnFile};
use crate::files::{self, Sink};
use crate::names::Names;
use crate::random::{Rng, Stream};
use crate::text::{push_row, Enc};
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

/// Every file the council holds, relative to the output directory, in the
/// order the summary lists them.
const FILES: [&str; 11] = [
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
];

/// Writes the council into `options.out`.
pub fn generate(options: &GenerateOptions) -> Result<GenerateSummary, Error> {
    let out = &options.out;
    files::prepare_empty_dir(out)?;
    for sub in ["ctax", "rent", "truth"] {
        files::create_dir(&out.join(sub))?;
    }
    let seed = options.seed;
    let llpg = Sink::with_header(out.join("llpg.csv"), false, GAZETTEER_HEADER, Enc::Utf8)?;
    // Movers take a second home: about one household in ten.
    let planned_homes = options.households as usize * 6 / 5 + 40;
    let mut places = Places::new(seed, planned_homes, llpg);
    let mut accounts = open_accounts(options)?;
    for h in 0..options.households {
        let mut rng = Rng::derive(seed, Stream::COUNCIL_HOUSEHOLD, h);
        let hh = household::household(&mut rng, &accounts.names, &mut places)?;
        accounts.household(&mut rng, &hh, h)?;
    }
    places.finish()?;
    let (ctax_total, rent_total, transaction_rows) = close_accounts(options, accounts)?;
    write_control_totals(options, ctax_total, rent_total)?;
    files::write_text(
        &out.join("sources.toml"),
        &sources_toml(options.households, seed),
    )?;
    let mut listed = Vec::new();
    for rel in FILES {
        let path = out.join(rel);
        let size = files::size(&path)?;
        listed.push((path, size));
    }
    Ok(GenerateSummary {
        accounts: ctax_total.accounts + rent_total.accounts,
        transaction_rows,
        files: listed,
    })
}

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
            "ctax/transactions.csv",
            70_000_001,
            Rng::derive(seed, Stream::REVENUES_DEFECTS, 0),
        ),
        ctax_plans: revenues("ctax/instalments.csv", revenues::PLANS_HEADER)?,
        tenancies: housing("rent/tenancies.csv", housing::TENANCIES_HEADER)?,
        rent_txns: TxnFile::new(
            housing("rent/transactions.csv", housing::TXNS_HEADER)?,
            Style::Housing,
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

/// Closes every account file, appends the rent truth to the council tax
/// truth and writes `truth/defects.csv` (sorted by file and line). Returns
/// the two sources' totals and the transaction rows written.
fn close_accounts(
    options: &GenerateOptions,
    accounts: Accounts,
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
    truth_people.finish()?;
    let truth = truth_ctax.finish()?;
    let part = truth_rent.finish()?;
    files::append_and_remove(&part, &truth)?;

    defects.sort_by(|a, b| (a.file, a.line).cmp(&(b.file, b.line)));
    let mut text = String::from("file,line,kind\n");
    for d in &defects {
        text.push_str(&format!("{},{},{}\n", d.file, d.line, d.kind.code()));
    }
    files::write_text(&options.out.join("truth/defects.csv"), &text)?;
    Ok((ctax_total, rent_total, transaction_rows))
}

/// `control_totals.csv`: what each system says it holds, equal to the
/// truth, so that a correct run is MATCHED. Money as the revenues system
/// writes it, in UTF-8.
fn write_control_totals(options: &GenerateOptions, ctax: Total, rent: Total) -> Result<(), Error> {
    let control = |name: &str, total: Total| {
        let mut buf = Vec::new();
        revenues::push_amount(&mut buf, total.pence, Enc::Utf8);
        let amount = String::from_utf8_lossy(&buf).into_owned();
        let mut row = Vec::new();
        push_row(
            &mut row,
            &[name, &total.accounts.to_string(), &amount, "2026-11-20"],
            b',',
            Enc::Utf8,
        );
        String::from_utf8_lossy(&row).into_owned()
    };
    files::write_text(
        &options.out.join("control_totals.csv"),
        &format!(
            "System,Accounts,Closing Balance,Extract Date\n{}\n{}\n",
            control("CTAX", ctax),
            control("RENT", rent)
        ),
    )
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

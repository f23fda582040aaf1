//! `debt-batch generate`: a deterministic, realistic synthetic council for
//! benchmarks and tests.
//!
//! Ashbury (the one borough, module `borough`, grown a street at a time as
//! households need homes) with `households` households. Everything comes
//! from one seed through `random`, one stream per household, so the
//! same seed gives byte-identical files. Files are written as they are
//! generated (buffered writers; only the current account's rows and the
//! borough, 24 bytes a property, are held in memory), so the size of the
//! data set is bounded by the disk, not by memory.
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
const FILES: [&str; 10] = [
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
        accounts.household(&mut rng, &hh)?;
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

fn sources_toml(households: u64, seed: u64) -> String {
    format!(
        "# Generated by `debt-batch generate --households {households} --seed {seed}`: a synthetic council\n\
         # (Ashbury Borough Council) with council tax and rent exports in the styles of fixtures/sources.toml.\n\
         # The sections below are copied from fixtures/sources.toml. Run date: 20 November 2026.\n\
         # truth/balances.csv holds every account's balance and truth/defects.csv every planted bad row.\n\
         \n{CONFIG_COMMON}\n{CONFIG_SOURCES}"
    )
}

const CONFIG_COMMON: &str = r#"[run]
# A source's total may differ from what the system says by at most this much and still count as MATCHED.
tolerance = "0.00"
instalment_day = 1
instalments = 10

# What each system says it holds: one row per system, a count of accounts and the total closing balance.
[control_totals]
file = "control_totals.csv"
format = { kind = "csv", delimiter = ",", encoding = "utf-8", header = true }
columns = { source = "System", accounts = "Accounts", closing_balance = "Closing Balance" }

# The Local Land and Property Gazetteer extract: every addressable place with its UPRN.
[gazetteer]
file = "llpg.csv"
format = { kind = "csv", delimiter = ",", encoding = "utf-8", header = true }
columns = { uprn = "UPRN", sao = "SAO_TEXT", pao = "PAO_TEXT", street = "STREET_DESCRIPTOR", locality = "LOCALITY", town = "TOWN_NAME", postcode = "POSTCODE_LOCATOR" }

# ===================================================================================================
"#;

const CONFIG_SOURCES: &str = r#"# COUNCIL TAX: revenues system. One account per property per liable period, lead and joint liable
# persons, the annual bill (CHG) split into instalments, payments, court costs.
[[sources]]
id = "ctax"
service = "council_tax"
control_name = "CTAX"
# The revenues system writes Windows-1252 text (the £ sign is one byte, 0xA3) separated by semicolons.
format = { kind = "csv", delimiter = ";", encoding = "windows-1252", header = true, quote = "\"" }

[sources.accounts]
file = "ctax/accounts.csv"
date_format = "dd/mm/yyyy"
# Each account names up to two liable people; names are written SURNAME, FORENAMES INITIAL.
# Only the lead liable person's date of birth is exported. An empty joint name means no joint liable person.
parties = [
    { role = "lead_liable", name = "Lead Liable Name", dob = "Lead Liable DOB" },
    { role = "joint_liable", name = "Joint Liable Name" },
]

[sources.accounts.columns]
account_ref = "Account Ref"
uprn = "UPRN"
property_ref = "Property Ref"
address = ["Address 1", "Address 2", "Address 3", "Address 4"]
postcode = "Postcode"
status = "Status"
stage = "Recovery Stage"
# When a reminder is ignored the resident loses the right to pay by instalments: from this date the
# whole of the year's remaining bill is due at once.
instalments_lost_on = "Instalments Lost On"
# Not mapped: "Instalment Plan" (10, 12 or SP for a special arrangement): see EXPECTED.md.

# Account status codes: L = live, C = closed (the resident moved out; the account may still owe or be owed).
[sources.accounts.status_map]
L = "current"
C = "closed"

# Recovery stage codes of the revenues system, in order of escalation.
[sources.accounts.stage_map]
# Mapped onto our council tax ladder: reminder_1, reminder_2, final_notice, summons, liability_order,
# enforcement_agent ("none" = no recovery action). Attachment of earnings is a remedy after the liability
# order, so it sits at liability_order.
"00" = "none"
R1 = "reminder_1"
R2 = "reminder_2"
FN = "final_notice"
SU = "summons"
LO = "liability_order"
AE = "liability_order"
EA = "enforcement_agent"

[sources.transactions]
file = "ctax/transactions.csv"
date_format = "dd/mm/yyyy"
# One signed amount: bills and costs positive, payments negative, as on a council tax statement.
sign = "debit_positive"

[sources.transactions.columns]
account_ref = "Account Ref"
transaction_id = "Trans ID"
date = "Posted"
type = "Type"
amount = "Amount"
# The council tax year a row belongs to: a payment for 2026/27 pays 2026/27 instalments first.
financial_year = "Fin Year"

# Transaction types. REV is a returned (bounced) payment: it puts the debt back.
# REF is money paid back to the resident out of a credit. CST are court (summons) costs, due when posted.
[sources.transactions.type_map]
CHG = "charge"
PAY = "payment"
REV = "reversal"
ADJ = "adjustment"
WO = "write_off"
CST = "costs"
REF = "refund"

# Explicit instalment plans: where an account is listed here, these instalments replace the statutory split
# of that year's bill (12-instalment payers and special arrangements).
[sources.instalments]
file = "ctax/instalments.csv"
date_format = "dd/mm/yyyy"
columns = { account_ref = "Account Ref", due_date = "Due Date", amount = "Amount", financial_year = "Fin Year" }

# ===================================================================================================
# HOUSING RENT: housing system. One tenancy per council home, up to two tenants, weekly rent debits
# every Monday, payments (Universal Credit housing costs paid to us every 4 weeks, direct debits, cash).
[[sources]]
id = "rent"
service = "housing_rent"
control_name = "RENT"
format = { kind = "csv", delimiter = ",", encoding = "utf-8", header = true }

[sources.accounts]
file = "rent/tenancies.csv"
date_format = "yyyy-mm-dd"
# Tenants are held as title, forename and surname; the housing system sometimes holds a National Insurance
# number (written with or without spaces). Empty tenant 2 columns mean a sole tenancy.
parties = [
    { role = "tenant", title = "tenant1_title", forename = "tenant1_forename", surname = "tenant1_surname", dob = "tenant1_dob", nino = "tenant1_nino" },
    { role = "joint_tenant", title = "tenant2_title", forename = "tenant2_forename", surname = "tenant2_surname", dob = "tenant2_dob", nino = "tenant2_nino" },
]

[sources.accounts.columns]
account_ref = "tenancy_ref"
property_ref = "property_ref"
uprn = "uprn"
address = ["address_1", "address_2", "address_3"]
postcode = "postcode"
status = "status"
stage = "arrears_stage"

[sources.accounts.status_map]
current = "current"
former = "former"

# Rent arrears stages (pre-action protocol): NA none, A1/A2 arrears letters, NOSP notice of seeking
# possession, CRT court hearing, PO possession order, EVN eviction booked.
[sources.accounts.stage_map]
# Mapped onto our rent ladder: letter, nosp, court, warrant.
NA = "none"
A1 = "letter"
A2 = "letter"
NOSP = "nosp"
CRT = "court"
PO = "court"
EVN = "warrant"

[sources.transactions]
file = "rent/transactions.csv"
date_format = "yyyy-mm-dd"

# Two positive columns: a debit raises what the tenant owes, a credit lowers it. One is empty on each row.
[sources.transactions.columns]
account_ref = "tenancy_ref"
transaction_id = "trans_id"
date = "trans_date"
type = "trans_code"
debit = "debit"
credit = "credit"

# BFWD is the balance brought forward at the start of the extract period (a debit when the tenant owed,
# a credit when in credit). DDRTN is a returned direct debit: it restores the rent it had paid.
[sources.transactions.type_map]
BFWD = "adjustment"
RENT = "charge"
UC = "payment"
HB = "payment"
CASH = "payment"
DD = "payment"
DDRTN = "reversal"
ADJ = "adjustment"
WOFF = "write_off"
CRT = "costs"
REFND = "refund"
"#;

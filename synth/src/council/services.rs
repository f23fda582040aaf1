//! The council's other systems, each in its own vendor's style: business
//! rates (`nndr`), former tenant arrears (`fta`), housing benefit
//! overpayments (`hbop`), sundry debts (`sundry`), parking penalties
//! (`pcn`), and the person files with no ledger (breathing space,
//! vulnerability, income and expenditure). Each household's share is drawn
//! from its own stream ([`Stream::COUNCIL_SERVICES`]), so council tax and
//! rent are the same as before these systems were added.
//!
//! Every account's balance is worked out here by plain addition of its own
//! rows in integer pence ([`crate::ledger`]), never by debt-core, and goes
//! to the truth with the source's totals.

use std::path::Path;

use chrono::NaiveDate;

use super::accounts::Total;
use super::household::Household;
use super::places::{Places, Property};
use crate::dates::{add_days, ymd, DateForm, DateText, AS_OF};
use crate::error::Error;
use crate::exports::defects::{Defect, DefectKind};
use crate::exports::parking::{Cell, NoticeRow};
use crate::exports::{benefits, finance, people, rates, recovery, Style, TxnFile};
use crate::files::Sink;
use crate::households::Member;
use crate::ledger::sundry::SundryService;
use crate::ledger::{former, overpayment, parking, rates as rates_ledger, sundry, Profile, Txn};
use crate::names::Names;
use crate::random::{Rng, Stream};
use crate::text::{plain_money, push_pence, push_row, Enc};

/// The day the finance system took its control totals: the day before the
/// run, so a receipt posted on the run date is in the balances but not in
/// the system's own totals.
pub const SUNDRY_AS_AT: NaiveDate = ymd(2026, 11, 19);

/// One source's running totals: at the as-of date, and at its control
/// totals' own date.
#[derive(Debug, Clone, Copy, Default)]
pub struct SourceTotal {
    /// At the as-of date.
    pub as_of: Total,
    /// At the control totals' date (the same unless the system says
    /// otherwise).
    pub as_at: Total,
}

impl SourceTotal {
    fn add(&mut self, as_of: i64, as_at: i64) {
        self.as_of.accounts += 1;
        self.as_of.pence += as_of;
        self.as_at.accounts += 1;
        self.as_at.pence += as_at;
    }
}

/// A person file being written, with its planted bad rows.
struct PeopleFile {
    sink: Sink,
    id: &'static str,
    display: &'static str,
    rows: u64,
}

/// Every file of the other systems being written, and their totals.
pub struct Services {
    nndr_accounts: Sink,
    nndr_txns: TxnFile,
    fta_debts: Sink,
    fta_receipts: TxnFile,
    hbop_debts: Sink,
    hbop_recoveries: TxnFile,
    sundry_invoices: Sink,
    sundry_receipts: TxnFile,
    pcn: Sink,
    breathing_space: PeopleFile,
    vulnerability: PeopleFile,
    income_expenditure: PeopleFile,
    /// `source,account_ref,balance` rows of these sources.
    truth: Sink,
    /// `truth/people.csv` rows of these sources' parties.
    truth_people: Sink,
    /// The household being written (its members' true person ids).
    household_number: u64,
    /// Every bad row planted in these files.
    pub defects: Vec<Defect>,
    /// Per source totals, in the order of [`SOURCES`].
    pub totals: [SourceTotal; 5],
    defect_rng: Rng,
    /// Bad rows planted in the penalty notices so far.
    pcn_planted: usize,
    next: Counters,
    txns: Vec<Txn>,
    row: Vec<u8>,
}

/// The sources this module writes, in the order of [`Services::totals`].
pub const SOURCES: [&str; 5] = ["nndr", "fta", "hbop", "sundry", "pcn"];

/// The next reference of each kind.
#[derive(Default)]
struct Counters {
    nndr: u64,
    fta: u64,
    claim: u64,
    debt: u64,
    customer: u64,
    invoice: u64,
    pcn: u64,
    vulnerability: u64,
    statement: u64,
}

/// Every file this module writes, relative to the output directory.
pub const FILES: [&str; 12] = [
    "nndr/accounts.csv",
    "nndr/transactions.csv",
    "fta/debts.csv",
    "fta/receipts.csv",
    "hbop/debts.txt",
    "hbop/recoveries.txt",
    "sundry/invoices.txt",
    "sundry/receipts.txt",
    "pcn/notices.csv",
    "people/breathing_space.csv",
    "people/vulnerability.csv",
    "people/income_expenditure.csv",
];

/// The folders of [`FILES`].
pub const DIRS: [&str; 6] = ["nndr", "fta", "hbop", "sundry", "pcn", "people"];

/// Chance of a bad row after each row of a master or person file.
const ROW_DEFECT_RATE: f64 = 1.0 / 150.0;

impl Services {
    /// Creates every file with its header.
    pub fn open(out: &Path, seed: u64) -> Result<Services, Error> {
        let sink = |rel: &str, crlf: bool, header: &str| {
            Sink::with_header(out.join(rel), crlf, header, Enc::Utf8)
        };
        let defects = |item: u64| Rng::derive(seed, Stream::OTHER_DEFECTS, item);
        let mut sundry_invoices = sink("sundry/invoices.txt", false, finance::INVOICES_HEAD[0])?;
        let mut sundry_receipts = sink("sundry/receipts.txt", false, finance::RECEIPTS_HEAD[0])?;
        for line in &finance::INVOICES_HEAD[1..] {
            sundry_invoices.line(line.as_bytes())?;
        }
        for line in &finance::RECEIPTS_HEAD[1..] {
            sundry_receipts.line(line.as_bytes())?;
        }
        let people = |rel: &'static str, id: &'static str, header: &str| {
            Ok::<_, Error>(PeopleFile {
                sink: sink(rel, false, header)?,
                id,
                display: rel,
                rows: 0,
            })
        };
        Ok(Services {
            nndr_accounts: sink("nndr/accounts.csv", true, rates::ACCOUNTS_HEADER)?,
            nndr_txns: TxnFile::new(
                sink("nndr/transactions.csv", true, rates::TXNS_HEADER)?,
                Style::Rates,
                "nndr",
                "nndr/transactions.csv",
                1,
                defects(1),
            ),
            fta_debts: sink("fta/debts.csv", false, recovery::DEBTS_HEADER)?,
            fta_receipts: TxnFile::new(
                sink("fta/receipts.csv", false, recovery::RECEIPTS_HEADER)?,
                Style::Recovery,
                "fta",
                "fta/receipts.csv",
                1,
                defects(2),
            ),
            hbop_debts: sink("hbop/debts.txt", false, benefits::DEBTS_HEADER)?,
            hbop_recoveries: TxnFile::new(
                sink("hbop/recoveries.txt", false, benefits::RECOVERIES_HEADER)?,
                Style::Benefits,
                "hbop",
                "hbop/recoveries.txt",
                1,
                defects(3),
            ),
            sundry_invoices,
            sundry_receipts: TxnFile::new(
                sundry_receipts,
                Style::Finance,
                "sundry",
                "sundry/receipts.txt",
                1,
                defects(4),
            ),
            pcn: Sink::create(out.join("pcn/notices.csv"), false)?,
            breathing_space: people(
                "people/breathing_space.csv",
                "breathing_space",
                people::BREATHING_SPACE_HEADER,
            )?,
            vulnerability: people(
                "people/vulnerability.csv",
                "vulnerability",
                people::VULNERABILITY_HEADER,
            )?,
            income_expenditure: people(
                "people/income_expenditure.csv",
                "income_expenditure",
                people::INCOME_EXPENDITURE_HEADER,
            )?,
            truth: Sink::create(out.join("truth/.services-balances.part"), false)?,
            truth_people: Sink::create(out.join("truth/.services-people.part"), false)?,
            household_number: 0,
            defects: Vec::new(),
            totals: [SourceTotal::default(); 5],
            defect_rng: defects(5),
            pcn_planted: 0,
            next: Counters {
                nndr: 60_000_000,
                fta: 0,
                claim: 4_000_000,
                debt: 0,
                customer: 100_000,
                invoice: 50_000_000,
                pcn: 50_000_000,
                vulnerability: 0,
                statement: 0,
            },
            txns: Vec::with_capacity(256),
            row: Vec::with_capacity(512),
        })
    }

    /// Transaction rows written so far (planted ones included).
    pub fn transaction_rows(&self) -> u64 {
        self.nndr_txns.rows()
            + self.fta_receipts.rows()
            + self.hbop_recoveries.rows()
            + self.sundry_receipts.rows()
    }

    /// A household's accounts and records in the other systems; `number`
    /// is the household's, as [`super::accounts::Accounts::household`]
    /// was given it.
    pub fn household(
        &mut self,
        rng: &mut Rng,
        hh: &Household,
        number: u64,
        places: &mut Places,
        names: &Names,
        dates: &DateText,
    ) -> Result<(), Error> {
        self.household_number = number;
        let sole_trader = rng.chance(0.25);
        if let Some(unit) = places.next_unit().filter(|_| rng.chance(0.85)) {
            self.rates_account(rng, hh, &unit, sole_trader, names, dates)?;
        }
        let fta = rng.chance(if hh.tenant { 0.06 } else { 0.02 }) && hh.lead().age_on(AS_OF) >= 22;
        if fta {
            let old = places.earlier_home(rng);
            self.former_tenancy(rng, hh, &old, places, names, dates)?;
        }
        let pensioner = hh.lead().age_on(AS_OF) >= 66;
        if rng.chance(if hh.tenant { 0.08 } else { 0.02 }) {
            self.overpayments(rng, hh, names, dates)?;
        }
        let customer = {
            self.next.customer += 1;
            format!("C{}", self.next.customer)
        };
        if !hh.home.block && rng.chance(0.12) {
            for (date, amount) in [(ymd(2025, 3, 3), 5_500), (ymd(2026, 3, 2), 5_700)] {
                self.invoice(
                    rng,
                    hh,
                    SundryService::GardenWaste,
                    amount,
                    date,
                    &customer,
                    names,
                    dates,
                )?;
            }
        }
        if rng.chance(if pensioner { 0.10 } else { 0.01 }) {
            let months = rng.range(2, 10);
            let amount = rng.range(40, 600) * 100;
            for k in 0..months {
                let month = 10 - k;
                let date = if month >= 1 {
                    ymd(2026, month as u32, 1)
                } else {
                    ymd(2025, (12 + month) as u32, 1)
                };
                self.invoice(
                    rng,
                    hh,
                    SundryService::SocialCare,
                    amount,
                    date,
                    &customer,
                    names,
                    dates,
                )?;
            }
        }
        if sole_trader && rng.chance(0.5) {
            for date in [ymd(2026, 4, 1), ymd(2026, 7, 1), ymd(2026, 10, 1)] {
                self.invoice(
                    rng,
                    hh,
                    SundryService::TradeWaste,
                    32_400,
                    date,
                    &customer,
                    names,
                    dates,
                )?;
            }
        }
        if rng.chance(0.07) {
            for _ in 0..rng.range(1, 3) {
                self.notice(rng, hh, names, dates)?;
            }
        }
        self.people(rng, hh, names, dates)
    }

    /// One business rates account at a business unit.
    fn rates_account(
        &mut self,
        rng: &mut Rng,
        hh: &Household,
        unit: &Property,
        sole_trader: bool,
        names: &Names,
        dates: &DateText,
    ) -> Result<(), Error> {
        self.next.nndr += 1 + rng.below(7);
        let reference = format!("N{}", self.next.nndr);
        let lead = hh.lead();
        let ratepayer = if sole_trader {
            format!(
                "{}, {}",
                names.surname(lead.surname).to_uppercase(),
                lead.forename.to_uppercase()
            )
        } else {
            let trade = *rng.pick(&[
                "MOTORS",
                "STORES",
                "BUILDERS",
                "CATERING",
                "FLOORING",
                "PRINT",
                "ENGINEERING",
            ]);
            format!(
                "{} {trade} LTD",
                names.surname(rng.below(2_000) as u32).to_uppercase()
            )
        };
        let from = rng
            .chance(0.2)
            .then(|| rng.date_between(ymd(2024, 4, 2), ymd(2026, 9, 30)));
        let spec = rates_ledger::RatesSpec {
            rateable_value: rng.range(40, 600) * 100,
            from,
            profile: Profile::pick(rng),
        };
        self.txns.clear();
        let outcome = rates_ledger::generate(rng, &spec, &mut self.txns);
        let address = unit.address(3);
        let lost = outcome
            .lost_on
            .map(|d| dates.text(d, DateForm::Dash))
            .unwrap_or_default();
        let from_text = from
            .map(|d| dates.text(d, DateForm::Dash))
            .unwrap_or_else(|| "01-04-2017".to_string());
        // Most sole traders have their letters sent home; a company's go
        // to the unit. Chosen from the reference, not the random stream,
        // so the rest of the council is what it was without this column.
        let (correspondence, correspondence_postcode) = match sole_trader && self.next.nndr % 5 < 3
        {
            true => (hh.home.one_line(), hh.home.postcode.clone()),
            false => (String::new(), String::new()),
        };
        self.row.clear();
        rates::push_quoted_row(
            &mut self.row,
            &[
                reference.as_str(),
                &unit.uprn.to_string(),
                &unit.revenues_ref,
                &address[0],
                &address[1],
                &address[2],
                &unit.postcode,
                "LIVE",
                outcome.stage,
                &ratepayer,
                &spec.rateable_value.to_string(),
                &from_text,
                &lost,
                &correspondence,
                &correspondence_postcode,
            ],
        );
        self.nndr_accounts.line(&self.row)?;
        if sole_trader {
            self.party_truth(
                dates,
                &PartyTruth {
                    source: "nndr",
                    service: "business_rates",
                    reference: &reference,
                    role: "lead_liable",
                    full_name: &ratepayer,
                    dob: None,
                    nino: "",
                    address: &address,
                    postcode: &unit.postcode,
                    uprn: Some(unit.uprn),
                    true_uprn: Some(unit.uprn),
                    member: 0,
                    status: "current",
                    correspondence: (&correspondence, &correspondence_postcode),
                    ..PartyTruth::default()
                },
            )?;
        }
        let balance =
            self.nndr_txns
                .write_account(&reference, &mut self.txns, dates, &mut self.defects)?;
        self.account(0, &reference, balance, balance)
    }

    /// A former tenancy debt at an earlier home, with its receipts.
    fn former_tenancy(
        &mut self,
        rng: &mut Rng,
        hh: &Household,
        old: &Property,
        places: &Places,
        names: &Names,
        dates: &DateText,
    ) -> Result<(), Error> {
        self.next.fta += 1 + rng.below(3);
        let reference = format!("FT{:07}", self.next.fta);
        let tenancy_ref = format!("RT{:06}", 500_000 + self.next.fta);
        let lead = hh.lead();
        let earliest = add_days(lead.of_age(), 365).max(ymd(2008, 1, 1));
        let ended = rng.date_between(earliest.max(ymd(2018, 1, 1)), ymd(2026, 8, 31));
        let started = rng.date_between(earliest, add_days(ended, -180).max(earliest));
        let (forwarding, forwarding_postcode) = match rng.weighted(&[65, 10, 25]) {
            0 => (hh.home.one_line(), hh.home.postcode.clone()),
            1 => places.elsewhere(rng),
            _ => (String::new(), String::new()),
        };
        let spec = former::FormerSpec {
            ended,
            traced: !forwarding.is_empty(),
            profile: hh.profile,
        };
        self.txns.clear();
        let debt = former::generate(rng, &spec, &mut self.txns);
        let address = old.address(3);
        let nino = if rng.chance(0.4) {
            lead.nino.as_str()
        } else {
            ""
        };
        let form = DateForm::SlashIso;
        self.row.clear();
        push_row(
            &mut self.row,
            &[
                reference.as_str(),
                &tenancy_ref,
                &address[0],
                &address[1],
                &address[2],
                &old.postcode,
                &old.uprn.to_string(),
                &dates.text(started, form),
                &dates.text(ended, form),
                &recovery::name(lead.title, lead.forename, names.surname(lead.surname)),
                &dates.text(lead.dob, form),
                nino,
                &forwarding,
                &forwarding_postcode,
                &plain_money(debt.arrears),
                &dates.text(debt.transferred, form),
                &dates.text(debt.due, form),
                debt.stage,
            ],
            recovery::DELIM,
            recovery::ENC,
        );
        self.fta_debts.line(&self.row)?;
        self.party_truth(
            dates,
            &PartyTruth {
                source: "fta",
                service: "former_tenant_arrears",
                reference: &reference,
                role: "tenant",
                full_name: &recovery::name(lead.title, lead.forename, names.surname(lead.surname)),
                dob: Some(lead.dob),
                nino,
                address: &address,
                postcode: &old.postcode,
                uprn: Some(old.uprn),
                true_uprn: Some(old.uprn),
                member: 0,
                status: "former",
                forwarding: (&forwarding, &forwarding_postcode),
                occupied: (Some(started), Some(ended)),
                ..PartyTruth::default()
            },
        )?;
        let paid = self.fta_receipts.write_account(
            &reference,
            &mut self.txns,
            dates,
            &mut self.defects,
        )?;
        let balance = debt.arrears + paid;
        self.account(1, &reference, balance, balance)
    }

    /// A benefit claim's overpayment debts (one to three), with their
    /// recoveries.
    fn overpayments(
        &mut self,
        rng: &mut Rng,
        hh: &Household,
        names: &Names,
        dates: &DateText,
    ) -> Result<(), Error> {
        self.next.claim += 1 + rng.below(40);
        let claim = format!("HB{:07}", self.next.claim);
        let live = rng.chance(0.6);
        let lead = hh.lead();
        let claimant = format!(
            "{} {} {}",
            lead.title,
            lead.forename,
            names.surname(lead.surname)
        );
        for _ in 0..*rng.pick(&[1, 1, 1, 2, 2, 3]) {
            self.next.debt += 1;
            let reference = format!("OP{:07}", self.next.debt);
            self.txns.clear();
            let debt = overpayment::generate(rng, live, &mut self.txns);
            let form = DateForm::Compact;
            self.row.clear();
            push_row(
                &mut self.row,
                &[
                    reference.as_str(),
                    &claim,
                    &claimant,
                    &lead.nino,
                    &dates.text(lead.dob, form),
                    &hh.home.one_line(),
                    &hh.home.postcode,
                    &hh.home.uprn.to_string(),
                    &dates.text(debt.raised, form),
                    &dates.text(debt.due, form),
                    &plain_money(debt.amount),
                    if live { "L" } else { "C" },
                    if live {
                        "DED"
                    } else {
                        *rng.pick(&["INV", "REM", "FIN", "DWP"])
                    },
                ],
                benefits::DELIM,
                benefits::ENC,
            );
            self.hbop_debts.line(&self.row)?;
            self.party_truth(
                dates,
                &PartyTruth {
                    source: "hbop",
                    service: "housing_benefit_overpayment",
                    reference: &reference,
                    role: "claimant",
                    full_name: &claimant,
                    dob: Some(lead.dob),
                    nino: &lead.nino,
                    address: &[hh.home.one_line()],
                    postcode: &hh.home.postcode,
                    uprn: Some(hh.home.uprn),
                    true_uprn: Some(hh.home.uprn),
                    member: 0,
                    status: if live { "current" } else { "closed" },
                    claim_ref: &claim,
                    ..PartyTruth::default()
                },
            )?;
            let recovered = self.hbop_recoveries.write_account(
                &reference,
                &mut self.txns,
                dates,
                &mut self.defects,
            )?;
            let balance = debt.amount + recovered;
            self.account(2, &reference, balance, balance)?;
        }
        Ok(())
    }

    /// One sundry invoice with its receipts.
    #[allow(clippy::too_many_arguments)]
    fn invoice(
        &mut self,
        rng: &mut Rng,
        hh: &Household,
        service: SundryService,
        amount: i64,
        date: NaiveDate,
        customer: &str,
        names: &Names,
        dates: &DateText,
    ) -> Result<(), Error> {
        self.next.invoice += 1;
        let reference = format!("{}", self.next.invoice);
        let lead = hh.lead();
        let surname = names.surname(lead.surname);
        let customer_name = match rng.below(3) {
            0 => format!("{} {} {}", lead.title, lead.forename, surname),
            1 => format!("{} {}", lead.forename, surname),
            _ => format!("{} {} {}", lead.title, initial(lead.forename), surname),
        };
        let payer = format!("{} {}", initial(lead.forename), surname.to_uppercase());
        self.txns.clear();
        let invoice = sundry::generate(rng, amount, date, hh.profile, &payer, &mut self.txns);
        let at_control: i64 = invoice.amount
            + self
                .txns
                .iter()
                .filter(|t| t.date <= SUNDRY_AS_AT)
                .map(|t| t.amount)
                .sum::<i64>();
        let form = DateForm::Dotted;
        self.row.clear();
        let mut gross = Vec::new();
        push_pence(&mut gross, invoice.amount.unsigned_abs(), true);
        push_row(
            &mut self.row,
            &[
                reference.as_str(),
                customer,
                &customer_name,
                &hh.home.one_line(),
                &hh.home.postcode,
                service.code(),
                &dates.text(invoice.date, form),
                &dates.text(invoice.due, form),
                &String::from_utf8_lossy(&gross),
                invoice.stage,
            ],
            finance::DELIM,
            finance::ENC,
        );
        self.sundry_invoices.line(&self.row)?;
        self.party_truth(
            dates,
            &PartyTruth {
                source: "sundry",
                service: "sundry",
                reference: &reference,
                role: "debtor",
                full_name: &customer_name,
                address: &[hh.home.one_line()],
                postcode: &hh.home.postcode,
                true_uprn: Some(hh.home.uprn),
                member: 0,
                status: "current",
                customer_ref: customer,
                ..PartyTruth::default()
            },
        )?;
        let paid = self.sundry_receipts.write_account(
            &reference,
            &mut self.txns,
            dates,
            &mut self.defects,
        )?;
        let balance = invoice.amount + paid;
        self.account(3, &reference, balance, at_control)
    }

    /// One penalty notice to a member of the household, and now and then a
    /// bad row after it.
    fn notice(
        &mut self,
        rng: &mut Rng,
        hh: &Household,
        names: &Names,
        dates: &DateText,
    ) -> Result<(), Error> {
        self.next.pcn += 1 + rng.below(90);
        let reference = format!("AS{}", self.next.pcn);
        let (member, keeper_member): (usize, &Member) = match hh.partner {
            Some(p) if rng.chance(0.4) => (p, &hh.members[p]),
            _ => (0, hh.lead()),
        };
        let surname = names.surname(keeper_member.surname);
        let keeper = match rng.below(3) {
            0 => format!(
                "{} {} {}",
                keeper_member.title,
                initial(keeper_member.forename),
                surname
            ),
            1 => format!("{} {}", keeper_member.forename, surname),
            _ => format!(
                "{} {}",
                surname.to_uppercase(),
                initial(keeper_member.forename)
            ),
        };
        let postcode = match rng.below(3) {
            0 => hh.home.postcode.replace(' ', ""),
            1 => hh.home.postcode.to_lowercase(),
            _ => hh.home.postcode.clone(),
        };
        let letters = b"ABCDEFGHJKLMNPRSTVWXY";
        let l = |rng: &mut Rng| char::from(letters[rng.below(letters.len() as u64) as usize]);
        let vrm = format!(
            "{}{}{:02} {}{}{}",
            l(rng),
            l(rng),
            rng.range(10, 75),
            l(rng),
            l(rng),
            l(rng)
        );
        // Most notices to the household's car's registered keeper (the lead,
        // or in half the households with a partner the partner) are for
        // that car: three in four, chosen from the reference and the
        // household's number so the random stream is as it was.
        let car_keeper = match hh.partner {
            Some(p) if self.household_number % 2 == 1 => p,
            _ => 0,
        };
        let vrm = match (member == car_keeper, self.next.pcn % 4) {
            (true, 1..) => household_car(self.household_number),
            _ => vrm,
        };
        let n = parking::generate(rng);
        let row = NoticeRow {
            pcn: &reference,
            vrm: &vrm,
            keeper: &keeper,
            address: &hh.home.one_line(),
            postcode: &postcode,
            issued: n.issued,
            charge: n.charge,
            paid: n.paid,
            last_paid: n.last_paid,
            stage: n.stage,
            contravention: n.contravention,
        };
        self.row.clear();
        row.push(&mut self.row, dates, Cell::Good, Cell::Good);
        self.pcn.line(&self.row)?;
        self.party_truth(
            dates,
            &PartyTruth {
                source: "pcn",
                service: "parking_penalty",
                reference: &reference,
                role: "keeper",
                full_name: &keeper,
                address: &[hh.home.one_line()],
                postcode: &postcode,
                true_uprn: Some(hh.home.uprn),
                member,
                status: "current",
                vehicle: &vrm,
                ..PartyTruth::default()
            },
        )?;
        let good = self.row.clone();
        let balance = n.charge - n.paid;
        self.account(4, &reference, balance, balance)?;
        let kinds = [
            DefectKind::BadDate,
            DefectKind::BadAmount,
            DefectKind::Duplicate,
            DefectKind::ConflictingDuplicate,
        ];
        // One of each kind after the first notices, then now and then.
        let kind = match self.pcn_planted {
            n if n < kinds.len() => kinds[n],
            _ if self.defect_rng.chance(ROW_DEFECT_RATE * 2.0) => {
                kinds[self.defect_rng.below(4) as usize]
            }
            _ => return Ok(()),
        };
        self.pcn_planted += 1;
        let mut bad = Vec::new();
        match kind {
            DefectKind::Duplicate => bad.extend_from_slice(&good),
            DefectKind::ConflictingDuplicate => {
                let changed = NoticeRow {
                    charge: n.charge + 100,
                    ..row
                };
                changed.push(&mut bad, dates, Cell::Good, Cell::Good);
            }
            _ => {
                self.next.pcn += 1;
                let other = format!("AS{}", self.next.pcn);
                let text = *self.defect_rng.pick(&[
                    "31-Sep-2026",
                    "29-Feb-2025",
                    "2026-03-14",
                    "14-13-2026",
                ]);
                let amount = *self.defect_rng.pick(&["1O5.00", "N/A", "70.005"]);
                let planted = NoticeRow { pcn: &other, ..row };
                let (date, money) = match kind {
                    DefectKind::BadDate => (Cell::Raw(text), Cell::Good),
                    _ => (Cell::Good, Cell::Raw(amount)),
                };
                planted.push(&mut bad, dates, date, money);
            }
        }
        let line = self.pcn.line(&bad)?;
        self.defects.push(Defect {
            source: "pcn",
            file: "pcn/notices.csv",
            line,
            kind,
            suspense: None,
        });
        Ok(())
    }

    /// The household's breathing space notice, vulnerability flags and
    /// income and expenditure statement, when it has them.
    fn people(
        &mut self,
        rng: &mut Rng,
        hh: &Household,
        names: &Names,
        dates: &DateText,
    ) -> Result<(), Error> {
        let address = hh.home.one_line();
        let postcode = hh.home.postcode.clone();
        if rng.chance(0.012) {
            let m = hh.lead();
            let crisis = rng.chance(0.15);
            let start = rng.date_between(ymd(2025, 6, 1), add_days(AS_OF, -3));
            let end = match crisis {
                false => Some(add_days(start, 59)),
                true => rng.chance(0.4).then(|| add_days(start, rng.range(30, 200))),
            };
            let form = DateForm::Dmy;
            let end_text = end.map(|d| dates.text(d, form)).unwrap_or_default();
            let fields = [
                m.forename.to_string(),
                names.surname(m.surname).to_string(),
                dates.text(m.dob, form),
                address.clone(),
                postcode.clone(),
                if crisis { "MHC" } else { "STD" }.to_string(),
                dates.text(start, form),
                end_text,
            ];
            let mut bad = fields.clone();
            bad[6] = format!("31/09/{}", 2025 + rng.below(2));
            self.person_row(
                PersonFile::BreathingSpace,
                &fields,
                &bad,
                DefectKind::BadDate,
            )?;
        }
        let adults: Vec<&Member> = hh
            .members
            .iter()
            .filter(|m| m.age_on(AS_OF) >= 18)
            .collect();
        for m in adults {
            if !rng.chance(if m.age_on(AS_OF) >= 75 { 0.12 } else { 0.02 }) {
                continue;
            }
            self.next.vulnerability += 1;
            let flag = *rng.pick(&[
                "OLDER_PERSON",
                "HEARING_LOSS",
                "MENTAL_HEALTH",
                "CARER",
                "LEARNING_DISABILITY",
                "SIGHT_LOSS",
            ]);
            let recorded = rng.date_between(ymd(2018, 1, 1), AS_OF);
            let fields = [
                format!("VUL-{:06}", self.next.vulnerability),
                format!("{} {}", m.forename, names.surname(m.surname)),
                dates.text(m.dob, DateForm::Iso),
                address.clone(),
                postcode.clone(),
                flag.to_string(),
                dates.text(recorded, DateForm::Iso),
            ];
            let mut bad = fields.clone();
            self.next.vulnerability += 1;
            bad[0] = format!("VUL-{:06}", self.next.vulnerability);
            bad[6] = format!("{}-13-01", 2020 + rng.below(6));
            self.person_row(
                PersonFile::Vulnerability,
                &fields,
                &bad,
                DefectKind::BadDate,
            )?;
        }
        if rng.chance(0.01) {
            self.next.statement += 1;
            let reference = format!("SFS-{:06}", self.next.statement);
            let m = hh.lead();
            let lines: [(&str, i64, &str); 8] = [
                ("income_earnings", rng.range(0, 2_200), "monthly"),
                ("income_benefits", rng.range(0, 1_400), "monthly"),
                ("home_and_contents", rng.range(60, 180), "weekly"),
                ("food_and_housekeeping", rng.range(50, 140), "weekly"),
                ("travel", rng.range(20, 160), "monthly"),
                ("personal_costs", rng.range(10, 90), "monthly"),
                ("communications_and_leisure", rng.range(20, 80), "monthly"),
                ("savings", 0, "monthly"),
            ];
            for (category, pounds, frequency) in lines {
                let fields = [
                    reference.clone(),
                    m.forename.to_string(),
                    names.surname(m.surname).to_string(),
                    dates.text(m.dob, DateForm::Iso),
                    m.nino.clone(),
                    address.clone(),
                    postcode.clone(),
                    category.to_string(),
                    plain_money(pounds * 100),
                    frequency.to_string(),
                ];
                let mut bad = fields.clone();
                bad[8] = "12.3.4".to_string();
                self.person_row(
                    PersonFile::IncomeExpenditure,
                    &fields,
                    &bad,
                    DefectKind::BadAmount,
                )?;
            }
        }
        Ok(())
    }

    /// Writes a person row, and a bad one after the file's first row and
    /// now and then later.
    fn person_row(
        &mut self,
        which: PersonFile,
        fields: &[String],
        bad: &[String],
        kind: DefectKind,
    ) -> Result<(), Error> {
        let plant = self.defect_rng.chance(ROW_DEFECT_RATE);
        let file = match which {
            PersonFile::BreathingSpace => &mut self.breathing_space,
            PersonFile::Vulnerability => &mut self.vulnerability,
            PersonFile::IncomeExpenditure => &mut self.income_expenditure,
        };
        self.row.clear();
        push_row(&mut self.row, fields, b',', Enc::Utf8);
        file.sink.line(&self.row)?;
        file.rows += 1;
        if file.rows == 1 || plant {
            self.row.clear();
            push_row(&mut self.row, bad, b',', Enc::Utf8);
            let line = file.sink.line(&self.row)?;
            file.rows += 1;
            self.defects.push(Defect {
                source: file.id,
                file: file.display,
                line,
                kind,
                suspense: None,
            });
        }
        Ok(())
    }

    /// Counts an account of source `index` and writes its truth row.
    fn account(
        &mut self,
        index: usize,
        reference: &str,
        as_of: i64,
        as_at: i64,
    ) -> Result<(), Error> {
        self.totals[index].add(as_of, as_at);
        self.row.clear();
        push_row(
            &mut self.row,
            &[SOURCES[index], reference, &plain_money(as_of)],
            b',',
            Enc::Utf8,
        );
        self.truth.line(&self.row)?;
        Ok(())
    }

    /// One party's row of `truth/people.csv` (its columns as
    /// [`super::accounts::PEOPLE_HEADER`] names them).
    fn party_truth(&mut self, dates: &DateText, p: &PartyTruth<'_>) -> Result<(), Error> {
        let iso =
            |d: Option<NaiveDate>| d.map(|d| dates.text(d, DateForm::Iso)).unwrap_or_default();
        let uprn = |u: Option<u64>| u.map(|u| u.to_string()).unwrap_or_default();
        let address = p
            .address
            .iter()
            .filter(|l| !l.is_empty())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        let fields = [
            format!("{}:{}:{}", p.source, p.reference, p.role),
            p.source.to_string(),
            p.role.to_string(),
            p.full_name.to_string(),
            String::new(),
            String::new(),
            iso(p.dob),
            p.nino.replace(' ', ""),
            address,
            p.postcode.to_string(),
            uprn(p.uprn),
            format!("P{:08}{}", self.household_number, p.member),
            uprn(p.true_uprn),
            p.status.to_string(),
            p.forwarding.0.to_string(),
            p.forwarding.1.to_string(),
            iso(p.occupied.0),
            iso(p.occupied.1),
            p.service.to_string(),
            p.vehicle.to_string(),
            p.claim_ref.to_string(),
            p.customer_ref.to_string(),
            p.correspondence.0.to_string(),
            p.correspondence.1.to_string(),
        ];
        // Its own buffer: callers still hold their export row in `row`.
        let mut row = Vec::with_capacity(256);
        push_row(&mut row, &fields, b',', Enc::Utf8);
        self.truth_people.line(&row)?;
        Ok(())
    }

    /// Closes every file; returns the truth parts to append (balances, then
    /// people).
    #[allow(clippy::type_complexity)]
    pub fn finish(
        self,
    ) -> Result<
        (
            std::path::PathBuf,
            std::path::PathBuf,
            Vec<Defect>,
            [SourceTotal; 5],
        ),
        Error,
    > {
        self.nndr_accounts.finish()?;
        self.nndr_txns.finish()?;
        self.fta_debts.finish()?;
        self.fta_receipts.finish()?;
        self.hbop_debts.finish()?;
        self.hbop_recoveries.finish()?;
        self.sundry_invoices.finish()?;
        self.sundry_receipts.finish()?;
        self.pcn.finish()?;
        self.breathing_space.sink.finish()?;
        self.vulnerability.sink.finish()?;
        self.income_expenditure.sink.finish()?;
        Ok((
            self.truth.finish()?,
            self.truth_people.finish()?,
            self.defects,
            self.totals,
        ))
    }
}

/// Which person file a row goes to.
#[derive(Clone, Copy)]
enum PersonFile {
    BreathingSpace,
    Vulnerability,
    IncomeExpenditure,
}

/// A forename's first letter.
fn initial(forename: &str) -> String {
    forename
        .chars()
        .next()
        .map(String::from)
        .unwrap_or_default()
}

/// One party of an account of these systems as its export gives it, for
/// `truth/people.csv`.
#[derive(Default)]
struct PartyTruth<'a> {
    source: &'a str,
    /// The source's service, as `sources.toml` names it.
    service: &'a str,
    reference: &'a str,
    role: &'a str,
    full_name: &'a str,
    dob: Option<NaiveDate>,
    nino: &'a str,
    /// The address lines as the export writes them.
    address: &'a [String],
    postcode: &'a str,
    /// The UPRN the system holds, if it holds one.
    uprn: Option<u64>,
    /// The UPRN of the property the address is (the truth).
    true_uprn: Option<u64>,
    /// The party's index among the household's members.
    member: usize,
    status: &'a str,
    forwarding: (&'a str, &'a str),
    occupied: (Option<NaiveDate>, Option<NaiveDate>),
    vehicle: &'a str,
    claim_ref: &'a str,
    customer_ref: &'a str,
    correspondence: (&'a str, &'a str),
}

/// The registration of a household's car: the same for every notice that
/// is for it, drawn from the household's number.
fn household_car(household: u64) -> String {
    let mut x = household.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    let letters = b"ABCDEFGHJKLMNPRSTVWXY";
    let mut l = |_| {
        let c = char::from(letters[(x % letters.len() as u64) as usize]);
        x /= letters.len() as u64;
        c
    };
    let (a, b) = (l(0), l(1));
    let year = 10 + x % 65;
    x /= 65;
    let mut l = |_| {
        let c = char::from(letters[(x % letters.len() as u64) as usize]);
        x /= letters.len() as u64;
        c
    };
    format!("{a}{b}{year:02} {}{}{}", l(0), l(1), l(2))
}

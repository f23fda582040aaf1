//! Each household's accounts, written as they are generated: council tax
//! at every address they were liable at, and their council tenancies.

use chrono::NaiveDate;

use super::household::{band_for, Household};
use super::places::Property;
use crate::dates::{add_days, monday_on_or_after, ymd, DateForm, DateText};
use crate::error::Error;
use crate::exports::defects::Defect;
use crate::exports::housing::{self, TenancyRow, Tenant};
use crate::exports::revenues::{self, AccountRow};
use crate::exports::TxnFile;
use crate::files::Sink;
use crate::households::Member;
use crate::ledger::council_tax::{self, CtMethod, CtaxSpec};
use crate::ledger::rent::{self, WINDOW_START};
use crate::ledger::Txn;
use crate::names::Names;
use crate::random::Rng;
use crate::text::{plain_money, push_row, Enc};

/// Accounts of one source so far: how many, and their balances' sum in
/// pence.
#[derive(Debug, Clone, Copy, Default)]
pub struct Total {
    /// Accounts written.
    pub accounts: u64,
    /// Sum of their balances at the as-of date, in pence.
    pub pence: i64,
}

/// Every account file being written, and the running totals.
pub struct Accounts {
    /// The name table the households' surnames index.
    pub names: Names,
    /// Dates formatted once.
    pub dates: DateText,
    /// `ctax/accounts.csv`.
    pub ctax_accounts: Sink,
    /// `ctax/transactions.csv`.
    pub ctax_txns: TxnFile,
    /// `ctax/instalments.csv`.
    pub ctax_plans: Sink,
    /// `rent/tenancies.csv`.
    pub tenancies: Sink,
    /// `rent/transactions.csv`.
    pub rent_txns: TxnFile,
    /// `truth/balances.csv` (council tax rows, then rent appended).
    pub truth_ctax: Sink,
    /// The rent rows of the truth, appended at the end.
    pub truth_rent: Sink,
    /// `truth/people.csv`: every party of every account as the exports
    /// give them, with the true person.
    pub truth_people: Sink,
    /// Every planted bad row.
    pub defects: Vec<Defect>,
    /// The last council tax account reference handed out.
    pub next_ctax_ref: u64,
    /// The last tenancy number handed out.
    pub next_rent_ref: u64,
    /// Council tax accounts so far.
    pub ctax_total: Total,
    /// Tenancies so far.
    pub rent_total: Total,
    /// The current account's rows.
    pub txns: Vec<Txn>,
    /// A row being formatted.
    pub row: Vec<u8>,
    /// The number of the household being written (for true person ids).
    pub household_number: u64,
}

/// The header of `truth/people.csv`: the evaluation set's record format
/// (`debt-batch link` reads it), one row per party of every account, keyed
/// as the batch keys its person records (`source:reference:role`).
pub const PEOPLE_HEADER: &str = "record_id,source,role,full_name,forename,surname,dob,nino,address,postcode,uprn,true_person_id,true_uprn,status,forwarding_address,forwarding_postcode,occupied_from,occupied_to,service,vehicle,claim_ref,customer_ref,correspondence_address,correspondence_postcode";

/// One party of an account as the export gives it, for `truth/people.csv`.
struct PartyTruth<'a> {
    source: &'a str,
    /// The source's service, as `sources.toml` names it.
    service: &'a str,
    reference: &'a str,
    role: &'a str,
    full_name: &'a str,
    forename: &'a str,
    surname: &'a str,
    dob: Option<NaiveDate>,
    nino: &'a str,
    property: &'a Property,
    member: usize,
    status: &'a str,
    occupied: (Option<NaiveDate>, Option<NaiveDate>),
}

impl Accounts {
    /// Writes a household's accounts. Council tax: the old address (closed
    /// the day before they moved in) first, then home. Rent: a transfer's
    /// former tenancy (ending the Sunday before the new one), then the
    /// current one.
    pub fn household(&mut self, rng: &mut Rng, hh: &Household, number: u64) -> Result<(), Error> {
        self.household_number = number;
        if let (Some(previous), Some(moved)) = (&hh.previous, hh.moved_in) {
            self.ctax_account(rng, hh, previous, None, Some(add_days(moved, -1)))?;
        }
        self.ctax_account(rng, hh, &hh.home, hh.moved_in, None)?;
        if hh.tenant {
            let start = match hh.moved_in {
                Some(m) => monday_on_or_after(m),
                None => monday_on_or_after(
                    rng.date_between(ymd(1990, 1, 1).max(hh.lead().of_age()), ymd(2023, 3, 20)),
                ),
            };
            if let (true, Some(previous)) = (hh.transfer, &hh.previous) {
                let old_start = monday_on_or_after(
                    rng.date_between(ymd(1995, 1, 1).max(hh.lead().of_age()), ymd(2022, 12, 31)),
                );
                self.tenancy(rng, hh, previous, old_start, Some(add_days(start, -1)))?;
            }
            self.tenancy(rng, hh, &hh.home, start, None)?;
        }
        Ok(())
    }

    /// One council tax account at `property`, liable `from` (a move-in) and
    /// `to` (a move-out).
    fn ctax_account(
        &mut self,
        rng: &mut Rng,
        hh: &Household,
        property: &Property,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<(), Error> {
        self.next_ctax_ref += 1 + rng.below(13);
        let reference = self.next_ctax_ref.to_string();
        let spec = CtaxSpec {
            from,
            to,
            band: band_for(rng, property),
            single_person: hh.adults() == 1 && rng.chance(0.9),
            support_percent: hh.support_percent,
            twelve: rng.chance(0.15),
            method: CtMethod::pick(rng),
            profile: hh.profile,
        };
        self.txns.clear();
        let outcome = council_tax::generate(rng, &spec, &self.dates, &mut self.txns);
        let name = |m: &Member, typographic: bool| {
            revenues::name(
                self.names.surname(m.surname),
                m.forename,
                m.middle,
                typographic,
            )
        };
        let lead_name = name(hh.lead(), rng.chance(0.3));
        let lead_dob = if rng.chance(0.8) {
            self.dates.text(hh.lead().dob, DateForm::Dmy)
        } else {
            String::new()
        };
        let joint = match hh.partner() {
            Some(p) if rng.chance(0.9) => name(p, false),
            _ => String::new(),
        };
        let lost_on = outcome
            .lost_on
            .map(|d| self.dates.text(d, DateForm::Dmy))
            .unwrap_or_default();
        self.row.clear();
        AccountRow {
            reference: &reference,
            uprn: &property.uprn.to_string(),
            property_ref: &property.revenues_ref,
            address: &property.address(4),
            postcode: &property.postcode,
            status: if to.is_some() { "C" } else { "L" },
            stage: outcome.stage,
            lead: &lead_name,
            lead_dob: &lead_dob,
            joint: &joint,
            lost_on: &lost_on,
            plan: if outcome.plans.is_empty() { "10" } else { "12" },
            band: &char::from(council_tax::BANDS[spec.band]).to_string(),
        }
        .push(&mut self.row);
        self.ctax_accounts.line(&self.row)?;
        let status = if to.is_some() { "closed" } else { "current" };
        let lead_dob_written = (!lead_dob.is_empty()).then(|| hh.lead().dob);
        self.person_truth(&PartyTruth {
            source: "ctax",
            service: "council_tax",
            reference: &reference,
            role: "lead_liable",
            full_name: &lead_name,
            forename: "",
            surname: "",
            dob: lead_dob_written,
            nino: "",
            property,
            member: 0,
            status,
            occupied: (None, None),
        })?;
        if let (false, Some(p)) = (joint.is_empty(), hh.partner) {
            self.person_truth(&PartyTruth {
                source: "ctax",
                service: "council_tax",
                reference: &reference,
                role: "joint_liable",
                full_name: &joint,
                forename: "",
                surname: "",
                dob: None,
                nino: "",
                property,
                member: p,
                status,
                occupied: (None, None),
            })?;
        }
        for (fy, plan) in &outcome.plans {
            for (due, amount) in plan {
                self.row.clear();
                revenues::push_instalment(
                    &mut self.row,
                    &self.dates,
                    &reference,
                    *fy,
                    *due,
                    *amount,
                );
                self.ctax_plans.line(&self.row)?;
            }
        }
        let balance = self.ctax_txns.write_account(
            &reference,
            &mut self.txns,
            &self.dates,
            &mut self.defects,
        )?;
        self.ctax_total.accounts += 1;
        self.ctax_total.pence += balance;
        write_truth(
            &mut self.truth_ctax,
            &mut self.row,
            "ctax",
            &reference,
            balance,
        )
    }

    /// One tenancy of `property` from `start` (a Monday) to `end`.
    fn tenancy(
        &mut self,
        rng: &mut Rng,
        hh: &Household,
        property: &Property,
        start: NaiveDate,
        end: Option<NaiveDate>,
    ) -> Result<(), Error> {
        self.next_rent_ref += 1 + rng.below(4);
        let reference = format!("RT{:06}", self.next_rent_ref);
        let pensioner = hh.lead().age_on(WINDOW_START) >= 66;
        let spec = rent::tenancy_spec(rng, pensioner, hh.profile, property.bedrooms, start, end);
        self.txns.clear();
        let outcome = rent::generate(rng, &spec, &mut self.txns);
        let (names, dates) = (&self.names, &self.dates);
        let lead_tenant = tenant(
            names,
            dates,
            hh.lead(),
            rng.chance(0.5).then(|| rng.chance(0.5)),
        );
        let joint_tenant = match hh.partner().filter(|_| rng.chance(0.8)) {
            Some(p) => tenant(names, dates, p, rng.chance(0.3).then(|| rng.chance(0.5))),
            None => Tenant::default(),
        };
        // The parties as written, for truth/people.csv.
        let parties: Vec<(&str, usize, [String; 3], String)> = [
            ("tenant", &lead_tenant, Some(0)),
            ("joint_tenant", &joint_tenant, hh.partner),
        ]
        .into_iter()
        .filter_map(|(role, t, member)| {
            let member = member.filter(|_| !t.surname.is_empty())?;
            Some((
                role,
                member,
                [
                    t.title.to_string(),
                    t.forename.to_string(),
                    t.surname.to_string(),
                ],
                t.nino.clone(),
            ))
        })
        .collect();
        self.row.clear();
        TenancyRow {
            reference: &reference,
            property_ref: &property.housing_ref,
            uprn: &property.uprn.to_string(),
            address: &property.address(3),
            postcode: &property.postcode,
            start: &self.dates.text(start, DateForm::Iso),
            end: &end
                .map(|d| self.dates.text(d, DateForm::Iso))
                .unwrap_or_default(),
            status: if end.is_some() { "former" } else { "current" },
            stage: outcome.stage,
            lead: lead_tenant,
            joint: joint_tenant,
            weekly_rent: &plain_money(outcome.weekly_rent),
        }
        .push(&mut self.row);
        self.tenancies.line(&self.row)?;
        let status = if end.is_some() { "former" } else { "current" };
        for (role, member, [title, forename, surname], nino) in &parties {
            self.person_truth(&PartyTruth {
                source: "rent",
                service: "housing_rent",
                reference: &reference,
                role,
                full_name: &format!("{title} {forename} {surname}"),
                forename,
                surname,
                dob: Some(hh.members[*member].dob),
                nino,
                property,
                member: *member,
                status,
                occupied: (Some(start), end),
            })?;
        }
        let balance = self.rent_txns.write_account(
            &reference,
            &mut self.txns,
            &self.dates,
            &mut self.defects,
        )?;
        self.rent_total.accounts += 1;
        self.rent_total.pence += balance;
        write_truth(
            &mut self.truth_rent,
            &mut self.row,
            "rent",
            &reference,
            balance,
        )
    }
}

impl Accounts {
    /// One row of `truth/people.csv`.
    fn person_truth(&mut self, p: &PartyTruth<'_>) -> Result<(), Error> {
        let iso = |d: Option<NaiveDate>| {
            d.map(|d| self.dates.text(d, DateForm::Iso))
                .unwrap_or_default()
        };
        let record_id = format!("{}:{}:{}", p.source, p.reference, p.role);
        let address = p
            .property
            .address(4)
            .into_iter()
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let person = format!("P{:08}{}", self.household_number, p.member);
        let uprn = p.property.uprn.to_string();
        let (dob, from, to) = (iso(p.dob), iso(p.occupied.0), iso(p.occupied.1));
        let nino = p.nino.replace(' ', "");
        self.row.clear();
        push_row(
            &mut self.row,
            &[
                record_id.as_str(),
                p.source,
                p.role,
                if p.forename.is_empty() {
                    p.full_name
                } else {
                    ""
                },
                p.forename,
                p.surname,
                &dob,
                &nino,
                &address,
                &p.property.postcode,
                &uprn,
                &person,
                &uprn,
                p.status,
                "",
                "",
                &from,
                &to,
                p.service,
                "",
                "",
                "",
                "",
                "",
            ],
            b',',
            Enc::Utf8,
        );
        self.truth_people.line(&self.row)?;
        Ok(())
    }
}

/// A tenant as the housing system holds them; the National Insurance number
/// when `nino` says it holds one (spaced or not).
fn tenant<'m>(names: &'m Names, dates: &DateText, m: &'m Member, nino: Option<bool>) -> Tenant<'m> {
    Tenant {
        title: m.title,
        forename: m.forename,
        surname: names.surname(m.surname),
        dob: dates.text(m.dob, DateForm::Iso),
        nino: nino
            .map(|spaced| housing::nino_written(&m.nino, spaced))
            .unwrap_or_default(),
    }
}

/// One row of `truth/balances.csv`: `source,account_ref,balance`.
fn write_truth(
    sink: &mut Sink,
    row: &mut Vec<u8>,
    source: &str,
    reference: &str,
    pence: i64,
) -> Result<(), Error> {
    row.clear();
    push_row(
        row,
        &[source, reference, &plain_money(pence)],
        b',',
        Enc::Utf8,
    );
    sink.line(row)?;
    Ok(())
}

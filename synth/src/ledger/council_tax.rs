//! Council tax: what a revenues system posts to one account.
//!
//! Annual bills (CHG) for 2023/24 to 2026/27 posted in March before the
//! year (Band D 1,880.24 / 1,974.21 / 2,072.75 / 2,176.38; bands A-H by
//! ninths; 25% single person discount in the bill), council tax support as
//! a negative ADJ beside the bill, payments of the statutory instalments (10,
//! or 12 for some payers, whose plans are returned to be listed) by direct
//! debit, standing order, card or cash, some missed (caught up later or
//! not), bounced direct debits (REV), summonses (CST 80.00) followed by
//! attachment of earnings, the odd write-off (WO). A mover's new account is
//! billed from the move-in date; the old one is closed with a negative ADJ
//! for the rest of the year and a refund (REF), final payment or write-off.
//!
//! The instalments are worked out here by the statutory rule (the first
//! takes the odd pounds and pence), independently of debt-core's
//! `InstalmentScheme`, so that the batch is checked against a second
//! implementation.

use chrono::{Datelike, NaiveDate};

use super::{mul_div_round, Desc, Ledger, Profile, Txn};
use crate::dates::{
    add_days, days_between, fy_days, fy_label, fy_of, next_weekday, ymd, DateForm, DateText, AS_OF,
};
use crate::random::Rng;

/// First council tax year billed.
pub const FIRST_FY: i32 = 2023;
/// Last council tax year billed (the current one).
pub const LAST_FY: i32 = 2026;
/// Band D for 2023/24 to 2026/27, in pence.
const BAND_D: [i64; 4] = [188_024, 197_421, 207_275, 217_638];
/// The bands' letters.
pub const BANDS: &[u8] = b"ABCDEFGH";
/// Each band's charge in ninths of Band D.
const BAND_NINTHS: [i64; 8] = [6, 7, 8, 9, 11, 13, 15, 18];
/// Summons costs, in pence.
const SUMMONS_COSTS: i64 = 8_000;

/// The year's charge for a band (0 = A), in pence.
fn band_charge(fy: i32, band: usize) -> i64 {
    let d = BAND_D[(fy - FIRST_FY).clamp(0, 3) as usize];
    mul_div_round(d, BAND_NINTHS[band.min(7)], 9)
}

/// The day in March the year's annual bills were posted (a Monday).
fn bill_date(fy: i32) -> NaiveDate {
    match fy {
        2023 => ymd(2023, 3, 13),
        2024 => ymd(2024, 3, 11),
        2025 => ymd(2025, 3, 10),
        _ => ymd(fy, 3, 9),
    }
}

/// How a council tax payer pays.
#[derive(Debug, Clone, Copy)]
pub enum CtMethod {
    /// Direct debit on this day of the month.
    DirectDebit(u32),
    /// Standing order on this day of the month.
    StandingOrder(u32),
    /// Card, online or by telephone, up to 12 days after the due date.
    Card,
    /// Cash at a PayPoint, cash office or post office, up to 20 days late.
    Cash,
}

impl CtMethod {
    /// Direct debit 55%, standing order 10%, card 20%, cash 15%.
    pub fn pick(rng: &mut Rng) -> CtMethod {
        match rng.weighted(&[55, 10, 20, 15]) {
            0 => CtMethod::DirectDebit(*rng.pick(&[1, 1, 1, 15, 15, 28])),
            1 => CtMethod::StandingOrder(rng.range(1, 28) as u32),
            2 => CtMethod::Card,
            _ => CtMethod::Cash,
        }
    }

    fn pay_date(self, due: NaiveDate, rng: &mut Rng) -> NaiveDate {
        match self {
            CtMethod::DirectDebit(day) | CtMethod::StandingOrder(day) => {
                next_weekday(ymd(due.year(), due.month(), day))
            }
            CtMethod::Card => next_weekday(add_days(due, rng.range(0, 12))),
            CtMethod::Cash => next_weekday(add_days(due, rng.range(0, 20))),
        }
    }

    fn desc(self, rng: &mut Rng) -> &'static str {
        match self {
            CtMethod::DirectDebit(_) => "Direct debit",
            CtMethod::StandingOrder(_) => "Standing order",
            CtMethod::Card => {
                rng.pick::<&str>(&["Debit card", "Online payment", "Telephone payment"])
            }
            CtMethod::Cash => rng.pick::<&str>(&["PayPoint", "Cash office", "Post Office"]),
        }
    }
}

/// The statutory instalments of a council tax charge (instalment day 1):
/// the first takes the odd pounds and pence. A bill posted after the last
/// instalment date falls due in one sum 14 days after posting.
pub fn ctax_plan(fy: i32, total: i64, posted: NaiveDate, count: u32) -> Vec<(NaiveDate, i64)> {
    let dates: Vec<NaiveDate> = (0..count)
        .map(|k| {
            let m = 4 + k;
            ymd(fy + ((m - 1) / 12) as i32, (m - 1) % 12 + 1, 1)
        })
        .collect();
    let remaining: Vec<NaiveDate> = if dates.first().is_some_and(|d| posted <= *d) {
        dates
    } else {
        dates
            .into_iter()
            .filter(|d| (d.year(), d.month()) > (posted.year(), posted.month()))
            .collect()
    };
    if remaining.is_empty() {
        return vec![(add_days(posted, 14), total)];
    }
    let n = remaining.len() as i64;
    let later = total / n / 100 * 100;
    let first = total - later * (n - 1);
    remaining
        .into_iter()
        .enumerate()
        .map(|(i, d)| (d, if i == 0 { first } else { later }))
        .collect()
}

/// One council tax account to generate.
pub struct CtaxSpec {
    /// Liable from (a move-in in the period), else before 2023/24.
    pub from: Option<NaiveDate>,
    /// Liable to (a move-out: the account is closed).
    pub to: Option<NaiveDate>,
    /// Valuation band, 0 = A.
    pub band: usize,
    /// 25% single person discount.
    pub single_person: bool,
    /// Council tax support, percent of the bill.
    pub support_percent: i64,
    /// Pays by 12 instalments (when the whole year is billed and there is no
    /// support).
    pub twelve: bool,
    /// How they pay.
    pub method: CtMethod,
    /// How reliably they pay.
    pub profile: Profile,
}

/// What the revenues system's account master says of the account.
#[derive(Default)]
pub struct CtaxOutcome {
    /// Recovery stage code (`00`, `R1`, `R2`, `FN`, `SU`, `LO`, `AE`, `EA`).
    pub stage: &'static str,
    /// The day the right to pay by instalments was lost, if it was.
    pub lost_on: Option<NaiveDate>,
    /// Explicit plans of 12-instalment years.
    pub plans: Vec<(i32, Vec<(NaiveDate, i64)>)>,
}

/// One year's bill as posted.
struct Bill {
    /// The charge less council tax support, in pence.
    net: i64,
    /// Council tax support, in pence.
    support: i64,
    posted: NaiveDate,
    moved_in: bool,
}

/// The account being generated, year by year.
struct CtaxRun<'a, 'r> {
    rng: &'r mut Rng,
    spec: &'a CtaxSpec,
    dates: &'a DateText,
    led: Ledger<'a>,
    out: CtaxOutcome,
    summons: Option<NaiveDate>,
    attachment: bool,
    /// Years left owing, with what they owe.
    unpaid_years: Vec<(i32, i64)>,
    /// Due dates of the current year's missed instalments.
    current_missed: Vec<NaiveDate>,
}

/// Generates one council tax account's rows into `txns`.
pub fn generate(
    rng: &mut Rng,
    spec: &CtaxSpec,
    dates: &DateText,
    txns: &mut Vec<Txn>,
) -> CtaxOutcome {
    let mut run = CtaxRun {
        rng,
        spec,
        dates,
        led: Ledger::new(txns),
        out: CtaxOutcome {
            stage: "00",
            ..CtaxOutcome::default()
        },
        summons: None,
        attachment: false,
        unpaid_years: Vec::new(),
        current_missed: Vec::new(),
    };
    let first_fy = spec.from.map(fy_of).unwrap_or(FIRST_FY).max(FIRST_FY);
    let last_fy = spec.to.map(fy_of).unwrap_or(LAST_FY).min(LAST_FY);
    for fy in first_fy..=last_fy {
        if !run.year(fy) {
            break;
        }
    }
    run.write_off_old_year();
    run.recovery_stage();
    run.out
}

impl CtaxRun<'_, '_> {
    /// One financial year: the bill, the instalments, recovery, and the
    /// closing of the account when they moved out that year. False when the
    /// bill is after the as-of date.
    fn year(&mut self, fy: i32) -> bool {
        let Some(bill) = self.bill(fy) else {
            return false;
        };
        let moved_out = self.spec.to.filter(|m| fy_of(*m) == fy);
        let twelve = self.spec.twelve && !bill.moved_in && bill.support == 0;
        let plan = ctax_plan(fy, bill.net, bill.posted, if twelve { 12 } else { 10 });
        if twelve {
            self.out.plans.push((fy, plan.clone()));
        }
        let missed = self.pay_instalments(fy, &plan, moved_out);
        let owed = self.recover(fy, &missed, moved_out);
        if owed > 0 {
            self.unpaid_years.push((fy, owed));
        }
        if fy == LAST_FY {
            self.current_missed = missed.iter().map(|(d, _)| *d).collect();
        }
        if let Some(m) = moved_out {
            self.close(fy, m, bill.net);
        }
        true
    }

    /// Posts the year's bill (CHG) and any council tax support (ADJ).
    fn bill(&mut self, fy: i32) -> Option<Bill> {
        let spec = self.spec;
        let year = Some(fy);
        let label = fy_label(fy);
        let band = BANDS[spec.band] as char;
        let mut full = band_charge(fy, spec.band);
        let spd = if spec.single_person {
            full = mul_div_round(full, 3, 4);
            " less 25% single person discount"
        } else {
            ""
        };
        let moved_in = spec.from.filter(|m| fy_of(*m) == fy && *m >= ymd(fy, 4, 1));
        let (charge, posted, desc) = match moved_in {
            Some(m) => {
                let days = days_between(m, ymd(fy + 1, 3, 31)) + 1;
                (
                    mul_div_round(full, days, fy_days(fy)),
                    next_weekday(add_days(m, self.rng.range(7, 21))),
                    format!(
                        "Bill {label} Band {band} from {}{spd}",
                        self.dates.text(m, DateForm::Dmy)
                    ),
                )
            }
            None => (
                full,
                bill_date(fy),
                format!("Annual bill {label} Band {band}{spd}"),
            ),
        };
        if posted > AS_OF {
            return None;
        }
        self.led
            .push(posted, "CHG", charge, year, Desc::Owned(desc));
        let support = mul_div_round(charge, spec.support_percent, 100);
        if support > 0 {
            self.led.push(
                posted,
                "ADJ",
                -support,
                year,
                Desc::Owned(format!("Council tax support {label}")),
            );
        }
        Some(Bill {
            net: charge - support,
            support,
            posted,
            moved_in: moved_in.is_some(),
        })
    }

    /// Pays the plan's instalments due by the as-of date (and before a move
    /// out); returns those missed and not caught up.
    fn pay_instalments(
        &mut self,
        fy: i32,
        plan: &[(NaiveDate, i64)],
        moved_out: Option<NaiveDate>,
    ) -> Vec<(NaiveDate, i64)> {
        let year = Some(fy);
        let (miss, catch_up) = self.spec.profile.ctax();
        let method = self.spec.method;
        let mut missed: Vec<(NaiveDate, i64)> = Vec::new();
        let mut carry = 0i64;
        for &(due, amount) in plan {
            if moved_out.is_some_and(|m| due > m) || due > AS_OF || amount <= 0 {
                break;
            }
            if self.rng.chance(miss) {
                missed.push((due, amount));
                if self.rng.chance(catch_up) {
                    let d = next_weekday(add_days(due, self.rng.range(14, 40)));
                    if d <= AS_OF && moved_out.is_none_or(|m| d <= add_days(m, 30)) {
                        let desc = *self.rng.pick(&[
                            "Online payment",
                            "Payment after reminder",
                            "Telephone payment",
                        ]);
                        self.led.push(d, "PAY", -amount, year, Desc::Static(desc));
                        missed.pop();
                    }
                }
                continue;
            }
            let d = method.pay_date(due, self.rng);
            if d > AS_OF {
                break;
            }
            let paid = amount + carry;
            carry = 0;
            let desc = method.desc(self.rng);
            self.led.push(d, "PAY", -paid, year, Desc::Static(desc));
            if matches!(method, CtMethod::DirectDebit(_)) && self.rng.chance(0.012) {
                let r = next_weekday(add_days(d, self.rng.range(3, 6)));
                if r <= AS_OF {
                    self.led.push(
                        r,
                        "REV",
                        paid,
                        year,
                        Desc::Static("DD returned unpaid - refer to payer"),
                    );
                    if self.rng.chance(0.6) {
                        carry = paid;
                    } else {
                        missed.push((due, paid));
                    }
                }
            }
        }
        missed
    }

    /// A summons (CST) after two missed instalments for some payers, then
    /// for some an attachment of earnings paying it off; returns what the
    /// year still owes of its missed instalments and costs.
    fn recover(
        &mut self,
        fy: i32,
        missed: &[(NaiveDate, i64)],
        moved_out: Option<NaiveDate>,
    ) -> i64 {
        let year = Some(fy);
        let mut owed: i64 = missed.iter().map(|(_, a)| a).sum();
        let summonsable = match self.spec.profile {
            Profile::Poor => self.rng.chance(0.6),
            Profile::Occasional => self.rng.chance(0.1),
            Profile::Good => false,
        };
        if missed.len() < 2 || !summonsable {
            return owed;
        }
        let sd = next_weekday(add_days(missed[1].0, self.rng.range(35, 60)));
        if sd > AS_OF || moved_out.is_some_and(|m| sd > m) {
            return owed;
        }
        self.led.push(
            sd,
            "CST",
            SUMMONS_COSTS,
            year,
            Desc::Static("Summons costs £80.00"),
        );
        self.summons = Some(sd);
        owed += SUMMONS_COSTS;
        if self.rng.chance(0.45) {
            self.attachment = true;
            let instalment = self.rng.range(40, 150) * 100;
            let mut d = next_weekday(add_days(sd, self.rng.range(50, 80)));
            while owed > 0 && d <= AS_OF && moved_out.is_none_or(|m| d <= m) {
                let p = instalment.min(owed);
                self.led
                    .push(d, "PAY", -p, year, Desc::Static("Attachment of earnings"));
                owed -= p;
                d = next_weekday(add_days(d, 28 + self.rng.range(0, 6)));
            }
        }
        owed
    }

    /// Liability ended on `moved_out`: the rest of the year's bill comes off
    /// (ADJ), then the final account is settled: a credit refunded, a debt
    /// paid or a small one written off (or left owing).
    fn close(&mut self, fy: i32, moved_out: NaiveDate, net: i64) {
        let year = Some(fy);
        let days = days_between(ymd(fy, 4, 1), moved_out) + 1;
        let kept = mul_div_round(net, days, fy_days(fy));
        let d = next_weekday(add_days(moved_out, self.rng.range(5, 20)));
        self.led.push(
            d,
            "ADJ",
            -(net - kept),
            year,
            Desc::Owned(format!(
                "Liability ended {} - moved out",
                self.dates.text(moved_out, DateForm::Dmy)
            )),
        );
        let balance = self.led.balance();
        let later = next_weekday(add_days(d, self.rng.range(14, 60)));
        if later > AS_OF {
            return;
        }
        if balance < 0 && self.rng.chance(0.8) {
            let desc = *self.rng.pick(&[
                "Refund of credit; cheque to forwarding address",
                "Refund of credit to bank account",
            ]);
            self.led
                .push(later, "REF", -balance, year, Desc::Static(desc));
        } else if balance > 0 {
            match self.rng.weighted(&[55, 20, 25]) {
                0 => self.led.push(
                    later,
                    "PAY",
                    -balance,
                    year,
                    Desc::Static("Final bill payment"),
                ),
                1 if balance < 5_000 => self.led.push(
                    later,
                    "WO",
                    -balance,
                    year,
                    Desc::Static("Write off - small balance"),
                ),
                _ => {}
            }
        }
    }

    /// For some poor payers still liable, an old year's debt that will not
    /// be collected is written off (WO) in February 2026.
    fn write_off_old_year(&mut self) {
        if self.spec.to.is_some() || self.spec.profile != Profile::Poor || !self.rng.chance(0.15) {
            return;
        }
        if let Some(&(fy, owed)) = self.unpaid_years.iter().find(|(fy, _)| *fy < LAST_FY) {
            let d = next_weekday(ymd(2026, 2, self.rng.range(2, 27) as u32));
            self.led.push(
                d,
                "WO",
                -owed,
                Some(fy),
                Desc::Owned(format!("Write off - uncollectable {}", fy_label(fy))),
            );
        }
    }

    /// The recovery stage the revenues system shows, and when instalments
    /// were lost.
    fn recovery_stage(&mut self) {
        let balance = self.led.balance();
        let out = &mut self.out;
        if self.spec.to.is_some() {
            out.stage = if balance > 0 { "FN" } else { "00" };
        } else if let (Some(sd), true) = (self.summons, balance > 0) {
            out.stage = if days_between(sd, AS_OF) <= 30 {
                "SU"
            } else if self.attachment {
                "AE"
            } else if balance > 150_000 {
                "EA"
            } else {
                "LO"
            };
        } else if balance > 0 {
            out.stage = match self.current_missed.len() {
                0 => "00",
                1 => "R1",
                2 => "R2",
                _ => "FN",
            };
        }
        if matches!(out.stage, "R2" | "FN" | "SU") && self.current_missed.len() >= 2 {
            let lost = add_days(self.current_missed[1], 21);
            if lost <= AS_OF {
                out.lost_on = Some(lost);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_instalment_takes_the_odd_pounds_and_pence() {
        let plan = ctax_plan(2026, 125_349, ymd(2026, 3, 9), 10);
        assert_eq!(plan.len(), 10);
        assert_eq!(plan[0], (ymd(2026, 4, 1), 12_849));
        assert!(plan[1..].iter().all(|(_, a)| *a == 12_500));
        assert_eq!(plan.iter().map(|(_, a)| a).sum::<i64>(), 125_349);
    }

    #[test]
    fn a_bill_posted_mid_year_is_spread_over_the_months_left() {
        let plan = ctax_plan(2026, 50_000, ymd(2026, 9, 14), 10);
        assert_eq!(plan.first().map(|p| p.0), Some(ymd(2026, 10, 1)));
        assert_eq!(plan.len(), 4);
        assert_eq!(plan.iter().map(|(_, a)| a).sum::<i64>(), 50_000);
        let late = ctax_plan(2026, 9_999, ymd(2027, 3, 15), 10);
        assert_eq!(late, vec![(ymd(2027, 3, 29), 9_999)]);
    }

    #[test]
    fn bands_are_ninths_of_band_d() {
        assert_eq!(band_charge(2026, 3), 217_638);
        assert_eq!(band_charge(2026, 7), 435_276);
        assert_eq!(band_charge(2023, 0), 125_349);
    }
}

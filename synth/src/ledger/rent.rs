//! Housing rent: what a housing system posts to one tenancy.
//!
//! Weekly debits (RENT) every Monday from 2023-04-03 (a BFWD balance
//! brought forward on 2023-04-02 for tenancies that began earlier) to the
//! as-of date, plus the debit of the next week (Monday 2026-11-23, posted in
//! advance by the weekly rent run; it is after the as-of date, so no balance
//! includes it). Pension-age tenants mostly get Housing Benefit credited
//! every Monday (HB); working-age tenants get Universal Credit housing costs
//! paid in arrears every 4 weeks (UC), plus a deduction for arrears when
//! behind, or legacy Housing Benefit until they move to Universal Credit (a
//! 5-6 week gap). Tenants pay what benefit does not cover in cash once or
//! (mostly) twice a week (CASH), or by weekly or monthly direct debit (DD,
//! sometimes returned: DDRTN); some miss payments, then catch up or pay an
//! arrangement on top; the odd adjustment (ADJ), possession claim costs
//! (CRT), small balance write-off (WOFF) and refund (REFND). Rents rise each
//! April by 7.7%, 2.7% and 4.8%.

use chrono::{Datelike, NaiveDate};

use super::{mul_div_round, Desc, Ledger, Profile, Txn};
use crate::dates::{add_days, days_between, monday_on_or_after, next_weekday, ymd, AS_OF};
use crate::random::Rng;

/// First Monday of the rent extract (the first rent week of 2023/24).
pub const WINDOW_START: NaiveDate = ymd(2023, 4, 3);
/// Date of the balance brought forward.
const BFWD_DATE: NaiveDate = ymd(2023, 4, 2);
/// The rent week posted in advance (after the as-of date).
const NEXT_MONDAY: NaiveDate = ymd(2026, 11, 23);
/// Rent years start on the first Monday of April.
const RENT_YEARS: [NaiveDate; 4] = [
    ymd(2023, 4, 3),
    ymd(2024, 4, 1),
    ymd(2025, 4, 7),
    ymd(2026, 4, 6),
];
/// Each April's rise, in basis points.
const RENT_RISE_BP: [i64; 3] = [770, 270, 480];
/// Court costs of a possession claim, in pence.
const POSSESSION_COSTS: i64 = 35_500;
/// The Universal Credit deduction for rent arrears paid to the landlord
/// every 4 weeks, in pence.
const UC_ARREARS_DEDUCTION: i64 = 1_840;

/// Help with the rent: Housing Benefit credited every Monday before
/// `hb_until` (pension age, or working-age "legacy" claims until they move
/// to Universal Credit); Universal Credit housing costs earned weekly from
/// `uc_from` and paid to us in arrears every 4 weeks from `uc_first`.
#[derive(Debug, Clone, Copy)]
pub struct Benefit {
    /// Percentage of eligible rent, and the ineligible part (heating,
    /// services) in basis points of the rent.
    hb: Option<(i64, i64)>,
    hb_until: NaiveDate,
    uc_from: NaiveDate,
    uc_first: NaiveDate,
    /// Universal Credit earned before the extract and not yet paid.
    uc_owed_at_start: i64,
    /// UC falls short of the rent by this many basis points.
    uc_shortfall_bp: i64,
    /// DWP also pays a deduction for arrears while the account is behind.
    uc_deduction: bool,
}

impl Benefit {
    const NONE: Benefit = Benefit {
        hb: None,
        hb_until: NaiveDate::MIN,
        uc_from: NaiveDate::MAX,
        uc_first: NaiveDate::MAX,
        uc_owed_at_start: 0,
        uc_shortfall_bp: 0,
        uc_deduction: false,
    };

    fn pension_age(&self) -> bool {
        self.hb.is_some() && self.hb_until == NaiveDate::MAX
    }

    fn any(&self) -> bool {
        self.hb.is_some() || self.uc_from != NaiveDate::MAX
    }
}

/// How a tenant pays their share.
#[derive(Debug, Clone, Copy)]
enum TenantPay {
    /// Cash once a week, `days` after Monday.
    CashWeekly(i64),
    /// Cash twice a week: Monday and `days` after.
    CashTwice(i64),
    DirectDebitWeekly,
    DirectDebitMonthly(u32),
}

/// One tenancy to generate.
pub struct TenancySpec {
    start: NaiveDate,
    /// Last day (a Sunday) of a former tenancy.
    end: Option<NaiveDate>,
    /// Weekly rent in each rent year, in pence.
    rent: [i64; 4],
    benefit: Benefit,
    pay: TenantPay,
    profile: Profile,
    brought_forward: i64,
    arrangement: i64,
    cash_desc: &'static str,
}

/// What the housing system's tenancy record says of the tenancy.
pub struct RentOutcome {
    /// Weekly rent on its last day (or the as-of date), in pence.
    pub weekly_rent: i64,
    /// Arrears stage code (`NA`, `A1`, `A2`, `NOSP`, `CRT`, `PO`, `EVN`).
    pub stage: &'static str,
}

/// Weekly rent by size for 2023/24, then each April's rise.
fn rent_schedule(rng: &mut Rng, bedrooms: u8) -> [i64; 4] {
    let base = match bedrooms {
        1 => rng.range(7_800, 9_200),
        2 => rng.range(8_800, 10_400),
        3 => rng.range(9_800, 11_600),
        _ => rng.range(10_800, 12_800),
    };
    let mut rent = [base; 4];
    for i in 1..4 {
        rent[i] = mul_div_round(rent[i - 1], 10_000 + RENT_RISE_BP[i - 1], 10_000);
    }
    rent
}

/// The weekly rent on a day.
fn rent_on(rent: &[i64; 4], d: NaiveDate) -> i64 {
    let mut r = rent[0];
    for (i, start) in RENT_YEARS.iter().enumerate() {
        if d >= *start {
            r = rent[i];
        }
    }
    r
}

/// The tenancy's terms: rent by `bedrooms`, help with the rent (by whether
/// the lead tenant was of pension age when the extract begins), how the
/// tenant pays, and any balance brought forward. `start` is a Monday; `end`
/// the Sunday a former tenancy ended.
pub fn tenancy_spec(
    rng: &mut Rng,
    pensioner: bool,
    profile: Profile,
    bedrooms: u8,
    start: NaiveDate,
    end: Option<NaiveDate>,
) -> TenancySpec {
    let rent = rent_schedule(rng, bedrooms);
    let mut brought_forward = if start < WINDOW_START {
        match rng.weighted(&[55, 35, 10]) {
            0 => 0,
            1 => rng.range(500, 150_000),
            _ => -rng.range(500, 30_000),
        }
    } else {
        0
    };
    let benefit = if pensioner {
        pension_age_benefit(rng)
    } else {
        working_age_benefit(rng, start, &rent, &mut brought_forward)
    };
    TenancySpec {
        start,
        end,
        rent,
        benefit,
        pay: payment_method(rng, &benefit),
        profile,
        brought_forward,
        arrangement: rng.range(500, 2_000),
        cash_desc: rng.pick::<&str>(&[
            "Cash - Allpay",
            "Cash - Post Office",
            "Allpay, PayPoint",
            "Card payment - telephone",
            "Online payment",
        ]),
    }
}

/// Housing Benefit: all eligible rent (65%) or part of it; the ineligible
/// service charges in basis points of the rent.
fn housing_benefit(rng: &mut Rng) -> Option<(i64, i64)> {
    Some((
        if rng.chance(0.65) {
            100
        } else {
            rng.range(40, 95)
        },
        rng.range(300, 900),
    ))
}

/// How far Universal Credit housing costs fall short of the rent, in basis
/// points: not at all, by the 14% size criterion, or by some other amount.
fn uc_shortfall(rng: &mut Rng) -> i64 {
    match rng.weighted(&[25, 15, 60]) {
        0 => 0,
        1 => 1_400,
        _ => rng.range(300, 2_000),
    }
}

/// Pension age: Housing Benefit for 80%, for the whole tenancy.
fn pension_age_benefit(rng: &mut Rng) -> Benefit {
    if rng.chance(0.8) {
        Benefit {
            hb: housing_benefit(rng),
            hb_until: NaiveDate::MAX,
            ..Benefit::NONE
        }
    } else {
        Benefit::NONE
    }
}

/// Working age: Universal Credit throughout (35%), legacy Housing Benefit
/// until moved to Universal Credit (30%), or none (35%). A claim already
/// running when the extract begins adds what it owes for weeks before it to
/// the balance brought forward (technical arrears).
fn working_age_benefit(
    rng: &mut Rng,
    start: NaiveDate,
    rent: &[i64; 4],
    brought_forward: &mut i64,
) -> Benefit {
    let first_week = monday_on_or_after(start).max(WINDOW_START);
    match rng.weighted(&[35, 30, 35]) {
        0 => {
            let uc_shortfall_bp = uc_shortfall(rng);
            let (uc_from, uc_first, uc_owed_at_start) = if start < WINDOW_START {
                // Already claiming: the first payment in the extract also
                // covers weeks before it.
                let first = next_weekday(add_days(first_week, rng.range(2, 27)));
                let weeks_in = (days_between(first_week, first) / 7 + 1).min(4);
                let weeks_before = 4 - weeks_in + rng.range(0, 1);
                let owed = mul_div_round(rent[0] * weeks_before, 10_000 - uc_shortfall_bp, 10_000);
                *brought_forward += owed;
                (NaiveDate::MIN, first, owed)
            } else {
                // A new claim: first paid 5 to 6 weeks after it starts.
                (
                    first_week,
                    next_weekday(add_days(first_week, rng.range(35, 42))),
                    0,
                )
            };
            Benefit {
                uc_from,
                uc_first,
                uc_owed_at_start,
                uc_shortfall_bp,
                uc_deduction: rng.chance(0.5),
                ..Benefit::NONE
            }
        }
        1 => {
            // First paid 5 to 6 weeks after the last Housing Benefit week.
            let until = monday_on_or_after(rng.date_between(ymd(2023, 9, 1), ymd(2026, 9, 30)));
            Benefit {
                hb: housing_benefit(rng),
                hb_until: until,
                uc_from: until,
                uc_first: next_weekday(add_days(until, rng.range(35, 42))),
                uc_owed_at_start: 0,
                uc_shortfall_bp: uc_shortfall(rng),
                uc_deduction: rng.chance(0.5),
            }
        }
        _ => Benefit::NONE,
    }
}

/// Cash twice a week is the commonest way to pay what benefit leaves;
/// tenants with no benefit pay more often by direct debit.
fn payment_method(rng: &mut Rng, benefit: &Benefit) -> TenantPay {
    let cash_weekly = TenantPay::CashWeekly(rng.range(0, 4));
    let cash_twice = TenantPay::CashTwice(rng.range(3, 4));
    let monthly = TenantPay::DirectDebitMonthly(*rng.pick(&[1, 1, 15, 28]));
    if benefit.pension_age() {
        [cash_weekly, cash_twice, TenantPay::DirectDebitWeekly][rng.weighted(&[15, 70, 15])]
    } else if benefit.any() {
        [
            cash_weekly,
            cash_twice,
            TenantPay::DirectDebitWeekly,
            monthly,
        ][rng.weighted(&[15, 65, 10, 10])]
    } else {
        [
            monthly,
            TenantPay::DirectDebitWeekly,
            cash_twice,
            cash_weekly,
        ][rng.weighted(&[10, 25, 50, 15])]
    }
}

/// The tenancy being generated, week by week.
struct RentRun<'a, 'r> {
    rng: &'r mut Rng,
    spec: &'a TenancySpec,
    led: Ledger<'a>,
    /// Its last day in the extract.
    last_day: NaiveDate,
    /// The next Universal Credit payment day.
    uc_next: NaiveDate,
    /// Universal Credit earned and not yet paid (it is paid in arrears).
    uc_accrued: i64,
    costs_claimed: bool,
}

/// Generates one tenancy's rows into `txns`.
pub fn generate(rng: &mut Rng, spec: &TenancySpec, txns: &mut Vec<Txn>) -> RentOutcome {
    let mut run = RentRun {
        rng,
        spec,
        led: Ledger::new(txns),
        last_day: spec.end.unwrap_or(AS_OF).min(AS_OF),
        uc_next: spec.benefit.uc_first,
        uc_accrued: spec.benefit.uc_owed_at_start,
        costs_claimed: false,
    };
    if spec.start < WINDOW_START && spec.brought_forward != 0 {
        run.led.push(
            BFWD_DATE,
            "BFWD",
            spec.brought_forward,
            None,
            Desc::Static("Balance brought forward"),
        );
    }
    let mut monday = monday_on_or_after(spec.start).max(WINDOW_START);
    while monday <= run.last_day {
        run.week(monday);
        monday = add_days(monday, 7);
    }
    let weekly_rent = rent_on(&spec.rent, run.last_day);
    run.end_of_tenancy();
    RentOutcome {
        weekly_rent,
        stage: run.arrears_stage(weekly_rent),
    }
}

impl RentRun<'_, '_> {
    /// One rent week: the debit, benefit, the tenant's payment, and the odd
    /// adjustment, court costs or small write-off.
    fn week(&mut self, monday: NaiveDate) {
        let rent = rent_on(&self.spec.rent, monday);
        self.led
            .push(monday, "RENT", rent, None, Desc::RentWeek(monday));
        let benefit = self.benefit(monday, rent);
        let share = (rent - benefit).max(0);
        // Behind (beyond this week's share): an arrangement on top when far
        // behind, else sometimes a double payment to catch up.
        let behind = self.led.balance() - share - self.uc_accrued.max(0);
        let cash = matches!(
            self.spec.pay,
            TenantPay::CashWeekly(_) | TenantPay::CashTwice(_)
        );
        // Direct debit payers are put on an arrangement sooner.
        let arrangement_after = if cash { 4 * rent } else { rent };
        let catch_up = match self.spec.profile {
            Profile::Good => 0.6,
            Profile::Occasional => 0.35,
            Profile::Poor => 0.25,
        };
        let (desc, due) = if behind > arrangement_after {
            ("Payment - arrangement", share + self.spec.arrangement)
        } else if cash && behind > 0 && share > 0 && self.rng.chance(catch_up) {
            (self.spec.cash_desc, share + behind.min(share))
        } else {
            (self.spec.cash_desc, share)
        };
        let ahead = self.led.balance() < -2 * rent;
        if due > 0 && !ahead {
            self.pay(monday, due, desc);
        }
        self.extras(monday, rent);
    }

    /// Housing Benefit credited this Monday and Universal Credit paid this
    /// week; returns the week's benefit (UC as earned, a quarter of four
    /// weeks').
    fn benefit(&mut self, monday: NaiveDate, rent: i64) -> i64 {
        let b = self.spec.benefit;
        let sunday = add_days(monday, 6);
        let mut benefit = 0;
        if let (Some((percent, ineligible_bp)), true) = (b.hb, monday < b.hb_until) {
            let eligible = rent - mul_div_round(rent, ineligible_bp, 10_000);
            let hb = mul_div_round(eligible, percent, 100);
            self.led
                .push(monday, "HB", -hb, None, Desc::Static("Housing Benefit"));
            benefit = hb;
        }
        if monday >= b.uc_from {
            let apa = mul_div_round(rent * 4, 10_000 - b.uc_shortfall_bp, 10_000);
            while self.uc_next <= sunday {
                let paid_on = self.uc_next;
                if paid_on <= self.last_day && paid_on >= monday {
                    self.uc_accrued -= apa;
                    self.led.push(
                        paid_on,
                        "UC",
                        -apa,
                        None,
                        Desc::Static("Universal Credit housing costs (APA)"),
                    );
                    if b.uc_deduction && self.led.balance() - self.uc_accrued.max(0) > rent {
                        self.led.push(
                            paid_on,
                            "UC",
                            -UC_ARREARS_DEDUCTION,
                            None,
                            Desc::Static("Universal Credit - deduction for rent arrears"),
                        );
                    }
                }
                self.uc_next = add_days(self.uc_next, 28);
            }
            benefit += apa / 4;
            self.uc_accrued += apa / 4;
        }
        benefit
    }

    /// The tenant pays `due` this week, the way they pay.
    fn pay(&mut self, monday: NaiveDate, due: i64, desc: &'static str) {
        let reliability = self.spec.profile.rent();
        let last_day = self.last_day;
        match self.spec.pay {
            TenantPay::CashWeekly(days) => {
                let d = add_days(monday, days + self.rng.range(0, 1));
                if d <= last_day && self.rng.chance(reliability) {
                    self.led.push(d, "CASH", -due, None, Desc::Static(desc));
                }
            }
            TenantPay::CashTwice(days) => {
                let first = (due + 1) / 2;
                if self.rng.chance(reliability) {
                    self.led
                        .push(monday, "CASH", -first, None, Desc::Static(desc));
                }
                let d = add_days(monday, days);
                if d <= last_day && self.rng.chance(reliability) {
                    self.led
                        .push(d, "CASH", -(due - first), None, Desc::Static(desc));
                }
            }
            TenantPay::DirectDebitWeekly => {
                let d = add_days(monday, 4);
                if d <= last_day {
                    self.direct_debit(d, due, add_days(d, 3));
                }
            }
            TenantPay::DirectDebitMonthly(day) => {
                // The collection day of the month (or the next weekday) when
                // it falls in this week.
                let sunday = add_days(monday, 6);
                let months = [
                    Some((monday.year(), monday.month())),
                    (sunday.month() != monday.month()).then_some((sunday.year(), sunday.month())),
                ];
                for (y, m) in months.into_iter().flatten() {
                    let d = next_weekday(ymd(y, m, day));
                    if d >= monday && d <= sunday && d <= last_day {
                        let amount = mul_div_round(due, 52, 12);
                        self.direct_debit(d, amount, next_weekday(add_days(d, 3)));
                    }
                }
            }
        }
    }

    /// A direct debit collected on `d`, sometimes returned unpaid on
    /// `returned`.
    fn direct_debit(&mut self, d: NaiveDate, amount: i64, returned: NaiveDate) {
        self.led
            .push(d, "DD", -amount, None, Desc::Static("Direct debit"));
        if self.rng.chance((1.0 - self.spec.profile.rent()) * 0.5) && returned <= self.last_day {
            self.led.push(
                returned,
                "DDRTN",
                amount,
                None,
                Desc::Static("Direct debit returned unpaid"),
            );
        }
    }

    /// Now and then an adjustment (a heating charge corrected, a repair
    /// recharged); possession claim costs once far behind; a small balance
    /// written off at the start of a rent year.
    fn extras(&mut self, monday: NaiveDate, rent: i64) {
        let last_day = self.last_day;
        if self.rng.chance(0.004) {
            let d = add_days(monday, self.rng.range(1, 4));
            if d <= last_day {
                if self.rng.chance(0.6) {
                    let amount = self.rng.range(200, 3_000);
                    self.led.push(
                        d,
                        "ADJ",
                        -amount,
                        None,
                        Desc::Static("Heating charge correction"),
                    );
                } else {
                    let amount = self.rng.range(2_500, 15_000);
                    let desc = *self.rng.pick(&[
                        "Rechargeable repair - lock change",
                        "Rechargeable repair - door replacement",
                        "Rechargeable repair - clearance",
                    ]);
                    self.led.push(d, "ADJ", amount, None, Desc::Static(desc));
                }
            }
        }
        if !self.costs_claimed && self.led.balance() > 12 * rent && self.rng.chance(0.05) {
            let d = add_days(monday, 2);
            if d <= last_day {
                self.costs_claimed = true;
                self.led.push(
                    d,
                    "CRT",
                    POSSESSION_COSTS,
                    None,
                    Desc::Static("Court costs - possession claim"),
                );
            }
        }
        let balance = self.led.balance();
        if RENT_YEARS.contains(&monday) && balance > 0 && balance < 100 {
            self.led.push(
                monday,
                "WOFF",
                -balance,
                None,
                Desc::Static("Write off - small balance"),
            );
        }
    }

    /// A current tenancy: next week's debit, posted in advance. A former
    /// one: arrears cleared before a transfer or written off later, or a
    /// credit refunded.
    fn end_of_tenancy(&mut self) {
        let Some(end) = self.spec.end else {
            let rent = rent_on(&self.spec.rent, NEXT_MONDAY);
            self.led
                .push(NEXT_MONDAY, "RENT", rent, None, Desc::RentWeek(NEXT_MONDAY));
            return;
        };
        let balance = self.led.balance();
        if balance > 0 && self.rng.chance(0.6) {
            let d = add_days(end, -self.rng.range(2, 5));
            self.led.push(
                d,
                "CASH",
                -balance,
                None,
                Desc::Static("Payment - clear arrears before transfer"),
            );
        } else if balance > 0 && self.rng.chance(0.3) {
            let d = next_weekday(add_days(end, self.rng.range(30, 90)));
            if d <= AS_OF {
                self.led.push(
                    d,
                    "WOFF",
                    -balance,
                    None,
                    Desc::Static("Write off - former tenant arrears"),
                );
            }
        } else if balance < 0 && self.rng.chance(0.7) {
            let d = next_weekday(add_days(end, self.rng.range(14, 45)));
            if d <= AS_OF {
                self.led
                    .push(d, "REFND", -balance, None, Desc::Static("Refund of credit"));
            }
        }
    }

    /// Arrears in quarter weeks of rent: under 2 weeks none, then letters,
    /// notice, court.
    fn arrears_stage(&self, weekly_rent: i64) -> &'static str {
        let quarters = if weekly_rent > 0 {
            self.led.balance() * 4 / weekly_rent
        } else {
            0
        };
        match quarters {
            q if q < 8 => "NA",
            q if q < 16 => "A1",
            q if q < 32 => "A2",
            q if q < 48 => "NOSP",
            q if self.costs_claimed && q >= 104 => "EVN",
            _ if self.costs_claimed => "PO",
            _ => "CRT",
        }
    }
}

//! A summary as one self-contained HTML page (inline styles, no scripts or
//! fonts fetched, prints on A4), as Markdown, and the index of summaries.
//!
//! The order is the order an advisor works in: the warnings first (what
//! must not be done, or done first), then who the household is, what it
//! owes, what it can afford, the proposed plan and its schedule, and last
//! how each figure was derived. No clock is read: the same outputs give the
//! same bytes.

use std::fmt::Write;

use debt_core::affordability::{MonthlyStatement, Section};
use debt_core::arrangement::{Outcome, Plan, Route};
use debt_core::{Money, PriorityClass};

use super::{Household, Summary};

/// HTML-escapes text.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes a Markdown table cell.
fn md(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// Pounds and pence with a pound sign and thousands separators.
fn gbp(m: Money) -> String {
    let text = m.abs().to_string();
    let (whole, pence) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if m.is_negative() { "-" } else { "" };
    format!("{sign}£{grouped}.{pence}")
}

fn priority(p: PriorityClass) -> &'static str {
    match p {
        PriorityClass::Priority => "priority",
        PriorityClass::NonPriority => "non-priority",
    }
}

fn section(s: Section) -> &'static str {
    match s {
        Section::Income => "income",
        Section::FixedCosts => "fixed cost",
        Section::FlexibleCosts => "flexible cost",
        Section::Savings => "savings",
    }
}

fn name_of<'h>(h: &'h Household, person: &'h str) -> &'h str {
    h.members
        .iter()
        .find(|(id, _)| id == person)
        .map(|(_, n)| n.as_str())
        .unwrap_or(person)
}

/// One warning: a short title and what it means for the advisor.
struct Warning {
    title: String,
    text: String,
}

fn warnings(s: &Summary<'_>) -> Vec<Warning> {
    let h = s.household;
    let mut out = Vec::new();
    if h.breathing_space_active {
        out.push(Warning {
            title: "Breathing space active".into(),
            text: "No arrears may be asked for and no enforcement taken while it lasts; ongoing liabilities are still due and shown.".into(),
        });
    }
    if h.vulnerable {
        out.push(Warning {
            title: "Vulnerability recorded".into(),
            text: "A member is recorded as vulnerable: check the recorded need before contact and adapt how the plan is agreed.".into(),
        });
    }
    if h.enforcement_in_progress {
        let accounts: Vec<String> = h
            .accounts
            .iter()
            .filter(|a| a.enforcement)
            .map(|a| {
                format!(
                    "{} {} ({})",
                    a.service.to_string().replace('_', " "),
                    a.account_ref,
                    a.stage.replace('_', " ")
                )
            })
            .collect();
        out.push(Warning {
            title: "Enforcement in progress".into(),
            text: format!(
                "{}: ask the service to hold enforcement while an affordable plan is agreed.",
                accounts.join(", ")
            ),
        });
    }
    if h.suspense_items > 0 {
        out.push(Warning {
            title: "Receipts in suspense".into(),
            text: format!(
                "{} receipt(s) the council holds unallocated may be this household's: check before asking for money.",
                h.suspense_items
            ),
        });
    }
    for e in &h.exceptions {
        out.push(Warning {
            title: match e.kind.as_str() {
                "offset_candidate" => "Credit that could offset arrears",
                "breathing_space_breach" => "Enforcement during a breathing space",
                "vulnerable_in_enforcement" => "Vulnerable person in enforcement",
                "concurrent_enforcement" => "Enforcement by more than one service",
                "priority_arrears_left" => "Priority arrears with no recovery action",
                "suspense_match" => "A receipt in suspense may be theirs",
                "limitation" => "Old debt: check the limitation period",
                "broken_arrangement" => "Arrangement broken",
                _ => "Situation to act on",
            }
            .to_string(),
            text: format!("{} (source rows: {})", e.detail, e.source_rows),
        });
    }
    out
}

fn outcome_words(plan: &Plan) -> String {
    match &plan.outcome {
        Outcome::AllCleared => match plan.debts.iter().filter_map(|d| d.schedule.last()).map(|i| i.due).max() {
            Some(last) => format!(
                "Every debt is cleared by the proposed plan, the last instalment on {last} (the term allows until {}).",
                plan.term_end
            ),
            None => "Nothing is asked for: no arrears are left once credits are offset.".to_string(),
        },
        Outcome::PriorityClearedOnly {
            non_priority_left, ..
        } => format!(
            "The priority debts are cleared within the term; {} of non-priority debt would still be owed at its end ({}).",
            gbp(*non_priority_left),
            plan.term_end
        ),
        Outcome::PriorityShortfall {
            short_by_per_instalment,
            ..
        } => format!(
            "The household cannot afford even its priority arrears: it is short by {} per instalment. Do not agree a plan it cannot keep; consider the routes below.",
            gbp(*short_by_per_instalment)
        ),
        Outcome::BreathingSpace => {
            "A breathing space is active: no arrears are asked for until it ends. Ongoing liabilities are still due.".to_string()
        }
    }
}

fn route_words(route: &Route) -> String {
    match route {
        Route::UniversalCreditDeductions(d) => format!(
            "Deductions from Universal Credit ({:?}): rent arrears {} and council tax arrears {} a month, within DWP's overall cap of {} on a standard allowance of {}.",
            d.claimant,
            gbp(d.rent_per_month),
            gbp(d.council_tax_per_month),
            gbp(d.overall_cap),
            gbp(d.standard_allowance)
        ),
        Route::BreathingSpace => "A breathing space: protection from interest, charges and enforcement while debt advice is given.".to_string(),
        Route::DebtReliefOrder {
            council_debt,
            debt_limit,
            available_per_month,
            surplus_limit,
        } => format!(
            "A debt relief order may fit: council debt {} against the limit of {}; surplus {} a month against the limit of {}.",
            gbp(*council_debt),
            gbp(*debt_limit),
            gbp(*available_per_month),
            gbp(*surplus_limit)
        ),
        Route::DiscretionaryCouncilTaxReduction { debt_ids } => format!(
            "A discretionary council tax reduction (section 13A) for {}.",
            debt_ids.join(", ")
        ),
        Route::DiscretionaryHousingPayment { debt_ids } => format!(
            "A discretionary housing payment towards {}.",
            debt_ids.join(", ")
        ),
    }
}

/// The instalments of a debt in words: `12 × £50.00 from 2027-01-01, last
/// £20.00 on 2027-12-01`.
fn schedule_words(schedule: &[debt_core::Instalment]) -> String {
    let (Some(first), Some(last)) = (schedule.first(), schedule.last()) else {
        return "none".into();
    };
    let level = schedule.iter().filter(|i| i.amount == first.amount).count();
    if level == schedule.len() {
        format!("{} × {} from {}", level, gbp(first.amount), first.due)
    } else {
        format!(
            "{} × {} from {}, last {} on {}",
            schedule.len() - 1,
            gbp(first.amount),
            first.due,
            gbp(last.amount),
            last.due
        )
    }
}

/// Every instalment date with what falls due on it, in date order.
fn by_date(plan: &Plan) -> Vec<(chrono::NaiveDate, Vec<(&str, Money)>)> {
    let mut dates: std::collections::BTreeMap<chrono::NaiveDate, Vec<(&str, Money)>> =
        Default::default();
    for d in &plan.debts {
        for i in &d.schedule {
            dates
                .entry(i.due)
                .or_default()
                .push((d.id.as_str(), i.amount));
        }
    }
    dates.into_iter().collect()
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1b1b1b;max-width:60rem;margin:1.5rem auto;padding:0 1rem;line-height:1.4}\
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;border-bottom:2px solid #1d70b8;padding-bottom:.2rem;margin-top:1.8rem}\
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.9rem}th,td{border:1px solid #b1b4b6;padding:.25rem .4rem;text-align:left;vertical-align:top}\
th{background:#f3f2f1}td.n,th.n{text-align:right;white-space:nowrap}tfoot td{font-weight:bold}\
.warn{border-left:6px solid #d4351c;background:#fdf1ef;padding:.4rem .7rem;margin:.4rem 0}.warn b{display:block}\
.ok{border-left:6px solid #00703c;background:#eef7f1;padding:.4rem .7rem}.short{border-left:6px solid #d4351c;background:#fdf1ef;padding:.4rem .7rem}\
.meta{color:#505a5f;font-size:.9rem}.flag{color:#d4351c;font-weight:bold}small{color:#505a5f}\
@media print{body{max-width:none;margin:0;font-size:10pt}h2{break-after:avoid}tr{break-inside:avoid}a{color:inherit;text-decoration:none}}";

/// The summary as one self-contained HTML page.
pub fn html(s: &Summary<'_>) -> String {
    let h = s.household;
    let mut o = String::with_capacity(16 * 1024);
    let title = format!("Household {} — advisor summary", h.id);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&title)
    );
    let _ = writeln!(o, "<h1>{}</h1>", esc(&title));
    let _ = writeln!(
        o,
        "<p class=\"meta\">{}, {} · figures as at {} · made from the night's outputs (households.csv, household_accounts.csv, exceptions.csv, statements.csv)</p>",
        esc(&h.address),
        esc(&h.postcode),
        s.as_of
    );

    let _ = writeln!(o, "<h2>Warnings</h2>");
    let ws = warnings(s);
    if ws.is_empty() {
        let _ = writeln!(o, "<p>None.</p>");
    }
    for w in ws {
        let _ = writeln!(
            o,
            "<div class=\"warn\"><b>{}</b>{}</div>",
            esc(&w.title),
            esc(&w.text)
        );
    }

    let _ = writeln!(o, "<h2>Household</h2>\n<table><thead><tr><th>Person</th><th>Name</th><th>Accounts</th></tr></thead><tbody>");
    for (id, name) in &h.members {
        let n = h.accounts.iter().filter(|a| &a.person_id == id).count();
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{n}</td></tr>",
            esc(id),
            esc(name)
        );
    }
    let _ = writeln!(o, "</tbody></table>");

    let _ = writeln!(o, "<h2>What is owed</h2>\n<table><thead><tr><th>Service</th><th>Reference</th><th>Whose</th><th>Priority</th><th>Stage</th><th class=\"n\">Balance</th><th class=\"n\">Arrears</th><th class=\"n\">Not yet due</th><th class=\"n\">Ongoing a month</th></tr></thead><tbody>");
    for a in &h.accounts {
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&a.service.to_string().replace('_', " ")),
            esc(&a.account_ref),
            esc(name_of(h, &a.person_id)),
            priority(a.priority),
            esc(&a.stage.replace('_', " ")),
            if a.enforcement { " <span class=\"flag\">enforcement</span>" } else { "" },
            gbp(a.balance),
            gbp(a.arrears),
            gbp(a.not_yet_due),
            a.ongoing_monthly.map(gbp).unwrap_or_default()
        );
    }
    let _ = writeln!(
        o,
        "</tbody><tfoot><tr><td colspan=\"5\">Total balance {} · priority arrears {} · non-priority balance {} · credits held {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td></td><td></td></tr></tfoot></table>",
        gbp(h.total_balance),
        gbp(h.priority_arrears),
        gbp(h.non_priority_balance),
        gbp(h.credits),
        gbp(h.total_balance),
        gbp(h.total_arrears)
    );

    let _ = writeln!(o, "<h2>What the household can afford</h2>");
    match (&h.statement, &s.plan) {
        (Some(st), Ok(plan)) if plan.statement.is_some() => {
            let _ = writeln!(
                o,
                "<p>Income and expenditure statement {} (source {}){}.</p>",
                esc(&st.reference),
                esc(&st.source),
                st.taken_on
                    .map(|d| format!(", taken on {d}"))
                    .unwrap_or_default()
            );
            if let Some(m) = &plan.statement {
                statement_html(&mut o, m);
            }
        }
        (Some(st), _) => {
            let _ = writeln!(
                o,
                "<p>Statement {} is on file; the plan below uses the advisor's own figure.</p>",
                esc(&st.reference)
            );
        }
        (None, _) => {
            let _ = writeln!(o, "<p>No income and expenditure statement is on file.</p>");
        }
    }
    if !h.older_statements.is_empty() {
        let older: Vec<String> = h
            .older_statements
            .iter()
            .map(|(r, d)| format!("{r}{}", d.map(|d| format!(" ({d})")).unwrap_or_default()))
            .collect();
        let _ = writeln!(
            o,
            "<p class=\"meta\">Other statements on file: {}.</p>",
            esc(&older.join(", "))
        );
    }

    let _ = writeln!(o, "<h2>The proposed plan</h2>");
    if !s.changes.is_empty() {
        let _ = writeln!(
            o,
            "<p class=\"warn\"><b>What-if</b>This plan is a what-if, not the night's plan: {}.</p>",
            esc(&s.changes.join("; "))
        );
    }
    match &s.plan {
        Err(why) => {
            let _ = writeln!(o, "<p>{}</p>", esc(why));
        }
        Ok(plan) => plan_html(&mut o, plan),
    }

    let _ = writeln!(o, "<h2>How each figure was derived</h2>\n<table><thead><tr><th>Figure</th><th>From</th></tr></thead><tbody>");
    for a in &h.accounts {
        let _ = writeln!(
            o,
            "<tr><td>{} {}: balance {}, arrears {}</td><td>{}; {}</td></tr>",
            esc(&a.service.to_string().replace('_', " ")),
            esc(&a.account_ref),
            gbp(a.balance),
            gbp(a.arrears),
            esc(&a.source_row),
            esc(&a.why)
        );
    }
    if let Some(st) = &h.statement {
        for (i, (l, row)) in st.lines.iter().enumerate() {
            let _ = writeln!(
                o,
                "<tr><td>Statement line {}: {} {} {}</td><td>{}</td></tr>",
                i + 1,
                esc(&l.item),
                gbp(l.amount),
                l.frequency,
                esc(row)
            );
        }
    }
    let _ = writeln!(
        o,
        "<tr><td>Totals</td><td>households.csv row {}; the sum of the accounts above</td></tr>",
        esc(&h.id)
    );
    let _ = writeln!(o, "<tr><td>The plan</td><td>debt-core arrangement rules (docs/arrangements.md): ongoing liabilities first, then priority arrears, then non-priority debts pro rata; each instalment penny-exact, the last taking the remainder</td></tr>");
    let _ = writeln!(o, "</tbody></table>\n</body>\n</html>");
    o
}

fn statement_html(o: &mut String, m: &MonthlyStatement) {
    let _ = writeln!(o, "<table><thead><tr><th>#</th><th>Category</th><th>Section</th><th>Item</th><th class=\"n\">Amount</th><th>How often</th><th class=\"n\">A month</th></tr></thead><tbody>");
    for (i, l) in m.lines.iter().enumerate() {
        let flagged = m.flags.iter().any(|f| f.lines.contains(&i));
        let _ = writeln!(
            o,
            "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            i + 1,
            esc(&l.category.to_string().replace('_', " ")),
            section(l.category.section()),
            esc(&l.item),
            if flagged { " <span class=\"flag\">above trigger</span>" } else { "" },
            gbp(l.amount),
            l.frequency,
            gbp(l.monthly)
        );
    }
    let _ = writeln!(
        o,
        "</tbody></table>\n<table><tbody><tr><td>Income</td><td class=\"n\">{}</td></tr><tr><td>Fixed costs</td><td class=\"n\">{}</td></tr><tr><td>Flexible costs</td><td class=\"n\">{}</td></tr><tr><td>Savings contribution</td><td class=\"n\">{}</td></tr><tr><td><b>Disposable income a month</b></td><td class=\"n\"><b>{}</b></td></tr></tbody></table>",
        gbp(m.income),
        gbp(m.fixed_costs),
        gbp(m.flexible_costs),
        gbp(m.savings),
        gbp(m.disposable)
    );
    for f in &m.flags {
        let _ = writeln!(
            o,
            "<p class=\"warn\"><b>Above the trigger figure</b>{}: {} a month against a trigger of {} (by {}). Ask about it; the figure is not changed.</p>",
            esc(&f.category.to_string().replace('_', " ")),
            gbp(f.monthly),
            gbp(f.trigger),
            gbp(f.excess())
        );
    }
}

fn plan_html(o: &mut String, plan: &Plan) {
    let class = match plan.outcome {
        Outcome::AllCleared => "ok",
        _ => "short",
    };
    let _ = writeln!(o, "<p class=\"{class}\">{}</p>", esc(&outcome_words(plan)));
    let _ = writeln!(
        o,
        "<p>{} instalments from {} to at most {} ({} in the term). Disposable income {} a month; ongoing liabilities {} a month ({} of them from the surplus); available for arrears {} a month, {} per instalment.</p>",
        plan.frequency,
        plan.start,
        plan.term_end,
        plan.instalments_in_term,
        gbp(plan.disposable_per_month),
        gbp(plan.ongoing_per_month),
        gbp(plan.ongoing_from_surplus_per_month),
        gbp(plan.available_per_month),
        gbp(plan.available_per_instalment)
    );
    let routes = plan.outcome.routes();
    if !routes.is_empty() {
        let _ = writeln!(o, "<p><b>Realistic routes</b></p><ul>");
        for r in routes {
            let _ = writeln!(o, "<li>{}</li>", esc(&route_words(r)));
        }
        let _ = writeln!(o, "</ul>");
    }
    let _ = writeln!(o, "<table><thead><tr><th>Debt</th><th>Priority</th><th class=\"n\">To clear</th><th class=\"n\">Offset</th><th class=\"n\">Instalment</th><th>Schedule</th><th class=\"n\">Repaid in term</th><th class=\"n\">Left</th></tr></thead><tbody>");
    for d in &plan.debts {
        let _ = writeln!(
            o,
            "<tr><td>{}{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&d.id),
            if d.ongoing.exists() {
                format!(" <small>(plus ongoing {} a month)</small>", gbp(d.ongoing.monthly()))
            } else {
                String::new()
            },
            priority(d.priority),
            gbp(d.to_clear),
            gbp(d.offset),
            gbp(d.instalment),
            esc(&schedule_words(&d.schedule)),
            gbp(d.repaid),
            gbp(d.left)
        );
    }
    let _ = writeln!(o, "</tbody></table>");
    if !plan.offsets.is_empty() {
        let _ = writeln!(
            o,
            "<p><b>Credits {} against arrears</b> (an officer must confirm each before money is moved):</p><ul>",
            if plan.offsets_applied { "offset" } else { "that could be offset" }
        );
        for off in &plan.offsets {
            let to: Vec<String> = off
                .applied
                .iter()
                .map(|a| format!("{} to {}", gbp(a.amount), a.debt_id))
                .collect();
            let _ = writeln!(
                o,
                "<li>{} in credit on {}: {}{}</li>",
                gbp(off.credit),
                esc(&off.credit_id),
                esc(&to.join(", ")),
                if off.unused.is_zero() {
                    String::new()
                } else {
                    format!("; {} left to refund", gbp(off.unused))
                }
            );
        }
        let _ = writeln!(o, "</ul>");
    }
    let dates = by_date(plan);
    if !dates.is_empty() {
        let _ = writeln!(o, "<h2>Schedule</h2>\n<table><thead><tr><th>Due</th><th>Debt</th><th class=\"n\">Amount</th><th class=\"n\">Total that day</th></tr></thead><tbody>");
        for (due, items) in &dates {
            let total: Money = items.iter().map(|(_, m)| *m).sum();
            for (i, (id, amount)) in items.iter().enumerate() {
                let _ =
                    writeln!(
                    o,
                    "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                    if i == 0 { due.to_string() } else { String::new() },
                    esc(id),
                    gbp(*amount),
                    if i == 0 { gbp(total) } else { String::new() }
                );
            }
        }
        let _ = writeln!(o, "</tbody></table>");
    }
}

/// The summary as Markdown.
pub fn markdown(s: &Summary<'_>) -> String {
    let h = s.household;
    let mut o = String::with_capacity(8 * 1024);
    let _ = writeln!(o, "# Household {} — advisor summary\n", h.id);
    let _ = writeln!(
        o,
        "{}, {} · figures as at {}\n",
        h.address, h.postcode, s.as_of
    );
    let _ = writeln!(o, "## Warnings\n");
    let ws = warnings(s);
    if ws.is_empty() {
        let _ = writeln!(o, "None.");
    }
    for w in ws {
        let _ = writeln!(o, "- **{}**: {}", w.title, w.text);
    }
    let _ = writeln!(o, "\n## Household\n\n| Person | Name |\n|---|---|");
    for (id, name) in &h.members {
        let _ = writeln!(o, "| {} | {} |", md(id), md(name));
    }
    let _ = writeln!(o, "\n## What is owed\n\n| Service | Reference | Whose | Priority | Stage | Balance | Arrears | Not yet due | Ongoing a month |\n|---|---|---|---|---|--:|--:|--:|--:|");
    for a in &h.accounts {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {}{} | {} | {} | {} | {} |",
            a.service.to_string().replace('_', " "),
            md(&a.account_ref),
            md(name_of(h, &a.person_id)),
            priority(a.priority),
            a.stage.replace('_', " "),
            if a.enforcement { " (enforcement)" } else { "" },
            gbp(a.balance),
            gbp(a.arrears),
            gbp(a.not_yet_due),
            a.ongoing_monthly.map(gbp).unwrap_or_default()
        );
    }
    let _ = writeln!(
        o,
        "\nTotal balance {}, arrears {}, priority arrears {}, non-priority balance {}, credits held {}.",
        gbp(h.total_balance),
        gbp(h.total_arrears),
        gbp(h.priority_arrears),
        gbp(h.non_priority_balance),
        gbp(h.credits)
    );
    let _ = writeln!(o, "\n## What the household can afford\n");
    match (
        &h.statement,
        s.plan.as_ref().ok().and_then(|p| p.statement.as_ref()),
    ) {
        (Some(st), Some(m)) => {
            let _ = writeln!(
                o,
                "Statement {} (source {}){}.\n\n| # | Category | Section | Item | Amount | How often | A month |\n|--:|---|---|---|--:|---|--:|",
                st.reference,
                st.source,
                st.taken_on.map(|d| format!(", taken on {d}")).unwrap_or_default()
            );
            for (i, l) in m.lines.iter().enumerate() {
                let flagged = m.flags.iter().any(|f| f.lines.contains(&i));
                let _ = writeln!(
                    o,
                    "| {} | {} | {} | {}{} | {} | {} | {} |",
                    i + 1,
                    l.category.to_string().replace('_', " "),
                    section(l.category.section()),
                    md(&l.item),
                    if flagged { " (above trigger)" } else { "" },
                    gbp(l.amount),
                    l.frequency,
                    gbp(l.monthly)
                );
            }
            let _ = writeln!(
                o,
                "\nIncome {}, fixed costs {}, flexible costs {}, savings {}: **disposable income {} a month**.",
                gbp(m.income),
                gbp(m.fixed_costs),
                gbp(m.flexible_costs),
                gbp(m.savings),
                gbp(m.disposable)
            );
            for f in &m.flags {
                let _ = writeln!(
                    o,
                    "\n- Above the trigger figure: {} {} a month against {} (by {}). Ask about it; the figure is not changed.",
                    f.category.to_string().replace('_', " "),
                    gbp(f.monthly),
                    gbp(f.trigger),
                    gbp(f.excess())
                );
            }
        }
        (Some(st), None) => {
            let _ = writeln!(
                o,
                "Statement {} is on file; the plan below uses the advisor's own figure.",
                st.reference
            );
        }
        (None, _) => {
            let _ = writeln!(o, "No income and expenditure statement is on file.");
        }
    }
    let _ = writeln!(o, "\n## The proposed plan\n");
    if !s.changes.is_empty() {
        let _ = writeln!(
            o,
            "**What-if**, not the night's plan: {}.\n",
            s.changes.join("; ")
        );
    }
    match &s.plan {
        Err(why) => {
            let _ = writeln!(o, "{why}");
        }
        Ok(plan) => {
            let _ = writeln!(o, "{}\n", outcome_words(plan));
            let _ = writeln!(
                o,
                "{} instalments from {} to at most {}. Disposable {} a month; ongoing liabilities {} a month ({} of them from the surplus); available for arrears {} a month, {} per instalment.\n",
                plan.frequency,
                plan.start,
                plan.term_end,
                gbp(plan.disposable_per_month),
                gbp(plan.ongoing_per_month),
                gbp(plan.ongoing_from_surplus_per_month),
                gbp(plan.available_per_month),
                gbp(plan.available_per_instalment)
            );
            for r in plan.outcome.routes() {
                let _ = writeln!(o, "- Route: {}", route_words(r));
            }
            let _ = writeln!(o, "\n| Debt | Priority | To clear | Offset | Instalment | Schedule | Repaid in term | Left |\n|---|---|--:|--:|--:|---|--:|--:|");
            for d in &plan.debts {
                let _ = writeln!(
                    o,
                    "| {}{} | {} | {} | {} | {} | {} | {} | {} |",
                    md(&d.id),
                    if d.ongoing.exists() {
                        format!(" (plus ongoing {} a month)", gbp(d.ongoing.monthly()))
                    } else {
                        String::new()
                    },
                    priority(d.priority),
                    gbp(d.to_clear),
                    gbp(d.offset),
                    gbp(d.instalment),
                    schedule_words(&d.schedule),
                    gbp(d.repaid),
                    gbp(d.left)
                );
            }
            for off in &plan.offsets {
                let to: Vec<String> = off
                    .applied
                    .iter()
                    .map(|a| format!("{} to {}", gbp(a.amount), a.debt_id))
                    .collect();
                let _ = writeln!(
                    o,
                    "\n- Credit {} on {}: {} (an officer must confirm before money is moved)",
                    gbp(off.credit),
                    off.credit_id,
                    to.join(", ")
                );
            }
        }
    }
    let _ = writeln!(o, "\n## How each figure was derived\n");
    for a in &h.accounts {
        let _ = writeln!(
            o,
            "- {} {}: {}; {}",
            a.service.to_string().replace('_', " "),
            a.account_ref,
            a.source_row,
            a.why
        );
    }
    if let Some(st) = &h.statement {
        for (i, (l, row)) in st.lines.iter().enumerate() {
            let _ = writeln!(o, "- Statement line {} ({}): {}", i + 1, l.item, row);
        }
    }
    o
}

/// The index page: every summary with its totals, outcome and flags, in a
/// table sortable by any column (a few lines of inline script; the page
/// reads and prints without it).
pub(crate) fn index(summaries: &[Summary<'_>], as_of: chrono::NaiveDate) -> String {
    let mut o = String::with_capacity(256 * summaries.len() + 4096);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>Advisor summaries as at {as_of}</title>\n<style>{STYLE} th{{cursor:pointer}}</style>\n</head>\n<body>\n<h1>Advisor summaries as at {as_of}</h1>\n<p class=\"meta\">{} households. Click a column heading to sort.</p>\n",
        summaries.len()
    );
    let _ = writeln!(o, "<table id=\"s\"><thead><tr><th>Household</th><th>Address</th><th>Members</th><th class=\"n\">Balance</th><th class=\"n\">Arrears</th><th class=\"n\">Priority arrears</th><th class=\"n\">Disposable a month</th><th>Plan</th><th>Flags</th></tr></thead><tbody>");
    for s in summaries {
        let h = s.household;
        let names: Vec<&str> = h.members.iter().map(|(_, n)| n.as_str()).collect();
        let mut flags = Vec::new();
        if h.breathing_space_active {
            flags.push("breathing space");
        }
        if h.vulnerable {
            flags.push("vulnerable");
        }
        if h.enforcement_in_progress {
            flags.push("enforcement");
        }
        if h.exceptions.iter().any(|e| e.kind == "offset_candidate") {
            flags.push("offset");
        }
        if h.suspense_items > 0 {
            flags.push("suspense");
        }
        let (disposable, outcome) = match &s.plan {
            Ok(p) => (
                format!(
                    "<td class=\"n\" data-v=\"{}\">{}</td>",
                    p.disposable_per_month,
                    gbp(p.disposable_per_month)
                ),
                p.outcome.code().replace('_', " "),
            ),
            Err(_) => (
                "<td class=\"n\" data-v=\"\"></td>".to_string(),
                "no plan".to_string(),
            ),
        };
        let _ = writeln!(
            o,
            "<tr><td><a href=\"{id}.html\">{id}</a></td><td>{}</td><td>{}</td><td class=\"n\" data-v=\"{}\">{}</td><td class=\"n\" data-v=\"{}\">{}</td><td class=\"n\" data-v=\"{}\">{}</td>{disposable}<td>{}</td><td>{}</td></tr>",
            esc(&h.address),
            esc(&names.join("; ")),
            h.total_balance,
            gbp(h.total_balance),
            h.total_arrears,
            gbp(h.total_arrears),
            h.priority_arrears,
            gbp(h.priority_arrears),
            esc(&outcome),
            flags.join(", "),
            id = esc(&h.id)
        );
    }
    let _ = writeln!(o, "</tbody></table>");
    o.push_str("<script>\ndocument.querySelectorAll('#s th').forEach(function(th,col){var asc=true;th.addEventListener('click',function(){var body=document.querySelector('#s tbody');var rows=Array.from(body.rows);var key=function(r){var c=r.cells[col];var v=c.getAttribute('data-v');return v===null?c.textContent:(v===''?-Infinity:parseFloat(v));};rows.sort(function(a,b){var x=key(a),y=key(b);var c=(typeof x==='number'&&typeof y==='number')?x-y:String(x).localeCompare(String(y));return asc?c:-c;});asc=!asc;rows.forEach(function(r){body.appendChild(r);});});});\n</script>\n</body>\n</html>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pounds_are_grouped_and_signed() {
        assert_eq!(gbp(Money::from_pence(123_456_789)), "£1,234,567.89");
        assert_eq!(gbp(Money::from_pence(-5)), "-£0.05");
        assert_eq!(gbp(Money::ZERO), "£0.00");
        assert_eq!(gbp(Money::from_pence(100_000)), "£1,000.00");
    }

    #[test]
    fn text_from_the_data_cannot_become_markup() {
        assert_eq!(esc("<script>&\"'"), "&lt;script&gt;&amp;&quot;&#39;");
        assert_eq!(md("a|b\nc"), "a\\|b c");
    }
}

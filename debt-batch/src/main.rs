//! `debt-batch`: the finance officer's nightly reconciliation command.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use debt_batch::{BatchError, Config, RunResult};
use debt_core::affordability::Frequency;
use debt_core::arrangement::PlanFrequency;
use debt_core::Money;

/// mimalloc: fewer page faults and faster frees across rayon's threads than
/// the system allocator on the 1M-record linkage (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The exit codes, for `--help` and the README.
const EXIT_CODES: &str = "Exit codes:
  0   finished; every source reconciles
  1   the run failed: the message names the file, line or config key (previous outputs are untouched)
  2   finished, but at least one source does not reconcile within run.tolerance (see reconciliation.csv)
  64  usage: an unknown or missing flag or subcommand, or a malformed value such as --as-of (nothing was read)
  75  another run is writing the same --out folder; try again when it has finished";

/// Reads every service system's exports as sources.toml describes them,
/// works out each account's balance and arrears, reconciles each system to
/// its control totals to the penny, and writes the results.
#[derive(Parser)]
#[command(name = "debt-batch", version, about, long_about, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// How to write log lines: `text` for people, `json` for a scheduler.
    #[arg(long, value_enum, default_value_t = LogFormat::Text, global = true)]
    log_format: LogFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Run the nightly reconciliation and write the outputs.
    ///
    /// Example: debt-batch run --config fixtures/sources.toml --as-of 2026-11-20 --out out
    Run {
        /// The sources config (see docs/config.md).
        #[arg(long)]
        config: PathBuf,
        /// The date balances and arrears are worked out at (yyyy-mm-dd, such
        /// as 2026-11-20), usually the date of the exports.
        #[arg(long, value_parser = parse_date)]
        as_of: NaiveDate,
        /// Output directory. It is replaced as a whole only when the run
        /// succeeds; a failed run leaves the previous outputs as they were.
        #[arg(long)]
        out: PathBuf,
    },
    /// Write a deterministic synthetic council (exports of every style,
    /// control totals, a ready sources.toml and the truth) for benchmarks.
    Generate {
        /// Number of households.
        #[arg(long)]
        households: u64,
        /// Random seed; the same seed gives identical files.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Directory to write into.
        #[arg(long)]
        out: PathBuf,
    },
    /// Write a labelled evaluation set for record linkage: person records
    /// with realistic noise, the gazetteer, and the true identities.
    GeneratePersons {
        /// Number of true people.
        #[arg(long)]
        people: u64,
        /// Random seed; the same seed gives identical files.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Directory to write into.
        #[arg(long)]
        out: PathBuf,
        /// The population's shape and noise: `standard`, or `dense` (the
        /// hundred commonest surnames five times as frequent, and another
        /// mix of noise; see debt-synth's `persons` module).
        #[arg(long, default_value = "standard", value_parser = parse_profile)]
        profile: debt_synth::persons::Profile,
    },
    /// Link a file of person records into persons and households, and score
    /// the result when the file carries the true identities (the evaluation
    /// set from generate-persons).
    Link {
        /// Person records (record_id, source, role, full_name, forename,
        /// surname, dob, nino, address, postcode, uprn[, true_person_id, true_uprn]).
        #[arg(long)]
        records: PathBuf,
        /// The gazetteer (UPRN, SAO_TEXT, PAO_TEXT, STREET_DESCRIPTOR, LOCALITY, TOWN_NAME, POSTCODE_LOCATOR).
        #[arg(long)]
        gazetteer: PathBuf,
        /// Directory for records.csv, links.csv and metrics.json.
        #[arg(long)]
        out: PathBuf,
        /// Match probability at or above which two records are linked
        /// automatically.
        #[arg(long, default_value_t = debt_core::identity::LinkConfig::default().threshold)]
        threshold: f64,
        /// Match probability at or above which a link below the threshold
        /// is a possible link, left for an officer in review.csv.
        #[arg(long, default_value_t = debt_core::identity::LinkConfig::default().review_threshold)]
        review_threshold: f64,
        /// Officers' decisions (the overrides format of docs/config.md;
        /// review.csv with its decision column filled in is one).
        #[arg(long)]
        overrides: Option<PathBuf>,
        /// Estimate the m probabilities by EM instead of using the configured ones.
        #[arg(long)]
        estimate_m: bool,
        /// Link in this many partitions, one after another, as a
        /// distributed engine would (ARCHITECTURE.md, "Beyond one
        /// machine"): the outputs are the same as in one.
        #[arg(long, default_value_t = 1)]
        partitions: usize,
    },
    /// Show one household's view from a run's outputs: members, every
    /// account with why it is there, council tax by year, and what to act on.
    ///
    /// Example: debt-batch show --out out --find "AS1 2HT"
    #[command(group(clap::ArgGroup::new("what").required(true).args(["household", "person", "account", "find"])))]
    Show {
        /// The folder of a run's outputs.
        #[arg(long)]
        out: PathBuf,
        /// A household id (H + 12-digit UPRN).
        #[arg(long)]
        household: Option<String>,
        /// A person id (records.csv): their household.
        #[arg(long)]
        person: Option<String>,
        /// An account, SOURCE:REF (such as ctax:30045821): its household.
        #[arg(long)]
        account: Option<String>,
        /// Text to find in members' names, addresses and postcodes.
        #[arg(long)]
        find: Option<String>,
    },
    /// An advisor summary of one household from a run's outputs, without
    /// rerunning anything: debts, statement, the proposed plan and its
    /// schedule, the warnings, and where each figure came from. Give
    /// what-if changes to see the plan with an advisor's figures.
    ///
    /// Example: debt-batch summary --out out --household H100062011201 --set-line 13=120.00/weekly --term 24
    #[command(group(clap::ArgGroup::new("which").required(true).args(["household", "all"])))]
    Summary {
        /// The folder of a run's outputs.
        #[arg(long)]
        out: PathBuf,
        /// A household id (H + 12-digit UPRN; `show --find` finds one).
        #[arg(long)]
        household: Option<String>,
        /// Every household (with --to FOLDER): a page and a Markdown file each, and the index.
        #[arg(long, requires = "to")]
        all: bool,
        /// With --all: only the households with a statement, as the night writes them.
        #[arg(long, requires = "all")]
        with_statements: bool,
        /// markdown (printed) or html.
        #[arg(long, value_enum, default_value_t = SummaryFormat::Markdown)]
        format: SummaryFormat,
        /// Write to this file (or, with --all, this new folder) instead of printing.
        #[arg(long)]
        to: Option<PathBuf>,
        /// What-if: the household's disposable income a month, instead of its statement's.
        #[arg(long, value_parser = parse_money)]
        disposable: Option<Money>,
        /// What-if: statement line N (as numbered on the summary) at AMOUNT, optionally /FREQUENCY.
        #[arg(long = "set-line", value_name = "N=AMOUNT[/FREQUENCY]", value_parser = parse_set_line)]
        set_line: Vec<(usize, Money, Option<Frequency>)>,
        /// What-if: leave statement line N out.
        #[arg(long = "remove-line", value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        remove_line: Vec<u32>,
        /// What-if: add a statement line, such as earnings=400.00/monthly:New job.
        #[arg(long = "add-line", value_name = "CATEGORY=AMOUNT/FREQUENCY[:ITEM]", value_parser = parse_add_line)]
        add_line: Vec<debt_core::affordability::StatementLine>,
        /// What-if: the longest term, in months.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=600))]
        term: Option<u32>,
        /// What-if: leave a debt out of the plan (SOURCE:REF, as on the summary).
        #[arg(long = "leave-out", value_name = "SOURCE:REF")]
        leave_out: Vec<String>,
        /// What-if: weekly, fortnightly or monthly instalments.
        #[arg(long, value_parser = parse_plan_frequency)]
        frequency: Option<PlanFrequency>,
        /// What-if: the token payment a month per non-priority debt.
        #[arg(long, value_parser = parse_money)]
        token: Option<Money>,
        /// What-if: the first instalment's date (yyyy-mm-dd).
        #[arg(long, value_parser = parse_date)]
        start: Option<NaiveDate>,
        /// What-if: as if a breathing space were (true) or were not (false) active.
        #[arg(long)]
        breathing_space: Option<bool>,
    },
    /// Check the config, every file's columns and every row, writing nothing.
    Check {
        /// The sources config.
        #[arg(long)]
        config: PathBuf,
    },
}

/// How a summary is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum SummaryFormat {
    /// Markdown.
    Markdown,
    /// One self-contained HTML page.
    Html,
}

/// Reads an evaluation-set profile name.
fn parse_profile(text: &str) -> Result<debt_synth::persons::Profile, String> {
    debt_synth::persons::Profile::parse(text)
        .ok_or_else(|| format!("{text:?} is not a profile (expected standard or dense)"))
}

/// Reads a yyyy-mm-dd date, saying the expected form when it is not one.
fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|e| {
        format!("{text:?} is not a date in the form yyyy-mm-dd, such as 2026-11-20 ({e})")
    })
}

/// Reads an amount of money (1234.56, £1,234.56).
fn parse_money(text: &str) -> Result<Money, String> {
    let m = Money::parse(text)
        .map_err(|e| format!("{text:?} is not an amount such as 120.00 ({e})"))?;
    if m.is_negative() {
        return Err(format!("{text:?}: give an amount of zero or more"));
    }
    Ok(m)
}

fn parse_frequency(text: &str) -> Result<Frequency, String> {
    text.parse().map_err(|e| format!("{e}"))
}

fn parse_plan_frequency(text: &str) -> Result<PlanFrequency, String> {
    text.parse().map_err(|e| format!("{e}"))
}

/// `N=AMOUNT[/FREQUENCY]`.
fn parse_set_line(text: &str) -> Result<(usize, Money, Option<Frequency>), String> {
    let (n, rest) = text.split_once('=').ok_or_else(|| {
        format!("{text:?}: give N=AMOUNT or N=AMOUNT/FREQUENCY, such as 13=120.00/weekly")
    })?;
    let n: usize = n
        .trim()
        .parse()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| format!("{n:?} is not a line number (1, 2, ...)"))?;
    let (amount, frequency) = match rest.split_once('/') {
        Some((a, f)) => (a, Some(parse_frequency(f.trim())?)),
        None => (rest, None),
    };
    Ok((n - 1, parse_money(amount.trim())?, frequency))
}

/// `CATEGORY=AMOUNT/FREQUENCY[:ITEM]`.
fn parse_add_line(text: &str) -> Result<debt_core::affordability::StatementLine, String> {
    let form = "give CATEGORY=AMOUNT/FREQUENCY[:ITEM], such as earnings=400.00/monthly:New job";
    let (category, rest) = text
        .split_once('=')
        .ok_or_else(|| format!("{text:?}: {form}"))?;
    let (rest, item) = rest.split_once(':').unwrap_or((rest, ""));
    let (amount, frequency) = rest
        .split_once('/')
        .ok_or_else(|| format!("{text:?}: {form}"))?;
    let item = if item.is_empty() { category } else { item };
    parse_money(amount.trim())?;
    debt_core::affordability::StatementLine::from_codes(
        category.trim(),
        item,
        amount.trim(),
        frequency.trim(),
    )
    .map_err(|e| format!("{text:?}: {e}"))
}

/// The exit code of a usage error (sysexits EX_USAGE): nothing was read.
const EXIT_USAGE: u8 = 64;

/// mimalloc's `mi_option_purge_delay` (position 15 of `mi_option_e` in the
/// v3 `mimalloc.h` that libmimalloc-sys 0.1.49 builds; Cargo.lock pins it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // Give freed memory back to the system at once rather than after 10 ms:
    // the nightly run's peak RSS stays at the system allocator's (558 MB on
    // 652 MB of input, not 615-635 MB), and linking is as fast.
    // SAFETY: called first, before any other thread exists, as mimalloc asks.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version are answers, not errors.
            let code = if e.use_stderr() { EXIT_USAGE } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    init_logging(cli.log_format);
    match execute(cli.command) {
        Ok(code) => code,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("debt-batch: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn init_logging(format: LogFormat) {
    let builder = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_target(false);
    let _ = match format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder
            .with_ansi(std::io::stderr().is_terminal())
            .try_init(),
    };
}

fn execute(command: Command) -> Result<ExitCode, BatchError> {
    match command {
        Command::Check { config } => {
            let loaded = Config::load(&config)?;
            let ingested = debt_batch::ingest::check(&loaded)?;
            for f in &ingested.files {
                println!(
                    "{:<20} {:<40} rows {:>8}  accepted {:>8}  rejected {:>6}  duplicates {:>4}",
                    f.source,
                    f.display,
                    f.counts.read,
                    f.counts.accepted,
                    f.counts.rejected,
                    f.counts.duplicates
                );
            }
            println!(
                "{}: config is valid; {} files have every configured column",
                config.display(),
                ingested.files.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate {
            households,
            seed,
            out,
        } => {
            let summary = debt_synth::council::generate(&debt_synth::council::GenerateOptions {
                households,
                seed,
                out: out.clone(),
            })
            .map_err(|e| {
                let (path, source) = e.into_parts();
                BatchError::io(&path, source)
            })?;
            for (path, size) in &summary.files {
                println!("{:>14} bytes  {}", size, path.display());
            }
            println!(
                "{} accounts, {} transaction rows in {}",
                summary.accounts,
                summary.transaction_rows,
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::GeneratePersons {
            people,
            seed,
            out,
            profile,
        } => {
            let summary =
                debt_synth::persons::generate_persons(&debt_synth::persons::EvalOptions {
                    people,
                    seed,
                    out: out.clone(),
                    profile,
                })
                .map_err(|e| {
                    let (path, source) = e.into_parts();
                    BatchError::io(&path, source)
                })?;
            println!(
                "{} person records, {} gazetteer rows in {}",
                summary.records,
                summary.gazetteer_rows,
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Link {
            records,
            gazetteer,
            out,
            threshold,
            review_threshold,
            overrides,
            estimate_m,
            partitions,
        } => {
            let config = debt_core::identity::LinkConfig {
                threshold,
                review_threshold,
                estimate_m,
                ..Default::default()
            };
            let overrides = match &overrides {
                Some(path) => debt_batch::matching::read_overrides(path)?.0,
                None => Vec::new(),
            };
            let s = debt_batch::evaluate::link_file(
                &records, &gazetteer, &out, &config, &overrides, partitions,
            )?;
            println!("records {}  persons {}", s.records, s.persons);
            for (i, p) in s.partitions.iter().enumerate() {
                println!(
                    "  partition {i}: {} records, {} components (largest {}), {} links",
                    p.records, p.components, p.largest_component, p.links
                );
            }
            for (stage, secs) in &s.seconds {
                println!("  {stage:<14} {secs:>8.2} s");
            }
            if s.uprn_records + s.no_uprn_records > 0 {
                println!(
                    "persons     precision {:.4}  recall {:.4}  F1 {:.4}",
                    s.person_precision, s.person_recall, s.person_f1
                );
                println!(
                    "households  precision {:.4}  recall {:.4}  F1 {:.4}",
                    s.household_precision, s.household_recall, s.household_f1
                );
                println!(
                    "review      {} possible links ({:.4} of records); after review by the truth: precision {:.4}  recall {:.4}",
                    s.review_queue,
                    s.review_share,
                    s.person_precision_after_review,
                    s.person_recall_after_review
                );
                println!(
                    "UPRN        accuracy {:.4} of {} ({} wrong); forced matches {} of {} with no UPRN",
                    s.uprn_accuracy, s.uprn_records, s.uprn_wrong, s.no_uprn_forced, s.no_uprn_records
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Show {
            out,
            household,
            person,
            account,
            find,
        } => {
            use debt_batch::show::Query;
            let query = match (household, person, account, find) {
                (Some(h), _, _, _) => Query::Household(h),
                (_, Some(p), _, _) => Query::Person(p),
                (_, _, Some(a), _) => Query::Account(a),
                (_, _, _, Some(f)) => Query::Find(f),
                _ => return Ok(ExitCode::from(EXIT_USAGE)),
            };
            print!("{}", debt_batch::show::show(&out, &query)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Summary {
            out,
            household,
            all,
            with_statements,
            format,
            to,
            disposable,
            set_line,
            remove_line,
            add_line,
            term,
            leave_out,
            frequency,
            token,
            start,
            breathing_space,
        } => {
            use debt_batch::summary::{render, summarise, Night, Which};
            use debt_core::arrangement::WhatIf;
            if let Some(to) = &to {
                // A file left in the night's folder would make the next
                // night refuse it (it replaces only its own outputs).
                let resolved = debt_batch::output::dir::resolved;
                if resolved(to)?.starts_with(resolved(&out)?) {
                    eprintln!(
                        "debt-batch: --to {} is inside the run's output folder {}: the next run would refuse a folder holding files it did not write. Give a path outside it",
                        to.display(),
                        out.display()
                    );
                    return Ok(ExitCode::from(EXIT_USAGE));
                }
            }
            if all {
                let to = to.unwrap_or_default();
                if std::fs::read_dir(&to).is_ok_and(|mut d| d.next().is_some()) {
                    eprintln!(
                        "debt-batch: --to {} is not empty: give a new folder for the summaries",
                        to.display()
                    );
                    return Ok(ExitCode::from(EXIT_USAGE));
                }
                let which = if with_statements {
                    Which::WithStatements
                } else {
                    Which::All
                };
                let (n, plans) = debt_batch::summary::write_all(&out, which, None, &to)?;
                eprintln!(
                    "{n} summaries ({plans} with a plan) and index.html written to {}",
                    to.display()
                );
                return Ok(ExitCode::SUCCESS);
            }
            let id = household.unwrap_or_default();
            let night = Night::load(&out, Which::Ids(std::slice::from_ref(&id)))?;
            // Changes apply in a fixed order: lines set, then removed (from
            // the last, so the numbers on the summary stay right), then added.
            let mut changes: Vec<WhatIf> = Vec::new();
            let original = night.households.get(&id).and_then(|h| h.statement.as_ref());
            for (index, amount, f) in set_line {
                let frequency = match f {
                    Some(f) => f,
                    None => original
                        .and_then(|s| s.lines.get(index))
                        .map(|(l, _)| l.frequency)
                        .unwrap_or(Frequency::Monthly),
                };
                changes.push(WhatIf::SetLine {
                    index,
                    amount,
                    frequency,
                });
            }
            let mut removed: Vec<usize> = remove_line.iter().map(|n| *n as usize - 1).collect();
            removed.sort_unstable_by(|a, b| b.cmp(a));
            removed.dedup();
            changes.extend(removed.into_iter().map(WhatIf::RemoveLine));
            changes.extend(add_line.into_iter().map(WhatIf::AddLine));
            changes.extend(term.map(WhatIf::Term));
            changes.extend(leave_out.into_iter().map(WhatIf::LeaveOut));
            changes.extend(frequency.map(WhatIf::Frequency));
            changes.extend(token.map(WhatIf::Token));
            changes.extend(start.map(WhatIf::Start));
            changes.extend(breathing_space.map(WhatIf::BreathingSpace));
            let Some(h) = night.households.get(&id) else {
                return Err(BatchError::NotFound(format!("no household {id}")));
            };
            let summary = summarise(&night, h, disposable, &changes);
            let text = match format {
                SummaryFormat::Markdown => render::markdown(&summary),
                SummaryFormat::Html => render::html(&summary),
            };
            match to {
                Some(path) => {
                    use std::io::Write;
                    let mut f = debt_batch::files::replace_private(&path)?;
                    f.write_all(text.as_bytes())
                        .and_then(|_| f.flush())
                        .map_err(|e| BatchError::io(&path, e))?;
                }
                None => print!("{text}"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Run { config, as_of, out } => {
            let loaded = Config::load(&config)?;
            tracing::info!(config = %config.display(), %as_of, out = %out.display(), "run starting");
            let progress = Bar::new(&loaded);
            let result = debt_batch::run(&loaded, as_of, &out, &progress);
            let bar = progress.bar;
            if let Some(bar) = &bar {
                bar.finish_and_clear();
            }
            let result = result?;
            print_summary(&result);
            let breaks = result
                .reconciliation
                .iter()
                .filter(|r| r.status == debt_core::ReconcileStatus::Break)
                .count();
            println!(
                "{} accounts, {} rejected rows, {} duplicates, {} receipts for no account in suspense; outputs in {}",
                result.accounts.len(),
                result.ingested.rejects.len(),
                result.ingested.duplicates.len(),
                result.ingested.suspense.len(),
                out.display()
            );
            if breaks > 0 {
                println!(
                    "{breaks} source(s) do not reconcile: see reconciliation.csv (exit code 2)"
                );
            }
            tracing::info!(
                accounts = result.accounts.len(),
                rejects = result.ingested.rejects.len(),
                duplicates = result.ingested.duplicates.len(),
                out = %out.display(),
                "run finished"
            );
            Ok(if result.has_breaks() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

/// Progress for a person at a terminal (a bar over the input bytes, the
/// stage named), or plain log lines for a scheduler.
struct Bar {
    bar: Option<indicatif::ProgressBar>,
}

impl Bar {
    fn new(loaded: &debt_batch::LoadedConfig) -> Bar {
        if !std::io::stderr().is_terminal() {
            return Bar { bar: None };
        }
        let total: u64 = loaded
            .input_paths()
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum();
        let bar = indicatif::ProgressBar::new(total);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{spinner} {msg:<12} [{bar:40}] {bytes}/{total_bytes} {bytes_per_sec} {elapsed}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Bar { bar: Some(bar) }
    }
}

impl debt_batch::progress::Progress for Bar {
    fn stage(&self, name: &str) {
        match &self.bar {
            Some(bar) => bar.set_message(name.to_string()),
            None => tracing::info!(stage = name, "stage started"),
        }
    }

    fn bytes(&self, count: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(count);
        }
    }
}

fn print_summary(result: &RunResult) {
    println!(
        "{:<10} {:>8} {:>8} {:>5} {:>8} {:>14} {:>14} {:>12}  status",
        "source", "rows", "rejects", "dups", "accounts", "total", "control", "difference"
    );
    let mut notes = Vec::new();
    for r in &result.reconciliation {
        if !r.note.is_empty() {
            notes.push(format!("{}: {}", r.source, r.note));
        }
        let (control, diff) = match &r.reconciliation {
            Some(x) => (
                x.control.closing_balance.to_string(),
                x.balance_difference.to_string(),
            ),
            None => ("(none)".to_string(), String::new()),
        };
        println!(
            "{:<10} {:>8} {:>8} {:>5} {:>8} {:>14} {:>14} {:>12}  {}",
            r.source,
            r.rows_read,
            r.rows_rejected,
            r.rows_duplicate,
            r.computed.accounts,
            r.computed.closing_balance.to_string(),
            control,
            diff,
            r.status.code()
        );
    }
    for note in notes {
        println!("{note}");
    }
    for name in &result.unmatched_controls {
        println!("control total row {name:?} names no configured source");
    }
}

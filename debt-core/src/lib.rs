//! # debt-core
//!
//! The domain library of the single view of household debt: exact money,
//! the services a council is owed money through, ledgers, balances and
//! arrears, ageing, payment allocation, reconciliation, dated rate tables,
//! and what a household can afford.
//!
//! It does no file or network I/O (readers take text or `std::io::Read`),
//! never panics on bad data (every fallible call returns [`Error`]), and has
//! no binary floating point anywhere money flows.
//!
//! | module | the word a finance officer uses |
//! |---|---|
//! | [`money`] | pounds and pence, parsing exports, splitting exactly |
//! | [`service`] | services, priority, recovery stages and enforcement |
//! | [`period`] | financial years, instalment plans |
//! | [`ledger`] | accounts, transactions, balance, arrears |
//! | [`allocation`] | which debts a payment pays |
//! | [`ageing`] | how old the arrears are; limitation |
//! | [`mod@reconcile`] | control totals, matched or break |
//! | [`rates`] | dated fees and periods an officer can update |
//! | [`breathing_space`] | the Debt Respite Scheme |
//! | [`identity`] | names, addresses, the gazetteer, linking records into persons |
//! | [`affordability`] | the income and expenditure statement (SFS), monthly figures, trigger figures |
//! | [`arrangement`] | one affordable plan across the household's debts, its schedule, routes, what-ifs |
//!
//! ```
//! use chrono::NaiveDate;
//! use debt_core::{Account, Money, Service, Transaction, TxnKind};
//! let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default();
//! let mut rent = Account::new(Service::HousingRent, "T-1001");
//! for week in 0..4 {
//!     rent.ledger.push(Transaction::new(d(10, 5) + chrono::Days::new(7 * week), TxnKind::Charge, Money::parse("110.00")?))?;
//! }
//! rent.ledger.push(Transaction::new(d(10, 20), TxnKind::Payment, Money::parse("-330.00")?))?;
//! let pos = rent.position(d(10, 31))?;
//! assert_eq!(pos.arrears.to_string(), "110.00");
//! # Ok::<(), debt_core::Error>(())
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod affordability;
pub mod ageing;
pub mod allocation;
pub mod arrangement;
pub mod breathing_space;
pub mod error;
pub mod exceptions;
pub mod household;
pub mod identity;
pub mod ledger;
pub mod money;
pub mod period;
pub mod rates;
pub mod reconcile;
pub mod service;
pub mod suspense;

pub use affordability::{
    Composition, Frequency, MonthlyLine, MonthlyStatement, Section, SfsCategory, Statement,
    StatementLine, TriggerFlag,
};
pub use ageing::{AgeBucket, Ageing};
pub use allocation::{allocate, Allocation, AllocationPolicy, Credit, Debit};
pub use arrangement::{
    DebtLine, Means, Offset, OffsetTo, OngoingLiability, Outcome, Plan, PlanDebt, PlanFrequency,
    PlanInput, PlanOptions, Route, UcDeductions, WhatIf,
};
pub use breathing_space::{BreathingSpace, BreathingSpaceKind};
pub use error::{Error, Result};
pub use ledger::{
    Account, AccountStatus, ArrearsTerms, Ledger, OutstandingItem, PackedTransaction, Position,
    SourceRow, Transaction, TxnKind, YearPosition,
};
pub use money::Money;
pub use period::{statutory_split, FinancialYear, Instalment, InstalmentScheme};
pub use rates::{
    BreathingSpaceRules, Dated, DroLimits, EnforcementFees, FeeStage, RateTable, Rates,
    TriggerFigure, TriggerFigures, UcClaimant, UcDeductionRates, UcStandardAllowance,
};
pub use reconcile::{reconcile, ControlTotal, ReconcileStatus, Reconciliation, RowCounts};
pub use service::{ArrearsBasis, PriorityClass, RecoveryStep, Service, Stage, SundryKind};

//! # debt-batch
//!
//! The nightly reconciliation run as a library, so tests and other tools can
//! drive it; `main.rs` is a thin command line over it.
//!
//! Flow: [`config`] (what the exports look like) → [`ingest`] (every row
//! accepted, rejected or a duplicate, via [`mod@read`] and [`parse`]) →
//! [`mod@run`] (positions with debt-core, reconciliation) → [`output`] (atomic,
//! owner-only, deterministic files).
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod config;
pub mod error;
pub mod evaluate;
pub mod ingest;
pub mod matching;
pub mod output;
pub mod parse;
pub mod read;
pub mod records;
pub mod run;
pub mod view;

pub use config::{Config, LoadedConfig};
pub use error::BatchError;
pub use run::{compute, run, RunResult};

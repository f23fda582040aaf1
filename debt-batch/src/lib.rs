//! # debt-batch
//!
//! The nightly reconciliation run as a library, so tests and other tools can
//! drive it; `main.rs` is a thin command line over it.
//!
//! Flow: [`config`] (what the exports look like) → [`ingest`] (every row
//! accepted, rejected or a duplicate, via [`input`] and [`parse`]) →
//! [`mod@run`] (positions with debt-core, reconciliation) → [`output`] (atomic,
//! owner-only, deterministic files).
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod chunked;
pub mod config;
pub mod error;
pub mod evaluate;
pub mod ingest;
pub mod input;
pub mod matching;
pub mod output;
pub mod parquet;
pub mod parse;
pub mod records;
pub mod run;

pub use config::{Config, LoadedConfig};
pub use error::BatchError;
pub use run::{compute, run, RunResult};

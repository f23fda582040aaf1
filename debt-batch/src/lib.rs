//! # debt-batch
//!
//! The nightly reconciliation run as a library, so tests and other tools can
//! drive it; `main.rs` is a thin command line over it.
//!
//! Layered so that every dependency points down (tests/layers.rs keeps it
//! so):
//!
//! | layer | modules |
//! |---|---|
//! | values | [`records`], `parse`, [`progress`], `hooks`; then [`error`] |
//! | config | [`config`] (the serde model, compiled once into a plan), [`files`] (owner-only files) |
//! | readers | [`mod@read`] (text in bounded blocks, Parquet) |
//! | stages | [`ingest`] → [`positions`] → [`mod@reconcile`] → [`matching`] → [`view`] → [`advice`] |
//! | result | [`result`] (every stage's output) |
//! | summaries | [`summary`] (advisor summaries, made from a night's output files) |
//! | outputs | [`output`] (the output folder, one column list per output family), [`evaluate`] (`link`), [`show`] |
//! | pipeline | [`mod@run`] |
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod advice;
pub mod config;
pub mod error;
pub mod evaluate;
pub mod files;
pub(crate) mod hooks;
pub mod ingest;
pub mod matching;
pub mod output;
pub(crate) mod parse;
pub mod positions;
pub mod progress;
pub mod read;
pub mod reconcile;
pub mod records;
pub mod result;
pub mod run;
pub mod show;
pub mod summary;
pub mod view;

pub use config::{Config, LoadedConfig};
pub use error::BatchError;
pub use result::RunResult;
pub use run::{compute, run};

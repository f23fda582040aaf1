//! # debt-synth
//!
//! Deterministic synthetic data for the single view of household debt.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod borough;
pub mod council;
mod dates;
pub mod error;
mod exports;
mod files;
mod households;
mod ledger;
mod names;
mod noise;
pub mod persons;
pub mod random;
mod text;

pub use error::Error;

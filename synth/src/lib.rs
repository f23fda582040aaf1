//! # debt-synth
//!
//! Deterministic synthetic data for the single view of household debt.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod council;
pub mod error;
pub mod persons;

pub use error::Error;

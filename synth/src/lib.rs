//! # debt-synth
//!
//! Deterministic synthetic data for the single view of household debt: a
//! council's exports with the truth they must reconcile to
//! ([`council::generate`], `debt-batch generate`), and a labelled person
//! linkage evaluation set ([`persons::generate_persons`], `debt-batch
//! generate-persons`). The same seed gives byte-identical files.
//!
//! It depends on chrono alone. Its truth (balances, arrears stages, who is
//! who and where they live) comes from its own arithmetic in integer pence,
//! never from debt-core's rules, so a test that the batch reproduces it is
//! an independent check on the batch. Money is never a float here either:
//! amounts are `i64` pence, written as text.
//!
//! Modules, by what they make:
//!
//! | module | makes |
//! |---|---|
//! | [`random`] | the one random source (splitmix64), one stream per kind of thing drawn |
//! | `dates`, `text`, `files` | day arithmetic and date forms; CSV fields, encodings, money text; owner-only files |
//! | `names` | the one name table: forenames, surnames by frequency, nicknames |
//! | `borough` | Ashbury: streets, properties, postcodes, UPRNs, the gazetteer, addresses outside it |
//! | `households` | people and who lives with whom; coming of age; moves |
//! | `noise` | typos and other variations, counted as planted |
//! | `ledger` | what each service posts to an account: `council_tax`, `rent`, `rates`, `former`, `overpayment`, `sundry`, `parking` |
//! | `exports` | how each system writes its files: `revenues`, `housing`, `rates`, `recovery`, `benefits`, `finance`, `parking`, `people`; planted `defects` |
//! | [`council`] | the synthetic council: households, accounts, control totals, `sources.toml` (from `templates/sources.toml`), truth |
//! | [`persons`] | the evaluation set: each system's person records with noise, the gazetteer, the truth |
//!
//! A new service or system style is a new `ledger` and `exports` module and
//! a few lines in `council` (`council::services` holds the five added for
//! issue 12).
//!
//! Every file and directory written is owner-only: the data is realistic
//! personal data.
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

//! Who is who: names, dates of birth, National Insurance numbers, postcodes
//! and addresses normalised for matching; addresses matched to the
//! gazetteer; records linked into persons (Fellegi-Sunter) with every link
//! explainable field by field.
//!
//! | module | holds |
//! |---|---|
//! | [`text`] | folding to plain upper case, Jaro-Winkler, one-edit distance |
//! | [`name`] | [`PersonName`] parsing ('SMITH, JOHN A', 'Mr J Smith'), nicknames |
//! | [`postcode`] | [`Postcode`] validated by format, sectors |
//! | [`address`] | [`Gazetteer`] and address-to-UPRN matching |
//! | [`linkage`] | [`link_records`]: comparison levels, m/u, EM, blocking, clustering |

pub mod address;
pub mod linkage;
pub mod name;
pub mod postcode;
pub mod text;

pub use address::{AddressMatch, Gazetteer, GazetteerEntry, MatchMethod};
pub use linkage::{
    link_records, Field, Identifier, Link, LinkConfig, LinkDecision, LinkModel, Linkage, Occupancy,
    Override, PersonRecord, PossibleLink, RecordAddress, ReviewReason, FIELDS,
};
pub use name::PersonName;
pub use postcode::Postcode;

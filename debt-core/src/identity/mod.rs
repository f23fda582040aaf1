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
//! | [`nino`] | [`Nino`]: National Insurance numbers in HMRC's format |
//! | [`address`] | [`Gazetteer`] and address-to-UPRN matching |
//! | [`levels`] | the compared [`Field`]s and each field's named comparison levels |
//! | [`linkage`] | [`link_records`]: m/u, EM, blocking rules, clustering |

pub mod address;
pub mod levels;
pub mod linkage;
pub mod name;
pub mod nino;
pub mod postcode;
pub mod text;

pub use address::{AddressMatch, Gazetteer, GazetteerEntry, MatchMethod};
pub use levels::{Field, Level, Levels, FIELDS};
pub use linkage::{
    link_records, link_records_partitioned, BlockingRule, BlockingStats, Identifier, Link,
    LinkConfig, LinkDecision, LinkModel, Linkage, Occupancy, Override, PartitionStats,
    PersonRecord, PossibleLink, RecordAddress, ReviewReason,
};
pub use name::PersonName;
pub use nino::Nino;
pub use postcode::Postcode;

//! `debt-batch generate-persons`: a labelled evaluation set for record
//! linkage: person records as the council's systems would hold them, with
//! realistic noise, and the truth. (Being written.)

use std::path::PathBuf;

use crate::error::BatchError;

/// What to generate.
#[derive(Debug, Clone)]
pub struct EvalOptions {
    /// Number of true people.
    pub people: u64,
    /// Random seed: the same seed gives byte-identical files.
    pub seed: u64,
    /// Output directory.
    pub out: PathBuf,
}

/// What was generated.
#[derive(Debug, Clone, Default)]
pub struct EvalSummary {
    /// Person records written.
    pub records: u64,
    /// Gazetteer rows written.
    pub gazetteer_rows: u64,
}

/// Writes `records.csv` and `llpg.csv` into `out`.
pub fn generate_persons(options: &EvalOptions) -> Result<EvalSummary, BatchError> {
    let _ = options;
    Err(BatchError::Output("generate-persons is not written yet".into()))
}

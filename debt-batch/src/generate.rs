//! `debt-batch generate`: a deterministic, realistic synthetic council for
//! benchmarks and tests. (Being written; see the helper's brief.)

use std::path::PathBuf;

use crate::error::BatchError;

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// Number of households.
    pub households: u64,
    /// Random seed: the same seed gives byte-identical files.
    pub seed: u64,
    /// Output directory (created; must not exist or be empty).
    pub out: PathBuf,
}

/// What was generated.
#[derive(Debug, Clone, Default)]
pub struct GenerateSummary {
    /// Accounts written, all sources.
    pub accounts: u64,
    /// Transaction rows written, all sources (including planted bad rows).
    pub transaction_rows: u64,
    /// Files written with their sizes in bytes.
    pub files: Vec<(PathBuf, u64)>,
}

/// Writes the data set.
pub fn generate(options: &GenerateOptions) -> Result<GenerateSummary, BatchError> {
    let _ = options;
    Err(BatchError::Output("generate is not written yet".into()))
}

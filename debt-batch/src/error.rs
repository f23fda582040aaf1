//! The one error type of debt-batch: everything that stops a run. Bad rows
//! do not stop a run; they become rejects ([`crate::records::Reject`]).

use std::path::{Path, PathBuf};

use thiserror::Error;

/// Why a run (or a check) could not go on.
#[derive(Debug, Error)]
pub enum BatchError {
    /// The config file is wrong.
    #[error("config {file}: {key}: {message}", file = file.display(), key = if key.is_empty() { "(file)" } else { key })]
    Config {
        /// The config file.
        file: PathBuf,
        /// The key (or line) at fault.
        key: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// An input file does not have columns the config names. The message
    /// names the columns and how many fields the first line has, never the
    /// values in it (a file that lost its header would otherwise print a
    /// person's name and address into the scheduler's log).
    #[error("{}: {} not in the header (its first line has {fields} fields): is the header row missing, or the delimiter or skip_lines wrong?", file.display(), describe_missing(missing))]
    MissingColumns {
        /// The input file.
        file: PathBuf,
        /// Each missing column and the config key naming it.
        missing: Vec<(String, String)>,
        /// Fields on the file's first line.
        fields: usize,
    },
    /// A configured column name matches two columns of the header.
    #[error("{}: column {column:?} (config key {key}) is in the header {count} times; rename one in the export or name a unique column", file.display())]
    AmbiguousColumn {
        /// The input file.
        file: PathBuf,
        /// The column named in the config.
        column: String,
        /// The config key naming it.
        key: String,
        /// How many header columns have that name.
        count: usize,
    },
    /// An input file changed while the run read it.
    #[error("{}: the file changed while the run read it ({message}); nothing was written: run again once the export has finished", file.display())]
    InputChanged {
        /// The input file.
        file: PathBuf,
        /// What changed.
        message: String,
    },
    /// The output folder cannot be used.
    #[error("--out {}: {message}", path.display())]
    OutputDir {
        /// The folder as given.
        path: PathBuf,
        /// Why, and what to do.
        message: String,
    },
    /// Another run is writing the same output folder.
    #[error("--out {}: another run is writing this folder ({holder}); wait for it to finish", path.display())]
    Locked {
        /// The folder as given.
        path: PathBuf,
        /// Who holds the lock: pid and start time.
        holder: String,
    },
    /// An account's figures cannot be worked out (an amount beyond what
    /// money can hold, a date beyond the calendar).
    #[error("{source_id} account {account}: {message}")]
    Account {
        /// The source id.
        source_id: String,
        /// The account reference.
        account: String,
        /// What went wrong.
        message: String,
    },
    /// A check the run makes on itself failed (rows read != accepted +
    /// rejected + duplicates, a position that does not add up): a bug, never
    /// bad data. The run stops rather than write figures it cannot stand by.
    #[error("internal check failed: {0}")]
    Invariant(String),
    /// An input file cannot be read at all (no header, not text).
    #[error("{}: {message}", file.display())]
    Unreadable {
        /// The input file.
        file: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// What was asked for is not in the outputs (a household id).
    #[error("{0}")]
    NotFound(String),
    /// An output could not be produced.
    #[error("writing outputs: {0}")]
    Output(String),
}

fn describe_missing(missing: &[(String, String)]) -> String {
    let named: Vec<String> = missing
        .iter()
        .map(|(column, key)| format!("column {column:?} (config key {key})"))
        .collect();
    match named.len() {
        1 => format!("{} is", named[0]),
        _ => format!("{} are", named.join(", ")),
    }
}

impl BatchError {
    /// The process exit code for this error: 75 (EX_TEMPFAIL, try again
    /// later) when another run holds the output folder, otherwise 1.
    pub fn exit_code(&self) -> u8 {
        match self {
            BatchError::Locked { .. } => 75,
            _ => 1,
        }
    }

    /// A config error.
    pub(crate) fn config(file: &Path, key: &str, message: impl Into<String>) -> BatchError {
        BatchError::Config {
            file: file.to_path_buf(),
            key: key.to_string(),
            message: message.into(),
        }
    }

    /// An I/O error on a path.
    pub fn io(path: &Path, source: std::io::Error) -> BatchError {
        BatchError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

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
    /// An input file does not have a column the config names.
    #[error("{}: column {column:?} (config key {key}) is not in the header; the header has: {found}", file.display())]
    MissingColumn {
        /// The input file.
        file: PathBuf,
        /// The column named in the config.
        column: String,
        /// The config key naming it.
        key: String,
        /// The columns the file has.
        found: String,
    },
    /// An input file cannot be read at all (no header, not text).
    #[error("{}: {message}", file.display())]
    Unreadable {
        /// The input file.
        file: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// An output could not be produced.
    #[error("writing outputs: {0}")]
    Output(String),
}

impl BatchError {
    /// A config error.
    pub fn config(file: &Path, key: &str, message: impl Into<String>) -> BatchError {
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

//! The one error type of debt-synth: a file or directory that could not be
//! written. Generating never fails on anything else.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// Why generating stopped.
#[derive(Debug)]
pub enum Error {
    /// A file or directory could not be created, written or read back.
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
    /// The council generator writes only into a new or empty directory, and
    /// this one holds files already (nothing in it was touched).
    NotEmpty {
        /// The output directory.
        path: PathBuf,
    },
}

impl Error {
    /// An I/O error on a path.
    pub(crate) fn io(path: &Path, source: io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// The file or directory the error is about.
    pub fn path(&self) -> &Path {
        match self {
            Error::Io { path, .. } | Error::NotEmpty { path } => path,
        }
    }

    /// The path and the operating system's error, for a caller whose own
    /// error type carries those two (a full directory is `AlreadyExists`).
    pub fn into_parts(self) -> (PathBuf, io::Error) {
        match self {
            Error::Io { path, source } => (path, source),
            Error::NotEmpty { path } => (
                path,
                io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    "the output directory exists and is not empty; generate writes only into a new or empty directory",
                ),
            ),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::NotEmpty { path } => write!(
                f,
                "{}: the output directory exists and is not empty; generate writes only into a new or empty directory",
                path.display()
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::NotEmpty { .. } => None,
        }
    }
}

//! Owner-only files: every output holds personal data, so each is created
//! readable and writable by its owner alone (0600), never reusing a file of
//! that name someone else made.

use std::fs::{File, OpenOptions};
use std::io::BufWriter;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use crate::error::BatchError;

/// Creates an owner-only (0600) file; fails if it exists.
pub(crate) fn create_private(path: &Path) -> Result<BufWriter<File>, BatchError> {
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| BatchError::io(path, e))?;
    Ok(BufWriter::new(file))
}

/// Creates an owner-only (0600) file in place of any file of that name (a
/// command such as `link` that rewrites its own files; a file created by
/// someone else with wider permissions is replaced, not reused).
pub fn replace_private(path: &Path) -> Result<BufWriter<File>, BatchError> {
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(BatchError::io(path, e)),
    }
    create_private(path)
}

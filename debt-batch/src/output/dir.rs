//! The output folder: checked before any work, locked for the whole run,
//! written beside itself and swapped into place in one step.
//!
//! A run replaces its output folder as a whole, so it must only ever replace
//! a folder it owns. `OutputDir::claim` refuses, before anything is read or
//! written:
//! - a path that is `.`, `..` or `/`, a symbolic link, or a file;
//! - a folder that holds anything but a previous run's outputs (a previous
//!   output is a folder whose `manifest.json` says `"program": "debt-batch"`
//!   and which holds only the files that manifest lists);
//! - a folder that is or holds the config file or any input file.
//!
//! It then takes an advisory lock (`flock`) on `.NAME.lock` beside the folder,
//! held until the [`OutputDir`] is dropped, so a second run into the same
//! folder stops at once and names the holder's pid and start time. Staging
//! folders (`.NAME.staging-PID-NONCE`) left by a dead process are removed;
//! one whose process is alive is left alone, and its name can never collide
//! with this run's.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Component, Path, PathBuf};

use crate::error::BatchError;

/// The `program` value a run writes into `manifest.json`; a folder whose
/// manifest says anything else is not ours.
pub const PROGRAM_ID: &str = "debt-batch";

/// An output folder claimed for one run: checked, locked, and with a fresh
/// staging folder beside it.
#[derive(Debug)]
pub struct OutputDir {
    target: PathBuf,
    staging: PathBuf,
    /// Held open for the lock; the lock ends when the file is closed.
    _lock: File,
    committed: bool,
}

fn refuse(out: &Path, why: impl Into<String>) -> BatchError {
    BatchError::OutputDir {
        path: out.to_path_buf(),
        message: why.into(),
    }
}

impl OutputDir {
    /// Checks `out` (see the module doc), locks it and creates an empty
    /// owner-only staging folder beside it. `inputs` are every file the run
    /// reads (the config first); none may be inside `out`.
    pub(crate) fn claim(out: &Path, inputs: &[PathBuf]) -> Result<OutputDir, BatchError> {
        check_path(out)?;
        check_inputs(out, inputs)?;
        // What is already there, before taking the lock (which creates a
        // file beside `out`): a refused folder is not touched at all.
        check_contents(out)?;
        let parent = parent_of(out);
        let name = name_of(out)?;
        if !parent.exists() {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(&parent)
                .map_err(|e| BatchError::io(&parent, e))?;
        }
        let lock = take_lock(&parent.join(format!(".{name}.lock")), out)?;
        // Under the lock, look again: another run may have finished between
        // the first look and the lock.
        check_contents(out)?;
        remove_dead_staging(&parent, &name);
        let nonce = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let staging = parent.join(format!(".{name}.staging-{}-{nonce:09}", std::process::id()));
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&staging)
            .map_err(|e| BatchError::io(&staging, e))?;
        Ok(OutputDir {
            target: out.to_path_buf(),
            staging,
            _lock: lock,
            committed: false,
        })
    }

    /// Where this run writes its outputs.
    pub(crate) fn staging(&self) -> &Path {
        &self.staging
    }

    /// Puts the staging folder in place of the target in one step. When a
    /// previous output exists the two are exchanged atomically (Linux
    /// `renameat2(RENAME_EXCHANGE)`): at no moment is the target missing or
    /// partly written. The previous outputs are then deleted file by file
    /// (only the files their manifest lists); anything else found there is
    /// left, in a folder named `.NAME.previous-PID`, and reported.
    pub(crate) fn commit(mut self) -> Result<(), BatchError> {
        crate::hooks::pause_point("before_commit");
        crate::hooks::failpoint("before_commit");
        sync_dir(&self.staging);
        // Someone may have put a file into the folder while the run worked.
        check_contents(&self.target)?;
        if self.target.exists() {
            rustix::fs::renameat_with(
                rustix::fs::CWD,
                &self.staging,
                rustix::fs::CWD,
                &self.target,
                rustix::fs::RenameFlags::EXCHANGE,
            )
            .map_err(|e| BatchError::io(&self.target, e.into()))?;
            self.committed = true;
            // The staging path now holds the previous outputs.
            remove_previous(&self.staging)?;
        } else {
            std::fs::rename(&self.staging, &self.target)
                .map_err(|e| BatchError::io(&self.target, e))?;
            self.committed = true;
        }
        sync_dir(&parent_of(&self.target));
        Ok(())
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        if !self.committed {
            // Only this run's own staging folder, which it created empty.
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

fn sync_dir(path: &Path) {
    if let Ok(dir) = File::open(path) {
        let _ = dir.sync_all();
    }
}

fn parent_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn name_of(out: &Path) -> Result<String, BatchError> {
    out.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| refuse(out, "names no folder of its own"))
}

/// `.`, `..`, `/`, a link or a file cannot be replaced as an output folder.
fn check_path(out: &Path) -> Result<(), BatchError> {
    if out.as_os_str().is_empty() {
        return Err(refuse(
            out,
            "is empty: give a folder for the outputs, such as out",
        ));
    }
    match out.components().next_back() {
        Some(Component::Normal(_)) => {}
        Some(Component::CurDir) => {
            return Err(refuse(
                out,
                "is the current directory: the outputs replace their folder as a whole, so give them a folder of their own, such as out",
            ))
        }
        Some(Component::ParentDir) => {
            return Err(refuse(
                out,
                "is a parent directory: the outputs replace their folder as a whole, so give them a folder of their own, such as out",
            ))
        }
        _ => return Err(refuse(out, "is the root: give the outputs a folder of their own, such as out")),
    }
    match std::fs::symlink_metadata(out) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(BatchError::io(out, e)),
        Ok(m) if m.file_type().is_symlink() => Err(refuse(
            out,
            "is a symbolic link: give the folder itself, so that the outputs replace nothing but it",
        )),
        Ok(m) if !m.is_dir() => Err(refuse(
            out,
            "is a file, not a folder: give a new folder for the outputs, such as out",
        )),
        Ok(_) => Ok(()),
    }
}

/// The absolute, symlink-free form of `path`, also for a path that does not
/// exist yet (its nearest existing ancestor resolved, the rest appended).
pub fn resolved(path: &Path) -> Result<PathBuf, BatchError> {
    let absolute = std::path::absolute(path).map_err(|e| BatchError::io(path, e))?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        match existing.canonicalize() {
            Ok(c) => {
                let mut out = c;
                for part in rest.iter().rev() {
                    out.push(part);
                }
                return Ok(out);
            }
            Err(_) => match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent;
                }
                _ => return Ok(absolute),
            },
        }
    }
}

/// No input may live inside the output folder: replacing the folder would
/// delete it.
fn check_inputs(out: &Path, inputs: &[PathBuf]) -> Result<(), BatchError> {
    let out_resolved = resolved(out)?;
    for input in inputs {
        let input_resolved = resolved(input)?;
        if input_resolved.starts_with(&out_resolved) {
            return Err(refuse(
                out,
                format!(
                    "holds {}, which this run reads: the outputs replace their folder as a whole, so give them a new folder beside the inputs, such as {}",
                    input.display(),
                    parent_of(input).join("out").display()
                ),
            ));
        }
    }
    Ok(())
}

/// A previous run's manifest: the files it lists.
fn manifest_files(out: &Path) -> Option<Vec<String>> {
    let bytes = std::fs::read(out.join("manifest.json")).ok()?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    if value.get("program")?.as_str()? != PROGRAM_ID {
        return None;
    }
    let mut files: Vec<String> = value
        .get("outputs")?
        .as_array()?
        .iter()
        .filter_map(|o| o.get("file")?.as_str().map(str::to_string))
        .collect();
    files.push("manifest.json".into());
    Some(files)
}

/// An existing folder must be empty or hold exactly a previous run's
/// outputs.
fn check_contents(out: &Path) -> Result<(), BatchError> {
    let entries = match std::fs::read_dir(out) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(BatchError::io(out, e)),
        Ok(entries) => entries,
    };
    // Names relative to the folder; a sub-folder (summaries/) contributes
    // its files, so that a stray file inside one is found too.
    let mut names: Vec<String> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|err| BatchError::io(out, err))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if !is_dir {
            names.push(name);
            continue;
        }
        let inner =
            std::fs::read_dir(entry.path()).map_err(|e| BatchError::io(&entry.path(), e))?;
        let before = names.len();
        for child in inner {
            let child = child.map_err(|err| BatchError::io(out, err))?;
            names.push(format!("{name}/{}", child.file_name().to_string_lossy()));
        }
        if names.len() == before {
            names.push(format!("{name}/"));
        }
    }
    if names.is_empty() {
        return Ok(());
    }
    names.sort();
    let Some(ours) = manifest_files(out) else {
        return Err(refuse(
            out,
            format!(
                "is not empty and is not a previous output of debt-batch (no manifest.json naming it); it holds {}. Nothing was changed: give a new folder, or empty this one",
                sample(&names)
            ),
        ));
    };
    let foreign: Vec<String> = names.into_iter().filter(|n| !ours.contains(n)).collect();
    if !foreign.is_empty() {
        return Err(refuse(
            out,
            format!(
                "holds files debt-batch did not write: {}. Nothing was changed: move them out of the folder, or give another one",
                sample(&foreign)
            ),
        ));
    }
    Ok(())
}

fn sample(names: &[String]) -> String {
    let shown: Vec<String> = names.iter().take(5).map(|n| format!("{n:?}")).collect();
    if names.len() > shown.len() {
        format!(
            "{} and {} more",
            shown.join(", "),
            names.len() - shown.len()
        )
    } else {
        shown.join(", ")
    }
}

/// Takes the run's lock, or says who holds it.
fn take_lock(path: &Path, out: &Path) -> Result<File, BatchError> {
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)
        .map_err(|e| BatchError::io(path, e))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            let holder = holder.trim();
            return Err(BatchError::Locked {
                path: out.to_path_buf(),
                holder: if holder.is_empty() {
                    "another process".into()
                } else {
                    holder.to_string()
                },
            });
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(BatchError::io(path, e)),
    }
    let started = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    let note = format!("pid {} started {started}\n", std::process::id());
    file.set_len(0)
        .and_then(|_| file.rewind())
        .and_then(|_| file.write_all(note.as_bytes()))
        .and_then(|_| file.flush())
        .map_err(|e| BatchError::io(path, e))?;
    Ok(file)
}

/// The pid in a staging name `.NAME.staging-PID[-NONCE]`.
fn staging_pid(suffix: &str) -> Option<u32> {
    suffix.split('-').next()?.parse().ok()
}

fn process_alive(pid: u32) -> bool {
    Path::new("/proc").join(pid.to_string()).exists()
}

/// Staging entries of a dead process are removed; a live one's are left
/// alone. Called with the lock held, so no run of this program is writing
/// into this folder's staging entries.
fn remove_dead_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}.staging-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(suffix) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        if staging_pid(suffix).is_some_and(|pid| pid != std::process::id() && process_alive(pid)) {
            tracing::warn!(entry = %file_name, "a staging folder of a live process is left alone");
            continue;
        }
        let path = entry.path();
        let removed = if entry.file_type().is_ok_and(|t| t.is_dir()) {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        if let Err(e) = removed {
            tracing::warn!(entry = %file_name, error = %e, "could not remove a dead run's staging entry");
        }
    }
}

/// Deletes a previous output folder (now at `dir`): its manifest's files one
/// by one, then the folder. A file that is not on the manifest is kept, in
/// the renamed folder, and reported.
fn remove_previous(dir: &Path) -> Result<(), BatchError> {
    let listed = manifest_files(dir).unwrap_or_default();
    for name in &listed {
        match std::fs::remove_file(dir.join(name)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(BatchError::io(&dir.join(name), e)),
        }
    }
    if std::fs::remove_dir(dir).is_err() {
        let kept = dir.with_file_name(format!(
            "{}.previous-{}",
            dir.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
                .split(".staging-")
                .next()
                .unwrap_or(""),
            std::process::id()
        ));
        let _ = std::fs::rename(dir, &kept);
        tracing::warn!(
            folder = %kept.display(),
            "files that debt-batch did not write were found in the previous outputs; they were kept here"
        );
    }
    Ok(())
}

/// Creates an owner-only (0700) folder, and its parents, for a command that
/// writes a fresh set of files (generate, link).
pub(crate) fn create_private_dir(path: &Path) -> Result<(), BatchError> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(path)
        .map_err(|e| BatchError::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_staging_name_carries_the_pid_of_its_run() {
        assert_eq!(staging_pid("123-000000042"), Some(123));
        assert_eq!(staging_pid("123"), Some(123));
        assert_eq!(staging_pid("junk"), None);
    }

    #[test]
    fn the_current_directory_and_the_root_are_refused_in_words() {
        for p in [".", "..", "/", "a/.."] {
            let e = check_path(Path::new(p)).unwrap_err().to_string();
            assert!(
                e.contains("folder of their own") || e.contains("root"),
                "{p}: {e}"
            );
        }
        assert!(check_path(Path::new("out")).is_ok());
    }
}

//! What every test crate of the workspace shares: the repository's paths,
//! scratch folders removed when a test ends (pass or fail), copies of the
//! fixtures to change, and snapshots of an output folder.

use std::path::{Path, PathBuf};
use std::process::Output;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A scratch directory removed when the test ends (pass or fail).
pub struct Scratch(pub PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh scratch directory named for the test.
pub fn scratch(name: &str) -> Scratch {
    let dir = scratch_unmade(name);
    std::fs::create_dir_all(&dir.0).unwrap();
    dir
}

/// A scratch path named for the test, not made (for a command that must
/// make its own folder), removed when the test ends.
pub fn scratch_unmade(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("debt-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    Scratch(dir)
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A scratch copy of the bundled fixtures at `<scratch>/fixtures`.
pub fn fixtures_copy(name: &str) -> Scratch {
    let dir = scratch(name);
    copy_dir(&repo().join("fixtures"), &dir.join("fixtures"));
    dir
}

/// The bundled fixtures' config.
pub fn fixtures_config() -> PathBuf {
    repo().join("fixtures/sources.toml")
}

/// The fixtures' run date.
pub fn fixtures_as_of() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default()
}

/// Every file under `dir` with its bytes, by relative path.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    fn walk(base: &Path, dir: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    walk(dir, dir, &mut out);
    out
}

/// Text of stdout and stderr together.
pub fn said(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Every output file's bytes, with manifest.json's timings and memory removed
/// (the one part of the outputs that records the clock and the machine).
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    tree(dir)
        .into_iter()
        .map(|(name, mut bytes)| {
            if name == "manifest.json" {
                let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                v.as_object_mut().unwrap().remove("timings_ms");
                v.as_object_mut().unwrap().remove("peak_rss_mb");
                bytes = serde_json::to_vec(&v).unwrap();
            }
            (name, bytes)
        })
        .collect()
}

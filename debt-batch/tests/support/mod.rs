//! What the batch's integration tests share: scratch folders removed at the
//! end, copies of the fixtures to change, running the binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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
    let dir = std::env::temp_dir().join(format!("debt-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
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

/// The `debt-batch` binary with `args`.
pub fn batch(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_debt-batch"));
    c.args(args);
    c
}

/// `debt-batch run --config CONFIG --as-of 2026-11-20 --out OUT`.
pub fn run(config: &Path, out: &Path, envs: &[(&str, &str)]) -> Output {
    let mut c = batch(&["run", "--config"]);
    c.arg(config)
        .args(["--as-of", "2026-11-20", "--out"])
        .arg(out)
        .envs(envs.iter().copied());
    c.output().unwrap()
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

/// Every output file's bytes, with manifest.json's timings removed (the one
/// part of the outputs that records wall-clock time).
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let mut bytes = std::fs::read(&p).unwrap();
            if name == "manifest.json" {
                let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                v.as_object_mut().unwrap().remove("timings_ms");
                bytes = serde_json::to_vec(&v).unwrap();
            }
            (name, bytes)
        })
        .collect()
}

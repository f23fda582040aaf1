//! What the batch's integration tests share: the workspace's test support
//! (scratch folders, fixture copies, snapshots) and running the binary.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

pub use debt_test_support::*;

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

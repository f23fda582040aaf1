//! Test hooks, at the bottom of the crate: `DEBT_BATCH_FAILPOINT` aborts
//! the process at a named point (as a kill would), `DEBT_BATCH_PAUSE` waits
//! there for a test to act. Both do nothing unless their variable is set.

use std::path::PathBuf;

/// Test hook: `DEBT_BATCH_FAILPOINT=<name>` aborts the process at that point,
/// as a kill would (no clean-up runs), so tests can show a run dying midway
/// leaves the previous outputs intact.
pub(crate) fn failpoint(name: &str) {
    if std::env::var("DEBT_BATCH_FAILPOINT").is_ok_and(|v| v == name) {
        eprintln!("debt-batch: failpoint {name} reached: aborting");
        std::process::abort();
    }
}

/// Test hook: `DEBT_BATCH_PAUSE=<name>` with `DEBT_BATCH_PAUSE_DIR=<dir>`
/// makes the run, on reaching that point, create `<dir>/paused` and wait (at
/// most a minute) until `<dir>/resume` exists, so a test can act at exactly
/// that moment (start a second run, change an input).
pub(crate) fn pause_point(name: &str) {
    if !std::env::var("DEBT_BATCH_PAUSE").is_ok_and(|v| v == name) {
        return;
    }
    let Ok(dir) = std::env::var("DEBT_BATCH_PAUSE_DIR") else {
        return;
    };
    let dir = PathBuf::from(dir);
    let _ = std::fs::write(dir.join("paused"), name);
    for _ in 0..600 {
        if dir.join("resume").exists() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

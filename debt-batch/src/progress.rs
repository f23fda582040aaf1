//! Where a run reports progress: the stage it has reached and the input
//! bytes read. At the bottom of the crate: every stage reports through it.

/// Where a run reports progress: the stage it has reached and input bytes
/// read. Any `Fn(&str)` closure is a progress sink that ignores bytes;
/// [`Quiet`] reports nothing.
pub trait Progress: Sync {
    /// A stage has started.
    fn stage(&self, name: &str);
    /// More input bytes have been read.
    fn bytes(&self, _count: u64) {}
}

impl<F: Fn(&str) + Sync> Progress for F {
    fn stage(&self, name: &str) {
        self(name)
    }
}

/// A progress sink that reports nothing (tests, library callers).
#[derive(Debug, Clone, Copy, Default)]
pub struct Quiet;

impl Progress for Quiet {
    fn stage(&self, _name: &str) {}
}

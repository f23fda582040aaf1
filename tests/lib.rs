//! The workspace's integration tests of debt-core and the batch library
//! against the hand-worked fixtures live in `fixtures.rs`; what test crates
//! share is in `debt-test-support`. This library is empty: a package needs
//! one.

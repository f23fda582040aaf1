//! Duplicates: a row whose key (account reference, transaction id, UPRN...)
//! was seen earlier in the same file is an exact duplicate when its whole
//! text is the same (counted once, listed in duplicates.csv) and a conflict
//! otherwise (rejected, naming the first line).
//!
//! Master files settle their rows in file order through [`Settle`].
//! Transaction files are too large to keep every id: each row leaves a
//! 16-byte [`IdEntry`] (hashes and line), candidates are rows whose id hashes
//! collide, and their text is read again (through the reader's own handle,
//! checked against the piece's checksum) to decide, so a hash collision can
//! never merge two different rows.

use std::collections::{BTreeMap, HashMap};

use debt_core::RowCounts;

use super::{FileCtx, Ingested};
use crate::error::BatchError;
use crate::read::{hash_bytes, Piece, Row, Table};
use crate::records::{Duplicate, RejectReason};

/// A master-file row after the parallel pass, waiting to be settled in file
/// order.
pub(crate) struct Pending<T> {
    line: u64,
    raw: String,
    /// The duplicate key; `None` for a malformed row or one without a key.
    key: Option<String>,
    outcome: Result<T, RejectReason>,
}

impl<T> Pending<T> {
    /// Reads `row`: a malformed row is a reject whatever its key; otherwise
    /// `parse` decides, and `key` (if not empty) is checked for duplicates
    /// before the parse counts.
    pub fn of(
        row: &Row<'_>,
        key: Option<&str>,
        parse: impl FnOnce(&Row<'_>) -> Result<T, RejectReason>,
    ) -> Pending<T> {
        let (key, outcome) = match row.malformed {
            Some(reason) => (None, Err(reason.clone())),
            None => (
                key.filter(|k| !k.is_empty()).map(str::to_string),
                parse(row),
            ),
        };
        Pending {
            line: row.line,
            raw: row.raw.to_string(),
            key,
            outcome,
        }
    }

    /// Like [`Pending::of`], but the key is only checked for a row that
    /// parses: a row rejected for its own content never claims its key.
    pub fn of_valid(
        row: &Row<'_>,
        key: &str,
        parse: impl FnOnce(&Row<'_>) -> Result<T, RejectReason>,
    ) -> Pending<T> {
        let mut pending = Pending::of(row, None, parse);
        if pending.outcome.is_ok() && !key.is_empty() {
            pending.key = Some(key.to_string());
        }
        pending
    }
}

/// Settles a file's rows in file order: duplicates, conflicts, rejects and
/// accepted rows, each counted where it is decided.
pub(crate) struct Settle<'c> {
    ctx: &'c FileCtx<'c>,
    seen: HashMap<String, (u64, u64)>,
    /// The file's counts so far.
    pub counts: RowCounts,
}

impl<'c> Settle<'c> {
    /// Starts settling the rows of the file of `ctx`.
    pub fn new(ctx: &'c FileCtx<'c>) -> Settle<'c> {
        Settle {
            ctx,
            seen: HashMap::new(),
            counts: RowCounts::default(),
        }
    }

    /// Settles one row; returns its value when it is accepted (and counts it
    /// accepted: the caller keeps it).
    pub fn row<T>(&mut self, out: &mut Ingested, p: Pending<T>) -> Option<T> {
        self.counts.read += 1;
        if let Some(key) = p.key {
            let digest = hash_bytes(p.raw.as_bytes());
            match self.seen.get(&key) {
                Some(&(first_line, first_digest)) if first_digest == digest => {
                    self.counts.duplicates += 1;
                    out.duplicates.push(Duplicate {
                        source: self.ctx.source.to_string(),
                        file: self.ctx.display.clone(),
                        line: p.line,
                        first_line,
                        key,
                    });
                    return None;
                }
                Some(&(first_line, _)) => {
                    out.reject_row(
                        self.ctx,
                        p.line,
                        p.raw,
                        RejectReason::ConflictingDuplicate {
                            id: key,
                            first_line,
                        },
                        &mut self.counts,
                    );
                    return None;
                }
                None => {
                    self.seen.insert(key, (p.line, digest));
                }
            }
        }
        match p.outcome {
            Ok(value) => {
                self.counts.accepted += 1;
                Some(value)
            }
            Err(reason) => {
                out.reject_row(self.ctx, p.line, p.raw, reason, &mut self.counts);
                None
            }
        }
    }
}

/// One transaction row's id, for duplicate detection: a hash of the id, a
/// hash of the whole row, and its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct IdEntry {
    pub id_hash: u64,
    pub line: u32,
    pub content_hash: u32,
}

impl IdEntry {
    /// The entry of a row with id `id`.
    pub fn of(id: &str, row: &Row<'_>) -> IdEntry {
        IdEntry {
            id_hash: hash_bytes(id.as_bytes()),
            line: row.line as u32,
            content_hash: hash_bytes(row.raw.as_bytes()) as u32,
        }
    }
}

/// A later occurrence of an id: an exact duplicate or a conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Repeat {
    pub line: u64,
    pub first_line: u64,
    pub id: String,
    pub raw: String,
    /// The account reference the row names (its transaction, if it was
    /// kept, must be taken back).
    pub account_ref: String,
    pub exact: bool,
}

/// Finds every later occurrence of an id in a transaction file: candidates
/// by id hash, decided on the rows' text read again from their pieces.
pub(crate) fn repeats(
    table: &Table,
    index: &[Piece],
    mut ids: Vec<IdEntry>,
    id_col: usize,
    account_col: usize,
) -> Result<Vec<Repeat>, BatchError> {
    rayon::slice::ParallelSliceMut::par_sort_unstable(ids.as_mut_slice());
    let mut candidates: Vec<Vec<IdEntry>> = Vec::new();
    let mut i = 0;
    while i < ids.len() {
        let mut j = i + 1;
        while j < ids.len() && ids[j].id_hash == ids[i].id_hash {
            j += 1;
        }
        if j - i > 1 {
            candidates.push(ids[i..j].to_vec());
        }
        i = j;
    }
    drop(ids);
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let wanted: Vec<u64> = candidates
        .iter()
        .flatten()
        .map(|e| u64::from(e.line))
        .collect();
    let raws = table.raw_rows(index, &wanted)?;
    let mut repeats = Vec::new();
    for group in &candidates {
        // Rows with the same id text, in line order; the first stands.
        let mut by_id: BTreeMap<String, Vec<(u64, &str)>> = BTreeMap::new();
        for entry in group {
            let line = u64::from(entry.line);
            let raw = raws.get(&line).map(String::as_str).unwrap_or("");
            by_id
                .entry(table.field_of(raw, id_col))
                .or_default()
                .push((line, raw));
        }
        for (id, mut rows) in by_id {
            rows.sort();
            let (first_line, first_raw) = rows[0];
            for (line, raw) in rows.into_iter().skip(1) {
                repeats.push(Repeat {
                    line,
                    first_line,
                    id: id.clone(),
                    raw: raw.to_string(),
                    account_ref: table.field_of(raw, account_col),
                    exact: raw == first_raw,
                });
            }
        }
    }
    Ok(repeats)
}

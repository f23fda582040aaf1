//! Duplicates, one mechanism for every file: a row whose key (account
//! reference, transaction id, UPRN, account and due date...) was seen earlier
//! in the same file is an exact duplicate when its whole text is the same
//! (counted once, listed in duplicates.csv) and a conflict otherwise
//! (rejected, naming the first line). Either way whatever else the later row
//! became (accepted, or rejected for its content) is taken back.
//!
//! No file keeps its keys: each row leaves a 16-byte [`IdEntry`] (hashes and
//! line), candidates are rows whose key hashes collide, and their text is read
//! again (through the reader's own handle, checked against the piece's
//! checksum) to decide, so a hash collision can never merge two rows and
//! memory stays at 16 bytes a row.
//!
//! [`read_rows`] reads a whole file this way for every shape whose accepted
//! rows are values of their own (masters, invoices, plans, people, control
//! totals, gazetteer); transactions use [`repeats`] directly, because their
//! rows go into the accounts they name.

use std::collections::{BTreeMap, BTreeSet};

use debt_core::RowCounts;

use super::{FileCtx, Ingested, Keep};
use crate::error::BatchError;
use crate::read::{hash_bytes, Piece, Row, Table};
use crate::records::{Duplicate, Reject, RejectReason};

/// One row's key, for duplicate detection: a hash of the key, a hash of the
/// whole row, and its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct IdEntry {
    pub id_hash: u64,
    pub line: u32,
    pub content_hash: u32,
}

impl IdEntry {
    /// The entry of a row whose key is `key`.
    pub(crate) fn of(key: &str, row: &Row<'_>) -> IdEntry {
        IdEntry {
            id_hash: hash_bytes(key.as_bytes()),
            line: row.line as u32,
            content_hash: hash_bytes(row.raw.as_bytes()) as u32,
        }
    }
}

/// A later occurrence of a key: an exact duplicate or a conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Repeat {
    pub line: u64,
    pub first_line: u64,
    pub key: String,
    pub raw: String,
    pub exact: bool,
}

/// Finds every later occurrence of a key: candidates by key hash, decided on
/// the rows' text read again from their pieces (`index`, in file order).
/// `key` gives a row's key as it was given when the entries were made.
pub(crate) fn repeats(
    table: &Table,
    index: &[Piece],
    mut ids: Vec<IdEntry>,
    key: &dyn Fn(&Row<'_>) -> String,
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
        // Rows with the same key text, in line order; the first stands.
        let mut by_key: BTreeMap<String, Vec<(u64, &str)>> = BTreeMap::new();
        for entry in group {
            let line = u64::from(entry.line);
            let raw = raws.get(&line).map(String::as_str).unwrap_or("");
            let k = table.reparse(raw, key).unwrap_or_default();
            by_key.entry(k).or_default().push((line, raw));
        }
        for (k, mut rows) in by_key {
            rows.sort();
            let (first_line, first_raw) = rows[0];
            for (line, raw) in rows.into_iter().skip(1) {
                repeats.push(Repeat {
                    line,
                    first_line,
                    key: k.clone(),
                    raw: raw.to_string(),
                    exact: raw == first_raw,
                });
            }
        }
    }
    Ok(repeats)
}

/// Records the repeats of a file: exact ones as duplicates, the others as
/// conflicting-duplicate rejects (added to `rejects`, after any other reject
/// of theirs has been taken out). Returns how many were exact.
pub(crate) fn settle_repeats(
    out: &mut Ingested,
    ctx: &FileCtx<'_>,
    repeats: Vec<Repeat>,
    rejects: &mut Vec<Reject>,
) -> u64 {
    if repeats.is_empty() {
        return 0;
    }
    let lines: BTreeSet<u64> = repeats.iter().map(|r| r.line).collect();
    rejects.retain(|r| !lines.contains(&r.line));
    let mut exact = 0;
    for r in repeats {
        if r.exact {
            exact += 1;
            out.duplicates.push(Duplicate {
                source: ctx.source.to_string(),
                file: ctx.display.clone(),
                line: r.line,
                first_line: r.first_line,
                key: r.key,
            });
        } else {
            rejects.push(Reject {
                source: ctx.source.to_string(),
                file: ctx.display.clone(),
                line: r.line,
                reason: RejectReason::ConflictingDuplicate {
                    id: r.key,
                    first_line: r.first_line,
                },
                raw: r.raw,
            });
        }
    }
    exact
}

/// Whether a row's key counts for duplicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyRule {
    /// The file has no key: every row stands on its own.
    None,
    /// Every row with a non-empty key claims it, whatever else is wrong
    /// with it (an account master: a second row for an account is a
    /// duplicate or a conflict even if its date is bad).
    Always,
    /// Only a row that is otherwise valid claims its key.
    IfValid,
}

/// A value read from one row, which knows the row's line.
pub(crate) trait Lined {
    /// The physical line of the row it came from.
    fn line(&self) -> u64;
}

impl<T> Lined for (u64, T) {
    fn line(&self) -> u64 {
        self.0
    }
}

impl Lined for crate::records::AccountRecord {
    fn line(&self) -> u64 {
        self.row.line
    }
}

impl Lined for super::ControlRow {
    fn line(&self) -> u64 {
        self.line
    }
}

impl Lined for super::PeopleRecord {
    fn line(&self) -> u64 {
        self.row.line
    }
}

/// What one piece of a file gave.
struct RowsPiece<T> {
    read: u64,
    counted: u64,
    kept: Vec<T>,
    rejects: Vec<Reject>,
    ids: Vec<IdEntry>,
}

/// Reads every row of `table`: parsed in parallel by `parse`, accepted rows
/// pushed onto `into` in file order (with `keep`) or only counted, rejects
/// with their reasons, and duplicates of `key` (by `rule`) settled at the
/// end. Checks and records the file's counts.
#[allow(clippy::too_many_arguments)]
pub(crate) fn read_rows<T: Lined + Send>(
    out: &mut Ingested,
    table: &Table,
    ctx: &FileCtx<'_>,
    on_block: &dyn Fn(u64),
    keep: Keep,
    into: &mut Vec<T>,
    rule: KeyRule,
    key: &(dyn Fn(&Row<'_>) -> String + Sync),
    parse: &(dyn Fn(&Row<'_>) -> Result<T, RejectReason> + Sync),
) -> Result<(), BatchError> {
    let reject = |row: &Row<'_>, reason: RejectReason| Reject {
        source: ctx.source.to_string(),
        file: ctx.display.clone(),
        line: row.line,
        reason,
        raw: row.raw.to_string(),
    };
    let first = into.len();
    let file_bytes = table.len_bytes();
    let mut read = 0u64;
    let mut accepted = 0u64;
    let mut rejects: Vec<Reject> = Vec::new();
    let mut ids: Vec<IdEntry> = Vec::new();
    let mut index: Vec<Piece> = Vec::new();
    let summary = table.process(
        on_block,
        || RowsPiece {
            read: 0,
            counted: 0,
            kept: Vec::new(),
            rejects: Vec::new(),
            ids: Vec::new(),
        },
        |piece: &mut RowsPiece<T>, row: Row<'_>| {
            piece.read += 1;
            if let Some(reason) = row.malformed {
                return piece.rejects.push(reject(&row, reason.clone()));
            }
            let parsed = parse(&row);
            let k = match rule {
                KeyRule::None => String::new(),
                KeyRule::Always => key(&row),
                KeyRule::IfValid if parsed.is_ok() => key(&row),
                KeyRule::IfValid => String::new(),
            };
            if !k.is_empty() {
                piece.ids.push(IdEntry::of(&k, &row));
            }
            match parsed {
                Ok(value) => {
                    piece.counted += 1;
                    if keep == Keep::All {
                        piece.kept.push(value);
                    }
                }
                Err(reason) => piece.rejects.push(reject(&row, reason)),
            }
        },
        |where_: Piece, piece: RowsPiece<T>| {
            super::reserve_for(into, file_bytes, &where_, piece.kept.len());
            read += piece.read;
            accepted += piece.counted;
            into.extend(piece.kept);
            rejects.extend(piece.rejects);
            ids.extend(piece.ids);
            index.push(where_);
        },
    )?;
    let found = repeats(table, &index, ids, key)?;
    if !found.is_empty() {
        // A repeat that is not among the rejects was accepted: take it back.
        let lines: BTreeSet<u64> = found.iter().map(|r| r.line).collect();
        let rejected: BTreeSet<u64> = rejects.iter().map(|r| r.line).collect();
        accepted -= lines.difference(&rejected).count() as u64;
        let mut write = first;
        for i in first..into.len() {
            if !lines.contains(&into[i].line()) {
                into.swap(write, i);
                write += 1;
            }
        }
        into.truncate(write);
    }
    let duplicates = settle_repeats(out, ctx, found, &mut rejects);
    let counts = RowCounts {
        read,
        accepted,
        rejected: rejects.len() as u64,
        duplicates,
    };
    if keep == Keep::All && (into.len() - first) as u64 != accepted {
        return Err(BatchError::Invariant(format!(
            "{}: {accepted} rows counted accepted but {} kept",
            ctx.display,
            into.len() - first
        )));
    }
    out.rejects.extend(rejects);
    out.finish_file(ctx.file_index, summary, counts)
}

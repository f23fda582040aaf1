//! Delimited text in bounded blocks, parsed on all cores, with exact line
//! numbers.
//!
//! The file is opened once and every byte is read through that one handle
//! in a single pass that also computes its SHA-256, so the hash in the
//! manifest is of exactly the bytes the figures come from. Each block
//! ([`BLOCK_BYTES`]) is cut after its last line end and split into pieces of
//! about [`PIECE_BYTES`] at line ends; the pieces are parsed in parallel
//! (rayon) by [`LineParser`] and handed back in file order, so results never
//! depend on the number of threads and memory holds about one block.
//! (A `multiline` file is parsed one block at a time on one thread, because
//! where its records end depends on its quotes.)
//!
//! Re-reading a piece (to confirm duplicate candidates) goes through the same
//! handle and is checked against the piece's checksum; at the end the file's
//! size, modification time and identity are compared with those at opening.
//! A file appended to, cut or replaced while the run read it fails the run.

use std::fs::File;
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::line::{LineCounts, LineParser, MAX_RECORD_BYTES};
use super::{hash_bytes, malformed, Fields, Header, Piece, ReadSummary, Row};
use crate::config::{Encoding, FileKind, Format};
use crate::error::BatchError;

/// Bytes read per block.
pub const BLOCK_BYTES: usize = 16 << 20;
/// Target size of one parallel piece.
pub const PIECE_BYTES: usize = 1 << 20;
/// Most bytes the skipped lines and the header may take.
const HEADER_BYTES: usize = 1 << 20;

/// What the file was when it was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Snapshot {
    len: u64,
    modified_ns: i128,
    device: u64,
    inode: u64,
}

impl Snapshot {
    fn of(meta: &std::fs::Metadata) -> Snapshot {
        Snapshot {
            len: meta.len(),
            modified_ns: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
            device: meta.dev(),
            inode: meta.ino(),
        }
    }
}

/// A delimited text file opened for reading: its header read, its data
/// located, its handle kept for every later read.
#[derive(Debug)]
pub struct TextFile {
    /// The file.
    pub path: PathBuf,
    format: Format,
    header: Header,
    file: File,
    opened: Snapshot,
    /// Byte offset where data rows begin.
    data_start: u64,
    /// Physical lines before the first data row.
    lines_before_data: u64,
    /// Block and piece sizes ([`BLOCK_BYTES`], [`PIECE_BYTES`]; tests make
    /// them small to cross many boundaries with small files).
    sizes: (usize, usize),
}

fn unreadable(path: &Path, message: impl Into<String>) -> BatchError {
    BatchError::Unreadable {
        file: path.to_path_buf(),
        message: message.into(),
    }
}

/// Reads up to `buffer.len()` bytes at `offset`, as many as there are.
fn read_full_at(file: &File, buffer: &mut [u8], offset: u64) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read_at(&mut buffer[filled..], offset + filled as u64) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

impl TextFile {
    /// Opens a file and reads its header. Fails, naming the file, when it is
    /// empty, has fewer lines than it should skip, or its header line holds
    /// a NUL byte (binary or UTF-16 data) or an unbalanced quote.
    pub(crate) fn open(path: &Path, format: &Format) -> Result<TextFile, BatchError> {
        if format.kind == FileKind::Parquet {
            return Err(unreadable(
                path,
                "Parquet inputs are read by the Parquet reader, not as text",
            ));
        }
        let file = File::open(path).map_err(|e| BatchError::io(path, e))?;
        let meta = file.metadata().map_err(|e| BatchError::io(path, e))?;
        if !meta.is_file() {
            return Err(unreadable(path, "is not a regular file"));
        }
        let opened = Snapshot::of(&meta);
        let mut prefix = vec![0u8; HEADER_BYTES.min(opened.len as usize)];
        let got = read_full_at(&file, &mut prefix, 0).map_err(|e| BatchError::io(path, e))?;
        prefix.truncate(got);
        if prefix.is_empty() {
            return Err(unreadable(path, "the file is empty"));
        }
        let mut start = 0usize;
        if format.encoding == Encoding::Utf8 && prefix.starts_with(b"\xEF\xBB\xBF") {
            start = 3;
        }
        let mut lines_before = 0u64;
        for _ in 0..format.skip_lines {
            match memchr::memchr(b'\n', &prefix[start..]) {
                Some(i) => {
                    start += i + 1;
                    lines_before += 1;
                }
                None => {
                    return Err(unreadable(
                        path,
                        format!(
                            "the file has fewer than the {} lines the config says to skip",
                            format.skip_lines
                        ),
                    ))
                }
            }
        }
        let (line_end, next) = match memchr::memchr(b'\n', &prefix[start..]) {
            Some(i) => (start + i, start + i + 1),
            None if prefix.len() as u64 == opened.len => (prefix.len(), prefix.len()),
            None => {
                return Err(unreadable(
                    path,
                    "the first line is longer than 1 MB: is the delimiter right in the config?",
                ))
            }
        };
        let first = &prefix[start..line_end];
        let first = first.strip_suffix(b"\r").unwrap_or(first);
        if start >= prefix.len() {
            return Err(unreadable(
                path,
                "the file has no lines after those skipped",
            ));
        }
        if memchr::memchr(0, first).is_some() {
            return Err(unreadable(
                path,
                "the first line holds NUL bytes: the file looks binary or UTF-16, not a delimited text export (export it as UTF-8 or Windows-1252 text)",
            ));
        }
        let fields = first_line_fields(first, format).ok_or_else(|| {
            unreadable(
                path,
                "the first line has a quote that is not closed: is the quote character right in the config?",
            )
        })?;
        let (names, data_start, lines_before_data) = if format.header {
            (
                fields.iter().map(|n| n.trim().to_string()).collect(),
                next as u64,
                lines_before + 1,
            )
        } else {
            (
                (1..=fields.len()).map(|i| i.to_string()).collect(),
                start as u64,
                lines_before,
            )
        };
        Ok(TextFile {
            path: path.to_path_buf(),
            format: format.clone(),
            header: Header { names },
            file,
            opened,
            data_start,
            lines_before_data,
            sizes: (BLOCK_BYTES, PIECE_BYTES),
        })
    }

    /// The same file read in blocks and pieces of other sizes (for tests of
    /// the boundaries; a block is at least one byte).
    #[cfg(test)]
    pub(crate) fn with_sizes(mut self, block_bytes: usize, piece_bytes: usize) -> TextFile {
        self.sizes = (block_bytes.max(1), piece_bytes.max(1));
        self
    }

    /// The file's size when it was opened.
    pub(crate) fn len_bytes(&self) -> u64 {
        self.opened.len
    }

    /// The resolved format it is read with.
    pub(crate) fn format(&self) -> &Format {
        &self.format
    }

    /// The header.
    pub(crate) fn header(&self) -> &Header {
        &self.header
    }

    /// Parses every data row in parallel (see [`super::Table::process`]),
    /// reading each byte once and hashing it as it goes.
    pub(crate) fn process<S, M, V, F>(
        &self,
        on_block: &dyn Fn(u64),
        make: M,
        visit: V,
        mut fold: F,
    ) -> Result<ReadSummary, BatchError>
    where
        S: Send,
        M: Fn() -> S + Sync,
        V: Fn(&mut S, Row<'_>) + Sync,
        F: FnMut(Piece, S),
    {
        let io = |e| BatchError::io(&self.path, e);
        let expected = self.header.names.len();
        let mut hasher = Sha256::new();
        // The skipped lines and the header: hashed, not parsed.
        let mut head = vec![0u8; self.data_start as usize];
        let got = read_full_at(&self.file, &mut head, 0).map_err(io)?;
        hasher.update(&head[..got]);
        let mut read_to = got as u64;
        let mut ended_with_newline = head.last().map(|b| *b == b'\n');
        drop(head);

        let mut totals = LineCounts::default();
        let data_len = self.opened.len.saturating_sub(self.data_start) as usize;
        let (block_bytes, piece_bytes) = self.sizes;
        let mut buffer: Vec<u8> = Vec::with_capacity(data_len.min(block_bytes) + 1);
        let mut buffer_offset = self.data_start;
        let mut lines_before = self.lines_before_data;
        let mut newlines_in_data = 0u64;
        let mut skipping_long_line = false;
        let mut eof = read_to < self.data_start;
        let mut multiline_parser = LineParser::new(&self.format, expected);
        loop {
            if !eof {
                let before = buffer.len();
                // Ask for one byte past the size at opening, so that a file
                // grown since is seen (and refused below).
                let remaining = self.opened.len.saturating_sub(read_to) as usize;
                let want = block_bytes.min(remaining + 1);
                buffer.resize(before + want, 0);
                let n = read_full_at(&self.file, &mut buffer[before..], read_to).map_err(io)?;
                buffer.truncate(before + n);
                read_to += n as u64;
                eof = n < want;
                if n > 0 {
                    ended_with_newline = Some(buffer[before + n - 1] == b'\n');
                }
                hasher.update(&buffer[before..]);
            }
            if skipping_long_line {
                // The rest of an over-long line: dropped up to its end.
                match memchr::memchr(b'\n', &buffer) {
                    Some(i) => {
                        newlines_in_data += 1;
                        buffer_offset += i as u64 + 1;
                        buffer.drain(..=i);
                        skipping_long_line = false;
                    }
                    None => {
                        buffer_offset += buffer.len() as u64;
                        buffer.clear();
                        if eof {
                            break;
                        }
                        continue;
                    }
                }
            }
            if buffer.is_empty() {
                if eof {
                    break;
                }
                continue;
            }
            let usable = if eof {
                buffer.len()
            } else {
                match memchr::memrchr(b'\n', &buffer) {
                    Some(i) => i + 1,
                    None if buffer.len() > MAX_RECORD_BYTES.max(block_bytes) => {
                        // One line longer than any record may be: one reject,
                        // and its bytes skipped without being held.
                        let mut state = make();
                        let reason = malformed(format!(
                            "the line is longer than {} KB: is the delimiter right in the config?",
                            MAX_RECORD_BYTES >> 10
                        ));
                        let raw = String::from_utf8_lossy(&buffer[..200]).into_owned();
                        visit(
                            &mut state,
                            Row {
                                line: lines_before + 1,
                                fields: Fields::new("", &[]),
                                raw: &raw,
                                malformed: Some(&reason),
                            },
                        );
                        fold(
                            Piece {
                                offset: buffer_offset,
                                len: 0,
                                lines_before,
                                checksum: 0,
                            },
                            state,
                        );
                        totals.rows += 1;
                        totals.row_lines += 1;
                        lines_before += 1;
                        buffer_offset += buffer.len() as u64;
                        buffer.clear();
                        skipping_long_line = true;
                        continue;
                    }
                    None => continue,
                }
            };
            let region = &buffer[..usable];
            let (used, done) = if self.format.multiline {
                let mut state = make();
                let (used, counts) =
                    multiline_parser.parse(region, lines_before, eof, &mut state, &visit);
                let piece = Piece {
                    offset: buffer_offset,
                    len: used,
                    lines_before,
                    checksum: hash_bytes(&region[..used]),
                };
                let lines = count_lines(&region[..used], eof && used == buffer.len());
                (used, vec![(piece, state, counts, lines)])
            } else {
                let pieces = split_pieces(region, buffer_offset, lines_before, piece_bytes);
                let done: Vec<(Piece, S, LineCounts, u64)> = pieces
                    .into_par_iter()
                    .map(|(mut piece, lines)| {
                        let start = (piece.offset - buffer_offset) as usize;
                        let bytes = &region[start..start + piece.len];
                        piece.checksum = hash_bytes(bytes);
                        let mut state = make();
                        let mut parser = LineParser::new(&self.format, expected);
                        let (_, counts) =
                            parser.parse(bytes, piece.lines_before, true, &mut state, &visit);
                        (piece, state, counts, lines)
                    })
                    .collect();
                (usable, done)
            };
            for (piece, state, counts, lines) in done {
                if counts.row_lines + counts.blank != lines {
                    return Err(BatchError::Invariant(format!(
                        "{}: lines {} to {} hold {lines} lines but {} rows and {} blank lines were counted",
                        self.path.display(),
                        piece.lines_before + 1,
                        piece.lines_before + lines,
                        counts.row_lines,
                        counts.blank
                    )));
                }
                totals.rows += counts.rows;
                totals.row_lines += counts.row_lines;
                totals.blank += counts.blank;
                lines_before += lines;
                fold(piece, state);
            }
            newlines_in_data += memchr::memchr_iter(b'\n', &buffer[..used]).count() as u64;
            on_block(used as u64);
            buffer.drain(..used);
            buffer_offset += used as u64;
            if eof && buffer.is_empty() {
                break;
            }
            if eof && used == 0 {
                // Cannot happen: at the end of the file every line is used.
                return Err(BatchError::Invariant(format!(
                    "{}: {} bytes at the end of the file were not read as rows",
                    self.path.display(),
                    buffer.len()
                )));
            }
        }
        let unterminated = ended_with_newline == Some(false);
        let lines = self.lines_before_data
            + newlines_in_data
            + u64::from(unterminated && read_to > self.data_start);
        if lines != self.lines_before_data + totals.row_lines + totals.blank {
            return Err(BatchError::Invariant(format!(
                "{}: {lines} physical lines, but {} before the data, {} in rows and {} blank",
                self.path.display(),
                self.lines_before_data,
                totals.row_lines,
                totals.blank
            )));
        }
        if read_to != self.opened.len {
            return Err(BatchError::InputChanged {
                file: self.path.clone(),
                message: format!("{} bytes at opening, {read_to} bytes read", self.opened.len),
            });
        }
        self.check_unchanged()?;
        Ok(ReadSummary {
            bytes: read_to,
            sha256: format!("{:x}", hasher.finalize()),
            rows: totals.rows,
            lines,
            lines_before_data: self.lines_before_data,
            blank_lines: totals.blank,
            last_line_unterminated: unterminated,
        })
    }

    /// The raw text of the rows starting on `lines`, read again through the
    /// same handle from the pieces that hold them (each piece once, in
    /// parallel), each piece checked against its checksum.
    pub(crate) fn raw_rows(
        &self,
        index: &[Piece],
        lines: &[u64],
    ) -> Result<std::collections::HashMap<u64, String>, BatchError> {
        let mut by_piece: std::collections::BTreeMap<usize, Vec<u64>> = Default::default();
        for line in lines {
            // The last piece starting before the line holds it.
            let p = index
                .partition_point(|piece| piece.lines_before < *line)
                .saturating_sub(1);
            by_piece.entry(p).or_default().push(*line);
        }
        let groups: Vec<(usize, Vec<u64>)> = by_piece.into_iter().collect();
        let found: Vec<Vec<(u64, String)>> = groups
            .par_iter()
            .map(|(p, wanted)| self.piece_rows(index[*p], wanted))
            .collect::<Result<_, _>>()?;
        Ok(found.into_iter().flatten().collect())
    }

    fn piece_rows(&self, piece: Piece, wanted: &[u64]) -> Result<Vec<(u64, String)>, BatchError> {
        let mut bytes = vec![0u8; piece.len];
        let got = read_full_at(&self.file, &mut bytes, piece.offset)
            .map_err(|e| BatchError::io(&self.path, e))?;
        if got != piece.len || hash_bytes(&bytes) != piece.checksum {
            return Err(BatchError::InputChanged {
                file: self.path.clone(),
                message: format!(
                    "the bytes from offset {} read again differ from those read first",
                    piece.offset
                ),
            });
        }
        let mut found = Vec::new();
        let mut parser = LineParser::new(&self.format, self.header.names.len());
        parser.parse(
            &bytes,
            piece.lines_before,
            true,
            &mut found,
            &|found: &mut Vec<(u64, String)>, row: Row<'_>| {
                if wanted.contains(&row.line) {
                    found.push((row.line, row.raw.to_string()));
                }
            },
        );
        Ok(found)
    }

    /// Fails if the file changed since it was opened: its size or
    /// modification time, or the path now naming another file.
    pub(crate) fn check_unchanged(&self) -> Result<(), BatchError> {
        let changed = |message: String| BatchError::InputChanged {
            file: self.path.clone(),
            message,
        };
        let now = self
            .file
            .metadata()
            .map(|m| Snapshot::of(&m))
            .map_err(|e| BatchError::io(&self.path, e))?;
        if now != self.opened {
            return Err(changed(format!(
                "{} bytes at opening, {} now, or its modification time moved",
                self.opened.len, now.len
            )));
        }
        match std::fs::metadata(&self.path) {
            Ok(m) if Snapshot::of(&m) == self.opened => Ok(()),
            Ok(_) => Err(changed("the path now names another file".into())),
            Err(e) => Err(changed(format!("the path cannot be read any more: {e}"))),
        }
    }
}

/// The fields of a file's first line (header or first row), or `None` when a
/// quote in it does not close.
fn first_line_fields(line: &[u8], format: &Format) -> Option<Vec<String>> {
    let single = Format {
        multiline: false,
        ..format.clone()
    };
    let mut parser = LineParser::new(&single, 0);
    let mut fields: Option<Vec<String>> = None;
    parser.parse(
        line,
        0,
        true,
        &mut fields,
        &|out: &mut Option<Vec<String>>, row: Row<'_>| {
            if !matches!(
                row.malformed,
                Some(crate::records::RejectReason::UnbalancedQuote { .. })
            ) {
                *out = Some(
                    (0..row.fields.len())
                        .map(|i| row.fields.get(i).unwrap_or("").to_string())
                        .collect(),
                );
            }
        },
    );
    fields
}

fn count_lines(bytes: &[u8], ends_file: bool) -> u64 {
    let newlines = memchr::memchr_iter(b'\n', bytes).count() as u64;
    newlines + u64::from(ends_file && !bytes.is_empty() && !bytes.ends_with(b"\n"))
}

/// Cuts whole lines into pieces of about `piece_bytes` at line ends; each
/// with its physical line count.
fn split_pieces(
    bytes: &[u8],
    offset: u64,
    lines_before: u64,
    piece_bytes: usize,
) -> Vec<(Piece, u64)> {
    let mut pieces = Vec::new();
    let mut start = 0usize;
    let mut lines = lines_before;
    while start < bytes.len() {
        let target = (start + piece_bytes).min(bytes.len());
        let end = if target == bytes.len() {
            target
        } else {
            memchr::memchr(b'\n', &bytes[target..])
                .map(|i| target + i + 1)
                .unwrap_or(bytes.len())
        };
        let count = count_lines(&bytes[start..end], end == bytes.len());
        pieces.push((
            Piece {
                offset: offset + start as u64,
                len: end - start,
                lines_before: lines,
                checksum: 0,
            },
            count,
        ));
        lines += count;
        start = end;
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use debt_test_support::scratch;

    fn format(multiline: bool) -> Format {
        Format {
            multiline,
            ..Format::default()
        }
    }

    /// (line, first field or reject class) of every row, and the summary.
    fn read_all(file: &TextFile) -> (Vec<(u64, String)>, ReadSummary) {
        let mut rows: Vec<(u64, String)> = Vec::new();
        let summary = file
            .process(
                &|_| {},
                Vec::new,
                |rows: &mut Vec<(u64, String)>, row: Row<'_>| {
                    let what = match row.malformed {
                        Some(r) => r.class().to_string(),
                        None => row.get(0).to_string(),
                    };
                    rows.push((row.line, what))
                },
                |_, piece_rows| rows.extend(piece_rows),
            )
            .unwrap();
        (rows, summary)
    }

    fn awkward_file() -> String {
        let mut text = String::from("id,note,amount\r\n");
        for i in 0..20_000 {
            match i % 997 {
                0 => text.push_str(&format!("{i},\"two\r\nlines\",1.00\r\n")),
                1 => text.push_str(&format!("{i},\"stray,1.00\r\n")),
                2 => text.push_str("\r\n"),
                3 => text.push_str(&format!("{i},a\0b,1.00\r\n")),
                _ => text.push_str(&format!("{i},plain,1.00\r\n")),
            }
        }
        text.push_str("last,no line end,2.00");
        text
    }

    #[test]
    fn rows_and_line_numbers_do_not_depend_on_block_or_piece_sizes() {
        let dir = scratch("sizes");
        let path = dir.0.join("t.csv");
        std::fs::write(&path, awkward_file()).unwrap();
        for multiline in [false, true] {
            let open = || TextFile::open(&path, &format(multiline)).unwrap();
            let (expected, summary) = read_all(&open());
            for (block, piece) in [(64, 16), (1000, 100), (4096, 4096), (100_000, 777)] {
                let (rows, s) = read_all(&open().with_sizes(block, piece));
                assert_eq!(rows, expected, "multiline {multiline}, {block}/{piece}");
                assert_eq!(s, summary);
            }
            assert_eq!(summary.lines_before_data, 1);
            assert!(summary.last_line_unterminated);
            let blank = summary.blank_lines;
            assert_eq!(blank, 21);
            // Every physical line is the header, blank, or in exactly one row.
            let row_lines: u64 = expected.len() as u64 + if multiline { 21 } else { 0 };
            assert_eq!(
                summary.lines,
                1 + blank + row_lines,
                "multiline {multiline}"
            );
            let lines: Vec<u64> = expected.iter().map(|r| r.0).collect();
            let mut sorted = lines.clone();
            sorted.dedup();
            assert_eq!(sorted, lines, "each row its own line, in order");
            if !multiline {
                // The line of 'two' and the line of 'lines' are each a row.
                assert_eq!(expected[0], (2, "unbalanced_quote".into()));
                assert_eq!(expected[1], (3, "field_count".into()));
            } else {
                assert_eq!(expected[0], (2, "0".into()));
                assert_eq!(
                    expected[1],
                    (4, "unbalanced_quote".into()),
                    "line 3 was in the record"
                );
            }
        }
    }

    #[test]
    fn the_hash_is_of_the_bytes_read_and_a_re_read_gets_the_same_rows() {
        let dir = scratch("hash");
        let path = dir.0.join("t.csv");
        let text = awkward_file();
        std::fs::write(&path, &text).unwrap();
        let file = TextFile::open(&path, &format(false))
            .unwrap()
            .with_sizes(4096, 512);
        let mut index = Vec::new();
        let mut first_read = std::collections::HashMap::new();
        let summary = file
            .process(
                &|_| {},
                Vec::new,
                |raws: &mut Vec<(u64, String)>, row: Row<'_>| {
                    raws.push((row.line, row.raw.to_string()))
                },
                |piece, raws| {
                    index.push(piece);
                    first_read.extend(raws);
                },
            )
            .unwrap();
        assert_eq!(
            summary.sha256,
            format!("{:x}", Sha256::digest(text.as_bytes()))
        );
        assert_eq!(summary.bytes, text.len() as u64);
        let wanted = [2, 7, 999, 20_020];
        let raws = file.raw_rows(&index, &wanted).unwrap();
        assert_eq!(raws.len(), wanted.len());
        for line in wanted {
            assert_eq!(raws[&line], first_read[&line], "line {line}");
        }
        assert_eq!(raws[&7], "4,plain,1.00");
    }

    #[test]
    fn a_file_appended_to_cut_or_replaced_while_read_fails() {
        let dir = scratch("changed");
        let path = dir.0.join("t.csv");
        let text = awkward_file();
        // Appended after opening.
        std::fs::write(&path, &text).unwrap();
        let file = TextFile::open(&path, &format(false)).unwrap();
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        std::io::Write::write_all(&mut f, b"\n9,late,1.00\n").unwrap();
        let e = file
            .process(&|_| {}, || (), |_, _| {}, |_, ()| {})
            .unwrap_err();
        assert!(matches!(e, BatchError::InputChanged { .. }), "{e}");
        // Cut after opening.
        std::fs::write(&path, &text).unwrap();
        let file = TextFile::open(&path, &format(false)).unwrap();
        std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(100)
            .unwrap();
        assert!(file.process(&|_| {}, || (), |_, _| {}, |_, ()| {}).is_err());
        // Replaced by another file of the same size after reading.
        std::fs::write(&path, &text).unwrap();
        let file = TextFile::open(&path, &format(false)).unwrap();
        let other = dir.0.join("other.csv");
        std::fs::write(&other, text.replace("plain", "PLAIN")).unwrap();
        std::fs::rename(&other, &path).unwrap();
        let e = file.check_unchanged().unwrap_err().to_string();
        assert!(e.contains("another file"), "{e}");
    }

    #[test]
    fn a_header_with_nul_bytes_or_an_open_quote_fails_the_file_by_name() {
        let dir = scratch("header");
        let path = dir.0.join("t.csv");
        std::fs::write(&path, b"\xFF\xFEi\0d\0\n1\0").unwrap();
        let e = TextFile::open(&path, &format(false))
            .unwrap_err()
            .to_string();
        assert!(e.contains("t.csv") && e.contains("binary or UTF-16"), "{e}");
        std::fs::write(&path, b"id,\"note\n1,2\n").unwrap();
        let e = TextFile::open(&path, &format(false))
            .unwrap_err()
            .to_string();
        assert!(e.contains("quote"), "{e}");
        std::fs::write(&path, b"").unwrap();
        let e = TextFile::open(&path, &format(false))
            .unwrap_err()
            .to_string();
        assert!(e.contains("empty"), "{e}");
    }
}

//! Reading a large delimited export in parallel, with exact line numbers.
//!
//! The file is read in blocks (bounded memory, never the whole file). Each
//! block is cut at line ends that are outside quoted fields (a line end is a
//! record boundary exactly when the number of quote characters before it is
//! even, which holds for RFC 4180 quoting where `""` escapes a quote). The
//! pieces are decoded and parsed on all cores with rayon; each row gets its
//! 1-based physical line number by counting line ends, so a row's number is
//! the same as when the file is read in one go by [`crate::input::TextFile`].
//! Results come back in file order, so everything downstream is deterministic.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{Encoding, FileKind, Format};
use crate::error::BatchError;
use crate::input::{decode, Header, Row};
use crate::records::RejectReason;

/// Bytes read per block.
const BLOCK_BYTES: usize = 16 << 20;
/// Target size of one parallel piece.
const PIECE_BYTES: usize = 1 << 20;
/// A single row longer than this means the quoting is wrong; the file is
/// refused rather than buffered without bound.
const MAX_ROW_BYTES: usize = 64 << 20;

/// A file opened for chunked reading: its header read, its data located.
#[derive(Debug)]
pub struct ChunkedFile {
    /// The file.
    pub path: PathBuf,
    format: Format,
    header: Header,
    /// Byte offset where data rows begin.
    data_start: u64,
    /// Physical lines before the first data row.
    lines_before_data: u64,
}

/// Where a piece of the file is, for reading it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// Byte offset in the file.
    pub offset: u64,
    /// Length in bytes.
    pub len: usize,
    /// Physical lines before the piece.
    pub lines_before: u64,
}

impl ChunkedFile {
    /// Opens a file and reads its header.
    pub fn open(path: &Path, format: &Format) -> Result<ChunkedFile, BatchError> {
        if format.kind == FileKind::Parquet {
            return Err(BatchError::Unreadable {
                file: path.to_path_buf(),
                message: "Parquet inputs are read by the Parquet reader, not as text".into(),
            });
        }
        let mut file = File::open(path).map_err(|e| BatchError::io(path, e))?;
        let mut prefix = Vec::new();
        (&mut file)
            .take(1 << 20)
            .read_to_end(&mut prefix)
            .map_err(|e| BatchError::io(path, e))?;
        if prefix.contains(&0u8) {
            return Err(BatchError::Unreadable {
                file: path.to_path_buf(),
                message: "the file holds NUL bytes: it looks binary, not a delimited text export"
                    .into(),
            });
        }
        let mut start = 0usize;
        if format.encoding == Encoding::Utf8 && prefix.starts_with(b"\xEF\xBB\xBF") {
            start = 3;
        }
        let mut lines_before = 0u64;
        for _ in 0..format.skip_lines {
            match prefix[start..].iter().position(|b| *b == b'\n') {
                Some(i) => {
                    start += i + 1;
                    lines_before += 1;
                }
                None => {
                    return Err(BatchError::Unreadable {
                        file: path.to_path_buf(),
                        message: format!(
                            "the file has fewer than the {} lines the config says to skip",
                            format.skip_lines
                        ),
                    })
                }
            }
        }
        let (text, _) = decode(&prefix[start..], format.encoding);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(format.delimiter)
            .quote(format.quote)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut record = csv::StringRecord::new();
        let got = reader
            .read_record(&mut record)
            .map_err(|e| BatchError::Unreadable {
                file: path.to_path_buf(),
                message: format!("cannot read the first row: {e}"),
            })?;
        if !got {
            return Err(BatchError::Unreadable {
                file: path.to_path_buf(),
                message: "the file is empty".into(),
            });
        }
        let header_text_len = reader.position().byte() as usize;
        let (names, data_start, lines_before_data) = if format.header {
            let names = record.iter().map(|n| n.trim().to_string()).collect();
            // Map the decoded header length back to bytes: Windows-1252 is one
            // byte per character; UTF-8 text is the bytes themselves.
            let header_bytes = match format.encoding {
                Encoding::Utf8 => header_text_len,
                Encoding::Windows1252 => text[..header_text_len.min(text.len())].chars().count(),
            };
            let header_slice = &prefix[start..(start + header_bytes).min(prefix.len())];
            let header_lines = header_slice.iter().filter(|b| **b == b'\n').count() as u64;
            (
                names,
                (start + header_bytes) as u64,
                lines_before + header_lines,
            )
        } else {
            (
                (1..=record.len()).map(|i| i.to_string()).collect(),
                start as u64,
                lines_before,
            )
        };
        Ok(ChunkedFile {
            path: path.to_path_buf(),
            format: format.clone(),
            header: Header { names },
            data_start,
            lines_before_data,
        })
    }

    /// The header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Parses every data row in parallel. Each piece of the file gets its own
    /// state from `make`; `visit` sees each row of the piece in order; `fold`
    /// receives the pieces' states in file order as each block completes, so
    /// per-row results never pile up for the whole file.
    pub fn process<S, M, V, F>(
        &self,
        on_block: &dyn Fn(u64),
        make: M,
        visit: V,
        mut fold: F,
    ) -> Result<(), BatchError>
    where
        S: Send,
        M: Fn() -> S + Sync,
        V: Fn(&mut S, Row<'_>) + Sync,
        F: FnMut(Piece, S),
    {
        let mut file = File::open(&self.path).map_err(|e| BatchError::io(&self.path, e))?;
        file.seek(SeekFrom::Start(self.data_start))
            .map_err(|e| BatchError::io(&self.path, e))?;
        let expected = self.header.names.len();
        let mut buffer: Vec<u8> = Vec::with_capacity(BLOCK_BYTES * 2);
        let mut buffer_offset = self.data_start;
        let mut lines_before = self.lines_before_data;
        let mut eof = false;
        while !eof || !buffer.is_empty() {
            if !eof {
                let before = buffer.len();
                (&mut file)
                    .take(BLOCK_BYTES as u64)
                    .read_to_end(&mut buffer)
                    .map_err(|e| BatchError::io(&self.path, e))?;
                eof = buffer.len() - before < BLOCK_BYTES;
            }
            if buffer.is_empty() {
                break;
            }
            let usable = if eof {
                buffer.len()
            } else {
                last_record_end(&buffer, self.format.quote)
            };
            if usable == 0 {
                if buffer.len() > MAX_ROW_BYTES {
                    return Err(BatchError::Unreadable {
                        file: self.path.clone(),
                        message: format!(
                            "a row runs past {} MB: is the quote character right in the config?",
                            MAX_ROW_BYTES >> 20
                        ),
                    });
                }
                continue;
            }
            let pieces = split_pieces(
                &buffer[..usable],
                self.format.quote,
                buffer_offset,
                lines_before,
            );
            let states: Vec<S> = pieces
                .par_iter()
                .map(|piece| {
                    let start = (piece.offset - buffer_offset) as usize;
                    let bytes = &buffer[start..start + piece.len];
                    let mut state = make();
                    parse_piece(
                        bytes,
                        piece.lines_before,
                        &self.format,
                        expected,
                        &mut state,
                        &visit,
                    );
                    state
                })
                .collect();
            lines_before = pieces
                .last()
                .map(|p| {
                    p.lines_before
                        + count_lines(&buffer[(p.offset - buffer_offset) as usize..usable])
                })
                .unwrap_or(lines_before);
            for (piece, state) in pieces.into_iter().zip(states) {
                fold(piece, state);
            }
            on_block(usable as u64);
            buffer.drain(..usable);
            buffer_offset += usable as u64;
        }
        Ok(())
    }

    /// Reads one piece again and returns the raw text of the rows starting
    /// on the given physical lines (for re-checking duplicates).
    pub fn raw_rows(&self, piece: Piece, lines: &[u64]) -> Result<Vec<(u64, String)>, BatchError> {
        let mut file = File::open(&self.path).map_err(|e| BatchError::io(&self.path, e))?;
        file.seek(SeekFrom::Start(piece.offset))
            .map_err(|e| BatchError::io(&self.path, e))?;
        let mut bytes = vec![0u8; piece.len];
        file.read_exact(&mut bytes)
            .map_err(|e| BatchError::io(&self.path, e))?;
        let mut found = Vec::new();
        let expected = self.header.names.len();
        parse_piece(
            &bytes,
            piece.lines_before,
            &self.format,
            expected,
            &mut found,
            &|found: &mut Vec<(u64, String)>, row: Row<'_>| {
                if lines.contains(&row.line) {
                    found.push((row.line, row.raw.to_string()));
                }
            },
        );
        Ok(found)
    }
}

fn count_lines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

fn count_quotes(bytes: &[u8], quote: u8) -> usize {
    memchr::memchr_iter(quote, bytes).count()
}

/// The end (exclusive) of the last complete record in `bytes`: just after the
/// last line end with an even number of quotes before it; 0 if none.
fn last_record_end(bytes: &[u8], quote: u8) -> usize {
    let mut quotes_before_end = count_quotes(bytes, quote);
    let mut end = bytes.len();
    while end > 0 {
        let Some(nl) = memchr::memrchr(b'\n', &bytes[..end]) else {
            return 0;
        };
        quotes_before_end -= count_quotes(&bytes[nl + 1..end], quote);
        if quotes_before_end % 2 == 0 {
            return nl + 1;
        }
        end = nl;
    }
    0
}

/// Cuts `bytes` (whole records) into pieces of about [`PIECE_BYTES`] at
/// record boundaries.
fn split_pieces(bytes: &[u8], quote: u8, offset: u64, lines_before: u64) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut start = 0usize;
    let mut lines = lines_before;
    while start < bytes.len() {
        let mut end = (start + PIECE_BYTES).min(bytes.len());
        if end < bytes.len() {
            // Move to a line end with even quote parity since `start`.
            let mut parity = count_quotes(&bytes[start..end], quote) % 2;
            loop {
                match memchr::memchr2(b'\n', quote, &bytes[end..]) {
                    None => {
                        end = bytes.len();
                        break;
                    }
                    Some(i) => {
                        let at = end + i;
                        if bytes[at] == quote {
                            parity ^= 1;
                            end = at + 1;
                        } else if parity == 0 {
                            end = at + 1;
                            break;
                        } else {
                            end = at + 1;
                        }
                    }
                }
            }
        }
        pieces.push(Piece {
            offset: offset + start as u64,
            len: end - start,
            lines_before: lines,
        });
        lines += count_lines(&bytes[start..end]);
        start = end;
    }
    pieces
}

/// Decodes and parses one piece of whole records.
fn parse_piece<S, V>(
    bytes: &[u8],
    lines_before: u64,
    format: &Format,
    expected: usize,
    state: &mut S,
    visit: &V,
) where
    V: Fn(&mut S, Row<'_>),
{
    let (text, bad_lines) = decode(bytes, format.encoding);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(format.delimiter)
        .quote(format.quote)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut counted_to = 0usize;
    let mut lines_seen = 0u64;
    loop {
        let start = reader.position().byte() as usize;
        let (ok, malformed_error) = match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => (true, None),
            Err(e) => (true, Some(e.to_string())),
        };
        if !ok {
            break;
        }
        let end = reader.position().byte() as usize;
        let slice = text.get(start..end).unwrap_or("");
        let leading = slice.len() - slice.trim_start_matches(['\r', '\n']).len();
        let begin = start + leading;
        lines_seen += text
            .get(counted_to..begin)
            .map(|t| t.matches('\n').count() as u64)
            .unwrap_or(0);
        counted_to = begin;
        let raw = text
            .get(begin..end)
            .unwrap_or("")
            .trim_end_matches(['\r', '\n']);
        let line_in_piece = lines_seen + 1;
        let last_line = line_in_piece + raw.bytes().filter(|b| *b == b'\n').count() as u64;
        let malformed = if let Some(message) = malformed_error {
            Some(RejectReason::Malformed(message))
        } else if bad_lines
            .iter()
            .any(|l| (line_in_piece..=last_line).contains(l))
        {
            Some(RejectReason::Malformed(format!(
                "not valid {} text (is the file's encoding set right in the config?)",
                match format.encoding {
                    Encoding::Utf8 => "UTF-8",
                    Encoding::Windows1252 => "Windows-1252",
                }
            )))
        } else if record.len() != expected {
            Some(RejectReason::FieldCount {
                expected,
                found: record.len(),
            })
        } else {
            None
        };
        visit(
            state,
            Row {
                line: lines_before + line_in_piece,
                record: &record,
                raw,
                malformed,
            },
        );
        if end >= text.len() {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf8_csv() -> Format {
        Format {
            kind: FileKind::Csv,
            delimiter: b',',
            encoding: Encoding::Utf8,
            header: true,
            quote: b'"',
            skip_lines: 0,
        }
    }

    #[test]
    fn record_end_respects_quoted_newlines() {
        let bytes = b"a,b\n1,\"x\ny\"\n2,\"open\n";
        assert_eq!(last_record_end(bytes, b'"'), 12);
    }

    #[test]
    fn pieces_cover_everything_at_record_boundaries() {
        let mut text = String::new();
        for i in 0..200_000 {
            text.push_str(&format!("{i},\"line\nbreak {i}\",x\n"));
        }
        let pieces = split_pieces(text.as_bytes(), b'"', 0, 0);
        assert!(pieces.len() > 1);
        assert_eq!(pieces.iter().map(|p| p.len).sum::<usize>(), text.len());
        for p in &pieces {
            let piece = &text.as_bytes()[p.offset as usize..p.offset as usize + p.len];
            assert_eq!(count_quotes(piece, b'"') % 2, 0);
            assert!(piece.ends_with(b"\n"));
        }
    }

    #[test]
    fn line_numbers_match_a_sequential_read() {
        let dir = std::env::temp_dir().join(format!("chunked-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.csv");
        let mut text = String::from("id,note\r\n");
        for i in 0..100_000 {
            if i % 1000 == 0 {
                text.push_str(&format!("{i},\"two\r\nlines\"\r\n"));
            } else {
                text.push_str(&format!("{i},plain\r\n"));
            }
        }
        std::fs::write(&path, &text).unwrap();
        let file = ChunkedFile::open(&path, &utf8_csv()).unwrap();
        let mut rows: Vec<(u64, String)> = Vec::new();
        file.process(
            &|_| {},
            Vec::new,
            |rows: &mut Vec<(u64, String)>, row| rows.push((row.line, row.get(0).to_string())),
            |_, piece_rows| rows.extend(piece_rows),
        )
        .unwrap();
        let sequential = crate::input::TextFile::open(&path, &utf8_csv()).unwrap();
        let mut expected = Vec::new();
        sequential
            .for_each_row(|row| expected.push((row.line, row.get(0).to_string())))
            .unwrap();
        assert_eq!(rows.len(), 100_000);
        assert_eq!(rows, expected);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

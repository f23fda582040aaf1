//! Turning physical lines into rows: one line is one record, unless the
//! file's format says `multiline = true`, when a quoted field may carry line
//! ends into the following lines.
//!
//! The line ends are found first (by `memchr`, independently of the CSV
//! parser), then each line is decoded and parsed on its own with
//! `csv_core`. So a stray quote can never merge lines: without `multiline`
//! a quote still open at the end of a line makes that one line a reject
//! (`unbalanced quote`) and the next line is read afresh. With `multiline`
//! a record may run on over at most [`MAX_RECORD_LINES`] lines and
//! [`MAX_RECORD_BYTES`] bytes, and only when the lines joined give a row of
//! the header's width; otherwise its first line alone is the reject and
//! reading resumes on the line after it.

use std::borrow::Cow;

use csv_core::ReadRecordResult;

use super::{malformed, Fields, Row};
use crate::config::{Encoding, Format};
use crate::records::RejectReason;

/// Longest record (one line, or the lines of a multiline record) read as
/// one; a longer line is a reject of its own, skipped without being held.
pub const MAX_RECORD_BYTES: usize = 1 << 20;
/// Most physical lines one multiline record may span.
pub const MAX_RECORD_LINES: u64 = 64;

/// What a piece of lines held, as counted by the line splitter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LineCounts {
    /// Rows handed to the visitor.
    pub rows: u64,
    /// Physical lines those rows span.
    pub row_lines: u64,
    /// Blank lines (empty, or spaces only).
    pub blank: u64,
}

/// Parses lines into rows; one per thread, reused across lines.
pub struct LineParser<'f> {
    format: &'f Format,
    expected: usize,
    core: csv_core::Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    raw: String,
    /// Output bytes and field ends written so far by a record still open.
    progress_out: usize,
    progress_ends: usize,
}

/// How a line (or the lines of a multiline record) parsed.
enum Parsed {
    /// A complete record: fields in `out[..nout]`, `ends[..nend]`.
    Record { nout: usize, nend: usize },
    /// A quoted field still open at the end of the input given.
    Open,
}

impl<'f> LineParser<'f> {
    /// A parser for a file of this format whose header has `expected`
    /// fields.
    pub(crate) fn new(format: &'f Format, expected: usize) -> LineParser<'f> {
        let core = csv_core::ReaderBuilder::new()
            .delimiter(format.delimiter)
            .quote(format.quote)
            .terminator(csv_core::Terminator::Any(b'\n'))
            .build();
        LineParser {
            format,
            expected,
            core,
            out: Vec::new(),
            ends: vec![0; expected.max(8) * 2],
            raw: String::new(),
            progress_out: 0,
            progress_ends: 0,
        }
    }

    /// Parses the lines in `bytes`, numbering the first `lines_before + 1`,
    /// and calls `visit` for each row. `bytes` holds whole lines (the last
    /// may lack its line end only at the end of the file). With `multiline`,
    /// a record still open at the end of `bytes` is left for the next call
    /// unless `at_eof`; the returned length says how many bytes were used.
    pub(crate) fn parse<S>(
        &mut self,
        bytes: &[u8],
        lines_before: u64,
        at_eof: bool,
        state: &mut S,
        visit: &(impl Fn(&mut S, Row<'_>) + ?Sized),
    ) -> (usize, LineCounts) {
        let mut counts = LineCounts::default();
        let mut pos = 0usize;
        let mut line_no = lines_before;
        while pos < bytes.len() {
            let (line, next) = line_at(bytes, pos);
            line_no += 1;
            if is_blank(line, self.format.delimiter) {
                counts.blank += 1;
                pos = next;
                continue;
            }
            match self.record(bytes, pos, line_no, at_eof, state, visit) {
                Some((end, spanned)) => {
                    counts.rows += 1;
                    counts.row_lines += spanned;
                    line_no += spanned - 1;
                    pos = end;
                }
                // A multiline record runs past the bytes given: leave it.
                None => return (pos, counts),
            }
        }
        (pos, counts)
    }

    /// Reads the record starting at `start` (line `line_no`), hands it to
    /// `visit`, and returns where the next record starts and how many lines
    /// this one spanned; `None` when a multiline record needs more bytes.
    fn record<S>(
        &mut self,
        bytes: &[u8],
        start: usize,
        line_no: u64,
        at_eof: bool,
        state: &mut S,
        visit: &(impl Fn(&mut S, Row<'_>) + ?Sized),
    ) -> Option<(usize, u64)> {
        let (first, first_next) = line_at(bytes, start);
        if first.len() > MAX_RECORD_BYTES {
            let reason = malformed(format!(
                "the line is longer than {} KB: is the delimiter right in the config?",
                MAX_RECORD_BYTES >> 10
            ));
            let raw = String::from_utf8_lossy(&first[..first.len().min(200)]).into_owned();
            self.reject(line_no, &raw, &reason, state, visit);
            return Some((first_next, 1));
        }
        if memchr::memchr(0, first).is_some() {
            let raw = String::from_utf8_lossy(first).replace('\0', "\\0");
            let reason = malformed("the line holds a NUL byte (0x00): the export is damaged here");
            self.reject(line_no, &raw, &reason, state, visit);
            return Some((first_next, 1));
        }
        let (text, invalid) = decode(first, self.format.encoding);
        self.core.reset();
        self.raw.clear();
        self.raw.push_str(&text);
        let mut parsed = self.feed(&text, 0, 0);
        let mut end = first_next;
        let mut spanned = 1u64;
        let mut invalid_anywhere = invalid;
        if matches!(parsed, Parsed::Open) && self.format.multiline {
            // Join following lines while the quote stays open, within bounds.
            let (mut nout, mut nend) = self.progress();
            loop {
                if end >= bytes.len() {
                    if !at_eof {
                        return None;
                    }
                    break;
                }
                if spanned >= MAX_RECORD_LINES || end - start > MAX_RECORD_BYTES {
                    break;
                }
                let (line, next) = line_at(bytes, end);
                if memchr::memchr(0, line).is_some() {
                    break;
                }
                let (text, invalid) = decode(line, self.format.encoding);
                invalid_anywhere |= invalid;
                self.raw.push('\n');
                self.raw.push_str(&text);
                parsed = self.feed(&text, nout, nend);
                spanned += 1;
                end = next;
                if let Parsed::Record { .. } = parsed {
                    break;
                }
                (nout, nend) = self.progress();
            }
            let joined_fits =
                matches!(parsed, Parsed::Record { nend, .. } if nend == self.expected);
            if !joined_fits {
                // Not a record of the header's width: the first line alone
                // is the reject; the lines after it are read afresh.
                let raw = text_of_line(first, self.format.encoding);
                let reason = unbalanced(self.format.quote);
                self.reject(line_no, &raw, &reason, state, visit);
                return Some((first_next, 1));
            }
        }
        let raw = std::mem::take(&mut self.raw);
        match parsed {
            Parsed::Open => {
                self.reject(line_no, &raw, &unbalanced(self.format.quote), state, visit);
            }
            Parsed::Record { nout, nend } => {
                let reason = if invalid_anywhere {
                    Some(malformed(format!(
                        "not valid {} text (is the file's encoding set right in the config?)",
                        encoding_name(self.format.encoding)
                    )))
                } else if nend != self.expected {
                    Some(RejectReason::FieldCount {
                        expected: self.expected,
                        found: nend,
                    })
                } else {
                    None
                };
                match std::str::from_utf8(&self.out[..nout]) {
                    Ok(fields_text) => visit(
                        state,
                        Row {
                            line: line_no,
                            fields: Fields::new(fields_text, &self.ends[..nend]),
                            raw: &raw,
                            malformed: reason.as_ref(),
                        },
                    ),
                    Err(_) => {
                        let reason = malformed("the fields are not valid text");
                        self.reject(line_no, &raw, &reason, state, visit);
                    }
                }
            }
        }
        self.raw = raw;
        Some((end, spanned))
    }

    fn reject<S>(
        &self,
        line: u64,
        raw: &str,
        reason: &RejectReason,
        state: &mut S,
        visit: &(impl Fn(&mut S, Row<'_>) + ?Sized),
    ) {
        visit(
            state,
            Row {
                line,
                fields: Fields::new("", &[]),
                raw,
                malformed: Some(reason),
            },
        );
    }

    /// Output written and field ends found so far in the current record.
    fn progress(&self) -> (usize, usize) {
        (self.progress_out, self.progress_ends)
    }

    /// Feeds one line's text, then its line end, to the CSV parser, which
    /// has already written `nout` bytes and `nend` field ends of this
    /// record. Reports whether the line end closed the record.
    fn feed(&mut self, text: &str, mut nout: usize, mut nend: usize) -> Parsed {
        let needed = nout + text.len() + 2;
        if self.out.len() < needed {
            self.out.resize(needed, 0);
        }
        // Stage 0: the line; 1: its line end; 2: end of input (only to
        // finish a record whose quote is still open, for its fields).
        let mut input = text.as_bytes();
        let mut stage = 0u8;
        loop {
            let given: &[u8] = match stage {
                0 => input,
                1 => b"\n",
                _ => b"",
            };
            let (result, nin, o, e) =
                self.core
                    .read_record(given, &mut self.out[nout..], &mut self.ends[nend..]);
            nout += o;
            nend += e;
            match result {
                ReadRecordResult::InputEmpty => match stage {
                    0 => {
                        input = &input[nin..];
                        if input.is_empty() {
                            stage = 1;
                        }
                    }
                    1 => {
                        // The line end went into a quoted field.
                        self.progress_out = nout;
                        self.progress_ends = nend;
                        if self.format.multiline {
                            return Parsed::Open;
                        }
                        stage = 2;
                    }
                    _ => return Parsed::Open,
                },
                ReadRecordResult::OutputFull => {
                    if stage == 0 {
                        input = &input[nin..];
                    }
                    let len = self.out.len();
                    self.out.resize(len * 2 + 16, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    if stage == 0 {
                        input = &input[nin..];
                    }
                    let len = self.ends.len();
                    self.ends.resize(len * 2 + 8, 0);
                }
                ReadRecordResult::Record | ReadRecordResult::End => {
                    if stage == 2 {
                        // Finished only because the input ended: the quote
                        // never closed.
                        return Parsed::Open;
                    }
                    return Parsed::Record { nout, nend };
                }
            }
        }
    }
}

fn unbalanced(quote: u8) -> RejectReason {
    RejectReason::UnbalancedQuote {
        quote: char::from(quote),
    }
}

/// The line starting at `pos` (without its line end and any carriage
/// return before it) and where the next line starts.
fn line_at(bytes: &[u8], pos: usize) -> (&[u8], usize) {
    let (end, next) = match memchr::memchr(b'\n', &bytes[pos..]) {
        Some(i) => (pos + i, pos + i + 1),
        None => (bytes.len(), bytes.len()),
    };
    let line = &bytes[pos..end];
    (line.strip_suffix(b"\r").unwrap_or(line), next)
}

fn is_blank(line: &[u8], delimiter: u8) -> bool {
    line.iter()
        .all(|b| *b == b' ' || (*b == b'\t' && delimiter != b'\t'))
}

fn encoding_name(encoding: Encoding) -> &'static str {
    match encoding {
        Encoding::Utf8 => "UTF-8",
        Encoding::Windows1252 => "Windows-1252",
    }
}

/// Decodes one line; the flag says it held bytes invalid in the encoding
/// (replaced by U+FFFD).
pub(crate) fn decode(line: &[u8], encoding: Encoding) -> (Cow<'_, str>, bool) {
    match encoding {
        // Every byte is defined in Windows-1252 (the WHATWG mapping).
        Encoding::Windows1252 => (
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(line)
                .0,
            false,
        ),
        Encoding::Utf8 => match std::str::from_utf8(line) {
            Ok(text) => (Cow::Borrowed(text), false),
            Err(_) => (String::from_utf8_lossy(line), true),
        },
    }
}

fn text_of_line(line: &[u8], encoding: Encoding) -> String {
    decode(line, encoding).0.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::FileKind;

    fn format(multiline: bool) -> Format {
        Format {
            kind: FileKind::Csv,
            delimiter: b',',
            encoding: Encoding::Utf8,
            header: true,
            quote: b'"',
            skip_lines: 0,
            multiline,
        }
    }

    /// (line, first field or the reject class) of every row.
    fn rows(text: &str, multiline: bool, expected: usize) -> (Vec<(u64, String)>, LineCounts) {
        let f = format(multiline);
        let mut p = LineParser::new(&f, expected);
        let mut got = Vec::new();
        let (used, counts) = p.parse(
            text.as_bytes(),
            1,
            true,
            &mut got,
            &|got: &mut Vec<(u64, String)>, row: Row<'_>| {
                let what = match row.malformed {
                    Some(r) => r.class().to_string(),
                    None => row.get(0).to_string(),
                };
                got.push((row.line, what));
            },
        );
        assert_eq!(used, text.len());
        (got, counts)
    }

    #[test]
    fn a_stray_quote_rejects_its_own_line_and_no_other() {
        let text = "1,a,x\n2,\"b,x\n3,c,x\n4,d\",x\n5,e,x\n";
        let (got, counts) = rows(text, false, 3);
        assert_eq!(
            got,
            vec![
                (2, "1".into()),
                (3, "unbalanced_quote".into()),
                (4, "3".into()),
                // A quote in the middle of an unquoted field is text.
                (5, "4".into()),
                (6, "5".into()),
            ]
        );
        assert_eq!(counts.rows, 5);
        assert_eq!(counts.row_lines, 5);
    }

    #[test]
    fn multiline_joins_a_quoted_field_only_into_a_row_of_the_headers_width() {
        // Lines 2-3 are one record with a line end inside quotes.
        let text = "1,\"two\nlines\",x\n2,\"open,x\n3,c,x\n4,d,x\n";
        let (got, counts) = rows(text, true, 3);
        assert_eq!(
            got,
            vec![
                (2, "1".into()),
                // Joining 4.. would never give 3 fields: line 4 alone.
                (4, "unbalanced_quote".into()),
                (5, "3".into()),
                (6, "4".into()),
            ]
        );
        assert_eq!(counts.rows, 4);
        assert_eq!(counts.row_lines, 5);
    }

    #[test]
    fn blank_lines_are_counted_not_rows() {
        let (got, counts) = rows("1,a,x\n\n   \r\n2,b,x", false, 3);
        assert_eq!(got, vec![(2, "1".into()), (5, "2".into())]);
        assert_eq!(counts.blank, 2);
    }

    #[test]
    fn nul_bytes_and_bad_utf8_reject_their_line_wherever_they_are() {
        let (got, _) = rows("1,a\0,x\n2,\u{fffd}b,x\n3,c,x\n", false, 3);
        assert_eq!(got[0], (2, "malformed".into()));
        assert_eq!(got[1], (3, "2".into()), "U+FFFD itself is valid text");
        let f = format(false);
        let mut p = LineParser::new(&f, 3);
        let mut got = Vec::new();
        p.parse(
            b"1,\xA3,x\n",
            1,
            true,
            &mut got,
            &|got: &mut Vec<String>, row: Row<'_>| {
                got.push(row.malformed.map(|r| r.to_string()).unwrap_or_default())
            },
        );
        assert!(got[0].contains("not valid UTF-8"), "{got:?}");
    }

    #[test]
    fn a_multiline_record_open_at_the_end_of_a_block_waits_for_the_next() {
        let f = format(true);
        let mut p = LineParser::new(&f, 3);
        let text = b"1,a,x\n2,\"b\nc";
        let mut got = 0u64;
        let (used, counts) = p.parse(text, 0, false, &mut got, &|n: &mut u64, _row: Row<'_>| {
            *n += 1
        });
        assert_eq!((used, counts.rows), (6, 1));
    }

    #[test]
    fn an_over_long_line_is_one_reject() {
        let long = format!("1,{},x\n2,b,x\n", "y".repeat(MAX_RECORD_BYTES + 10));
        let (got, _) = rows(&long, false, 3);
        assert_eq!(got, vec![(2, "malformed".into()), (3, "2".into())]);
    }
}

//! Writing files: every file and directory a generator makes goes through
//! here, and is owner-only (files 0600, directories 0700). The data is
//! realistic personal data (names, dates of birth, National Insurance
//! numbers, addresses), made to be handled like the real thing. A
//! directory the caller made before is left as it is.

use std::fs::{self, DirBuilder, File, OpenOptions, Permissions};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::text::{push_text, Enc};

/// Owner read and write.
const FILE_MODE: u32 = 0o600;
/// Owner read, write and search.
const DIR_MODE: u32 = 0o700;

/// Creates (or truncates) an owner-only file for writing. A file that was
/// there already is made owner-only too.
pub fn create_file(path: &Path) -> Result<File, Error> {
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(FILE_MODE)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    file.set_permissions(Permissions::from_mode(FILE_MODE))
        .map_err(|e| Error::io(path, e))?;
    Ok(file)
}

/// Creates an owner-only directory and any parents it lacks (each
/// owner-only); one that exists is left as it is.
pub fn create_dir(path: &Path) -> Result<(), Error> {
    DirBuilder::new()
        .recursive(true)
        .mode(DIR_MODE)
        .create(path)
        .map_err(|e| Error::io(path, e))
}

/// Makes `out` ready for a council: created when missing; refused, and left
/// untouched, when it holds anything.
pub fn prepare_empty_dir(out: &Path) -> Result<(), Error> {
    match fs::read_dir(out) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(Error::NotEmpty {
                    path: out.to_path_buf(),
                });
            }
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => create_dir(out),
        Err(e) => Err(Error::io(out, e)),
    }
}

/// Writes a whole small file at once.
pub fn write_text(path: &Path, text: &str) -> Result<(), Error> {
    let mut file = create_file(path)?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.flush())
        .map_err(|e| Error::io(path, e))
}

/// Appends the file `from` to the end of `to` and removes `from`.
pub fn append_and_remove(from: &Path, to: &Path) -> Result<(), Error> {
    let mut source = File::open(from).map_err(|e| Error::io(from, e))?;
    let mut target = OpenOptions::new()
        .append(true)
        .open(to)
        .map_err(|e| Error::io(to, e))?;
    io::copy(&mut source, &mut target).map_err(|e| Error::io(to, e))?;
    target.flush().map_err(|e| Error::io(to, e))?;
    fs::remove_file(from).map_err(|e| Error::io(from, e))
}

/// The size of a written file in bytes.
pub fn size(path: &Path) -> Result<u64, Error> {
    Ok(fs::metadata(path).map_err(|e| Error::io(path, e))?.len())
}

/// An output file written line by line through a large buffer, counting
/// physical lines so that a planted bad row can name its line.
pub struct Sink {
    path: PathBuf,
    writer: BufWriter<File>,
    line: u64,
    eol: &'static [u8],
}

impl Sink {
    /// Creates the file; lines end in CRLF when `crlf`, else LF.
    pub fn create(path: PathBuf, crlf: bool) -> Result<Sink, Error> {
        let file = create_file(&path)?;
        Ok(Sink {
            writer: BufWriter::with_capacity(1 << 20, file),
            path,
            line: 0,
            eol: if crlf { b"\r\n" } else { b"\n" },
        })
    }

    /// Creates the file and writes its header line in `enc`.
    pub fn with_header(path: PathBuf, crlf: bool, header: &str, enc: Enc) -> Result<Sink, Error> {
        let mut sink = Sink::create(path, crlf)?;
        let mut buf = Vec::new();
        push_text(&mut buf, header, enc);
        sink.line(&buf)?;
        Ok(sink)
    }

    /// Writes one line (the line end is added); returns its 1-based number.
    pub fn line(&mut self, bytes: &[u8]) -> Result<u64, Error> {
        self.writer
            .write_all(bytes)
            .and_then(|()| self.writer.write_all(self.eol))
            .map_err(|e| Error::io(&self.path, e))?;
        self.line += 1;
        Ok(self.line)
    }

    /// Flushes and closes the file; returns its path.
    pub fn finish(mut self) -> Result<PathBuf, Error> {
        self.writer.flush().map_err(|e| Error::io(&self.path, e))?;
        Ok(self.path)
    }
}

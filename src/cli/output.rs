//! `--output FILE`: where the output of a run goes when it is not standard output, written
//! the way `--out-dir` writes ([`super::out_dir`]): into a temporary file beside the target
//! (created new, never through a symlink), flushed to disk, then renamed over the target — so
//! an interrupted run leaves the previous file or the complete new one, and a run whose
//! output cannot be written leaves nothing. An output that would replace an input is refused
//! before anything is read.

use super::names::shown;
use super::out_dir::{open_new, resolve};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The output of a run: standard output, or a file written atomically.
pub enum Sink {
    /// Standard output.
    Stdout(std::io::StdoutLock<'static>),
    /// A temporary file renamed to `target` by [`Sink::commit`].
    File {
        /// The temporary file.
        tmp: BufWriter<tempfile::NamedTempFile>,
        /// The real path to rename it to.
        target: PathBuf,
        /// The path as given, for messages.
        given: PathBuf,
    },
}

impl Sink {
    /// Standard output, or `path` (`-` is standard output). `inputs` are the input files;
    /// the output may not be one of them.
    ///
    /// # Errors
    /// The output names an input or a directory, or its temporary file cannot be created;
    /// the message names it.
    pub fn open(path: Option<&Path>, inputs: &[&Path]) -> Result<Sink, String> {
        let Some(given) = path.filter(|p| p.as_os_str() != "-") else {
            return Ok(Sink::Stdout(std::io::stdout().lock()));
        };
        let fail = |why: &str| format!("--output {}: {why}", shown(given));
        let target = resolve(given);
        if inputs.iter().any(|i| i.as_os_str() != "-" && resolve(i) == target) {
            return Err(fail("is an input; choose another file (an input is never written over)"));
        }
        if std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
            return Err(fail("is a directory (use --out-dir for one output per input)"));
        }
        let (Some(dir), Some(_)) = (target.parent(), target.file_name()) else {
            return Err(fail("is not a file path"));
        };
        if !dir.is_dir() {
            return Err(fail("its directory does not exist"));
        }
        let tmp = tempfile::Builder::new()
            .prefix(".taizhang-")
            .suffix(".tmp")
            .make_in(dir, open_new)
            .map_err(|e| fail(&format!("cannot create a file in its directory: {e}")))?;
        Ok(Sink::File { tmp: BufWriter::with_capacity(1 << 16, tmp), target, given: given.to_path_buf() })
    }

    /// True when the output is a file.
    pub fn is_file(&self) -> bool {
        matches!(self, Sink::File { .. })
    }

    /// Finishes the output: flushes standard output, or flushes the file to disk and renames
    /// it into place.
    ///
    /// # Errors
    /// The flush, sync or rename fails; the message names the output.
    pub fn commit(self) -> Result<(), String> {
        match self {
            Sink::Stdout(mut s) => s.flush().map_err(|e| format!("cannot write the output: {e}")),
            Sink::File { tmp, target, given } => {
                let fail = |e: String| format!("cannot write {}: {e}", shown(&given));
                let tmp = tmp.into_inner().map_err(|e| fail(e.error().to_string()))?;
                tmp.as_file().sync_data().map_err(|e| fail(e.to_string()))?;
                tmp.persist(&target).map_err(|e| fail(e.error.to_string()))?;
                Ok(())
            }
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Stdout(s) => s.write(buf),
            Sink::File { tmp, .. } => tmp.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self {
            Sink::Stdout(s) => s.write_all(buf),
            Sink::File { tmp, .. } => tmp.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Stdout(s) => s.flush(),
            Sink::File { tmp, .. } => tmp.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_output_appears_whole_on_commit_and_never_replaces_an_input() {
        let tmp = tempfile::tempdir().unwrap();
        let input = tmp.path().join("a.txt");
        std::fs::write(&input, "区委将整改。").unwrap();
        assert!(Sink::open(Some(&input), &[&input]).err().unwrap().contains("is an input"));
        assert!(Sink::open(Some(tmp.path()), &[&input]).err().unwrap().contains("directory"));
        assert!(Sink::open(Some(&tmp.path().join("no/such/x.csv")), &[]).err().unwrap().contains("does not exist"));
        let out = tmp.path().join("out.csv");
        let mut s = Sink::open(Some(&out), &[&input]).unwrap();
        assert!(s.is_file());
        s.write_all(b"ledger").unwrap();
        assert!(!out.exists(), "nothing under the final name before the commit");
        s.commit().unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"ledger");
        let dropped = Sink::open(Some(&out), &[]).unwrap();
        drop(dropped);
        assert_eq!(std::fs::read(&out).unwrap(), b"ledger", "a run that does not commit leaves the old file");
        let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left.len(), 2, "no temporary file left: {left:?}");
    }
}

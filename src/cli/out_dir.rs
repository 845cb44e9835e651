//! `--out-dir`: where each input's output goes, and writing it safely.
//!
//! * Planning ([`plan`]): `DIR/<out name>.<ext>` for every input; refused (before anything
//!   is read) when the out-dir, its symlinks and `..` resolved, lies inside an input
//!   directory or holds an input file, or when two inputs would write the same output.
//! * Writing ([`OutPlan::write`]): the output's directory is created, then resolved to its
//!   real path; the write is refused when that lies inside an input directory or the output
//!   would replace an input file (a symlink placed in the out-dir cannot redirect it). The
//!   output is written to a temporary file in that directory — opened with
//!   `O_CREAT|O_EXCL|O_NOFOLLOW`, so never through a symlink — flushed to disk, then
//!   renamed over the final name. A run killed at any moment, or a full disk, leaves the
//!   previous file or the complete new one under the final name, never a truncated one
//!   (at worst a `.taizhang-*.tmp` file beside it).

use super::names::shown;
use super::walk::Inputs;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// The outputs of a run under `--out-dir`.
#[derive(Debug)]
pub struct OutPlan {
    /// The out-dir as given.
    dir: PathBuf,
    /// Each input's output, relative to the out-dir, in input order.
    rel: Vec<PathBuf>,
    /// The input directories, resolved.
    input_dirs: Vec<PathBuf>,
    /// The input files, resolved.
    input_files: HashSet<PathBuf>,
}

/// The real path `path` has or will have once created: each existing component resolved
/// (symlinks followed, `..` taken after that), the rest appended as given.
pub fn resolve(path: &Path) -> PathBuf {
    let mut cur = if path.is_absolute() { PathBuf::new() } else { std::env::current_dir().and_then(std::fs::canonicalize).unwrap_or_default() };
    for c in path.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => cur.push(c.as_os_str()),
            Component::CurDir => {}
            // `cur` is real (resolved, or not existing), so its parent is the real `..`.
            Component::ParentDir => {
                cur.pop();
            }
            Component::Normal(name) => {
                let next = cur.join(name);
                cur = std::fs::canonicalize(&next).unwrap_or(next);
            }
        }
    }
    cur
}

/// Plans the output of each input under `out_dir` (`<out_name>.<ext>`).
///
/// # Errors
/// The out-dir exists and is not a directory, lies inside an input directory (after
/// resolving symlinks and `..`), holds an input file, or two inputs would write the same
/// output.
pub fn plan(inputs: &Inputs, out_dir: &Path, ext: &str) -> Result<OutPlan, String> {
    if out_dir.exists() && !out_dir.is_dir() {
        return Err(format!("--out-dir {}: exists and is not a directory", shown(out_dir)));
    }
    let out_real = resolve(out_dir);
    let mut input_dirs = Vec::new();
    for d in &inputs.dirs {
        let d_real = resolve(d);
        if out_real.starts_with(&d_real) {
            return Err(format!("--out-dir {} lies inside the input directory {}: choose a directory outside the inputs", shown(out_dir), shown(d)));
        }
        input_dirs.push(d_real);
    }
    let mut input_files = HashSet::new();
    let mut planned: HashMap<PathBuf, &Path> = HashMap::new();
    let mut rel = Vec::with_capacity(inputs.files.len());
    for input in &inputs.files {
        let real = resolve(&input.path);
        if real.starts_with(&out_real) {
            return Err(format!("--out-dir {} holds the input {}: choose a directory outside the inputs", shown(out_dir), shown(&input.path)));
        }
        input_files.insert(real);
        let mut name = input.out_name.clone().into_os_string();
        name.push(format!(".{ext}"));
        let path = PathBuf::from(name);
        if let Some(other) = planned.insert(path.clone(), &input.path) {
            return Err(format!("{} and {} would both be written to {}; run them separately", shown(other), shown(&input.path), shown(&out_dir.join(&path))));
        }
        rel.push(path);
    }
    Ok(OutPlan { dir: out_dir.to_path_buf(), rel, input_dirs, input_files })
}

impl OutPlan {
    /// The output of input `i`, as shown to the user.
    pub fn path(&self, i: usize) -> PathBuf {
        self.dir.join(&self.rel[i])
    }

    /// Writes the output of input `i` atomically (see the module documentation).
    ///
    /// # Errors
    /// The directory cannot be created, resolves into an input directory, the output would
    /// replace an input, or the write or rename fails; the message names the output.
    pub fn write(&self, i: usize, bytes: &[u8]) -> Result<(), String> {
        let path = self.path(i);
        let fail = |why: String| format!("cannot write {}: {why}", shown(&path));
        let (Some(parent), Some(file_name)) = (path.parent(), path.file_name()) else {
            return Err(fail("not a file path".to_string()));
        };
        std::fs::create_dir_all(parent).map_err(|e| fail(e.to_string()))?;
        let real_parent = std::fs::canonicalize(parent).map_err(|e| fail(e.to_string()))?;
        if let Some(d) = self.input_dirs.iter().find(|d| real_parent.starts_with(d)) {
            return Err(fail(format!("its directory resolves to {}, inside the input directory {}", shown(&real_parent), shown(d))));
        }
        let target = real_parent.join(file_name);
        if self.input_files.contains(&target) {
            return Err(fail("it would replace an input".to_string()));
        }
        if std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
            return Err(fail("a directory of that name exists".to_string()));
        }
        let mut tmp = tempfile::Builder::new().prefix(".taizhang-").suffix(".tmp").make_in(&real_parent, open_new).map_err(|e| fail(e.to_string()))?;
        tmp.write_all(bytes).and_then(|_| tmp.as_file().sync_data()).map_err(|e| fail(e.to_string()))?;
        // rename(2) replaces the directory entry: a symlink under the final name is replaced,
        // not followed.
        tmp.persist(&target).map_err(|e| fail(e.error.to_string()))?;
        Ok(())
    }
}

/// Creates a new file for writing: never an existing file, never through a symlink, with
/// the usual permissions (0666 less the umask).
pub fn open_new(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o666).custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
    }
    o.open(path)
}

#[cfg(test)]
mod tests {
    use super::super::walk::{Inputs, Selection};
    use super::*;

    #[test]
    fn out_dir_must_stay_outside_the_inputs() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        std::fs::create_dir_all(data.join("sub")).unwrap();
        std::fs::write(data.join("a.txt"), "区委将整改。").unwrap();
        std::fs::write(data.join("sub/a.txt"), "区委将整改。").unwrap();
        let inputs = Inputs::collect(std::slice::from_ref(&data), &Selection::default());
        assert_eq!(inputs.files.len(), 2);
        assert!(plan(&inputs, &data.join("out"), "csv").unwrap_err().contains("inside the input directory"));
        assert!(plan(&inputs, &data, "csv").is_err());
        let outs = plan(&inputs, &tmp.path().join("out"), "csv").unwrap();
        assert_eq!(outs.path(0), tmp.path().join("out/data/a.txt.csv"));
        assert_eq!(outs.path(1), tmp.path().join("out/data/sub/a.txt.csv"));
        let explicit = Inputs::collect(&[data.join("a.txt"), data.join("sub/a.txt")], &Selection::default());
        assert!(plan(&explicit, &tmp.path().join("out"), "csv").unwrap_err().contains("both"));
        let holds = Inputs::collect(&[data.join("sub/a.txt")], &Selection::default());
        assert!(plan(&holds, &data.join("sub"), "csv").unwrap_err().contains("holds the input"));
    }

    #[cfg(unix)]
    #[test]
    fn resolve_takes_dot_dot_after_a_symlink() {
        let tmp = tempfile::tempdir().unwrap();
        let real = std::fs::canonicalize(tmp.path()).unwrap();
        std::fs::create_dir_all(real.join("data/sub")).unwrap();
        std::os::unix::fs::symlink(real.join("data/sub"), real.join("link")).unwrap();
        // link/.. is data, not tmp.
        assert_eq!(resolve(&real.join("link/../out")), real.join("data/out"));
        assert_eq!(resolve(&real.join("new/../x/y")), real.join("x/y"));
    }

    #[test]
    fn a_write_replaces_the_old_file_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::write(data.join("a.txt"), "区委将整改。").unwrap();
        let inputs = Inputs::collect(std::slice::from_ref(&data), &Selection::default());
        let out = tmp.path().join("out");
        let p = plan(&inputs, &out, "json").unwrap();
        p.write(0, b"first version, rather long").unwrap();
        p.write(0, b"second").unwrap();
        assert_eq!(std::fs::read(out.join("data/a.txt.json")).unwrap(), b"second");
        let left: Vec<_> = std::fs::read_dir(out.join("data")).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left.len(), 1, "no temporary file left: {left:?}");
    }
}

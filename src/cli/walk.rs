//! Which files a run reads: command-line arguments in the order given, directories walked
//! (walkdir) in sorted file-name order, filtered by extension (`--ext`) and shell patterns
//! (`--glob`, globset).
//!
//! What a directory walk does with each entry:
//! * hidden entries (`.name`) are left out, and so is everything below a hidden directory;
//! * files with an extension taizhang reads ([`READ_EXTENSIONS`]) are read, and one that
//!   cannot be read is a failure;
//! * files without an extension are read when they hold text; a binary one is skipped;
//! * files with another extension are not read: formats taizhang cannot read (.doc, .pdf,
//!   .wps…) are skipped with a note, the rest (.zip, .jpg…) are counted in the summary;
//! * special entries — dangling symlinks, symlink loops, FIFOs, sockets, devices, and
//!   symlinks to directories (not followed) — are skipped and named.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use taizhang::read::{self as input, InputError};

/// Extensions a directory walk reads (lower case). A file named on the command line is read
/// whatever its extension.
pub const READ_EXTENSIONS: &[&str] = &["txt", "text", "md", "docx"];

/// Which files of a directory walk are read.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// `--ext` values, lower case without the dot; empty: the extensions taizhang reads.
    exts: Vec<String>,
    /// Patterns matched against the file name.
    name_globs: Option<GlobSet>,
    /// Patterns (with a `/`) matched against the path below the walked directory.
    path_globs: Option<GlobSet>,
}

/// How a walked file is to be treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Named on the command line: read whatever it is; any problem is a failure.
    Named,
    /// Found in a walk with an extension taizhang reads: any problem is a failure.
    Readable,
    /// Found in a walk without an extension: read when it holds text, skipped when binary.
    Sniffed,
}

impl Selection {
    /// A selection from `--ext` values (`txt`, `.DOCX`: case and dot do not matter; none:
    /// the extensions taizhang reads) and `--glob` patterns (none: any file; else a file must
    /// match one). Patterns: `*` and `?` within a path segment, `**` across segments (`**/`
    /// also matches no directory), `[abc]`, `[a-z]`, `[!x]`, `{a,b}`, `\` escapes; a pattern
    /// with a `/` matches the path below the walked directory, one without the file name.
    ///
    /// # Errors
    /// A pattern that does not parse (an unclosed `[` or `{`…), naming it.
    pub fn new(exts: &[String], globs: &[String]) -> Result<Self, String> {
        let exts = exts.iter().map(|e| e.trim().trim_start_matches('.').to_lowercase()).filter(|e| !e.is_empty()).collect();
        let (mut names, mut paths) = (GlobSetBuilder::new(), GlobSetBuilder::new());
        let (mut any_name, mut any_path) = (false, false);
        for g in globs {
            let glob = GlobBuilder::new(g).literal_separator(true).backslash_escape(true).build().map_err(|e| format!("--glob {g}: {}", e.kind()))?;
            if g.contains('/') {
                paths.add(glob);
                any_path = true;
            } else {
                names.add(glob);
                any_name = true;
            }
        }
        let build = |b: GlobSetBuilder, any: bool| -> Result<Option<GlobSet>, String> {
            if any {
                b.build().map(Some).map_err(|e| format!("--glob: {e}"))
            } else {
                Ok(None)
            }
        };
        Ok(Selection { exts, name_globs: build(names, any_name)?, path_globs: build(paths, any_path)? })
    }

    /// True when `--glob` lets a file found at `rel` below a walked directory through.
    fn globs_accept(&self, rel: &Path) -> bool {
        if self.name_globs.is_none() && self.path_globs.is_none() {
            return true;
        }
        let name = rel.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let path = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        self.name_globs.as_ref().is_some_and(|g| g.is_match(&name)) || self.path_globs.as_ref().is_some_and(|g| g.is_match(&path))
    }

    /// What a walk does with a regular file at `rel`: `Ok(kind)` to read it, `Err(None)`
    /// when it is filtered out by `--ext`/`--glob`, `Err(Some(skip))` when its extension
    /// is one taizhang does not read.
    fn classify(&self, rel: &Path) -> Result<Kind, Option<Skip>> {
        if !self.globs_accept(rel) {
            return Err(None);
        }
        let ext = input::extension(rel);
        if !self.exts.is_empty() {
            return if self.exts.contains(&ext) { Ok(Kind::Readable) } else { Err(None) };
        }
        if READ_EXTENSIONS.contains(&ext.as_str()) {
            Ok(Kind::Readable)
        } else if ext.is_empty() {
            Ok(Kind::Sniffed)
        } else if let Some(problem) = input::unsupported_format(rel) {
            Err(Some(Skip::Unsupported(problem)))
        } else {
            Err(Some(Skip::Extension(ext)))
        }
    }
}

/// Why an entry of a walk was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// A format taizhang knows but cannot read (.doc, .pdf…): the "convert it" advice.
    Unsupported(String),
    /// An extension taizhang does not read (.zip, .jpg…): counted, not noted one by one.
    Extension(String),
    /// Not a regular file: a dangling symlink, a symlink loop, a FIFO, a socket, a device,
    /// a symlink to a directory.
    Special(&'static str),
    /// No extension and binary content.
    Binary,
}

impl Skip {
    /// The reason in words, as noted on stderr.
    pub fn reason(&self) -> String {
        match self {
            Skip::Unsupported(p) => p.clone(),
            Skip::Extension(e) => format!(".{e} files are not read"),
            Skip::Special(what) => format!("{what}, not read"),
            Skip::Binary => "no extension and binary content, not read".to_string(),
        }
    }
}

/// One file of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The path to read (`-` for standard input).
    pub path: PathBuf,
    /// Its name under `--out-dir`: the walked directory's name and the path below it, or
    /// the file name of a file named on the command line.
    pub out_name: PathBuf,
    /// How problems with it count.
    pub kind: Kind,
}

/// The inputs of a run, in processing order.
#[derive(Debug, Default)]
pub struct Inputs {
    /// The files to read.
    pub files: Vec<Input>,
    /// Directories (or entries) that could not be listed: failed inputs.
    pub errors: Vec<InputError>,
    /// Entries of walks that are not read, with the reason, in walk order.
    pub skipped: Vec<(PathBuf, Skip)>,
    /// The directories that were walked.
    pub dirs: Vec<PathBuf>,
}

impl Inputs {
    /// Expands command-line arguments: files (and `-`) stay in the order given; a directory
    /// becomes its selected files, recursively, in sorted file-name order (see the module
    /// documentation for what is read, skipped and failed). A path named twice is read
    /// once. A path that does not exist stays, to fail when it is read.
    pub fn collect(args: &[PathBuf], sel: &Selection) -> Inputs {
        let mut inputs = Inputs::default();
        let mut seen = HashSet::new();
        for arg in args {
            if arg.as_os_str() != "-" && arg.is_dir() {
                inputs.dirs.push(arg.clone());
                let root = arg
                    .file_name()
                    .map(PathBuf::from)
                    .or_else(|| std::fs::canonicalize(arg).ok().and_then(|p| p.file_name().map(PathBuf::from)))
                    .unwrap_or_default();
                walk(arg, &root, sel, &mut inputs, &mut seen);
            } else if seen.insert(arg.clone()) {
                let out_name = arg.file_name().map(PathBuf::from).unwrap_or_else(|| arg.clone());
                inputs.files.push(Input { path: arg.clone(), out_name, kind: Kind::Named });
            }
        }
        inputs
    }

    /// True when the run is a batch: several inputs, or a directory. A batch's ledger names
    /// the source file of each row, and a summary closes the run.
    pub fn is_batch(&self) -> bool {
        self.files.len() + self.errors.len() > 1 || !self.dirs.is_empty()
    }
}

fn is_hidden(e: &walkdir::DirEntry) -> bool {
    e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.')
}

/// What a non-directory, non-regular entry is, from the type of what it points to.
fn special_kind(ft: std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if ft.is_socket() {
            return Some("a socket");
        }
        if ft.is_block_device() || ft.is_char_device() {
            return Some("a device");
        }
    }
    (!ft.is_file() && !ft.is_dir()).then_some("not a regular file")
}

/// Why a symlink's target cannot be looked at.
fn broken_link(e: &std::io::Error) -> &'static str {
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ELOOP) {
        return "a symlink loop";
    }
    if e.kind() == std::io::ErrorKind::NotFound {
        "a dangling symlink"
    } else {
        "a symlink whose target cannot be read"
    }
}

fn walk(dir: &Path, root: &Path, sel: &Selection, inputs: &mut Inputs, seen: &mut HashSet<PathBuf>) {
    let walker = walkdir::WalkDir::new(dir).follow_links(false).sort_by_file_name().into_iter().filter_entry(|e| !is_hidden(e));
    for entry in walker {
        let e = match entry {
            Ok(e) => e,
            Err(err) => {
                let at = err.path().unwrap_or(dir).display().to_string();
                let why = err.io_error().map(|io| io.to_string()).unwrap_or_else(|| err.to_string());
                inputs.errors.push(InputError::new(&at, format!("cannot list directory: {why}")));
                continue;
            }
        };
        if e.depth() == 0 {
            continue;
        }
        let path = e.path().to_path_buf();
        let rel = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
        let ft = e.file_type();
        if ft.is_dir() {
            continue;
        }
        // A symlink is judged by what it points to; a directory it points to is not entered.
        let target = if ft.is_symlink() {
            match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => Err(Skip::Special("a symlink to a directory (not followed)")),
                Ok(m) => Ok(m.file_type()),
                Err(err) => Err(Skip::Special(broken_link(&err))),
            }
        } else {
            Ok(ft)
        };
        let target = target.and_then(|t| match special_kind(t) {
            Some(what) => Err(Skip::Special(what)),
            None => Ok(t),
        });
        if let Err(skip) = target {
            // Named unless --ext or --glob leave the name out.
            if sel.classify(&rel) != Err(None) {
                inputs.skipped.push((path, skip));
            }
            continue;
        }
        match sel.classify(&rel) {
            Ok(kind) => {
                if seen.insert(path.clone()) {
                    inputs.files.push(Input { path, out_name: root.join(&rel), kind });
                }
            }
            Err(Some(skip)) => inputs.skipped.push((path, skip)),
            Err(None) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glob(p: &str, s: &str) -> bool {
        let sel = Selection::new(&[], &[p.to_string()]).unwrap();
        sel.globs_accept(Path::new(s))
    }

    #[test]
    fn globs() {
        assert!(glob("*.txt", "整改方案.txt"));
        assert!(!glob("*.txt", "a.docx"));
        assert!(glob("*整改*", "区委整改方案.docx"));
        assert!(glob("20??-*.docx", "2024-表态.docx"));
        assert!(glob("[!.]*", "a"));
        assert!(!glob("[!.]*", ".a"));
        assert!(glob("[a-c]x", "bx"));
        assert!(glob("2023/**/*.docx", "2023/a/b/x.docx"));
        assert!(glob("2023/**/*.docx", "2023/x.docx"));
        assert!(!glob("2023/*.docx", "2023/a/x.docx"));
        assert!(glob("**", "a/b/c"));
        assert!(glob("**/c", "a/b/c"));
        assert!(glob(r"\*", "*"));
        assert!(glob("*.{txt,docx}", "a.docx"));
        assert!(Selection::new(&[], &["[abc".to_string()]).is_err());
    }

    #[test]
    fn a_name_pattern_matches_the_name_at_any_depth() {
        assert!(glob("*方案*", "2023/sub/整改方案.txt"));
        assert!(!glob("sub/*", "a.txt"));
        assert!(glob("sub/*", "sub/a.txt"));
        assert!(!glob("sub/*", "x/sub/a.txt"));
    }

    #[test]
    fn selection_filters_by_extension_and_glob() {
        let sel = Selection::new(&["TXT".into(), ".docx".into()], &["*方案*".into()]).unwrap();
        assert_eq!(sel.classify(Path::new("sub/整改方案.txt")), Ok(Kind::Readable));
        assert_eq!(sel.classify(Path::new("整改方案.DOCX")), Ok(Kind::Readable));
        assert_eq!(sel.classify(Path::new("整改方案.pdf")), Err(None));
        assert_eq!(sel.classify(Path::new("表态.txt")), Err(None));
    }

    #[test]
    fn without_ext_the_readable_extensions_are_read_and_the_rest_skipped() {
        let sel = Selection::default();
        assert_eq!(sel.classify(Path::new("a.TXT")), Ok(Kind::Readable));
        assert_eq!(sel.classify(Path::new("a.docx")), Ok(Kind::Readable));
        assert_eq!(sel.classify(Path::new("README")), Ok(Kind::Sniffed));
        assert!(matches!(sel.classify(Path::new("a.doc")), Err(Some(Skip::Unsupported(_)))));
        assert_eq!(sel.classify(Path::new("a.zip")), Err(Some(Skip::Extension("zip".into()))));
    }
}

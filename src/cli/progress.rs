//! What a batch says on stderr while it runs and when it ends: a note per failed or
//! skipped input (above a progress bar on a terminal), and the closing summary — files
//! read, failed and skipped, items, the share with an owner and a time limit, flags by
//! code, then each skipped entry and each failure by name. Names are escaped
//! ([`names::escape`]).

use super::names::{escape, shown};
use super::walk::Skip;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use taizhang::ledger::Analysis;
use taizhang::read::InputError;

/// Runs with at least this many files show a progress bar (on a terminal).
const PROGRESS_MIN_FILES: usize = 10;

/// The summary names at most this many failures, and this many skipped entries.
const SHOWN: usize = 20;

/// The counts of one analysed document.
#[derive(Debug, Default)]
pub struct DocStats {
    /// Items of the ledger, at every level.
    pub items: usize,
    /// Items that are commitments.
    pub commitments: usize,
    /// Commitments with an owner.
    pub with_owner: usize,
    /// Commitments with a time limit.
    pub with_deadline: usize,
    /// The code of every flag and finding.
    pub flags: Vec<String>,
    /// Commitments in the due-date view (`--due-before`, `--overdue`), when there is one.
    pub due: usize,
}

impl DocStats {
    /// The counts of an analysis.
    pub fn of(a: &Analysis) -> Self {
        let mut flags: Vec<String> = a.all_items().iter().flat_map(|i| i.flags.iter().map(|f| f.code.to_string())).collect();
        flags.extend(a.findings.iter().map(|f| f.code.to_string()));
        DocStats {
            items: a.summary.items,
            commitments: a.summary.commitments,
            with_owner: a.summary.with_owner,
            with_deadline: a.summary.with_deadline,
            flags,
            due: 0,
        }
    }
}

/// What became of one input.
pub enum Outcome<T> {
    /// Read and analysed.
    Done(T, DocStats),
    /// Could not be read or analysed: reported, and the run exits with 2.
    Failed(InputError),
    /// Not read (found in a walk, and not something taizhang reads): noted and counted.
    Skipped(PathBuf, Skip),
}

/// The text of a failure as shown on stderr, escaped: the name, and the problem (which
/// may quote names from inside a file, such as a zip entry's).
pub fn failure(e: &InputError) -> String {
    format!("{}: {}", escape(&e.source), escape(&e.problem))
}

/// Counts over a run, for the closing summary.
#[derive(Debug, Default)]
pub struct Tally {
    /// Inputs read and analysed.
    pub read: usize,
    /// Inputs that failed, in order.
    pub failed: Vec<InputError>,
    /// Entries not read, with the reason, in order.
    pub skipped: Vec<(PathBuf, Skip)>,
    /// Sums of the [`DocStats`] of the inputs read.
    pub items: usize,
    pub commitments: usize,
    pub with_owner: usize,
    pub with_deadline: usize,
    pub flags: BTreeMap<String, usize>,
    /// The due-date view in words (`due on or before 2024-06-30`), when there is one.
    pub view: Option<String>,
    /// Commitments in that view.
    pub due: usize,
}

impl Tally {
    /// Counts a document read.
    pub fn add(&mut self, s: DocStats) {
        self.read += 1;
        self.items += s.items;
        self.commitments += s.commitments;
        self.with_owner += s.with_owner;
        self.with_deadline += s.with_deadline;
        self.due += s.due;
        for f in s.flags {
            *self.flags.entry(f).or_default() += 1;
        }
    }

    /// The line counting the commitments of the due-date view, when there is one:
    /// `taizhang: due on or before 2024-06-30: 12 of 80 commitments`.
    pub fn view_line(&self) -> Option<String> {
        let v = self.view.as_ref()?;
        Some(format!("taizhang: {v}: {} of {} commitments\n", self.due, self.commitments))
    }

    /// The summary: what was read, failed and skipped, items, shares, flags by code, then
    /// the skipped entries and the failures by name. `noun` counts the inputs ("files",
    /// "records"); `analysed` adds the item and flag lines.
    pub fn summary(&self, noun: &str, analysed: bool) -> String {
        let total = self.read + self.failed.len() + self.skipped.len();
        let mut s = format!("taizhang: {total} {noun}: {} read, {} failed", self.read, self.failed.len());
        if !self.skipped.is_empty() {
            s.push_str(&format!(", {} skipped", self.skipped.len()));
        }
        s.push('\n');
        if analysed {
            let share = |n: usize| format!("{:.1}%", n as f64 * 100.0 / self.commitments as f64);
            if self.commitments == 0 {
                s.push_str(&format!("taizhang: {} items, no commitment found: with an owner —, with a time limit —\n", self.items));
            } else {
                s.push_str(&format!(
                    "taizhang: {} items, {} commitments: {} with an owner, {} with a time limit\n",
                    self.items,
                    self.commitments,
                    share(self.with_owner),
                    share(self.with_deadline)
                ));
            }
            let mut flags: Vec<(&String, &usize)> = self.flags.iter().collect();
            flags.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let flags: Vec<String> = flags.iter().map(|(c, n)| format!("{c} {n}")).collect();
            s.push_str(&format!("taizhang: flags: {}\n", if flags.is_empty() { "none".to_string() } else { flags.join(", ") }));
            if let Some(line) = self.view_line() {
                s.push_str(&line);
            }
        }
        // Skipped by extension: counted per extension; the others by name.
        let mut by_ext: BTreeMap<&str, usize> = BTreeMap::new();
        let mut named = Vec::new();
        for (path, skip) in &self.skipped {
            match skip {
                Skip::Extension(e) => *by_ext.entry(e.as_str()).or_default() += 1,
                other => named.push((path, other)),
            }
        }
        if !by_ext.is_empty() {
            let exts: Vec<String> = by_ext.iter().map(|(e, n)| format!(".{} {n}", escape(e))).collect();
            s.push_str(&format!("taizhang: skipped (extensions taizhang does not read): {}\n", exts.join(", ")));
        }
        for (path, skip) in named.iter().take(SHOWN) {
            s.push_str(&format!("taizhang: skipped: {}: {}\n", shown(path), skip.reason()));
        }
        if named.len() > SHOWN {
            s.push_str(&format!("taizhang: skipped: … and {} more (noted above)\n", named.len() - SHOWN));
        }
        for e in self.failed.iter().take(SHOWN) {
            s.push_str(&format!("taizhang: failed: {}\n", failure(e)));
        }
        if self.failed.len() > SHOWN {
            s.push_str(&format!("taizhang: failed: … and {} more (reported above)\n", self.failed.len() - SHOWN));
        }
        s
    }
}

/// Notes on stderr: above the progress bar when there is one.
pub struct Reporter {
    bar: Option<ProgressBar>,
    quiet: bool,
}

impl Reporter {
    /// A reporter for a run of `total` inputs; a progress bar when stderr is a terminal,
    /// the run is long enough and not `quiet`.
    pub fn new(total: usize, quiet: bool) -> Self {
        if quiet || total < PROGRESS_MIN_FILES || !std::io::stderr().is_terminal() {
            return Reporter { bar: None, quiet };
        }
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} files (eta {eta})") {
            bar.set_style(style);
        }
        Reporter { bar: Some(bar), quiet }
    }

    /// Writes one line on stderr.
    pub fn note(&self, line: &str) {
        match &self.bar {
            Some(b) => b.println(line),
            None => eprintln!("{line}"),
        }
    }

    /// Reports a failure and counts it.
    pub fn fail(&self, tally: &mut Tally, e: InputError) {
        self.note(&format!("taizhang: {}", failure(&e)));
        tally.failed.push(e);
    }

    /// Notes a skipped entry (unless quiet, and except skips by extension, which only the
    /// summary counts) and counts it.
    pub fn skip(&self, tally: &mut Tally, path: PathBuf, skip: Skip) {
        if !self.quiet && !matches!(skip, Skip::Extension(_)) {
            self.note(&format!("taizhang: skipped {}: {}", shown(&path), skip.reason()));
        }
        tally.skipped.push((path, skip));
    }

    /// Clears the progress bar.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }

    /// Counts an outcome; notes failures and skips. Returns the output of a done input.
    pub fn record<T>(&self, tally: &mut Tally, outcome: Outcome<T>) -> Option<T> {
        if let Some(b) = &self.bar {
            b.inc(1);
        }
        match outcome {
            Outcome::Done(t, stats) => {
                tally.add(stats);
                Some(t)
            }
            Outcome::Failed(e) => {
                self.fail(tally, e);
                None
            }
            Outcome::Skipped(path, skip) => {
                self.skip(tally, path, skip);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_shares_and_names() {
        let mut t = Tally::default();
        t.add(DocStats { items: 4, commitments: 4, with_owner: 3, with_deadline: 1, flags: vec!["missing-deadline".into(); 3], due: 2 });
        t.view = Some("due on or before 2024-06-30".into());
        t.failed.push(InputError::new("bad\n.docx", "not a valid .docx (zip) file"));
        t.skipped.push(("a/x.zip".into(), Skip::Extension("zip".into())));
        t.skipped.push(("a/y.zip".into(), Skip::Extension("zip".into())));
        t.skipped.push(("a/fifo".into(), Skip::Special("a FIFO (named pipe)")));
        let s = t.summary("files", true);
        assert!(s.contains("5 files: 1 read, 1 failed, 3 skipped"), "{s}");
        assert!(s.contains("75.0% with an owner"), "{s}");
        assert!(s.contains("25.0% with a time limit"), "{s}");
        assert!(s.contains("missing-deadline 3"), "{s}");
        assert!(s.contains("due on or before 2024-06-30: 2 of 4 commitments"), "{s}");
        assert!(s.contains("skipped (extensions taizhang does not read): .zip 2"), "{s}");
        assert!(s.contains("skipped: a/fifo: a FIFO (named pipe), not read"), "{s}");
        assert!(s.contains("failed: bad\\n.docx: not a valid"), "{s}");
        assert!(s.lines().all(|l| l.starts_with("taizhang: ")), "{s}");
    }
}

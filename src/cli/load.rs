//! Reading one input of a batch: what fails, what is skipped, and the gate that keeps large
//! inputs from running side by side.
//!
//! Analysis needs about 160 times an input's size in memory, so `--jobs 8` over eight
//! 60 MB files would need eight times what one needs. An input above [`LARGE_INPUT`] bytes
//! (as read, or as text once decoded: a small .docx can hold much text) first takes the one
//! "large" permit of the run and holds it until its output is made; small inputs go on in
//! parallel meanwhile. So at most one large input is in memory at a time whatever `--jobs`
//! says. (Two 9.5 MB statements with `--jobs 2`: peak RSS 606 MB gated, 1,010 MB without
//! the gate; one alone 536 MB.)

use super::walk::{Input, Kind, Skip};
use std::sync::{Mutex, MutexGuard};
use taizhang::extract::segment::{Segmenter, SUBSET_BUDGET};
use taizhang::read::{self as input, Document, InputError};

/// Inputs larger than this many bytes (read, or decoded) are analysed one at a time.
pub const LARGE_INPUT: usize = 8 << 20;

/// Why an input was not read.
pub enum Unread {
    /// Could not be read: reported, and the run exits with 2.
    Failed(InputError),
    /// Not something taizhang reads (a walked file without extension holding binary data).
    Skipped(Skip),
}

/// Reads the inputs of one run; owns the large-input permit.
pub struct Loader {
    max_size: u64,
    large: Mutex<()>,
}

/// The large-input permit.
pub struct Permit<'a>(#[allow(dead_code)] MutexGuard<'a, ()>);

/// A document read, with the large-input permit when it is large: hold it until the
/// document's output is made (drop the analysis first).
pub struct Loaded<'a> {
    pub doc: Document,
    pub _permit: Option<Permit<'a>>,
}

impl Loader {
    /// A loader refusing inputs over `max_size` bytes.
    pub fn new(max_size: u64) -> Self {
        Loader { max_size, large: Mutex::new(()) }
    }

    /// The large-input permit if `len` bytes is large and it is not held yet. Waits while
    /// another large input holds it.
    pub fn permit_for<'a>(&'a self, len: usize, held: Option<Permit<'a>>) -> Option<Permit<'a>> {
        if held.is_some() || len <= LARGE_INPUT {
            return held;
        }
        // A panic while the permit was held poisons it; the permit itself is still good.
        Some(Permit(self.large.lock().unwrap_or_else(|e| e.into_inner())))
    }

    /// Reads and decodes one input. A walked file without an extension that holds binary
    /// data (or a zip archive) is skipped; every other problem is a failure.
    pub fn load(&self, input: &Input) -> Result<Loaded<'_>, Unread> {
        if input.path.as_os_str() == "-" {
            let doc = input::read_path(&input.path, self.max_size).map_err(Unread::Failed)?;
            let permit = self.permit_for(doc.text.len(), None);
            return Ok(Loaded { doc, _permit: permit });
        }
        let bytes = input::read_file(&input.path, self.max_size).map_err(Unread::Failed)?;
        if input.kind == Kind::Sniffed && (input::is_binary(&bytes) || bytes.starts_with(b"PK\x03\x04")) {
            return Err(Unread::Skipped(Skip::Binary));
        }
        let permit = self.permit_for(bytes.len(), None);
        let doc = input::decode_file_limited(&input.path, &bytes, self.max_size).map_err(Unread::Failed)?;
        drop(bytes);
        let permit = self.permit_for(doc.text.len(), permit);
        Ok(Loaded { doc, _permit: permit })
    }
}

/// What the first worker of a batch over `inputs` on `jobs` threads does before its first
/// job ([`run_ordered`](super::pool::run_ordered)'s prelude): loads the whole dictionary,
/// when the inputs add up to more than per-text segmenters serve ([`SUBSET_BUDGET`] bytes)
/// and there is another worker to go on meanwhile. Texts segmented while it loads get
/// per-text segmenters instead of waiting; without it, one worker would load the dictionary
/// inside a job while the rest wait at the reorder window. With `--jobs 1` there is none: one
/// thread loads the dictionary when the budget is spent.
pub fn dictionary_prelude<'a>(segmenter: &'a Segmenter, jobs: usize, inputs: &[Input]) -> Option<impl FnOnce() + Send + 'a> {
    (jobs > 1 && inputs.len() > 1 && adds_up_to(inputs, SUBSET_BUDGET)).then_some(move || segmenter.load_whole())
}

/// True when the files of `inputs` hold more than `budget` bytes (standard input and files
/// that cannot be read count as empty here; reading them reports the problem).
fn adds_up_to(inputs: &[Input], budget: usize) -> bool {
    let mut total = 0u64;
    inputs.iter().filter(|i| i.path.as_os_str() != "-").any(|i| {
        total += std::fs::metadata(&i.path).map(|m| m.len()).unwrap_or(0);
        total > budget as u64
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

    #[test]
    fn large_inputs_take_turns_and_small_ones_do_not_wait() {
        let loader = Loader::new(u64::MAX);
        assert!(loader.permit_for(LARGE_INPUT, None).is_none());
        let inside = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..20 {
                        let _permit = loader.permit_for(LARGE_INPUT + 1, None);
                        let now = inside.fetch_add(1, SeqCst) + 1;
                        most.fetch_max(now, SeqCst);
                        std::thread::sleep(std::time::Duration::from_micros(200));
                        inside.fetch_sub(1, SeqCst);
                    }
                });
            }
            // While the large ones queue, a small one passes at once.
            s.spawn(|| assert!(loader.permit_for(10, None).is_none()));
        });
        assert_eq!(most.load(SeqCst), 1);
    }
}

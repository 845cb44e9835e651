//! The ordered parallel pool: jobs run on worker threads, results come back in feed order
//! through a bounded reorder window, so memory does not grow with the archive.
//!
//! Three parties share crossbeam channels and no lock:
//! * a feeder thread pulls jobs from the feed (which may block, e.g. on standard input) and
//!   takes one slot of the window per job (a bounded channel of `window` slots);
//! * `threads` workers run the jobs (each under `catch_unwind`) and send the results back;
//! * the calling thread puts the results in order and hands them to the sink, freeing one
//!   slot per result handed on.
//!
//! At most `window` jobs are pulled but not yet handed on, whatever the feed's length.

use crossbeam_channel::{bounded, unbounded};
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Jobs pulled from the feed and not yet handed to the sink, per worker thread.
const WINDOW_PER_THREAD: usize = 4;

/// The reorder window of a pool of `threads` workers: the most jobs pulled from the feed
/// and not yet handed to the sink.
pub fn window(threads: usize) -> usize {
    threads.max(1) * WINDOW_PER_THREAD + 4
}

/// Runs `work` on the jobs of `feed` on `threads` worker threads and hands each result to
/// `sink` with its key, in feed order. At most [`window`]`(threads)` jobs are in flight
/// (pulled and not yet handed on), so memory stays bounded however long the feed is. A
/// panic in `work` reaches `sink` as `Err(message)`; the other jobs go on. Stops early
/// (pulling no more jobs) when `sink` returns false.
///
/// `prelude`, when given, is run by the first worker before it takes a job (loading what
/// later jobs share, such as the whole dictionary), while the other workers start on the
/// jobs: a worker's core does it, and no extra thread competes with the workers for the
/// cores. A panic in it is caught and the worker goes on to the jobs.
///
/// # Errors
/// A worker thread that cannot be started.
pub fn run_ordered<K, J, R>(
    threads: usize,
    prelude: Option<impl FnOnce() + Send>,
    feed: impl Iterator<Item = (K, J)> + Send,
    work: impl Fn(J) -> R + Sync,
    mut sink: impl FnMut(K, Result<R, String>) -> bool,
) -> Result<(), String>
where
    K: Send,
    J: Send,
    R: Send,
{
    let threads = threads.max(1);
    let window = window(threads);
    // A slot is taken (sent) before a job is pulled and freed (received) when its result is
    // handed on.
    let (slot_take, slot_free) = bounded::<()>(window);
    // Jobs wait for a worker in a queue as long as the window: the feeder, which competes
    // with the workers for the cores, fills it in one go and sleeps, and a worker that is
    // done finds its next job there rather than waiting for the feeder to be scheduled.
    let (job_tx, job_rx) = bounded::<(usize, K, J)>(window);
    let (result_tx, result_rx) = unbounded::<(usize, K, Result<R, String>)>();
    let work = &work;
    std::thread::scope(|scope| -> Result<(), String> {
        std::thread::Builder::new()
            .name("taizhang-feed".into())
            .spawn_scoped(scope, move || {
                let mut feed = feed;
                for idx in 0.. {
                    // A slot before a job is pulled; this fails when the sink has stopped.
                    if slot_take.send(()).is_err() {
                        return;
                    }
                    let Some((key, job)) = feed.next() else {
                        return;
                    };
                    if job_tx.send((idx, key, job)).is_err() {
                        return;
                    }
                }
            })
            .map_err(|e| format!("cannot start the reader thread: {e}"))?;
        let mut prelude = prelude;
        for n in 0..threads {
            let (job_rx, result_tx) = (job_rx.clone(), result_tx.clone());
            let prelude = prelude.take();
            std::thread::Builder::new()
                .name(format!("taizhang-{n}"))
                .spawn_scoped(scope, move || {
                    if let Some(prelude) = prelude {
                        let _ = catch_unwind(AssertUnwindSafe(prelude));
                    }
                    for (idx, key, job) in job_rx {
                        let result = catch_unwind(AssertUnwindSafe(|| work(job))).map_err(|p| panic_message(&*p));
                        if result_tx.send((idx, key, result)).is_err() {
                            return;
                        }
                    }
                })
                .map_err(|e| format!("cannot start {threads} worker threads: {e}"))?;
        }
        drop((job_rx, result_tx));
        let mut pending = BTreeMap::new();
        let mut next = 0usize;
        'receive: for (idx, key, result) in result_rx.iter() {
            pending.insert(idx, (key, result));
            while let Some((key, result)) = pending.remove(&next) {
                next += 1;
                let go_on = sink(key, result);
                let _ = slot_free.try_recv();
                if !go_on {
                    break 'receive;
                }
            }
        }
        // Dropping the receivers ends the feeder (its next send fails) and then the workers.
        drop((slot_free, result_rx));
        Ok(())
    })
}

/// The message of a caught panic.
pub fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    let msg = p.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| p.downcast_ref::<String>().cloned()).unwrap_or_else(|| "unknown panic".to_string());
    format!("internal error while analysing: {msg}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

    #[test]
    fn results_arrive_in_order_with_a_bounded_window() {
        let in_flight = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let pulled = AtomicUsize::new(0);
        let mut seen = Vec::new();
        let feed = (0..200usize).map(|i| {
            pulled.fetch_add(1, SeqCst);
            (i, i)
        });
        run_ordered(
            3,
            None::<fn()>,
            feed,
            |i| {
                let now = in_flight.fetch_add(1, SeqCst) + 1;
                most.fetch_max(now, SeqCst);
                std::thread::sleep(std::time::Duration::from_micros(((i * 7919) % 13) as u64 * 50));
                in_flight.fetch_sub(1, SeqCst);
                if i == 17 {
                    panic!("boom");
                }
                i * 2
            },
            |k, r| {
                match r {
                    Ok(v) => assert_eq!(v, k * 2),
                    Err(m) => assert!(k == 17 && m.contains("boom")),
                }
                seen.push(k);
                // Pulled but not handed on (this one included): never more than the window.
                let ahead = pulled.load(SeqCst) - (seen.len() - 1);
                assert!(ahead <= window(3), "{ahead} jobs in flight");
                true
            },
        )
        .unwrap();
        assert_eq!(seen, (0..200).collect::<Vec<_>>());
        assert!(most.load(SeqCst) <= 3);
    }

    #[test]
    fn a_slow_first_job_holds_the_feed_at_the_window() {
        // Job 0 is slow: the others finish but wait in the window; the feed stops there.
        let pulled = AtomicUsize::new(0);
        let most_ahead = AtomicUsize::new(0);
        let feed = (0..100usize).map(|i| {
            pulled.fetch_add(1, SeqCst);
            (i, i)
        });
        let mut handed = 0usize;
        run_ordered(
            2,
            None::<fn()>,
            feed,
            |i| {
                if i == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(200));
                }
                i
            },
            |_, _| {
                most_ahead.fetch_max(pulled.load(SeqCst) - handed, SeqCst);
                handed += 1;
                true
            },
        )
        .unwrap();
        assert_eq!(handed, 100);
        assert!(most_ahead.load(SeqCst) <= window(2), "{}", most_ahead.load(SeqCst));
    }

    #[test]
    fn the_prelude_runs_once_while_the_other_workers_go_on() {
        use std::sync::atomic::AtomicBool;
        let done = AtomicBool::new(false);
        let runs = AtomicUsize::new(0);
        let before = AtomicUsize::new(0);
        let mut handed = 0;
        run_ordered(
            2,
            Some(|| {
                runs.fetch_add(1, SeqCst);
                std::thread::sleep(std::time::Duration::from_millis(150));
                done.store(true, SeqCst);
            }),
            (0..40usize).map(|i| (i, i)),
            |i| {
                if !done.load(SeqCst) {
                    before.fetch_add(1, SeqCst);
                }
                std::thread::sleep(std::time::Duration::from_millis(1));
                i
            },
            |k, r| {
                assert_eq!((k, r), (handed, Ok(handed)));
                handed += 1;
                true
            },
        )
        .unwrap();
        assert_eq!((handed, runs.load(SeqCst)), (40, 1));
        // The other worker did not wait for the prelude.
        assert!(before.load(SeqCst) > 0);
    }

    #[test]
    fn a_panic_in_the_prelude_leaves_the_jobs_to_run() {
        let mut got = 0;
        run_ordered(
            2,
            Some(|| panic!("prelude")),
            (0..10usize).map(|i| (i, i)),
            |i| i,
            |_, r| {
                got += usize::from(r.is_ok());
                true
            },
        )
        .unwrap();
        assert_eq!(got, 10);
    }

    #[test]
    fn a_sink_can_stop_the_run() {
        let mut n = 0;
        let pulled = AtomicUsize::new(0);
        let feed = (0..1000usize).map(|i| {
            pulled.fetch_add(1, SeqCst);
            (i, i)
        });
        run_ordered(
            2,
            None::<fn()>,
            feed,
            |i| i,
            |_, _| {
                n += 1;
                n < 5
            },
        )
        .unwrap();
        assert_eq!(n, 5);
        assert!(pulled.load(SeqCst) <= 5 + window(2) + 1, "pulled {}", pulled.load(SeqCst));
    }

    #[test]
    fn a_panic_reaches_the_sink_and_the_rest_go_on() {
        let mut got = Vec::new();
        run_ordered(
            2,
            None::<fn()>,
            (0..10usize).map(|i| (i, i)),
            |i| {
                if i % 3 == 0 {
                    panic!("bad job {i}");
                }
                i
            },
            |k, r| {
                got.push((k, r.map_err(|m| m.contains(&format!("bad job {k}")))));
                true
            },
        )
        .unwrap();
        assert_eq!(got.len(), 10);
        for (k, r) in got {
            assert_eq!(r, if k % 3 == 0 { Err(true) } else { Ok(k) });
        }
    }
}

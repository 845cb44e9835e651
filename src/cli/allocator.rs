//! The binary's memory allocator: jemalloc (tikv-jemallocator) where it builds, the system's
//! elsewhere (MSVC).
//!
//! An analysis makes many small allocations (spans, owners, findings) and frees a large
//! segmenter early on. Against glibc's malloc, jemalloc made `extract` about 12 % faster,
//! and with freed pages returned to the system at once (`dirty_decay_ms:0,
//! muzzy_decay_ms:0`) the peak memory of one 8 MB text fell from 108 to 98 MB
//! (`scripts/bench_memory.sh`). The benchmarks include this file, so they time the
//! allocator the binary runs with.

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read when it starts (its `malloc_conf`; `_RJEM_MALLOC_CONF` in the
/// environment still overrides them): return freed pages to the system without delay.
#[cfg(not(target_env = "msvc"))]
#[allow(non_upper_case_globals)]
#[export_name = "_rjem_malloc_conf"]
pub static malloc_conf: &[u8] = b"dirty_decay_ms:0,muzzy_decay_ms:0\0";

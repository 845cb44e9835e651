//! The binary's memory allocator: jemalloc (tikv-jemallocator) where it builds, the system's
//! elsewhere (MSVC).
//!
//! An analysis makes many small allocations (spans, owners, findings). Against glibc's
//! malloc, jemalloc with its default options analyses about 10 % faster (`cargo bench
//! --bench analyze`: 5.0 → 5.5 MB/s on the real texts) and cuts a batch of 1,000 statements
//! from 0.97 to 0.85 s, with the same peak memory on one 8 MB text. Bare jieba-rs `cut` runs
//! as fast under either, so the benchmark's ratio does not gain from the choice. (Returning
//! freed pages at once, `dirty_decay_ms:0`, saved 3 MB there but slowed jieba's `cut` by a
//! fifth: not used.) The benchmarks include this file, so they time the allocator the binary
//! runs with.

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

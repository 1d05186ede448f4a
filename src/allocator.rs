//! Settings of the C allocator (glibc malloc, which ONNX Runtime uses too) for a
//! process that analyses photos, and giving its free memory back after a scan.
//!
//! Each photo makes large short-lived buffers: the decoded photo (36 MB for 12 MP), the
//! analysed image and its pyramid, and ONNX Runtime's activations (its own arenas are
//! off, see `runtime`). glibc serves blocks above a sliding threshold (at most 32 MB)
//! with fresh `mmap`s and gives them back at once, so every photo faults the same
//! memory in again (400,000 page faults and 1.1-1.4 s of system time for 32 photos),
//! and each worker thread gets its own arena that holds on to its peak.
//!
//! Measured with `/usr/bin/time -v kindred scan DIR` into a new library (32 photos: six
//! 12 MP composites, 0.2-3 MP others, eight 150 px crops; 2 workers), two runs each:
//!
//! | allocator | wall s | system s | page faults | peak MB |
//! |---|---|---|---|---|
//! | glibc defaults | 2.54, 2.70 | 1.10, 1.37 | 394k, 425k | 667, 609 |
//! | 2 arenas, no mmap below 128 MB, trim above 256 MB | 2.15, 1.98 | 0.50, 0.44 | 152k, 135k | 568, 512 |
//! | 1 arena, same | 2.22, 2.39 | 0.61, 0.61 | 140k, 132k | 546, 513 |
//! | glibc defaults, 1 arena | 2.47, 2.48 | 1.17, 1.03 | - | 525, 551 |
//! | mmap above 4 MB | 4.42 | - | - | 440 |
//! | mmap above 1 MB, trim above 1 MB | 5.24 | - | - | 344 |
//!
//! Buffers reused from the heap cost less time *and* less peak memory than buffers
//! mapped afresh; returning memory eagerly halves the peak but doubles the time. So:
//! two arenas, the heap for everything below 128 MB, and the heap's free memory handed
//! back to the system once a scan ends ([`release_free_memory`]), so that an idle app
//! does not keep a scan's peak.

/// Tunes glibc malloc for photo analysis (see the module docs). Call first in `main`,
/// before any thread starts. A no-op elsewhere than on Linux with glibc.
pub fn tune_for_photos() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator parameters; called before other threads.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
    }
}

/// Gives the allocator's free memory back to the system (after a scan).
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim is thread-safe and only releases free memory.
    unsafe {
        libc::malloc_trim(0);
    }
}

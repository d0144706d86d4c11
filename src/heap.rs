//! The C allocator's settings for a training process. The binaries call [`keep_freed_memory`]
//! at start; the library itself never changes process-wide state.

/// On Linux with glibc: allocations up to 32 MiB (glibc's largest setting) come from the heap
/// rather than from fresh mappings, and freed heap memory stays with the process. A training
/// step frees and allocates the same activations every step; under glibc's defaults the large
/// ones come back as new pages to fault in again (on the CPU backend each recomputed layer paid
/// for its pages twice). The resident size then stays at the run's peak, as a device pool does.
/// Elsewhere it does nothing.
pub fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes glibc's allocation thresholds; it may be called at any time.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, i32::MAX);
    }
}

//! Handing freed memory back to the system. glibc's allocator keeps one heap per thread that
//! allocated; what one thread frees is not reused by another, and a freed block stays part of
//! the process until its heap is trimmed. A large document is analysed on both cores and
//! indexed again on another thread after edits, so without a trim its peak counts the old
//! index's pages beside the new one's (the pass after edits to a 20 MB document peaked about
//! 80 MiB above the open).

/// Blocks of this size or more get pages of their own, handed back as soon as they are freed.
const OWN_PAGES_FROM: i32 = 1024 * 1024;
/// Free memory at the top of a heap is kept up to this size: a keystroke's diagnostics
/// notification (a few hundred KB with hundreds of diagnostics) would otherwise grow and
/// shrink the heap, with a system call and fresh pages, on every keystroke.
const KEEP_AT_TOP: i32 = 1024 * 1024;

/// Sets up the allocator for the process: called once, first thing. glibc raises the size
/// from which a block gets its own pages each time such a block is freed (up to 32 MiB), so
/// the large lists of a large document end up inside a heap, and the holes they leave when they
/// grow or go stay counted (about 25 MiB of the 40 MB check, 8 MiB of the 20 MB document). A
/// fixed size keeps them out; fixing it also fixes how much free memory a heap keeps at its
/// top, which is set here too.
pub fn configure() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes a tuning parameter, before any thread is started.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, OWN_PAGES_FROM);
        libc::mallopt(libc::M_TRIM_THRESHOLD, KEEP_AT_TOP);
    }
}

/// Returns the free pages of every heap to the system. Costs a walk over the free blocks: for
/// use after a large structure is dropped, not on every keystroke.
pub fn return_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases memory that is free; it takes the allocator's locks.
    unsafe {
        libc::malloc_trim(0);
    }
}

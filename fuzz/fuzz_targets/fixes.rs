//! A mutated statement: no fix adds an error, and fixing all is idempotent (see
//! `tests/support/invariants.rs`).
#![no_main]

#[path = "../../tests/support/invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    invariants::fixes_add_no_errors(&String::from_utf8_lossy(data));
});

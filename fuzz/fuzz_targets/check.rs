//! Any bytes, as text: checking never panics and every range it reports is a slice of the
//! text (see `tests/support/invariants.rs`).
#![no_main]

#[path = "../../tests/support/invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    invariants::ranges_are_slices(&String::from_utf8_lossy(data));
});

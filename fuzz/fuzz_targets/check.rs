//! Any bytes, as text: checking never panics, every range it reports is a slice of the text,
//! and the plain reader reads every statement it takes as tree-sitter does (see
//! `tests/support/invariants.rs`).
#![no_main]

#[path = "../../tests/support/invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    invariants::ranges_are_slices(&text);
    invariants::plain_reading_matches_tree_sitter(&text);
});

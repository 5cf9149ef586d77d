//! Any bytes, as text, formatted with options taken from the first byte: formatting twice
//! equals once, and keeps diagnostics, parameters, values and comments; statements with a
//! syntax error are not touched (see `tests/support/invariants.rs`).
#![no_main]

#[path = "../../tests/support/invariants.rs"]
mod invariants;

use secint::format::{FormatOptions, KeywordCase};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let options = FormatOptions {
        indent: usize::from(first & 3),
        keyword_case: if first & 4 == 0 {
            KeywordCase::Upper
        } else {
            KeywordCase::Lower
        },
        width: [100, 40, 20, 0][usize::from((first >> 3) & 3)],
        align_equals: first & 32 != 0,
        sort_parameters: first & 64 != 0,
        use_tabs: first & 128 != 0,
    };
    invariants::formatting_keeps_meaning(&String::from_utf8_lossy(rest), &options);
});

//! An initial text, then didChange batches: the server's document tracks a plain `String`
//! edited the same way, and its diagnostics equal a fresh check (see
//! `tests/support/invariants.rs`).
//!
//! Input: the initial text up to the first NUL byte (so the fixtures seed it as they are),
//! then the edit script, decoded with `arbitrary`.
#![no_main]

#[path = "../../tests/support/invariants.rs"]
mod invariants;

use arbitrary::{Arbitrary, Unstructured};
use invariants::Change;
use secint::text::Encoding;
use tower_lsp_server::ls_types::Position;

#[derive(Arbitrary, Debug)]
struct Script {
    encoding: u8,
    batches: Vec<Vec<ArbitraryChange>>,
}

#[derive(Arbitrary, Debug)]
struct ArbitraryChange {
    kind: u8,
    start: (u8, u8),
    end: (u8, u8),
    text: Vec<Piece>,
}

/// Inserted text is built from pieces, so line breaks, multi-byte characters and the
/// catalog's words turn up often.
#[derive(Arbitrary, Debug)]
enum Piece {
    Text(String),
    Lf,
    CrLf,
    Cr,
    Punctuation(u8),
    Wide(u8),
    Word(u8),
}

const PUNCTUATION: &[&str] = &[
    ";", "'", "\"", "(", ")", ",", "=", " ", "--", "//", "/*", "*/", "$$",
];
const WIDE: &[&str] = &[
    "é", "😀", "中", "\u{feff}", "\u{2028}", "𝔸", "e\u{301}", "\u{85}",
];
const WORDS: &[&str] = &[
    "CREATE",
    "ALTER",
    "SECURITY INTEGRATION",
    "IF NOT EXISTS",
    "OR REPLACE",
    "TYPE",
    "SET",
    "UNSET",
    "OAUTH",
    "EXTERNAL_OAUTH",
    "SAML2",
    "TRUE",
    "FALSE",
    "CUSTOM",
    "ENABLED",
];

fn piece_text(piece: &Piece) -> String {
    let pick = |list: &[&str], i: u8| list[i as usize % list.len()].to_string();
    match piece {
        Piece::Text(s) => s.clone(),
        Piece::Lf => "\n".into(),
        Piece::CrLf => "\r\n".into(),
        Piece::Cr => "\r".into(),
        Piece::Punctuation(i) => pick(PUNCTUATION, *i),
        Piece::Wide(i) => pick(WIDE, *i),
        Piece::Word(i) => {
            let catalog = secint::catalog::Catalog::get();
            let names: Vec<&str> = catalog
                .kinds
                .iter()
                .flat_map(|k| k.parameters.iter().map(|p| p.name.as_str()))
                .collect();
            let i = *i as usize;
            if i < WORDS.len() {
                WORDS[i].to_string()
            } else {
                names[i % names.len()].to_string()
            }
        }
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let initial = String::from_utf8_lossy(&data[..split]);
    let rest = data.get(split + 1..).unwrap_or(&[]);
    let Ok(script) = Script::arbitrary_take_rest(Unstructured::new(rest)) else {
        return;
    };
    let encoding = match script.encoding % 3 {
        0 => Encoding::Utf8,
        1 => Encoding::Utf16,
        _ => Encoding::Utf32,
    };
    // Lines a little past the initial text's end, so most positions land inside it.
    let lines = initial.lines().count() as u32 + 2;
    let position =
        |(line, character): (u8, u8)| Position::new(line as u32 % lines, character as u32);
    let batches: Vec<Vec<Change>> = script
        .batches
        .iter()
        .take(16)
        .map(|batch| {
            batch
                .iter()
                .take(4)
                .map(|c| Change {
                    range: (c.kind % 32 != 0).then(|| (position(c.start), position(c.end))),
                    text: c.text.iter().take(16).map(piece_text).collect(),
                })
                .collect()
        })
        .collect();
    invariants::edits_match_plain_text(&initial, &batches, encoding);
});

//! The committed parser must come from the committed grammar.js.

use sha2::{Digest, Sha256};

#[test]
fn generated_parser_matches_grammar_js() {
    let root = env!("CARGO_MANIFEST_DIR");
    let grammar = std::fs::read(format!("{root}/grammar.js")).unwrap();
    let recorded = std::fs::read_to_string(format!("{root}/src/GRAMMAR_HASH")).unwrap();
    let actual = format!("{:x}", Sha256::digest(&grammar));
    assert!(
        recorded.contains(&format!("grammar.js sha256 {actual}")),
        "grammar.js changed since src/ was generated: run grammar/regenerate.sh\nrecorded: {recorded}"
    );
}

#[test]
fn generated_parser_uses_the_pinned_base_grammar() {
    let root = env!("CARGO_MANIFEST_DIR");
    let recorded = std::fs::read_to_string(format!("{root}/src/GRAMMAR_HASH")).unwrap();
    assert!(recorded.contains("tree-sitter-sequel 0.3.11"), "{recorded}");
}

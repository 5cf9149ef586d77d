//! Property tests: the fuzz targets' properties (tests/support/invariants.rs) on SQL-ish text
//! built from fixture statements, the catalog's names and values, quotes, brackets, `;`,
//! comments, multi-byte characters and CRLF. 256 cases each by default; `PROPTEST_CASES=N`
//! runs more. Failures are saved in tests/properties.proptest-regressions and replayed first.

mod support;

#[path = "support/invariants.rs"]
mod invariants;

use invariants::Change;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use secint::catalog::Catalog;
use secint::text::Encoding;
use std::sync::OnceLock;
use support::{fixtures_dir, sql_files, strip_annotations};
use tower_lsp_server::ls_types::Position;

fn config() -> ProptestConfig {
    let cases = match std::env::var_os("PROPTEST_CASES") {
        Some(_) => ProptestConfig::default().cases,
        None => 256,
    };
    ProptestConfig::with_cases(cases)
}

/// Every statement of every fixture, with its `;`.
fn statements() -> &'static [String] {
    static STATEMENTS: OnceLock<Vec<String>> = OnceLock::new();
    STATEMENTS.get_or_init(|| {
        let mut all = Vec::new();
        for folder in [
            "rules",
            "reference",
            "editing",
            "completion",
            "lsp",
            "format",
        ] {
            for path in sql_files(&fixtures_dir(folder)) {
                let text = strip_annotations(&std::fs::read_to_string(&path).unwrap());
                all.extend(
                    text.split_inclusive(';')
                        .map(|s| s.trim_start().to_string())
                        .filter(|s| !s.trim().is_empty()),
                );
            }
        }
        all
    })
}

/// Words, values and punctuation that statements are made of.
fn tokens() -> &'static [String] {
    static TOKENS: OnceLock<Vec<String>> = OnceLock::new();
    TOKENS.get_or_init(|| {
        let mut all: Vec<String> = [
            "CREATE",
            "ALTER",
            "DROP",
            "SECURITY",
            "INTEGRATION",
            "IF NOT EXISTS",
            "OR REPLACE",
            "SET",
            "UNSET",
            "TYPE",
            "=",
            "'",
            "\"",
            "(",
            ")",
            ",",
            ";",
            "--",
            "//",
            "/*",
            "*/",
            "$$",
            "<",
            ">",
            "'https://app.example.com/cb?x=1'",
            "'sub'",
            "3600",
            "TRUE",
            "'é'",
            "😀",
            "中",
            "\u{feff}",
            "e\u{301}",
            "\r",
            "\r\n",
            "\n",
            "\t",
            // Suppression comments, whole and broken.
            "-- secint: ignore[placeholder]",
            "-- secint: ignore-file[hardening, syntax]",
            "-- secint:",
            "secint:",
            "ignore[",
            "]",
            "-- secint: ignroe[",
            "placehodler",
        ]
        .map(String::from)
        .to_vec();
        for kind in &Catalog::get().kinds {
            all.push(kind.type_name.clone());
            for parameter in &kind.parameters {
                all.push(parameter.name.clone());
                all.extend(parameter.values.iter().map(|v| v.name.clone()));
            }
        }
        all
    })
}

fn separator() -> impl Strategy<Value = &'static str> {
    select(&[" ", " ", " ", "\n", "\r\n", "", "\t", "\n  "][..])
}

/// A run of tokens with separators.
fn soup(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec((select(tokens()), separator()), 0..max).prop_map(|parts| {
        parts
            .into_iter()
            .flat_map(|(token, sep)| [token, sep.to_string()])
            .collect()
    })
}

/// One to three fixture statements, some line breaks made CRLF, with tokens spliced in and
/// stretches cut out.
fn sql() -> impl Strategy<Value = String> {
    let statements = prop::collection::vec(select(statements()), 1..4);
    let splices = prop::collection::vec((any::<Index>(), soup(4)), 0..5);
    let cuts = prop::collection::vec((any::<Index>(), 0..12usize), 0..3);
    let mutated =
        (statements, any::<bool>(), splices, cuts).prop_map(|(statements, crlf, splices, cuts)| {
            let mut text = statements.join("\n");
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            for (at, piece) in splices {
                let at = boundary(&text, at);
                text.insert_str(at, &piece);
            }
            for (at, len) in cuts {
                let start = boundary(&text, at);
                let end = text[start..]
                    .char_indices()
                    .nth(len)
                    .map_or(text.len(), |(i, _)| start + i);
                text.replace_range(start..end, "");
            }
            text
        });
    prop_oneof![3 => mutated, 1 => soup(40)]
}

/// A character boundary of `text`, chosen by `index`.
fn boundary(text: &str, index: Index) -> usize {
    let count = text.chars().count();
    let n = index.index(count + 1);
    text.char_indices().nth(n).map_or(text.len(), |(i, _)| i)
}

fn position() -> impl Strategy<Value = Position> {
    (0..14u32, 0..70u32).prop_map(|(line, character)| Position::new(line, character))
}

fn change() -> impl Strategy<Value = Change> {
    let range = prop_oneof![
        1 => Just(None),
        24 => (position(), position()).prop_map(Some),
    ];
    (range, soup(4)).prop_map(|(range, text)| Change { range, text })
}

/// Any combination of the formatter's options.
fn format_options() -> impl Strategy<Value = secint::format::FormatOptions> {
    (
        0..5usize,
        any::<bool>(),
        select(&[20usize, 40, 100][..]),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(indent, lower, width, align_equals, sort_parameters)| {
            secint::format::FormatOptions {
                indent,
                keyword_case: if lower {
                    secint::format::KeywordCase::Lower
                } else {
                    secint::format::KeywordCase::Upper
                },
                width,
                align_equals,
                sort_parameters,
                use_tabs: false,
            }
        })
}

fn encoding() -> impl Strategy<Value = Encoding> {
    select(&[Encoding::Utf8, Encoding::Utf16, Encoding::Utf32][..])
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn reported_ranges_are_slices_of_the_text(text in sql()) {
        invariants::ranges_are_slices(&text);
    }

    #[test]
    fn check_in_batches_reports_what_the_editor_reports(text in sql()) {
        invariants::check_matches_the_editor(&text);
    }

    #[test]
    fn fixes_add_no_errors_and_fixing_all_is_idempotent(text in sql()) {
        invariants::fixes_add_no_errors(&text);
    }

    #[test]
    fn formatting_is_idempotent_and_keeps_parameters_diagnostics_and_comments(
        text in sql(),
        options in format_options(),
    ) {
        invariants::formatting_keeps_meaning(&text, &options);
    }

    #[test]
    fn edits_through_the_server_document_match_a_plain_string(
        initial in sql(),
        batches in prop::collection::vec(prop::collection::vec(change(), 1..4), 1..8),
        encoding in encoding(),
    ) {
        invariants::edits_match_plain_text(&initial, &batches, encoding);
    }
}

#[test]
fn the_plain_position_model_follows_the_protocol() {
    let text = "aé😀\r\nb\rc\n";
    let at = |line, character, encoding| {
        invariants::plain_offset(text, Position::new(line, character), encoding)
    };
    assert_eq!(at(0, 3, Encoding::Utf8), 3);
    assert_eq!(at(0, 2, Encoding::Utf8), 1, "inside é: its start");
    assert_eq!(
        at(0, 3, Encoding::Utf16),
        3,
        "inside the surrogate pair: its start"
    );
    assert_eq!(at(0, 4, Encoding::Utf16), 7);
    assert_eq!(at(0, 99, Encoding::Utf32), 7, "past the end: before CRLF");
    assert_eq!(at(1, 1, Encoding::Utf16), 10);
    assert_eq!(at(2, 0, Encoding::Utf16), 11, "a lone CR ends a line");
    assert_eq!(at(3, 0, Encoding::Utf16), text.len());
    assert_eq!(at(9, 0, Encoding::Utf16), text.len());
}

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
            splice_and_cut(&mut text, splices, cuts);
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

/// A fixture statement with a few of the things at the edge of what the plain reader takes
/// spliced in or cut out.
fn near_plain() -> impl Strategy<Value = String> {
    const EDGES: &[&str] = &[
        "'",
        "''",
        "\"",
        "\"\"",
        "-",
        "--",
        "//",
        "/*",
        "*/",
        "(",
        ")",
        ",",
        ",,",
        "=",
        ";",
        " ",
        "\n",
        "\t",
        "\r",
        "\u{b}",
        "\u{c}",
        "N",
        "n'x'",
        "U&'x'",
        "é",
        "ſ",
        "1",
        "-1",
        "1.5",
        "2e3",
        "0x1F",
        "1_000",
        "$",
        "@p",
        "`a`",
        "<x>",
        ".",
        "_",
        "TAG",
        "IF",
        "NOT",
        "EXISTS",
        "SET",
        "UNSET",
        "REFRESH",
        "OR REPLACE",
        "SECURITY",
        "API",
        "'a' 'b'",
        "'a'--c\n'b'",
        // Cut a statement short, ending it with a trailing comma or a comment.
        ",;",
        ", ,\n;",
        " -- c\n;",
        "/* c */;",
        ")=;",
    ];
    let splices = prop::collection::vec((any::<Index>(), select(EDGES)), 0..3);
    let cut = prop::option::of((any::<Index>(), 1..4usize));
    (select(statements()), splices, cut).prop_map(|(statement, splices, cut)| {
        let mut text = statement;
        splice_and_cut(&mut text, splices, cut);
        text
    })
}

/// Inserts each piece at a character boundary, then cuts out runs of `len` characters.
fn splice_and_cut(
    text: &mut String,
    splices: impl IntoIterator<Item = (Index, impl AsRef<str>)>,
    cuts: impl IntoIterator<Item = (Index, usize)>,
) {
    for (at, piece) in splices {
        let at = boundary(text, at);
        text.insert_str(at, piece.as_ref());
    }
    for (at, len) in cuts {
        let start = boundary(text, at);
        let end = text[start..]
            .char_indices()
            .nth(len)
            .map_or(text.len(), |(i, _)| start + i);
        text.replace_range(start..end, "");
    }
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
    fn the_plain_reader_reads_statements_as_tree_sitter_does(text in near_plain()) {
        invariants::plain_reading_matches_tree_sitter(&text);
    }

    #[test]
    fn the_plain_reader_reads_soup_as_tree_sitter_does(text in sql()) {
        invariants::plain_reading_matches_tree_sitter(&text);
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

/// The plain reader takes most fixture statements (it would otherwise be dead weight), and
/// every one as tree-sitter reads it.
#[test]
fn the_plain_reader_takes_most_fixture_statements() {
    let all = statements();
    let read: usize = all
        .iter()
        .map(|s| invariants::plain_reading_matches_tree_sitter(s))
        .sum();
    let integration = all
        .iter()
        .filter(|s| secint::chunks::looks_like_integration(s))
        .count();
    assert!(
        read * 2 > integration,
        "the plain reader took {read} of {integration} integration statements"
    );
}

/// Every keyword of the grammar, as a name, a parameter, a value and a list item: where
/// tree-sitter would read one as a keyword, the plain reader leaves the statement to it.
#[test]
fn the_plain_reader_reads_keywords_as_tree_sitter_does() {
    let grammar: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../grammar/src/grammar.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let keywords: Vec<String> = grammar["rules"]
        .as_object()
        .unwrap()
        .keys()
        .filter_map(|rule| rule.strip_prefix("keyword_"))
        .map(str::to_string)
        .collect();
    assert!(keywords.len() > 100, "{} keywords", keywords.len());
    let mut read = 0;
    for k in &keywords {
        for text in [
            format!("CREATE SECURITY INTEGRATION {k} TYPE = {k};"),
            format!("create or replace security integration x {k} = 'v', {k} = ({k}, 'a');"),
            format!("CREATE INTEGRATION IF NOT EXISTS {k} {k} = {k}"),
            format!("ALTER SECURITY INTEGRATION {k} SET {k} = {k}, A = 1;"),
            format!("ALTER INTEGRATION IF EXISTS x UNSET {k}, {k};"),
            format!("DROP SECURITY INTEGRATION IF EXISTS {k};"),
            format!("DROP INTEGRATION {k}"),
        ] {
            read += invariants::plain_reading_matches_tree_sitter(&text);
        }
    }
    assert!(read > keywords.len() * 5, "read {read}");
}

//! Markdown runbooks: the SQL blocks of `*.md` files, checked by `secint check` (run as a
//! user runs it) and by the language server (over stdio, as an editor drives it), with
//! positions in the Markdown file.

mod support;

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use support::lsp::Server;
use support::{fixtures_dir, repo_root};

const SECINT: &str = env!("CARGO_BIN_EXE_secint");

fn runbook() -> String {
    std::fs::read_to_string(fixtures_dir("markdown").join("runbook.md")).unwrap()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("secint-md-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(cwd: &Path, args: &[&str]) -> Output {
    Command::new(SECINT)
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// `[code, start line, start character, end line, end character]` of each diagnostic.
fn spans(diagnostics: &Value) -> Vec<(String, u64, u64, u64, u64)> {
    diagnostics
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let r = &d["range"];
            (
                d["code"].as_str().unwrap().to_string(),
                r["start"]["line"].as_u64().unwrap(),
                r["start"]["character"].as_u64().unwrap(),
                r["end"]["line"].as_u64().unwrap(),
                r["end"]["character"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// What the runbook fixture holds, in UTF-16 positions: the misspelt parameter of the first
/// block (which has no `;`: the second block is not swallowed by it) and the one after
/// `/* Grüße ☕😀 */` in the `~~~snowflake` block. The ```python block's bad client is not
/// reported.
fn runbook_spans_utf16() -> Vec<(String, u64, u64, u64, u64)> {
    vec![
        ("unknown-parameter".into(), 9, 2, 9, 29),
        ("unknown-parameter".into(), 30, 18, 30, 45),
    ]
}

#[test]
fn check_reports_sql_blocks_at_their_place_in_the_markdown_file() {
    let out = run(
        &repo_root(),
        &[
            "check",
            "--format",
            "json",
            "tests/fixtures/markdown/runbook.md",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let diagnostics = &report["files"][0]["diagnostics"];
    assert_eq!(spans(diagnostics), runbook_spans_utf16());

    let text = run(
        &repo_root(),
        &["check", "tests/fixtures/markdown/runbook.md"],
    );
    let stdout = String::from_utf8(text.stdout).unwrap();
    assert!(
        stdout.contains("--> tests/fixtures/markdown/runbook.md:31:18\n")
            && stdout.contains("31 |   /* Grüße ☕😀 */ EXTERNAL_OAUTH_ANY_ROLE_MOD = 'ENABLE';"),
        "{stdout}"
    );
}

#[test]
fn directories_are_searched_for_markdown_too() {
    let dir = temp_dir("dir");
    std::fs::write(dir.join("runbook.md"), runbook()).unwrap();
    std::fs::write(
        dir.join("notes.txt"),
        "```sql\nCREATE SECURITY INTEGRATION x TYPE = NOPE;\n```\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("clean.sql"),
        "CREATE SECURITY INTEGRATION t TYPE = OAUTH OAUTH_CLIENT = TABLEAU_DESKTOP;\n",
    )
    .unwrap();
    let out = run(&dir, &["check", "--format", "json", "."]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["./clean.sql", "./runbook.md"]);
    assert_eq!(out.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn fix_edits_only_the_sql_blocks() {
    let dir = temp_dir("fix");
    let original = runbook();
    std::fs::write(dir.join("runbook.md"), &original).unwrap();
    let out = run(&dir, &["check", "--fix", "--format", "json", "runbook.md"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let fixed = std::fs::read_to_string(dir.join("runbook.md")).unwrap();
    let expected = original
        .replace("VALIDTY", "VALIDITY")
        .replace("ANY_ROLE_MOD ", "ANY_ROLE_MODE ");
    assert_eq!(fixed, expected);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_opt_out_comment_skips_the_whole_file() {
    let dir = temp_dir("ignore");
    let text = format!("{}\n<!-- secint: ignore-file -->\n", runbook());
    std::fs::write(dir.join("runbook.md"), &text).unwrap();
    let out = run(&dir, &["check", "--fix", "--format", "json", "runbook.md"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"][0]["diagnostics"], json!([]));
    assert_eq!(
        std::fs::read_to_string(dir.join("runbook.md")).unwrap(),
        text
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn crlf_markdown_keeps_its_line_breaks_and_positions() {
    let dir = temp_dir("crlf");
    let text = runbook().replace('\n', "\r\n");
    std::fs::write(dir.join("runbook.md"), &text).unwrap();
    let out = run(&dir, &["check", "--format", "json", "runbook.md"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        spans(&report["files"][0]["diagnostics"]),
        runbook_spans_utf16()
    );
    let _ = std::fs::remove_dir_all(dir);
}

// ---------------------------------------------------------------------------------------------
// The language server

const URI: &str = "file:///work/runbook.md";

fn open_markdown(server: &mut Server, uri: &str, language_id: &str, text: &str) -> Value {
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": language_id, "version": 1, "text": text } }),
    );
    server.diagnostics(uri, Some(1))
}

#[test]
fn lsp_publishes_diagnostics_of_markdown_blocks_in_utf16_and_utf8() {
    let mut server = Server::default_started();
    let diagnostics = open_markdown(&mut server, URI, "markdown", &runbook());
    assert_eq!(spans(&diagnostics), runbook_spans_utf16());

    let (mut server, init) = Server::start(
        json!({ "general": { "positionEncodings": ["utf-8"] } }),
        Value::Null,
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let diagnostics = open_markdown(&mut server, URI, "markdown", &runbook());
    // `  /* Grüße ☕😀 */ ` is 24 bytes (18 UTF-16 units).
    assert_eq!(
        spans(&diagnostics),
        vec![
            ("unknown-parameter".to_string(), 9, 2, 9, 29),
            ("unknown-parameter".to_string(), 30, 24, 30, 51),
        ]
    );
}

#[test]
fn lsp_treats_md_uris_as_markdown_whatever_the_language_id() {
    let mut server = Server::default_started();
    let diagnostics = open_markdown(&mut server, URI, "plaintext", &runbook());
    assert_eq!(spans(&diagnostics), runbook_spans_utf16());
    // The same text as SQL is one long broken statement, and reports other things.
    let as_sql = open_markdown(&mut server, "file:///work/runbook.sql", "sql", &runbook());
    assert_ne!(spans(&as_sql), runbook_spans_utf16());
}

#[test]
fn lsp_follows_edits_to_the_prose_and_to_fences() {
    let mut server = Server::default_started();
    open_markdown(&mut server, URI, "markdown", &runbook());
    // A block typed at the end of the first line, after `Überblick 😀` (38 UTF-16 units,
    // 45 bytes): everything below moves down by three lines.
    let diagnostics = server.change(
        URI,
        2,
        json!([{ "range": { "start": { "line": 0, "character": 38 }, "end": { "line": 0, "character": 38 } },
                 "text": "\n```sql\nCREATE SECURITY INTEGRATION z TYPE = OAUTH OAUTH_CLIENT = NOPE;\n```" }]),
    );
    assert_eq!(
        spans(&diagnostics),
        vec![
            ("invalid-value".to_string(), 2, 58, 2, 62),
            ("unknown-parameter".to_string(), 12, 2, 12, 29),
            ("unknown-parameter".to_string(), 33, 18, 33, 45),
        ]
    );
    // Renaming the first fence to `text` leaves only the second block's problem.
    let diagnostics = server.change(
        URI,
        3,
        json!([{ "range": { "start": { "line": 7, "character": 3 }, "end": { "line": 7, "character": 6 } },
                 "text": "text" }]),
    );
    assert_eq!(
        spans(&diagnostics),
        vec![
            ("invalid-value".to_string(), 2, 58, 2, 62),
            ("unknown-parameter".to_string(), 33, 18, 33, 45),
        ]
    );
}

#[test]
fn lsp_completion_and_hover_answer_inside_blocks_only() {
    let mut server = Server::default_started();
    open_markdown(&mut server, URI, "markdown", &runbook());
    // Prose line 2 ("Schritt 1: …") and the empty line after it.
    for (line, character) in [(2, 5), (3, 0), (14, 3)] {
        assert_eq!(
            server.completion(URI, line, character)["result"],
            Value::Null
        );
        assert_eq!(server.hover(URI, line, character)["result"], Value::Null);
    }
    // `OAUTH_CLIENT` on line 8 of the first block has hover docs.
    let hover = server.hover(URI, 8, 4);
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("OAUTH_CLIENT")),
        "{hover}"
    );
    let completion = server.completion(URI, 9, 0);
    assert!(
        completion["result"]
            .as_array()
            .is_some_and(|items| !items.is_empty()),
        "{completion}"
    );
}

// ---------------------------------------------------------------------------------------------
// Properties, on Markdown made of prose (with multi-byte text), fences of several kinds and
// the fixtures' statements, with LF or CRLF line breaks.

mod properties {
    use proptest::prelude::*;
    use proptest::sample::select;
    use secint::markdown::{check, fix_all, SqlView};
    use std::sync::OnceLock;

    fn statements() -> &'static [String] {
        static ALL: OnceLock<Vec<String>> = OnceLock::new();
        ALL.get_or_init(|| {
            let mut all = Vec::new();
            for path in super::support::sql_files(&super::fixtures_dir("rules")) {
                let text =
                    super::support::strip_annotations(&std::fs::read_to_string(path).unwrap());
                all.extend(
                    text.split_inclusive(';')
                        .map(|s| s.trim().to_string())
                        .filter(|s| s.len() > 10),
                );
            }
            all
        })
    }

    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            select(vec![
                "Prose with `inline` code, é, ☕ and 😀.",
                "```sql",
                "~~~SQL title=\"x\"",
                "```snowflake",
                "```python",
                "```",
                "~~~",
                "   ```sql",
                "<!-- a comment -->",
                "",
                "  /* ☕😀 */ ENABLED = TRUE",
                "'open quote",
            ])
            .prop_map(str::to_string),
            select(statements().to_vec()),
        ]
    }

    /// The parts of `markdown` outside its SQL blocks, in order.
    fn outside(markdown: &str) -> Vec<String> {
        let view = SqlView::new(markdown);
        let mut parts = Vec::new();
        let mut at = 0;
        for block in &view.blocks {
            parts.push(markdown[at..block.start].to_string());
            at = block.end;
        }
        parts.push(markdown[at..].to_string());
        parts
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn positions_stay_in_blocks_and_fixes_keep_the_prose(
            lines in prop::collection::vec(line(), 0..24),
            crlf in any::<bool>(),
        ) {
            let markdown = lines.join(if crlf { "\r\n" } else { "\n" });
            let view = SqlView::new(&markdown);
            prop_assert_eq!(view.text.len(), markdown.len());
            for (i, (v, m)) in view.text.bytes().zip(markdown.bytes()).enumerate() {
                let inside = view.blocks.iter().any(|b| b.contains(&i));
                let kept = v == m && (inside || m == b'\n' || m == b'\r');
                prop_assert!(kept || (!inside && v == b' '), "byte {} of {:?}", i, markdown);
            }
            let within = |r: &std::ops::Range<usize>| {
                markdown.is_char_boundary(r.start)
                    && markdown.is_char_boundary(r.end)
                    && view.blocks.iter().any(|b| b.start <= r.start && r.end <= b.end)
            };
            for d in check(&markdown) {
                prop_assert!(within(&d.range), "{:?} outside the blocks of {:?}", d.range, markdown);
                for edit in d.fixes.iter().flat_map(|f| &f.edits) {
                    prop_assert!(within(&edit.range));
                }
            }
            let fixed = fix_all(&markdown);
            prop_assert_eq!(outside(&fixed), outside(&markdown));
        }
    }
}

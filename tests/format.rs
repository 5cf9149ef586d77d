//! `secint format` and the formatter: before/after fixture pairs in tests/fixtures/format/
//! (`<name>.sql` and `<name>.formatted.sql`; a first-line comment `-- format: width=40 …`
//! gives the options), the formatter's guarantees on every fixture, and the CLI.

mod support;

#[path = "support/invariants.rs"]
mod invariants;

use secint::format::{format, format_edits, FormatOptions};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use support::{expect_file, fixtures_dir, strip_annotations};

/// The options a fixture's `-- format: key=value …` first line asks for.
fn options_of(text: &str) -> FormatOptions {
    let mut options = FormatOptions::default();
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    if let Some(settings) = first.strip_prefix("-- format:") {
        for setting in settings.split_whitespace() {
            let (key, value) = setting.split_once('=').expect("key=value");
            options.set(key, value).unwrap();
        }
    }
    options
}

fn inputs() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures_dir("format"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.to_string_lossy();
            name.ends_with(".sql") && !name.ends_with(".formatted.sql")
        })
        .collect();
    files.sort();
    files
}

fn formatted_path(input: &Path) -> PathBuf {
    input.with_extension("formatted.sql")
}

#[test]
fn every_fixture_formats_to_its_formatted_snapshot() {
    let mut failures = Vec::new();
    let files = inputs();
    assert!(files.len() >= 10, "only {} format fixtures", files.len());
    for path in files {
        let input = std::fs::read_to_string(&path).unwrap();
        let formatted = format(&input, &options_of(&input));
        if let Err(e) = expect_file(&formatted_path(&path), &formatted) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn formatted_snapshots_are_already_formatted() {
    for path in inputs() {
        let snapshot = std::fs::read_to_string(formatted_path(&path)).unwrap();
        assert_eq!(
            format(&snapshot, &options_of(&snapshot)),
            snapshot,
            "{}",
            path.display()
        );
    }
}

/// Every `.sql` file under tests/fixtures, without its expectation lines.
fn all_fixture_texts() -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![support::repo_root().join("tests").join("fixtures")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "sql") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, strip_annotations(&text)));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_guarantees_hold_on_every_fixture_with_every_option() {
    let texts = all_fixture_texts();
    assert!(texts.len() > 60, "found only {} fixtures", texts.len());
    let mut variants = vec![FormatOptions::default()];
    for (key, value) in [
        ("keyword-case", "lower"),
        ("width", "30"),
        ("align-equals", "true"),
        ("sort-parameters", "true"),
        ("indent", "0"),
    ] {
        let mut options = FormatOptions::default();
        options.set(key, value).unwrap();
        variants.push(options);
    }
    for (path, text) in &texts {
        for options in &variants {
            let result = std::panic::catch_unwind(|| {
                invariants::formatting_keeps_meaning(text, options);
            });
            assert!(
                result.is_ok(),
                "{} with {options:?}: see the panic above",
                path.display()
            );
            let crlf = text.replace('\n', "\r\n");
            invariants::formatting_keeps_meaning(&crlf, options);
        }
    }
}

#[test]
fn most_fixture_statements_are_formatted_not_left_alone() {
    // The guarantees hold trivially for a formatter that changes nothing: make sure it does
    // format the fixtures' integration statements.
    let texts = all_fixture_texts();
    let changed = texts
        .iter()
        .filter(|(_, t)| !format_edits(t, &FormatOptions::default(), None).is_empty())
        .count();
    assert!(
        changed * 2 > texts.len(),
        "{changed} of {} changed",
        texts.len()
    );
}

#[test]
fn a_statement_after_one_missing_its_closing_parenthesis_is_still_formatted() {
    // The missing `)` is reported where the broken statement ends, which is where the next
    // one's piece starts: that error is the first statement's, and only it is left alone.
    let text = "CREATE SECURITY INTEGRATION a TYPE = OAUTH PRE_AUTHORIZED_ROLES_LIST = ('ANALYST', 'X'\u{fffd};\n\ncreate security integration b type = external_oauth;\n";
    let document = secint::document::SourceDocument::new(text.to_string());
    let second = document.chunks()[1].start;
    assert!(
        document
            .analysis
            .syntax_errors
            .iter()
            .any(|e| e.range.start == second),
        "{:?}",
        document.analysis.syntax_errors
    );
    let formatted = format(text, &FormatOptions::default());
    assert!(
        formatted.ends_with("CREATE SECURITY INTEGRATION b\n  TYPE = EXTERNAL_OAUTH;\n"),
        "{formatted}"
    );
    assert!(formatted.starts_with("CREATE SECURITY INTEGRATION a TYPE = OAUTH PRE_AUTHORIZED_ROLES_LIST = ('ANALYST', 'X'\u{fffd};\n\n"), "{formatted}");
    invariants::formatting_keeps_meaning(text, &FormatOptions::default());
}

#[test]
fn range_formatting_touches_only_the_statements_in_the_range() {
    let text = "create security integration a type = oauth oauth_client = looker;\ncreate security integration b type = oauth oauth_client = looker;\n";
    let second = text.find("create security integration b").unwrap();
    let edits = format_edits(
        text,
        &FormatOptions::default(),
        Some(second + 5..second + 5),
    );
    assert_eq!(edits.len(), 1);
    assert!(edits[0].range.start >= second);
    assert_eq!(
        edits[0].new_text,
        "CREATE SECURITY INTEGRATION b\n  TYPE = OAUTH\n  OAUTH_CLIENT = LOOKER;"
    );
}

#[test]
fn unknown_options_are_refused_with_the_known_ones_named() {
    let mut options = FormatOptions::default();
    let error = options.set("tab-width", "4").unwrap_err();
    assert!(error.contains("indent, keyword-case, width"), "{error}");
    let parsed: Result<FormatOptions, _> = toml::from_str("tab-width = 4");
    assert!(parsed.is_err());
    let parsed: FormatOptions =
        toml::from_str("indent = 4\nkeyword-case = \"lower\"\nalign-equals = true").unwrap();
    assert_eq!(parsed.indent, 4);
    assert!(parsed.align_equals);
    assert_eq!(parsed.width, 100, "unset keys keep their default");
}

// ---------------------------------------------------------------------------------------------
// The CLI

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn secint(cwd: &Path, args: &[&str], stdin: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_secint"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    // A run that refuses its config exits before reading stdin: the pipe may then be closed.
    let written = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    if let Err(e) = written {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("secint-format-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const MESSY: &str =
    "select 1;\ncreate security integration t type = oauth oauth_client = tableau_desktop;\n";
const TIDY: &str =
    "select 1;\nCREATE SECURITY INTEGRATION t\n  TYPE = OAUTH\n  OAUTH_CLIENT = TABLEAU_DESKTOP;\n";

#[test]
fn format_rewrites_the_files_of_a_directory_and_leaves_tidy_ones_untouched() {
    let dir = temp_dir("write");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/messy.sql"), MESSY).unwrap();
    std::fs::write(dir.join("tidy.sql"), TIDY).unwrap();
    std::fs::write(dir.join("notes.txt"), MESSY).unwrap();
    let tidy_before = std::fs::metadata(dir.join("tidy.sql"))
        .unwrap()
        .modified()
        .unwrap();
    let run = secint(&dir, &["format", "."], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("sub/messy.sql")).unwrap(),
        TIDY
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
        MESSY
    );
    let tidy_after = std::fs::metadata(dir.join("tidy.sql"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(
        tidy_before, tidy_after,
        "an unchanged file is not rewritten"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("sub"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn format_check_exits_1_names_the_file_and_writes_nothing() {
    let dir = temp_dir("check");
    std::fs::write(dir.join("messy.sql"), MESSY).unwrap();
    std::fs::write(dir.join("tidy.sql"), TIDY).unwrap();
    let run = secint(&dir, &["format", "--check", "messy.sql", "tidy.sql"], "");
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("would reformat messy.sql"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("tidy.sql"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("messy.sql")).unwrap(),
        MESSY
    );
    let run = secint(&dir, &["format", "--check", "tidy.sql"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn format_diff_prints_a_unified_diff_and_writes_nothing() {
    let dir = temp_dir("diff");
    std::fs::write(dir.join("messy.sql"), MESSY).unwrap();
    let run = secint(&dir, &["format", "--diff", "messy.sql"], "");
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "--- a/messy.sql\n+++ b/messy.sql\n@@ -1,2 +1,4 @@\n select 1;\n-create security integration t type = oauth oauth_client = tableau_desktop;\n+CREATE SECURITY INTEGRATION t\n+  TYPE = OAUTH\n+  OAUTH_CLIENT = TABLEAU_DESKTOP;\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("messy.sql")).unwrap(),
        MESSY
    );
    std::fs::write(dir.join("messy.sql"), TIDY).unwrap();
    let run = secint(&dir, &["format", "--diff", "messy.sql"], "");
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn format_of_stdin_prints_the_result_with_options_from_flags() {
    let dir = temp_dir("stdin");
    let run = secint(&dir, &["format", "-"], MESSY);
    assert_eq!((run.code, run.stdout.as_str()), (0, TIDY), "{}", run.stderr);
    let run = secint(
        &dir,
        &["format", "--keyword-case", "lower", "--indent", "4", "-"],
        MESSY,
    );
    assert_eq!(
        run.stdout,
        "select 1;\ncreate security integration t\n    type = OAUTH\n    oauth_client = TABLEAU_DESKTOP;\n"
    );
    let run = secint(&dir, &["format", "--keyword-case", "title", "-"], MESSY);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("upper or lower"), "{}", run.stderr);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn format_keeps_a_bom_and_crlf_and_reports_a_missing_file() {
    let dir = temp_dir("bom");
    let crlf = format!("\u{feff}{}", MESSY.replace('\n', "\r\n"));
    std::fs::write(dir.join("a.sql"), &crlf).unwrap();
    let run = secint(&dir, &["format", "a.sql", "missing.sql"], "");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("missing.sql: no such file"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("a.sql")).unwrap(),
        format!("\u{feff}{}", TIDY.replace('\n', "\r\n"))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---------------------------------------------------------------------------------------------
// The language server: formatting, inlay hints and selection ranges over stdio

mod lsp {
    use super::support::lsp::{apply_text_edits, utf16_position, Server};
    use serde_json::{json, Value};

    const URI: &str = "file:///work/format.sql";

    /// Non-ASCII text before the statements, so that UTF-16 and UTF-8 positions differ.
    const TEXT: &str = "-- Équipe 日本 😀😀\nselect 'ü';\ncreate security integration app type = oauth oauth_client = custom oauth_client_type = 'confidential' oauth_redirect_uri = 'https://app.example.com/cb' oauth_refresh_token_validity = 86400 comment = '😀';\ncreate security integration b type = oauth oauth_client = looker oauth_redirect_uri = 'https://b.example.com/cb';\n";

    fn edits(response: &Value) -> Vec<Value> {
        response["result"].as_array().cloned().unwrap_or_default()
    }

    #[test]
    fn formatting_uses_the_editors_tab_size_and_keeps_other_sql() {
        let mut server = Server::default_started();
        server.open(URI, TEXT);
        let response = server.request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 4, "insertSpaces": true } }),
        );
        let formatted = apply_text_edits(TEXT, &edits(&response));
        assert_eq!(
            formatted,
            "-- Équipe 日本 😀😀\nselect 'ü';\nCREATE SECURITY INTEGRATION app\n    TYPE = OAUTH\n    OAUTH_CLIENT = CUSTOM\n    OAUTH_CLIENT_TYPE = 'CONFIDENTIAL'\n    OAUTH_REDIRECT_URI = 'https://app.example.com/cb'\n    OAUTH_REFRESH_TOKEN_VALIDITY = 86400\n    COMMENT = '😀';\nCREATE SECURITY INTEGRATION b\n    TYPE = OAUTH\n    OAUTH_CLIENT = LOOKER\n    OAUTH_REDIRECT_URI = 'https://b.example.com/cb';\n"
        );
        // Tabs when the editor indents with tabs.
        let response = server.request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 8, "insertSpaces": false } }),
        );
        assert!(apply_text_edits(TEXT, &edits(&response)).contains("\n\tTYPE = OAUTH\n"));
        assert_eq!(server.shutdown_and_exit(), 0);
    }

    #[test]
    fn range_formatting_formats_only_the_statement_in_the_range() {
        let mut server = Server::default_started();
        server.open(URI, TEXT);
        let (line, character) = utf16_position(TEXT, "looker", 0);
        let response = server.request(
            "textDocument/rangeFormatting",
            json!({
                "textDocument": { "uri": URI },
                "range": { "start": { "line": line, "character": character }, "end": { "line": line, "character": character + 3 } },
                "options": { "tabSize": 2, "insertSpaces": true }
            }),
        );
        let formatted = apply_text_edits(TEXT, &edits(&response));
        assert!(formatted.contains("create security integration app type = oauth"));
        assert!(formatted.ends_with(";\nCREATE SECURITY INTEGRATION b\n  TYPE = OAUTH\n  OAUTH_CLIENT = LOOKER\n  OAUTH_REDIRECT_URI = 'https://b.example.com/cb';\n"), "{formatted}");
    }

    fn hints(server: &mut Server) -> Vec<Value> {
        let response = server.request(
            "textDocument/inlayHint",
            json!({ "textDocument": { "uri": URI }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 9, "character": 0 } } }),
        );
        response["result"].as_array().cloned().unwrap_or_default()
    }

    fn labels(hints: &[Value]) -> Vec<String> {
        hints
            .iter()
            .map(|h| h["label"].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn inlay_hints_show_durations_and_omitted_defaults_at_exact_utf16_positions() {
        let mut server = Server::default_started();
        server.open(URI, TEXT);
        let hints = hints(&mut server);
        let labels = labels(&hints);
        assert_eq!(
            labels,
            [
                "1 day",
                "ENABLED = FALSE",
                "OAUTH_ALLOW_NON_TLS_REDIRECT_URI = FALSE",
                "OAUTH_ENFORCE_PKCE = FALSE",
                "OAUTH_USE_SECONDARY_ROLES = NONE",
                "OAUTH_ISSUE_REFRESH_TOKENS = TRUE",
                // Looker: the catalog says the non-TLS switch is for custom clients only.
                "ENABLED = FALSE",
                "OAUTH_USE_SECONDARY_ROLES = NONE",
                "OAUTH_ISSUE_REFRESH_TOKENS = TRUE",
                "OAUTH_REFRESH_TOKEN_VALIDITY = 7776000 (90 days)",
            ]
        );
        let (line, character) = utf16_position(TEXT, "86400", 5);
        assert_eq!(
            hints[0]["position"],
            json!({ "line": line, "character": character })
        );
        let (line, character) = utf16_position(TEXT, "'😀';", "'😀';".len());
        assert_eq!(
            hints[1]["position"],
            json!({ "line": line, "character": character })
        );
        // Accepting a default hint writes it out, and the statement stays valid.
        let edited = apply_text_edits(TEXT, hints[5]["textEdits"].as_array().unwrap());
        assert!(
            edited.contains("comment = '😀'\n  OAUTH_ISSUE_REFRESH_TOKENS = TRUE;"),
            "{edited}"
        );
        let errors: Vec<_> = secint::check(&edited)
            .into_iter()
            .filter(|d| d.severity == secint::Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn inlay_hints_count_utf8_bytes_when_utf8_is_negotiated() {
        let (mut server, _) = Server::start(
            json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }),
            Value::Null,
        );
        server.open(URI, TEXT);
        let hints = hints(&mut server);
        let at = TEXT.find("86400").unwrap() + 5;
        let line_start = TEXT[..at].rfind('\n').unwrap() + 1;
        assert_eq!(hints[0]["label"], "1 day");
        assert_eq!(
            hints[0]["position"],
            json!({ "line": 2, "character": at - line_start })
        );
    }

    #[test]
    fn each_kind_of_hint_can_be_turned_off() {
        let (mut server, _) =
            Server::start(json!({}), json!({ "inlayHints": { "defaults": false } }));
        server.open(URI, TEXT);
        assert_eq!(labels(&hints(&mut server)), ["1 day"]);
        server.notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": { "secint": { "inlayHints": { "durations": false, "defaults": true } } } }),
        );
        let labels = labels(&hints(&mut server));
        assert!(!labels.contains(&"1 day".to_string()), "{labels:?}");
        assert!(labels.contains(&"OAUTH_ISSUE_REFRESH_TOKENS = TRUE".to_string()));
        server.notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": { "inlayHints": { "durations": false, "defaults": false } } }),
        );
        assert!(hints(&mut server).is_empty());
    }

    #[test]
    fn selection_grows_from_a_value_to_its_parameter_the_parameters_and_the_statement() {
        let mut server = Server::default_started();
        server.open(URI, TEXT);
        let (line, character) = utf16_position(TEXT, "'😀';", 2);
        let response = server.request(
            "textDocument/selectionRange",
            json!({ "textDocument": { "uri": URI }, "positions": [{ "line": line, "character": character }] }),
        );
        let mut texts = Vec::new();
        let mut node = &response["result"][0];
        let index = secint::text::LineIndex::new(TEXT);
        let offset = |p: &Value| {
            index.offset(
                secint::text::LineCol {
                    line: p["line"].as_u64().unwrap() as usize,
                    character: p["character"].as_u64().unwrap() as usize,
                },
                secint::text::Encoding::Utf16,
            )
        };
        while !node.is_null() {
            let range = offset(&node["range"]["start"])..offset(&node["range"]["end"]);
            texts.push(TEXT[range].to_string());
            node = &node["parent"];
        }
        let statement = &TEXT[TEXT.find("create security integration app").unwrap()..];
        let statement = &statement[..statement.find(';').unwrap()];
        assert_eq!(texts[0], "'😀'");
        assert_eq!(texts[1], "comment = '😀'");
        assert!(texts[2].starts_with("type = oauth") && texts[2].ends_with("comment = '😀'"));
        assert_eq!(texts[3], statement);
        assert_eq!(texts[4], format!("{statement};"));
        assert_eq!(texts.last().unwrap(), TEXT);
    }
}

#[test]
fn format_reads_its_options_from_secint_toml_and_flags_win() {
    let dir = temp_dir("config");
    std::fs::write(
        dir.join("secint.toml"),
        "[format]\nalign-equals = true\nindent = 4\n",
    )
    .unwrap();
    let run = secint(&dir, &["format", "-"], MESSY);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("\n    TYPE "),
        "indent from secint.toml:\n{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("    TYPE         = OAUTH\n"),
        "aligned `=`:\n{}",
        run.stdout
    );
    let run = secint(&dir, &["format", "--indent", "2", "-"], MESSY);
    assert!(
        run.stdout.contains("\n  TYPE "),
        "the flag wins:\n{}",
        run.stdout
    );
    std::fs::write(dir.join("secint.toml"), "[format]\nwidht = 40\n").unwrap();
    let run = secint(&dir, &["format", "-"], MESSY);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("secint.toml:1:1: [format]"),
        "{}",
        run.stderr
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn format_of_markdown_touches_only_its_sql_blocks() {
    let dir = temp_dir("markdown");
    let runbook = format!(
        "# Runbook ☕\n\nCreate security integration like this, in prose: TYPE = x;\n\n```sql\n{MESSY}\n```\n\nThen:\n\n```sql\nALTER SECURITY INTEGRATION okta set enabled = true\n```\n"
    );
    std::fs::write(dir.join("runbook.md"), &runbook).unwrap();
    let run = secint(&dir, &["format", "runbook.md"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = std::fs::read_to_string(dir.join("runbook.md")).unwrap();
    assert_ne!(after, runbook, "the block was not formatted");
    assert!(after.starts_with(
        "# Runbook ☕\n\nCreate security integration like this, in prose: TYPE = x;\n\n```sql\n"
    ));
    assert!(after.contains("\n```\n\nThen:\n\n```sql\n"), "{after}");
    assert!(after.contains("\n  TYPE = OAUTH\n"), "{after}");
    // A statement a block leaves open would run into the prose: it is left as written.
    assert!(
        after.contains("ALTER SECURITY INTEGRATION okta set enabled = true\n```\n"),
        "{after}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

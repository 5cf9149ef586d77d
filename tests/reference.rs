//! Every example statement in ../shared/reference/ checks without errors, and the grammar
//! parses each with no ERROR node.

mod support;

#[path = "support/invariants.rs"]
mod invariants;

use regex::Regex;
use secint::diagnostic::Severity;

/// Integration statements quoted in the reference text: CREATE / ALTER … INTEGRATION up to
/// the `;`, the end of a code block or a blank line. Syntax diagrams (with `[`, `{` or `|`
/// outside strings) are not statements and are skipped.
fn reference_statements() -> Vec<(String, String)> {
    let dir = support::repo_root()
        .join("..")
        .join("shared")
        .join("reference");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (the shared reference folder must sit beside the checkout)",
            dir.display()
        )
    });
    let start = Regex::new(r"(?i)\b(create|alter)\s+(or\s+replace\s+)?(security\s+)?integration\b")
        .unwrap();
    // A name followed by a parameter or an ALTER clause: prose that merely names the command
    // ("CREATE SECURITY INTEGRATION (External OAuth)") is not a statement.
    let statement_shape = Regex::new(
        r#"(?is)\bintegration\s+(if\s+(not\s+)?exists\s+)?(<[^>]+>|"[^"]+"|[a-z_][\w$]*)\s+(set|unset|refresh|type\s*=)"#,
    )
    .unwrap();
    let mut out = Vec::new();
    for entry in entries {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for m in start.find_iter(&text) {
            let rest = &text[m.start()..];
            let mut end = rest.len();
            for stop in [";", "\n\n", "`"] {
                if let Some(i) = rest.find(stop) {
                    end = end.min(i + if stop == ";" { 1 } else { 0 });
                }
            }
            let statement = rest[..end].trim().to_string();
            if is_syntax_diagram(&statement) || !statement_shape.is_match(&statement) {
                continue;
            }
            out.push((
                path.file_name().unwrap().to_string_lossy().into_owned(),
                statement,
            ));
        }
    }
    out
}

fn is_syntax_diagram(statement: &str) -> bool {
    let mut in_string = false;
    for c in statement.chars() {
        match c {
            '\'' => in_string = !in_string,
            '[' | '{' | '|' | '…' if !in_string => return true,
            _ => {}
        }
    }
    statement.contains("...")
}

#[test]
fn reference_statements_check_without_errors() {
    let statements = reference_statements();
    if std::env::var_os("SHOW_STATEMENTS").is_some() {
        for (file, s) in &statements {
            eprintln!("{file}: {s}\n");
        }
    }
    assert!(
        statements.len() >= 12,
        "found only {} statements",
        statements.len()
    );
    for (file, statement) in &statements {
        let errors: Vec<_> = secint::check(statement)
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        assert!(errors.is_empty(), "{file}: {statement}\n{errors:#?}");
    }
}

#[test]
fn reference_statements_parse_without_error_nodes() {
    for (file, statement) in reference_statements() {
        let tree = secint::syntax::parse(&statement, None);
        assert!(
            !tree.root_node().has_error(),
            "{file}: {statement}\n{}",
            tree.root_node().to_sexp()
        );
    }
}

#[test]
fn a_statement_after_a_broken_one_still_parses() {
    let text = "CREATE SECURITY INTEGRATION a TYPE = = OAUTH;\n\
                CREATE SECURITY INTEGRATION b TYPE = OAUTH OAUTH_CLIENT = LOOKER OAUTH_REDIRECT_URI = 'https://x.example/';";
    let tree = secint::syntax::parse(text, None);
    let file = secint::model::lower(&tree, text);
    let b = file
        .statements
        .iter()
        .find(|s| s.name.as_ref().is_some_and(|n| n.text == "b"));
    let b = b.expect("the second statement is lowered");
    assert!(!b.has_syntax_error);
    assert_eq!(b.params.len(), 3);
    let diagnostics = secint::check(text);
    assert!(diagnostics
        .iter()
        .any(|d| d.code == "syntax" && d.range.start < text.find(';').unwrap()));
    assert!(
        diagnostics.iter().all(|d| d.code == "syntax"),
        "{diagnostics:#?}"
    );
}

#[test]
fn reference_statements_keep_their_meaning_when_formatted() {
    let mut formatted = 0;
    for (file, statement) in reference_statements() {
        let options = secint::format::FormatOptions::default();
        let result =
            std::panic::catch_unwind(|| invariants::formatting_keeps_meaning(&statement, &options));
        assert!(result.is_ok(), "{file}: {statement}");
        let mut sorted = options.clone();
        sorted.sort_parameters = true;
        invariants::formatting_keeps_meaning(&statement, &sorted);
        formatted += usize::from(secint::format::format(&statement, &options) != statement);
    }
    assert!(
        formatted >= 12,
        "only {formatted} reference statements were reformatted"
    );
}

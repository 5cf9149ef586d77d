//! The rule table in README.md and docs/rules.md are generated from the rules themselves;
//! this test fails when they drift (UPDATE_EXPECT=1 rewrites them).

mod support;

use secint::rules::{doc_url, Group, RULES};
use support::{expect_file, repo_root};

fn rules_table() -> String {
    let mut out =
        String::from("| code | group | severity | what it reports |\n|---|---|---|---|\n");
    for group in Group::ALL {
        for rule in group.rules() {
            out.push_str(&format!(
                "| [`{code}`](docs/rules.md#{code}) | {} | {} | {} |\n",
                group.name(),
                rule.severity,
                rule.summary,
                code = rule.code
            ));
        }
    }
    out
}

fn rules_page() -> String {
    let mut out = String::from(
        "# Diagnostic codes\n\n\
         Generated from `server/src/rules/` and the rule fixtures by `tests/docs.rs`. Severities \
         can be changed per rule in `secint.toml` (`[rules] placeholder = \"off\"`) or the editor \
         settings, and single diagnostics silenced with `-- secint: ignore[code]`; \
         `secint explain CODE` prints the same text. Rules come in groups, which can be set as a \
         whole (`[rules] hardening = \"off\"`, `--select change-review`); a code's own setting \
         wins over its group's.\n",
    );
    for group in Group::ALL {
        out.push_str(&format!(
            "\n## Group `{}`\n\n{}\n",
            group.name(),
            group.summary()
        ));
        for rule in group.rules() {
            rule_section(&mut out, rule);
        }
    }
    out
}

fn rule_section(out: &mut String, rule: &secint::rules::Rule) {
    {
        out.push_str(&format!(
            "\n### {code}\n\n**Severity:** {}. {}\n\n{}\n",
            rule.severity,
            rule.summary,
            rule.doc.split_whitespace().collect::<Vec<_>>().join(" "),
            code = rule.code
        ));
        if let Some((statement, reported)) = example(rule.code) {
            out.push_str(&format!(
                "\n**Example:**\n\n```sql\n{statement}\n```\n\n```text\n{reported}\n```\n"
            ));
        }
    }
}

#[test]
fn docs_rules_page_is_generated_from_the_rules() {
    expect_file(&repo_root().join("docs").join("rules.md"), &rules_page()).unwrap();
}

#[test]
fn readme_rule_table_is_generated_from_the_rules() {
    let path = repo_root().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (start, end) = ("<!-- rules:start -->\n", "<!-- rules:end -->");
    let from = readme.find(start).expect("README has a rules:start marker") + start.len();
    let to = readme.find(end).expect("README has a rules:end marker");
    let updated = format!("{}{}{}", &readme[..from], rules_table(), &readme[to..]);
    expect_file(&path, &updated).unwrap();
}

#[test]
fn every_rule_links_to_its_section() {
    for rule in RULES {
        let built = doc_url(rule.code, None).expect("the checkout's docs/rules.md exists");
        assert!(built.starts_with("file:///"), "{built}");
        assert!(built.ends_with(&format!("docs/rules.md#{}", rule.code)));
        let configured = doc_url(rule.code, Some("https://wiki.example.com/rules")).unwrap();
        assert_eq!(
            configured,
            format!("https://wiki.example.com/rules#{}", rule.code)
        );
    }
}

/// The first statement of a rule's fixture that reports it, and the diagnostic as the CLI
/// prints its first line.
fn example(code: &str) -> Option<(String, String)> {
    let path = repo_root()
        .join("tests/fixtures/rules")
        .join(format!("{}.sql", code.replace('-', "_")));
    let source = support::strip_annotations(&std::fs::read_to_string(path).ok()?);
    let d = secint::check(&source)
        .into_iter()
        .find(|d| d.code == code)?;
    let start = source[..d.range.start].rfind(';').map_or(0, |i| i + 1);
    let end = secint::chunks::statement_end(&source, d.range.start);
    let statement: String = source[start..end]
        .lines()
        .filter(|l| !l.trim_start().starts_with("--") || l.contains("secint:"))
        .collect::<Vec<_>>()
        .join("\n");
    Some((
        statement.trim().to_string(),
        format!("{}[{}]: {}", d.severity.as_str(), d.code, d.message),
    ))
}

/// Messages are one short line: the explanation goes into related information and the docs.
#[test]
fn every_message_in_the_fixtures_is_one_short_line() {
    let mut long = Vec::new();
    for folder in ["rules", "reference", "editing", "lsp"] {
        for path in support::sql_files(&support::fixtures_dir(folder)) {
            let source = support::strip_annotations(&std::fs::read_to_string(&path).unwrap());
            for d in secint::check(&source) {
                if d.message.chars().count() > 100 || d.message.contains('\n') {
                    long.push(format!("{}: {}", path.display(), d.message));
                }
            }
        }
    }
    assert!(
        long.is_empty(),
        "messages over 100 characters:\n{}",
        long.join("\n")
    );
}

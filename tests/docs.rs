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
         `secint explain CODE` prints the same sections without the example. Rules come in groups, which can be set as a \
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
    out.push_str(&format!(
        "\n### {code}\n\n**Severity:** {}. {}\n\n",
        rule.severity,
        rule.summary,
        code = rule.code
    ));
    let example = example(rule.code).map(|(statement, reported)| {
        format!("```sql\n{statement}\n```\n\n```text\n{reported}\n```")
    });
    out.push_str(&rule.doc.markdown("####", example.as_deref()));
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
    // Statement boundaries skip comments and strings, which may hold a `;` of their own.
    let start = secint::chunks::statement_starts(&source, 0)
        .into_iter()
        .take_while(|&s| s <= d.range.start)
        .last()
        .unwrap_or(0);
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

/// The diagnostics a rule's fixture gets with only that rule selected.
fn fixture_diagnostics(code: &str) -> Vec<secint::diagnostic::Diagnostic> {
    let path = support::fixtures_dir("rules").join(format!("{}.sql", code.replace('-', "_")));
    let source = support::strip_annotations(&std::fs::read_to_string(path).unwrap());
    let settings = secint::Settings {
        select: Some([code.to_string()].into_iter().collect()),
        ..secint::Settings::default()
    };
    secint::check_with(&source, &settings)
        .into_iter()
        .filter(|d| d.code == code)
        .collect()
}

/// What "Fix safety" says matches the fixes the rule's fixture gets.
#[test]
fn every_rule_documents_the_fix_safety_its_fixture_shows() {
    use secint::diagnostic::Applicability;
    use secint::rules::FixSafety;
    let mut wrong = Vec::new();
    for rule in RULES {
        let fixes: Vec<Applicability> = fixture_diagnostics(rule.code)
            .iter()
            .flat_map(|d| d.fixes.iter().map(|f| f.applicability))
            .collect();
        let safe = fixes.contains(&Applicability::Safe);
        let unsafe_ = fixes.contains(&Applicability::Unsafe);
        let consistent = match rule.doc.fix {
            FixSafety::Safe(_) => safe && !unsafe_,
            FixSafety::Unsafe(_) => unsafe_ && !safe,
            FixSafety::Mixed(_) => !fixes.is_empty(),
            FixSafety::None(_) => fixes.is_empty(),
        };
        if !consistent {
            wrong.push(format!(
                "{}: documented as {}, the fixture's fixes are {fixes:?}",
                rule.code,
                rule.doc.fix.label()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Each rule cites the pages it rests on: Snowflake's, but for the rules about secint's own
/// suppression comments.
#[test]
fn every_rule_links_the_pages_it_rests_on() {
    for rule in RULES {
        let urls: Vec<&str> = rule.doc.sources.iter().map(|(_, url)| *url).collect();
        assert!(!urls.is_empty(), "{}: no references", rule.code);
        assert!(
            urls.iter().all(|u| u.starts_with("https://")),
            "{}: {urls:?}",
            rule.code
        );
        if rule.group != Group::Suppressions {
            assert!(
                urls.iter()
                    .any(|u| u.starts_with("https://docs.snowflake.com/")),
                "{}: no Snowflake page among {urls:?}",
                rule.code
            );
        }
    }
}

/// A rule that says it reads catalog facts lists at least one parameter: an empty list means
/// the rule or the catalog changed and the docs no longer say what is checked.
#[test]
fn every_catalog_rule_lists_the_parameters_it_covers() {
    let catalog = secint::catalog::Catalog::get();
    for rule in RULES {
        let Some(covers) = &rule.doc.covers else {
            continue;
        };
        let listed = catalog
            .checked_kinds()
            .any(|kind| !(covers.items)(kind).is_empty());
        assert!(
            listed,
            "{}: the catalog gives it nothing to check",
            rule.code
        );
    }
}

//! The rule table in README.md and docs/rules.md are generated from the rules themselves;
//! this test fails when they drift (UPDATE_EXPECT=1 rewrites them).

mod support;

use secint::rules::{doc_url, RULES};
use support::{expect_file, repo_root};

fn rules_table() -> String {
    let mut out = String::from("| code | severity | what it reports |\n|---|---|---|\n");
    for rule in RULES {
        out.push_str(&format!(
            "| [`{code}`](docs/rules.md#{code}) | {} | {} |\n",
            rule.severity,
            rule.summary,
            code = rule.code
        ));
    }
    out
}

fn rules_page() -> String {
    let mut out = String::from(
        "# Diagnostic codes\n\n\
         Generated from `server/src/rules/` by `tests/docs.rs`. Severities can be changed per rule \
         in the editor settings (`{\"rules\": {\"placeholder\": \"off\"}}`); `secint explain CODE` \
         prints the same text.\n",
    );
    for rule in RULES {
        out.push_str(&format!(
            "\n## {code}\n\n**Severity:** {}. {}\n\n{}\n",
            rule.severity,
            rule.summary,
            rule.doc.split_whitespace().collect::<Vec<_>>().join(" "),
            code = rule.code
        ));
    }
    out
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
        assert!(doc_url(rule.code).ends_with(&format!("docs/rules.md#{}", rule.code)));
    }
}

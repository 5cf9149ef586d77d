//! Fixture files under tests/fixtures/: each holds SQL with the expected diagnostics written
//! under the offending text (`-- ^^^ error[code]: message`). A file in `rules/` named after a
//! rule is checked with only that rule (and `syntax`), so a new rule changes no other rule's
//! fixture; files named after a kind, and the other folders, run every rule. Files in `rules/`
//! also keep what `--fix` makes of them in `<name>.fixed.sql`.

mod support;

use secint::diagnostic::Severity;
use secint::fix::{apply, fix_all_with, FixMode};
use secint::Settings;
use std::collections::HashMap;
use support::*;

/// The settings a fixture is checked with: only its own rule for a file of `rules/`.
fn settings_for(path: &std::path::Path) -> Settings {
    let folder = path
        .parent()
        .and_then(|p| p.file_name())
        .unwrap_or_default();
    let stem = path
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .replace('_', "-");
    // Files named after a kind (`saml2.sql`) and the other folders run every rule.
    if folder != "rules" || secint::rules::rule(&stem).is_none() {
        return Settings::default();
    }
    Settings {
        select: Some([stem, "syntax".to_string()].into_iter().collect()),
        ..Settings::default()
    }
}

fn run_folder(folder: &str) {
    let mut failures = Vec::new();
    let files = sql_files(&fixtures_dir(folder));
    assert!(!files.is_empty(), "no fixtures in {folder}");
    for path in files {
        let fixture = std::fs::read_to_string(&path).unwrap();
        let source = strip_annotations(&fixture);
        let diagnostics = secint::check_with(&source, &settings_for(&path));
        if let Err(e) = expect_file(&path, &annotate(&source, &diagnostics)) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_a_fixture() {
    let missing: Vec<&str> = secint::rules::RULES
        .iter()
        .map(|r| r.code)
        .filter(|code| {
            !fixtures_dir("rules")
                .join(format!("{}.sql", code.replace('-', "_")))
                .exists()
        })
        .collect();
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
}

/// A line more in the middle shows as that one line, not as every line after it.
#[test]
fn a_mismatch_is_reported_as_a_line_diff() {
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snapshot.sql");
    let lines: Vec<String> = (1..=20).map(|i| format!("line {i}\n")).collect();
    std::fs::write(&path, lines.concat()).unwrap();
    let mut actual = lines.clone();
    actual.insert(10, "-- ^^^ error[new]: inserted\n".to_string());
    let report = expect_file(&path, &actual.concat()).unwrap_err();
    let changed: Vec<&str> = report
        .lines()
        .filter(|l| (l.starts_with('+') || l.starts_with('-')) && !l.starts_with("+++"))
        .filter(|l| !l.starts_with("---"))
        .collect();
    assert_eq!(changed, ["+-- ^^^ error[new]: inserted"], "{report}");
    assert!(report.contains("@@ -8,6 +8,7 @@"), "{report}");
}

#[test]
fn rule_fixtures_report_what_their_annotations_say() {
    run_folder("rules");
}

#[test]
fn reference_examples_report_what_their_annotations_say() {
    run_folder("reference");
}

#[test]
fn editing_fixtures_report_what_their_annotations_say() {
    run_folder("editing");
}

/// Each folder of `workspace/` is one workspace: its files are checked together, in the
/// order of their names, as `secint check` checks the files it is given.
#[test]
fn workspace_fixtures_report_what_their_annotations_say() {
    let mut failures = Vec::new();
    let root = fixtures_dir("workspace");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 5, "only {} workspace fixtures", cases.len());
    for case in cases {
        let paths = sql_files(&case);
        let files: Vec<(std::path::PathBuf, String)> = paths
            .iter()
            .map(|p| {
                (
                    p.clone(),
                    strip_annotations(&std::fs::read_to_string(p).unwrap()),
                )
            })
            .collect();
        let settings = Settings {
            extend_select: ["undefined-integration".to_string()].into_iter().collect(),
            ..Settings::default()
        };
        let results = secint::check::check_texts(&files, &settings);
        for ((path, source), diagnostics) in files.iter().zip(results) {
            if let Err(e) = expect_file(path, &annotate(source, &diagnostics)) {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn reference_examples_have_no_errors() {
    for path in sql_files(&fixtures_dir("reference")) {
        let source = strip_annotations(&std::fs::read_to_string(&path).unwrap());
        let errors: Vec<_> = secint::check(&source)
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

/// `--fix` gives `<name>.fixed.sql`; `--fix --unsafe-fixes` gives `<name>.unsafe.fixed.sql`
/// when it differs from the safe result.
#[test]
fn fixing_a_rule_fixture_gives_its_fixed_snapshots() {
    let mut failures = Vec::new();
    for path in sql_files(&fixtures_dir("rules")) {
        let source = strip_annotations(&std::fs::read_to_string(&path).unwrap());
        let settings = settings_for(&path);
        let safe = fix_all_with(&source, &settings, FixMode::Safe);
        let unsafe_too = fix_all_with(&source, &settings, FixMode::Unsafe);
        let snapshots = [
            (path.with_extension("fixed.sql"), &safe, &source),
            (path.with_extension("unsafe.fixed.sql"), &unsafe_too, &safe),
        ];
        for (snapshot, fixed, unchanged_from) in snapshots {
            if fixed == unchanged_from {
                assert!(
                    !snapshot.exists(),
                    "{} is not needed: the fixes change nothing more",
                    snapshot.display()
                );
                continue;
            }
            if let Err(e) = expect_file(&snapshot, fixed) {
                failures.push(e);
            }
        }
        assert_eq!(
            fix_all_with(&safe, &settings, FixMode::Safe),
            safe,
            "{}: fixing twice changed the text again",
            path.display()
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn error_counts(text: &str) -> HashMap<&'static str, usize> {
    let mut counts = HashMap::new();
    for d in secint::check(text) {
        if d.severity == Severity::Error {
            *counts.entry(d.code).or_default() += 1;
        }
    }
    counts
}

#[test]
fn every_fix_removes_its_diagnostic_and_adds_no_error() {
    let mut checked = 0;
    for folder in ["rules", "reference", "editing"] {
        for path in sql_files(&fixtures_dir(folder)) {
            let source = strip_annotations(&std::fs::read_to_string(&path).unwrap());
            let before = secint::check(&source);
            let before_errors = error_counts(&source);
            for d in &before {
                for fix in &d.fixes {
                    checked += 1;
                    let after_text = apply(&source, &fix.edits);
                    let after = secint::check(&after_text);
                    let same_code_before = before.iter().filter(|x| x.code == d.code).count();
                    let same_code_after = after.iter().filter(|x| x.code == d.code).count();
                    assert!(
                        same_code_after < same_code_before,
                        "{}: fix `{}` left `{}` in place:\n{after_text}",
                        path.display(),
                        fix.title,
                        d.code
                    );
                    for (code, count) in error_counts(&after_text) {
                        assert!(
                            count <= before_errors.get(code).copied().unwrap_or(0),
                            "{}: fix `{}` introduced error `{code}`:\n{after_text}",
                            path.display(),
                            fix.title
                        );
                    }
                }
            }
        }
    }
    assert!(checked > 20, "only {checked} fixes were exercised");
}

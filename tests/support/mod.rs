//! Shared test helpers: annotated fixtures and expectation files.
#![allow(dead_code)]

use secint::diagnostic::Diagnostic;
use secint::text::LineIndex;
use std::path::{Path, PathBuf};

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

pub fn fixtures_dir(name: &str) -> PathBuf {
    repo_root().join("tests").join("fixtures").join(name)
}

/// `.sql` files of a fixture folder, sorted.
pub fn sql_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql") && !is_fixed_snapshot(p))
        .collect();
    files.sort();
    files
}

pub fn is_fixed_snapshot(path: &Path) -> bool {
    path.to_string_lossy().ends_with(".fixed.sql")
}

/// Whether `line` is an expectation written under a source line: `-- ^^^ error[code]: …`
/// (`--^^^` for text at column 2, `-- (col N) ^^^` for columns 0 and 1).
pub fn is_annotation(line: &str) -> bool {
    let Some(rest) = line.trim_start().strip_prefix("--") else {
        return false;
    };
    let rest = rest.trim_start();
    let rest = match rest.strip_prefix("(col ") {
        Some(r) => r.split_once(')').map_or("", |(_, r)| r).trim_start(),
        None => rest,
    };
    rest.starts_with('^') || rest.starts_with("= ")
}

/// The fixture without its expectation lines: the text the checker sees.
pub fn strip_annotations(fixture: &str) -> String {
    fixture
        .split_inclusive('\n')
        .filter(|line| !is_annotation(line))
        .collect()
}

/// The source with an expectation line under each line a diagnostic starts on.
pub fn annotate(source: &str, diagnostics: &[Diagnostic]) -> String {
    let index = LineIndex::new(source);
    let mut by_line: Vec<Vec<String>> = vec![Vec::new(); index.line_count()];
    for d in diagnostics {
        let line = index.line_of(d.range.start);
        let line_range = index.line_range(line);
        let line_text = source[line_range.clone()].trim_end_matches(['\n', '\r']);
        let col = source[line_range.start..d.range.start].chars().count();
        let end = d
            .range
            .end
            .min(line_range.start + line_text.len())
            .max(d.range.start);
        let width = source[d.range.start..end].chars().count().max(1);
        let lead = if col >= 2 {
            format!("--{}", " ".repeat(col - 2))
        } else {
            format!("-- (col {col}) ")
        };
        by_line[line].push(format!(
            "{lead}{} {}[{}]: {}",
            "^".repeat(width),
            d.severity.as_str(),
            d.code,
            d.message
        ));
        // Related information and fixes follow, their `=` under the caret.
        let pad = " ".repeat(col.max(3) - 2);
        for r in &d.related {
            let at = if let Some(path) = &r.path {
                format!(
                    " (in {})",
                    path.file_name().unwrap_or_default().to_string_lossy()
                )
            } else if r.range == d.range {
                String::new()
            } else {
                let l = index.line_of(r.range.start);
                let c = source[index.line_range(l).start..r.range.start]
                    .chars()
                    .count();
                format!(" ({}:{})", l + 1, c + 1)
            };
            by_line[line].push(format!("--{pad}= related{at}: {}", r.message));
        }
        for fix in &d.fixes {
            by_line[line].push(format!(
                "--{pad}= fix ({}): {}",
                fix.applicability.as_str(),
                fix.title
            ));
        }
    }
    let mut out = String::with_capacity(source.len() * 2);
    for (line, text) in source.split_inclusive('\n').enumerate() {
        out.push_str(text);
        if by_line[line].is_empty() {
            continue;
        }
        if !text.ends_with('\n') {
            out.push('\n');
        }
        for annotation in &by_line[line] {
            out.push_str(annotation);
            out.push('\n');
        }
    }
    out
}

/// Compares `actual` with the file at `path`; with `UPDATE_EXPECT=1` rewrites the file instead.
/// A mismatch is reported as a unified diff from the file (empty when missing) to `actual`.
pub fn expect_file(path: &Path, actual: &str) -> Result<(), String> {
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        return Ok(());
    }
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(path, actual).unwrap();
        return Ok(());
    }
    let old = if path.exists() {
        "expected"
    } else {
        "expected (missing)"
    };
    Err(format!(
        "{} differs (run with UPDATE_EXPECT=1 to accept):\n{}",
        path.display(),
        similar::TextDiff::from_lines(expected.as_str(), actual)
            .unified_diff()
            .context_radius(3)
            .header(old, "actual")
    ))
}

pub mod lsp;

//! `secint review BASE..HEAD`: what a git range does to the integrations of its `.sql` files,
//! and the findings in the statements it changes. Text, JSON, or Markdown ready to post as a
//! pull-request comment.

use super::{exit, lsp_position, write_json};
use crate::config::{ConfigCache, Settings};
use crate::diagnostic::Severity;
use crate::review::{review, FileReview};
use crate::text::LineIndex;
use serde::Serialize;
use std::io::Write;
use std::path::Path;
use std::process::Command;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReviewFormat {
    Text,
    Json,
    Markdown,
}

/// One reviewed file: its path, its new text, and the review.
struct Reviewed {
    path: String,
    text: String,
    review: FileReview,
}

/// Runs the review of `range` (`A..B`, or `A` for A against the working tree) in the git
/// repository at `repo`.
pub fn run_review(
    repo: &Path,
    range: &str,
    format: ReviewFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let (base, head) = match range.split_once("..") {
        Some((base, head)) => (
            base.to_string(),
            (!head.is_empty()).then(|| head.to_string()),
        ),
        None => (range.to_string(), None),
    };
    let mut names = vec!["diff", "--name-only", "-z", "--no-renames", base.as_str()];
    if let Some(head) = &head {
        names.push(head);
    }
    names.extend(["--", "*.sql"]);
    let listed = match git(repo, &names) {
        Ok(listed) => listed,
        Err(message) => {
            let _ = writeln!(err, "secint: {message}");
            return exit::TROUBLE;
        }
    };
    let mut configs = ConfigCache::default();
    let mut reviewed = Vec::new();
    for path in listed.split('\0').filter(|p| !p.is_empty()) {
        let before = git(repo, &["show", &format!("{base}:{path}")]).ok();
        let after = match &head {
            Some(head) => git(repo, &["show", &format!("{head}:{path}")]).ok(),
            None => std::fs::read_to_string(repo.join(path)).ok(),
        };
        let absolute = repo.join(path);
        let settings = match configs.for_dir(absolute.parent().unwrap_or(repo)) {
            Ok(Some(config)) => config.settings_for(&absolute),
            Ok(None) => Settings::default(),
            Err(e) => {
                let _ = writeln!(err, "secint: {e}");
                return exit::TROUBLE;
            }
        };
        let review = review(before.as_deref(), after.as_deref(), &settings);
        if review.changes.is_empty() && review.findings.is_empty() {
            continue;
        }
        reviewed.push(Reviewed {
            path: path.to_string(),
            text: after.unwrap_or_default(),
            review,
        });
    }
    let range_text = match &head {
        Some(head) => format!("{base}..{head}"),
        None => format!("{base}..(working tree)"),
    };
    match format {
        ReviewFormat::Text => write_text(&reviewed, &range_text, out),
        ReviewFormat::Json => write_json(
            out,
            &JsonReview {
                files: reviewed.iter().map(JsonFile::new).collect(),
                range: &range_text,
            },
        ),
        ReviewFormat::Markdown => write_markdown(&reviewed, &range_text, out),
    }
    let errors = reviewed
        .iter()
        .flat_map(|r| &r.review.findings)
        .any(|d| d.severity == Severity::Error);
    if errors {
        exit::ERRORS
    } else {
        exit::CLEAN
    }
}

fn git(repo: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout).map_err(|_| "git printed text that is not UTF-8".to_string())
}

fn line_of(text: &str, offset: usize) -> usize {
    LineIndex::new(text).line_of(offset) + 1
}

fn write_text(reviewed: &[Reviewed], range: &str, out: &mut dyn Write) {
    let _ = writeln!(out, "secint review {range}");
    for file in reviewed {
        let _ = writeln!(out, "\n{}", file.path);
        for c in &file.review.changes {
            let _ = writeln!(
                out,
                "  {:<18} `{}` {}",
                c.what.label(),
                c.integration,
                c.what.detail()
            );
        }
        for d in &file.review.findings {
            let _ = writeln!(
                out,
                "  {}:{}: {}[{}]: {}",
                file.path,
                line_of(&file.text, d.range.start),
                d.severity.as_str(),
                d.code,
                d.message
            );
        }
    }
    if reviewed.is_empty() {
        let _ = writeln!(out, "no integration statements changed");
    }
}

// `--format json`. Fields are declared in the order the report has always printed them
// (alphabetical), so that byte-for-byte comparisons keep working.

#[derive(Serialize)]
struct JsonReview<'a> {
    files: Vec<JsonFile<'a>>,
    range: &'a str,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    changes: Vec<JsonChange<'a>>,
    findings: Vec<JsonFinding<'a>>,
    path: &'a str,
}

/// What a statement does to an integration; `line` is zero-based, in the new text.
#[derive(Serialize)]
struct JsonChange<'a> {
    change: &'static str,
    detail: String,
    integration: &'a str,
    line: usize,
}

/// A diagnostic in a changed statement; zero-based line and UTF-16 character.
#[derive(Serialize)]
struct JsonFinding<'a> {
    character: usize,
    code: &'static str,
    line: usize,
    message: &'a str,
    severity: &'static str,
}

impl<'a> JsonFile<'a> {
    fn new(file: &'a Reviewed) -> JsonFile<'a> {
        let index = LineIndex::new(&file.text);
        let position = |offset: usize| lsp_position(&index, offset);
        JsonFile {
            changes: file
                .review
                .changes
                .iter()
                .map(|c| JsonChange {
                    change: c.what.label(),
                    detail: c.what.detail(),
                    integration: &c.integration,
                    line: position(c.range.start).0,
                })
                .collect(),
            findings: file
                .review
                .findings
                .iter()
                .map(|d| {
                    let (line, character) = position(d.range.start);
                    JsonFinding {
                        character,
                        code: d.code,
                        line,
                        message: &d.message,
                        severity: d.severity.as_str(),
                    }
                })
                .collect(),
            path: &file.path,
        }
    }
}

fn write_markdown(reviewed: &[Reviewed], range: &str, out: &mut dyn Write) {
    let _ = writeln!(out, "### secint review of `{range}`\n");
    if reviewed.is_empty() {
        let _ = writeln!(out, "No integration statements changed.");
        return;
    }
    for file in reviewed {
        let _ = writeln!(out, "#### `{}`\n", file.path);
        if !file.review.changes.is_empty() {
            let _ = writeln!(out, "| change | integration | detail |\n|---|---|---|");
            for c in &file.review.changes {
                let _ = writeln!(
                    out,
                    "| {} | `{}` | {} |",
                    c.what.label(),
                    c.integration,
                    markdown_cell(&c.what.detail())
                );
            }
            let _ = writeln!(out);
        }
        for d in &file.review.findings {
            let icon = match d.severity {
                Severity::Error => "🛑",
                Severity::Warning => "⚠️",
                _ => "ℹ️",
            };
            let _ = writeln!(
                out,
                "- {icon} line {} `{}`: {}",
                line_of(&file.text, d.range.start),
                d.code,
                d.message.replace('|', "\\|")
            );
        }
        let _ = writeln!(out);
    }
}

/// Text for a Markdown table cell: code spans, and no `|` that would split the cell.
fn markdown_cell(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    crate::ide::code_span(text).replace('|', "\\|")
}

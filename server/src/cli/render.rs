//! Output formats of `secint check`: text (rustc-style snippets), JSON, SARIF 2.1.0 and GitHub
//! workflow commands.

use super::{lsp_position, FileReport, Outcome};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::RULES;
use crate::text::LineIndex;
use annotate_snippets::{Level, Renderer as SnippetRenderer, Snippet};
use serde_json::{json, Value};
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Sarif,
    /// `::error file=…,line=…::message` lines that GitHub Actions shows as annotations.
    Github,
}

pub struct Renderer {
    format: Format,
    color: bool,
    /// JSON and SARIF are one document, written at the end.
    entries: Vec<Value>,
}

impl Renderer {
    pub fn new(format: Format, color: bool) -> Renderer {
        Renderer {
            format,
            color,
            entries: Vec::new(),
        }
    }

    pub fn file(&mut self, report: &FileReport, out: &mut dyn Write) {
        let Outcome::Checked {
            text,
            diagnostics,
            fixed,
            ..
        } = &report.outcome
        else {
            return;
        };
        let path = report.path.display().to_string();
        let index = LineIndex::new(text);
        match self.format {
            Format::Text => {
                if *fixed {
                    let _ = writeln!(out, "fixed: {path}");
                }
                for d in diagnostics {
                    let _ = writeln!(out, "{}", text_snippet(d, &path, text, &index, self.color));
                }
            }
            Format::Json => self.entries.push(json!({
                "path": path,
                "fixed": fixed,
                "diagnostics": diagnostics.iter().map(|d| json_diagnostic(d, &index)).collect::<Vec<_>>(),
            })),
            Format::Sarif => {
                let uri = sarif_uri(&report.path);
                self.entries
                    .extend(diagnostics.iter().map(|d| sarif_result(d, &uri, &index)))
            }
            Format::Github => {
                for d in diagnostics {
                    let _ = writeln!(out, "{}", github_annotation(d, &path, &index));
                }
            }
        }
    }

    pub fn finish(&mut self, out: &mut dyn Write, files: usize, errors: usize, warnings: usize) {
        let document = match self.format {
            Format::Github => return,
            Format::Text => {
                let plural =
                    |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
                let _ = writeln!(
                    out,
                    "checked {}: {}, {}",
                    plural(files, "file"),
                    plural(errors, "error"),
                    plural(warnings, "warning")
                );
                return;
            }
            Format::Json => json!({ "files": self.entries }),
            Format::Sarif => sarif_log(std::mem::take(&mut self.entries)),
        };
        let _ = serde_json::to_writer_pretty(&mut *out, &document);
        let _ = writeln!(out);
    }
}

fn level(severity: Severity) -> Level {
    match severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Information => Level::Info,
        Severity::Hint => Level::Help,
    }
}

/// A rustc-style report of one diagnostic, quoting only the lines it touches.
pub fn text_snippet(
    d: &Diagnostic,
    path: &str,
    text: &str,
    index: &LineIndex,
    color: bool,
) -> String {
    let first_line = index.line_of(d.range.start);
    let last_line = index.line_of(d.range.end.max(d.range.start));
    let start = index.line_range(first_line).start;
    let end = index.line_range(last_line).end;
    let source = text[start..end].trim_end_matches(['\n', '\r']);
    let span_end = (d.range.end - start).min(source.len());
    let span = (d.range.start - start).min(source.len())..span_end;
    let level = level(d.severity);
    let notes: Vec<&str> = d
        .related
        .iter()
        .filter(|r| r.range == d.range)
        .map(|r| r.message.as_str())
        .collect();
    let helps: Vec<String> = d
        .fixes
        .iter()
        .map(|f| match f.applicability {
            crate::diagnostic::Applicability::Safe => format!("fix available: {}", f.title),
            crate::diagnostic::Applicability::Unsafe => {
                format!("unsafe fix available (--unsafe-fixes): {}", f.title)
            }
        })
        .collect();
    let mut message = level.title(&d.message).id(d.code).snippet(
        Snippet::source(source)
            .line_start(first_line + 1)
            .origin(path)
            .fold(true)
            .annotation(level.span(span)),
    );
    for note in &notes {
        message = message.footer(Level::Note.title(note));
    }
    for help in &helps {
        message = message.footer(Level::Help.title(help));
    }
    let renderer = if color {
        SnippetRenderer::styled()
    } else {
        SnippetRenderer::plain()
    };
    format!("{}\n", renderer.render(message))
}

fn range_json(index: &LineIndex, range: &std::ops::Range<usize>) -> Value {
    let (sl, sc) = lsp_position(index, range.start);
    let (el, ec) = lsp_position(index, range.end);
    json!({ "start": { "line": sl, "character": sc }, "end": { "line": el, "character": ec } })
}

fn json_diagnostic(d: &Diagnostic, index: &LineIndex) -> Value {
    json!({
        "code": d.code,
        "severity": d.severity.as_str(),
        "message": d.message,
        "range": range_json(index, &d.range),
        "related": d.related.iter().map(|r| json!({
            "message": r.message,
            "range": range_json(index, &r.range),
        })).collect::<Vec<_>>(),
        "fixes": d.fixes.iter().map(|f| json!({
            "title": f.title,
            "applicability": f.applicability.as_str(),
            "edits": f.edits.iter().map(|e| json!({
                "range": range_json(index, &e.range),
                "newText": e.new_text,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn sarif_region(index: &LineIndex, range: &std::ops::Range<usize>) -> Value {
    let (sl, sc) = lsp_position(index, range.start);
    let (el, ec) = lsp_position(index, range.end);
    json!({ "startLine": sl + 1, "startColumn": sc + 1, "endLine": el + 1, "endColumn": ec + 1 })
}

fn sarif_result(d: &Diagnostic, artifact: &Value, index: &LineIndex) -> Value {
    let location = |range: &std::ops::Range<usize>| {
        json!({ "physicalLocation": {
            "artifactLocation": artifact,
            "region": sarif_region(index, range),
        }})
    };
    json!({
        "ruleId": d.code,
        "level": match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information | Severity::Hint => "note",
        },
        "message": { "text": d.message },
        "locations": [location(&d.range)],
        "relatedLocations": d.related.iter().enumerate().map(|(i, r)| {
            let mut l = location(&r.range);
            l["id"] = json!(i);
            l["message"] = json!({ "text": r.message });
            l
        }).collect::<Vec<_>>(),
        "fixes": d.fixes.iter().map(|f| json!({
            "description": { "text": f.title },
            "properties": { "applicability": f.applicability.as_str() },
            "artifactChanges": [{
                "artifactLocation": artifact,
                "replacements": f.edits.iter().map(|e| json!({
                    "deletedRegion": sarif_region(index, &e.range),
                    "insertedContent": { "text": e.new_text },
                })).collect::<Vec<_>>(),
            }],
        })).collect::<Vec<_>>(),
    })
}

fn sarif_log(results: Vec<Value>) -> Value {
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "secint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": RULES.iter().map(|r| {
                    let mut rule = json!({
                        "id": r.code,
                        "shortDescription": { "text": r.summary },
                        "fullDescription": { "text": r.doc },
                    });
                    if let Some(url) = crate::rules::doc_url(r.code, None) {
                        rule["helpUri"] = json!(url);
                    }
                    rule
                }).collect::<Vec<_>>(),
            }},
            "columnKind": "utf16CodeUnits",
            "originalUriBaseIds": {
                "%SRCROOT%": { "uri": file_uri(&std::env::current_dir().unwrap_or_default(), true) },
            },
            "results": results,
        }],
    })
}

/// A SARIF artifact location: a `file://` URI for an absolute path, else a relative URI
/// against `%SRCROOT%` (the working directory, given in `originalUriBaseIds`).
fn sarif_uri(path: &std::path::Path) -> Value {
    if path.is_absolute() {
        return json!({ "uri": file_uri(path, false) });
    }
    let relative = path.strip_prefix(".").unwrap_or(path);
    json!({ "uri": percent_encode_path(&relative.to_string_lossy()), "uriBaseId": "%SRCROOT%" })
}

/// `file:///…` for an absolute path; with `dir`, ending in `/` as a base URI must.
pub fn file_uri(path: &std::path::Path, dir: bool) -> String {
    let mut text = percent_encode_path(&path.to_string_lossy().replace('\\', "/"));
    if !text.starts_with('/') {
        text.insert(0, '/');
    }
    if dir && !text.ends_with('/') {
        text.push('/');
    }
    format!("file://{text}")
}

fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// One GitHub Actions workflow command for a diagnostic.
fn github_annotation(d: &Diagnostic, path: &str, index: &LineIndex) -> String {
    let (sl, sc) = lsp_position(index, d.range.start);
    let (el, ec) = lsp_position(index, d.range.end);
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "notice",
    };
    let property = |s: &str| escape_github(s).replace(':', "%3A").replace(',', "%2C");
    format!(
        "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        property(path),
        sl + 1,
        sc + 1,
        el + 1,
        ec + 1,
        property(&format!("secint {}", d.code)),
        escape_github(&d.message)
    )
}

fn escape_github(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// `--statistics`: how often each code was reported, most frequent first.
pub fn statistics(
    counts: &std::collections::BTreeMap<&'static str, (usize, Severity, usize)>,
    format: Format,
    out: &mut dyn Write,
) {
    let mut rows: Vec<_> = counts.iter().collect();
    rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    if format == Format::Json {
        let rows: Vec<Value> = rows
            .iter()
            .map(|(code, (count, severity, fixable))| {
                json!({ "code": code, "count": count, "severity": severity.as_str(), "fixable": fixable })
            })
            .collect();
        let _ = serde_json::to_writer_pretty(&mut *out, &rows);
        let _ = writeln!(out);
        return;
    }
    for (code, (count, severity, fixable)) in rows {
        let mark = if *fixable > 0 {
            format!("  ({fixable} fixable)")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{count:>6}  {code:<24} {:<11}{mark}",
            severity.as_str()
        );
    }
}

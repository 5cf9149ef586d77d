//! Output formats of `secint check`: text (rustc-style snippets), JSON and SARIF 2.1.0.

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
                "diagnostics": diagnostics.iter().map(|d| json_diagnostic(d, text, &index)).collect::<Vec<_>>(),
            })),
            Format::Sarif => self
                .entries
                .extend(diagnostics.iter().map(|d| sarif_result(d, &path, text, &index))),
        }
    }

    pub fn finish(&mut self, out: &mut dyn Write, files: usize, errors: usize, warnings: usize) {
        let document = match self.format {
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
    let start = index.line_range(text, first_line).start;
    let end = index.line_range(text, last_line).end;
    let source = text[start..end].trim_end_matches(['\n', '\r']);
    let span_end = (d.range.end - start).min(source.len());
    let span = (d.range.start - start).min(source.len())..span_end;
    let level = level(d.severity);
    let helps: Vec<String> = d
        .fixes
        .iter()
        .map(|f| format!("fix available: {}", f.title))
        .collect();
    let mut message = level.title(&d.message).id(d.code).snippet(
        Snippet::source(source)
            .line_start(first_line + 1)
            .origin(path)
            .fold(true)
            .annotation(level.span(span)),
    );
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

fn range_json(text: &str, index: &LineIndex, range: &std::ops::Range<usize>) -> Value {
    let (sl, sc) = lsp_position(index, text, range.start);
    let (el, ec) = lsp_position(index, text, range.end);
    json!({ "start": { "line": sl, "character": sc }, "end": { "line": el, "character": ec } })
}

fn json_diagnostic(d: &Diagnostic, text: &str, index: &LineIndex) -> Value {
    json!({
        "code": d.code,
        "severity": d.severity.as_str(),
        "message": d.message,
        "range": range_json(text, index, &d.range),
        "fixes": d.fixes.iter().map(|f| json!({
            "title": f.title,
            "edits": f.edits.iter().map(|e| json!({
                "range": range_json(text, index, &e.range),
                "newText": e.new_text,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn sarif_region(text: &str, index: &LineIndex, range: &std::ops::Range<usize>) -> Value {
    let (sl, sc) = lsp_position(index, text, range.start);
    let (el, ec) = lsp_position(index, text, range.end);
    json!({ "startLine": sl + 1, "startColumn": sc + 1, "endLine": el + 1, "endColumn": ec + 1 })
}

fn sarif_result(d: &Diagnostic, path: &str, text: &str, index: &LineIndex) -> Value {
    let location = |range: &std::ops::Range<usize>| {
        json!({ "physicalLocation": {
            "artifactLocation": { "uri": path },
            "region": sarif_region(text, index, range),
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
            "artifactChanges": [{
                "artifactLocation": { "uri": path },
                "replacements": f.edits.iter().map(|e| json!({
                    "deletedRegion": sarif_region(text, index, &e.range),
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
                "rules": RULES.iter().map(|r| json!({
                    "id": r.code,
                    "shortDescription": { "text": r.summary },
                    "fullDescription": { "text": r.doc },
                    "helpUri": crate::rules::doc_url(r.code),
                })).collect::<Vec<_>>(),
            }},
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    })
}

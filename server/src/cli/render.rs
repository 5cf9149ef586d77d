//! Output formats of `secint check`: text (rustc-style snippets), JSON, SARIF 2.1.0 (built in
//! [`super::sarif`]) and GitHub workflow commands.

use super::{lsp_position, sarif, write_json, FileReport, Outcome};
use crate::diagnostic::{Diagnostic, Severity};
use crate::text::LineIndex;
use annotate_snippets::{Level, Renderer as SnippetRenderer, Snippet};
use serde::Serialize;
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
    json_files: Vec<JsonFile>,
    sarif_results: Vec<sarif::Result>,
}

impl Renderer {
    pub fn new(format: Format, color: bool) -> Renderer {
        Renderer {
            format,
            color,
            json_files: Vec::new(),
            sarif_results: Vec::new(),
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
            Format::Json => self.json_files.push(JsonFile {
                diagnostics: diagnostics
                    .iter()
                    .map(|d| JsonDiagnostic::new(d, &index))
                    .collect(),
                fixed: *fixed,
                path,
            }),
            Format::Sarif => {
                let artifact = sarif::ArtifactLocation::of_path(&report.path);
                self.sarif_results.extend(
                    diagnostics
                        .iter()
                        .map(|d| sarif::Result::new(d, &artifact, &index)),
                )
            }
            Format::Github => {
                for d in diagnostics {
                    let _ = writeln!(out, "{}", github_annotation(d, &path, &index));
                }
            }
        }
    }

    pub fn finish(&mut self, out: &mut dyn Write, files: usize, errors: usize, warnings: usize) {
        match self.format {
            Format::Github => {}
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
            }
            Format::Json => write_json(
                out,
                &JsonReport {
                    files: std::mem::take(&mut self.json_files),
                },
            ),
            Format::Sarif => write_json(
                out,
                &sarif::Log::new(std::mem::take(&mut self.sarif_results)),
            ),
        }
    }
}

// The JSON report. Fields are declared in the order the report has always printed them
// (alphabetical), so that byte-for-byte comparisons of reports keep working.

/// `--format json`: every checked file.
#[derive(Serialize)]
struct JsonReport {
    files: Vec<JsonFile>,
}

#[derive(Serialize)]
struct JsonFile {
    diagnostics: Vec<JsonDiagnostic>,
    fixed: bool,
    path: String,
}

#[derive(Serialize)]
struct JsonDiagnostic {
    code: &'static str,
    fixes: Vec<JsonFix>,
    message: String,
    range: JsonRange,
    related: Vec<JsonRelated>,
    severity: &'static str,
}

/// Zero-based lines and UTF-16 characters, as LSP counts them.
#[derive(Serialize)]
struct JsonRange {
    end: JsonPosition,
    start: JsonPosition,
}

#[derive(Serialize)]
struct JsonPosition {
    character: usize,
    line: usize,
}

#[derive(Serialize)]
struct JsonRelated {
    message: String,
    /// Another file, when the place is not in the diagnostic's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    range: JsonRange,
}

/// The line index of another file a related place points into; `None` when
/// it cannot be read any more.
pub fn other_file(path: &std::path::Path) -> Option<LineIndex<'static>> {
    let bytes = std::fs::read(path).ok()?;
    Some(LineIndex::owned(
        String::from_utf8_lossy(&bytes).into_owned(),
    ))
}

#[derive(Serialize)]
struct JsonFix {
    applicability: &'static str,
    edits: Vec<JsonEdit>,
    title: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonEdit {
    new_text: String,
    range: JsonRange,
}

impl JsonDiagnostic {
    fn new(d: &Diagnostic, index: &LineIndex) -> JsonDiagnostic {
        let range = |range: &std::ops::Range<usize>| JsonRange::new(index, range);
        JsonDiagnostic {
            code: d.code,
            fixes: d
                .fixes
                .iter()
                .map(|f| JsonFix {
                    applicability: f.applicability.as_str(),
                    edits: f
                        .edits
                        .iter()
                        .map(|e| JsonEdit {
                            new_text: e.new_text.clone(),
                            range: range(&e.range),
                        })
                        .collect(),
                    title: f.title.clone(),
                })
                .collect(),
            message: d.message.clone(),
            range: range(&d.range),
            related: d
                .related
                .iter()
                .map(
                    |r| match r.path.as_deref().and_then(|p| Some((p, other_file(p)?))) {
                        Some((path, index)) => JsonRelated {
                            message: r.message.clone(),
                            path: Some(path.display().to_string()),
                            range: JsonRange::new(&index, &r.range),
                        },
                        None => JsonRelated {
                            message: r.message.clone(),
                            path: r.path.as_ref().map(|p| p.display().to_string()),
                            range: range(&r.range),
                        },
                    },
                )
                .collect(),
            severity: d.severity.as_str(),
        }
    }
}

impl JsonRange {
    fn new(index: &LineIndex, range: &std::ops::Range<usize>) -> JsonRange {
        let position = |offset: usize| {
            let (line, character) = lsp_position(index, offset);
            JsonPosition { character, line }
        };
        JsonRange {
            end: position(range.end),
            start: position(range.start),
        }
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
    let mut notes: Vec<String> = d
        .related
        .iter()
        .filter(|r| r.range == d.range && r.path.is_none())
        .map(|r| r.message.clone())
        .collect();
    // Places in other files are named with their line and column.
    for r in d.related.iter() {
        let Some(other) = &r.path else { continue };
        let at = match other_file(other) {
            Some(index) => {
                let (line, character) = lsp_position(&index, r.range.start);
                format!("{}:{}:{}", other.display(), line + 1, character + 1)
            }
            None => other.display().to_string(),
        };
        notes.push(format!("{}: {at}", r.message));
    }
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

/// One code in `--statistics --format json`.
#[derive(Serialize)]
struct StatisticsRow<'a> {
    code: &'a str,
    count: usize,
    fixable: usize,
    severity: &'static str,
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
        let rows: Vec<StatisticsRow> = rows
            .iter()
            .map(|(code, (count, severity, fixable))| StatisticsRow {
                code,
                count: *count,
                fixable: *fixable,
                severity: severity.as_str(),
            })
            .collect();
        write_json(out, &rows);
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

/// A path as the path of a URI: unreserved bytes as they are, the rest `%XX`.
pub fn percent_encode_path(path: &str) -> String {
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

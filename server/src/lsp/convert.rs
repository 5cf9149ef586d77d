//! Conversions between the analysis (byte offsets, plain structs) and LSP types.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::doc_url;
use crate::text::{Encoding, LineCol, LineIndex};
use ropey::Rope;
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::ls_types::{Position, Uri};

/// Byte offset ↔ LSP position in the negotiated encoding.
pub struct Positions<'a> {
    lines: LineIndex<'a>,
    encoding: Encoding,
}

impl<'a> Positions<'a> {
    pub fn new(rope: &'a Rope, encoding: Encoding) -> Positions<'a> {
        Positions {
            lines: LineIndex::of(rope),
            encoding,
        }
    }

    pub fn position(&self, offset: usize) -> Position {
        let p = self.lines.position(offset, self.encoding);
        Position::new(p.line as u32, p.character as u32)
    }

    /// The byte offset of a position, clamped as [`LineIndex::offset`] says.
    pub fn offset(&self, position: Position) -> usize {
        let p = LineCol {
            line: position.line as usize,
            character: position.character as usize,
        };
        self.lines.offset(p, self.encoding)
    }
}

pub fn severity(severity: Severity) -> lsp::DiagnosticSeverity {
    match severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Information => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

/// `docs_url`: the configured base of the rule docs, if any.
pub fn diagnostic(
    d: &Diagnostic,
    uri: &Uri,
    positions: &Positions,
    docs_url: Option<&str>,
) -> lsp::Diagnostic {
    let range = |r: &std::ops::Range<usize>| {
        lsp::Range::new(positions.position(r.start), positions.position(r.end))
    };
    lsp::Diagnostic {
        range: range(&d.range),
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.code.to_string())),
        code_description: match docs_url {
            Some(base) => doc_url(d.code, Some(base))
                .and_then(|url| url.parse().ok())
                .map(|href| lsp::CodeDescription { href }),
            None => code_description(d.code),
        },
        source: Some("secint".to_string()),
        message: d.message.clone(),
        related_information: (!d.related.is_empty()).then(|| {
            d.related
                .iter()
                .map(|r| lsp::DiagnosticRelatedInformation {
                    location: lsp::Location::new(uri.clone(), range(&r.range)),
                    message: r.message.clone(),
                })
                .collect()
        }),
        tags: None,
        data: None,
    }
}

/// The link to a rule's docs, parsed once per code.
fn code_description(code: &'static str) -> Option<lsp::CodeDescription> {
    static LINKS: std::sync::OnceLock<std::collections::HashMap<&'static str, Uri>> =
        std::sync::OnceLock::new();
    let links = LINKS.get_or_init(|| {
        crate::rules::RULES
            .iter()
            .filter_map(|r| {
                doc_url(r.code, None)
                    .and_then(|url| url.parse().ok())
                    .map(|uri| (r.code, uri))
            })
            .collect()
    });
    links
        .get(code)
        .cloned()
        .map(|href| lsp::CodeDescription { href })
}

pub fn text_edit(
    edit: &crate::diagnostic::Edit,
    positions: &Positions,
    crlf: bool,
) -> lsp::TextEdit {
    let new_text = if crlf {
        edit.new_text.replace("\r\n", "\n").replace('\n', "\r\n")
    } else {
        edit.new_text.clone()
    };
    lsp::TextEdit::new(
        lsp::Range::new(
            positions.position(edit.range.start),
            positions.position(edit.range.end),
        ),
        new_text,
    )
}

//! Conversions from the analysis (byte offsets, plain structs) to protocol types. Positions
//! go through the document's [`Positions`], in the negotiated encoding.

use super::document::Positions;
use crate::diagnostic::{Diagnostic, Edit, Severity};
use crate::ide::actions::{Action, ActionKind};
use crate::ide::completion::{CompletionItem, CompletionKind};
use crate::ide::hover::HoverResult;
use crate::ide::inlay::{Hint, HintKind};
use crate::ide::outline::Symbol;
use crate::rules::doc_url;
use std::collections::HashMap;
use std::ops::Range;
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::ls_types::Uri;

/// The code action kind of "fix all".
pub const FIX_ALL: &str = "source.fixAll.secint";

pub fn severity(severity: Severity) -> lsp::DiagnosticSeverity {
    match severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Information => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

/// `docs_url`: the configured base of the rule docs, if any; `elsewhere` places a related
/// range of another file.
pub fn diagnostic(
    d: &Diagnostic,
    uri: &Uri,
    positions: &Positions,
    docs_url: Option<&str>,
    elsewhere: &dyn Fn(&std::path::Path, &std::ops::Range<usize>) -> Option<lsp::Location>,
) -> lsp::Diagnostic {
    lsp::Diagnostic {
        range: positions.range(&d.range),
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
                .filter_map(|r| {
                    let location = match &r.path {
                        Some(path) => elsewhere(path, &r.range)?,
                        None => lsp::Location::new(uri.clone(), positions.range(&r.range)),
                    };
                    Some(lsp::DiagnosticRelatedInformation {
                        location,
                        message: r.message.clone(),
                    })
                })
                .collect()
        }),
        tags: None,
        data: None,
    }
}

/// The link to a rule's docs, parsed once per code.
fn code_description(code: &'static str) -> Option<lsp::CodeDescription> {
    static LINKS: std::sync::OnceLock<HashMap<&'static str, Uri>> = std::sync::OnceLock::new();
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

/// `crlf`: the document's line breaks are CRLF, and inserted text should follow them.
pub fn text_edit(edit: &Edit, positions: &Positions, crlf: bool) -> lsp::TextEdit {
    let new_text = if crlf {
        edit.new_text.replace("\r\n", "\n").replace('\n', "\r\n")
    } else {
        edit.new_text.clone()
    };
    lsp::TextEdit::new(positions.range(&edit.range), new_text)
}

pub fn workspace_edit(
    uri: &Uri,
    positions: &Positions,
    edits: &[Edit],
    crlf: bool,
) -> lsp::WorkspaceEdit {
    let edits = edits
        .iter()
        .map(|e| text_edit(e, positions, crlf))
        .collect();
    lsp::WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..Default::default()
    }
}

pub fn code_action(
    action: Action,
    uri: &Uri,
    positions: &Positions,
    crlf: bool,
) -> lsp::CodeActionOrCommand {
    lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
        title: action.title,
        kind: Some(match action.kind {
            ActionKind::QuickFix => lsp::CodeActionKind::QUICKFIX,
            ActionKind::FixAll => lsp::CodeActionKind::new(FIX_ALL),
        }),
        diagnostics: action
            .diagnostic
            .map(|d| vec![diagnostic(d, uri, positions, None, &|_, _| None)]),
        edit: Some(workspace_edit(uri, positions, &action.edits, crlf)),
        is_preferred: action.preferred.then_some(true),
        ..Default::default()
    })
}

fn markdown(value: String) -> lsp::MarkupContent {
    lsp::MarkupContent {
        kind: lsp::MarkupKind::Markdown,
        value,
    }
}

pub fn hover(found: HoverResult, positions: &Positions) -> lsp::Hover {
    lsp::Hover {
        contents: lsp::HoverContents::Markup(markdown(found.markdown)),
        range: Some(positions.range(&found.range)),
    }
}

pub fn completion_item(item: CompletionItem, positions: &Positions) -> lsp::CompletionItem {
    lsp::CompletionItem {
        label: item.label,
        kind: Some(match item.kind {
            CompletionKind::Template => lsp::CompletionItemKind::SNIPPET,
            CompletionKind::Keyword => lsp::CompletionItemKind::KEYWORD,
            CompletionKind::Parameter => lsp::CompletionItemKind::PROPERTY,
            CompletionKind::Value => lsp::CompletionItemKind::ENUM_MEMBER,
            CompletionKind::Role => lsp::CompletionItemKind::VALUE,
        }),
        detail: item.detail,
        documentation: item
            .documentation
            .map(|value| lsp::Documentation::MarkupContent(markdown(value))),
        sort_text: Some(item.sort_text),
        filter_text: item.filter_text,
        preselect: item.preselect.then_some(true),
        insert_text_format: Some(match item.is_snippet {
            true => lsp::InsertTextFormat::SNIPPET,
            false => lsp::InsertTextFormat::PLAIN_TEXT,
        }),
        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit::new(
            positions.range(&item.replace),
            item.insert_text,
        ))),
        ..Default::default()
    }
}

/// Statements are objects, their parameters properties.
pub fn document_symbol(
    symbol: &Symbol,
    positions: &Positions,
    kind: lsp::SymbolKind,
) -> lsp::DocumentSymbol {
    #[allow(deprecated)]
    lsp::DocumentSymbol {
        name: symbol.name.clone(),
        detail: symbol.detail.clone(),
        kind,
        tags: None,
        deprecated: None,
        range: positions.range(&symbol.range),
        selection_range: positions.range(&symbol.selection_range),
        children: (!symbol.children.is_empty()).then(|| {
            symbol
                .children
                .iter()
                .map(|c| document_symbol(c, positions, lsp::SymbolKind::PROPERTY))
                .collect()
        }),
    }
}

/// A fold of more than one line; `None` for a range on one line.
pub fn folding_range(range: &Range<usize>, positions: &Positions) -> Option<lsp::FoldingRange> {
    let range = positions.range(range);
    (range.end.line > range.start.line).then_some(lsp::FoldingRange {
        start_line: range.start.line,
        start_character: None,
        end_line: range.end.line,
        end_character: None,
        kind: Some(lsp::FoldingRangeKind::Region),
        collapsed_text: None,
    })
}

/// Nested selection ranges from `ranges` (innermost first); the empty range at `at` when there
/// are none.
pub fn selection_range(
    ranges: &[Range<usize>],
    at: lsp::Position,
    positions: &Positions,
) -> lsp::SelectionRange {
    let mut selection: Option<lsp::SelectionRange> = None;
    for range in ranges.iter().rev() {
        selection = Some(lsp::SelectionRange {
            range: positions.range(range),
            parent: selection.map(Box::new),
        });
    }
    selection.unwrap_or(lsp::SelectionRange {
        range: lsp::Range::new(at, at),
        parent: None,
    })
}

pub fn inlay_hint(hint: Hint, positions: &Positions, crlf: bool) -> lsp::InlayHint {
    lsp::InlayHint {
        position: positions.position(hint.offset),
        label: lsp::InlayHintLabel::String(hint.label),
        kind: match hint.kind {
            HintKind::Duration => None,
            HintKind::Default => Some(lsp::InlayHintKind::PARAMETER),
        },
        text_edits: hint.edit.map(|e| vec![text_edit(&e, positions, crlf)]),
        tooltip: Some(lsp::InlayHintTooltip::String(hint.tooltip)),
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }
}

/// Tokens on one line each (sorted), relative-encoded as the protocol asks; a piece with no
/// width in the negotiated encoding is left out.
pub fn semantic_tokens(
    pieces: &[(Range<usize>, u32)],
    positions: &Positions,
) -> lsp::SemanticTokens {
    let mut data = Vec::new();
    let (mut last_line, mut last_start) = (0u32, 0u32);
    for (piece, kind) in pieces {
        let begin = positions.position(piece.start);
        let length = positions
            .position(piece.end)
            .character
            .saturating_sub(begin.character);
        if length == 0 {
            continue;
        }
        let delta_line = begin.line - last_line;
        data.push(lsp::SemanticToken {
            delta_line,
            delta_start: match delta_line {
                0 => begin.character - last_start,
                _ => begin.character,
            },
            length,
            token_type: *kind,
            token_modifiers_bitset: 0,
        });
        last_line = begin.line;
        last_start = begin.character;
    }
    lsp::SemanticTokens {
        result_id: None,
        data,
    }
}

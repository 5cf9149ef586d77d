//! Formatting, range formatting, inlay hints and selection ranges: protocol in, the analysis
//! (`crate::format`, `crate::ide`) underneath.

use super::convert::{self, Positions};
use super::{Backend, Document};
use crate::format::{format_edits, FormatOptions};
use crate::ide::inlay::{inlay_hints, HintKind, HintKinds};
use crate::ide::selection::selection_ranges;
use crate::text::Encoding;
use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

/// `{"inlayHints": {"durations": false, "defaults": false}}`, bare or under `secint`; `None`
/// when the settings say nothing about hints. Kinds not named stay on.
pub(super) fn hint_kinds(settings: &Value) -> Option<HintKinds> {
    let settings = settings.get("secint").unwrap_or(settings);
    let table = settings.get("inlayHints")?.as_object()?;
    let mut kinds = HintKinds::default();
    if let Some(on) = table.get("durations").and_then(Value::as_bool) {
        kinds.durations = on;
    }
    if let Some(on) = table.get("defaults").and_then(Value::as_bool) {
        kinds.defaults = on;
    }
    Some(kinds)
}

pub(super) fn can_refresh_hints(params: &InitializeParams) -> bool {
    params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.inlay_hint.as_ref())
        .and_then(|h| h.refresh_support)
        .unwrap_or(false)
}

/// The editor's indentation (tab size, spaces or tabs) over the configured options.
fn options_for(base: &FormatOptions, editor: &FormattingOptions) -> FormatOptions {
    let mut options = base.clone();
    options.indent = (editor.tab_size as usize).clamp(1, 16);
    options.use_tabs = !editor.insert_spaces;
    options
}

fn edits(document: &Document, encoding: Encoding, edits: Vec<crate::Edit>) -> Vec<TextEdit> {
    let positions = Positions::new(&document.rope, encoding);
    edits
        .iter()
        // The formatter already writes the document's own line breaks.
        .map(|e| convert::text_edit(e, &positions, false))
        .collect()
}

impl Backend {
    pub(super) async fn format_document(
        &self,
        uri: &Uri,
        editor: &FormattingOptions,
        range: Option<Range>,
    ) -> Result<Option<Vec<TextEdit>>> {
        let base = {
            let mut state = self.state();
            state.settings.format_options(uri)
        };
        let options = options_for(&base, editor);
        self.with_document(uri, |document, encoding| {
            let range =
                range.map(|r| document.offset(r.start, encoding)..document.offset(r.end, encoding));
            edits(
                document,
                encoding,
                format_edits(&document.text, &options, range)
                    .into_iter()
                    .filter(|e| document.may_edit(&e.range))
                    .collect(),
            )
        })
    }

    pub(super) async fn hints(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let kinds = self.state().hints;
        let uri = params.text_document.uri.clone();
        self.with_document(&uri, |document, encoding| {
            let positions = Positions::new(&document.rope, encoding);
            let range = document.offset(params.range.start, encoding)
                ..document.offset(params.range.end, encoding);
            inlay_hints(&document.text, &document.analysis.statements, range, kinds)
                .into_iter()
                .map(|hint| {
                    let crlf = document.text.contains("\r\n");
                    InlayHint {
                        position: positions.position(hint.offset),
                        label: InlayHintLabel::String(hint.label),
                        kind: match hint.kind {
                            HintKind::Duration => None,
                            HintKind::Default => Some(InlayHintKind::PARAMETER),
                        },
                        text_edits: hint
                            .edit
                            .map(|e| vec![convert::text_edit(&e, &positions, crlf)]),
                        tooltip: Some(InlayHintTooltip::String(hint.tooltip)),
                        padding_left: Some(true),
                        padding_right: None,
                        data: None,
                    }
                })
                .collect()
        })
    }

    pub(super) async fn selections(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        self.with_document(&params.text_document.uri, |document, encoding| {
            params
                .positions
                .iter()
                .map(|&position| {
                    let offset = document.offset(position, encoding);
                    let ranges =
                        selection_ranges(&document.text, &document.analysis.statements, offset);
                    let mut selection: Option<SelectionRange> = None;
                    for range in ranges.iter().rev() {
                        selection = Some(SelectionRange {
                            range: document.to_lsp_range(range, encoding),
                            parent: selection.map(Box::new),
                        });
                    }
                    selection.unwrap_or(SelectionRange {
                        range: Range::new(position, position),
                        parent: None,
                    })
                })
                .collect()
        })
    }
}

//! `textDocument/inlayHint`: durations in human units and omitted defaults, as the settings
//! choose (`inlayHints` in the editor's settings).

use crate::ide::inlay::inlay_hints;
use crate::lsp::state::State;
use crate::lsp::to_proto;
use tower_lsp_server::ls_types::{InlayHint, InlayHintParams};

pub fn inlay_hint(state: &State, params: InlayHintParams) -> Option<Vec<InlayHint>> {
    let (document, positions) = state.document(&params.text_document.uri)?;
    let range = positions.byte_range(params.range);
    let statements = &document.analysis.around(range.clone());
    let crlf = document.text.contains("\r\n");
    let hints = inlay_hints(&document.text, statements, range, state.hints)
        .into_iter()
        .map(|hint| to_proto::inlay_hint(hint, &positions, crlf))
        .collect();
    Some(hints)
}

//! `textDocument/hover`.

use crate::lsp::state::State;
use crate::lsp::to_proto;
use tower_lsp_server::ls_types::{Hover, HoverParams};

pub fn hover(state: &State, params: HoverParams) -> Option<Hover> {
    let at = params.text_document_position_params;
    let (document, positions) = state.document(&at.text_document.uri)?;
    let offset = positions.offset(at.position);
    if !document.is_sql_at(offset) {
        return None;
    }
    let path = State::path_of(&at.text_document.uri);
    let outside = state.workspace.outside(&path);
    let statements = &document.analysis.around(offset..offset);
    let found = crate::ide::hover::hover_with(&document.text, statements, offset, &outside)
        .or_else(|| {
            // A name in other SQL: a secret, a policy, a `SYSTEM$` call.
            let summary = state.workspace.summary_at(&path, offset)?;
            Some(crate::ide::hover::name_summary(&summary))
        })?;
    Some(to_proto::hover(found, &positions))
}

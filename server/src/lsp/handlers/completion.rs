//! `textDocument/completion`. Role names come from every open document.

use crate::ide::completion::{complete, CompletionInput};
use crate::ide::roles::roles_in;
use crate::lsp::state::State;
use crate::lsp::to_proto;
use tower_lsp_server::ls_types::{CompletionParams, CompletionResponse};

pub fn completion(state: &State, params: CompletionParams) -> Option<CompletionResponse> {
    let at = params.text_document_position;
    let (document, positions) = state.document(&at.text_document.uri)?;
    let offset = positions.offset(at.position);
    if !document.is_sql_at(offset) {
        return None;
    }
    let chunk = document.chunk_at(offset);
    let roles = || {
        roles_in(
            state
                .documents
                .values()
                .flat_map(|d| &d.analysis.statements),
        )
    };
    let items: Vec<_> = complete(&CompletionInput {
        text: &document.text,
        statement: chunk.start..chunk.end,
        offset,
        statements: &document.analysis.statements,
        roles: &roles,
    })
    .into_iter()
    .map(|item| to_proto::completion_item(item, &positions))
    .collect();
    (!items.is_empty()).then_some(CompletionResponse::Array(items))
}

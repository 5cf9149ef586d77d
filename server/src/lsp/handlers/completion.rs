//! `textDocument/completion`. Role names come from every open document.

use crate::ide::completion::{complete_with, CompletionInput};
use crate::ide::names::{complete_names, Known};
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
    let path = State::path_of(&at.text_document.uri);
    // Where a statement expects an integration's name, the workspace's names.
    let known = || {
        state
            .workspace
            .integrations()
            .into_iter()
            .map(|(location, kind)| Known {
                place: location
                    .path
                    .file_name()
                    .map_or(String::new(), |n| n.to_string_lossy().into_owned()),
                key: location.name.key,
                written: location.name.text,
                kind,
            })
            .collect()
    };
    if let Some(items) = complete_names(&document.text, chunk.start..chunk.end, offset, &known) {
        let items: Vec<_> = items
            .into_iter()
            .map(|item| to_proto::completion_item(item, &positions))
            .collect();
        return (!items.is_empty()).then_some(CompletionResponse::Array(items));
    }
    let outside = state.workspace.outside(&path);
    let roles = || {
        roles_in(
            state
                .documents
                .values()
                .flat_map(|d| d.analysis.statements())
                .collect::<Vec<_>>()
                .iter(),
        )
    };
    // The statement's first words, folded and as written: its name among them.
    let names: Vec<String> =
        crate::chunks::leading_words(&document.text[chunk.start..chunk.end], 8)
            .into_iter()
            .flat_map(|(_, w)| [w.to_string(), w.to_ascii_uppercase()])
            .collect();
    let input = CompletionInput {
        text: &document.text,
        statement: chunk.start..chunk.end,
        offset,
        statements: &document
            .analysis
            .around_naming(chunk.start..chunk.end, names.iter().map(String::as_str)),
        roles: &roles,
    };
    let items: Vec<_> = complete_with(&input, &outside)
        .into_iter()
        .map(|item| to_proto::completion_item(item, &positions))
        .collect();
    (!items.is_empty()).then_some(CompletionResponse::Array(items))
}

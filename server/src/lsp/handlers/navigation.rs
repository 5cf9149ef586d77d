//! `textDocument/definition`, `references`, `prepareRename`, `rename` and
//! `documentHighlight`, answered from the workspace index across files.

use crate::lsp::document::Positions;
use crate::lsp::state::State;
use std::collections::HashMap;
use std::path::Path;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;

/// A byte range of a workspace file as a protocol location: from the open buffer when there
/// is one, else from the file on disk.
pub fn location(state: &State, path: &Path, range: &std::ops::Range<usize>) -> Option<Location> {
    let (uri, positions) = positions_of(state, path)?;
    Some(Location::new(uri, positions.range(range)))
}

fn positions_of<'s>(state: &'s State, path: &Path) -> Option<(Uri, Positions<'s>)> {
    if let Some((uri, document)) = state
        .documents
        .iter()
        .find(|(uri, _)| State::path_of(uri) == path)
    {
        return Some((uri.clone(), document.positions(state.client.encoding)));
    }
    let text = String::from_utf8_lossy(&std::fs::read(path).ok()?).into_owned();
    let uri = file_uri(path)?;
    Some((uri, Positions::of_text(text, state.client.encoding)))
}

fn file_uri(path: &Path) -> Option<Uri> {
    crate::cli::file_uri(path, false).parse().ok()
}

/// The file and byte offset of a request's position.
fn at(state: &mut State, at: &TextDocumentPositionParams) -> Option<(std::path::PathBuf, usize)> {
    state.sync_workspace();
    let (document, positions) = state.document(&at.text_document.uri)?;
    let offset = positions.offset(at.position);
    document
        .is_sql_at(offset)
        .then(|| (State::path_of(&at.text_document.uri), offset))
}

pub fn definition(
    state: &mut State,
    params: GotoDefinitionParams,
) -> Option<GotoDefinitionResponse> {
    let (path, offset) = at(state, &params.text_document_position_params)?;
    let found: Vec<Location> = state
        .workspace
        .goto_definition(&path, offset)
        .iter()
        .filter_map(|l| location(state, &l.path, &l.name.range))
        .collect();
    (!found.is_empty()).then_some(GotoDefinitionResponse::Array(found))
}

pub fn references(state: &mut State, params: ReferenceParams) -> Option<Vec<Location>> {
    let (path, offset) = at(state, &params.text_document_position)?;
    let with_definitions = params.context.include_declaration;
    let found = state
        .workspace
        .occurrences(&path, offset)
        .into_iter()
        .filter(|o| with_definitions || !o.is_definition)
        .filter_map(|o| location(state, &o.path, &o.name.range))
        .collect();
    Some(found)
}

pub fn highlight(
    state: &mut State,
    params: DocumentHighlightParams,
) -> Option<Vec<DocumentHighlight>> {
    let (path, offset) = at(state, &params.text_document_position_params)?;
    let (_, positions) = state.document(&params.text_document_position_params.text_document.uri)?;
    let found = state
        .workspace
        .occurrences(&path, offset)
        .into_iter()
        .filter(|o| *o.path == *path)
        .map(|o| DocumentHighlight {
            range: positions.range(&o.name.range),
            kind: Some(match o.is_definition {
                true => DocumentHighlightKind::WRITE,
                false => DocumentHighlightKind::READ,
            }),
        })
        .collect();
    Some(found)
}

pub fn prepare_rename(
    state: &mut State,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let Some((path, offset)) = at(state, &params) else {
        return Ok(None);
    };
    let Some(name) = state.workspace.name_at(&path, offset) else {
        return Err(refused("no integration name here to rename"));
    };
    let (_, positions) = state
        .document(&params.text_document.uri)
        .ok_or_else(|| refused("the document is not open"))?;
    Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: positions.range(&name.range),
        placeholder: name.text.trim_matches('"').to_string(),
    }))
}

pub fn rename(state: &mut State, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let Some((path, offset)) = at(state, &params.text_document_position) else {
        return Ok(None);
    };
    let edits = state
        .workspace
        .rename(&path, offset, &params.new_name)
        .map_err(|message| refused(&message))?;
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for (file, range, new_text) in edits {
        let Some(place) = location(state, &file, &range) else {
            return Err(refused(&format!("cannot read {}", file.display())));
        };
        changes
            .entry(place.uri)
            .or_default()
            .push(TextEdit::new(place.range, new_text));
    }
    Ok(Some(WorkspaceEdit::new(changes)))
}

/// A request refused with a message the editor shows.
fn refused(message: &str) -> Error {
    Error {
        code: ErrorCode::InvalidParams,
        message: message.to_string().into(),
        data: None,
    }
}

//! `textDocument/didOpen`, `didChange`, `didClose` and `didSave`: the open documents, each
//! change followed by its diagnostics.

use super::watched_files::config_changed;
use crate::lsp::document::Document;
use crate::lsp::server::{Outbox, Outgoing};
use crate::lsp::settings::is_config_file;
use crate::lsp::state::State;
use crate::markdown::is_markdown_document;
use tower_lsp_server::ls_types::*;

pub fn did_open(state: &mut State, out: &mut Outbox, params: DidOpenTextDocumentParams) {
    let item = params.text_document;
    let markdown = is_markdown_document(&item.language_id, item.uri.path().as_str());
    let mut document = Document::open_as(item.text, item.version, markdown);
    let path = State::path_of(&item.uri);
    document.recheck_with(&state.workspace.outside(&path));
    crate::lsp::state::reindex(&mut state.workspace, &path, || {
        crate::semantics::FileIndex::of_document(&document)
    });
    state.documents.insert(item.uri.clone(), document);
    out.push(Outgoing::Diagnostics(item.uri));
    out.push(Outgoing::WorkspacePass);
}

/// The document is out of the map while it is edited: should the edit panic, it stays out
/// rather than serve wrong positions, and the client's next didOpen starts it afresh.
pub fn did_change(state: &mut State, out: &mut Outbox, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let Some(mut document) = state.documents.remove(&uri) else {
        out.warn(format!(
            "didChange for {}, which is not open; ignored",
            uri.as_str()
        ));
        return;
    };
    let version = params.text_document.version;
    let path = State::path_of(&uri);
    let outside = state.workspace.outside(&path);
    document.apply_changes_with(
        params.content_changes,
        version,
        state.client.encoding,
        &outside,
    );
    state.documents.insert(uri.clone(), document);
    state.stale.insert(uri.clone());
    out.push(Outgoing::Diagnostics(uri));
    out.push(Outgoing::WorkspacePass);
}

pub fn did_close(state: &mut State, out: &mut Outbox, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    if state.documents.remove(&uri).is_some() {
        state.stale.remove(&uri);
        state.across.remove(&uri);
        // The disk has the say again: the file as saved, or nothing if it is gone.
        state.index_from_disk(&State::path_of(&uri));
        out.push(Outgoing::ClearDiagnostics(uri));
        out.push(Outgoing::WorkspacePass);
    }
}

pub fn did_save(state: &mut State, out: &mut Outbox, params: DidSaveTextDocumentParams) {
    if is_config_file(&params.text_document.uri) {
        config_changed(state, out);
    }
}

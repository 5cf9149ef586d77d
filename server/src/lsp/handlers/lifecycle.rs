//! `initialize` and `initialized`: what the client can do, what the server offers, and the
//! registrations that need the client's consent.

use super::watched_files::config_file_watchers;
use crate::lsp::capabilities::{server_capabilities, ClientFeatures};
use crate::lsp::server::{Outbox, Outgoing};
use crate::lsp::settings::{hint_kinds, ClientSettings};
use crate::lsp::state::State;
use tower_lsp_server::ls_types::*;

pub fn initialize(state: &mut State, params: InitializeParams) -> InitializeResult {
    state.client = ClientFeatures::of(&params);
    state.roots = super::workspace::roots(&params);
    let options = params.initialization_options.as_ref();
    if let Some(client) = options.and_then(ClientSettings::from_json) {
        state.settings.client = client;
    }
    if let Some(hints) = options.and_then(hint_kinds) {
        state.hints = hints;
    }
    InitializeResult {
        server_info: Some(ServerInfo {
            name: "secint".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
        capabilities: server_capabilities(&state.client),
        offset_encoding: None,
    }
}

pub fn initialized(state: &mut State, out: &mut Outbox, _: InitializedParams) {
    if state.client.watch_files {
        out.push(Outgoing::Register(config_file_watchers()));
        out.push(Outgoing::Register(super::workspace::sql_file_watchers()));
    }
    if !state.roots.is_empty() {
        out.push(Outgoing::IndexWorkspace(state.roots.clone()));
    }
    let ready = format!("secint {} ready", env!("CARGO_PKG_VERSION"));
    out.push(Outgoing::Log(MessageType::INFO, ready));
}

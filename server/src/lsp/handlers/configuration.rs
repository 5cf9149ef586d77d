//! `workspace/didChangeConfiguration`: the editor's rule levels, docs URL and inlay hint kinds.

use crate::lsp::server::{Outbox, Outgoing};
use crate::lsp::settings::{hint_kinds, ClientSettings};
use crate::lsp::state::State;
use tower_lsp_server::ls_types::DidChangeConfigurationParams;

pub fn did_change(state: &mut State, out: &mut Outbox, params: DidChangeConfigurationParams) {
    let hints = hint_kinds(&params.settings);
    if let Some(hints) = hints {
        state.hints = hints;
        if state.client.hint_refresh {
            out.push(Outgoing::InlayHintRefresh);
        }
    }
    match ClientSettings::from_json(&params.settings) {
        Some(client) => {
            state.settings.client = client;
            out.push(Outgoing::AllDiagnostics);
        }
        None if hints.is_some() => {}
        None => out.warn("secint: settings have no `rules` table; kept the current ones".into()),
    }
}

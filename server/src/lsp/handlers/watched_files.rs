//! `workspace/didChangeWatchedFiles`, registered dynamically for the config files when the
//! client can (see `lifecycle::initialized`).

use crate::lsp::server::{Outbox, Outgoing};
use crate::lsp::settings::is_config_file;
use crate::lsp::state::State;
use tower_lsp_server::ls_types::*;

/// The registration that watches every config file secint reads.
pub fn config_file_watchers() -> Registration {
    let watchers = crate::config::CONFIG_FILES
        .iter()
        .map(|name| FileSystemWatcher {
            glob_pattern: GlobPattern::String(format!("**/{name}")),
            kind: None,
        })
        .collect();
    let options = DidChangeWatchedFilesRegistrationOptions { watchers };
    Registration {
        id: "secint-config-files".to_string(),
        method: "workspace/didChangeWatchedFiles".to_string(),
        register_options: serde_json::to_value(options).ok(),
    }
}

pub fn did_change(state: &mut State, out: &mut Outbox, params: DidChangeWatchedFilesParams) {
    if params.changes.iter().any(|c| is_config_file(&c.uri)) {
        config_changed(state, out);
    }
    super::workspace::did_change_files(state, out, &params);
}

/// A config file changed on disk: read them again, and check every open document again.
pub fn config_changed(state: &mut State, out: &mut Outbox) {
    state.settings.forget_config_files();
    out.push(Outgoing::AllDiagnostics);
}

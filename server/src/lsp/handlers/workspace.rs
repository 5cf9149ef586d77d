//! The workspace folders: which files they hold, indexed in the background with progress,
//! kept current from `workspace/didChangeWatchedFiles` and
//! `workspace/didChangeWorkspaceFolders`.

use crate::lsp::server::{Outbox, Outgoing};
use crate::lsp::settings::file_path;
use crate::lsp::state::State;
use std::path::{Path, PathBuf};
use tower_lsp_server::ls_types::*;

/// Files of these kinds belong to the workspace: SQL, and Markdown for its SQL blocks.
pub fn is_sql_path(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("sql"))
        || crate::markdown::is_markdown_path(&path.to_string_lossy())
}

/// The registration that watches the workspace's SQL files.
pub fn sql_file_watchers() -> Registration {
    let options = DidChangeWatchedFilesRegistrationOptions {
        watchers: ["**/*.sql", "**/*.md"]
            .iter()
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String(glob.to_string()),
                kind: None,
            })
            .collect(),
    };
    Registration {
        id: "secint-sql-files".to_string(),
        method: "workspace/didChangeWatchedFiles".to_string(),
        register_options: serde_json::to_value(options).ok(),
    }
}

/// The folders `initialize` names: the workspace folders, else the root.
#[allow(deprecated)]
pub fn roots(params: &InitializeParams) -> Vec<PathBuf> {
    let folders: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| file_path(&f.uri))
        .collect();
    if !folders.is_empty() {
        return folders;
    }
    params
        .root_uri
        .as_ref()
        .and_then(file_path)
        .into_iter()
        .collect()
}

/// Every SQL file under `roots`: ignored files, hidden folders and symbolic links to
/// folders left out, so a directory loop ends; unreadable entries are skipped.
pub fn sql_files(roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for root in roots {
        let walker = ignore::WalkBuilder::new(root)
            .follow_links(false)
            .require_git(false)
            .build();
        for entry in walker.flatten() {
            let is_file = entry.file_type().is_some_and(|t| t.is_file());
            if is_file && is_sql_path(entry.path()) {
                files.push(entry.into_path());
            }
        }
    }
    files.sort();
    files.dedup();
    files
}

/// SQL files created, changed or deleted on disk. Open buffers win over the disk; a storm of
/// events costs one read per file.
pub fn did_change_files(state: &mut State, out: &mut Outbox, params: &DidChangeWatchedFilesParams) {
    let mut touched = false;
    for change in &params.changes {
        let Some(path) = file_path(&change.uri) else {
            continue;
        };
        if !is_sql_path(&path) || !state.roots.iter().any(|r| path.starts_with(r)) {
            continue;
        }
        touched = true;
        match change.typ {
            FileChangeType::DELETED => {
                let open = state.documents.keys().any(|u| State::path_of(u) == path);
                if !open {
                    state.workspace.remove(&path);
                }
            }
            _ => state.index_from_disk(&path),
        }
    }
    if touched {
        out.push(Outgoing::WorkspacePass);
    }
}

pub fn did_change_folders(
    state: &mut State,
    out: &mut Outbox,
    params: DidChangeWorkspaceFoldersParams,
) {
    let removed: Vec<PathBuf> = params
        .event
        .removed
        .iter()
        .filter_map(|f| file_path(&f.uri))
        .collect();
    state.roots.retain(|r| !removed.contains(r));
    for path in state.workspace.paths() {
        let under_removed = removed.iter().any(|r| path.starts_with(r));
        let under_kept = state.roots.iter().any(|r| path.starts_with(r));
        if under_removed && !under_kept {
            state.workspace.remove(&path);
        }
    }
    let added: Vec<PathBuf> = params
        .event
        .added
        .iter()
        .filter_map(|f| file_path(&f.uri))
        .collect();
    state.roots.extend(added.iter().cloned());
    if !added.is_empty() {
        out.push(Outgoing::IndexWorkspace(added));
    }
    out.push(Outgoing::WorkspacePass);
}

/// `workspace/symbol`: the integrations whose name holds the query.
pub fn symbol(state: &State, params: WorkspaceSymbolParams) -> Option<WorkspaceSymbolResponse> {
    let found = state.workspace.symbols(&params.query, 500);
    let symbols = found
        .into_iter()
        .filter_map(|(location, kind)| {
            #[allow(deprecated)]
            Some(SymbolInformation {
                name: location.name.text.clone(),
                kind: SymbolKind::OBJECT,
                tags: None,
                deprecated: None,
                location: super::navigation::location(state, &location.path, &location.name.range)?,
                container_name: Some(kind),
            })
        })
        .collect();
    Some(WorkspaceSymbolResponse::Flat(symbols))
}

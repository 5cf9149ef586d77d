//! What the server knows between requests: the open documents, what the client can do, and
//! the settings. Handlers get it through the panic guard ([`super::server::Server::guarded`]).

use super::capabilities::ClientFeatures;
use super::document::{Document, Positions};
use super::settings::WorkspaceSettings;
use crate::diagnostic::Diagnostic;
use crate::ide::inlay::HintKinds;
use crate::semantics::FileIndex;
use crate::workspace::Workspace;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use tower_lsp_server::ls_types::Uri;

/// From this many statements, the memory a document's old index leaves is handed back to the
/// system before its new one is built (see [`crate::memory`]).
const RETURN_MEMORY_AFTER: usize = 4096;

#[derive(Default)]
pub struct State {
    pub documents: HashMap<Uri, Document>,
    /// Set by `initialize`.
    pub client: ClientFeatures,
    pub settings: WorkspaceSettings,
    pub hints: HintKinds,
    /// Config problems found since they were last shown.
    pub config_problems: HashMap<PathBuf, String>,
    /// Every SQL file of the workspace folders, open buffers laid over the disk.
    pub workspace: Workspace,
    /// The workspace folders.
    pub roots: Vec<PathBuf>,
    /// Open documents edited since the workspace last read them.
    pub stale: HashSet<Uri>,
    /// What the workspace rules found in each open document at the last pass.
    pub across: HashMap<Uri, Vec<Diagnostic>>,
}

impl State {
    /// An open document and its positions in the negotiated encoding.
    pub fn document(&self, uri: &Uri) -> Option<(&Document, Positions<'_>)> {
        let document = self.documents.get(uri)?;
        Some((document, document.positions(self.client.encoding)))
    }

    /// The settings of a document; a problem with its config file is kept to be shown.
    pub fn settings_for(&mut self, uri: &Uri) -> crate::config::Settings {
        let (settings, problem) = self.settings.for_uri(uri);
        if let Some(problem) = problem {
            self.config_problems
                .insert(problem.path.clone(), problem.to_string());
        }
        settings
    }

    /// What the workspace rules found in a document at the last pass, if still inside its
    /// text (the edits since may have cut it).
    pub fn across_in(&self, uri: &Uri) -> Vec<Diagnostic> {
        let Some(document) = self.documents.get(uri) else {
            return Vec::new();
        };
        let len = document.text.len();
        self.across
            .get(uri)
            .into_iter()
            .flatten()
            .filter(|d| {
                d.range.end <= len
                    && document.text.is_char_boundary(d.range.start)
                    && document.text.is_char_boundary(d.range.end)
            })
            .cloned()
            .collect()
    }

    /// The diagnostics the user sees in a document: suppressions and settings applied.
    pub fn visible(&mut self, uri: &Uri) -> Option<Vec<Diagnostic>> {
        let settings = self.settings_for(uri);
        let document = self.documents.get(uri)?;
        if self.settings.is_excluded(uri) {
            return Some(Vec::new());
        }
        let across = self.across_in(uri);
        let raw = document.analysis.diagnostics().chain(across).collect();
        Some(settings.finish_with(&document.text, raw, document.suppressions()))
    }

    /// The path an open document or a file stands for in the workspace.
    pub fn path_of(uri: &Uri) -> PathBuf {
        super::settings::file_path(uri).unwrap_or_else(|| PathBuf::from(uri.as_str()))
    }

    /// Reads the edited open documents into the workspace again.
    pub fn sync_workspace(&mut self) {
        for uri in std::mem::take(&mut self.stale) {
            if let Some(document) = self.documents.get(&uri) {
                let path = State::path_of(&uri);
                reindex(&mut self.workspace, &path, || {
                    FileIndex::of_document(document)
                });
            }
        }
    }

    /// The workspace pass: open documents read again, the workspace rules run, and each open
    /// document re-checked against the CREATEs of the other files. Returns the documents
    /// whose diagnostics may have changed.
    pub fn workspace_pass(&mut self) -> Vec<Uri> {
        self.sync_workspace();
        let mut found: HashMap<PathBuf, Vec<Diagnostic>> = HashMap::new();
        for d in crate::workspace::check_workspace(&self.workspace) {
            found
                .entry(d.path.to_path_buf())
                .or_default()
                .push(d.diagnostic);
        }
        let mut changed = Vec::new();
        for (uri, document) in &mut self.documents {
            let path = State::path_of(uri);
            let across = found.remove(&path).unwrap_or_default();
            let before = self.across.insert(uri.clone(), across);
            let outside = self.workspace.outside(&path);
            let checked = document.recheck_with(&outside);
            if checked > 0 || before.as_ref() != self.across.get(uri) {
                changed.push(uri.clone());
            }
        }
        changed
    }

    /// Whether a document of that path is open.
    pub fn is_open(&self, path: &Path) -> bool {
        self.documents.keys().any(|uri| State::path_of(uri) == path)
    }

    /// Indexes a file from disk unless it is open (the buffer wins); a file that cannot be
    /// read any more leaves the workspace.
    pub fn index_from_disk(&mut self, path: &Path) {
        if self.is_open(path) {
            return;
        }
        match std::fs::read(path) {
            Ok(bytes) if crate::lsp::handlers::workspace::is_sql_path(path) => {
                let text = String::from_utf8_lossy(&bytes);
                self.workspace
                    .set(path, crate::workspace::index_text(path, &text));
            }
            _ => {
                self.workspace.remove(path);
            }
        }
    }
}

/// Replaces the index of `path` with `index()`, the old one dropped first: a large document's
/// two indexes would not fit beside it.
pub fn reindex(workspace: &mut Workspace, path: &Path, index: impl FnOnce() -> FileIndex) {
    let large = workspace
        .remove(path)
        .is_some_and(|old| old.statement_count() >= RETURN_MEMORY_AFTER);
    if large {
        crate::memory::return_free_memory();
    }
    let index = index();
    let opened_large = index.statement_count() >= RETURN_MEMORY_AFTER;
    workspace.set(path, index);
    // What parsing a large document left free (its trees, the message it came in) goes back.
    if opened_large && !large {
        crate::memory::return_free_memory();
    }
}

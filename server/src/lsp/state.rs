//! What the server knows between requests: the open documents, what the client can do, and
//! the settings. Handlers get it through the panic guard ([`super::server::Server::guarded`]).

use super::capabilities::ClientFeatures;
use super::document::{Document, Positions};
use super::settings::WorkspaceSettings;
use crate::diagnostic::Diagnostic;
use crate::ide::inlay::HintKinds;
use std::collections::HashMap;
use std::path::PathBuf;
use tower_lsp_server::ls_types::Uri;

#[derive(Default)]
pub struct State {
    pub documents: HashMap<Uri, Document>,
    /// Set by `initialize`.
    pub client: ClientFeatures,
    pub settings: WorkspaceSettings,
    pub hints: HintKinds,
    /// Config problems found since they were last shown.
    pub config_problems: HashMap<PathBuf, String>,
}

impl State {
    /// An open document and its positions in the negotiated encoding.
    pub fn document(&self, uri: &Uri) -> Option<(&Document, Positions<'_>)> {
        let document = self.documents.get(uri)?;
        Some((document, document.positions(self.client.encoding)))
    }

    /// The diagnostics the user sees in a document: suppressions and settings applied.
    pub fn visible(&mut self, uri: &Uri) -> Option<Vec<Diagnostic>> {
        let (settings, problem) = self.settings.for_uri(uri);
        if let Some(problem) = problem {
            self.config_problems
                .insert(problem.path.clone(), problem.to_string());
        }
        let document = self.documents.get(uri)?;
        if self.settings.is_excluded(uri) {
            return Some(Vec::new());
        }
        let raw = document
            .analysis
            .diagnostics()
            .cloned()
            .chain(crate::check::across_one(document))
            .collect();
        Some(settings.finish(&document.text, raw))
    }
}

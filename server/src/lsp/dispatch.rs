//! The dispatch table: every method the server answers, one line each, through the panic
//! guard ([`Server::request`] and [`Server::request_mut`] for requests, [`Server::notify`]
//! for notifications; all three go through [`Server::guarded`]).

use super::handlers::*;
use super::server::Server;
use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::notification as note;
use tower_lsp_server::ls_types::request as req;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::LanguageServer;

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        self.request_mut::<req::Initialize>(lifecycle::initialize, params)
            .await
    }

    async fn initialized(&self, params: InitializedParams) {
        self.notify::<note::Initialized>(lifecycle::initialized, params)
            .await
    }

    async fn shutdown(&self) -> Result<()> {
        self.shut_down()
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        self.notify::<note::DidOpenTextDocument>(documents::did_open, params)
            .await
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        self.notify::<note::DidChangeTextDocument>(documents::did_change, params)
            .await
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.notify::<note::DidCloseTextDocument>(documents::did_close, params)
            .await
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        self.notify::<note::DidSaveTextDocument>(documents::did_save, params)
            .await
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        self.notify::<note::DidChangeConfiguration>(configuration::did_change, params)
            .await
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        self.notify::<note::DidChangeWatchedFiles>(watched_files::did_change, params)
            .await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        self.request_mut::<req::DocumentDiagnosticRequest>(diagnostic::pull, params)
            .await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.request::<req::HoverRequest>(hover::hover, params)
            .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        self.request::<req::Completion>(completion::completion, params)
            .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.request_mut::<req::CodeActionRequest>(code_action::code_action, params)
            .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.request::<req::DocumentSymbolRequest>(symbols::document_symbol, params)
            .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.request::<req::FoldingRangeRequest>(folding::folding_range, params)
            .await
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        self.request_mut::<req::Formatting>(formatting::formatting, params)
            .await
    }

    async fn range_formatting(
        &self,
        params: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        self.request_mut::<req::RangeFormatting>(formatting::range, params)
            .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.request::<req::InlayHintRequest>(inlay::inlay_hint, params)
            .await
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        self.request::<req::SelectionRangeRequest>(selection::selection_range, params)
            .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        self.request_mut::<req::GotoDefinition>(navigation::definition, params)
            .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        self.request_mut::<req::References>(navigation::references, params)
            .await
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        self.request_mut::<req::DocumentHighlightRequest>(navigation::highlight, params)
            .await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        self.request_or_refuse::<req::PrepareRenameRequest>(navigation::prepare_rename, params)
            .await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        self.request_or_refuse::<req::Rename>(navigation::rename, params)
            .await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        self.request::<req::WorkspaceSymbolRequest>(workspace::symbol, params)
            .await
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        self.notify::<note::DidChangeWorkspaceFolders>(workspace::did_change_folders, params)
            .await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        self.request::<req::SemanticTokensFullRequest>(tokens::full, params)
            .await
    }
}

/// Methods outside the protocol, registered in `run` with `custom_method`.
impl Server {
    pub async fn crash(&self, _params: Option<Value>) -> Result<Value> {
        if std::env::var_os("SECINT_ALLOW_CRASH_REQUEST").is_none() {
            return Err(Error::method_not_found());
        }
        self.guarded("secint/crash", crash::crash).await
    }
}

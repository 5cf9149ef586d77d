//! The language server: the only module that speaks LSP. It keeps open documents, converts
//! positions, and hands every question to the analysis (`check`, `ide`).

mod actions;
mod convert;
mod document;
mod format;
mod settings;
mod transport;

/// The server's open document, public so the fuzz and property tests drive the same
/// didChange path the editor does.
pub use document::Document;

use crate::ide::completion::{complete, CompletionInput, CompletionKind};
use crate::ide::hover::hover;
use crate::ide::outline::{document_symbols, folding_ranges, semantic_tokens, Symbol, TOKEN_TYPES};
use crate::text::Encoding;
use convert::Positions;
use serde_json::Value;
use settings::{ClientSettings, WorkspaceSettings};
use std::collections::{BTreeSet, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

/// Runs the server over stdio until `exit`; returns the process exit code (0 after a
/// `shutdown` request, 1 otherwise, as the protocol asks).
pub fn run() -> i32 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("secint lsp: cannot start the async runtime: {e}");
            return 2;
        }
    };
    let shut_down = Arc::new(AtomicBool::new(false));
    let flag = shut_down.clone();
    runtime.block_on(async move {
        let (service, socket) = LspService::build(move |client| Backend::new(client, flag))
            .custom_method("secint/crash", Backend::crash)
            .finish();
        let (to_server, server_input) = tokio::io::duplex(1 << 20);
        let (server_output, from_server) = tokio::io::duplex(1 << 20);
        let (frames, outgoing) = tokio::sync::mpsc::unbounded_channel();
        let input = tokio::spawn(transport::pump_input(
            tokio::io::stdin(),
            to_server,
            frames.clone(),
        ));
        let output = tokio::spawn(transport::pump_output(from_server, frames));
        let writer = tokio::spawn(transport::write_frames(tokio::io::stdout(), outgoing));
        Server::new(server_input, server_output, socket)
            .serve(service)
            .await;
        // The client may keep stdin open after `exit`: stop reading, flush what is left.
        input.abort();
        let _ = output.await;
        let _ = tokio::time::timeout(std::time::Duration::from_secs(2), writer).await;
    });
    runtime.shutdown_background();
    if shut_down.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}

struct State {
    documents: HashMap<Uri, Document>,
    encoding: Encoding,
    settings: WorkspaceSettings,
    pull_diagnostics: bool,
    watch_config_files: bool,
    /// Config problems found since they were last shown.
    config_problems: HashMap<PathBuf, String>,
    hints: crate::ide::inlay::HintKinds,
    /// The client can be asked to pull inlay hints again (after a settings change).
    hint_refresh: bool,
}

impl State {
    /// The diagnostics the user sees in a document: suppressions and settings applied.
    fn visible(&mut self, uri: &Uri) -> Option<Vec<crate::diagnostic::Diagnostic>> {
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

struct Backend {
    client: Client,
    state: Mutex<State>,
    shut_down: Arc<AtomicBool>,
    shown_config_problems: Mutex<BTreeSet<(PathBuf, String)>>,
}

fn internal_error(message: impl Into<String>) -> Error {
    Error {
        code: ErrorCode::InternalError,
        message: message.into().into(),
        data: None,
    }
}

impl Backend {
    fn new(client: Client, shut_down: Arc<AtomicBool>) -> Backend {
        Backend {
            client,
            state: Mutex::new(State {
                documents: HashMap::new(),
                encoding: Encoding::Utf16,
                settings: WorkspaceSettings::default(),
                pull_diagnostics: false,
                config_problems: HashMap::new(),
                watch_config_files: false,
                hints: Default::default(),
                hint_refresh: false,
            }),
            shut_down,
            shown_config_problems: Mutex::new(BTreeSet::new()),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock leaves data that is still consistent enough to serve:
        // every change replaces whole fields.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` on a document; a panic inside becomes an error response.
    fn with_document<T>(
        &self,
        uri: &Uri,
        f: impl FnOnce(&Document, Encoding) -> T,
    ) -> Result<Option<T>> {
        let state = self.state();
        let Some(document) = state.documents.get(uri) else {
            return Ok(None);
        };
        let encoding = state.encoding;
        catch_unwind(AssertUnwindSafe(|| f(document, encoding)))
            .map(Some)
            .map_err(|panic| {
                internal_error(format!(
                    "secint failed on this request: {}",
                    panic_message(&panic)
                ))
            })
    }

    /// `secint/crash`: panics inside a request, to prove the error boundary. Only answered when
    /// SECINT_ALLOW_CRASH_REQUEST=1 is set (the test suite does).
    async fn crash(&self, _params: Option<Value>) -> Result<Value> {
        if std::env::var_os("SECINT_ALLOW_CRASH_REQUEST").is_none() {
            return Err(Error::method_not_found());
        }
        catch_unwind(|| -> Value { panic!("secint/crash was requested") }).map_err(|panic| {
            internal_error(format!(
                "secint failed on this request: {}",
                panic_message(&panic)
            ))
        })
    }

    /// Diagnostics of a document after settings and suppressions, as LSP values.
    fn lsp_diagnostics(state: &mut State, uri: &Uri) -> Option<(Vec<Diagnostic>, i32)> {
        let visible = state.visible(uri)?;
        let docs_url = state.settings.docs_url(uri);
        let document = state.documents.get(uri)?;
        let positions = document.positions(state.encoding);
        let diagnostics = visible
            .iter()
            .map(|d| convert::diagnostic(d, uri, &positions, docs_url.as_deref()))
            .collect();
        Some((diagnostics, document.version))
    }

    async fn publish(&self, uri: Uri) {
        let published = {
            let mut state = self.state();
            if state.pull_diagnostics {
                return;
            }
            Self::lsp_diagnostics(&mut state, &uri)
        };
        if let Some((diagnostics, version)) = published {
            self.client
                .publish_diagnostics(uri, diagnostics, Some(version))
                .await;
        }
        self.report_config_problems().await;
    }

    /// Shows each new config problem once; checking goes on with the editor's settings.
    async fn report_config_problems(&self) {
        let new: Vec<String> = {
            let mut state = self.state();
            let problems: Vec<(PathBuf, String)> = state.config_problems.drain().collect();
            problems
                .into_iter()
                .filter(|(path, message)| {
                    self.shown_config_problems
                        .lock()
                        .map(|mut shown| shown.insert((path.clone(), message.clone())))
                        .unwrap_or(false)
                })
                .map(|(_, message)| message)
                .collect()
        };
        for message in new {
            self.client
                .show_message(
                    MessageType::WARNING,
                    format!("secint: {message}; using the default settings until it is fixed"),
                )
                .await;
        }
    }

    async fn publish_all(&self) {
        let uris: Vec<Uri> = self.state().documents.keys().cloned().collect();
        for uri in uris {
            self.publish(uri).await;
        }
        if self.state().pull_diagnostics {
            let _ = self.client.workspace_diagnostic_refresh().await;
        }
    }

    /// Role names used in the open documents, for completion inside role lists.
    fn roles(state: &State) -> Vec<String> {
        let mut roles = BTreeSet::new();
        for document in state.documents.values() {
            for statement in &document.analysis.statements {
                for param in statement
                    .params
                    .iter()
                    .filter(|p| p.name.upper.ends_with("ROLES_LIST"))
                {
                    for item in param.value.iter().flat_map(|v| v.items()) {
                        if let Some(role) = item.scalar().filter(|r| !r.trim().is_empty()) {
                            roles.insert(role.trim().to_string());
                        }
                    }
                }
            }
        }
        roles.into_iter().collect()
    }

    async fn log_problem(&self, message: String) {
        self.client.log_message(MessageType::WARNING, message).await;
    }
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unexpected panic".to_string())
}

fn negotiate_encoding(params: &InitializeParams) -> Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.clone())
        .unwrap_or_default();
    let has = |kind: PositionEncodingKind| offered.contains(&kind);
    if has(PositionEncodingKind::UTF8) {
        Encoding::Utf8
    } else if offered.is_empty() || has(PositionEncodingKind::UTF16) {
        Encoding::Utf16
    } else if has(PositionEncodingKind::UTF32) {
        Encoding::Utf32
    } else {
        Encoding::Utf16
    }
}

fn encoding_kind(encoding: Encoding) -> PositionEncodingKind {
    match encoding {
        Encoding::Utf8 => PositionEncodingKind::UTF8,
        Encoding::Utf16 => PositionEncodingKind::UTF16,
        Encoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

fn to_symbol(symbol: &Symbol, document: &Document, encoding: Encoding) -> DocumentSymbol {
    #[allow(deprecated)]
    DocumentSymbol {
        name: symbol.name.clone(),
        detail: symbol.detail.clone(),
        // Statements are objects; their parameters are set to PROPERTY by the caller.
        kind: SymbolKind::OBJECT,
        tags: None,
        deprecated: None,
        range: document.to_lsp_range(&symbol.range, encoding),
        selection_range: document.to_lsp_range(&symbol.selection_range, encoding),
        children: (!symbol.children.is_empty()).then(|| {
            symbol
                .children
                .iter()
                .map(|c| {
                    let mut child = to_symbol(c, document, encoding);
                    child.kind = SymbolKind::PROPERTY;
                    child
                })
                .collect()
        }),
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = negotiate_encoding(&params);
        // Pull only with clients that can also be told to pull again (after a configuration
        // change); others get pushed diagnostics.
        let pull = params
            .capabilities
            .text_document
            .as_ref()
            .and_then(|t| t.diagnostic.as_ref())
            .is_some()
            && params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false);
        {
            let mut state = self.state();
            state.encoding = encoding;
            state.pull_diagnostics = pull;
            state.watch_config_files = params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false);
            if let Some(client) = params
                .initialization_options
                .as_ref()
                .and_then(ClientSettings::from_json)
            {
                state.settings.client = client;
            }
            if let Some(hints) = params
                .initialization_options
                .as_ref()
                .and_then(format::hint_kinds)
            {
                state.hints = hints;
            }
            state.hint_refresh = format::can_refresh_hints(&params);
        }
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "secint".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding_kind(encoding)),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..Default::default()
                    },
                )),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec!["=".into(), " ".into(), "(".into(), "'".into()]),
                    ..Default::default()
                }),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::new("source.fixAll.secint"),
                        ]),
                        ..Default::default()
                    },
                )),
                document_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: SemanticTokensLegend {
                                token_types: TOKEN_TYPES
                                    .iter()
                                    .map(|t| SemanticTokenType::new(t))
                                    .collect(),
                                token_modifiers: Vec::new(),
                            },
                            full: Some(SemanticTokensFullOptions::Bool(true)),
                            range: None,
                            ..Default::default()
                        },
                    ),
                ),
                document_formatting_provider: Some(OneOf::Left(true)),
                document_range_formatting_provider: Some(OneOf::Left(true)),
                inlay_hint_provider: Some(OneOf::Left(true)),
                selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
                diagnostic_provider: pull.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("secint".to_string()),
                        inter_file_dependencies: false,
                        workspace_diagnostics: false,
                        ..Default::default()
                    })
                }),
                ..Default::default()
            },
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if self.state().watch_config_files {
            let watchers = crate::config::CONFIG_FILES
                .iter()
                .map(|name| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(format!("**/{name}")),
                    kind: None,
                })
                .collect();
            let options = DidChangeWatchedFilesRegistrationOptions { watchers };
            let registration = Registration {
                id: "secint-config-files".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(e) = self.client.register_capability(vec![registration]).await {
                self.log_problem(format!("secint could not watch config files: {e}"))
                    .await;
            }
        }
        self.client
            .log_message(
                MessageType::INFO,
                format!("secint {} ready", env!("CARGO_PKG_VERSION")),
            )
            .await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let uri = params.text_document.uri.clone();
        let opened = catch_unwind(AssertUnwindSafe(|| {
            let markdown = crate::markdown::is_markdown_document(
                &params.text_document.language_id,
                params.text_document.uri.path().as_str(),
            );
            Document::open_as(
                params.text_document.text,
                params.text_document.version,
                markdown,
            )
        }));
        match opened {
            Ok(document) => {
                self.state().documents.insert(uri.clone(), document);
                self.publish(uri).await;
            }
            Err(panic) => {
                self.log_problem(format!(
                    "secint could not analyse {}: {}",
                    uri.as_str(),
                    panic_message(&panic)
                ))
                .await
            }
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let problem = {
            let mut state = self.state();
            let encoding = state.encoding;
            match state.documents.get_mut(&uri) {
                None => Some(format!(
                    "didChange for {}, which is not open; ignored",
                    uri.as_str()
                )),
                Some(document) => {
                    let applied = catch_unwind(AssertUnwindSafe(|| {
                        document.apply_changes(
                            params.content_changes,
                            params.text_document.version,
                            encoding,
                        )
                    }));
                    match applied {
                        Ok(()) => None,
                        Err(panic) => {
                            // The document may be half-edited: drop it rather than serve wrong
                            // positions; the client's next didOpen starts it afresh.
                            state.documents.remove(&uri);
                            Some(format!(
                                "secint failed to apply an edit to {} and closed it: {}",
                                uri.as_str(),
                                panic_message(&panic)
                            ))
                        }
                    }
                }
            }
        };
        match problem {
            None => self.publish(uri).await,
            Some(message) => self.log_problem(message).await,
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let was_open = self.state().documents.remove(&uri).is_some();
        if was_open && !self.state().pull_diagnostics {
            self.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let hints = format::hint_kinds(&params.settings);
        if let Some(hints) = hints {
            let refresh = {
                let mut state = self.state();
                state.hints = hints;
                state.hint_refresh
            };
            if refresh {
                let _ = self.client.inlay_hint_refresh().await;
            }
        }
        match ClientSettings::from_json(&params.settings) {
            Some(client) => {
                self.state().settings.client = client;
                self.publish_all().await;
            }
            None if hints.is_some() => {}
            None => {
                self.log_problem(
                    "secint: settings have no `rules` table; kept the current ones".to_string(),
                )
                .await
            }
        }
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let mut state = self.state();
        let items = match Self::lsp_diagnostics(&mut state, &uri) {
            Some((items, _)) => items,
            None => Vec::new(),
        };
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            }),
        ))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = params.text_document_position_params.text_document.uri;
        let position = params.text_document_position_params.position;
        let result = self.with_document(&uri, |document, encoding| {
            let offset = document.offset(position, encoding);
            if !document.is_sql_at(offset) {
                return None;
            }
            hover(&document.text, &document.analysis.statements, offset).map(|h| Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: h.markdown,
                }),
                range: Some(document.to_lsp_range(&h.range, encoding)),
            })
        })?;
        Ok(result.flatten())
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let uri = params.text_document_position.text_document.uri;
        let position = params.text_document_position.position;
        // Not `with_document`: role names come from every open document under the same lock.
        let state = self.state();
        let Some(document) = state.documents.get(&uri) else {
            return Ok(None);
        };
        let encoding = state.encoding;
        let items = catch_unwind(AssertUnwindSafe(|| {
            let offset = document.offset(position, encoding);
            if !document.is_sql_at(offset) {
                return Vec::new();
            }
            let chunk = document.chunk_at(offset);
            let found = complete(&CompletionInput {
                text: &document.text,
                statement: chunk.start..chunk.end,
                offset,
                statements: &document.analysis.statements,
                roles: &|| Self::roles(&state),
            });
            found
                .into_iter()
                .map(|item| {
                    let range = document.to_lsp_range(&item.replace, encoding);
                    CompletionItem {
                        label: item.label,
                        kind: Some(match item.kind {
                            CompletionKind::Template => CompletionItemKind::SNIPPET,
                            CompletionKind::Keyword => CompletionItemKind::KEYWORD,
                            CompletionKind::Parameter => CompletionItemKind::PROPERTY,
                            CompletionKind::Value => CompletionItemKind::ENUM_MEMBER,
                            CompletionKind::Role => CompletionItemKind::VALUE,
                        }),
                        detail: item.detail,
                        documentation: item.documentation.map(|value| {
                            Documentation::MarkupContent(MarkupContent {
                                kind: MarkupKind::Markdown,
                                value,
                            })
                        }),
                        sort_text: Some(item.sort_text),
                        filter_text: item.filter_text,
                        preselect: item.preselect.then_some(true),
                        insert_text_format: Some(if item.is_snippet {
                            InsertTextFormat::SNIPPET
                        } else {
                            InsertTextFormat::PLAIN_TEXT
                        }),
                        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                            range,
                            item.insert_text,
                        ))),
                        ..Default::default()
                    }
                })
                .collect::<Vec<_>>()
        }))
        .map_err(|panic| {
            internal_error(format!(
                "secint failed on this request: {}",
                panic_message(&panic)
            ))
        })
        .map(Some)?;
        Ok(items
            .filter(|i| !i.is_empty())
            .map(CompletionResponse::Array))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        let visible = match self.state().visible(&uri) {
            Some(visible) => visible,
            None => return Ok(None),
        };
        let actions = self.with_document(&uri, |document, encoding| {
            let positions = Positions::new(&document.rope, encoding);
            let start = document.offset(params.range.start, encoding);
            let end = document.offset(params.range.end, encoding);
            actions::code_actions(&actions::ActionInput {
                uri: &uri,
                document,
                positions: &positions,
                visible: &visible,
                range: start..end,
                only: params.context.only.as_deref(),
            })
        })?;
        Ok(actions.filter(|a| !a.is_empty()))
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        if settings::is_config_file(&params.text_document.uri) {
            self.state().settings.forget_config_files();
            self.publish_all().await;
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        if params
            .changes
            .iter()
            .any(|c| settings::is_config_file(&c.uri))
        {
            self.state().settings.forget_config_files();
            self.publish_all().await;
        }
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let symbols = self.with_document(&params.text_document.uri, |document, encoding| {
            document_symbols(&document.text, &document.analysis.statements)
                .iter()
                .map(|s| to_symbol(s, document, encoding))
                .collect::<Vec<_>>()
        })?;
        Ok(symbols.map(DocumentSymbolResponse::Nested))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.with_document(&params.text_document.uri, |document, encoding| {
            folding_ranges(&document.analysis.statements)
                .into_iter()
                .filter_map(|r| {
                    let range = document.to_lsp_range(&r, encoding);
                    (range.end.line > range.start.line).then_some(FoldingRange {
                        start_line: range.start.line,
                        start_character: None,
                        end_line: range.end.line,
                        end_character: None,
                        kind: Some(FoldingRangeKind::Region),
                        collapsed_text: None,
                    })
                })
                .collect()
        })
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        self.format_document(&params.text_document.uri, &params.options, None)
            .await
    }

    async fn range_formatting(
        &self,
        params: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        let range = Some(params.range);
        self.format_document(&params.text_document.uri, &params.options, range)
            .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.hints(params).await
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        self.selections(params).await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let data = self.with_document(&params.text_document.uri, |document, encoding| {
            let positions = Positions::new(&document.rope, encoding);
            let mut data = Vec::new();
            let (mut last_line, mut last_start) = (0u32, 0u32);
            for (range, kind) in semantic_tokens(document.chunks(), &document.text) {
                // Tokens may not span lines: split a multi-line string into one per line.
                let mut start = range.start;
                while start < range.end {
                    let line_end = document.text[start..range.end]
                        .find('\n')
                        .map_or(range.end, |i| start + i);
                    let piece = start..line_end.max(start);
                    let begin = positions.position(piece.start);
                    let length = positions
                        .position(piece.end)
                        .character
                        .saturating_sub(begin.character);
                    if length > 0 {
                        let delta_line = begin.line - last_line;
                        let delta_start = if delta_line == 0 {
                            begin.character - last_start
                        } else {
                            begin.character
                        };
                        data.push(SemanticToken {
                            delta_line,
                            delta_start,
                            length,
                            token_type: kind,
                            token_modifiers_bitset: 0,
                        });
                        last_line = begin.line;
                        last_start = begin.character;
                    }
                    start = line_end + 1;
                }
            }
            data
        })?;
        Ok(data.map(|data| {
            SemanticTokensResult::Tokens(SemanticTokens {
                result_id: None,
                data,
            })
        }))
    }
}

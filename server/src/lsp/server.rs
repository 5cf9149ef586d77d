//! The server object the framework calls: the state behind one lock, the one panic guard every
//! handler runs in ([`Server::guarded`]), and the [`Outbox`] through which notification
//! handlers talk to the client once the lock is released.

use super::handlers::{diagnostic, workspace};
use super::state::State;
use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::notification::Notification;
use tower_lsp_server::ls_types::request::Request;
use tower_lsp_server::ls_types::request::WorkDoneProgressCreate;
use tower_lsp_server::ls_types::{
    MessageType, ProgressToken, Registration, Uri, WorkDoneProgressCreateParams,
};
use tower_lsp_server::Client;

pub struct Server {
    client: Client,
    state: Arc<Mutex<State>>,
    shut_down: Arc<AtomicBool>,
    shown_config_problems: Mutex<BTreeSet<(PathBuf, String)>>,
    /// Counts requests for a workspace pass: a pass runs once no request came for
    /// [`PASS_DELAY`].
    pass_requests: Arc<AtomicU64>,
}

/// What a notification handler asks the server to send, in order.
#[derive(Default)]
pub struct Outbox(Vec<Outgoing>);

pub enum Outgoing {
    /// Push a document's diagnostics (nothing when the client pulls them).
    Diagnostics(Uri),
    /// Clear a closed document's pushed diagnostics.
    ClearDiagnostics(Uri),
    /// Push every open document's diagnostics again, or ask a pulling client to pull again.
    AllDiagnostics,
    InlayHintRefresh,
    Register(Registration),
    Log(MessageType, String),
    /// Index the SQL files under these folders in the background, with progress.
    IndexWorkspace(Vec<PathBuf>),
    /// Run the workspace rules again once the edits pause.
    WorkspacePass,
}

/// How long the edits must pause before a workspace pass.
const PASS_DELAY: std::time::Duration = std::time::Duration::from_millis(150);

impl Outbox {
    pub fn push(&mut self, message: Outgoing) {
        self.0.push(message);
    }

    pub fn warn(&mut self, message: String) {
        self.push(Outgoing::Log(MessageType::WARNING, message));
    }
}

impl Server {
    pub fn new(client: Client, shut_down: Arc<AtomicBool>) -> Server {
        Server {
            client,
            state: Arc::new(Mutex::new(State::default())),
            shut_down,
            shown_config_problems: Mutex::new(BTreeSet::new()),
            pass_requests: Arc::new(AtomicU64::new(0)),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// `shutdown`: the process exits with 0 after `exit`.
    pub fn shut_down(&self) -> Result<()> {
        self.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    /// The panic guard every handler runs in: `f` gets the state under the lock; a panic
    /// inside is logged and answered with InternalError, and the server goes on serving.
    /// tower-lsp catches no panics itself: without this one a bad request would end the
    /// server.
    pub async fn guarded<T>(&self, method: &str, f: impl FnOnce(&mut State) -> T) -> Result<T> {
        let result = {
            let mut state = self.state();
            catch_unwind(AssertUnwindSafe(|| f(&mut state)))
        };
        let panic = match result {
            Ok(value) => return Ok(value),
            Err(panic) => panic_message(&*panic),
        };
        let message = format!("secint failed on {method}: {panic}");
        self.client
            .log_message(MessageType::ERROR, message.clone())
            .await;
        Err(Error {
            code: ErrorCode::InternalError,
            message: message.into(),
            data: None,
        })
    }

    /// Request `R`, whose handler reads the state.
    pub async fn request<R: Request>(
        &self,
        handler: fn(&State, R::Params) -> R::Result,
        params: R::Params,
    ) -> Result<R::Result> {
        self.guarded(R::METHOD, |state| handler(state, params))
            .await
    }

    /// Request `R`, whose handler also updates the state (config caches, config problems).
    pub async fn request_mut<R: Request>(
        &self,
        handler: fn(&mut State, R::Params) -> R::Result,
        params: R::Params,
    ) -> Result<R::Result> {
        self.guarded(R::METHOD, |state| handler(state, params))
            .await
    }

    /// Request `R`, whose handler may refuse with an error the user sees (rename).
    pub async fn request_or_refuse<R: Request>(
        &self,
        handler: fn(&mut State, R::Params) -> Result<R::Result>,
        params: R::Params,
    ) -> Result<R::Result> {
        self.guarded(R::METHOD, |state| handler(state, params))
            .await
            .and_then(|answer| answer)
    }

    /// Notification `N`: the handler updates the state and fills the outbox, which is sent
    /// once the lock is released (nothing is sent after a panic).
    pub async fn notify<N: Notification>(
        &self,
        handler: fn(&mut State, &mut Outbox, N::Params),
        params: N::Params,
    ) {
        let mut outbox = Outbox::default();
        let handled = self.guarded(N::METHOD, |state| handler(state, &mut outbox, params));
        if handled.await.is_ok() {
            self.send(outbox).await;
        }
    }

    async fn send(&self, outbox: Outbox) {
        let pulls = self.state().client.pull_diagnostics;
        for message in outbox.0 {
            match message {
                Outgoing::Diagnostics(_) | Outgoing::ClearDiagnostics(_) if pulls => {}
                Outgoing::Diagnostics(uri) => self.publish(uri).await,
                Outgoing::ClearDiagnostics(uri) => {
                    self.client.publish_diagnostics(uri, Vec::new(), None).await
                }
                Outgoing::AllDiagnostics if pulls => {
                    let _ = self.client.workspace_diagnostic_refresh().await;
                }
                Outgoing::AllDiagnostics => {
                    let uris: Vec<Uri> = self.state().documents.keys().cloned().collect();
                    for uri in uris {
                        self.publish(uri).await;
                    }
                }
                Outgoing::InlayHintRefresh => {
                    let _ = self.client.inlay_hint_refresh().await;
                }
                Outgoing::Register(registration) => {
                    let what = format!("{} ({})", registration.method, registration.id);
                    if let Err(e) = self.client.register_capability(vec![registration]).await {
                        let message = format!("secint could not register {what}: {e}");
                        self.client.log_message(MessageType::WARNING, message).await;
                    }
                }
                Outgoing::Log(kind, message) => self.client.log_message(kind, message).await,
                Outgoing::IndexWorkspace(roots) => self.index_in_background(roots),
                Outgoing::WorkspacePass => self.schedule_pass(),
            }
        }
    }

    /// Indexes the SQL files under `roots` on a blocking thread, a batch at a time under the
    /// lock, reporting `$/progress`; then runs a workspace pass.
    fn index_in_background(&self, roots: Vec<PathBuf>) {
        let state = self.state.clone();
        let client = self.client.clone();
        let progress = lock(&state).client.work_done_progress;
        tokio::spawn(async move {
            let token = ProgressToken::String(format!("secint-index-{}", roots.len()));
            let created = progress && create_progress(&client, &token).await;
            let reporter = match created {
                true => Some(
                    client
                        .progress(token, "secint: indexing SQL files")
                        .with_percentage(0)
                        .begin()
                        .await,
                ),
                false => None,
            };
            let files = {
                let roots = roots.clone();
                tokio::task::spawn_blocking(move || workspace::sql_files(&roots))
                    .await
                    .unwrap_or_default()
            };
            let total = files.len().max(1);
            for (n, batch) in files.chunks(BATCH).enumerate() {
                let batch = batch.to_vec();
                let indexed = tokio::task::spawn_blocking(move || {
                    batch
                        .into_iter()
                        .filter_map(|p| {
                            let bytes = std::fs::read(&p).ok()?;
                            let text = String::from_utf8_lossy(&bytes);
                            let index = crate::workspace::index_text(&p, &text);
                            Some((p, index))
                        })
                        .collect::<Vec<_>>()
                })
                .await
                .unwrap_or_default();
                {
                    let mut state = lock(&state);
                    for (path, index) in indexed {
                        let open = state.documents.keys().any(|u| State::path_of(u) == path);
                        if !open {
                            state.workspace.set(&path, index);
                        }
                    }
                }
                if let Some(reporter) = &reporter {
                    let done = ((n + 1) * BATCH).min(total);
                    let message = format!("{done}/{} files", files.len());
                    reporter
                        .report_with_message(message, (done * 100 / total) as u32)
                        .await;
                }
            }
            if let Some(reporter) = reporter {
                let message = format!("{} SQL files", files.len());
                reporter.finish_with_message(message).await;
            }
            run_pass(&state, &client).await;
        });
    }

    /// Runs a workspace pass once no other request for one came for [`PASS_DELAY`]: while the
    /// user types, keystrokes never wait for it.
    fn schedule_pass(&self) {
        let ticket = self.pass_requests.fetch_add(1, Ordering::SeqCst) + 1;
        let requests = self.pass_requests.clone();
        let state = self.state.clone();
        let client = self.client.clone();
        tokio::spawn(async move {
            tokio::time::sleep(PASS_DELAY).await;
            if requests.load(Ordering::SeqCst) == ticket {
                run_pass(&state, &client).await;
            }
        });
    }

    async fn publish(&self, uri: Uri) {
        let method = "textDocument/publishDiagnostics";
        let published = self
            .guarded(method, |state| diagnostic::published(state, &uri))
            .await;
        if let Ok(Some((diagnostics, version))) = published {
            self.client
                .publish_diagnostics(uri, diagnostics, Some(version))
                .await;
        }
        self.report_config_problems().await;
    }

    /// Shows each new config problem once; checking goes on with the editor's settings.
    async fn report_config_problems(&self) {
        let problems: Vec<(PathBuf, String)> = self.state().config_problems.drain().collect();
        let new: Vec<String> = problems
            .into_iter()
            .filter(|(path, message)| {
                self.shown_config_problems
                    .lock()
                    .map(|mut shown| shown.insert((path.clone(), message.clone())))
                    .unwrap_or(false)
            })
            .map(|(_, message)| message)
            .collect();
        for message in new {
            self.client
                .show_message(
                    MessageType::WARNING,
                    format!("secint: {message}; using the default settings until it is fixed"),
                )
                .await;
        }
    }
}

/// Asks the client for a progress token. The framework marks the client initialized only
/// once `initialized` has returned, so a refusal for that reason is tried again shortly.
async fn create_progress(client: &Client, token: &ProgressToken) -> bool {
    for _ in 0..100 {
        let params = WorkDoneProgressCreateParams {
            token: token.clone(),
        };
        match client.send_request::<WorkDoneProgressCreate>(params).await {
            Ok(()) => return true,
            Err(e) if e.code.code() == -32002 => {
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            Err(_) => return false,
        }
    }
    false
}

/// Files read per batch while indexing: the lock is held for one batch at a time.
const BATCH: usize = 256;

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // The guard catches panics before the lock is released, so it is not poisoned by a
    // handler; should it be anyway, every change replaces whole fields.
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The workspace pass, then the diagnostics of the open documents it changed. A panic in the
/// pass is logged; the server goes on.
async fn run_pass(state: &Mutex<State>, client: &Client) {
    let published = catch_unwind(AssertUnwindSafe(|| {
        let mut state = lock(state);
        let changed = state.workspace_pass();
        if state.client.pull_diagnostics {
            return (Vec::new(), !changed.is_empty());
        }
        let published = changed
            .into_iter()
            .filter_map(|uri| {
                let found = diagnostic::published(&mut state, &uri)?;
                Some((uri, found))
            })
            .collect();
        (published, false)
    }));
    match published {
        Ok((published, refresh)) => {
            for (uri, (diagnostics, version)) in published {
                client
                    .publish_diagnostics(uri, diagnostics, Some(version))
                    .await;
            }
            if refresh {
                let _ = client.workspace_diagnostic_refresh().await;
            }
        }
        Err(panic) => {
            let message = format!(
                "secint failed on the workspace pass: {}",
                panic_message(&*panic)
            );
            client.log_message(MessageType::ERROR, message).await;
        }
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unexpected panic".to_string())
}

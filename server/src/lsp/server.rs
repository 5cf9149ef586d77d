//! The server object the framework calls: the state behind one lock, the one panic guard every
//! handler runs in ([`Server::guarded`]), and the [`Outbox`] through which notification
//! handlers talk to the client once the lock is released.

use super::handlers::diagnostic;
use super::state::State;
use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::notification::Notification;
use tower_lsp_server::ls_types::request::Request;
use tower_lsp_server::ls_types::{MessageType, Registration, Uri};
use tower_lsp_server::Client;

pub struct Server {
    pub(super) client: Client,
    pub(super) diagnostics: Publisher,
    pub(super) state: Arc<Mutex<State>>,
    shut_down: Arc<AtomicBool>,
    shown_config_problems: Mutex<BTreeSet<(PathBuf, String)>>,
    /// Counts requests for a workspace pass: a pass runs once no request came for
    /// [`PASS_DELAY`].
    pub(super) pass_requests: Arc<AtomicU64>,
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
pub(super) const PASS_DELAY: std::time::Duration = std::time::Duration::from_millis(150);

impl Outbox {
    pub fn push(&mut self, message: Outgoing) {
        self.0.push(message);
    }

    pub fn warn(&mut self, message: String) {
        self.push(Outgoing::Log(MessageType::WARNING, message));
    }
}

/// Sends `textDocument/publishDiagnostics` with the diagnostics already serialised
/// ([`super::published::Published`]): written straight to the output, in order with every
/// other message of this kind, or through the framework when there is no such output.
#[derive(Clone)]
pub struct Publisher {
    client: Client,
    /// Weak: the output ends once the framework's side is done, whatever task still holds
    /// a publisher.
    frames: Option<tokio::sync::mpsc::WeakUnboundedSender<Vec<u8>>>,
}

impl Publisher {
    /// `diagnostics`: a JSON array of protocol diagnostics.
    pub async fn publish(&self, uri: Uri, diagnostics: &str, version: Option<i32>) {
        let Some(frames) = &self.frames else {
            let items = serde_json::from_str(diagnostics).unwrap_or_default();
            self.client.publish_diagnostics(uri, items, version).await;
            return;
        };
        // The output is gone: the server is exiting.
        let Some(frames) = frames.upgrade() else {
            return;
        };
        let mut head = String::with_capacity(uri.as_str().len() + 120);
        head.push_str(
            r#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#,
        );
        head.push_str(&serde_json::Value::from(uri.as_str()).to_string());
        if let Some(version) = version {
            head.push_str(&format!(r#","version":{version}"#));
        }
        head.push_str(r#","diagnostics":"#);
        let tail = "}}";
        let length = head.len() + diagnostics.len() + tail.len();
        let header = format!("Content-Length: {length}\r\n\r\n");
        let mut frame = Vec::with_capacity(header.len() + length);
        for part in [&header, &head, diagnostics, tail] {
            frame.extend_from_slice(part.as_bytes());
        }
        let _ = frames.send(frame);
    }
}

impl Server {
    pub fn new(
        client: Client,
        shut_down: Arc<AtomicBool>,
        frames: Option<tokio::sync::mpsc::WeakUnboundedSender<Vec<u8>>>,
    ) -> Server {
        Server {
            diagnostics: Publisher {
                client: client.clone(),
                frames,
            },
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
                Outgoing::ClearDiagnostics(uri) => self.diagnostics.publish(uri, "[]", None).await,
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

    async fn publish(&self, uri: Uri) {
        let method = "textDocument/publishDiagnostics";
        let published = self
            .guarded(method, |state| diagnostic::published(state, &uri))
            .await;
        if let Ok(Some((diagnostics, version))) = published {
            self.diagnostics
                .publish(uri, &diagnostics, Some(version))
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

pub(super) fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // The guard catches panics before the lock is released, so it is not poisoned by a
    // handler; should it be anyway, every change replaces whole fields.
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub(super) fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unexpected panic".to_string())
}

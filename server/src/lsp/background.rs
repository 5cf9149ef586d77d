//! Work the server does on its own: indexing the workspace folders with `$/progress`, and the
//! workspace pass that runs the rules across files once the typing pauses.

use super::handlers::{diagnostic, workspace};
use super::server::{lock, panic_message, Server, PASS_DELAY};
use super::state::State;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Mutex;
use tower_lsp_server::ls_types::request::WorkDoneProgressCreate;
use tower_lsp_server::ls_types::{MessageType, ProgressToken, WorkDoneProgressCreateParams};
use tower_lsp_server::Client;

/// How long indexing the workspace folders waits after it is asked for.
const INDEX_DELAY: std::time::Duration = std::time::Duration::from_millis(500);

impl Server {
    /// Indexes the SQL files under `roots` on a blocking thread, a batch at a time under the
    /// lock, reporting `$/progress`; then runs a workspace pass.
    pub(super) fn index_in_background(&self, roots: Vec<PathBuf>) {
        let state = self.state.clone();
        let client = self.client.clone();
        let diagnostics = self.diagnostics.clone();
        let progress = lock(&state).client.work_done_progress;
        tokio::spawn(async move {
            // The editor opens its documents right after `initialized`: indexing waits for
            // them, so that an open file is not read and indexed from disk beside its buffer.
            tokio::time::sleep(INDEX_DELAY).await;
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
                let shared = state.clone();
                let indexed = tokio::task::spawn_blocking(move || {
                    batch
                        .into_iter()
                        .filter_map(|p| {
                            // An open document is indexed from its buffer: reading it from
                            // disk too would hold a second index of it for nothing.
                            if lock(&shared).is_open(&p) {
                                return None;
                            }
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
                        if !state.is_open(&path) {
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
            run_pass(&state, &client, &diagnostics).await;
        });
    }

    /// Runs a workspace pass once no other request for one came for [`PASS_DELAY`]: while the
    /// user types, keystrokes never wait for it.
    pub(super) fn schedule_pass(&self) {
        let ticket = self.pass_requests.fetch_add(1, Ordering::SeqCst) + 1;
        let requests = self.pass_requests.clone();
        let state = self.state.clone();
        let client = self.client.clone();
        let diagnostics = self.diagnostics.clone();
        tokio::spawn(async move {
            tokio::time::sleep(PASS_DELAY).await;
            if requests.load(Ordering::SeqCst) == ticket {
                run_pass(&state, &client, &diagnostics).await;
            }
        });
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

/// The workspace pass, then the diagnostics of the open documents it changed. A panic in the
/// pass is logged; the server goes on.
async fn run_pass(state: &Mutex<State>, client: &Client, publisher: &super::server::Publisher) {
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
            for (uri, (found, version)) in published {
                publisher.publish(uri, &found, Some(version)).await;
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

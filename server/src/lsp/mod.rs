//! The language server: the only module that speaks LSP. It keeps open documents, converts
//! positions, and hands every question to the analysis (`check`, `ide`).
//!
//! `dispatch` routes each method through the panic guard in `server` to its handler in
//! `handlers/`; `capabilities` says what the server offers; `to_proto` and `from_proto`
//! convert between the analysis and protocol types; `transport` frames stdio.

mod background;
mod capabilities;
mod dispatch;
mod document;
mod from_proto;
mod handlers;
mod published;
mod server;
mod settings;
mod state;
mod to_proto;
mod transport;

/// The server's open document, public so the fuzz and property tests drive the same
/// didChange path the editor does.
pub use document::Document;

use server::Server;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tower_lsp_server::LspService;

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
        let (frames, outgoing) = tokio::sync::mpsc::unbounded_channel();
        let raw = frames.downgrade();
        let (service, socket) =
            LspService::build(move |client| Server::new(client, flag, Some(raw)))
                .custom_method("secint/crash", Server::crash)
                .finish();
        let (written, all_written) = std::sync::mpsc::channel::<()>();
        let output = transport::unbuffered_stdout();
        std::thread::spawn(move || {
            transport::write_frames(output, outgoing);
            let _ = written.send(());
        });
        transport::serve(tokio::io::stdin(), service, socket, frames).await;
        // The client may keep stdin open after `exit`: flush what is left and stop.
        let _ = all_written.recv_timeout(std::time::Duration::from_secs(2));
    });
    runtime.shutdown_background();
    if shut_down.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}

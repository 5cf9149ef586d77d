//! One file per request or notification family. A request handler takes the state and the
//! params and returns the response: look up the document, convert positions, call the
//! analysis (`crate::ide`, `crate::check`, …), convert the result with `to_proto`. A
//! notification handler updates the state and queues what to send in an
//! [`Outbox`](super::server::Outbox). Handlers run inside the panic guard; they never await.
//!
//! To add a request: write `<family>.rs` here, announce it in `capabilities.rs`, and add its
//! line to the table in `dispatch.rs`.

pub mod code_action;
pub mod completion;
pub mod configuration;
pub mod crash;
pub mod diagnostic;
pub mod documents;
pub mod folding;
pub mod formatting;
pub mod hover;
pub mod inlay;
pub mod lifecycle;
pub mod navigation;
pub mod selection;
pub mod symbols;
pub mod tokens;
pub mod watched_files;
pub mod workspace;

//! secint: a checker and language server for Snowflake security-integration SQL.
//!
//! Layers, from the bottom: [`chunks`] splits SQL into statements and [`syntax`] parses each
//! integration statement with the extended tree-sitter grammar; [`model`] lowers them into
//! plain structs; [`catalog`] holds the parameter data; [`rules`] and [`check`](mod@check) turn statements
//! into [`diagnostic`]s with fixes; [`document`] and [`analysis`] keep all of that up to date
//! as a document is edited; [`ide`] answers completion, hover and the like from the same
//! facts. Only [`lsp`] speaks the protocol, and [`cli`] runs `secint check`.

pub mod analysis;
pub mod catalog;
pub mod check;
pub mod chunks;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod fix;
pub mod format;
pub mod ide;
pub mod lsp;
pub mod markdown;
pub mod memory;
pub mod model;
pub mod parallel;
pub mod review;
pub mod rules;
pub mod semantics;
pub mod starts;
pub mod stream;
pub mod suppress;
pub mod syntax;
pub mod text;
pub mod workspace;

pub use check::{check, check_with};
pub use config::Settings;
pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};

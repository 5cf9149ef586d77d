//! The generated tree-sitter parser for secint: tree-sitter-sequel's SQL grammar extended
//! with Snowflake `CREATE / ALTER / DROP / DESC / SHOW … INTEGRATION` statements,
//! `GRANT … ON INTEGRATION`, and `//` comments.

use tree_sitter_language::LanguageFn;

extern "C" {
    fn tree_sitter_secint_sql() -> *const ();
}

/// The tree-sitter language of this grammar.
pub const LANGUAGE: LanguageFn = unsafe { LanguageFn::from_raw(tree_sitter_secint_sql) };

/// The node types, as JSON, for tools that want to validate queries.
pub const NODE_TYPES: &str = include_str!("../src/node-types.json");

//! `secint/crash`: a request that panics, so the tests can prove the panic guard keeps the
//! server serving. Only answered when SECINT_ALLOW_CRASH_REQUEST is set (see `dispatch.rs`).

use crate::lsp::state::State;
use serde_json::Value;

pub fn crash(_: &mut State) -> Value {
    panic!("secint/crash was requested")
}

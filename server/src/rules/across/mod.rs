//! Rules over the whole workspace: statements in other files, in workspace order.

pub mod already_created;
pub mod name_case_mismatch;
pub mod scope_not_allowed;
pub mod sso_already_enabled;
pub mod undefined_integration;
pub mod value_in_use;
pub mod wrong_integration_kind;

use crate::diagnostic::Diagnostic;
use crate::workspace::WorkspaceDiagnostic;
use std::path::Path;
use std::sync::Arc;

pub fn push(out: &mut Vec<WorkspaceDiagnostic>, path: &Arc<Path>, diagnostic: Diagnostic) {
    out.push(WorkspaceDiagnostic {
        path: path.clone(),
        diagnostic,
    });
}

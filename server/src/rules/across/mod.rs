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

/// Whether a workspace rule, or the walk it runs on, reads parameter `name` (upper-cased) of
/// a statement: of a CREATE of `kind`, or of an ALTER (`kind` `None`, since its kind is its
/// CREATE's). A caller that holds many statements for these rules only keeps these.
///
/// Keep this in step with the rules: `value-in-use` reads the `[[workspace.unique]]`
/// parameters, `scope-not-allowed` the `allowed_scopes` list, `sso-already-enabled` ENABLED.
pub fn reads(kind: Option<&crate::catalog::KindSpec>, name: &str) -> bool {
    let of_kind = |k: &crate::catalog::KindSpec| {
        k.workspace.unique.iter().any(|u| u.parameter == name)
            || k.workspace.allowed_scopes.as_deref() == Some(name)
            || (k.workspace.single_sign_on && name == "ENABLED")
    };
    match kind {
        Some(kind) => of_kind(kind),
        None => name == "ENABLED" || crate::catalog::Catalog::get().kinds.iter().any(of_kind),
    }
}

//! Role names the user has already written, offered by completion inside role lists.

use crate::model::Statement;
use std::collections::BTreeSet;

/// The roles named in `*ROLES_LIST` parameters of `statements` (from every open document),
/// trimmed, without duplicates, sorted.
pub fn roles_in<'a>(statements: impl IntoIterator<Item = &'a Statement>) -> Vec<String> {
    let mut roles = BTreeSet::new();
    for statement in statements {
        for param in statement
            .params
            .iter()
            .filter(|p| p.name.upper.ends_with("ROLES_LIST"))
        {
            for item in param.value.iter().flat_map(|v| v.items()) {
                if let Some(role) = item.scalar().filter(|r| !r.trim().is_empty()) {
                    roles.insert(role.trim().to_string());
                }
            }
        }
    }
    roles.into_iter().collect()
}

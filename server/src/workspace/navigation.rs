//! Definition, references, rename, highlights and symbols over the workspace index. Answers
//! are byte ranges in files; the server turns them into protocol positions.

use super::{Location, Workspace};
use crate::semantics::{NameRef, RefForm};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

/// What hover says of a name written in other SQL (a secret, a policy, a `SYSTEM$` call).
pub struct NameSummary {
    pub name: NameRef,
    pub kind: Option<&'static crate::catalog::KindSpec>,
    /// `EXTERNAL_OAUTH_TYPE = OKTA`-style, empty when there is none.
    pub variant: String,
    pub created_in: Option<(Arc<Path>, u32)>,
}

/// A replacement in one file of the workspace.
pub type FileEdit = (Arc<Path>, Range<usize>, String);

/// One place a name is written, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub path: Arc<Path>,
    pub name: NameRef,
    /// A CREATE (the definition) rather than a reference.
    pub is_definition: bool,
    /// `LIKE` patterns are found by rename only when they spell the name.
    pub is_pattern: bool,
}

impl Workspace {
    /// The folded name at `offset` of `path`, if a name is written there.
    pub fn key_at(&self, path: &Path, offset: usize) -> Option<String> {
        let name = self.name_at(path, offset)?;
        Some(self.resolve_key(&name))
    }

    /// The key a written name stands for: a name in a string that Snowflake compares without
    /// regard to case resolves to the CREATE it matches.
    fn resolve_key(&self, name: &NameRef) -> String {
        if self.names().creators.contains_key(&name.key) {
            return name.key.clone();
        }
        let upper = name.text.trim_matches('"').to_ascii_uppercase();
        if name.in_string && self.names().creators.contains_key(&upper) {
            return upper;
        }
        name.key.clone()
    }

    /// Every place the integration named at `offset` is written: its CREATEs first, then its
    /// references, in workspace order.
    pub fn occurrences(&self, path: &Path, offset: usize) -> Vec<Occurrence> {
        let Some(key) = self.key_at(path, offset) else {
            return Vec::new();
        };
        self.occurrences_of(&key)
    }

    pub fn occurrences_of(&self, key: &str) -> Vec<Occurrence> {
        let mut out: Vec<Occurrence> = self
            .definitions(key)
            .into_iter()
            .map(|d| Occurrence {
                path: d.path,
                name: d.name,
                is_definition: true,
                is_pattern: false,
            })
            .collect();
        for (location, reference) in self.references(key) {
            out.push(Occurrence {
                path: location.path,
                name: location.name,
                is_definition: false,
                is_pattern: reference.form == RefForm::ShowLike,
            });
        }
        out
    }

    /// Where the integration named at `offset` is created: the CREATE it resolves to in
    /// workspace order, or every CREATE of the name when the cursor is on one.
    pub fn goto_definition(&self, path: &Path, offset: usize) -> Vec<Location> {
        let Some(key) = self.key_at(path, offset) else {
            return Vec::new();
        };
        match self.definition_of(path, offset, &key) {
            Some(found) => vec![found],
            None => Vec::new(),
        }
    }

    /// Every integration the workspace creates, once per name (its first CREATE in workspace
    /// order), with its kind: what name completion offers.
    pub fn integrations(&self) -> Vec<(Location, Option<&'static crate::catalog::KindSpec>)> {
        let mut seen = rustc_hash::FxHashSet::default();
        let mut out = Vec::new();
        for (path, file) in &self.files {
            for (i, name) in file.definitions() {
                if !seen.insert(name.key.clone()) {
                    continue;
                }
                let statement = file.located(i);
                out.push((
                    Location {
                        path: path.clone(),
                        name,
                        statement: statement.range(),
                    },
                    crate::semantics::kind_of(statement.statement),
                ));
            }
        }
        out.sort_by(|a, b| a.0.name.key.cmp(&b.0.name.key));
        out
    }

    /// The name at `offset` and the integration it resolves to.
    pub fn summary_at(&self, path: &Path, offset: usize) -> Option<NameSummary> {
        let name = self.name_at(path, offset)?;
        let key = self.resolve_key(&name);
        let created = self.definition_of(path, offset, &key).and_then(|l| {
            let file = self.files.get(&l.path)?;
            let i = file.all_located().position(|s| s.range() == l.statement)?;
            Some((l.path.clone(), file.located(i).statement, file.lines[i]))
        });
        let subject = created
            .as_ref()
            .map(|(_, statement, _)| crate::semantics::subject::Subject::new(statement, None));
        Some(NameSummary {
            name,
            kind: subject.as_ref().and_then(|s| s.kind()),
            variant: subject.map(|s| s.describe_variant()).unwrap_or_default(),
            created_in: created.map(|(path, _, line)| (path, line)),
        })
    }

    /// The integrations whose name contains `query` (case-insensitive), for workspace symbols.
    pub fn symbols(&self, query: &str, limit: usize) -> Vec<(Location, String)> {
        let query = query.to_ascii_lowercase();
        let mut out = Vec::new();
        for (path, file) in self.files() {
            for (i, name) in file.definitions() {
                if !name.text.to_ascii_lowercase().contains(&query) {
                    continue;
                }
                let statement = file.located(i);
                let kind = crate::semantics::kind_of(statement.statement)
                    .map_or("Security integration".to_string(), |k| k.title.clone());
                out.push((
                    Location {
                        path: path.clone(),
                        name,
                        statement: statement.range(),
                    },
                    kind,
                ));
                if out.len() >= limit {
                    return out;
                }
            }
        }
        out
    }

    /// The edits that rename the integration named at `offset` to `new_name` in every file.
    pub fn rename(
        &self,
        path: &Path,
        offset: usize,
        new_name: &str,
    ) -> Result<Vec<FileEdit>, String> {
        let new = NewName::parse(new_name)?;
        let Some(key) = self.key_at(path, offset) else {
            return Err("no integration name here".to_string());
        };
        let mut edits = Vec::new();
        for o in self.occurrences_of(&key) {
            let text = if o.name.in_string {
                // Strings hold the stored name, quotes doubled.
                new.key.replace('\'', "''")
            } else {
                new.written.clone()
            };
            edits.push((o.path, o.name.range, text));
        }
        Ok(edits)
    }
}

/// A name as the user typed it for rename, and how it is written and stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewName {
    /// What goes into identifiers: as typed when it can stand unquoted, else double-quoted.
    pub written: String,
    /// What Snowflake stores.
    pub key: String,
}

/// Snowflake's limit on identifier length.
const MAX_IDENTIFIER: usize = 255;

impl NewName {
    pub fn parse(input: &str) -> Result<NewName, String> {
        let input = input.trim();
        let (inner, quoted) = match input.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
            Some(inner) if input.len() >= 2 => (inner.replace("\"\"", "\""), true),
            _ => (input.to_string(), false),
        };
        if inner.is_empty() {
            return Err("an integration name cannot be empty".to_string());
        }
        if inner.chars().count() > MAX_IDENTIFIER {
            return Err(format!(
                "an integration name has at most {MAX_IDENTIFIER} characters"
            ));
        }
        if inner.chars().any(|c| c.is_control()) {
            return Err("an integration name cannot hold control characters".to_string());
        }
        let plain = |s: &str| {
            let mut chars = s.chars();
            chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        };
        if !quoted && plain(&inner) {
            return Ok(NewName {
                written: inner.clone(),
                key: inner.to_ascii_uppercase(),
            });
        }
        Ok(NewName {
            written: format!("\"{}\"", inner.replace('"', "\"\"")),
            key: inner,
        })
    }
}

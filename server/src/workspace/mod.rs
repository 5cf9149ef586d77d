//! Many files as one account's worth of statements. Files are ordered by path, the way
//! migration tools (schemachange, Flyway, Liquibase) run them, then by position. The CLI makes
//! one from the paths it is given; the server keeps one for the workspace folders, with open
//! buffers laid over the disk.

pub mod navigation;
pub mod rules;

use crate::semantics::{FileIndex, Found, NameRef, Outside, Reference};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use rules::{check_workspace, WorkspaceDiagnostic};

/// A definition or reference of an integration: where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: Arc<Path>,
    pub name: NameRef,
    /// The statement it sits in.
    pub statement: std::ops::Range<usize>,
}

/// The files a name is in: most names are in one, kept without a list of its own.
type Files = smallvec::SmallVec<[Arc<Path>; 1]>;

#[derive(Default)]
pub struct Workspace {
    files: BTreeMap<Arc<Path>, FileIndex>,
    /// Which files create and refer to each name: made at the first lookup (a check that
    /// never looks a name up by it never holds it), kept up to date from then on.
    names: std::sync::OnceLock<Names>,
}

#[derive(Default)]
pub(super) struct Names {
    /// Folded name to the files that CREATE it.
    pub(super) creators: FxHashMap<String, Files>,
    /// Folded name (and, for names in strings, the upper-cased name) to the files that refer
    /// to it.
    pub(super) referrers: FxHashMap<String, Files>,
}

impl Names {
    fn add(&mut self, path: &Arc<Path>, index: &FileIndex) {
        for (_, name) in index.definitions() {
            add_to(&mut self.creators, name.key, path);
        }
        for r in index.references() {
            if let Some(loose) = r.loose_key() {
                add_to(&mut self.referrers, loose, path);
            }
            add_to(&mut self.referrers, r.name.key, path);
        }
    }

    fn remove(&mut self, path: &Path, index: &FileIndex) {
        for (_, name) in index.definitions() {
            remove_from(&mut self.creators, &name.key, path);
        }
        for r in index.references() {
            if let Some(loose) = r.loose_key() {
                remove_from(&mut self.referrers, &loose, path);
            }
            remove_from(&mut self.referrers, &r.name.key, path);
        }
    }
}

/// Adds `path` under `key`, keeping the list sorted.
fn add_to(map: &mut FxHashMap<String, Files>, key: String, path: &Arc<Path>) {
    let files = map.entry(key).or_default();
    if let Err(at) = files.binary_search(path) {
        files.insert(at, path.clone());
    }
}

fn remove_from(map: &mut FxHashMap<String, Files>, key: &str, path: &Path) {
    if let Some(files) = map.get_mut(key) {
        files.retain(|f| &**f != path);
        if files.is_empty() {
            map.remove(key);
        }
    }
}

impl Workspace {
    pub fn new() -> Workspace {
        Workspace::default()
    }

    /// Indexes the files on both cores; unreadable ones are left out and returned.
    pub fn index_paths(&mut self, paths: &[PathBuf]) -> Vec<(PathBuf, std::io::Error)> {
        let threads = crate::parallel::threads(paths.len() > 1);
        let results = crate::parallel::map_slices(paths, threads, |group| {
            group.iter().map(|p| (p.clone(), read_index(p))).collect()
        });
        let mut failed = Vec::new();
        for (path, result) in results {
            match result {
                Ok(index) => self.set(&path, index),
                Err(e) => failed.push((path, e)),
            }
        }
        failed
    }

    /// Replaces what is known of one file.
    pub fn set(&mut self, path: &Path, index: FileIndex) {
        self.remove(path);
        let path: Arc<Path> = Arc::from(path);
        if let Some(names) = self.names.get_mut() {
            names.add(&path, &index);
        }
        self.files.insert(path, index);
    }

    pub fn remove(&mut self, path: &Path) -> Option<FileIndex> {
        let old = self.files.remove(path)?;
        if let Some(names) = self.names.get_mut() {
            names.remove(path, &old);
        }
        Some(old)
    }

    pub(super) fn names(&self) -> &Names {
        self.names.get_or_init(|| {
            let mut names = Names::default();
            for (path, index) in &self.files {
                names.add(path, index);
            }
            names
        })
    }

    pub fn files(&self) -> impl Iterator<Item = (&Arc<Path>, &FileIndex)> {
        self.files.iter()
    }

    pub fn file(&self, path: &Path) -> Option<&FileIndex> {
        self.files.get(path)
    }

    /// A file's index with the path as the workspace holds it.
    pub fn file_entry(&self, path: &Path) -> Option<(&Arc<Path>, &FileIndex)> {
        self.files.get_key_value(path)
    }

    /// Every file's path, in workspace order.
    pub fn paths(&self) -> Vec<Arc<Path>> {
        self.files.keys().cloned().collect()
    }

    /// The CREATEs outside `path`, for checking that file.
    pub fn outside<'w>(&'w self, path: &'w Path) -> OutsideOf<'w> {
        OutsideOf {
            workspace: self,
            path,
        }
    }

    /// Every CREATE of `key`, in workspace order.
    pub fn definitions(&self, key: &str) -> Vec<Location> {
        let Some(files) = self.names().creators.get(key) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for path in files {
            let Some(file) = self.files.get(path) else {
                continue;
            };
            for (i, name) in file.definitions() {
                if name.key == key {
                    out.push(Location {
                        path: path.clone(),
                        name,
                        statement: file.located(i).range(),
                    });
                }
            }
        }
        out
    }

    /// Every reference to `key` (not the CREATEs), in workspace order.
    pub fn references(&self, key: &str) -> Vec<(Location, Reference)> {
        let mut out = Vec::new();
        let Some(files) = self.names().referrers.get(key) else {
            return out;
        };
        for path in files {
            let Some(file) = self.files.get(path) else {
                continue;
            };
            for r in file.references() {
                if r.name.key == key || r.loose_key().as_deref() == Some(key) {
                    out.push((
                        Location {
                            path: path.clone(),
                            name: r.name.clone(),
                            statement: r.statement.clone(),
                        },
                        r,
                    ));
                }
            }
        }
        out
    }

    /// The name at `offset` of `path`: a CREATE's name or a reference.
    pub fn name_at(&self, path: &Path, offset: usize) -> Option<NameRef> {
        let file = self.files.get(path)?;
        let hit = |n: &NameRef| n.range.start <= offset && offset <= n.range.end;
        file.definitions()
            .map(|(_, n)| n)
            .find(hit)
            .or_else(|| file.references().into_iter().map(|r| r.name).find(hit))
    }

    /// The CREATE a name at `path`/`offset` resolves to: the latest before it in workspace
    /// order, else the first after it.
    pub fn definition_of(&self, path: &Path, offset: usize, key: &str) -> Option<Location> {
        let all = self.definitions(key);
        let before = all
            .iter()
            .rev()
            .find(|d| (&*d.path, d.name.range.start) <= (path, offset));
        before.or(all.first()).cloned()
    }
}

fn read_index(path: &Path) -> std::io::Result<FileIndex> {
    let bytes = std::fs::read(path)?;
    Ok(index_text(path, &String::from_utf8_lossy(&bytes)))
}

/// A file's index: of its SQL blocks when it is Markdown (the view keeps the file's offsets).
pub fn index_text(path: &Path, text: &str) -> FileIndex {
    if crate::markdown::is_markdown_path(&path.to_string_lossy()) {
        return FileIndex::of_text(&crate::markdown::SqlView::new(text).text);
    }
    FileIndex::of_text(text)
}

/// The workspace seen from one file.
pub struct OutsideOf<'w> {
    workspace: &'w Workspace,
    path: &'w Path,
}

impl OutsideOf<'_> {
    fn found<'a>(&'a self, path: &'a Arc<Path>, key: &str, last: bool) -> Option<Found<'a>> {
        let file = self.workspace.files.get(path)?;
        let mut creates = file.definitions().filter(|(_, n)| n.key == key);
        let (i, _) = if last {
            creates.last()?
        } else {
            creates.next()?
        };
        Some(Found {
            statement: file.located(i),
            fingerprint: file.fingerprints[i],
            path,
            line: file.lines[i],
        })
    }
}

impl Outside for OutsideOf<'_> {
    fn before(&self, key: &str) -> Option<Found<'_>> {
        let files = self.workspace.names().creators.get(key)?;
        let path = files.iter().rev().find(|f| &***f < self.path)?;
        self.found(path, key, true)
    }

    fn after(&self, key: &str) -> Option<Found<'_>> {
        let files = self.workspace.names().creators.get(key)?;
        let path = files.iter().find(|f| &***f > self.path)?;
        self.found(path, key, false)
    }
}

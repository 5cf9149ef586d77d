//! The diagnostics of a document that changes. Each integration statement keeps its offsets,
//! and its diagnostics', relative to where its chunk starts; the starts live in a Fenwick tree
//! ([`Starts`]), so an edit moves every later statement in O(log n) and touches nothing else.
//! Statements are replaced region by region as the document re-parses what an edit touched. A
//! re-check runs the rules only on statements that are new, or whose CREATE changed (found
//! through lists kept by name, not by going over every statement); the rest keep their
//! diagnostics, and a report goes over only the statements that have some.

use crate::diagnostic::sort;
use crate::diagnostic::Diagnostic;
use crate::model::name_hash;
use crate::model::{moved, Shift, Statement, Verb};
use crate::rules::check_statement;
use crate::rules::syntax_diagnostics;
use crate::semantics::{definition, Alone, Definition, Outside};
use crate::starts::Starts;
use crate::syntax::SyntaxError;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

/// Identifies a statement's text (its hash and length) and whether a syntax error touches it.
type StatementKey = (u64, u32, bool);

/// A statement to check: its index, the key of its CREATE, the CREATE and the file it is in
/// when another one.
type Work<'a> = (
    usize,
    Option<StatementKey>,
    Option<Create<'a>>,
    Option<&'a std::sync::Arc<std::path::Path>>,
);

/// The CREATE a statement is checked against.
enum Create<'a> {
    /// A statement of this document, by index; it is copied into the checked statement's
    /// offsets only while that one is checked.
    Local(usize),
    /// In its own file's index.
    Outside(crate::semantics::Located<'a>),
}

/// From this many statements to check, the rules run on every core.
const PARALLEL_STATEMENTS: usize = 2048;

/// What was found in one statement.
struct Entry {
    key: StatementKey,
    /// How Snowflake resolves the statement's name (for CREATE/ALTER pairing).
    name: Option<String>,
    /// A hash of `name`, for a cheap first comparison.
    name_hash: u64,
    /// The key of the CREATE it was checked against, once checked.
    checked_with: Option<Option<StatementKey>>,
    /// Relative to the statement's start, as the statement is; sorted.
    diagnostics: Vec<Diagnostic>,
    /// Identifies this `diagnostics` list: a new one gets a new stamp.
    stamp: u64,
}

/// Keeps a sorted list of statement indexes right when the statements `replaced` give way to
/// `added` more (or fewer): those replaced leave it, and later ones move.
fn follow_splice(list: &mut Vec<usize>, replaced: Range<usize>, added: isize) {
    let from = list.partition_point(|&i| i < replaced.start);
    let to = list.partition_point(|&i| i < replaced.end);
    list.drain(from..to);
    if added != 0 {
        for i in &mut list[from..] {
            *i = i.wrapping_add_signed(added);
        }
    }
}

/// Puts `index` in the sorted `list`, or takes it out.
fn set_member(list: &mut Vec<usize>, index: usize, member: bool) {
    match (list.binary_search(&index), member) {
        (Err(at), true) => list.insert(at, index),
        (Ok(at), false) => {
            list.remove(at);
        }
        _ => {}
    }
}

fn insert_sorted(list: &mut smallvec::SmallVec<[usize; 1]>, index: usize) {
    let at = list.partition_point(|&i| i < index);
    list.insert(at, index);
}

/// Stamps are unique in the process, so a cache keyed by them never meets a stale one.
static STAMPS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// One statement's diagnostics, as the analysis keeps them.
pub struct Checked<'a> {
    /// Changes whenever the list does.
    pub stamp: u64,
    /// Where the statement's chunk starts: the diagnostics' offsets are relative to it.
    pub base: usize,
    /// Sorted as [`sort`] sorts.
    pub diagnostics: &'a [Diagnostic],
    /// Whether a related place is in another statement or file (it may move on its own).
    pub crossing: bool,
}

#[derive(Default)]
pub struct DocumentAnalysis {
    /// The integration statements, in document order, in offsets relative to their start;
    /// shared with the workspace index.
    statements: Vec<Arc<Statement>>,
    starts: Starts,
    /// One per statement.
    entries: Vec<Entry>,
    /// The CREATEs of each folded name: statement indexes, in order.
    creates: FxHashMap<String, smallvec::SmallVec<[usize; 1]>>,
    /// Names whose CREATEs changed since the last re-check: their statements are checked again.
    dirty: Vec<String>,
    /// Every named statement by the hash of its name ([`name_hash`]): statement indexes, in
    /// order. A re-check after an edit looks only at these for the names that changed.
    by_name: FxHashMap<u64, smallvec::SmallVec<[usize; 1]>>,
    /// Statements not checked since they were lowered, in order.
    unchecked: Vec<usize>,
    /// Statements with a diagnostic that points at another statement (its CREATE) or file, in
    /// order: an edit between the two moves one and not the other.
    crossing: Vec<usize>,
    /// Statements with diagnostics, in order: a report goes over these, not over every
    /// statement.
    noisy: Vec<usize>,
    pub syntax_errors: Vec<SyntaxError>,
    /// `syntax_errors` as diagnostics, refreshed by `recheck`.
    syntax: Vec<Diagnostic>,
    pub stats: UpdateStats,
}

/// What the last re-check did, for benchmarks and tests.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct UpdateStats {
    pub statements: usize,
    pub checked: usize,
}

fn key(text: &str, broken: bool) -> StatementKey {
    let mut hasher = FxHasher::default();
    text.hash(&mut hasher);
    (hasher.finish(), text.len() as u32, broken)
}

impl DocumentAnalysis {
    pub fn new() -> DocumentAnalysis {
        DocumentAnalysis::default()
    }

    /// Replaces the statements whose chunks started in `from..old_to` (old offsets) with
    /// `statements` (each with the start of its chunk, and offsets relative to it), and the
    /// syntax errors at `old_errors` (indexes: an error can sit exactly on the boundary of two
    /// statements, so its offset does not say whose it is) with `errors` (new offsets); moves
    /// what came after `edit_at`, where the edit starts, by `delta`.
    #[allow(clippy::too_many_arguments)]
    pub fn replace(
        &mut self,
        text: &str,
        from: usize,
        old_to: usize,
        edit_at: usize,
        delta: isize,
        statements: Vec<(usize, Arc<Statement>)>,
        old_errors: Range<usize>,
        errors: Vec<SyntaxError>,
    ) {
        let before = |offset: usize| match offset {
            0 => 0,
            _ => self.starts.count_at_or_before(offset - 1),
        };
        let lo = before(from);
        let hi = before(old_to).max(lo);
        for index in lo..hi {
            let entry = &self.entries[index];
            let Some(name) = &entry.name else { continue };
            if let Some(list) = self.by_name.get_mut(&entry.name_hash) {
                list.retain(|i| *i != index);
                if list.is_empty() {
                    self.by_name.remove(&entry.name_hash);
                }
            }
            if self.statements[index].verb == Verb::Create {
                if let Some(list) = self.creates.get_mut(name) {
                    list.retain(|i| *i != index);
                }
                self.dirty.push(name.clone());
            }
        }
        if delta != 0 {
            self.follow_crossing(edit_at, lo..hi, delta);
        }
        let added = statements.len() as isize - (hi - lo) as isize;
        for list in [&mut self.crossing, &mut self.noisy, &mut self.unchecked] {
            follow_splice(list, lo..hi, added);
        }
        if added != 0 {
            let lists = self.creates.values_mut().chain(self.by_name.values_mut());
            for list in lists {
                for i in list.iter_mut().filter(|i| **i >= hi) {
                    *i = i.wrapping_add_signed(added);
                }
            }
        }
        let at = self.unchecked.partition_point(|&i| i < lo);
        self.unchecked.splice(at..at, lo..lo + statements.len());
        let mut bases = Vec::with_capacity(statements.len());
        let mut entries = Vec::with_capacity(statements.len());
        let mut lowered = Vec::with_capacity(statements.len());
        for (k, (base, s)) in statements.into_iter().enumerate() {
            let own = &text[base..];
            let name = s.name.as_ref().filter(|n| !n.placeholder).map(|n| n.key());
            let hash = name.as_deref().map_or(0, name_hash);
            if name.is_some() {
                insert_sorted(self.by_name.entry(hash).or_default(), lo + k);
            }
            if let (Verb::Create, Some(name)) = (s.verb, &name) {
                insert_sorted(self.creates.entry(name.clone()).or_default(), lo + k);
                self.dirty.push(name.clone());
            }
            entries.push(Entry {
                key: key(&own[s.range()], s.has_syntax_error),
                name_hash: hash,
                name,
                checked_with: None,
                diagnostics: Vec::new(),
                stamp: 0,
            });
            bases.push(base);
            lowered.push(s);
        }
        self.starts.splice(lo..hi, &bases, delta);
        // Opening a document replaces nothing: the new lists are kept, not copied.
        if lo == 0 && hi == self.statements.len() {
            self.statements = lowered;
            self.entries = entries;
        } else {
            self.statements.splice(lo..hi, lowered);
            self.entries.splice(lo..hi, entries);
        }

        if delta != 0 {
            for e in &mut self.syntax_errors[old_errors.end..] {
                e.shift(delta);
            }
        }
        self.syntax_errors.splice(old_errors, errors);
    }

    /// Keeps the places diagnostics point at in other statements where they are when an edit
    /// at `from` (in the statements `replaced`) moves the text after it by `delta`. A place in
    /// a replaced statement's chunk but outside the edit is not re-checked (its statement's
    /// text did not change): it moves only if it lies after `from`.
    fn follow_crossing(&mut self, from: usize, replaced: Range<usize>, delta: isize) {
        // What ends where the edit starts stays; what starts there or later moves with it.
        let moved = |offset: usize, is_end: bool| match offset > from || (!is_end && offset == from)
        {
            true => offset.wrapping_add_signed(delta),
            false => offset,
        };
        for &i in &self.crossing {
            if replaced.contains(&i) {
                continue;
            }
            let base = self.starts.get(i);
            let new_base = moved(base, false);
            let relocate = |range: &mut Range<usize>| {
                let (start, end) = (base.wrapping_add(range.start), base.wrapping_add(range.end));
                let end = moved(end, end > start || start > from);
                let start = moved(start, false);
                *range = start.wrapping_sub(new_base)..end.wrapping_sub(new_base);
            };
            for d in &mut self.entries[i].diagnostics {
                d.related
                    .iter_mut()
                    .filter(|r| r.path.is_none())
                    .for_each(|r| relocate(&mut r.range));
                d.fixes
                    .iter_mut()
                    .flat_map(|f| f.edits.iter_mut())
                    .for_each(|e| relocate(&mut e.range));
            }
        }
    }

    /// Runs the rules on statements that are new or whose CREATE changed.
    pub fn recheck(&mut self, text: &str) {
        self.recheck_with(text, &Alone);
    }

    /// [`recheck`](Self::recheck), with CREATEs from other files for ALTERs this document
    /// does not create; every statement's CREATE is looked up again (the other files may have
    /// changed).
    pub fn recheck_with(&mut self, text: &str, outside: &dyn Outside) {
        self.run(text, outside, true);
    }

    /// [`recheck_with`](Self::recheck_with) after edits of this document only: the other
    /// files are as at the last re-check, so only new statements, and those whose name's
    /// CREATEs changed, are looked at.
    pub fn recheck_edited(&mut self, text: &str, outside: &dyn Outside) {
        self.run(text, outside, false);
    }

    fn run(&mut self, text: &str, outside: &dyn Outside, everything: bool) {
        let mut dirty = std::mem::take(&mut self.dirty);
        dirty.sort_unstable();
        dirty.dedup();
        let mut dirty_hashes: Vec<u64> = dirty.iter().map(|n| name_hash(n)).collect();
        dirty_hashes.sort_unstable();
        dirty_hashes.dedup();
        let mut stats = UpdateStats {
            statements: self.statements.len(),
            checked: 0,
        };
        // Which statements need their rules run, and against which CREATE; then the rules,
        // on every core when there are many (opening a large document checks them all).
        // Opening a document checks every statement: room for all at once, not doubled to it.
        let mut work: Vec<Work<'_>> = match everything {
            true => Vec::with_capacity(self.statements.len()),
            false => Vec::new(),
        };
        // After edits: the statements lowered since, and those of the names that changed.
        let mut looked_at = std::mem::take(&mut self.unchecked);
        if !everything {
            for hash in &dirty_hashes {
                let same = self.by_name.get(hash).into_iter().flatten().filter(|&&i| {
                    self.entries[i]
                        .name
                        .as_ref()
                        .is_some_and(|n| dirty.binary_search(n).is_ok())
                });
                looked_at.extend(same);
            }
            looked_at.sort_unstable();
            looked_at.dedup();
        }
        let indexes: &mut dyn Iterator<Item = usize> = match everything {
            true => &mut (0..self.statements.len()),
            false => &mut looked_at.iter().copied(),
        };
        for index in indexes {
            let statement = &self.statements[index];
            let entry = &self.entries[index];
            let definition = match (statement.verb, &entry.name) {
                (Verb::Alter | Verb::Drop | Verb::Create, Some(name)) => definition(
                    statement.verb,
                    index,
                    name,
                    self.creates.get(name.as_str()).map_or(&[][..], |v| &v[..]),
                    outside,
                ),
                _ => None,
            };
            let (with, create, path) = match definition {
                Some(Definition::Local(c)) => (Some(self.entries[c].key), Some(c), None),
                Some(Definition::Outside(found)) => (
                    Some((found.fingerprint, u32::MAX, false)),
                    None,
                    Some((found.statement, found.path)),
                ),
                None => (None, None, None),
            };
            if entry.checked_with == Some(with) {
                continue;
            }
            let create = match (create, path) {
                (Some(c), _) => Some(Create::Local(c)),
                (None, Some((s, _))) => Some(Create::Outside(s)),
                (None, None) => None,
            };
            work.push((index, with, create, path.map(|(_, p)| p)));
        }
        stats.checked = work.len();
        let starts = &self.starts;
        let statements = &self.statements;
        let run = |group: &[Work<'_>]| -> Vec<(usize, Option<StatementKey>, Vec<Diagnostic>)> {
            group
                .iter()
                .map(|(index, with, create, path)| {
                    let base = starts.get(*index);
                    // A CREATE of this document, in this statement's offsets.
                    let create = match create {
                        Some(Create::Local(c)) => {
                            let by = starts.get(*c).wrapping_sub(base);
                            Some(std::borrow::Cow::Owned(moved(&*statements[*c], by)))
                        }
                        Some(Create::Outside(s)) => {
                            Some(std::borrow::Cow::Owned(s.to_file_offsets()))
                        }
                        None => None,
                    };
                    let found = check_statement(
                        &text[base..],
                        &statements[*index],
                        create.as_deref(),
                        *path,
                    );
                    (*index, *with, found)
                })
                .collect()
        };
        let threads = crate::parallel::threads(work.len() >= PARALLEL_STATEMENTS);
        let results = crate::parallel::map_slices(&work, threads, run);
        drop(work);
        for (index, with, mut found) in results {
            let own = self.statements[index].range();
            let crossing = found.iter().any(|d| {
                d.related.iter().any(|r| {
                    r.path.is_some() || !(own.start <= r.range.start && r.range.end <= own.end)
                })
            });
            set_member(&mut self.crossing, index, crossing);
            set_member(&mut self.noisy, index, !found.is_empty());
            sort(&mut found);
            let entry = &mut self.entries[index];
            entry.stamp = STAMPS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            entry.checked_with = Some(with);
            entry.diagnostics = found;
        }
        self.syntax = syntax_diagnostics(&self.syntax_errors).collect();
        self.stats = stats;
    }

    /// The statements that have diagnostics, in document order (rule diagnostics only; the
    /// syntax errors are [`syntax`](Self::syntax)).
    pub fn checked(&self) -> impl Iterator<Item = Checked<'_>> {
        self.noisy.iter().map(|&i| {
            let e = &self.entries[i];
            Checked {
                stamp: e.stamp,
                base: self.starts.get(i),
                diagnostics: &e.diagnostics,
                crossing: self.crossing.binary_search(&i).is_ok(),
            }
        })
    }

    /// The syntax errors as diagnostics, in document offsets.
    pub fn syntax(&self) -> &[Diagnostic] {
        &self.syntax
    }

    /// Statement `index`, in document offsets (a copy).
    pub fn statement(&self, index: usize) -> Statement {
        moved(&*self.statements[index], self.starts.get(index))
    }

    /// Every statement, in document offsets (copies, O(n): for whole-document requests).
    pub fn statements(&self) -> Vec<Statement> {
        self.starts
            .all()
            .into_iter()
            .zip(&self.statements)
            .map(|(base, s)| moved(&**s, base))
            .collect()
    }

    /// The statements `range` overlaps (touching counts), in document offsets.
    pub fn statements_in(&self, range: Range<usize>) -> Vec<Statement> {
        self.indexes_in(range).map(|i| self.statement(i)).collect()
    }

    fn indexes_in(&self, range: Range<usize>) -> impl Iterator<Item = usize> + '_ {
        // A statement's chunk starts at or before the statement; the one whose chunk holds
        // `range.start` may still end before it.
        // The one before may end exactly where `range` starts.
        let first = self
            .starts
            .count_at_or_before(range.start)
            .saturating_sub(2);
        let last = self.starts.count_at_or_before(range.end);
        (first..last).filter(move |&i| {
            let base = self.starts.get(i);
            let s = &self.statements[i].range();
            base + s.start <= range.end && range.start <= base + s.end
        })
    }

    /// What a request at `range` needs: the statements it overlaps and every CREATE of their
    /// names, in document order and offsets. Definitions found in this list are those of the
    /// whole document (hover, completion, code actions and hints look at a few statements).
    pub fn around(&self, range: Range<usize>) -> Vec<Statement> {
        self.around_naming(range, std::iter::empty())
    }

    /// [`around`](Self::around), with the CREATEs of `names` (folded) too: a statement being
    /// typed may not be lowered with its name yet.
    pub fn around_naming<'n>(
        &self,
        range: Range<usize>,
        names: impl Iterator<Item = &'n str>,
    ) -> Vec<Statement> {
        let mut indexes: Vec<usize> = self.indexes_in(range).collect();
        let lowered: Vec<usize> = indexes
            .iter()
            .filter_map(|&i| self.entries[i].name.as_deref())
            .filter_map(|n| self.creates.get(n))
            .flatten()
            .copied()
            .collect();
        let named: Vec<usize> = names
            .filter_map(|n| self.creates.get(n))
            .flatten()
            .copied()
            .chain(lowered)
            .collect();
        indexes.extend(named);
        indexes.sort_unstable();
        indexes.dedup();
        indexes.into_iter().map(|i| self.statement(i)).collect()
    }

    /// Every statement with its base, shared (O(n) reference counts, no copies).
    pub fn shared_statements(&self) -> Vec<(usize, Arc<Statement>)> {
        self.starts
            .all()
            .into_iter()
            .zip(self.statements.iter().cloned())
            .collect()
    }

    /// Every diagnostic as of the last `recheck`, in document offsets, in no particular order.
    pub fn diagnostics(&self) -> impl Iterator<Item = Diagnostic> + '_ {
        let checked = self.noisy.iter().flat_map(|&i| {
            let base = self.starts.get(i);
            self.entries[i]
                .diagnostics
                .iter()
                .map(move |d| moved(d, base))
        });
        self.syntax.iter().cloned().chain(checked)
    }

    /// Every diagnostic as of the last `recheck`, moved out.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        let starts = self.starts.all();
        let mut all = self.syntax;
        all.reserve(self.entries.iter().map(|e| e.diagnostics.len()).sum());
        for (entry, base) in self.entries.into_iter().zip(starts) {
            all.extend(entry.diagnostics.into_iter().map(|mut d| {
                d.shift(base as isize);
                d
            }));
        }
        all
    }

    /// Every diagnostic, sorted as `check` sorts them.
    pub fn sorted_diagnostics(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self.diagnostics().collect();
        sort(&mut all);
        all
    }
}

//! `secint check` of one file in one pass. The statements are cut into batches of about 256 KB
//! of text, which are parsed, lowered and checked on every core while this thread takes the
//! finished ones in file order. Of each statement, only what the workspace rules read is kept
//! (see [`FileIndex::append`]), so memory follows the text and not its statements; a CREATE
//! that a later statement is checked against is parsed again from the text.
//!
//! Every statement is first checked as if it had no CREATE, on the worker that lowered it;
//! taking a batch in, this thread checks again the few that do have one, exactly as
//! [`crate::analysis::DocumentAnalysis`] pairs them: an earlier CREATE of the same name, else,
//! for an ALTER or DROP, the first CREATE after it.

use crate::diagnostic::Diagnostic;
use crate::model::{moved, name_hash, Name, Shift, Statement, Verb};
use crate::rules::check_statement;
use crate::semantics::{FileIndex, IndexPart};
use crate::syntax::SyntaxError;
use hashbrown::hash_table::{Entry, HashTable};
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::{Arc, Condvar, Mutex};

/// About this much text goes into one batch.
const BATCH_BYTES: usize = 256 * 1024;

/// How many batches may be ready before the one being taken in: bounds what is held.
const AHEAD: usize = 4;

/// A statement of the file: its chunk, and its place among the chunk's statements.
#[derive(Clone)]
struct Place {
    chunk: Range<usize>,
    ordinal: usize,
}

/// A statement a worker lowered, with what the rules found in it without a CREATE (in
/// offsets relative to its chunk).
struct Lowered {
    place: Place,
    statement: Arc<Statement>,
    diagnostics: Vec<Diagnostic>,
}

/// What a worker made of consecutive statements.
struct Batch {
    lowered: Vec<Lowered>,
    errors: Vec<SyntaxError>,
    /// Its lines counted from the batch's start.
    index: FileIndex,
    newlines: u32,
}

/// The diagnostics of every statement of `text` (rules and syntax, in file offsets, in no
/// particular order), and its index for the workspace rules.
pub fn check(text: &str) -> (Vec<Diagnostic>, FileIndex) {
    let threads = crate::parallel::threads(text.len() > crate::document::PARALLEL_BYTES);
    check_in_batches(text, BATCH_BYTES, threads)
}

/// [`check`] with batches of about `batch_bytes` on `threads` threads: the result is the same
/// whatever the two are (tests cross many batches with small ones).
pub fn check_in_batches(
    text: &str,
    batch_bytes: usize,
    threads: usize,
) -> (Vec<Diagnostic>, FileIndex) {
    let pieces = crate::document::pieces(text, &[]);
    let batches = batches(&pieces, batch_bytes);
    let mut run = Run::new(text);
    if threads <= 1 || batches.len() < 2 {
        for b in batches {
            run.take(batch(text, &pieces[b]));
        }
    } else {
        in_parallel(text, &pieces, &batches, threads, |b| run.take(b));
    }
    run.finish()
}

/// Consecutive pieces of about `bytes` each, by index.
fn batches(pieces: &[Range<usize>], bytes: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    for (i, piece) in pieces.iter().enumerate() {
        if piece.end - pieces[from].start >= bytes || i + 1 == pieces.len() {
            out.push(from..i + 1);
            from = i + 1;
        }
    }
    out
}

/// Makes the batches on `threads` workers and hands them to `take` in order, with at most
/// [`AHEAD`] ready and waiting. A panic in a worker is raised again here.
fn in_parallel(
    text: &str,
    pieces: &[Range<usize>],
    batches: &[Range<usize>],
    threads: usize,
    mut take: impl FnMut(Batch),
) {
    struct Turn {
        next: usize,
        taken: usize,
        stopped: bool,
    }
    let turn = Mutex::new(Turn {
        next: 0,
        taken: 0,
        stopped: false,
    });
    let moved_on = Condvar::new();
    let lock = || turn.lock().unwrap_or_else(|e| e.into_inner());
    let stop = || {
        lock().stopped = true;
        moved_on.notify_all();
    };
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::channel();
        for _ in 0..threads {
            let send = send.clone();
            let (lock, moved_on) = (&lock, &moved_on);
            scope.spawn(move || loop {
                let i = {
                    let mut t = lock();
                    while !t.stopped && t.next >= t.taken + AHEAD {
                        t = moved_on.wait(t).unwrap_or_else(|e| e.into_inner());
                    }
                    if t.stopped || t.next >= batches.len() {
                        break;
                    }
                    t.next += 1;
                    t.next - 1
                };
                let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    batch(text, &pieces[batches[i].clone()])
                }));
                if send.send((i, made)).is_err() {
                    break;
                }
            });
        }
        drop(send);
        // However this thread leaves (a panic here or in a worker), the workers stop waiting.
        struct StopOnLeaving<F: Fn()>(F);
        impl<F: Fn()> Drop for StopOnLeaving<F> {
            fn drop(&mut self) {
                (self.0)();
            }
        }
        let _stop = StopOnLeaving(stop);
        let mut ready = std::collections::BTreeMap::new();
        let mut next = 0;
        for (i, made) in receive {
            ready.insert(i, made);
            while let Some(made) = ready.remove(&next) {
                match made {
                    Ok(batch) => take(batch),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
                next += 1;
                lock().taken = next;
                moved_on.notify_all();
            }
        }
    });
}

/// Parses, lowers, indexes and checks `pieces` (consecutive), each statement without a CREATE.
fn batch(text: &str, pieces: &[Range<usize>]) -> Batch {
    let from = pieces.first().map_or(0, |p| p.start);
    let to = pieces.last().map_or(from, |p| p.end);
    let mut part = IndexPart::new(from);
    let mut lowered = Vec::new();
    let mut errors = Vec::new();
    let mut placed = Vec::new();
    for piece in pieces {
        crate::document::analyse_chunk(text, piece.clone(), &mut placed, &mut errors);
        part.add(text, piece.clone(), &placed);
        for (ordinal, (base, statement)) in placed.drain(..).enumerate() {
            let diagnostics = check_statement(&text[base..], &statement, None, None);
            lowered.push(Lowered {
                place: Place {
                    chunk: piece.clone(),
                    ordinal,
                },
                statement,
                diagnostics,
            });
        }
    }
    Batch {
        lowered,
        errors,
        index: part.finish(),
        newlines: memchr::memchr_iter(b'\n', &text.as_bytes()[from..to]).count() as u32,
    }
}

/// The batches taken in so far.
struct Run<'t> {
    text: &'t str,
    /// The CREATEs of each name: (hash of the folded name, first, latest), as indexes into
    /// `created`. The names themselves are read from the index.
    creates: HashTable<(u64, u32, u32)>,
    /// Every CREATE taken in: its statement in `index`, and where it is.
    created: Vec<(u32, Place)>,
    /// The CREATEs of the batch being taken in, by chunk start and ordinal: no need to parse
    /// those again.
    recent: FxHashMap<(usize, usize), Arc<Statement>>,
    /// ALTERs and DROPs with no CREATE before them, with what was found without one: at the
    /// end, they are checked against the first CREATE after them, if there is one.
    pending: Vec<(String, Place, Vec<Diagnostic>)>,
    found: Vec<Diagnostic>,
    errors: Vec<SyntaxError>,
    index: FileIndex,
    lines: u32,
}

impl<'t> Run<'t> {
    fn new(text: &'t str) -> Run<'t> {
        Run {
            text,
            creates: HashTable::new(),
            created: Vec::new(),
            recent: FxHashMap::default(),
            pending: Vec::new(),
            found: Vec::new(),
            errors: Vec::new(),
            index: FileIndex::default(),
            lines: 0,
        }
    }

    fn take(&mut self, batch: Batch) {
        let first = self.index.statement_count();
        self.index.append(batch.index, self.lines, true);
        self.lines += batch.newlines;
        self.errors.extend(batch.errors);
        self.recent.clear();
        for (i, lowered) in batch.lowered.into_iter().enumerate() {
            let Lowered {
                place,
                statement,
                diagnostics,
            } = lowered;
            let name = statement.name.as_ref().filter(|n| !n.placeholder);
            let Some(name) =
                name.filter(|_| matches!(statement.verb, Verb::Create | Verb::Alter | Verb::Drop))
            else {
                self.keep(place.chunk.start, diagnostics);
                continue;
            };
            let key = name.key();
            let hash = name_hash(&key);
            let found = self.creates.find(hash, |&(h, first, _)| {
                h == hash && self.created_name(first).same_key(name)
            });
            let before = found.map(|&(_, _, latest)| self.created[latest as usize].1.clone());
            match before {
                Some(create) => {
                    let found = self.checked_against(&place, &statement, &create);
                    self.keep(place.chunk.start, found.unwrap_or(diagnostics));
                }
                None if statement.verb != Verb::Create => {
                    self.pending.push((key, place, diagnostics));
                    continue;
                }
                None => self.keep(place.chunk.start, diagnostics),
            }
            if statement.verb == Verb::Create {
                let at = self.created.len() as u32;
                self.created.push(((first + i) as u32, place.clone()));
                let Run {
                    creates,
                    created,
                    index,
                    ..
                } = self;
                let named = |&(h, first, _): &(u64, u32, u32)| {
                    h == hash && name_of(index, created, first).same_key(name)
                };
                match creates.entry(hash, named, |&(h, _, _)| h) {
                    Entry::Occupied(mut e) => e.get_mut().2 = at,
                    Entry::Vacant(e) => {
                        e.insert((hash, at, at));
                    }
                }
                self.recent
                    .insert((place.chunk.start, place.ordinal), statement);
            }
        }
    }

    /// The name of the CREATE `created[at]`.
    fn created_name(&self, at: u32) -> &Name {
        name_of(&self.index, &self.created, at)
    }

    fn finish(mut self) -> (Vec<Diagnostic>, FileIndex) {
        self.recent.clear();
        for (key, place, diagnostics) in std::mem::take(&mut self.pending) {
            let hash = name_hash(&key);
            let first = self
                .creates
                .find(hash, |&(h, first, _)| {
                    h == hash && self.created_name(first).resolves_to(&key)
                })
                .map(|&(_, first, _)| self.created[first as usize].1.clone());
            let found = first.and_then(|create| {
                let statement = parse_again(self.text, &place)?;
                self.checked_against(&place, &statement, &create)
            });
            self.keep(place.chunk.start, found.unwrap_or(diagnostics));
        }
        drop((self.creates, self.created));
        self.found
            .extend(crate::rules::syntax_diagnostics(&self.errors));
        (self.found, self.index)
    }

    /// What the rules find in `statement` (at `place`) checked against the CREATE at
    /// `create`, relative to its chunk; `None` if that CREATE cannot be had again.
    fn checked_against(
        &self,
        place: &Place,
        statement: &Statement,
        create: &Place,
    ) -> Option<Vec<Diagnostic>> {
        let again;
        let full = match self.recent.get(&(create.chunk.start, create.ordinal)) {
            Some(full) => full,
            None => {
                again = parse_again(self.text, create)?;
                &again
            }
        };
        let base = place.chunk.start;
        let create = moved(&**full, create.chunk.start.wrapping_sub(base));
        Some(check_statement(
            &self.text[base..],
            statement,
            Some(&create),
            None,
        ))
    }

    fn keep(&mut self, base: usize, diagnostics: Vec<Diagnostic>) {
        self.found.extend(diagnostics.into_iter().map(|mut d| {
            d.shift(base as isize);
            d
        }));
    }
}

/// The name of the CREATE `created[at]`, read from the index.
fn name_of<'i>(index: &'i FileIndex, created: &[(u32, Place)], at: u32) -> &'i Name {
    let statement = index.located(created[at as usize].0 as usize).statement;
    statement.name.as_ref().expect("a CREATE taken in is named")
}

/// The statement at `place`, lowered again from the text as it was the first time.
fn parse_again(text: &str, place: &Place) -> Option<Arc<Statement>> {
    let piece = text.get(place.chunk.clone())?;
    let statement = crate::model::lower_piece(piece)
        .statements
        .into_iter()
        .nth(place.ordinal)?;
    Some(Arc::new(statement))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    /// What the editor reports for `text` open on its own.
    fn as_edited(text: &str) -> Vec<Diagnostic> {
        let document = crate::document::SourceDocument::new(text.to_string());
        crate::check::of_document(&document, &Settings::default())
    }

    fn streamed(text: &str, batch_bytes: usize, threads: usize) -> Vec<Diagnostic> {
        let (mut raw, index) = check_in_batches(text, batch_bytes, threads);
        raw.extend(crate::check::across_index(index));
        Settings::default().finish(text, raw)
    }

    fn fixtures() -> Vec<(std::path::PathBuf, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
        let mut out = Vec::new();
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "sql") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    out.push((path, text));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn every_fixture_checks_as_the_editor_reports_it_in_batches_of_any_size() {
        let fixtures = fixtures();
        assert!(fixtures.len() > 100);
        for (path, text) in &fixtures {
            let expected = as_edited(text);
            for (bytes, threads) in [(BATCH_BYTES, 1), (1, 2), (80, 2), (400, 1)] {
                assert_eq!(
                    streamed(text, bytes, threads),
                    expected,
                    "{} in batches of {bytes} bytes on {threads} threads",
                    path.display()
                );
            }
        }
    }

    #[test]
    fn statements_meet_their_creates_across_batches() {
        // An ALTER before its CREATE, one after, a second CREATE and a DROP, far apart.
        let filler = "SELECT 1;\n".repeat(300);
        let text = format!(
            "ALTER SECURITY INTEGRATION a SET OAUTH_CLIENT_TYPE = 'PUBLIC';\n{filler}\
             CREATE SECURITY INTEGRATION a TYPE = OAUTH OAUTH_CLIENT = LOOKER ENABLED = TRUE;\n{filler}\
             ALTER SECURITY INTEGRATION a SET OAUTH_ISSUE_REFRESH_TOKENS = FALSE;\n{filler}\
             CREATE SECURITY INTEGRATION a TYPE = OAUTH OAUTH_CLIENT = LOOKER;\n{filler}\
             DROP SECURITY INTEGRATION a;\n"
        );
        let expected = as_edited(&text);
        let codes: Vec<&str> = expected.iter().map(|d| d.code).collect();
        assert!(codes.contains(&"already-created"), "{codes:?}");
        for (bytes, threads) in [(BATCH_BYTES, 1), (64, 2), (1000, 2)] {
            assert_eq!(
                streamed(&text, bytes, threads),
                expected,
                "{bytes} {threads}"
            );
        }
    }

    #[test]
    fn a_panic_while_taking_a_batch_in_reaches_the_caller_and_stops_the_workers() {
        let pieces: Vec<Range<usize>> = (0..64).map(|i| i..i + 1).collect();
        let batches: Vec<Range<usize>> = (0..64).map(|i| i..i + 1).collect();
        let text = "x".repeat(65);
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut taken = 0;
            in_parallel(&text, &pieces, &batches, 2, |_| {
                taken += 1;
                assert!(taken < 3, "stop");
            });
        }));
        assert!(caught.is_err());
    }
}

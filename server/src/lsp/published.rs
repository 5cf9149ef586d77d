//! What a document's diagnostics were last published as: each one's protocol form and JSON,
//! so that a keystroke converts and serialises only the diagnostics it moved. The document
//! records its edits since the last publish ([`EditMark`]); a diagnostic found again at a
//! place the edits only moved by whole lines keeps its JSON (same lines) or has its line
//! numbers moved (fewer or more lines above it), with no lookup in the text.

use crate::diagnostic::Diagnostic;
use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;
use tower_lsp_server::ls_types as lsp;

/// One edit of the text since the diagnostics were last published.
#[derive(Debug, Clone, Copy)]
pub struct EditMark {
    /// Where it starts; what lies before is where it was.
    pub start: usize,
    /// New length minus old length.
    pub delta: isize,
    /// Where the first line after the edit's new text starts: from there on, positions moved
    /// by `lines` whole lines. `usize::MAX` when that is not known (a new text altogether, or
    /// an edit beside a lone `\r`).
    pub next_line: usize,
    pub lines: isize,
}

impl EditMark {
    /// An edit after which nothing past `start` can be re-used.
    pub fn opaque(start: usize) -> EditMark {
        EditMark {
            start,
            delta: 0,
            next_line: usize::MAX,
            lines: 0,
        }
    }
}

/// Where `offset` (after `marks`) was before them, and by how many lines it moved; `None` when
/// an edit changed its line.
fn before(marks: &[EditMark], mut offset: usize) -> Option<(usize, isize)> {
    let mut lines = 0;
    for mark in marks.iter().rev() {
        if offset <= mark.start {
            continue;
        }
        if offset < mark.next_line {
            return None;
        }
        offset = offset.checked_add_signed(-mark.delta)?;
        lines += mark.lines;
    }
    Some((offset, lines))
}

/// A diagnostic in protocol form, and as JSON.
struct Fragment {
    proto: lsp::Diagnostic,
    json: String,
}

impl Fragment {
    /// Moves the diagnostic's positions by whole lines: `moves` gives the lines its start and
    /// end moved by, then each related place's (the last pair holds for any beyond).
    fn move_lines(&mut self, moves: &[(isize, isize)]) {
        let line = |p: &mut lsp::Position, by: isize| {
            p.line = (p.line as isize + by).max(0) as u32;
        };
        let at = |k: usize| moves[k.min(moves.len() - 1)];
        line(&mut self.proto.range.start, at(0).0);
        line(&mut self.proto.range.end, at(0).1);
        for (k, info) in self
            .proto
            .related_information
            .iter_mut()
            .flatten()
            .enumerate()
        {
            line(&mut info.location.range.start, at(k + 1).0);
            line(&mut info.location.range.end, at(k + 1).1);
        }
        self.json = serde_json::to_string(&self.proto).unwrap_or_default();
    }
}

/// One statement's diagnostics in protocol form (`None` for those whose rule is off), with
/// where its chunk started when they were made.
struct StatementFragments {
    base: usize,
    at: lsp::Position,
    fragments: Vec<Option<Fragment>>,
    /// The JSON of the fragments, joined: a report copies it whole when nothing else falls
    /// among them.
    json: String,
    /// The report that last found the statement.
    seen: u64,
}

impl StatementFragments {
    fn join(&mut self) {
        self.json.clear();
        for f in self.fragments.iter().flatten() {
            if !self.json.is_empty() {
                self.json.push(',');
            }
            self.json.push_str(&f.json);
        }
    }
}

/// How a report orders diagnostics (as [`crate::diagnostic::sort`] does).
type SortKey<'a> = (usize, usize, &'a str, &'a str);

fn sort_key(d: &Diagnostic, base: usize) -> SortKey<'_> {
    (
        base.wrapping_add(d.range.start),
        base.wrapping_add(d.range.end),
        d.code,
        &d.message,
    )
}

/// What a report is made of: the statements' diagnostics as the analysis keeps them, and the
/// others (syntax errors, what the workspace rules found), in document offsets.
pub struct Sources<'a> {
    pub analysis: &'a crate::analysis::DocumentAnalysis,
    pub others: Vec<Diagnostic>,
    pub settings: &'a crate::config::Settings,
}

/// The last published diagnostics of one document.
#[derive(Default)]
pub struct Published {
    fragments: HashMap<Diagnostic, Fragment>,
    /// By statement ([`crate::analysis::Checked::stamp`]), for a document without
    /// suppression comments.
    statements: HashMap<u64, StatementFragments>,
    settings: Option<crate::config::Settings>,
    /// What the protocol forms were made with: a change starts afresh.
    docs_url: Option<String>,
    /// How long the last report was, to size the next.
    last_len: usize,
    /// Counts reports, for [`StatementFragments::seen`].
    reports: u64,
}

impl Published {
    /// Converts `visible` (sorted) into a JSON array, re-using what the previous report
    /// converted where `marks` only moved it.
    pub fn update(
        &mut self,
        visible: Vec<Diagnostic>,
        marks: &[EditMark],
        docs_url: Option<&str>,
        convert: &dyn Fn(&Diagnostic) -> lsp::Diagnostic,
    ) -> String {
        let mut old = std::mem::take(&mut self.fragments);
        self.statements.clear();
        if self.docs_url.as_deref() != docs_url {
            old.clear();
            self.docs_url = docs_url.map(str::to_string);
        }
        let mut json = String::with_capacity(self.last_len + 2);
        json.push('[');
        for d in visible {
            let fragment = match reused(&mut old, &d, marks) {
                Some(fragment) => fragment,
                None => {
                    let proto = convert(&d);
                    let json = serde_json::to_string(&proto).unwrap_or_default();
                    Fragment { proto, json }
                }
            };
            if json.len() > 1 {
                json.push(',');
            }
            json.push_str(&fragment.json);
            // A place in another file may move without this document knowing: not kept.
            if d.related.iter().all(|r| r.path.is_none()) {
                self.fragments.insert(d, fragment);
            }
        }
        json.push(']');
        self.last_len = json.len();
        json
    }

    /// [`update`](Self::update) for a document without suppression comments, statement by
    /// statement: a statement whose diagnostics did not change keeps its fragments, moved by
    /// whole lines when the lines above it changed, so a keystroke converts only the
    /// statement it edits. `position` is where an offset is in protocol terms.
    pub fn update_statements(
        &mut self,
        sources: Sources<'_>,
        marks: &[EditMark],
        docs_url: Option<&str>,
        position: &dyn Fn(usize) -> lsp::Position,
        convert: &dyn Fn(&Diagnostic) -> lsp::Diagnostic,
    ) -> String {
        self.fragments.clear();
        if self.docs_url.as_deref() != docs_url || self.settings.as_ref() != Some(sources.settings)
        {
            self.statements.clear();
            self.docs_url = docs_url.map(str::to_string);
            self.settings = Some(sources.settings.clone());
        }
        let settings = sources.settings;
        let fragment = |d: &Diagnostic| -> Option<Fragment> {
            let severity = settings.severity(d.code, d.severity)?;
            let mut d = d.clone();
            d.severity = severity;
            let proto = convert(&d);
            let json = serde_json::to_string(&proto).unwrap_or_default();
            Some(Fragment { proto, json })
        };
        self.reports += 1;
        let report = self.reports;
        let checked: Vec<crate::analysis::Checked<'_>> = sources.analysis.checked().collect();
        for checked in &checked {
            let kept = match checked.crossing {
                true => None,
                false => self.statements.get_mut(&checked.stamp),
            };
            // Where the statement starts: from the edits when they only moved it by lines.
            let moved_to = kept
                .as_ref()
                .and_then(|kept| match before(marks, checked.base)? {
                    (was, lines) if was == kept.base => Some(lsp::Position::new(
                        (kept.at.line as isize + lines).max(0) as u32,
                        kept.at.character,
                    )),
                    _ => None,
                });
            let at = moved_to.unwrap_or_else(|| position(checked.base));
            match kept {
                Some(kept) if kept.at.character == at.character => {
                    let by = at.line as isize - kept.at.line as isize;
                    if by != 0 {
                        kept.fragments
                            .iter_mut()
                            .flatten()
                            .for_each(|f| f.move_lines(&[(by, by)]));
                        kept.join();
                    }
                    kept.at = at;
                    kept.base = checked.base;
                    kept.seen = report;
                }
                _ => {
                    let fragments = checked
                        .diagnostics
                        .iter()
                        .map(|d| {
                            let mut d = d.clone();
                            crate::model::Shift::shift(&mut d, checked.base as isize);
                            fragment(&d)
                        })
                        .collect();
                    let mut fresh = StatementFragments {
                        base: checked.base,
                        at,
                        fragments,
                        json: String::new(),
                        seen: report,
                    };
                    fresh.join();
                    self.statements.insert(checked.stamp, fresh);
                }
            }
        }
        self.statements.retain(|_, kept| kept.seen == report);
        let mut others = sources.others;
        crate::diagnostic::sort(&mut others);
        let others: Vec<(Diagnostic, Fragment)> = others
            .into_iter()
            .filter_map(|d| {
                let f = fragment(&d)?;
                Some((d, f))
            })
            .collect();
        // Statements in document order, each sorted, merged with the others as `sort` orders.
        let mut json = String::with_capacity(self.last_len + 2);
        json.push('[');
        let mut push = |piece: &str| {
            if json.len() > 1 {
                json.push(',');
            }
            json.push_str(piece);
        };
        let mut rest = others.iter().peekable();
        for checked in &checked {
            let Some(kept) = self.statements.get(&checked.stamp) else {
                continue;
            };
            let (Some(first), Some(last)) =
                (checked.diagnostics.first(), checked.diagnostics.last())
            else {
                continue;
            };
            let first = sort_key(first, checked.base);
            while let Some((_, earlier)) = rest.next_if(|(o, _)| sort_key(o, 0) < first) {
                push(&earlier.json);
            }
            // Nothing else among them: the statement's JSON in one piece.
            if rest
                .peek()
                .is_none_or(|(o, _)| sort_key(o, 0) >= sort_key(last, checked.base))
            {
                if !kept.json.is_empty() {
                    push(&kept.json);
                }
                continue;
            }
            for (d, f) in checked.diagnostics.iter().zip(&kept.fragments) {
                let Some(f) = f else { continue };
                let key = sort_key(d, checked.base);
                while let Some((_, earlier)) = rest.next_if(|(o, _)| sort_key(o, 0) < key) {
                    push(&earlier.json);
                }
                push(&f.json);
            }
        }
        for (_, f) in rest {
            push(&f.json);
        }
        json.push(']');
        self.last_len = json.len();
        json
    }
}

/// The previous report's fragment for `d`, moved to where `d` is now.
fn reused(
    old: &mut HashMap<Diagnostic, Fragment>,
    d: &Diagnostic,
    marks: &[EditMark],
) -> Option<Fragment> {
    if marks.is_empty() {
        return old.remove(d);
    }
    let back = |range: &Range<usize>| -> Option<(Range<usize>, isize, isize)> {
        let (start, from) = before(marks, range.start)?;
        let (end, to) = before(marks, range.end)?;
        Some((start..end, from, to))
    };
    let mut key = d.clone();
    let mut moves = Vec::with_capacity(1 + d.related.len());
    let (range, from, to) = back(&d.range)?;
    key.range = range;
    moves.push((from, to));
    for related in key.related.iter_mut().filter(|r| r.path.is_none()) {
        let (range, from, to) = back(&related.range)?;
        related.range = range;
        moves.push((from, to));
    }
    for edit in key.fixes.iter_mut().flat_map(|f| f.edits.iter_mut()) {
        let (range, _, _) = back(&edit.range)?;
        edit.range = range;
    }
    let mut fragment = old.remove(&key)?;
    if moves.iter().all(|&(from, to)| from == 0 && to == 0) {
        return Some(fragment);
    }
    fragment.move_lines(&moves);
    Some(fragment)
}

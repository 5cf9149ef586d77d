//! A document being edited. The text is kept as one string, with where its lines start (for
//! positions), and is split into statements at top-level `;` (see [`crate::chunks`]).
//! Integration statements are parsed and lowered; their trees are dropped once lowered (a tree
//! costs about twelve bytes per byte of text) and parsed again by whoever needs one
//! ([`Chunk::tree`]). An edit re-lexes from the statement it starts in until the old
//! boundaries line up again, parses the new pieces, moves everything after it (chunk starts
//! are kept as [`Starts`], so in O(log n)), and re-checks only what changed. The
//! language server wraps this with protocol positions; the CLI and benchmarks use it as is.

use crate::analysis::DocumentAnalysis;
use crate::chunks::statement_end;
use crate::model::lower;
use crate::starts::Starts;
use crate::syntax::{parse, SyntaxError};
use std::ops::Range;
use tree_sitter::Tree;

/// One statement's text range, and whether it is an integration statement (which is parsed and
/// lowered). Other SQL is not parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chunk {
    pub start: usize,
    pub end: usize,
    pub integration: bool,
    /// How many syntax errors it has: the analysis keeps them in statement order, and these
    /// counts say which are whose.
    pub errors: usize,
    /// Whether it mentions `secint:`, as a suppression comment does.
    pub marked: bool,
}

/// What a document keeps of a chunk besides where it starts.
#[derive(Debug, Clone, Copy)]
struct ChunkFlags {
    integration: bool,
    marked: bool,
    errors: u32,
}

pub struct SourceDocument {
    /// Where its lines start, for positions.
    pub lines: crate::text::Lines,
    pub text: String,
    /// Where each chunk starts. Chunks follow one another from the start of the text to its
    /// end: each ends where the next starts. Kept as [`Starts`], so that an edit moves the
    /// chunks after it in O(log n).
    chunk_starts: Starts,
    /// How many syntax errors come before each chunk, kept in the same way.
    errors_before: Starts,
    flags: Vec<ChunkFlags>,
    pub analysis: DocumentAnalysis,
    /// Ranges that split on their own (the SQL blocks of a Markdown file): no statement runs
    /// across their ends. Empty for a plain SQL document.
    segments: Vec<Range<usize>>,
    /// How many chunks are `marked`.
    marked: usize,
}

impl ChunkFlags {
    fn of(chunk: &Chunk) -> ChunkFlags {
        ChunkFlags {
            integration: chunk.integration,
            marked: chunk.marked,
            errors: chunk.errors as u32,
        }
    }
}

impl Chunk {
    /// The statement's syntax tree, parsed afresh (offsets inside the tree are relative to
    /// `start`); `None` for other SQL.
    pub fn tree(&self, text: &str) -> Option<Tree> {
        self.integration
            .then(|| parse(&text[self.start..self.end], None))
    }
}

impl SourceDocument {
    pub fn new(text: String) -> SourceDocument {
        SourceDocument::with_segments(text, Vec::new())
    }

    /// A document whose statements never cross the ends of `segments` (sorted, disjoint):
    /// each segment, and each stretch between two, is split at `;` on its own. Its owner
    /// rebuilds it after a change ([`crate::markdown`] does); [`edit`](Self::edit) treats the
    /// text as one segment from then on.
    pub fn with_segments(text: String, segments: Vec<Range<usize>>) -> SourceDocument {
        let mut doc = SourceDocument {
            lines: crate::text::Lines::new(&text),
            text,
            chunk_starts: Starts::default(),
            errors_before: Starts::default(),
            flags: Vec::new(),
            analysis: DocumentAnalysis::new(),
            segments,
            marked: 0,
        };
        doc.rebuild();
        doc
    }

    /// The statements, in order (O(n): for requests about the whole document).
    pub fn chunks(&self) -> Vec<Chunk> {
        let starts = self.chunk_starts.all();
        let ends = starts.iter().skip(1).copied().chain([self.text.len()]);
        starts
            .iter()
            .zip(ends)
            .zip(&self.flags)
            .map(|((&start, end), flags)| Chunk {
                start,
                end,
                integration: flags.integration,
                errors: flags.errors as usize,
                marked: flags.marked,
            })
            .collect()
    }

    /// Chunk `index`.
    fn chunk(&self, index: usize) -> Chunk {
        let flags = self.flags[index];
        let end = match index + 1 < self.flags.len() {
            true => self.chunk_starts.get(index + 1),
            false => self.text.len(),
        };
        Chunk {
            start: self.chunk_starts.get(index),
            end,
            integration: flags.integration,
            errors: flags.errors as usize,
            marked: flags.marked,
        }
    }

    /// The index of the chunk holding `offset`; right after a `;`, the next one.
    fn chunk_index(&self, offset: usize) -> usize {
        self.chunk_starts.count_at_or_before(offset).max(1) - 1
    }

    /// The statement holding `offset`; right after a `;`, the next one.
    pub fn chunk_at(&self, offset: usize) -> Chunk {
        self.chunk(self.chunk_index(offset))
    }

    /// How many syntax errors the chunks before `index` have.
    fn errors_before(&self, index: usize) -> usize {
        match index.checked_sub(1) {
            None => 0,
            Some(_) if index < self.flags.len() => self.errors_before.get(index),
            Some(last) => self.errors_before.get(last) + self.flags[last].errors as usize,
        }
    }

    fn set_chunks(&mut self, chunks: &[Chunk]) {
        let starts: Vec<usize> = chunks.iter().map(|c| c.start).collect();
        self.chunk_starts = Starts::new(&starts);
        drop(starts);
        let (errors, _) = errors_before_each(chunks, 0);
        self.errors_before = Starts::new(&errors);
        self.flags = chunks.iter().map(ChunkFlags::of).collect();
        self.marked = chunks.iter().filter(|c| c.marked).count();
    }

    pub fn replace_all(&mut self, text: String) {
        self.lines = crate::text::Lines::new(&text);
        self.text = text;
        self.segments.clear();
        self.rebuild();
    }

    fn rebuild(&mut self) {
        let (chunks, analysis) = analyse(&self.text, &self.segments);
        self.set_chunks(&chunks);
        self.analysis = analysis;
    }

    /// Whether any statement mentions `secint:` (a suppression comment may).
    pub fn mentions_secint(&self) -> bool {
        self.marked > 0
    }

    /// The suppression comments, searched for only in the statements that mention `secint:`.
    pub fn suppressions(&self) -> crate::suppress::Suppressions {
        let marked = (self.marked > 0)
            .then(|| (0..self.flags.len()).filter(|&i| self.flags[i].marked))
            .into_iter()
            .flatten()
            .map(|i| self.chunk(i));
        crate::suppress::parse_in(&self.text, marked.map(|c| c.start..c.end))
    }

    /// Replaces the bytes in `range` (clamped to the text and to character boundaries).
    /// The statements it touches are parsed afresh: they are short, and a fresh parse reads
    /// them exactly as opening the document does.
    /// Call [`refresh`](Self::refresh) after a batch of edits to re-check.
    pub fn edit(&mut self, range: Range<usize>, new_text: &str) {
        self.segments.clear();
        let start = crate::text::floor_char_boundary(&self.text, range.start);
        let end = crate::text::floor_char_boundary(&self.text, range.end).max(start);
        let delta = new_text.len() as isize - (end - start) as isize;
        let count = self.flags.len();
        let first = self.chunk_index(start);
        let last = self.chunk_index(end);
        let old_region = self.chunk(first).start..self.chunk(last).end;
        self.text.replace_range(start..end, new_text);
        self.lines.edit(&self.text, start, end, new_text.len());

        // Re-split from the first touched statement until a boundary lines up with an old one.
        let mut pieces = Vec::new();
        let mut at = old_region.start;
        let mut resume = count;
        let mut k = last + 1;
        loop {
            let piece_end = statement_end(&self.text, at);
            pieces.push(at..piece_end);
            if piece_end >= self.text.len() {
                break;
            }
            while k < count && shifted(self.chunk_starts.get(k), delta) < piece_end {
                k += 1;
            }
            if k < count
                && shifted(self.chunk_starts.get(k), delta) == piece_end
                && piece_end >= start + new_text.len()
            {
                resume = k;
                break;
            }
            at = piece_end;
        }
        // Up to the first statement kept; everything, when the re-split reached the end.
        let old_to = if resume < count {
            self.chunk_starts.get(resume)
        } else {
            usize::MAX
        };

        let mut statements = Vec::new();
        let mut errors = Vec::new();
        let mut new_chunks = Vec::with_capacity(pieces.len());
        for piece in pieces {
            new_chunks.push(analyse_chunk(
                &self.text,
                piece,
                &mut statements,
                &mut errors,
            ));
        }
        let errors_before = self.errors_before(first);
        let replaced = self.errors_before(resume) - errors_before;
        let gone = self.flags[first..resume]
            .iter()
            .filter(|c| c.marked)
            .count();
        self.marked = self.marked - gone + new_chunks.iter().filter(|c| c.marked).count();
        let starts: Vec<usize> = new_chunks.iter().map(|c| c.start).collect();
        self.chunk_starts.splice(first..resume, &starts, delta);
        let (befores, found) = errors_before_each(&new_chunks, errors_before);
        let more_errors = (found - errors_before) as isize - replaced as isize;
        self.errors_before
            .splice(first..resume, &befores, more_errors);
        self.flags
            .splice(first..resume, new_chunks.iter().map(ChunkFlags::of));
        self.analysis.replace(
            &self.text,
            old_region.start,
            old_to,
            start,
            delta,
            statements,
            errors_before..errors_before + replaced,
            errors,
        );
    }

    /// Re-checks what the edits since the last refresh changed.
    pub fn refresh(&mut self) {
        self.analysis
            .recheck_edited(&self.text, &crate::semantics::Alone);
    }
}

/// The statement pieces of the text: split at `;`, and at the ends of the segments.
pub(crate) fn pieces(text: &str, segments: &[Range<usize>]) -> Vec<Range<usize>> {
    let len = text.len();
    let mut stops: Vec<usize> = segments
        .iter()
        .flat_map(|s| [s.start.min(len), s.end.min(len)])
        .filter(|&at| at > 0 && at < len)
        .collect();
    stops.dedup();
    stops.push(len);
    let mut pieces = Vec::new();
    let mut start = 0;
    for stop in stops {
        if stop <= start {
            continue;
        }
        let region = &text[..stop];
        loop {
            let end = statement_end(region, start);
            pieces.push(start..end);
            start = end;
            if end >= stop {
                break;
            }
        }
    }
    if pieces.is_empty() {
        pieces.push(0..0);
    }
    pieces
}

/// Splits, parses, lowers and checks a whole text (whose statements never cross the ends of
/// `segments`), as opening a document does.
pub fn analyse(text: &str, segments: &[Range<usize>]) -> (Vec<Chunk>, DocumentAnalysis) {
    let pieces = pieces(text, segments);
    // Large documents are parsed on every core: statements parse independently.
    let threads = if text.len() > PARALLEL_BYTES {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8)
    } else {
        1
    };
    let per_thread = pieces.len().div_ceil(threads);
    let parts: Vec<(Vec<Chunk>, Vec<Placed>, Vec<SyntaxError>)> = if threads == 1 {
        vec![analyse_pieces(text, &pieces)]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = pieces
                .chunks(per_thread)
                .map(|group| scope.spawn(move || analyse_pieces(text, group)))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        })
    };
    let mut chunks = Vec::with_capacity(pieces.len());
    drop(pieces);
    let mut statements = Vec::new();
    let mut errors = Vec::new();
    for (c, s, e) in parts {
        chunks.extend(c);
        statements.extend(s);
        errors.extend(e);
    }
    let mut analysis = DocumentAnalysis::new();
    analysis.replace(text, 0, 0, 0, 0, statements, 0..0, errors);
    analysis.recheck(text);
    (chunks, analysis)
}

/// How many syntax errors come before each of `chunks` when `from` come before the first, and
/// how many before what follows them.
fn errors_before_each(chunks: &[Chunk], from: usize) -> (Vec<usize>, usize) {
    let mut before = from;
    let each = chunks
        .iter()
        .map(|c| {
            let at = before;
            before += c.errors;
            at
        })
        .collect();
    (each, before)
}

fn shifted(offset: usize, delta: isize) -> usize {
    offset.wrapping_add_signed(delta)
}

/// Documents larger than this are opened on several threads.
pub(crate) const PARALLEL_BYTES: usize = 128 * 1024;

/// Parses and lowers consecutive statements.
fn analyse_pieces(
    text: &str,
    pieces: &[Range<usize>],
) -> (Vec<Chunk>, Vec<Placed>, Vec<SyntaxError>) {
    let mut chunks = Vec::with_capacity(pieces.len());
    let mut statements = Vec::new();
    let mut errors = Vec::new();
    for piece in pieces {
        chunks.push(analyse_chunk(
            text,
            piece.clone(),
            &mut statements,
            &mut errors,
        ));
    }
    (chunks, statements, errors)
}

/// A lowered statement with the start of its chunk, its offsets relative to that start
/// (allocated where it is lowered, and shared from then on).
pub(crate) type Placed = (usize, std::sync::Arc<crate::model::Statement>);

/// Parses and lowers one statement (when it is an integration statement) and adds its
/// statements (relative to the chunk) and syntax errors (in document offsets). The tree is
/// dropped here.
pub(crate) fn analyse_chunk(
    text: &str,
    range: Range<usize>,
    statements: &mut Vec<Placed>,
    errors: &mut Vec<SyntaxError>,
) -> Chunk {
    let piece = &text[range.clone()];
    let integration = crate::chunks::looks_like_integration(piece);
    let mut chunk = Chunk {
        start: range.start,
        end: range.end,
        integration,
        errors: 0,
        marked: memchr::memmem::find(piece.as_bytes(), crate::suppress::MARKER.as_bytes())
            .is_some(),
    };
    // Most statements are plain and read without tree-sitter (to the same result).
    let plain = integration
        .then(|| crate::model::lower_plain(piece))
        .flatten();
    if let Some(statement) = plain {
        statements.push((chunk.start, std::sync::Arc::new(statement)));
        return chunk;
    }
    let tree = integration.then(|| parse(piece, None));
    let delta = chunk.start as isize;
    // Recognised mistakes are reported as one error with a repair instead of the parser's.
    // Only statements that do not parse can hold one (the check is cheap, but runs often).
    let broken = tree.as_ref().is_none_or(|t| t.root_node().has_error());
    let recognised = broken
        .then(|| {
            crate::chunks::keyword_typo(piece)
                .map(|mut e| {
                    e.shift(delta);
                    e
                })
                .or_else(|| crate::chunks::stranded_parameter(text, chunk.start, chunk.end))
        })
        .flatten();
    let Some(tree) = &tree else {
        if let Some(error) = recognised {
            chunk.errors = 1;
            errors.push(error);
        }
        return chunk;
    };
    let file = lower(tree, piece);
    statements.extend(
        file.statements
            .into_iter()
            .map(|s| (chunk.start, std::sync::Arc::new(s))),
    );
    let found = match recognised {
        Some(error) => vec![error],
        None => file
            .syntax_errors
            .into_iter()
            .map(|mut e| {
                e.shift(delta);
                e
            })
            .collect(),
    };
    chunk.errors = found.len();
    errors.extend(found);
    chunk
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_matches_fresh(doc: &SourceDocument) {
        assert_eq!(doc.lines, crate::text::Lines::new(&doc.text));
        let fresh = SourceDocument::new(doc.text.clone());
        let sexp = |d: &SourceDocument| {
            d.chunks()
                .iter()
                .map(|c| {
                    (
                        c.start,
                        c.end,
                        c.tree(&d.text).map(|t| t.root_node().to_sexp()),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(sexp(doc), sexp(&fresh));
        assert_eq!(
            doc.analysis.sorted_diagnostics(),
            fresh.analysis.sorted_diagnostics()
        );
    }

    #[test]
    fn edits_with_multibyte_text_and_crlf_match_a_fresh_parse() {
        let mut doc = SourceDocument::new(
            "-- é😀\r\nCREATE SECURITY INTEGRATION a TYPE = OAUTH OAUTH_CLIENT = LOOKERR;\r\n"
                .to_string(),
        );
        let at = doc.text.find("LOOKERR").unwrap() + 6;
        doc.edit(at..at + 1, "");
        doc.edit(0..0, "😀\r\n");
        doc.refresh();
        assert_eq!(
            doc.text,
            "😀\r\n-- é😀\r\nCREATE SECURITY INTEGRATION a TYPE = OAUTH OAUTH_CLIENT = LOOKER;\r\n"
        );
        assert_matches_fresh(&doc);
    }

    #[test]
    fn edits_that_add_or_remove_statement_ends_match_a_fresh_parse() {
        let base = "CREATE SECURITY INTEGRATION a TYPE = OAUTH OAUTH_CLIENT = LOOKER;\nSELECT 1;\nCREATE SECURITY INTEGRATION b TYPE = OAUTH OAUTH_CLIENT = TABLEAU_DESKTOP;\n";
        let mut doc = SourceDocument::new(base.to_string());
        // Remove the first `;`: two statements become one.
        let semi = doc.text.find(';').unwrap();
        doc.edit(semi..semi + 1, "");
        doc.refresh();
        assert_matches_fresh(&doc);
        // Open a string that swallows the rest, then close it.
        let at = doc.text.find("SELECT").unwrap();
        doc.edit(at..at, "'");
        doc.refresh();
        assert_matches_fresh(&doc);
        doc.edit(at..at + 1, "");
        doc.edit(semi..semi, ";");
        doc.refresh();
        assert_eq!(doc.text, base);
        assert_matches_fresh(&doc);
        // Delete everything, then type it back.
        let len = doc.text.len();
        doc.edit(0..len, "");
        doc.refresh();
        assert_matches_fresh(&doc);
        doc.edit(0..0, base);
        doc.refresh();
        assert_matches_fresh(&doc);
    }

    #[test]
    fn an_error_on_the_boundary_of_two_statements_is_replaced_by_its_own() {
        // The missing `)` sits at the end of the first statement, where the second starts.
        let mut doc = SourceDocument::new(
            "CREATE SECURITY INTEGRATION a OAUTH_CLIENT_TYPE =( --\n 'PUBLIC'\n  $0\n;CREATE "
                .to_string(),
        );
        let boundary = doc.chunks()[1].start;
        assert!(doc
            .analysis
            .syntax_errors
            .iter()
            .any(|e| e.range == (boundary..boundary)));
        doc.edit(0..0, "");
        doc.refresh();
        assert_matches_fresh(&doc);
    }

    #[test]
    fn a_statement_broken_by_an_edit_reads_as_a_fresh_parse_reads_it() {
        let mut doc = SourceDocument::new(
            "ALTER SECURITY INTEGRATION b SET OAUTH_CLIENT_TYPE = 'PUBLIC';".to_string(),
        );
        doc.edit(0..0, "CREATE ");
        doc.refresh();
        assert_matches_fresh(&doc);
    }

    #[test]
    fn a_keystroke_rechecks_one_statement() {
        let text: String = (0..50)
            .map(|i| {
                format!("CREATE SECURITY INTEGRATION a{i} TYPE = OAUTH OAUTH_CLIENT = LOOKER;\n")
            })
            .collect();
        let mut doc = SourceDocument::new(text);
        let at = doc.text.len() / 2;
        let at = at + doc.text[at..].find("LOOKER").unwrap();
        doc.edit(at..at, "X");
        doc.refresh();
        assert_eq!(doc.analysis.stats.checked, 1);
        assert_matches_fresh(&doc);
    }

    #[test]
    fn an_edit_between_a_create_and_its_drop_keeps_the_related_place_on_the_create() {
        let mut doc = SourceDocument::new(
            "CREATE SECURITY INTEGRATION a TYPE = OAUTH OAUTH_CLIENT = LOOKER;\nSELECT 1;\nDROP SECURITY INTEGRATION a;\n"
                .to_string(),
        );
        let related = |doc: &SourceDocument| {
            doc.analysis
                .sorted_diagnostics()
                .iter()
                .flat_map(|d| {
                    d.related
                        .iter()
                        .map(|r| doc.text[r.range.clone()].to_string())
                })
                .collect::<Vec<_>>()
        };
        assert!(related(&doc).iter().any(|r| r.starts_with("CREATE")));
        let at = doc.text.find("SELECT").unwrap();
        doc.edit(at..at, "-- é\n");
        doc.refresh();
        assert_matches_fresh(&doc);
        doc.edit(0..0, "\n\n");
        doc.refresh();
        assert_matches_fresh(&doc);
        // In the CREATE's chunk but outside its text: the CREATE is not checked again.
        let semi = doc.text.find(';').unwrap();
        doc.edit(semi..semi, "\n");
        doc.refresh();
        assert_matches_fresh(&doc);
        doc.edit(semi..semi + 1, "");
        doc.refresh();
        assert_matches_fresh(&doc);
        assert!(related(&doc).iter().any(|r| r.starts_with("CREATE")));
    }

    #[test]
    fn editing_a_create_rechecks_its_alters_and_nothing_else() {
        let mut doc = SourceDocument::new(
            "CREATE SECURITY INTEGRATION t TYPE = OAUTH OAUTH_CLIENT = TABLEAU_SERVER;\n\
             CREATE SECURITY INTEGRATION other TYPE = OAUTH OAUTH_CLIENT = LOOKER;\n\
             ALTER SECURITY INTEGRATION t SET OAUTH_ENFORCE_PKCE = TRUE;\n"
                .to_string(),
        );
        let codes = |doc: &SourceDocument| -> Vec<&str> {
            doc.analysis
                .sorted_diagnostics()
                .iter()
                .map(|d| d.code)
                .collect()
        };
        assert!(codes(&doc).contains(&"not-applicable"), "{:?}", codes(&doc));
        let at = doc.text.find("TABLEAU_SERVER").unwrap();
        doc.edit(at..at + "TABLEAU_SERVER".len(), "CUSTOM");
        doc.refresh();
        assert!(
            !codes(&doc).contains(&"not-applicable"),
            "{:?}",
            codes(&doc)
        );
        // The CREATE that was edited and the ALTER of its name; not the other CREATE.
        assert_eq!(doc.analysis.stats.checked, 2);
        assert_matches_fresh(&doc);
    }
}

//! An open document as the server sees it: a [`SourceDocument`] with its version, and
//! protocol positions in the negotiated encoding ([`Positions`]). A Markdown document keeps its
//! own text and lines for positions, and is analysed through its SQL view ([`crate::markdown`]),
//! which has the same byte offsets.

use super::published::{EditMark, Published};
use crate::document::SourceDocument;
use crate::markdown::SqlView;
use crate::text::{Encoding, LineCol, LineIndex, Lines};
use std::ops::Deref;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

pub struct Document {
    pub version: i32,
    source: SourceDocument,
    markdown: Option<Markdown>,
    /// What its diagnostics were last published as.
    pub published: Published,
    /// The edits since.
    pub marks: Vec<EditMark>,
}

/// Past this many edits without a report, the next one starts afresh.
const MAX_MARKS: usize = 256;

/// The Markdown text as the client has it, and where its SQL blocks are.
struct Markdown {
    text: String,
    lines: Lines,
    blocks: Vec<std::ops::Range<usize>>,
}

impl Deref for Document {
    type Target = SourceDocument;
    fn deref(&self) -> &SourceDocument {
        &self.source
    }
}

impl Document {
    pub fn open(text: String, version: i32) -> Document {
        Document {
            version,
            source: SourceDocument::new(text),
            markdown: None,
            published: Published::default(),
            marks: Vec::new(),
        }
    }

    /// Opens a document as SQL, or as Markdown whose SQL blocks are checked.
    pub fn open_as(text: String, version: i32, markdown: bool) -> Document {
        if !markdown {
            return Document::open(text, version);
        }
        let (source, markdown) = analyse_markdown(text);
        Document {
            version,
            source,
            markdown: Some(markdown),
            published: Published::default(),
            marks: Vec::new(),
        }
    }

    /// Byte offset ↔ protocol position over the text as the client has it.
    pub fn positions(&self, encoding: Encoding) -> Positions<'_> {
        let lines = match &self.markdown {
            Some(markdown) => LineIndex::of(&markdown.text, &markdown.lines),
            None => LineIndex::of(&self.source.text, &self.source.lines),
        };
        Positions { lines, encoding }
    }

    /// Whether completion and hover have anything to say at `offset`: everywhere in SQL, only
    /// inside the SQL blocks of Markdown.
    pub fn is_sql_at(&self, offset: usize) -> bool {
        match &self.markdown {
            Some(markdown) => markdown
                .blocks
                .iter()
                .any(|b| b.start <= offset && offset <= b.end),
            None => true,
        }
    }

    /// Whether an edit of `range` stays where the user's SQL is: anywhere in SQL, inside one
    /// SQL block in Markdown (never across the prose between blocks).
    pub fn may_edit(&self, range: &std::ops::Range<usize>) -> bool {
        match &self.markdown {
            Some(markdown) => markdown
                .blocks
                .iter()
                .any(|b| b.start <= range.start && range.end <= b.end),
            None => true,
        }
    }

    /// Applies the changes of one didChange in order, each against the text the previous one
    /// left, then re-parses once and refreshes the analysis. A range that ends before it
    /// starts is taken as empty.
    pub fn apply_changes(
        &mut self,
        changes: Vec<TextDocumentContentChangeEvent>,
        version: i32,
        encoding: Encoding,
    ) {
        self.apply_changes_with(changes, version, encoding, &crate::semantics::Alone);
    }

    /// [`apply_changes`](Self::apply_changes), re-checking against the CREATEs of the other
    /// files of the workspace.
    pub fn apply_changes_with(
        &mut self,
        changes: Vec<TextDocumentContentChangeEvent>,
        version: i32,
        encoding: Encoding,
        outside: &dyn crate::semantics::Outside,
    ) {
        self.version = version;
        if let Some(markdown) = &mut self.markdown {
            // A fence typed anywhere changes what is SQL: the view is made afresh.
            let mut text = std::mem::take(&mut markdown.text);
            for change in changes {
                match change.range {
                    Some(range) => {
                        let positions = Positions {
                            lines: LineIndex::of(&text, &markdown.lines),
                            encoding,
                        };
                        let range = positions.byte_range(range);
                        let range = range.start..range.end.max(range.start);
                        text.replace_range(range.clone(), &change.text);
                        markdown
                            .lines
                            .edit(&text, range.start, range.end, change.text.len());
                    }
                    None => {
                        text = change.text;
                        markdown.lines = Lines::new(&text);
                    }
                }
            }
            let (source, fresh) = analyse_markdown(text);
            self.source = source;
            *markdown = fresh;
            self.marks = vec![EditMark::opaque(0)];
            self.recheck_with(outside);
            return;
        }
        for change in changes {
            match change.range {
                Some(range) => {
                    let range = self.positions(encoding).byte_range(range);
                    let range = range.start..range.end.max(range.start);
                    let mark = self.edit_source(range, &change.text);
                    self.mark(mark);
                }
                None => {
                    self.source.replace_all(change.text);
                    self.mark(EditMark::opaque(0));
                }
            }
        }
        let source = &mut self.source;
        source.analysis.recheck_edited(&source.text, outside);
    }

    /// Edits the text, and says how the edit moved the lines after it.
    fn edit_source(&mut self, range: std::ops::Range<usize>, new_text: &str) -> EditMark {
        let text = &self.source.text;
        let start = crate::text::floor_char_boundary(text, range.start);
        let end = crate::text::floor_char_boundary(text, range.end).max(start);
        // A `\r` beside the edit may join or split a line break: not followed.
        let beside_cr = new_text.contains('\r')
            || text[start..end].contains('\r')
            || text[..start].ends_with('\r');
        let lines = LineIndex::of(&self.source.text, &self.source.lines);
        let old_lines = lines.line_of(end) - lines.line_of(start);
        self.source.edit(start..end, new_text);
        if beside_cr {
            return EditMark::opaque(start);
        }
        let lines = LineIndex::of(&self.source.text, &self.source.lines);
        let new_end = start + new_text.len();
        let last = lines.line_of(new_end);
        let next_line = match last + 1 < lines.line_count() {
            true => lines.line_range(last + 1).start,
            false => self.source.text.len() + 1,
        };
        EditMark {
            start,
            delta: new_text.len() as isize - (end - start) as isize,
            next_line,
            lines: (last - lines.line_of(start)) as isize - old_lines as isize,
        }
    }

    fn mark(&mut self, mark: EditMark) {
        if self.marks.len() >= MAX_MARKS {
            self.marks = vec![EditMark::opaque(0)];
        }
        self.marks.push(mark);
    }

    /// Re-checks the statements whose CREATE is in another file; returns how many ran.
    pub fn recheck_with(&mut self, outside: &dyn crate::semantics::Outside) -> usize {
        let source = &mut self.source;
        source.analysis.recheck_with(&source.text, outside);
        source.analysis.stats.checked
    }
}

/// Byte offset ↔ protocol position of one document, in the negotiated encoding; positions
/// past the end of a line or of the text are clamped ([`LineIndex::offset`]).
pub struct Positions<'a> {
    lines: LineIndex<'a>,
    encoding: Encoding,
}

impl Positions<'static> {
    /// The positions of a text that is not open (another file of the workspace).
    pub fn of_text(text: String, encoding: Encoding) -> Positions<'static> {
        Positions {
            lines: LineIndex::owned(text),
            encoding,
        }
    }
}

impl Positions<'_> {
    pub fn position(&self, offset: usize) -> Position {
        let p = self.lines.position(offset, self.encoding);
        Position::new(p.line as u32, p.character as u32)
    }

    pub fn range(&self, range: &std::ops::Range<usize>) -> Range {
        Range::new(self.position(range.start), self.position(range.end))
    }

    pub fn offset(&self, position: Position) -> usize {
        let p = LineCol {
            line: position.line as usize,
            character: position.character as usize,
        };
        self.lines.offset(p, self.encoding)
    }

    pub fn byte_range(&self, range: Range) -> std::ops::Range<usize> {
        self.offset(range.start)..self.offset(range.end)
    }
}

fn analyse_markdown(text: String) -> (SourceDocument, Markdown) {
    let view = SqlView::new(&text);
    let source = view.document();
    let markdown = Markdown {
        lines: Lines::new(&text),
        text,
        blocks: view.blocks,
    };
    (source, markdown)
}

//! An open document: its text (as a rope for positions and as a string for analysis), its
//! syntax tree, edited and re-parsed incrementally, and its cached analysis.

use super::convert::Positions;
use crate::analysis::DocumentAnalysis;
use crate::syntax::parse;
use crate::text::Encoding;
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};
use tree_sitter::{InputEdit, Point, Tree};

pub struct Document {
    pub version: i32,
    pub rope: Rope,
    pub text: String,
    pub tree: Tree,
    pub analysis: DocumentAnalysis,
}

impl Document {
    pub fn open(text: String, version: i32) -> Document {
        let tree = parse(&text, None);
        let mut analysis = DocumentAnalysis::new();
        analysis.update(&text, &tree);
        Document {
            version,
            rope: Rope::from_str(&text),
            text,
            tree,
            analysis,
        }
    }

    pub fn positions(&self, encoding: Encoding) -> Positions<'_> {
        Positions::new(&self.rope, encoding)
    }

    /// Applies the changes of one didChange in order, each against the text the previous one
    /// left, then re-parses once and refreshes the analysis.
    pub fn apply_changes(
        &mut self,
        changes: Vec<TextDocumentContentChangeEvent>,
        version: i32,
        encoding: Encoding,
    ) {
        let mut whole_text = false;
        for change in changes {
            match change.range {
                Some(range) => self.apply_edit(range, &change.text, encoding),
                None => {
                    self.text = change.text;
                    self.rope = Rope::from_str(&self.text);
                    whole_text = true;
                }
            }
        }
        self.version = version;
        self.tree = if whole_text {
            parse(&self.text, None)
        } else {
            parse(&self.text, Some(&self.tree))
        };
        self.analysis.update(&self.text, &self.tree);
    }

    fn apply_edit(&mut self, range: Range, new_text: &str, encoding: Encoding) {
        let positions = self.positions(encoding);
        let start = positions.offset(range.start);
        let end = positions.offset(range.end).max(start);
        let start_point = self.point(start);
        let old_end_point = self.point(end);
        let start_char = self.rope.byte_to_char(start);
        let end_char = self.rope.byte_to_char(end);
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, new_text);
        self.text.replace_range(start..end, new_text);
        let new_end = start + new_text.len();
        let new_end_point = match new_text.rfind('\n') {
            Some(i) => Point::new(
                start_point.row + new_text.matches('\n').count(),
                new_text.len() - i - 1,
            ),
            None => Point::new(start_point.row, start_point.column + new_text.len()),
        };
        self.tree.edit(&InputEdit {
            start_byte: start,
            old_end_byte: end,
            new_end_byte: new_end,
            start_position: start_point,
            old_end_position: old_end_point,
            new_end_position: new_end_point,
        });
    }

    /// tree-sitter's point for a byte offset: rows counted by `\n`, columns in bytes.
    fn point(&self, offset: usize) -> Point {
        let line = self.rope.byte_to_line(offset);
        let line_start = self.rope.line_to_byte(line);
        Point::new(line, offset - line_start)
    }

    pub fn to_lsp_range(&self, range: &std::ops::Range<usize>, encoding: Encoding) -> Range {
        let p = self.positions(encoding);
        Range::new(p.position(range.start), p.position(range.end))
    }

    pub fn offset(&self, position: Position, encoding: Encoding) -> usize {
        self.positions(encoding).offset(position)
    }
}

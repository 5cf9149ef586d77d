//! A document being edited: its text (as a rope, for line lookups, and as a string, for the
//! analysis), its syntax tree, edited and re-parsed incrementally, and its cached analysis.
//! The language server wraps it with protocol positions; benchmarks drive it directly.

use crate::analysis::DocumentAnalysis;
use crate::syntax::parse;
use ropey::Rope;
use std::ops::Range;
use tree_sitter::{InputEdit, Point, Tree};

pub struct SourceDocument {
    pub rope: Rope,
    pub text: String,
    pub tree: Tree,
    pub analysis: DocumentAnalysis,
    /// Set by `replace_all`: the next refresh parses from scratch.
    fresh_parse: bool,
}

impl SourceDocument {
    pub fn new(text: String) -> SourceDocument {
        let tree = parse(&text, None);
        let mut analysis = DocumentAnalysis::new();
        analysis.update(&text, &tree);
        SourceDocument {
            rope: Rope::from_str(&text),
            text,
            tree,
            analysis,
            fresh_parse: false,
        }
    }

    /// Replaces the bytes in `range` (clamped to the text and to character boundaries) and
    /// records the edit in the tree. Call [`refresh`](Self::refresh) after a batch of edits.
    pub fn edit(&mut self, range: Range<usize>, new_text: &str) {
        let start = crate::text::floor_char_boundary(&self.text, range.start);
        let end = crate::text::floor_char_boundary(&self.text, range.end).max(start);
        let start_point = self.point(start);
        let old_end_point = self.point(end);
        let start_char = self.rope.byte_to_char(start);
        let end_char = self.rope.byte_to_char(end);
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, new_text);
        self.text.replace_range(start..end, new_text);
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
            new_end_byte: start + new_text.len(),
            start_position: start_point,
            old_end_position: old_end_point,
            new_end_position: new_end_point,
        });
    }

    pub fn replace_all(&mut self, text: String) {
        self.rope = Rope::from_str(&text);
        self.text = text;
        self.fresh_parse = true;
    }

    /// Re-parses (incrementally, unless the whole text was replaced) and updates the analysis.
    pub fn refresh(&mut self) {
        self.tree = if std::mem::take(&mut self.fresh_parse) {
            parse(&self.text, None)
        } else {
            parse(&self.text, Some(&self.tree))
        };
        self.analysis.update(&self.text, &self.tree);
    }

    /// tree-sitter's point for a byte offset: rows by line, columns in bytes.
    fn point(&self, offset: usize) -> Point {
        let line = self.rope.byte_to_line(offset);
        Point::new(line, offset - self.rope.line_to_byte(line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(doc.rope.to_string(), doc.text);
        assert_eq!(
            doc.tree.root_node().to_sexp(),
            parse(&doc.text, None).root_node().to_sexp()
        );
        assert_eq!(doc.analysis.sorted_diagnostics(), crate::check(&doc.text));
    }
}

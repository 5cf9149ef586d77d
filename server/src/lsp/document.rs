//! An open document as the server sees it: a [`SourceDocument`] with its version, and
//! protocol positions in the negotiated encoding.

use super::convert::Positions;
use crate::document::SourceDocument;
use crate::text::Encoding;
use std::ops::Deref;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

pub struct Document {
    pub version: i32,
    source: SourceDocument,
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
        }
    }

    pub fn positions(&self, encoding: Encoding) -> Positions<'_> {
        Positions::new(&self.source.rope, encoding)
    }

    /// Applies the changes of one didChange in order, each against the text the previous one
    /// left, then re-parses once and refreshes the analysis.
    pub fn apply_changes(
        &mut self,
        changes: Vec<TextDocumentContentChangeEvent>,
        version: i32,
        encoding: Encoding,
    ) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let start = self.offset(range.start, encoding);
                    let end = self.offset(range.end, encoding).max(start);
                    self.source.edit(start..end, &change.text);
                }
                None => self.source.replace_all(change.text),
            }
        }
        self.version = version;
        self.source.refresh();
    }

    pub fn to_lsp_range(&self, range: &std::ops::Range<usize>, encoding: Encoding) -> Range {
        let p = self.positions(encoding);
        Range::new(p.position(range.start), p.position(range.end))
    }

    pub fn offset(&self, position: Position, encoding: Encoding) -> usize {
        self.positions(encoding).offset(position)
    }
}

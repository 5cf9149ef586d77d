//! Positions: byte offsets inside the analysis, line/character pairs at the edges, counted in
//! the encoding the client negotiated.

use std::ops::Range;

/// How a `character` in a position is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

impl Encoding {
    /// Width of `ch` in this encoding's code units.
    pub fn width(self, ch: char) -> usize {
        match self {
            Encoding::Utf8 => ch.len_utf8(),
            Encoding::Utf16 => ch.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }

    /// Code units in `s`.
    pub fn len(self, s: &str) -> usize {
        match self {
            Encoding::Utf8 => s.len(),
            Encoding::Utf16 => s.chars().map(char::len_utf16).sum(),
            Encoding::Utf32 => s.chars().count(),
        }
    }

    /// Byte offset within `line` of `character` code units, clamped to the line's end
    /// (its line break excluded) and rounded down to a character boundary.
    pub fn byte_in_line(self, line: &str, character: usize) -> usize {
        let content = line.trim_end_matches(['\n', '\r']);
        let mut units = 0;
        for (byte, ch) in content.char_indices() {
            if units >= character {
                return byte;
            }
            units += self.width(ch);
            if units > character {
                return byte;
            }
        }
        content.len()
    }
}

/// A zero-based line and character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct LineCol {
    pub line: usize,
    pub character: usize,
}

/// Line starts of a text, for offset ↔ position conversion in O(log lines).
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { line_starts }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The line holding byte `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset) - 1
    }

    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.line_starts.get(line).copied().unwrap_or(text.len());
        let end = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(text.len());
        start..end
    }

    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        LineCol {
            line,
            character: encoding.len(&text[start..offset]),
        }
    }

    /// Byte offset of a position; lines past the end go to the end of the text and characters
    /// past a line's end go to that end.
    pub fn offset(&self, text: &str, position: LineCol, encoding: Encoding) -> usize {
        if position.line >= self.line_starts.len() {
            return text.len();
        }
        let range = self.line_range(text, position.line);
        range.start + encoding.byte_in_line(&text[range], position.character)
    }
}

pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Replaces `edits` (non-overlapping byte ranges) in `text`.
pub fn apply_edits(text: &str, edits: &[(Range<usize>, &str)]) -> String {
    let mut sorted: Vec<_> = edits.to_vec();
    sorted.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (range, new_text) in sorted {
        if range.start < last {
            continue;
        }
        out.push_str(&text[last..range.start]);
        out.push_str(new_text);
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_code_units_of_the_encoding() {
        let text = "é😀x\nab";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x, Encoding::Utf8).character, 6);
        assert_eq!(index.position(text, x, Encoding::Utf16).character, 3);
        assert_eq!(index.position(text, x, Encoding::Utf32).character, 2);
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let pos = index.position(text, x, enc);
            assert_eq!(index.offset(text, pos, enc), x);
        }
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text);
        let pos = LineCol {
            line: 0,
            character: 99,
        };
        assert_eq!(index.offset(text, pos, Encoding::Utf16), 2);
        let pos = LineCol {
            line: 9,
            character: 0,
        };
        assert_eq!(index.offset(text, pos, Encoding::Utf16), text.len());
    }

    #[test]
    fn a_position_inside_a_surrogate_pair_rounds_down() {
        let text = "😀b";
        let index = LineIndex::new(text);
        let pos = LineCol {
            line: 0,
            character: 1,
        };
        assert_eq!(index.offset(text, pos, Encoding::Utf16), 0);
    }
}

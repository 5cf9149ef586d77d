//! Positions: byte offsets inside the analysis, line/character pairs at the edges, counted in
//! the encoding the client negotiated. One line index serves the server and the CLI, so an
//! editor and `secint check --format json` agree on every position.

use ropey::{Rope, RopeSlice};
use std::borrow::Cow;
use std::ops::Range;

/// How a `character` in a position is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

/// A zero-based line and character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct LineCol {
    pub line: usize,
    pub character: usize,
}

/// Byte offset ↔ line and character over a rope, in O(log n). Lines end at `\n`, `\r\n` or a
/// lone `\r`, as the protocol counts them. An open document lends its rope (which edits keep
/// up to date); [`LineIndex::new`] builds one for a text read once.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    rope: Cow<'a, Rope>,
}

impl LineIndex<'static> {
    pub fn new(text: &str) -> LineIndex<'static> {
        LineIndex {
            rope: Cow::Owned(Rope::from_str(text)),
        }
    }
}

impl<'a> LineIndex<'a> {
    pub fn of(rope: &'a Rope) -> LineIndex<'a> {
        LineIndex {
            rope: Cow::Borrowed(rope),
        }
    }

    pub fn line_count(&self) -> usize {
        self.rope.len_lines()
    }

    /// The line holding byte `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        self.rope.byte_to_line(offset.min(self.rope.len_bytes()))
    }

    /// The bytes of `line`, its line break included; empty at the end for lines past the last.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let len = self.rope.len_bytes();
        let start_of = |line: usize| match line < self.rope.len_lines() {
            true => self.rope.line_to_byte(line),
            false => len,
        };
        start_of(line)..start_of(line + 1)
    }

    /// The position of byte `offset` (clamped to the text; inside a character: its start).
    pub fn position(&self, offset: usize, encoding: Encoding) -> LineCol {
        let offset = self.floor_char_boundary(offset);
        let line = self.rope.byte_to_line(offset);
        let start = self.rope.line_to_byte(line);
        // Only the part of the line before the offset is counted.
        let before = self.rope.byte_slice(start..offset);
        let character = match encoding {
            Encoding::Utf8 => offset - start,
            Encoding::Utf16 => before.len_utf16_cu(),
            Encoding::Utf32 => before.len_chars(),
        };
        LineCol { line, character }
    }

    /// The byte offset of a position; lines past the end go to the end of the text, characters
    /// past a line's end go to that end (before its line break), and positions inside a
    /// character round down to its start.
    pub fn offset(&self, position: LineCol, encoding: Encoding) -> usize {
        if position.line >= self.rope.len_lines() {
            return self.rope.len_bytes();
        }
        let (start, slice) = self.line_slice(position.line);
        let ends_with = |at: usize, ch: char| at > 0 && slice.char(at - 1) == ch;
        let mut chars = slice.len_chars();
        chars -= usize::from(ends_with(chars, '\n'));
        chars -= usize::from(ends_with(chars, '\r'));
        let wanted = position.character;
        let char = match encoding {
            Encoding::Utf8 => slice.byte_to_char(wanted.min(slice.char_to_byte(chars))),
            Encoding::Utf16 => slice.utf16_cu_to_char(wanted.min(slice.char_to_utf16_cu(chars))),
            Encoding::Utf32 => wanted.min(chars),
        };
        start + slice.char_to_byte(char)
    }

    /// `offset` clamped to the text and moved back to the start of the character it is in (a
    /// character never spans two of the rope's chunks).
    fn floor_char_boundary(&self, offset: usize) -> usize {
        let offset = offset.min(self.rope.len_bytes());
        let (chunk, chunk_start, _, _) = self.rope.chunk_at_byte(offset);
        let mut at = offset - chunk_start;
        while !chunk.is_char_boundary(at) {
            at -= 1;
        }
        chunk_start + at
    }

    /// Where a line starts, and its text with its line break: counting inside it keeps a
    /// conversion at O(log n) plus the line's length.
    fn line_slice(&self, line: usize) -> (usize, RopeSlice<'_>) {
        let range = self.line_range(line);
        (range.start, self.rope.byte_slice(range))
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

/// The closest of `candidates` to `word`, if close enough to be a likely typo.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let word = word.to_ascii_uppercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                c,
                strsim::damerau_levenshtein(&word, &c.to_ascii_uppercase()),
            )
        })
        .filter(|(c, d)| *d <= (c.len().max(word.len()) / 4).clamp(1, 4))
        .min_by_key(|(_, d)| *d)
        .map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_code_units_of_the_encoding() {
        let text = "é😀x\nab";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.position(x, Encoding::Utf8).character, 6);
        assert_eq!(index.position(x, Encoding::Utf16).character, 3);
        assert_eq!(index.position(x, Encoding::Utf32).character, 2);
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let pos = index.position(x, enc);
            assert_eq!(index.offset(pos, enc), x);
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
        assert_eq!(index.offset(pos, Encoding::Utf16), 2);
        let pos = LineCol {
            line: 9,
            character: 0,
        };
        assert_eq!(index.offset(pos, Encoding::Utf16), text.len());
    }

    #[test]
    fn a_position_inside_a_surrogate_pair_rounds_down() {
        let text = "😀b";
        let index = LineIndex::new(text);
        let pos = LineCol {
            line: 0,
            character: 1,
        };
        assert_eq!(index.offset(pos, Encoding::Utf16), 0);
    }

    #[test]
    fn lines_end_at_lf_crlf_and_a_lone_cr() {
        let text = "a\r\nb\rc\nd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        let d = text.find('d').unwrap();
        let at = |line, character| LineCol { line, character };
        assert_eq!(index.position(d, Encoding::Utf16), at(3, 0));
        assert_eq!(
            index.position(text.find('c').unwrap(), Encoding::Utf8),
            at(2, 0)
        );
        let b = text.find('b').unwrap();
        assert_eq!(
            index.offset(at(1, 5), Encoding::Utf32),
            b + 1,
            "before the lone CR"
        );
        assert_eq!(index.line_range(0), 0..3);
        assert_eq!(index.line_range(3), d..text.len());
        assert_eq!(index.line_range(7), text.len()..text.len());
        assert_eq!(index.line_of(99), 3);
    }

    #[test]
    fn an_offset_inside_a_character_is_its_start() {
        let text = "é😀";
        let index = LineIndex::new(text);
        assert_eq!(index.position(1, Encoding::Utf16).character, 0);
        assert_eq!(index.position(4, Encoding::Utf8).character, 2);
        let pos = LineCol {
            line: 0,
            character: 4,
        };
        assert_eq!(index.offset(pos, Encoding::Utf8), 2, "inside 😀: its start");
        assert_eq!(index.offset(pos, Encoding::Utf16), text.len());
    }
}

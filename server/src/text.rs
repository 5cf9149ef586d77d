//! Positions: byte offsets inside the analysis, line/character pairs at the edges, counted in
//! the encoding the client negotiated. One line index serves the server and the CLI, so an
//! editor and `secint check --format json` agree on every position.

use crate::starts::Starts;
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

/// Where each line of a text starts. Lines end at `\n`, `\r\n` or a lone `\r`, as the
/// protocol counts them; a text has one line more than it has line breaks. The starts live in
/// a [`Starts`] tree, so that an open document follows an edit in O(log n) when it adds or
/// removes no line break (and in O(lines) of integers when it does).
#[derive(Debug, Clone)]
pub struct Lines {
    starts: Starts,
}

impl PartialEq for Lines {
    fn eq(&self, other: &Lines) -> bool {
        self.starts.all() == other.starts.all()
    }
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts_between(text, 1, text.len(), &mut starts);
        Lines {
            starts: Starts::new(&starts),
        }
    }

    /// Follows the replacement of the bytes `start..old_end` by `new_len` bytes; `text` is the
    /// text after it. Only the line starts the edit can change are looked for afresh: those
    /// whose break or first byte it touched (a `\r` and a `\n` may meet or part at its ends).
    pub fn edit(&mut self, text: &str, start: usize, old_end: usize, new_len: usize) {
        let delta = new_len as isize - (old_end - start) as isize;
        let from = start.max(1);
        let lo = self.starts.count_at_or_before(from - 1);
        let hi = self.starts.count_at_or_before(old_end + 1);
        let mut fresh = Vec::new();
        starts_between(
            text,
            from,
            (start + new_len + 1).min(text.len()),
            &mut fresh,
        );
        self.starts.splice(lo..hi, &fresh, delta);
    }

    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// The line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts.count_at_or_before(offset) - 1
    }

    fn start(&self, line: usize) -> Option<usize> {
        (line < self.count()).then(|| self.starts.get(line))
    }
}

/// Pushes the line starts in `from..=to` (`from` ≥ 1): offsets right after a `\n`, or after
/// a `\r` that no `\n` follows.
fn starts_between(text: &str, from: usize, to: usize, out: &mut Vec<usize>) {
    let bytes = text.as_bytes();
    if from > to || from > bytes.len() {
        return;
    }
    for at in memchr::memchr2_iter(b'\n', b'\r', &bytes[from - 1..to]) {
        let at = from - 1 + at;
        if bytes[at] == b'\n' || bytes.get(at + 1) != Some(&b'\n') {
            out.push(at + 1);
        }
    }
}

/// Byte offset ↔ line and character over a text and its [`Lines`]: a binary search for the
/// line, then a count inside it. An open document lends its lines (which edits keep up to
/// date); [`LineIndex::new`] finds them for a text read once.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: Cow<'a, str>,
    lines: Cow<'a, Lines>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        LineIndex {
            lines: Cow::Owned(Lines::new(text)),
            text: Cow::Borrowed(text),
        }
    }

    /// A line index that keeps its text (another file, read for its positions).
    pub fn owned(text: String) -> LineIndex<'static> {
        LineIndex {
            lines: Cow::Owned(Lines::new(&text)),
            text: Cow::Owned(text),
        }
    }

    pub fn of(text: &'a str, lines: &'a Lines) -> LineIndex<'a> {
        LineIndex {
            text: Cow::Borrowed(text),
            lines: Cow::Borrowed(lines),
        }
    }

    pub fn line_count(&self) -> usize {
        self.lines.count()
    }

    /// The line holding byte `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        self.lines.line_of(offset.min(self.text.len()))
    }

    /// The bytes of `line`, its line break included; empty at the end for lines past the last.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let start_of = |line: usize| self.lines.start(line).unwrap_or(self.text.len());
        start_of(line)..start_of(line + 1)
    }

    /// The position of byte `offset` (clamped to the text; inside a character: its start).
    pub fn position(&self, offset: usize, encoding: Encoding) -> LineCol {
        let offset = floor_char_boundary(&self.text, offset);
        let line = self.line_of(offset);
        let start = self.lines.starts.get(line);
        // Only the part of the line before the offset is counted.
        let before = &self.text[start..offset];
        let character = match encoding {
            Encoding::Utf8 => offset - start,
            Encoding::Utf16 => before.chars().map(char::len_utf16).sum(),
            Encoding::Utf32 => before.chars().count(),
        };
        LineCol { line, character }
    }

    /// The byte offset of a position; lines past the end go to the end of the text, characters
    /// past a line's end go to that end (before its line break), and positions inside a
    /// character round down to its start.
    pub fn offset(&self, position: LineCol, encoding: Encoding) -> usize {
        if position.line >= self.line_count() {
            return self.text.len();
        }
        let range = self.line_range(position.line);
        let line = &self.text[range.clone()];
        let line = line.strip_suffix('\n').unwrap_or(line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        let wanted = position.character;
        let within = match encoding {
            Encoding::Utf8 => floor_char_boundary(line, wanted),
            Encoding::Utf16 | Encoding::Utf32 => {
                let mut units = 0;
                let mut at = line.len();
                for (i, c) in line.char_indices() {
                    let width = match encoding {
                        Encoding::Utf16 => c.len_utf16(),
                        _ => 1,
                    };
                    if units + width > wanted {
                        at = i;
                        break;
                    }
                    units += width;
                }
                at
            }
        };
        range.start + within
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
    let allowed = |c: &str| (c.len().max(word.len()) / 4).clamp(1, 4);
    candidates
        .into_iter()
        // The distance is at least the difference in length: most candidates stop here.
        .filter(|c| c.len().abs_diff(word.len()) <= allowed(c))
        .map(|c| {
            let distance = match c.bytes().any(|b| b.is_ascii_lowercase()) {
                true => strsim::damerau_levenshtein(&word, &c.to_ascii_uppercase()),
                false => strsim::damerau_levenshtein(&word, c),
            };
            (c, distance)
        })
        .filter(|(c, d)| *d <= allowed(c))
        .min_by_key(|(_, d)| *d)
        .map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_starts_kept_through_edits_are_those_of_the_edited_text() {
        // Edits of texts made of line breaks and a few characters, the `\r\n` pairs met and
        // parted at the edges included, against a fresh scan each time.
        let pieces = ["\r", "\n", "\r\n", "a", "é", "😀", ""];
        let mut seed = 0x2545_f491_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..300 {
            let mut text: String = (0..next(12)).map(|_| pieces[next(pieces.len())]).collect();
            let mut lines = Lines::new(&text);
            for _ in 0..20 {
                let boundaries: Vec<usize> = (0..=text.len())
                    .filter(|&i| text.is_char_boundary(i))
                    .collect();
                let a = boundaries[next(boundaries.len())];
                let b = boundaries[next(boundaries.len())];
                let (start, end) = (a.min(b), a.max(b));
                let new: String = (0..next(3)).map(|_| pieces[next(pieces.len())]).collect();
                text.replace_range(start..end, &new);
                lines.edit(&text, start, end, new.len());
                assert_eq!(
                    lines,
                    Lines::new(&text),
                    "after an edit at {start}..{end} of {text:?}"
                );
            }
        }
    }

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

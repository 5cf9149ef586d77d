//! Markdown runbooks: the ```sql and ```snowflake fenced blocks of a Markdown file, checked as
//! SQL. The file is turned into a *SQL view* of the same length: the bodies of those blocks
//! byte for byte, every other byte a space (line breaks kept). Byte offsets and lines of the
//! view are the Markdown file's, and so are the columns on every line of a block (those lines
//! are copied whole), so a diagnostic found in the view is reported against the Markdown text
//! as it is. Each block is its own run of statements: a statement without `;` at the end of one
//! block ends there.

use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::document::SourceDocument;
use crate::fix::FixMode;
use std::ops::Range;

/// The comment that opts a whole Markdown file out of checking.
pub const IGNORE_FILE: &str = "<!-- secint: ignore-file -->";

/// Info-string languages whose blocks are checked (compared case-insensitively).
const SQL_LANGUAGES: [&str; 2] = ["sql", "snowflake"];

/// Whether a path names a Markdown file (`.md` or `.markdown`).
pub fn is_markdown_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// Whether an editor's document is Markdown: its language id, or else its file name.
pub fn is_markdown_document(language_id: &str, path: &str) -> bool {
    language_id.eq_ignore_ascii_case("markdown") || is_markdown_path(path)
}

/// A Markdown file seen as SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlView {
    /// Same length as the Markdown text: block bodies copied, the rest blanked.
    pub text: String,
    /// The body of each SQL block, in order: from the start of its first line to the end of
    /// its last line (without the line break). Empty blocks are left out.
    pub blocks: Vec<Range<usize>>,
}

impl SqlView {
    pub fn new(markdown: &str) -> SqlView {
        let fenced = fenced_blocks(markdown);
        let ignored = opted_out(markdown, &fenced);
        let blocks: Vec<Range<usize>> = if ignored {
            Vec::new()
        } else {
            fenced
                .into_iter()
                .filter(|b| b.is_sql && !b.body.is_empty())
                .map(|b| b.body)
                .collect()
        };
        let mut bytes = markdown.as_bytes().to_vec();
        let mut at = 0;
        for block in blocks
            .iter()
            .chain(std::iter::once(&(bytes.len()..bytes.len())))
        {
            blank(&mut bytes[at..block.start]);
            at = block.end;
        }
        // Only ASCII bytes were written, and the bodies are whole lines of valid UTF-8.
        let text = String::from_utf8(bytes).unwrap_or_else(|e| {
            String::from_utf8_lossy(e.as_bytes())
                .chars()
                .map(|c| if c == '\u{fffd}' { ' ' } else { c })
                .collect()
        });
        SqlView { text, blocks }
    }

    /// Whether `offset` lies in a block body (its end included: a cursor after the last
    /// character of a block is still in it).
    pub fn contains(&self, offset: usize) -> bool {
        self.blocks
            .iter()
            .any(|b| b.start <= offset && offset <= b.end)
    }

    /// Whether `range` lies inside one block: an edit there leaves the prose alone.
    pub fn covers(&self, range: &Range<usize>) -> bool {
        self.blocks
            .iter()
            .any(|b| b.start <= range.start && range.end <= b.end)
    }

    /// The analysed document of the view, one block at a time.
    pub fn document(&self) -> SourceDocument {
        SourceDocument::with_segments(self.text.clone(), self.blocks.clone())
    }

    /// Diagnostics of the view, with the fixes whose edits would reach outside a block dropped.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.diagnostics_with(&Settings::default())
    }

    /// The same, with suppression comments and `settings` applied.
    pub fn diagnostics_with(&self, settings: &Settings) -> Vec<Diagnostic> {
        let raw = self.document().analysis.diagnostics().collect();
        let mut diagnostics = settings.finish(&self.text, raw);
        diagnostics.retain(|d| self.covers(&d.range));
        for d in &mut diagnostics {
            d.fixes
                .retain(|f| f.edits.iter().all(|e| self.covers(&e.range)));
        }
        diagnostics
    }
}

/// Checks the SQL blocks of a Markdown file; ranges are byte offsets in `markdown`.
pub fn check(markdown: &str) -> Vec<Diagnostic> {
    check_with(markdown, &Settings::default())
}

pub fn check_with(markdown: &str, settings: &Settings) -> Vec<Diagnostic> {
    SqlView::new(markdown).diagnostics_with(settings)
}

/// The formatter's edits for the SQL blocks of a Markdown file; an edit that would reach
/// outside one block (a statement left open at a block's end) is dropped, so the prose and
/// the fences are never touched.
pub fn format_edits(
    markdown: &str,
    options: &crate::format::FormatOptions,
    range: Option<Range<usize>>,
) -> Vec<crate::diagnostic::Edit> {
    let view = SqlView::new(markdown);
    crate::format::format_edits(&view.text, options, range)
        .into_iter()
        .filter(|e| view.covers(&e.range))
        .collect()
}

/// Applies the safe fixes inside the SQL blocks until nothing changes; the prose and the
/// other blocks stay byte for byte as they were.
pub fn fix_all(markdown: &str) -> String {
    fix_all_with(markdown, &Settings::default(), FixMode::Safe)
}

pub fn fix_all_with(markdown: &str, settings: &Settings, mode: FixMode) -> String {
    let mut current = markdown.to_string();
    for _ in 0..4 {
        let edits = crate::fix::fix_edits(&check_with(&current, settings), mode);
        if edits.is_empty() {
            break;
        }
        current = crate::fix::apply(&current, &edits);
    }
    current
}

fn blank(bytes: &mut [u8]) {
    for b in bytes {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

struct FencedBlock {
    is_sql: bool,
    /// The whole block, fences included.
    whole: Range<usize>,
    body: Range<usize>,
}

/// Lines of `text` as (start, end without the line break, end with it).
fn lines(text: &str) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        let mut end = start;
        while end < bytes.len() && bytes[end] != b'\n' && bytes[end] != b'\r' {
            end += 1;
        }
        let mut next = end;
        if next < bytes.len() && bytes[next] == b'\r' {
            next += 1;
        }
        if next < bytes.len() && bytes[next] == b'\n' && (next == end || bytes[end] == b'\r') {
            next += 1;
        }
        at = next;
        Some((start, end, next))
    })
}

/// An opening or closing fence: the fence character, its run length, and the info string.
fn fence(line: &str) -> Option<(u8, usize, &str)> {
    // Any indentation is accepted: runbooks indent their blocks inside list items.
    let trimmed = line.trim_start_matches([' ', '\t']);
    let ch = *trimmed.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let run = trimmed.bytes().take_while(|&b| b == ch).count();
    if run < 3 {
        return None;
    }
    let info = trimmed[run..].trim();
    // A backtick fence's info string cannot hold a backtick (that is inline code).
    if ch == b'`' && info.contains('`') {
        return None;
    }
    Some((ch, run, info))
}

/// Whether an info string names SQL: its first word, case-insensitively, with a `{.sql}`-style
/// wrapper allowed.
fn is_sql_info(info: &str) -> bool {
    let word = info
        .trim_start_matches(['{', '.'])
        .split(|c: char| c.is_whitespace() || c == ',' || c == '}' || c == '{')
        .next()
        .unwrap_or("");
    SQL_LANGUAGES.iter().any(|l| l.eq_ignore_ascii_case(word))
}

/// Every fenced code block, in order. A block without its closing fence runs to the end of
/// the file, as CommonMark has it.
fn fenced_blocks(text: &str) -> Vec<FencedBlock> {
    let mut blocks = Vec::new();
    // (fence char, run length, is_sql, start of the opening fence, start of the body)
    let mut open: Option<(u8, usize, bool, usize, usize)> = None;
    let mut last_body_end = 0;
    for (start, end, next) in lines(text) {
        let line = &text[start..end];
        match open {
            None => {
                if let Some((ch, run, info)) = fence(line) {
                    open = Some((ch, run, is_sql_info(info), start, next));
                    last_body_end = next;
                }
            }
            Some((ch, run, is_sql, fence_start, body_start)) => {
                let closes =
                    fence(line).is_some_and(|(c, r, info)| c == ch && r >= run && info.is_empty());
                if closes {
                    blocks.push(FencedBlock {
                        is_sql,
                        whole: fence_start..next,
                        body: body_start..last_body_end.max(body_start),
                    });
                    open = None;
                } else {
                    last_body_end = end;
                }
            }
        }
    }
    if let Some((_, _, is_sql, fence_start, body_start)) = open {
        blocks.push(FencedBlock {
            is_sql,
            whole: fence_start..text.len(),
            body: body_start..last_body_end.max(body_start),
        });
    }
    blocks
}

/// Whether the opt-out comment appears outside every fenced block (a block that shows the
/// comment, say in a README about secint, does not opt the file out).
fn opted_out(text: &str, blocks: &[FencedBlock]) -> bool {
    let mut from = 0;
    while let Some(found) = text[from..].find("<!--") {
        let at = from + found;
        from = at + 4;
        let Some(close) = text[from..].find("-->") else {
            return false;
        };
        let inner = text[from..from + close]
            .split_whitespace()
            .collect::<Vec<_>>();
        let inside_block = blocks.iter().any(|b| b.whole.contains(&at));
        if !inside_block && inner == ["secint:", "ignore-file"] {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bodies(markdown: &str) -> Vec<&str> {
        SqlView::new(markdown)
            .blocks
            .iter()
            .map(|b| &markdown[b.clone()])
            .collect()
    }

    #[test]
    fn the_view_keeps_offsets_lines_and_block_bytes() {
        let md = "# Café ☕ 😀\r\nProse; with 'quotes\n\n```sql\nSELECT 'é';\n```\n\nTail é\n";
        let view = SqlView::new(md);
        assert_eq!(bodies(md), ["SELECT 'é';"]);
        let body = view.blocks[0].clone();
        assert_eq!(&view.text[body.clone()], &md[body.clone()]);
        assert_eq!(view.text.len(), md.len());
        for (i, (v, m)) in view.text.bytes().zip(md.bytes()).enumerate() {
            if body.contains(&i) || m == b'\n' || m == b'\r' {
                assert_eq!(v, m, "byte {i}");
            } else {
                assert_eq!(v, b' ', "byte {i}");
            }
        }
    }

    #[test]
    fn fences_of_both_kinds_and_any_case_are_sql_blocks() {
        let md = "```SQL\nA\n```\n~~~snowflake title=\"x\"\nB\n~~~\n  ```{.sql}\n  C\n  ```\n````sql\nD\n```\nE\n````\n";
        assert_eq!(bodies(md), ["A", "B", "  C", "D\n```\nE"]);
    }

    #[test]
    fn other_languages_and_inline_backticks_are_not_sql() {
        let md = "```python\nCREATE SECURITY INTEGRATION x;\n```\n```sql`x`\nB\n```\n``sql\nC\n";
        assert!(bodies(md).is_empty());
        assert!(SqlView::new(md).text.trim().is_empty());
    }

    #[test]
    fn an_unclosed_block_runs_to_the_end() {
        assert_eq!(bodies("x\n```sql\nA;\nB\n"), ["A;\nB"]);
        assert!(bodies("```sql\n```\n").is_empty());
    }

    #[test]
    fn the_opt_out_comment_counts_outside_blocks_only() {
        let shown = "```markdown\n<!-- secint: ignore-file -->\n```\n```sql\nA\n```\n";
        assert_eq!(bodies(shown), ["A"]);
        let real = "<!--  secint:  ignore-file -->\n```sql\nA\n```\n";
        assert!(bodies(real).is_empty());
    }

    #[test]
    fn a_statement_without_semicolon_ends_with_its_block() {
        let md = "```sql\nCREATE SECURITY INTEGRATION a TYPE = OAUTH OAUTH_CLIENT = LOOKER\n```\n\nText.\n\n```sql\nCREATE SECURITY INTEGRATION b TYPE = OAUTH OAUTH_CLIENT = TABLEAU_DESKTOP;\n```\n";
        let doc = SqlView::new(md).document();
        assert_eq!(doc.analysis.statements().len(), 2);
        let second = &doc.analysis.statements()[1];
        assert!(md[second.range()].starts_with("CREATE SECURITY INTEGRATION b"));
    }
}

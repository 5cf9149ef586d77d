//! Suppression comments: `-- secint: ignore[code, …]` and `-- secint: ignore-file[code, …]`.
//!
//! - At the end of a line, `ignore[…]` silences those codes on diagnostics that start on that
//!   line.
//! - On a line of its own, it silences them on the next line, or in the whole statement when
//!   the next line starts one (its first word is a statement verb such as CREATE or ALTER).
//! - `ignore-file[…]` anywhere silences them in the whole file.
//!
//! Codes are required. A suppression that names an unknown code is reported as
//! `invalid-suppression`; a code that silences nothing is reported as `unused-suppression`.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{closest, removal_range, rule, RULES};
use std::ops::Range;

pub const MARKER: &str = "secint:";

/// One code named in a suppression comment.
#[derive(Debug, Clone)]
pub struct SuppressedCode {
    pub code: String,
    pub range: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Diagnostics that start in this byte range (a line, or a statement).
    Range(Range<usize>),
    File,
}

/// A parsed suppression comment.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// The comment, from its `--` or `//` to the end of the line.
    pub comment: Range<usize>,
    pub scope: Scope,
    pub codes: Vec<SuppressedCode>,
    /// Whether the comment stands alone on its line.
    pub own_line: bool,
}

/// What the comments of a text say, and the problems with them.
#[derive(Debug, Default)]
pub struct Suppressions {
    pub items: Vec<Suppression>,
    pub problems: Vec<Diagnostic>,
}

const STATEMENT_VERBS: [&str; 8] = [
    "CREATE", "ALTER", "DROP", "DESC", "DESCRIBE", "SHOW", "GRANT", "REVOKE",
];

/// Finds the suppression comments of `text`. Cheap when there are none: one substring search.
pub fn parse(text: &str) -> Suppressions {
    parse_in(text, std::iter::once(0..text.len()))
}

/// [`parse`], looking for the marker only inside `ranges` (sorted and disjoint, each ending
/// where a comment cannot go on, such as a statement's end): a document that knows which
/// statements mention `secint:` does not search the others.
pub fn parse_in(text: &str, ranges: impl Iterator<Item = Range<usize>>) -> Suppressions {
    let mut found = Suppressions::default();
    // Each marker with the start of its statement, from which strings and comments are read
    // (a string may span lines: `'…\n-- secint: …'` is no comment).
    let markers = ranges.flat_map(|r| {
        let mut statement = r.start..crate::chunks::statement_end(text, r.start);
        memchr::memmem::find_iter(&text.as_bytes()[r.clone()], MARKER.as_bytes()).map(move |at| {
            let at = r.start + at;
            while statement.end <= at && statement.end > statement.start {
                statement = statement.end..crate::chunks::statement_end(text, statement.end);
            }
            (statement.start, at)
        })
    });
    for (statement, at) in markers {
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let Some(comment_start) = crate::chunks::line_comment_start(text, statement, at) else {
            continue;
        };
        let line_start = text[..comment_start].rfind('\n').map_or(0, |i| i + 1);
        // Only `-- secint:` directly: `-- see secint: docs` is prose.
        if !text[comment_start + 2..at].trim().is_empty() {
            continue;
        }
        let own_line = text[line_start..comment_start].trim().is_empty();
        let comment_end = text[..line_end].trim_end_matches('\r').len();
        let directive_at = at + MARKER.len();
        parse_directive(
            text,
            comment_start..comment_end,
            directive_at,
            own_line,
            line_start..line_end,
            &mut found,
        );
    }
    found
}

/// Where the directive word reported as unknown ends: after the word, or after the one
/// character there when the word is empty (never inside a character).
fn word_end(text: &str, at: usize, len: usize, limit: usize) -> usize {
    if len > 0 {
        return at + len;
    }
    let next = text[at..limit].chars().next().map_or(0, char::len_utf8);
    at + next
}

fn parse_directive(
    text: &str,
    comment: Range<usize>,
    directive_at: usize,
    own_line: bool,
    line: Range<usize>,
    found: &mut Suppressions,
) {
    let rest = &text[directive_at..comment.end];
    let lead = rest.len() - rest.trim_start().len();
    let word_at = directive_at + lead;
    let word_len = rest[lead..]
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
        .count();
    let word = &text[word_at..word_at + word_len];
    let file = match word.to_ascii_lowercase().as_str() {
        "ignore" => false,
        "ignore-file" => true,
        _ => {
            let mut problem = Diagnostic::new(
                INVALID,
                Severity::Warning,
                word_at..word_end(text, word_at, word_len, comment.end),
                "unknown secint directive; expected `ignore[…]` or `ignore-file[…]`",
            );
            if let Some(best) = closest(word, ["ignore", "ignore-file"]) {
                problem = problem.with_fix(
                    Fix::replace(
                        format!("Replace with {best}"),
                        word_at..word_at + word_len,
                        best,
                    )
                    .safe(),
                );
            }
            found.problems.push(problem);
            return;
        }
    };
    let after = word_at + word_len;
    let codes_text = &text[after..comment.end];
    let open = codes_text.len() - codes_text.trim_start().len();
    let close = codes_text.find(']');
    if !codes_text[open..].starts_with('[') || close.is_none() {
        found.problems.push(Diagnostic::new(
            INVALID,
            Severity::Warning,
            comment.clone(),
            format!("`{word}` needs the codes it silences: `secint: {word}[code, …]`"),
        ));
        return;
    }
    let list_start = after + open + 1;
    let list_end = after + close.unwrap_or_default();
    let mut codes = Vec::new();
    let mut at = list_start;
    for piece in text[list_start..list_end].split(',') {
        let lead = piece.len() - piece.trim_start().len();
        let code = piece.trim();
        let range = at + lead..at + lead + code.len();
        at += piece.len() + 1;
        if code.is_empty() {
            continue;
        }
        if !crate::rules::is_code_or_group(code) {
            let mut problem = Diagnostic::new(
                INVALID,
                Severity::Warning,
                range.clone(),
                format!("unknown code `{code}` in suppression"),
            );
            if let Some(best) = closest(code, RULES.iter().map(|r| r.code)) {
                problem = problem.with_fix(
                    Fix::replace(format!("Replace with {best}"), range.clone(), best).safe(),
                );
            }
            found.problems.push(problem);
            continue;
        }
        codes.push(SuppressedCode {
            code: code.to_string(),
            range,
        });
    }
    if codes.is_empty() {
        return;
    }
    let scope = if file {
        Scope::File
    } else if own_line {
        next_scope(text, line.end)
    } else {
        Scope::Range(line)
    };
    found.items.push(Suppression {
        comment,
        scope,
        codes,
        own_line,
    });
}

/// What an own-line suppression ending at `line_end` covers: the statement that starts on the
/// next line, or else the next line.
fn next_scope(text: &str, line_end: usize) -> Scope {
    let next = (line_end + 1).min(text.len());
    let next_end = text[next..].find('\n').map_or(text.len(), |i| next + i);
    let first_word: String = text[next..next_end]
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    if STATEMENT_VERBS
        .iter()
        .any(|v| v.eq_ignore_ascii_case(&first_word))
    {
        let end = crate::chunks::statement_end(text, next);
        Scope::Range(next..end)
    } else {
        Scope::Range(next..next_end)
    }
}

/// Where a line comment starts in `prefix` (a line up to the marker), outside quotes.
pub(crate) fn comment_start(prefix: &str) -> Option<usize> {
    let bytes = prefix.as_bytes();
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'\'' || b == b'"' => quote = Some(b),
            None if (b == b'-' || b == b'/') && bytes.get(i + 1) == Some(&b) => return Some(i),
            None => {}
        }
    }
    None
}

pub const INVALID: &str = "invalid-suppression";
pub const UNUSED: &str = "unused-suppression";

/// Drops the diagnostics the comments silence, and reports suppressions that silence nothing.
pub fn apply(text: &str, diagnostics: Vec<Diagnostic>, parsed: Suppressions) -> Vec<Diagnostic> {
    if parsed.items.is_empty() {
        let mut out = diagnostics;
        out.extend(parsed.problems);
        return out;
    }
    let mut used: Vec<Vec<bool>> = parsed
        .items
        .iter()
        .map(|s| vec![false; s.codes.len()])
        .collect();
    let mut kept = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        let mut silenced = false;
        for (i, s) in parsed.items.iter().enumerate() {
            let covers = match &s.scope {
                Scope::File => true,
                Scope::Range(r) => r.contains(&d.range.start) || r.start == d.range.start,
            };
            if !covers {
                continue;
            }
            let group = rule(d.code).map(|r| r.group.name());
            if let Some(j) = s
                .codes
                .iter()
                .position(|c| c.code == d.code || Some(c.code.as_str()) == group)
            {
                used[i][j] = true;
                silenced = true;
            }
        }
        if !silenced {
            kept.push(d);
        }
    }
    for (s, used) in parsed.items.iter().zip(&used) {
        if used.iter().all(|u| !u) {
            let codes: Vec<&str> = s.codes.iter().map(|c| c.code.as_str()).collect();
            kept.push(
                Diagnostic::new(
                    UNUSED,
                    Severity::Warning,
                    s.comment.clone(),
                    format!("this suppression silences nothing ({})", codes.join(", ")),
                )
                .with_fix(
                    Fix::new(
                        "Remove the suppression",
                        vec![Edit {
                            range: comment_removal(text, s),
                            new_text: String::new(),
                        }],
                    )
                    .safe(),
                ),
            );
            continue;
        }
        for (code, _) in s.codes.iter().zip(used).filter(|(_, u)| !**u) {
            kept.push(
                Diagnostic::new(
                    UNUSED,
                    Severity::Warning,
                    code.range.clone(),
                    format!("`{}` is not reported here; nothing to silence", code.code),
                )
                .with_fix(
                    Fix::new(
                        format!("Remove {} from the suppression", code.code),
                        vec![Edit {
                            range: removal_range(text, code.range.clone()),
                            new_text: String::new(),
                        }],
                    )
                    .safe(),
                ),
            );
        }
    }
    kept.extend(parsed.problems);
    kept
}

/// The text to delete to remove a suppression comment: its whole line when it stands alone,
/// else the comment and the blanks before it.
fn comment_removal(text: &str, s: &Suppression) -> Range<usize> {
    let line_start = text[..s.comment.start].rfind('\n').map_or(0, |i| i + 1);
    if s.own_line {
        let end = text[s.comment.end..]
            .find('\n')
            .map_or(text.len(), |i| s.comment.end + i + 1);
        return line_start..end;
    }
    let before = text[line_start..s.comment.start].trim_end();
    line_start + before.len()..s.comment.end
}

/// A quick fix that silences `code` on the line of `at`, or for the statement `statement`.
pub fn ignore_line_fix(text: &str, code: &str, at: usize) -> Fix {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let content_end = line_start + text[line_start..line_end].trim_end().len();
    // A line that already ends in a suppression gains the code in its list.
    let parsed = parse(&text[line_start..line_end]);
    if let Some(existing) = parsed.items.iter().find(|s| !s.own_line) {
        if let Some(last) = existing.codes.last() {
            let at = line_start + last.range.end;
            return Fix::replace(
                format!("Ignore `{code}` on this line"),
                at..at,
                format!(", {code}"),
            );
        }
    }
    let title = format!("Ignore `{code}` on this line");
    if comment_start(&text[line_start..content_end]).is_some() {
        // A line that ends in another comment: the suppression goes on its own line above.
        return ignore_above_fix(text, code, line_start, title);
    }
    Fix::replace(
        title,
        content_end..content_end,
        format!("  -- secint: ignore[{code}]"),
    )
}

/// A quick fix that silences `code` in the statement starting at `statement_start`.
pub fn ignore_statement_fix(text: &str, code: &str, statement_start: usize) -> Fix {
    let line_start = text[..statement_start].rfind('\n').map_or(0, |i| i + 1);
    ignore_above_fix(
        text,
        code,
        line_start,
        format!("Ignore `{code}` in this statement"),
    )
}

fn ignore_above_fix(text: &str, code: &str, line_start: usize, title: String) -> Fix {
    let indent: String = text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    Fix::replace(
        title,
        line_start..line_start,
        format!("{indent}-- secint: ignore[{code}]{newline}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_that_mentions_secint_is_not_a_suppression() {
        assert!(parse("-- see secint: docs\nSELECT 1;").items.is_empty());
        assert!(parse("SELECT 'x -- secint: ignore[placeholder]';")
            .items
            .is_empty());
    }

    #[test]
    fn a_marker_inside_a_string_that_spans_lines_is_not_a_suppression() {
        let text = "CREATE SECURITY INTEGRATION s TYPE = SCIM RUN_AS_ROLE = 'A\nB -- secint: ignore[placeholder] C';\nSELECT 1; -- secint: ignore[placeholder]\n";
        let found = parse(text).items;
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].comment.start > text.find("SELECT 1").unwrap());
    }

    #[test]
    fn non_ascii_after_the_marker_gives_ranges_on_character_boundaries() {
        for text in [
            "SELECT 1; -- secint: é\n",
            "SELECT 1; -- secint: ignore[é]\n",
            "SELECT 1; -- secint:é",
            "SELECT 1; -- secint:\r\nSELECT 2;",
            "-- secint:",
            "-- secint: ignore[\r\n",
            "-- secint: ignore[placeholder, ☕]\nCREATE SECURITY INTEGRATION x TYPE = OAUTH;",
        ] {
            let parsed = parse(text);
            for d in &parsed.problems {
                assert!(text.is_char_boundary(d.range.start), "{text:?}: {d:?}");
                assert!(text.is_char_boundary(d.range.end), "{text:?}: {d:?}");
            }
        }
    }

    #[test]
    fn codes_are_required() {
        let parsed = parse("SELECT 1; -- secint: ignore\n");
        assert!(parsed.items.is_empty());
        assert_eq!(parsed.problems[0].code, INVALID);
    }
}

//! Splitting SQL text into statements at top-level `;` (outside strings, quoted identifiers,
//! dollar-quoted bodies and comments). Each piece is parsed on its own, so an edit re-parses
//! the statement it touches and a broken statement cannot swallow the next one.

use crate::syntax::{SyntaxError, SyntaxFix};

/// Where a statement that starts at `from` ends: just after its `;`, or at the end of the
/// text when it has none.
pub fn statement_end(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b';' => return i + 1,
            b'\'' => i = skip_quoted(bytes, i, b'\''),
            b'"' => i = skip_quoted(bytes, i, b'"'),
            b'-' if bytes.get(i + 1) == Some(&b'-') => i = skip_line(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = skip_line(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = find(bytes, i + 2, b"*/").map_or(bytes.len(), |p| p + 2);
            }
            b'$' => i = skip_dollar(bytes, i),
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Where the line comment (`--` or `//`) that offset `at` is in starts, reading the text from
/// `from`, a place outside any string or comment (a statement's start); `None` when `at` is in
/// code, a string, a quoted identifier, a block comment or a dollar-quoted body.
pub fn line_comment_start(text: &str, from: usize, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i <= at && i < bytes.len() {
        match bytes[i] {
            b'\'' => i = skip_quoted(bytes, i, b'\''),
            b'"' => i = skip_quoted(bytes, i, b'"'),
            b'-' | b'/' if bytes.get(i + 1) == Some(&bytes[i]) => {
                let end = skip_line(bytes, i);
                if at < end {
                    return Some(i);
                }
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = find(bytes, i + 2, b"*/").map_or(bytes.len(), |p| p + 2);
            }
            b'$' => i = skip_dollar(bytes, i),
            _ => i += 1,
        }
    }
    None
}

/// Statement boundaries of `text[from..]`: the start of every statement, `from` first.
pub fn statement_starts(text: &str, from: usize) -> Vec<usize> {
    let mut starts = vec![from];
    let mut at = from;
    while at < text.len() {
        at = statement_end(text, at);
        if at < text.len() {
            starts.push(at);
        }
    }
    starts
}

/// Whether a statement's first words make it an integration statement: a statement verb and
/// INTEGRATION(S) among the first eight words (comments skipped). Other statements are not
/// parsed at all: secint has nothing to say about them.
pub fn looks_like_integration(statement: &str) -> bool {
    looks_like_integration_exactly(statement) || keyword_typo(statement).is_some()
}

/// The words that name an integration other than a security one (`CREATE API INTEGRATION`).
const OTHER_INTEGRATIONS: [&str; 5] = ["API", "STORAGE", "NOTIFICATION", "ACCESS", "CATALOG"];

pub fn looks_like_integration_exactly(statement: &str) -> bool {
    let words = leading_words(statement, 8);
    let is_verb = |word: &str| {
        [
            "CREATE", "ALTER", "DROP", "DESC", "DESCRIBE", "SHOW", "GRANT", "REVOKE",
        ]
        .iter()
        .any(|v| v.eq_ignore_ascii_case(word))
    };
    if !words.first().is_some_and(|(_, w)| is_verb(w)) {
        return false;
    }
    for pair in words.windows(2) {
        let (previous, word) = (pair[0].1, pair[1].1);
        if word.eq_ignore_ascii_case("INTEGRATION") || word.eq_ignore_ascii_case("INTEGRATIONS") {
            // API, storage, notification, external access and catalog integrations are
            // not security integrations: left alone, nested `( … )` blocks and all.
            return !OTHER_INTEGRATIONS
                .iter()
                .any(|k| previous.eq_ignore_ascii_case(k));
        }
    }
    false
}

/// The first words of a statement with their byte ranges, up to its first string, list or
/// `;`; comments and punctuation are skipped.
pub fn leading_words(statement: &str, limit: usize) -> Vec<(std::ops::Range<usize>, &str)> {
    let bytes = statement.as_bytes();
    let mut words = Vec::new();
    let mut i = 0;
    while i < bytes.len() && words.len() < limit {
        match bytes[i] {
            b'-' if bytes.get(i + 1) == Some(&b'-') => i = skip_line(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = skip_line(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = find(bytes, i + 2, b"*/").map_or(bytes.len(), |p| p + 2);
            }
            b if b.is_ascii_alphabetic() || b == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                words.push((start..i, &statement[start..i]));
            }
            b';' | b'\'' | b'(' => break,
            _ => i += 1,
        }
    }
    words
}

const VERBS: [&str; 7] = [
    "CREATE", "ALTER", "DROP", "DESCRIBE", "DESC", "SHOW", "UNDROP",
];

/// A misspelt keyword in `VERB [OR REPLACE] SECURITY INTEGRATION`, as a syntax error whose
/// safe fix puts the keyword right. Offsets are relative to `statement`.
pub fn keyword_typo(statement: &str) -> Option<SyntaxError> {
    let words = leading_words(statement, 5);
    let (verb_range, verb) = words.first()?.clone();
    let mut at = 1;
    if words.get(1).is_some_and(|w| w.1.eq_ignore_ascii_case("OR"))
        && words
            .get(2)
            .is_some_and(|w| w.1.eq_ignore_ascii_case("REPLACE"))
    {
        at = 3;
    }
    let security = words.get(at)?.clone();
    let integration = words.get(at + 1)?.clone();
    let expected_last = match integration.1.to_ascii_uppercase().ends_with('S') {
        true => "INTEGRATIONS",
        false => "INTEGRATION",
    };
    let slots = [
        (verb_range, verb, closest_keyword(verb, &VERBS)?),
        (
            security.0,
            security.1,
            closest_keyword(security.1, &["SECURITY"])?,
        ),
        (
            integration.0,
            integration.1,
            closest_keyword(integration.1, &[expected_last])?,
        ),
    ];
    // Exactly one word wrong: two typos in a row is more likely another statement.
    let wrong: Vec<_> = slots
        .iter()
        .filter(|(_, word, keyword)| !word.eq_ignore_ascii_case(keyword))
        .collect();
    let [(range, word, keyword)] = wrong.as_slice() else {
        return None;
    };
    // The user's case: a lower-case statement stays lower case.
    let new_text = match word.chars().all(|c| !c.is_ascii_uppercase()) {
        true => keyword.to_ascii_lowercase(),
        false => keyword.to_string(),
    };
    Some(SyntaxError {
        range: range.clone(),
        message: format!("`{word}` is not a keyword; did you mean `{keyword}`?"),
        fix: Some(SyntaxFix {
            title: format!("Replace with {new_text}"),
            range: range.clone(),
            new_text,
            safe: true,
        }),
    })
}

/// The keyword `word` is, or is a likely typo of (one edit for short words, two for long).
fn closest_keyword(word: &str, keywords: &[&'static str]) -> Option<&'static str> {
    // Every statement passes through here: the exact match is the common, cheap case.
    if let Some(exact) = keywords.iter().find(|k| k.eq_ignore_ascii_case(word)) {
        return Some(exact);
    }
    let upper = word.to_ascii_uppercase();
    keywords
        .iter()
        .filter(|k| k.len().abs_diff(upper.len()) <= 2)
        .map(|k| (*k, strsim::osa_distance(&upper, k)))
        .filter(|(k, d)| *d <= if k.len() >= 8 { 2 } else { 1 })
        .min_by_key(|(_, d)| *d)
        .map(|(k, _)| k)
}

/// `NAME = value` standing alone right after a `;`, where NAME is an integration parameter:
/// the `;` before it ended its statement too early. Offsets are in `text`.
pub fn stranded_parameter(text: &str, from: usize, to: usize) -> Option<SyntaxError> {
    if from == 0 || text.as_bytes().get(from - 1) != Some(&b';') {
        return None;
    }
    let piece = &text[from..to];
    let words = leading_words(piece, 1);
    let (range, name) = words.first()?.clone();
    let after = piece[range.end..].trim_start();
    if !after.starts_with('=') || after.starts_with("==") {
        return None;
    }
    let upper = name.to_ascii_uppercase();
    if upper == "TYPE"
        || crate::catalog::Catalog::get()
            .definitions(&upper)
            .next()
            .is_none()
    {
        return None;
    }
    // The piece's own `;` (or the end of the text) then ends the statement.
    Some(SyntaxError {
        range: from + range.start..from + range.end,
        message: format!("the statement ended at the `;` before `{name}`"),
        fix: Some(SyntaxFix {
            title: format!("Move the `;` after {upper}"),
            range: from - 1..from,
            new_text: String::new(),
            safe: false,
        }),
    })
}

fn skip_quoted(bytes: &[u8], open: usize, quote: u8) -> usize {
    let mut i = open + 1;
    while i < bytes.len() {
        if bytes[i] == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

fn skip_line(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| from + p)
}

/// `$$ … $$` or `$tag$ … $tag$`; a lone `$` is just a character.
fn skip_dollar(bytes: &[u8], open: usize) -> usize {
    let tag_end = bytes[open + 1..]
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
        .map(|p| open + 1 + p);
    match tag_end {
        Some(end) if bytes[end] == b'$' => {
            let tag = &bytes[open..=end];
            find(bytes, end + 1, tag).map_or(bytes.len(), |p| p + tag.len())
        }
        _ => open + 1,
    }
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes[from.min(bytes.len())..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_comment_is_found_only_outside_strings_and_block_comments() {
        let text = "SELECT 'a\n-- not a comment' -- one\n/* -- no */ x // two\n$$ -- no $$";
        let at = |needle: &str| text.find(needle).unwrap();
        assert_eq!(line_comment_start(text, 0, at("not a comment")), None);
        assert_eq!(line_comment_start(text, 0, at("one")), Some(at("-- one")));
        assert_eq!(line_comment_start(text, 0, at("no */")), None);
        assert_eq!(line_comment_start(text, 0, at("two")), Some(at("// two")));
        assert_eq!(line_comment_start(text, 0, at("no $$")), None);
        assert_eq!(line_comment_start(text, 0, at("x //")), None);
    }

    #[test]
    fn integration_statements_are_recognised_by_their_first_words() {
        for yes in [
            "CREATE SECURITY INTEGRATION x",
            "  -- c\n create or replace security integration if not exists x",
            "GRANT USE_ANY_ROLE ON INTEGRATION x TO ROLE r",
            "show integrations",
            "/* c */ DESC INTEGRATION x",
        ] {
            assert!(looks_like_integration(yes), "{yes}");
        }
        for no in [
            "CREATE API INTEGRATION git_api API_PROVIDER = git_https_api",
            "create or replace external access integration ext ALLOWED_NETWORK_RULES = (r)",
            "DROP STORAGE INTEGRATION s3_int",
            "SELECT integration FROM t",
            "CREATE TABLE t (integration int)",
            "GRANT SELECT ON TABLE t TO ROLE r",
            "",
        ] {
            assert!(!looks_like_integration(no), "{no}");
        }
    }

    #[test]
    fn semicolons_in_strings_comments_and_bodies_do_not_split() {
        let text = "A 'x;y' \"q;\" -- c;\n B /* ; */ $$ ; $$ $f$;$f$; C; 'open;";
        let starts = statement_starts(text, 0);
        let pieces: Vec<&str> = starts
            .iter()
            .zip(starts.iter().skip(1).chain([&text.len()]))
            .map(|(&s, &e)| &text[s..e])
            .collect();
        assert_eq!(
            pieces,
            [
                "A 'x;y' \"q;\" -- c;\n B /* ; */ $$ ; $$ $f$;$f$;",
                " C;",
                " 'open;"
            ]
        );
    }
}

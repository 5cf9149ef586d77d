//! The robustness properties, shared by the fuzz targets (`fuzz/fuzz_targets/`) and the
//! property tests (`tests/properties.rs`). Each panics, saying what broke, when its property
//! does not hold for the given input.
#![allow(dead_code)]

use secint::diagnostic::{Diagnostic, Fix, Severity};
use secint::document::SourceDocument;
use secint::lsp::Document;
use secint::text::Encoding;
use std::collections::HashMap;
use std::ops::Range;
use tower_lsp_server::ls_types::{Position, Range as LspRange, TextDocumentContentChangeEvent};

/// `secint check` of a file, read in batches of any size, reports what the editor reports for
/// it open on its own.
pub fn check_matches_the_editor(text: &str) {
    let settings = secint::Settings::default();
    let document = secint::document::SourceDocument::new(text.to_string());
    let edited = secint::check::of_document(&document, &settings);
    assert_eq!(secint::check(text), edited, "one batch");
    for (bytes, threads) in [(1, 2), (97, 2)] {
        let (mut raw, index) = secint::stream::check_in_batches(text, bytes, threads);
        raw.extend(secint::check::across_index(index));
        assert_eq!(
            settings.finish(text, raw),
            edited,
            "batches of {bytes} bytes on {threads} threads"
        );
    }
}

/// Every statement the plain reader takes is the one tree-sitter's tree lowers to, with no
/// syntax error; the pieces it leaves are not checked here.
pub fn plain_reading_matches_tree_sitter(text: &str) -> usize {
    let mut read = 0;
    for start in secint::chunks::statement_starts(text, 0) {
        let piece = &text[start..secint::chunks::statement_end(text, start)];
        let Some(plain) = secint::model::lower_plain(piece) else {
            continue;
        };
        read += 1;
        let tree = secint::syntax::parse(piece, None);
        let lowered = secint::model::lower(&tree, piece);
        assert_eq!(
            lowered.syntax_errors,
            Vec::new(),
            "the plain reader took a statement tree-sitter rejects: {piece:?}"
        );
        assert_eq!(
            lowered.statements,
            vec![plain],
            "the plain reader read {piece:?} another way"
        );
    }
    read
}

/// Checking any text never panics; every diagnostic and related range is a slice of the text,
/// and so is every edit of every fix, with no two edits of one fix overlapping.
pub fn ranges_are_slices(text: &str) {
    for d in secint::check(text) {
        assert_slice(text, &d.range, &format!("{} range", d.code));
        for related in &d.related {
            assert_slice(text, &related.range, &format!("{} related range", d.code));
        }
        for fix in &d.fixes {
            let what = format!("{} fix {:?}", d.code, fix.title);
            for edit in &fix.edits {
                assert_slice(text, &edit.range, &format!("{what} edit"));
            }
            let mut ranges: Vec<&Range<usize>> = fix.edits.iter().map(|e| &e.range).collect();
            ranges.sort_by_key(|r| (r.start, r.end));
            for pair in ranges.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                assert!(
                    !(a.start < b.end && b.start < a.end),
                    "{what}: edits {a:?} and {b:?} overlap in {text:?}"
                );
            }
        }
    }
}

fn assert_slice(text: &str, range: &Range<usize>, what: &str) {
    assert!(
        range.start <= range.end
            && range.end <= text.len()
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end),
        "{what} {range:?} is not a slice of the {}-byte text {text:?}",
        text.len()
    );
}

/// Every fix, applied alone, adds no error (per code, the count of errors does not grow), and
/// fixing everything twice gives what fixing once gave (when the text parses).
///
/// A fix that writes text (a rename, a corrected value, an inserted parameter) makes checkable
/// what its typo hid: the renamed parameter's value, a conflict with the corrected value, the
/// other parameters of a statement that now has a TYPE. Those errors were there all along, so
/// such a fix is held only to the errors its own text causes: syntax, a duplicate, a name the
/// statement cannot SET or UNSET. A fix that only deletes is held to every code.
///
/// In a statement with a syntax error, error recovery decides what the rest of it means (an
/// unclosed quote can swallow the next statement), and a fix anywhere in it may change that
/// decision: such a fix is only applied and checked, for panics.
pub fn fixes_add_no_errors(text: &str) {
    let before = secint::check(text);
    let errors_before = error_counts(&before);
    let document = SourceDocument::new(text.to_string());
    for d in &before {
        for fix in &d.fixes {
            let fixed = secint::fix::apply(text, &fix.edits);
            let after = secint::check(&fixed);
            if edits_a_broken_statement(&document, fix) {
                continue;
            }
            let writes = fix.edits.iter().any(|e| !e.new_text.is_empty());
            for (code, after) in error_counts(&after) {
                if writes && !TEXT_ERRORS.contains(&code) {
                    continue;
                }
                let was = errors_before.get(code).copied().unwrap_or(0);
                assert!(
                    after <= was,
                    "{} fix {:?} raises `{code}` errors from {was} to {after}\n\
                     --- before\n{text}\n--- after\n{fixed}",
                    d.code,
                    fix.title
                );
            }
        }
    }
    // Fixing a statement that does not parse changes what error recovery makes of it, which
    // can uncover fix after fix (more than `fix_all`'s rounds): only text that parses, before
    // and after, must be left alone by a second pass.
    let once = secint::fix::fix_all(text);
    let parses = |text: &str| {
        SourceDocument::new(text.to_string())
            .analysis
            .syntax_errors
            .is_empty()
    };
    let twice = secint::fix::fix_all(&once);
    assert!(
        !(document.analysis.syntax_errors.is_empty() && parses(&once)) || once == twice,
        "fixing all twice differs from fixing once\n--- text\n{text}\n--- once\n{once}\n--- twice\n{twice}"
    );
}

/// Errors that the text a fix writes can cause by itself.
const TEXT_ERRORS: [&str; 4] = [
    "syntax",
    "duplicate-parameter",
    "set-not-allowed",
    "unset-not-allowed",
];

/// Whether an edit of `fix` falls in a statement (the text up to a top-level `;`, parsed as one)
/// in which a syntax error starts.
fn edits_a_broken_statement(document: &SourceDocument, fix: &Fix) -> bool {
    fix.edits.iter().any(|edit| {
        [edit.range.start, edit.range.end].into_iter().any(|at| {
            let chunk = document.chunk_at(at);
            let errors = &document.analysis.syntax_errors;
            errors
                .iter()
                .any(|e| (chunk.start..=chunk.end).contains(&e.range.start))
        })
    })
}

fn error_counts(diagnostics: &[Diagnostic]) -> HashMap<&'static str, usize> {
    let mut counts = HashMap::new();
    for d in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
        *counts.entry(d.code).or_insert(0) += 1;
    }
    counts
}

/// One content change of a didChange: a range in protocol positions (or none: the whole
/// text) and the text that replaces it.
#[derive(Debug, Clone)]
pub struct Change {
    pub range: Option<(Position, Position)>,
    pub text: String,
}

/// didChange batches applied through the server's document equal the same changes applied
/// to a plain `String`, after every batch, and the document's diagnostics then equal a fresh
/// check of the text.
pub fn edits_match_plain_text(initial: &str, batches: &[Vec<Change>], encoding: Encoding) {
    let mut document = Document::open(initial.to_string(), 0);
    let mut plain = initial.to_string();
    for (n, batch) in batches.iter().enumerate() {
        let events = batch
            .iter()
            .map(|c| TextDocumentContentChangeEvent {
                range: c.range.map(|(start, end)| LspRange::new(start, end)),
                range_length: None,
                text: c.text.clone(),
            })
            .collect();
        document.apply_changes(events, n as i32 + 1, encoding);
        for change in batch {
            apply_plain(&mut plain, change, encoding);
        }
        assert!(
            document.text == plain,
            "after batch {n} of {batches:?} ({encoding:?}) on {initial:?}:\n\
             document {:?}\nplain    {plain:?}",
            document.text
        );
        assert!(
            document.lines == secint::text::Lines::new(&plain),
            "after batch {n} of {batches:?}: the line starts kept through the edits differ \
             from those of the text {plain:?}"
        );
        assert_eq!(
            secint::check::of_document(&document, &secint::Settings::default()),
            secint::check(&plain),
            "after batch {n} of {batches:?} ({encoding:?}) on {initial:?}: the document's \
             diagnostics differ from a fresh check of {plain:?}"
        );
    }
}

fn apply_plain(text: &mut String, change: &Change, encoding: Encoding) {
    match change.range {
        Some((start, end)) => {
            let start = plain_offset(text, start, encoding);
            // A range that ends before it starts is taken as empty, as the server takes it.
            let end = plain_offset(text, end, encoding).max(start);
            text.replace_range(start..end, &change.text);
        }
        None => *text = change.text.clone(),
    }
}

/// The protocol's rules, written out without a line index: lines end at `\n`, `\r\n` or `\r`; a
/// line past the last is the end of the text, a character past the end of its line is the
/// line's end, and a position inside a character is that character's start.
pub fn plain_offset(text: &str, position: Position, encoding: Encoding) -> usize {
    let bytes = text.as_bytes();
    let mut line_start = 0;
    for _ in 0..position.line {
        let Some(at) = text[line_start..].find(['\n', '\r']) else {
            return text.len();
        };
        let brk = line_start + at;
        line_start = if bytes[brk] == b'\r' && bytes.get(brk + 1) == Some(&b'\n') {
            brk + 2
        } else {
            brk + 1
        };
    }
    let wanted = position.character as usize;
    let mut units = 0;
    for (at, ch) in text[line_start..].char_indices() {
        let width = match encoding {
            Encoding::Utf8 => ch.len_utf8(),
            Encoding::Utf16 => ch.len_utf16(),
            Encoding::Utf32 => 1,
        };
        if ch == '\n' || ch == '\r' || units + width > wanted {
            return line_start + at;
        }
        units += width;
    }
    text.len()
}

/// The formatter's guarantees for `text` under `options`: formatting twice gives what
/// formatting once gave; the formatted text has the same diagnostics (code, severity and
/// message), the same statements with the same parameters and values, and the same comments
/// in the same statements; a statement with a syntax error is not touched.
pub fn formatting_keeps_meaning(text: &str, options: &secint::format::FormatOptions) {
    let once = secint::format::format(text, options);
    let twice = secint::format::format(&once, options);
    assert_eq!(
        twice, once,
        "formatting twice differs from formatting once\ninput: {text:?}\nonce:  {once:?}"
    );
    if once == text {
        return;
    }
    assert_eq!(
        diagnostic_keys(&once),
        diagnostic_keys(text),
        "formatting changed the diagnostics\ninput: {text:?}\nformatted: {once:?}"
    );
    let sorted = options.sort_parameters;
    assert_eq!(
        statement_facts(&once, sorted),
        statement_facts(text, sorted),
        "formatting changed a statement's parameters or values\ninput: {text:?}\nformatted: {once:?}"
    );
    assert_eq!(
        comments_by_statement(&once, sorted),
        comments_by_statement(text, sorted),
        "formatting lost, changed or moved a comment\ninput: {text:?}\nformatted: {once:?}"
    );
    let document = SourceDocument::new(text.to_string());
    let broken: Vec<Range<usize>> = document
        .chunks()
        .iter()
        .filter(|c| {
            // The chunk's own parse found errors (an error may sit at the very end of the
            // statement before, where this one starts: it is that one's).
            c.errors > 0
                || document.analysis.statements().iter().any(|s| {
                    s.has_syntax_error && c.start <= s.range().start && s.range().start < c.end
                })
        })
        .map(|c| c.start..c.end)
        .collect();
    for edit in secint::format::format_edits(text, options, None) {
        for chunk in &broken {
            assert!(
                edit.range.end <= chunk.start || chunk.end <= edit.range.start,
                "formatting edited a statement with a syntax error ({chunk:?}: {:?})\ninput: {text:?}",
                &text[chunk.clone()]
            );
        }
    }
}

fn diagnostic_keys(text: &str) -> Vec<(&'static str, Severity, String)> {
    let mut keys: Vec<_> = secint::check(text)
        .into_iter()
        .map(|d| (d.code, d.severity, d.message))
        .collect();
    keys.sort();
    keys
}

/// What each integration statement says, without positions: verb, name, parameters with
/// their values (enum and boolean values by the catalog's name, as the formatter may quote
/// them differently), UNSET and REFRESH names, privileges.
fn statement_facts(text: &str, sorted: bool) -> Vec<String> {
    use secint::model::{Value, ValueForm};
    fn value(name: &str, v: &Value) -> String {
        let catalog = secint::catalog::Catalog::get();
        match &v.form {
            ValueForm::String(s) | ValueForm::Word(s) => {
                let known = catalog.definitions(name).find_map(|(_, spec)| {
                    matches!(
                        spec.value,
                        secint::catalog::ValueKind::Enum | secint::catalog::ValueKind::Boolean
                    )
                    .then(|| spec.value(s))
                    .flatten()
                });
                match (known, &v.form) {
                    (Some(known), _) => format!("value {}", known.name),
                    (None, ValueForm::String(_)) => format!("string {s:?}"),
                    (None, _) => format!("word {s:?}"),
                }
            }
            ValueForm::List(items) => format!(
                "({})",
                items
                    .iter()
                    .map(|i| value(name, i))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            other => format!("{other:?}"),
        }
    }
    let document = SourceDocument::new(text.to_string());
    document
        .analysis
        .statements()
        .iter()
        .map(|s| {
            let mut params: Vec<String> = s
                .params
                .iter()
                .map(|p| {
                    let v = p.value.as_ref().map(|v| value(&p.name.upper, v));
                    format!("{} = {v:?}", p.name.upper)
                })
                .collect();
            if sorted {
                params.sort();
            }
            let upper = |idents: &[secint::model::Ident]| {
                idents.iter().map(|i| i.upper.clone()).collect::<Vec<_>>()
            };
            format!(
                "{:?} {:?} kind={:?} or_replace={} if_not_exists={} action={:?} params={params:?} unset={:?} refresh={:?} privileges={:?} broken={}",
                s.verb,
                s.name.as_ref().map(|n| &n.text),
                s.kind_keyword.as_ref().map(|k| &k.upper),
                s.or_replace().is_some(),
                s.if_not_exists().is_some(),
                s.alter_action,
                upper(s.unset()),
                s.refresh().map(|r| &r.upper),
                upper(s.privileges()),
                s.has_syntax_error,
            )
        })
        .collect()
}

/// Every comment's text with the number of statements that start before it (statements are
/// the pieces between top-level `;`; a piece with nothing but comments and blanks does not
/// count). With `sorted`, the comments of one statement in any order.
pub fn comments_by_statement(text: &str, sorted: bool) -> Vec<(usize, String)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut owner = 0usize;
    for start in secint::chunks::statement_starts(text, 0) {
        let end = secint::chunks::statement_end(text, start);
        let mut i = start;
        let mut counted = false;
        while i < end {
            let rest = &bytes[i..end];
            let comment_end = if rest.starts_with(b"--") || rest.starts_with(b"//") {
                Some(rest.iter().position(|&b| b == b'\n').map_or(end, |p| i + p))
            } else if rest.starts_with(b"/*") {
                Some(
                    rest[2..]
                        .windows(2)
                        .position(|w| w == b"*/")
                        .map_or(end, |p| i + 2 + p + 2),
                )
            } else {
                None
            };
            if let Some(comment_end) = comment_end {
                let comment = text[i..comment_end].trim_end_matches('\r').to_string();
                out.push((owner, comment));
                i = comment_end;
                continue;
            }
            let b = bytes[i];
            if !b.is_ascii_whitespace() && !counted && !text[i..].starts_with('\u{feff}') {
                counted = true;
                owner += 1;
            }
            i += match b {
                b'\'' | b'"' => {
                    let quote = b;
                    let mut j = i + 1;
                    while j < end && bytes[j] != quote {
                        j += 1;
                    }
                    (j + 1).min(end) - i
                }
                b'$' if bytes.get(i + 1) == Some(&b'$') => {
                    let close = text[i + 2..end].find("$$").map_or(end, |p| i + 2 + p + 2);
                    close - i
                }
                _ => text[i..].chars().next().map_or(1, char::len_utf8),
            };
        }
    }
    if sorted {
        out.sort();
    }
    out
}

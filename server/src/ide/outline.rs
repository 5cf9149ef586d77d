//! Document symbols, semantic tokens and folding ranges for integration statements.

use crate::document::Chunk;
use crate::model::{Statement, Verb};
use crate::syntax::{highlights_query, integration_statements};
use std::ops::Range;
use streaming_iterator::StreamingIterator;
use tree_sitter::QueryCursor;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub range: Range<usize>,
    pub selection_range: Range<usize>,
    pub children: Vec<Symbol>,
}

/// One symbol per integration statement, its parameters as children.
pub fn document_symbols(text: &str, statements: &[Statement]) -> Vec<Symbol> {
    statements
        .iter()
        .filter(|s| s.verb == Verb::Create || s.verb == Verb::Alter)
        .map(|s| {
            let (name, selection) = match &s.name {
                Some(n) => (n.text.clone(), n.range()),
                None => ("(unnamed)".to_string(), s.range().start..s.range().start),
            };
            let verb = if s.verb == Verb::Create {
                "CREATE"
            } else {
                "ALTER"
            };
            let kind = s
                .param("TYPE")
                .and_then(|p| p.value.as_ref())
                .and_then(|v| v.scalar())
                .map(|t| format!(" · {}", t.to_ascii_uppercase()))
                .unwrap_or_default();
            Symbol {
                name,
                detail: Some(format!("{verb}{kind}")),
                range: s.range(),
                selection_range: selection,
                children: s
                    .params
                    .iter()
                    .filter(|p| !p.name.upper.is_empty())
                    .map(|p| Symbol {
                        name: p.name.upper.to_string(),
                        detail: p.value.as_ref().map(|v| {
                            let value: String = text[v.range()].chars().take(60).collect();
                            value.replace('\n', " ")
                        }),
                        range: p.range(),
                        selection_range: p.name.range(),
                        children: Vec::new(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Semantic token types, in the order of the legend the server announces.
pub const TOKEN_TYPES: [&str; 7] = [
    "property",
    "variable",
    "enumMember",
    "string",
    "number",
    "macro",
    "keyword",
];

/// Semantic tokens inside integration statements: sorted, non-overlapping byte ranges with an
/// index into [`TOKEN_TYPES`].
pub fn semantic_tokens(chunks: &[Chunk], text: &str) -> Vec<(Range<usize>, u32)> {
    let query = highlights_query();
    let types: Vec<Option<u32>> = query
        .capture_names()
        .iter()
        .map(|name| TOKEN_TYPES.iter().position(|t| t == name).map(|i| i as u32))
        .collect();
    let mut tokens = Vec::new();
    let mut cursor = QueryCursor::new();
    for chunk in chunks {
        let Some(tree) = chunk.tree(text) else {
            continue;
        };
        let source = &text.as_bytes()[chunk.start..chunk.end];
        for node in integration_statements(tree.root_node()) {
            let mut captures = cursor.captures(query, node, source);
            while let Some((m, index)) = captures.next() {
                let capture = m.captures()[*index];
                if let Some(kind) = types[capture.index as usize] {
                    let r = capture.node.byte_range();
                    tokens.push((chunk.start + r.start..chunk.start + r.end, kind));
                }
            }
        }
    }
    tokens.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let mut out: Vec<(Range<usize>, u32)> = Vec::with_capacity(tokens.len());
    for (range, kind) in tokens {
        if out.last().is_some_and(|(last, _)| range.start < last.end) || range.is_empty() {
            continue;
        }
        out.push((range, kind));
    }
    out
}

/// [`semantic_tokens`], each token that spans lines cut into one piece per line: the
/// protocol's tokens may not span lines.
pub fn semantic_tokens_by_line(chunks: &[Chunk], text: &str) -> Vec<(Range<usize>, u32)> {
    let mut out = Vec::new();
    for (range, kind) in semantic_tokens(chunks, text) {
        let mut start = range.start;
        while start < range.end {
            let line_end = text[start..range.end]
                .find('\n')
                .map_or(range.end, |i| start + i);
            out.push((start..line_end.max(start), kind));
            start = line_end + 1;
        }
    }
    out
}

/// Foldable byte ranges: each integration statement and each parenthesised list.
pub fn folding_ranges(statements: &[Statement]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for s in statements {
        out.push(s.range());
        for p in &s.params {
            if let Some(v) = p.value.as_ref().filter(|v| v.is_list()) {
                out.push(v.range());
            }
        }
    }
    out
}

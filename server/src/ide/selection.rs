//! Selection ranges inside integration statements: the word or value under the cursor, its
//! parameter, the statement's parameter list, the statement, the document.

use crate::model::Statement;
use std::ops::Range;

/// The ranges around `offset`, innermost first, each holding the one before it.
pub fn selection_ranges(text: &str, statements: &[Statement], offset: usize) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut push = |range: Range<usize>| {
        if out
            .last()
            .is_none_or(|last| last != &range && range.start <= last.start && last.end <= range.end)
        {
            out.push(range);
        }
    };
    let index = statements.partition_point(|s| s.range().end < offset);
    let statement = statements
        .get(index)
        .filter(|s| s.range().start <= offset && offset <= s.range().end);
    if let Some(statement) = statement {
        let param = statement
            .params
            .iter()
            .find(|p| p.range().start <= offset && offset <= p.range().end);
        if let Some(param) = param {
            let name = &param.name.range();
            if name.start <= offset && offset <= name.end {
                push(name.clone());
            }
            if let Some(value) = &param.value {
                if let Some(item) = value.items().iter().find(|i| {
                    value.is_list() && i.range().start <= offset && offset <= i.range().end
                }) {
                    push(item.range());
                }
                if value.range().start <= offset && offset <= value.range().end {
                    push(value.range());
                }
            }
            push(param.range());
        }
        if let (Some(first), Some(last)) = (statement.params.first(), statement.params.last()) {
            if first.range().start <= offset && offset <= last.range().end {
                push(first.range().start..last.range().end);
            }
        }
        push(statement.range());
        // With its `;`, when one follows directly.
        let end = statement.range().end;
        if text[end..].starts_with(';') {
            push(statement.range().start..end + 1);
        }
    }
    push(0..text.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_grows_to_its_parameter_the_list_the_statement_and_the_document() {
        let text = "SELECT 1;\nCREATE SECURITY INTEGRATION a\n  TYPE = OAUTH\n  BLOCKED_ROLES_LIST = ('A', 'B');\n";
        let doc = crate::document::SourceDocument::new(text.to_string());
        let at = text.find("'B'").unwrap() + 1;
        let ranges: Vec<&str> = selection_ranges(text, &doc.analysis.statements(), at)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(
            ranges,
            [
                "'B'",
                "('A', 'B')",
                "BLOCKED_ROLES_LIST = ('A', 'B')",
                "TYPE = OAUTH\n  BLOCKED_ROLES_LIST = ('A', 'B')",
                "CREATE SECURITY INTEGRATION a\n  TYPE = OAUTH\n  BLOCKED_ROLES_LIST = ('A', 'B')",
                "CREATE SECURITY INTEGRATION a\n  TYPE = OAUTH\n  BLOCKED_ROLES_LIST = ('A', 'B');",
                text,
            ]
        );
    }
}

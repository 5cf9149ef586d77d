//! Parsing with the extended tree-sitter grammar, and the queries the analysis runs.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::OnceLock;
use tree_sitter::{Language, Node, Parser, Query, Tree};

pub fn language() -> Language {
    tree_sitter_secint_sql::LANGUAGE.into()
}

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new({
        let mut parser = Parser::new();
        parser.set_language(&language()).expect("grammar ABI matches the runtime");
        parser
    });
}

/// Parses `text`; with `old`, an edited previous tree, only the changed parts are re-parsed.
pub fn parse(text: &str, old: Option<&Tree>) -> Tree {
    PARSER.with(|parser| {
        parser
            .borrow_mut()
            .parse(text, old)
            .expect("parsing without a timeout or cancellation flag always returns a tree")
    })
}

/// Semantic-token captures (`queries/highlights.scm`).
pub fn highlights_query() -> &'static Query {
    static QUERY: OnceLock<Query> = OnceLock::new();
    QUERY.get_or_init(|| {
        Query::new(&language(), include_str!("../../queries/highlights.scm"))
            .expect("queries/highlights.scm is valid")
    })
}

pub fn node_text<'a>(node: Node, text: &'a str) -> &'a str {
    text.get(node.byte_range()).unwrap_or("")
}

/// A syntax error inside an integration statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: Range<usize>,
    pub message: String,
    /// A repair, for mistakes that are recognised rather than just unparsable.
    pub fix: Option<SyntaxFix>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxFix {
    pub title: String,
    pub range: Range<usize>,
    pub new_text: String,
    pub safe: bool,
}

impl SyntaxError {
    pub fn new(range: Range<usize>, message: String) -> SyntaxError {
        SyntaxError {
            range,
            message,
            fix: None,
        }
    }

    pub fn shift(&mut self, delta: isize) {
        crate::model::shift_range(&mut self.range, delta);
        if let Some(fix) = &mut self.fix {
            crate::model::shift_range(&mut fix.range, delta);
        }
    }
}

/// Integration statement nodes in document order: the statements at the top level and inside
/// transactions or blocks. Only those levels are walked, so the cost follows the number of
/// statements, not of nodes.
pub fn integration_statements(root: Node) -> Vec<Node> {
    let mut out = Vec::new();
    let mut cursor = root.walk();
    for child in root.named_children(&mut cursor) {
        collect_statement(child, &mut out);
    }
    out
}

fn collect_statement<'t>(node: Node<'t>, out: &mut Vec<Node<'t>>) {
    match node.kind() {
        "statement" => {
            if let Some(inner) = node.named_child(0) {
                if INTEGRATION_STATEMENTS.contains(&inner.kind()) {
                    out.push(inner);
                } else if inner.kind() == "create_schema" || node.named_child_count() > 1 {
                    let mut cursor = node.walk();
                    for child in node.named_children(&mut cursor).skip(1) {
                        collect_statement(child, out);
                    }
                }
            }
        }
        "transaction" | "block" => {
            let mut cursor = node.walk();
            for child in node.named_children(&mut cursor) {
                collect_statement(child, out);
            }
        }
        kind if INTEGRATION_STATEMENTS.contains(&kind) => out.push(node),
        _ => {}
    }
}

pub const INTEGRATION_STATEMENTS: [&str; 6] = [
    "create_integration",
    "alter_integration",
    "drop_integration",
    "describe_integration",
    "show_integrations",
    "grant_on_integration",
];

/// Syntax errors inside `node` that concern integration statements. Errors in other SQL are
/// not reported: secint checks integration statements, not every SQL dialect.
pub fn syntax_errors(node: Node, text: &str, out: &mut Vec<SyntaxError>) {
    collect_errors(node, text, false, out);
}

fn collect_errors(node: Node, text: &str, inside_integration: bool, out: &mut Vec<SyntaxError>) {
    if !node.has_error() {
        return;
    }
    let inside = inside_integration || INTEGRATION_STATEMENTS.contains(&node.kind());
    if node.is_missing() {
        if inside {
            let kind = node.kind();
            let what = if kind.chars().all(|c| !c.is_alphanumeric()) {
                format!("`{kind}`")
            } else {
                kind.replace('_', " ")
            };
            out.push(SyntaxError::new(
                node.start_byte()..node.start_byte(),
                format!("missing {what}"),
            ));
        }
        return;
    }
    if node.is_error() {
        if inside
            || mentions_integration(node, text)
            || holds_integration_parts(node)
            || follows_integration(node)
        {
            out.push(SyntaxError::new(
                node.byte_range(),
                error_message(node, text),
            ));
        }
        return;
    }
    let mut cursor = node.walk();
    let mut reported_below = false;
    for child in node.children(&mut cursor) {
        reported_below |= child.has_error();
        collect_errors(child, text, inside, out);
    }
    // A missing hidden token (such as a value's word) shows only as an error-bearing node
    // with no erroneous child.
    if !reported_below && inside {
        let what = match node.parent().map(|p| p.kind()) {
            Some("integration_parameter") => "a value after `=`".to_string(),
            _ => node.kind().replace('_', " "),
        };
        out.push(SyntaxError::new(
            node.start_byte()..node.end_byte(),
            format!("missing {what}"),
        ));
    }
}

/// Error recovery kept pieces only integration statements have.
fn holds_integration_parts(node: Node) -> bool {
    let mut cursor = node.walk();
    let found = node.children(&mut cursor).any(|child| {
        matches!(
            child.kind(),
            "parameter_name" | "integration_parameter" | "placeholder"
        )
    });
    found
}

/// The error continues an integration statement that ended early (no `;` between them).
fn follows_integration(node: Node) -> bool {
    let Some(previous) = node.prev_named_sibling() else {
        return false;
    };
    let statement = if previous.kind() == "statement" {
        previous.named_child(0)
    } else {
        Some(previous)
    };
    statement.is_some_and(|s| INTEGRATION_STATEMENTS.contains(&s.kind()))
}

/// An error that starts like an integration statement: a statement verb with INTEGRATION
/// among its first words.
fn mentions_integration(node: Node, text: &str) -> bool {
    let snippet = node_text(node, text);
    let head: Vec<String> = snippet
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .take(8)
        .map(|w| w.to_ascii_uppercase())
        .collect();
    let verb = head.first().map(String::as_str);
    matches!(
        verb,
        Some("CREATE" | "ALTER" | "DROP" | "DESC" | "DESCRIBE" | "SHOW" | "GRANT" | "REVOKE")
    ) && head
        .iter()
        .any(|w| w == "INTEGRATION" || w == "INTEGRATIONS")
}

fn error_message(node: Node, text: &str) -> String {
    if node_text(node, text).matches('\'').count() % 2 == 1 {
        return "unterminated string".to_string();
    }
    let mut first = node;
    while let Some(child) = first.child(0) {
        first = child;
    }
    let token: String = node_text(first, text).chars().take(40).collect();
    let token = token.lines().next().unwrap_or("").to_string();
    if token.is_empty() {
        "cannot parse this".to_string()
    } else {
        format!("unexpected `{token}`")
    }
}

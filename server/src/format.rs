//! The formatter: text and [`FormatOptions`] in, formatted text (or edits) out. Only
//! integration statements that parse without an error are laid out again; every other byte of
//! the text (other SQL, comments and blank lines between statements, a BOM) stays as it is.
//!
//! A statement is rebuilt from its tokens: keywords and known parameter names in the chosen
//! case, one parameter per line, enum values spelled as the catalog spells them, lists on one
//! line when they fit. Comments keep their place: one after a token on the same line stays at
//! the end of that token's line, one on a line of its own stays on a line of its own before
//! the next token. When a comment sits where neither is possible (between a name and its `=`),
//! or the rebuilt statement would not read back the same, the statement is left as written.

use crate::catalog::{Catalog, KindSpec, ParameterSpec, ValueKind};
use crate::chunks::{looks_like_integration, statement_end};
use crate::diagnostic::Edit;
use crate::syntax::{parse, INTEGRATION_STATEMENTS};
use serde::Deserialize;
use std::ops::Range;
use tree_sitter::Node;

/// How statements are laid out; the `[format]` table of `secint.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct FormatOptions {
    /// Spaces per indentation level (parameters one level, list items two).
    pub indent: usize,
    /// The case of keywords and parameter names.
    pub keyword_case: KeywordCase,
    /// Lists longer than this (in characters, with their parameter) get one item per line.
    pub width: usize,
    /// Pad parameter names so that the `=` of a statement line up.
    pub align_equals: bool,
    /// Order a CREATE's parameters as the catalog lists them for its TYPE.
    pub sort_parameters: bool,
    /// Indent with tabs instead of spaces (editors ask for it; not a config key).
    #[serde(skip)]
    pub use_tabs: bool,
}

impl Default for FormatOptions {
    fn default() -> Self {
        FormatOptions {
            indent: 2,
            keyword_case: KeywordCase::Upper,
            width: 100,
            align_equals: false,
            sort_parameters: false,
            use_tabs: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum KeywordCase {
    #[default]
    Upper,
    Lower,
}

impl FormatOptions {
    /// Sets one option from `key=value` as the CLI and test headers write it
    /// (`width=40`, `keyword-case=lower`, `align-equals=true`).
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let flag = |v: &str| match v {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(format!("`{key}` takes true or false, not `{v}`")),
        };
        let number = |v: &str| {
            v.parse::<usize>()
                .map_err(|_| format!("`{key}` takes a whole number, not `{v}`"))
        };
        match key {
            "indent" => self.indent = number(value)?.min(16),
            "width" => self.width = number(value)?,
            "keyword-case" => {
                self.keyword_case = match value {
                    "upper" => KeywordCase::Upper,
                    "lower" => KeywordCase::Lower,
                    _ => return Err(format!("`keyword-case` is upper or lower, not `{value}`")),
                }
            }
            "align-equals" => self.align_equals = flag(value)?,
            "sort-parameters" => self.sort_parameters = flag(value)?,
            _ => {
                return Err(format!(
                "unknown format option `{key}`; known: indent, keyword-case, width, align-equals, sort-parameters"
            ))
            }
        }
        Ok(())
    }
}

const BOM: &str = "\u{feff}";

/// The whole text formatted.
pub fn format(text: &str, options: &FormatOptions) -> String {
    let edits = format_edits(text, options, None);
    crate::text::apply_edits(
        text,
        &edits
            .iter()
            .map(|e| (e.range.clone(), e.new_text.as_str()))
            .collect::<Vec<_>>(),
    )
}

/// One edit per integration statement that formatting changes, in order; with `range`, only
/// the statements that intersect it (a statement touching an empty range counts).
pub fn format_edits(text: &str, options: &FormatOptions, range: Option<Range<usize>>) -> Vec<Edit> {
    let skip = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let eol = line_ending(text);
    let mut pieces = Vec::new();
    let mut start = skip;
    while start < text.len() {
        let end = statement_end(text, start);
        if range
            .as_ref()
            .is_none_or(|r| start <= r.end && r.start <= end)
        {
            pieces.push(start..end);
        }
        start = end;
    }
    let format_pieces = |pieces: &[Range<usize>]| -> Vec<Edit> {
        pieces
            .iter()
            .filter_map(|piece| {
                let (at, new_text) =
                    format_chunk(&text[piece.clone()], piece.start > skip, eol, options)?;
                (new_text != text[piece.start + at..piece.end]).then(|| Edit {
                    range: piece.start + at..piece.end,
                    new_text,
                })
            })
            .collect()
    };
    // Large texts are formatted on every core: statements are formatted independently.
    let threads = crate::parallel::threads(text.len() > PARALLEL_BYTES);
    crate::parallel::map_slices(&pieces, threads, format_pieces)
}

/// Texts larger than this are formatted on several threads.
const PARALLEL_BYTES: usize = 128 * 1024;

/// The text's first line break: the line break of statements that have none of their own.
fn line_ending(text: &str) -> &'static str {
    first_break(text).unwrap_or("\n")
}

fn first_break(text: &str) -> Option<&'static str> {
    text.find('\n').map(|i| break_at(text, i))
}

fn last_break(text: &str) -> Option<&'static str> {
    text.rfind('\n').map(|i| break_at(text, i))
}

fn break_at(text: &str, newline: usize) -> &'static str {
    if newline > 0 && text.as_bytes()[newline - 1] == b'\r' {
        "\r\n"
    } else {
        "\n"
    }
}

/// A token of a statement: a leaf of the tree, or a node kept whole (strings, names).
#[derive(Debug, Clone)]
struct Token {
    range: Range<usize>,
    kind: &'static str,
}

/// One output line: the tokens `first..=last` it holds, its text, and its comments.
#[derive(Debug, Clone, Default)]
struct Line {
    depth: usize,
    text: String,
    first: usize,
    last: usize,
    before: Vec<String>,
    trailing: Vec<String>,
    /// The parameter this line belongs to (index into the statement's parameters).
    param: Option<usize>,
}

/// Nodes printed as one token, exactly as written.
const WHOLE: [&str; 8] = [
    "string",
    "number",
    "identifier",
    "quoted_identifier",
    "placeholder",
    "parameter_name",
    "object_reference",
    "marginalia",
];

fn is_comment(kind: &str) -> bool {
    kind == "comment" || kind == "marginalia"
}

/// Formats one statement piece (from after the previous `;` to its own `;`): returns where
/// the rewritten part starts within the piece and its new text, or `None` to leave it.
fn format_chunk(
    chunk: &str,
    after_statement: bool,
    eol: &str,
    options: &FormatOptions,
) -> Option<(usize, String)> {
    if !looks_like_integration(chunk) {
        return None;
    }
    let tree = parse(chunk, None);
    let root = tree.root_node();
    if root.has_error() {
        return None;
    }
    let statement = single_statement(root)?;
    let mut tokens = Vec::new();
    let mut comments = Vec::new();
    collect_leaves(root, &mut tokens, &mut comments);
    let semicolon = match tokens.last() {
        Some(t) if t.kind == ";" => tokens.pop().map(|t| t.range),
        _ => None,
    };
    // Everything but the `;` belongs to the statement node.
    if tokens.is_empty()
        || tokens
            .iter()
            .any(|t| t.range.start < statement.start_byte() || t.range.end > statement.end_byte())
        || tokens.iter().any(|t| t.kind == ";")
    {
        return None;
    }
    let first_start = tokens[0].range.start;
    // The statement's own line breaks decide (so formatting again chooses the same), then the
    // one before it, then the file's.
    let eol = first_break(&chunk[first_start..])
        .or_else(|| last_break(&chunk[..first_start]))
        .unwrap_or(eol);
    // Comments before the first token stay where they are (they are outside the statement).
    let all_comments = comments;
    let comments: Vec<Range<usize>> = all_comments
        .iter()
        .filter(|c| c.start >= first_start)
        .cloned()
        .collect();
    let mut layout = Layout::new(chunk, &tokens, options);
    layout.statement(statement)?;
    let mut lines = layout.lines;
    let params = layout.params;
    let kind = layout.kind;
    let end_comments = place_comments(chunk, &tokens, &comments, &mut lines)?;
    if options.sort_parameters && !layout.has_separators {
        if let Some(kind) = kind {
            sort_parameters(&mut lines, &params, kind);
        }
    }
    if layout.one_line_alter && comments.is_empty() && lines.len() == 2 {
        let joined = format!("{} {}", lines[0].text, lines[1].text);
        if joined.chars().count() <= options.width {
            lines[0].text = joined;
            lines.truncate(1);
        }
    }

    let mut out = String::new();
    let pad = |depth: usize| -> String {
        if options.use_tabs {
            "\t".repeat(depth)
        } else {
            " ".repeat(depth * options.indent)
        }
    };
    let last = lines.len() - 1;
    for (i, line) in lines.iter().enumerate() {
        for comment in &line.before {
            out.push_str(&pad(line.depth));
            out.push_str(comment);
            out.push_str(eol);
        }
        out.push_str(&pad(line.depth));
        out.push_str(&line.text);
        if i == last && (end_comments.is_empty() || semicolon.is_none()) {
            out.push(';');
        }
        for comment in &line.trailing {
            out.push(' ');
            out.push_str(comment);
        }
        if i < last {
            out.push_str(eol);
        }
    }
    for comment in &end_comments {
        out.push_str(eol);
        out.push_str(&pad(1));
        out.push_str(comment);
    }
    if !end_comments.is_empty() && semicolon.is_some() {
        out.push_str(eol);
        out.push(';');
    }
    // Without a `;`, what follows the last comment (the end of the file) is kept.
    if semicolon.is_none() {
        let tail_from = comments
            .last()
            .map_or(tokens[tokens.len() - 1].range.end, |c| c.end)
            .max(tokens[tokens.len() - 1].range.end);
        let tail = &chunk[tail_from..];
        if tail.trim().is_empty() {
            out.push_str(tail);
        } else {
            return None;
        }
    }
    // The statement starts its line, unindented; one that starts on the line of the previous
    // one's `;` moves to a line of its own.
    let leading = &chunk[..first_start];
    let blank = |s: &str| s.bytes().all(|b| b == b' ' || b == b'\t');
    let mut at = first_start;
    match leading.rfind('\n') {
        Some(i) if blank(&leading[i + 1..]) => at = i + 1,
        None if !after_statement && blank(leading) => at = 0,
        None if after_statement && blank(leading) => {
            at = 0;
            out.insert_str(0, eol);
        }
        _ => {}
    }
    let original = Written {
        text: chunk,
        tokens: &tokens,
        comments: &all_comments,
    };
    let sorted = options.sort_parameters && kind.is_some() && !layout.has_separators;
    if out != chunk[at..]
        && !reads_back_the_same(&original, &format!("{}{out}", &chunk[..at]), sorted)
    {
        return None;
    }
    Some((at, out))
}

/// The `statement` child of the root when it is the only one and holds an integration
/// statement.
fn single_statement(root: Node) -> Option<Node> {
    let mut cursor = root.walk();
    let mut found = None;
    for child in root.named_children(&mut cursor) {
        if is_comment(child.kind()) {
            continue;
        }
        if found.is_some() {
            return None;
        }
        found = Some(child);
    }
    let statement = found?;
    let inner = if statement.kind() == "statement" {
        let mut cursor = statement.walk();
        let mut inner = None;
        for child in statement.named_children(&mut cursor) {
            if is_comment(child.kind()) {
                continue;
            }
            if inner.is_some() {
                return None;
            }
            inner = Some(child);
        }
        inner?
    } else {
        statement
    };
    INTEGRATION_STATEMENTS
        .contains(&inner.kind())
        .then_some(inner)
}

/// What the formatter needs to know of each node kind, looked up by kind id (string
/// comparisons per node cost more than the parse).
struct Kinds {
    names: Vec<&'static str>,
    comment: Vec<bool>,
    whole: Vec<bool>,
    name_field: u16,
    value_field: u16,
}

fn kinds() -> &'static Kinds {
    static KINDS: std::sync::OnceLock<Kinds> = std::sync::OnceLock::new();
    static LANGUAGE: std::sync::OnceLock<tree_sitter::Language> = std::sync::OnceLock::new();
    KINDS.get_or_init(|| {
        let language = LANGUAGE.get_or_init(crate::syntax::language);
        let names: Vec<&'static str> = (0..language.node_kind_count() as u16)
            .map(|id| language.node_kind_for_id(id).unwrap_or(""))
            .collect();
        Kinds {
            comment: names.iter().map(|n| is_comment(n)).collect(),
            whole: names.iter().map(|n| WHOLE.contains(n)).collect(),
            names,
            name_field: language.field_id_for_name("name").map_or(0, |id| id.get()),
            value_field: language.field_id_for_name("value").map_or(0, |id| id.get()),
        }
    })
}

fn collect_leaves(node: Node, tokens: &mut Vec<Token>, comments: &mut Vec<Range<usize>>) {
    let kinds = kinds();
    let mut cursor = node.walk();
    // Depth-first, in document order, with one cursor.
    loop {
        let node = cursor.node();
        let id = usize::from(node.kind_id());
        let mut descend = false;
        if kinds.comment.get(id).copied().unwrap_or(false) {
            comments.push(node.byte_range());
        } else if node.child_count() == 0 || kinds.whole.get(id).copied().unwrap_or(false) {
            if !node.byte_range().is_empty() {
                tokens.push(Token {
                    range: node.byte_range(),
                    kind: kinds.names.get(id).copied().unwrap_or(""),
                });
            }
        } else {
            descend = true;
        }
        if descend && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

/// Builds the lines of a statement from its node.
struct Layout<'a> {
    text: &'a str,
    tokens: &'a [Token],
    options: &'a FormatOptions,
    lines: Vec<Line>,
    /// Parameter names, upper-cased, in order.
    params: Vec<String>,
    kind: Option<&'static KindSpec>,
    has_separators: bool,
    one_line_alter: bool,
}

impl<'a> Layout<'a> {
    fn new(text: &'a str, tokens: &'a [Token], options: &'a FormatOptions) -> Layout<'a> {
        Layout {
            text,
            tokens,
            options,
            lines: Vec::new(),
            params: Vec::new(),
            kind: None,
            has_separators: false,
            one_line_alter: false,
        }
    }

    /// Index of the token that starts at `offset`.
    fn token_at(&self, offset: usize) -> Option<usize> {
        self.tokens
            .binary_search_by_key(&offset, |t| t.range.start)
            .ok()
    }

    /// Index of the last token that ends at or before `offset`.
    fn token_ending(&self, offset: usize) -> Option<usize> {
        self.tokens
            .partition_point(|t| t.range.end <= offset)
            .checked_sub(1)
    }

    fn keyword(&self, word: &str) -> String {
        match self.options.keyword_case {
            KeywordCase::Upper => word.to_ascii_uppercase(),
            KeywordCase::Lower => word.to_ascii_lowercase(),
        }
    }

    /// A token as printed.
    fn token_text(&self, index: usize) -> String {
        let token = &self.tokens[index];
        let raw = &self.text[token.range.clone()];
        if token.kind.starts_with("keyword_")
            || (token.kind == "parameter_name"
                && !specs(self.kind, &raw.to_ascii_uppercase()).is_empty())
        {
            self.keyword(raw)
        } else {
            raw.to_string()
        }
    }

    /// The tokens `from..=to` on one line, spaced as SQL is usually written.
    fn join(&self, from: usize, to: usize) -> String {
        let mut out = String::new();
        let mut previous = "";
        for i in from..=to {
            let kind = self.tokens[i].kind;
            let glued = matches!(kind, "," | ")" | ".") || matches!(previous, "(" | ".");
            if i > from && !glued {
                out.push(' ');
            }
            out.push_str(&self.token_text(i));
            previous = kind;
        }
        out
    }

    fn push_line(&mut self, depth: usize, from: usize, to: usize, text: String) {
        self.lines.push(Line {
            depth,
            text,
            first: from,
            last: to,
            ..Line::default()
        });
    }

    fn statement(&mut self, node: Node) -> Option<()> {
        let first = self.token_at(node.start_byte())?;
        let last = self.token_ending(node.end_byte())?;
        // The header runs up to the first parameter (CREATE) or the SET's first parameter.
        let mut params: Vec<Node> = Vec::new();
        let mut separators = Vec::new();
        let mut cursor = node.walk();
        let mut set_clause = None;
        for child in node.children(&mut cursor) {
            match child.kind() {
                "integration_parameter" => params.push(child),
                "," => separators.push(child.start_byte()),
                "set_clause" => set_clause = Some(child),
                _ => {}
            }
        }
        if let Some(set) = set_clause {
            let mut cursor = set.walk();
            for child in set.children(&mut cursor) {
                match child.kind() {
                    "integration_parameter" => params.push(child),
                    "," => separators.push(child.start_byte()),
                    _ => {}
                }
            }
            self.one_line_alter = params.len() == 1;
        }
        if params.is_empty() {
            let text = self.join(first, last);
            self.push_line(0, first, last, text);
            return Some(());
        }
        self.has_separators = !separators.is_empty();
        if node.kind() == "create_integration" {
            self.kind = params
                .iter()
                .find(|p| self.param_name(**p).eq_ignore_ascii_case("TYPE"))
                .and_then(|p| p.child_by_field_id(kinds().value_field))
                .and_then(|v| scalar_text(v, self.text))
                .and_then(|t| Catalog::get().kind(&t))
                .filter(|k| k.checked);
        }
        let header_end = self.token_at(params[0].start_byte())?.checked_sub(1)?;
        let text = self.join(first, header_end);
        self.push_line(0, first, header_end, text);
        let width = params
            .iter()
            .map(|p| self.param_name(*p).chars().count())
            .max()
            .unwrap_or(0);
        for (n, param) in params.iter().enumerate() {
            let from = self.token_at(param.start_byte())?;
            let mut to = self.token_ending(param.end_byte())?;
            // A `,` written after the parameter stays after it.
            let separated = self
                .tokens
                .get(to + 1)
                .is_some_and(|t| t.kind == "," && separators.contains(&t.range.start));
            if separated {
                to += 1;
            }
            self.param(*param, n, from, to, separated, width)?;
        }
        if self.lines.last()?.last != last {
            return None;
        }
        Some(())
    }

    fn param_name(&self, param: Node) -> &'a str {
        param
            .child_by_field_id(kinds().name_field)
            .map_or("", |n| &self.text[n.byte_range()])
    }

    fn param(
        &mut self,
        param: Node,
        index: usize,
        from: usize,
        to: usize,
        separated: bool,
        width: usize,
    ) -> Option<()> {
        let written = self.param_name(param);
        let upper = written.to_ascii_uppercase();
        let specs = specs(self.kind, &upper);
        let mut name = if specs.is_empty() {
            written.to_string()
        } else {
            self.keyword(written)
        };
        if self.options.align_equals {
            let pad = width.saturating_sub(written.chars().count());
            name.push_str(&" ".repeat(pad));
        }
        self.params.push(upper);
        let value = param.child_by_field_id(kinds().value_field)?;
        let separator = if separated { "," } else { "" };
        let depth = 1;
        if value.kind() != "value_list" {
            let value_index = self.token_at(value.start_byte())?;
            if from + 2 != value_index
                || self.token_ending(value.end_byte())? != value_index
                || to != value_index + usize::from(separated)
            {
                return None;
            }
            let text = format!(
                "{name} = {}{separator}",
                self.value_text(value_index, &specs)
            );
            self.push_line(depth, from, to, text);
            self.lines.last_mut()?.param = Some(index);
            return Some(());
        }
        // A list: `(`, items with their commas, `)`.
        let open = self.token_at(value.start_byte())?;
        let close = self.token_ending(value.end_byte())?;
        let mut items: Vec<(usize, usize)> = Vec::new();
        let mut i = open + 1;
        while i < close {
            let mut end = i;
            if self.tokens.get(i + 1).is_some_and(|t| t.kind == ",") && i + 1 < close {
                end = i + 1;
            }
            items.push((i, end));
            i = end + 1;
        }
        let item_texts: Vec<String> = items
            .iter()
            .map(|&(item, _)| self.value_text(item, &specs))
            .collect();
        let one_line = format!("{name} = ({}){separator}", item_texts.join(", "));
        let commented = self.has_comment_between(open, close);
        let fits = depth * self.options.indent + one_line.chars().count() <= self.options.width;
        if !commented && (fits || items.is_empty()) && !one_line.contains('\n') {
            self.push_line(depth, from, to, one_line);
            self.lines.last_mut()?.param = Some(index);
            return Some(());
        }
        let start = self.lines.len();
        self.push_line(depth, from, open, format!("{name} = ("));
        let count = items.len();
        for (n, (&(item, end), text)) in items.iter().zip(item_texts).enumerate() {
            let comma = if n + 1 < count { "," } else { "" };
            self.push_line(depth + 1, item, end, format!("{text}{comma}"));
        }
        self.push_line(depth, close, to, format!("){separator}"));
        for line in &mut self.lines[start..] {
            line.param = Some(index);
        }
        Some(())
    }

    /// Whether a comment lies between two tokens (the text between them holds more than
    /// whitespace and tokens).
    fn has_comment_between(&self, from: usize, to: usize) -> bool {
        (from..to).any(|i| {
            let gap = &self.text[self.tokens[i].range.end..self.tokens[i + 1].range.start];
            !gap.trim().is_empty()
        })
    }

    /// A value as printed: an enum or boolean value the catalog knows in its spelling, any
    /// other value as written.
    fn value_text(&self, index: usize, specs: &[&ParameterSpec]) -> String {
        let token = &self.tokens[index];
        let raw = &self.text[token.range.clone()];
        let content = match token.kind {
            "identifier" if !raw.starts_with('"') => raw.to_string(),
            "string" if is_simple_string(raw) => raw[1..raw.len() - 1].to_string(),
            _ => return raw.to_string(),
        };
        let mut spelled: Option<String> = None;
        for spec in specs {
            if !matches!(spec.value, ValueKind::Enum | ValueKind::Boolean) {
                return raw.to_string();
            }
            let Some(value) = spec.value(&content) else {
                return raw.to_string();
            };
            let spelling = spec.spell_value(&value.name);
            if spelled.as_ref().is_some_and(|s| *s != spelling) {
                return raw.to_string();
            }
            spelled = Some(spelling);
        }
        spelled.unwrap_or_else(|| raw.to_string())
    }
}

/// `'…'` with no quote inside (so no escapes and no adjacent literals).
fn is_simple_string(raw: &str) -> bool {
    raw.len() >= 2
        && raw.starts_with('\'')
        && raw.ends_with('\'')
        && !raw[1..raw.len() - 1].contains('\'')
}

/// The catalog's definitions of a parameter: in the statement's kind when it is known, else
/// in every checked kind.
fn specs(kind: Option<&'static KindSpec>, upper: &str) -> Vec<&'static ParameterSpec> {
    match kind {
        Some(kind) => kind.parameter(upper).into_iter().collect(),
        None => Catalog::get()
            .definitions(upper)
            .map(|(_, spec)| spec)
            .collect(),
    }
}

fn scalar_text(node: Node, text: &str) -> Option<String> {
    let raw = &text[node.byte_range()];
    match node.kind() {
        "identifier" => Some(raw.trim_matches('"').to_string()),
        "string" if is_simple_string(raw) => Some(raw[1..raw.len() - 1].to_string()),
        _ => None,
    }
}

/// Attaches every comment to a line: after the token before it when it was written on that
/// token's line (and that token ends its output line), else before the token after it (when
/// that token starts its output line). Comments after the last token are returned. `None`
/// when a comment has no such place.
fn place_comments(
    text: &str,
    tokens: &[Token],
    comments: &[Range<usize>],
    lines: &mut [Line],
) -> Option<Vec<String>> {
    let mut end = Vec::new();
    for comment in comments {
        let written = text[comment.clone()].trim_end_matches('\r').to_string();
        let before = tokens.partition_point(|t| t.range.end <= comment.start);
        let previous = before.checked_sub(1);
        let next = (before < tokens.len()).then_some(before);
        let same_line =
            previous.is_some_and(|p| !text[tokens[p].range.end..comment.start].contains('\n'));
        if let (true, Some(p)) = (same_line, previous) {
            let line = lines.iter_mut().find(|l| l.last == p)?;
            line.trailing.push(written);
            continue;
        }
        match next {
            Some(n) => {
                // On a line of its own, before the line the next token starts (a block comment
                // written before a token on the same line moves up to its own line).
                let line = lines.iter_mut().find(|l| l.first == n)?;
                line.before.push(written);
            }
            None => end.push(written),
        }
    }
    // A `--` comment must end its line: nothing but comments may follow it on the line, and
    // trailing block comments before it are fine. Two `--` comments on one line cannot be.
    for line in lines.iter() {
        let n = line.trailing.len();
        if line.trailing[..n.saturating_sub(1)]
            .iter()
            .any(|c| !c.starts_with("/*"))
        {
            return None;
        }
    }
    Some(end)
}

/// Stable-sorts the parameter lines (with their comments) into the catalog's order; lines
/// before the first parameter stay first.
fn sort_parameters(lines: &mut Vec<Line>, params: &[String], kind: &KindSpec) {
    let rank = |name: &str| {
        kind.parameters
            .iter()
            .position(|p| p.name == name)
            .unwrap_or(usize::MAX)
    };
    let header: Vec<Line> = lines
        .iter()
        .take_while(|l| l.param.is_none())
        .cloned()
        .collect();
    let mut groups: Vec<(usize, Vec<Line>)> = Vec::new();
    for line in lines.iter().skip(header.len()) {
        let index = line.param.unwrap_or(usize::MAX);
        match groups.last_mut() {
            Some((i, group)) if *i == index => group.push(line.clone()),
            _ => groups.push((index, vec![line.clone()])),
        }
    }
    groups.sort_by_key(|(i, _)| params.get(*i).map_or(usize::MAX, |n| rank(n)));
    *lines = header;
    lines.extend(groups.into_iter().flat_map(|(_, g)| g));
}

/// What a rebuilt statement is compared by: its tokens and comments as collected.
struct Written<'a> {
    text: &'a str,
    tokens: &'a [Token],
    comments: &'a [Range<usize>],
}

impl Written<'_> {
    /// A token's text for the comparison, and whether case counts: string content, bare
    /// words, keywords and parameter names compare without case (the formatter may change
    /// it), anything else as written.
    fn word(&self, token: &Token) -> (&str, bool) {
        let raw = &self.text[token.range.clone()];
        if token.kind == "string" && is_simple_string(raw) {
            (&raw[1..raw.len() - 1], false)
        } else if (token.kind == "identifier" && !raw.starts_with('"'))
            || token.kind.starts_with("keyword_")
            || token.kind == "parameter_name"
        {
            (raw, false)
        } else {
            (raw, true)
        }
    }

    fn words(&self) -> impl Iterator<Item = (&str, bool)> + '_ {
        self.tokens
            .iter()
            .filter(|t| !matches!(t.kind, "," | ";"))
            .map(|t| self.word(t))
    }

    fn notes(&self) -> impl Iterator<Item = &str> + '_ {
        self.comments
            .iter()
            .map(|c| self.text[c.clone()].trim_end_matches('\r'))
    }
}

/// The rebuilt statement parses without error and says what the original says: the same
/// tokens (up to keyword case and enum spelling) and the same comments, in the same order
/// unless the parameters were sorted.
fn reads_back_the_same(original: &Written, formatted: &str, sorted: bool) -> bool {
    let tree = parse(formatted, None);
    if tree.root_node().has_error() {
        return false;
    }
    let mut tokens = Vec::new();
    let mut comments = Vec::new();
    collect_leaves(tree.root_node(), &mut tokens, &mut comments);
    let rebuilt = Written {
        text: formatted,
        tokens: &tokens,
        comments: &comments,
    };
    if !sorted {
        let same = |(a, exact): (&str, bool), (b, _): (&str, bool)| {
            if exact {
                a == b
            } else {
                a.eq_ignore_ascii_case(b)
            }
        };
        return original.words().count() == rebuilt.words().count()
            && original
                .words()
                .zip(rebuilt.words())
                .all(|(a, b)| same(a, b))
            && original.notes().eq(rebuilt.notes());
    }
    let summary = |written: &Written| {
        let mut words: Vec<String> = written
            .words()
            .map(|(w, exact)| {
                if exact {
                    w.to_string()
                } else {
                    w.to_ascii_uppercase()
                }
            })
            .collect();
        let mut notes: Vec<&str> = written.notes().collect();
        words.sort();
        notes.sort();
        (
            words,
            notes.into_iter().map(str::to_string).collect::<Vec<_>>(),
        )
    };
    summary(original) == summary(&rebuilt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_create_gets_one_parameter_per_line() {
        let text = "create security integration x type = oauth oauth_client = looker oauth_redirect_uri = 'https://a/b' blocked_roles_list = ('A', 'B');";
        assert_eq!(
            format(text, &FormatOptions::default()),
            "CREATE SECURITY INTEGRATION x\n  TYPE = OAUTH\n  OAUTH_CLIENT = LOOKER\n  OAUTH_REDIRECT_URI = 'https://a/b'\n  BLOCKED_ROLES_LIST = ('A', 'B');"
        );
    }

    #[test]
    fn a_large_text_formats_on_several_threads_as_it_does_on_one() {
        let statement =
            "create security integration x type = oauth oauth_client = looker;\nselect 1;\n";
        let text = statement.repeat(PARALLEL_BYTES / statement.len() + 10);
        let one = format(statement, &FormatOptions::default());
        assert_eq!(
            format(&text, &FormatOptions::default()),
            one.repeat(PARALLEL_BYTES / statement.len() + 10)
        );
    }

    fn verified(original: &str, formatted: &str, sorted: bool) -> bool {
        let tree = parse(original, None);
        let mut tokens = Vec::new();
        let mut comments = Vec::new();
        collect_leaves(tree.root_node(), &mut tokens, &mut comments);
        let written = Written {
            text: original,
            tokens: &tokens,
            comments: &comments,
        };
        reads_back_the_same(&written, formatted, sorted)
    }

    #[test]
    fn the_read_back_check_refuses_what_says_something_else() {
        let original = "create security integration a type = oauth comment = 'x' -- c\n;";
        let good = "CREATE SECURITY INTEGRATION a\n  TYPE = OAUTH\n  COMMENT = 'x'; -- c";
        assert!(verified(original, good, false));
        for bad in [
            "CREATE SECURITY INTEGRATION a\n  TYPE = OAUTH\n  COMMENT = 'y'; -- c",
            "CREATE SECURITY INTEGRATION \"a\"\n  TYPE = OAUTH\n  COMMENT = 'x'; -- c",
            "CREATE SECURITY INTEGRATION a\n  TYPE = OAUTH\n  COMMENT = 'x';",
            "CREATE SECURITY INTEGRATION a\n  COMMENT = 'x' -- c\n  TYPE = OAUTH;",
            "CREATE SECURITY INTEGRATION a TYPE = = OAUTH COMMENT = 'x'; -- c",
        ] {
            assert!(!verified(original, bad, false), "{bad}");
        }
        // Sorted parameters may come in another order, with their comments.
        assert!(verified(
            original,
            "CREATE SECURITY INTEGRATION a\n  COMMENT = 'x' -- c\n  TYPE = OAUTH;",
            true
        ));
    }
}

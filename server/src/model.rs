//! Integration statements lowered from the syntax tree into plain structs with byte ranges.

use crate::syntax::{integration_statements, node_text, syntax_errors, SyntaxError};
use std::ops::Range;
use tree_sitter::{Node, Tree};

mod plain;
pub use plain::lower_plain;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verb {
    Create,
    Alter,
    Drop,
    Describe,
    Show,
    Grant,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlterAction {
    Set,
    SetTag,
    Unset,
    UnsetTag,
    Refresh,
}

/// A word: shared with the catalog when it is one of its parameter names or listed values (most
/// are), so that a large document does not hold each of them twice per statement.
pub type Word = std::borrow::Cow<'static, str>;

/// A byte range in half the space of a `Range<usize>`: a large document holds hundreds of
/// thousands of them. Offsets are relative to a statement, except in copies made for one
/// request, and may be negative there (a CREATE seen from a later statement): they are kept
/// as 32-bit signed numbers, which wrap as `usize` offsets do. A document of 2 GiB or more
/// would get wrong positions in those copies, not a crash; messages are limited to 256 MiB.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Span {
    start: i32,
    end: i32,
}

impl Span {
    pub fn new(range: Range<usize>) -> Span {
        Span {
            start: range.start as i32,
            end: range.end as i32,
        }
    }

    pub fn range(self) -> Range<usize> {
        self.start as isize as usize..self.end as isize as usize
    }

    fn shift(&mut self, delta: isize) {
        self.start = self.start.wrapping_add(delta as i32);
        self.end = self.end.wrapping_add(delta as i32);
    }
}

/// A word, upper-cased for comparisons; as written, it is the text at its range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub upper: Word,
    span: Span,
}

impl Ident {
    fn new(text: &str, range: Range<usize>) -> Ident {
        let upper = match text.bytes().any(|b| b.is_ascii_lowercase()) {
            false => known_word(text).map_or_else(|| Word::Owned(text.to_string()), Word::Borrowed),
            true => {
                let upper = text.to_ascii_uppercase();
                known_word(&upper).map_or(Word::Owned(upper), Word::Borrowed)
            }
        };
        Ident {
            upper,
            span: Span::new(range),
        }
    }

    pub fn range(&self) -> Range<usize> {
        self.span.range()
    }

    /// The word as written in `text` (the text its range is in).
    pub fn written<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.range()).unwrap_or("")
    }
}

/// The catalog's word equal to `word`, if any: a parameter name, or a value one of its
/// parameters lists (`TRUE`, `CUSTOM`, `LOGIN_NAME`, …). Most words of a statement are one.
fn known_word(word: &str) -> Option<&'static str> {
    static WORDS: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| {
        let parameters = crate::catalog::Catalog::get()
            .kinds
            .iter()
            .flat_map(|k| k.parameters.iter());
        parameters
            .clone()
            .map(|p| p.name.as_str())
            .chain(parameters.flat_map(|p| p.values.iter().map(|v| v.name.as_str())))
            .chain(["TRUE", "FALSE"])
            .collect()
    });
    words.get(word).copied()
}

/// A value as written, shared with the catalog when it is one of its words.
fn value_word(raw: String) -> Word {
    known_word(&raw).map_or(Word::Owned(raw), Word::Borrowed)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// As written, quotes included.
    pub text: String,
    span: Span,
    pub quoted: bool,
    pub placeholder: bool,
}

/// How Snowflake resolves a name written as `text`: quoted names as written, others
/// upper-cased.
pub fn name_key(text: &str, quoted: bool) -> String {
    if quoted {
        text.trim_matches('"').replace("\"\"", "\"")
    } else {
        text.to_ascii_uppercase()
    }
}

/// The hash of a folded name (as [`name_key`] gives it), for tables that find a name by its
/// hash and read the name itself from what they point at.
pub fn name_hash(key: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(key)
}

impl Name {
    /// Whether both names resolve to the same integration, without allocating when neither
    /// is quoted.
    pub fn same_key(&self, other: &Name) -> bool {
        match self.quoted || other.quoted {
            false => self.text.eq_ignore_ascii_case(&other.text),
            true => self.key() == other.key(),
        }
    }

    /// Whether this name resolves to `key` (as [`Name::key`] gives it), allocating only for a
    /// quoted name with a doubled quote.
    pub fn resolves_to(&self, key: &str) -> bool {
        if self.quoted {
            let inner = self.text.trim_matches('"');
            match inner.contains("\"\"") {
                false => inner == key,
                true => self.key() == key,
            }
        } else {
            self.text.eq_ignore_ascii_case(key) && key.bytes().all(|b| !b.is_ascii_lowercase())
        }
    }

    /// How Snowflake resolves the name: quoted names as written, others upper-cased.
    pub fn key(&self) -> String {
        name_key(&self.text, self.quoted)
    }

    pub fn range(&self) -> Range<usize> {
        self.span.range()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueForm {
    /// A single-quoted string; the content with `''` unescaped.
    String(Word),
    Number(Word),
    /// An unquoted word such as `TRUE` or `OKTA`.
    Word(Word),
    /// A double-quoted identifier; the content without quotes.
    QuotedIdentifier(Word),
    /// `<…>` left from a template.
    Placeholder(Word),
    List(Vec<Value>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    span: Span,
    pub form: ValueForm,
}

impl Value {
    pub fn range(&self) -> Range<usize> {
        self.span.range()
    }

    /// The text a scalar value stands for: string content, word, number or identifier.
    pub fn scalar(&self) -> Option<&str> {
        match &self.form {
            ValueForm::String(s)
            | ValueForm::Number(s)
            | ValueForm::Word(s)
            | ValueForm::QuotedIdentifier(s) => Some(s),
            ValueForm::Placeholder(_) | ValueForm::List(_) => None,
        }
    }

    pub fn items(&self) -> &[Value] {
        match &self.form {
            ValueForm::List(items) => items,
            _ => std::slice::from_ref(self),
        }
    }

    /// True when the value as a whole is a placeholder (`''`, `'<X>'`, `<X>`).
    pub fn is_placeholder(&self) -> bool {
        match &self.form {
            ValueForm::Placeholder(_) => true,
            ValueForm::String(s) => is_placeholder_text(s),
            _ => false,
        }
    }

    /// True when any part of the value is or holds a placeholder.
    pub fn holds_placeholder(&self) -> bool {
        match &self.form {
            ValueForm::List(items) => items.iter().any(Value::holds_placeholder),
            ValueForm::String(s) => s.is_empty() || placeholder_spans(s).next().is_some(),
            ValueForm::Placeholder(_) => true,
            _ => false,
        }
    }

    pub fn is_list(&self) -> bool {
        matches!(self.form, ValueForm::List(_))
    }
}

/// `''` or a string that is nothing but `<…>`. A blank such as `' '` is a real value.
pub fn is_placeholder_text(s: &str) -> bool {
    if s.is_empty() {
        return true;
    }
    let t = s.trim();
    t.len() > 2 && t.starts_with('<') && t.ends_with('>') && !t[1..].contains('<')
}

/// Byte ranges of `<…>` spans inside a string's content.
pub fn placeholder_spans(s: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(open) = s[from..].find('<').map(|i| from + i) {
            let rest = &s[open + 1..];
            let close = rest.find(['>', '<', '\n'])?;
            if rest.as_bytes()[close] == b'>' && close > 0 {
                from = open + close + 2;
                return Some(open..from);
            }
            from = open + 1;
        }
        None
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: Ident,
    pub value: Option<Value>,
    /// The whole `NAME = value`.
    span: Span,
}

impl Param {
    /// The whole `NAME = value`.
    pub fn range(&self) -> Range<usize> {
        self.span.range()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub verb: Verb,
    span: Span,
    /// `SECURITY`, `STORAGE`, `API`, …; `None` when omitted.
    pub kind_keyword: Option<Ident>,
    or_replace: Option<Span>,
    if_not_exists: Option<Span>,
    pub name: Option<Name>,
    pub alter_action: Option<AlterAction>,
    /// CREATE parameters, or ALTER … SET parameters.
    pub params: Vec<Param>,
    /// Boxed: most statements have none of these, and a large file holds many statements.
    rare: Option<Box<RareClauses>>,
    pub has_syntax_error: bool,
}

// A large file holds one per integration statement: keep it small.
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<Statement>() <= 144);

/// The clauses few statements have.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct RareClauses {
    /// ALTER … UNSET names.
    unset: Vec<Ident>,
    /// ALTER … REFRESH name.
    refresh: Option<Ident>,
    /// GRANT / REVOKE privileges.
    privileges: Vec<Ident>,
}

impl Statement {
    /// A statement of `verb` at `range` with nothing in it yet.
    fn new(verb: Verb, range: Range<usize>, has_syntax_error: bool) -> Statement {
        Statement {
            verb,
            span: Span::new(range),
            kind_keyword: None,
            or_replace: None,
            if_not_exists: None,
            name: None,
            alter_action: None,
            params: Vec::new(),
            rare: None,
            has_syntax_error,
        }
    }

    pub fn range(&self) -> Range<usize> {
        self.span.range()
    }

    /// Where `OR REPLACE` is written.
    pub fn or_replace(&self) -> Option<Range<usize>> {
        self.or_replace.map(|s| s.range())
    }

    /// Where `IF NOT EXISTS` is written.
    pub fn if_not_exists(&self) -> Option<Range<usize>> {
        self.if_not_exists.map(|s| s.range())
    }

    /// ALTER … UNSET names.
    pub fn unset(&self) -> &[Ident] {
        self.rare.as_ref().map_or(&[], |r| &r.unset)
    }

    /// ALTER … REFRESH name.
    pub fn refresh(&self) -> Option<&Ident> {
        self.rare.as_ref()?.refresh.as_ref()
    }

    /// GRANT / REVOKE privileges.
    pub fn privileges(&self) -> &[Ident] {
        self.rare.as_ref().map_or(&[], |r| &r.privileges)
    }

    fn rare_mut(&mut self) -> &mut RareClauses {
        self.rare.get_or_insert_with(Box::default)
    }

    pub fn param(&self, upper_name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name.upper == upper_name)
    }

    /// A copy with only the parameters `keep` accepts (by upper-cased name), for a caller that
    /// holds many statements but reads few of their parameters.
    pub fn keeping(&self, keep: impl Fn(&str) -> bool) -> Statement {
        let mut params: Vec<Param> = self
            .params
            .iter()
            .filter(|p| keep(&p.name.upper))
            .cloned()
            .collect();
        params.shrink_to_fit();
        Statement {
            verb: self.verb,
            span: self.span,
            kind_keyword: self.kind_keyword.clone(),
            or_replace: self.or_replace,
            if_not_exists: self.if_not_exists,
            name: self.name.clone(),
            alter_action: self.alter_action,
            params,
            rare: self.rare.clone(),
            has_syntax_error: self.has_syntax_error,
        }
    }

    /// Whether this statement is about a security integration (or may be: the kind word is
    /// optional except on CREATE).
    pub fn is_security(&self) -> bool {
        match &self.kind_keyword {
            Some(k) => k.upper == "SECURITY",
            None => true,
        }
    }
}

/// What the analysis knows of one document.
#[derive(Debug, Default)]
pub struct SourceFile {
    pub statements: Vec<Statement>,
    pub syntax_errors: Vec<SyntaxError>,
}

/// The integration statements of one statement's text, and its syntax errors: read plain
/// when it is written the plain way, else parsed by tree-sitter and lowered.
pub fn lower_piece(piece: &str) -> SourceFile {
    match lower_plain(piece) {
        Some(statement) => SourceFile {
            statements: vec![statement],
            syntax_errors: Vec::new(),
        },
        None => lower(&crate::syntax::parse(piece, None), piece),
    }
}

/// Lowers every integration statement of `tree`.
pub fn lower(tree: &Tree, text: &str) -> SourceFile {
    let root = tree.root_node();
    let mut file = SourceFile {
        statements: integration_statements(root)
            .into_iter()
            .map(|node| lower_statement(node, text))
            .collect(),
        syntax_errors: Vec::new(),
    };
    syntax_errors(root, text, &mut file.syntax_errors);
    mark_broken_statements(&mut file.statements, &file.syntax_errors, text);
    file
}

pub fn verb_of(kind: &str) -> Verb {
    match kind {
        "create_integration" => Verb::Create,
        "alter_integration" => Verb::Alter,
        "drop_integration" => Verb::Drop,
        "describe_integration" => Verb::Describe,
        "show_integrations" => Verb::Show,
        _ => Verb::Grant,
    }
}

/// A statement is broken when a syntax error starts inside it or before the `;` that ends it
/// (error recovery can close a statement early and leave the rest outside).
pub fn mark_broken_statements(statements: &mut [Statement], errors: &[SyntaxError], text: &str) {
    if errors.is_empty() {
        return;
    }
    for statement in statements {
        if statement.has_syntax_error {
            continue;
        }
        let end = text[statement.range().end..]
            .find(';')
            .map_or(text.len(), |i| statement.range().end + i);
        let first = errors.partition_point(|e| e.range.start < statement.range().start);
        if errors.get(first).is_some_and(|e| e.range.start <= end) {
            statement.has_syntax_error = true;
        }
    }
}

/// Lowers one integration statement node.
pub fn lower_statement(node: Node, text: &str) -> Statement {
    let mut statement = Statement::new(verb_of(node.kind()), node.byte_range(), node.has_error());
    for (field, child) in children_with_fields(node) {
        match (field, child.kind()) {
            (Some("kind"), _) => {
                statement.kind_keyword = Some(Ident::new(
                    &node_text(child, text)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                    child.byte_range(),
                ))
            }
            (Some("name"), _) => statement.name = lower_name(child, text),
            (Some("parameter"), "integration_parameter") => {
                statement.params.push(lower_param(child, text))
            }
            (Some("privilege"), _) => statement
                .rare_mut()
                .privileges
                .push(Ident::new(node_text(child, text), child.byte_range())),
            (Some("action"), _) => lower_action(child, text, &mut statement),
            (_, "or_replace") => statement.or_replace = Some(Span::new(child.byte_range())),
            (_, "if_not_exists") => statement.if_not_exists = Some(Span::new(child.byte_range())),
            _ => {}
        }
    }
    // Pushing leaves room for more: a large document keeps many statements.
    statement.params.shrink_to_fit();
    statement
}

fn lower_action(node: Node, text: &str, statement: &mut Statement) {
    let has_tag = {
        let mut cursor = node.walk();
        let found = node
            .children(&mut cursor)
            .any(|c| c.kind() == "keyword_tag");
        found
    };
    statement.alter_action = Some(match (node.kind(), has_tag) {
        ("set_clause", false) => AlterAction::Set,
        ("set_clause", true) => AlterAction::SetTag,
        ("unset_clause", false) => AlterAction::Unset,
        ("unset_clause", true) => AlterAction::UnsetTag,
        _ => AlterAction::Refresh,
    });
    for (field, child) in children_with_fields(node) {
        if field != Some("parameter") {
            continue;
        }
        match (node.kind(), child.kind()) {
            (_, "integration_parameter") => statement.params.push(lower_param(child, text)),
            ("unset_clause", _) => statement
                .rare_mut()
                .unset
                .push(Ident::new(node_text(child, text), child.byte_range())),
            _ => {
                statement.rare_mut().refresh =
                    Some(Ident::new(node_text(child, text), child.byte_range()))
            }
        }
    }
}

/// A node's children with the field each is in, read from one cursor (asking the node for
/// the field of its n-th child walks its children again each time).
fn children_with_fields<'t>(
    node: Node<'t>,
) -> impl Iterator<Item = (Option<&'t str>, Node<'t>)> + 't {
    let mut cursor = node.walk();
    let mut started = false;
    std::iter::from_fn(move || {
        let moved = match started {
            false => cursor.goto_first_child(),
            true => cursor.goto_next_sibling(),
        };
        started = true;
        moved.then(|| (cursor.field_name(), cursor.node()))
    })
}

fn lower_name(node: Node, text: &str) -> Option<Name> {
    let inner = node.named_child(0)?;
    Some(Name {
        text: node_text(inner, text).to_string(),
        span: Span::new(inner.byte_range()),
        quoted: inner.kind() == "quoted_identifier",
        placeholder: inner.kind() == "placeholder",
    })
}

/// Field ids of the grammar, looked up once (by-name lookups compare strings every time).
struct Fields {
    name: std::num::NonZeroU16,
    value: std::num::NonZeroU16,
}

fn fields() -> &'static Fields {
    static FIELDS: std::sync::OnceLock<Fields> = std::sync::OnceLock::new();
    FIELDS.get_or_init(|| {
        let language = crate::syntax::language();
        Fields {
            name: language
                .field_id_for_name("name")
                .expect("the grammar has a `name` field"),
            value: language
                .field_id_for_name("value")
                .expect("the grammar has a `value` field"),
        }
    })
}

fn lower_param(node: Node, text: &str) -> Param {
    let name = node
        .child_by_field_id(fields().name.get())
        .map(|n| Ident::new(node_text(n, text), n.byte_range()))
        .unwrap_or_else(|| Ident::new("", node.start_byte()..node.start_byte()));
    // Error recovery may skip text to reach a value: the parameter then ends where the
    // skipped text starts, and what follows is not its value (judging it, or removing the
    // parameter with it, would offer fixes that break the statement more).
    let mut cursor = node.walk();
    let written = node
        .children(&mut cursor)
        .take_while(|c| !c.is_error())
        .last()
        .map(|c| c.end_byte());
    let cut = written.filter(|&end| end < node.end_byte());
    let value = node
        .child_by_field_id(fields().value.get())
        .filter(|v| !v.is_missing() && !v.byte_range().is_empty())
        .filter(|v| cut.is_none_or(|end| v.end_byte() <= end))
        .and_then(|v| lower_value(v, text));
    Param {
        name,
        value,
        span: Span::new(node.start_byte()..cut.unwrap_or(node.end_byte())),
    }
}

fn lower_value(node: Node, text: &str) -> Option<Value> {
    let raw = node_text(node, text);
    let form = match node.kind() {
        "string" => ValueForm::String(value_word(unquote_string(raw))),
        "number" => ValueForm::Number(Word::Owned(raw.to_string())),
        "placeholder" => ValueForm::Placeholder(Word::Owned(raw.to_string())),
        "identifier" if raw.starts_with('"') => {
            ValueForm::QuotedIdentifier(Word::Owned(raw.trim_matches('"').to_string()))
        }
        "identifier" => ValueForm::Word(value_word(raw.to_string())),
        "value_list" => {
            let mut cursor = node.walk();
            let mut items: Vec<Value> = node
                .children_by_field_name("item", &mut cursor)
                .filter_map(|item| lower_value(item, text))
                .collect();
            // Collecting leaves room for four; most lists hold one or two.
            items.shrink_to_fit();
            ValueForm::List(items)
        }
        _ => return None,
    };
    Some(Value {
        span: Span::new(node.byte_range()),
        form,
    })
}

/// The content of `'…'` (adjacent literals joined), with `''` unescaped.
fn unquote_string(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    let mut inside = false;
    while let Some(c) = chars.next() {
        match (c, inside) {
            ('\'', false) => inside = true,
            ('\'', true) if chars.peek() == Some(&'\'') => {
                chars.next();
                out.push('\'');
            }
            ('\'', true) => inside = false,
            (c, true) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Moving analysis results by `delta` bytes, for results cached relative to a statement.
pub trait Shift {
    fn shift(&mut self, delta: isize);
}

/// A copy of `item` moved `by` bytes later.
pub fn moved<T: Shift + Clone>(item: &T, by: usize) -> T {
    let mut item = item.clone();
    item.shift(by as isize);
    item
}

pub fn shift_range(range: &mut Range<usize>, delta: isize) {
    range.start = range.start.wrapping_add_signed(delta);
    range.end = range.end.wrapping_add_signed(delta);
}

impl Shift for Ident {
    fn shift(&mut self, delta: isize) {
        self.span.shift(delta);
    }
}

impl Shift for Value {
    fn shift(&mut self, delta: isize) {
        self.span.shift(delta);
        if let ValueForm::List(items) = &mut self.form {
            items.iter_mut().for_each(|i| i.shift(delta));
        }
    }
}

impl Shift for Param {
    fn shift(&mut self, delta: isize) {
        self.name.shift(delta);
        if let Some(v) = &mut self.value {
            v.shift(delta);
        }
        self.span.shift(delta);
    }
}

impl Shift for Statement {
    fn shift(&mut self, delta: isize) {
        self.span.shift(delta);
        for s in [&mut self.or_replace, &mut self.if_not_exists]
            .into_iter()
            .flatten()
        {
            s.shift(delta);
        }
        if let Some(k) = &mut self.kind_keyword {
            k.shift(delta);
        }
        if let Some(n) = &mut self.name {
            n.span.shift(delta);
        }
        self.params.iter_mut().for_each(|p| p.shift(delta));
        if let Some(rare) = &mut self.rare {
            rare.unset.iter_mut().for_each(|i| i.shift(delta));
            rare.privileges.iter_mut().for_each(|i| i.shift(delta));
            if let Some(r) = &mut rare.refresh {
                r.shift(delta);
            }
        }
    }
}

impl Shift for crate::diagnostic::Diagnostic {
    fn shift(&mut self, delta: isize) {
        shift_range(&mut self.range, delta);
        for fix in &mut self.fixes {
            fix.edits
                .iter_mut()
                .for_each(|e| shift_range(&mut e.range, delta));
        }
        // A place in another file does not move with this one.
        self.related
            .iter_mut()
            .filter(|r| r.path.is_none())
            .for_each(|r| shift_range(&mut r.range, delta));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> Name {
        Name {
            text: text.to_string(),
            span: Span::new(0..text.len()),
            quoted: text.starts_with('"'),
            placeholder: false,
        }
    }

    #[test]
    fn names_compare_as_snowflake_resolves_them() {
        for (a, b, same) in [
            ("okta_int", "OKTA_INT", true),
            ("okta_int", "\"OKTA_INT\"", true),
            ("okta_int", "\"okta_int\"", false),
            ("\"a\"\"b\"", "\"a\"\"b\"", true),
            ("\"a\"\"b\"", "\"a\"\"c\"", false),
            ("émile", "ÉMILE", false),
        ] {
            let (a, b) = (name(a), name(b));
            assert_eq!(a.same_key(&b), same, "{} {}", a.text, b.text);
            assert_eq!(a.resolves_to(&b.key()), same, "{} {}", a.text, b.text);
            assert_eq!(b.resolves_to(&a.key()), same, "{} {}", b.text, a.text);
        }
    }

    #[test]
    fn spans_moved_before_their_base_and_back_keep_their_place() {
        let mut ident = Ident::new("ENABLED", 40..47);
        ident.shift(-100);
        // Relative to a later statement's start, as `usize` offsets wrap.
        assert_eq!(ident.range().start, 40usize.wrapping_sub(100));
        assert_eq!(ident.range().start.wrapping_add(100), 40);
        ident.shift(100);
        assert_eq!(ident.range(), 40..47);
    }

    #[test]
    fn strings_are_unescaped() {
        assert_eq!(unquote_string("'it''s'"), "it's");
        assert_eq!(unquote_string("''"), "");
    }

    #[test]
    fn placeholder_spans_are_found_inside_strings() {
        let s = "https://<COMPANY>.okta.com/oauth2/<ID>";
        let spans: Vec<_> = placeholder_spans(s).map(|r| &s[r]).collect();
        assert_eq!(spans, ["<COMPANY>", "<ID>"]);
        assert_eq!(placeholder_spans("a < b > c").count(), 1);
        assert_eq!(placeholder_spans("x<>y").count(), 0);
        assert!(is_placeholder_text("<OKTA_ISSUER>"));
        assert!(!is_placeholder_text("https://<X>/"));
    }
}

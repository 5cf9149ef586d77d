//! What statements mean across a document or a workspace: which integration a statement
//! names (folded as Snowflake folds identifiers), its kind and variant, and the CREATE an ALTER
//! refers to. Rules, completion, hover and the analysis all ask here.
//!
//! [`FileIndex`] holds one file's facts; [`crate::workspace::Workspace`] orders many of them
//! and answers the lookups through [`Outside`].

pub mod references;
pub mod subject;

use crate::catalog::KindSpec;
use crate::model::{Statement, Verb};
use std::ops::Range;
use std::sync::Arc;

/// An integration name as written somewhere, and what it resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameRef {
    /// How Snowflake resolves it: quoted names exactly, others upper-cased.
    pub key: String,
    /// As written, quotes included (string content for a name inside a string).
    pub text: String,
    pub range: Range<usize>,
    pub quoted: bool,
    /// Written inside a string literal (`'MY_INT'`): the content is the stored name.
    pub in_string: bool,
}

impl NameRef {
    pub fn identifier(raw: &str, range: Range<usize>, quoted: bool) -> NameRef {
        NameRef {
            key: crate::model::name_key(raw, quoted),
            text: raw.to_string(),
            range,
            quoted,
            in_string: false,
        }
    }

    /// The name a statement gives, in its file's offsets; `None` without one or for a
    /// placeholder.
    pub fn of(statement: Located) -> Option<NameRef> {
        let name = statement
            .statement
            .name
            .as_ref()
            .filter(|n| !n.placeholder)?;
        Some(NameRef {
            key: name.key(),
            text: name.text.clone(),
            range: statement.at(&name.range()),
            quoted: name.quoted,
            in_string: false,
        })
    }
}

/// How a statement refers to an integration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefForm {
    Alter,
    Drop,
    Describe,
    ShowLike,
    /// `GRANT`/`REVOKE … ON INTEGRATION`, with the privileges upper-cased.
    Grant(Vec<String>),
    /// `CREATE SECRET … API_AUTHENTICATION = x`.
    Secret {
        secret_type: Option<String>,
        scopes: Vec<(String, Range<usize>)>,
    },
    ExternalAccess,
    AuthenticationPolicy,
    DelegatedAuthorization,
    /// A `SYSTEM$` function's name argument; `exact_case` when the docs say it must be the
    /// stored name exactly.
    Function {
        name: String,
        exact_case: bool,
    },
}

impl RefForm {
    /// The form's key in the catalog's `[workspace] referenced_by` lists.
    pub fn catalog_key(&self) -> Option<String> {
        match self {
            RefForm::Grant(privileges) => privileges
                .iter()
                .find(|p| p.as_str() == "USE_ANY_ROLE")
                .map(|p| format!("grant {p}")),
            RefForm::Secret {
                secret_type: Some(t),
                ..
            } => Some(format!("secret {t}")),
            RefForm::ExternalAccess => Some("external access".into()),
            RefForm::AuthenticationPolicy => Some("authentication policy".into()),
            RefForm::DelegatedAuthorization => Some("delegated authorization".into()),
            RefForm::Function { name, .. } => Some(name.clone()),
            _ => None,
        }
    }

    /// How the form is written, for messages.
    pub fn describe(&self) -> String {
        match self {
            RefForm::Grant(_) => "GRANT USE_ANY_ROLE".into(),
            RefForm::Secret {
                secret_type: Some(t),
                ..
            } => format!("a TYPE = {t} secret"),
            RefForm::ExternalAccess => "an external access integration".into(),
            RefForm::AuthenticationPolicy => "an authentication policy".into(),
            RefForm::DelegatedAuthorization => "a delegated authorization".into(),
            RefForm::Function { name, .. } => name.clone(),
            _ => "this statement".into(),
        }
    }
}

/// A name that refers to an integration defined elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub name: NameRef,
    pub form: RefForm,
    /// The whole statement.
    pub statement: Range<usize>,
}

impl Reference {
    /// For a name in a string that Snowflake compares without regard to case (`LIKE`
    /// patterns, functions whose docs do not ask for the exact name): the upper-cased name an
    /// unquoted CREATE would have stored.
    pub fn loose_key(&self) -> Option<String> {
        let exact = matches!(
            self.form,
            RefForm::Function {
                exact_case: true,
                ..
            }
        );
        (self.name.in_string && !exact).then(|| self.name.text.to_ascii_uppercase())
    }
}

/// A statement of a file and where it is: its offsets are relative to `base`.
#[derive(Debug, Clone, Copy)]
pub struct Located<'a> {
    pub statement: &'a Statement,
    pub base: usize,
}

impl<'a> Located<'a> {
    /// `range` of the statement, in the file's offsets.
    pub fn at(&self, range: &Range<usize>) -> Range<usize> {
        self.base + range.start..self.base + range.end
    }

    /// The whole statement, in the file's offsets.
    pub fn range(&self) -> Range<usize> {
        self.at(&self.statement.range())
    }

    pub fn param(&self, upper_name: &str) -> Option<&'a crate::model::Param> {
        self.statement.param(upper_name)
    }

    /// A copy in the file's offsets.
    pub fn to_file_offsets(&self) -> Statement {
        crate::model::moved(self.statement, self.base)
    }
}

/// What one file says about integrations, in file order. Offsets are the file's own, but each
/// statement's are relative to its base (a document's analysis shares its statements here).
#[derive(Debug, Default, Clone)]
pub struct FileIndex {
    /// Every integration statement, lowered, in offsets relative to its base: read them
    /// through [`located`](Self::located), which knows where they are.
    statements: Vec<Arc<Statement>>,
    /// Where each statement's offsets start.
    bases: Vec<usize>,
    /// Each CREATE's kind, when secint can tell it (read off the whole statement, which an
    /// index for the workspace rules alone does not keep: see [`FileIndex::append`]).
    kinds: Vec<Option<&'static KindSpec>>,
    /// A fingerprint per statement, for caching checks against it.
    pub fingerprints: Vec<u64>,
    /// The zero-based line each statement starts on.
    pub lines: Vec<u32>,
    /// Names in other SQL (secrets, policies, `SYSTEM$` calls, …).
    pub references: Vec<Reference>,
    /// `ALTER ACCOUNT SET ENABLE_IDENTIFIER_FIRST_LOGIN = TRUE`.
    pub identifier_first_login: Vec<Range<usize>>,
}

impl FileIndex {
    /// Indexes a file's text: splits it into statements, parses the integration statements and
    /// reads names from the rest. Runs no rules.
    pub fn of_text(text: &str) -> FileIndex {
        let mut part = IndexPart::new(0);
        let mut at = 0;
        while at < text.len() {
            let end = crate::chunks::statement_end(text, at);
            part.parse_and_add(text, at..end);
            if end <= at {
                break;
            }
            at = end;
        }
        part.finish()
    }

    /// Indexes a document the analysis has already lowered: its statements are reused and
    /// only the other SQL is read again.
    pub fn of_document(document: &crate::document::SourceDocument) -> FileIndex {
        FileIndex::of_lowered(
            &document.text,
            &document.chunks(),
            document.analysis.shared_statements(),
        )
    }

    /// [`of_document`](Self::of_document) from its parts: `statements` are the lowered
    /// statements of `chunks`, in order, each with its base (shared, not copied).
    pub fn of_lowered(
        text: &str,
        chunks: &[crate::document::Chunk],
        statements: Vec<(usize, Arc<Statement>)>,
    ) -> FileIndex {
        let mut part = IndexPart::new(0);
        part.reserve(statements.len());
        let mut next = 0;
        for chunk in chunks {
            let from = next;
            while next < statements.len()
                && statements[next].0 + statements[next].1.range().start < chunk.end
            {
                next += 1;
            }
            part.add(text, chunk.start..chunk.end, &statements[from..next]);
        }
        part.finish()
    }

    /// Adds `part`, the index of the text after this one's, whose lines count from
    /// `first_line`. With `slim`, each statement keeps only the parameters the workspace
    /// rules read ([`crate::rules::across::reads`]): an index for those rules alone. The
    /// copies are made here, on the thread that keeps them, so that they lie together.
    pub fn append(&mut self, part: FileIndex, first_line: u32, slim: bool) {
        match slim {
            true => self
                .statements
                .extend(
                    part.statements
                        .iter()
                        .zip(&part.kinds)
                        .map(|(statement, kind)| {
                            Arc::new(statement.keeping(|p| crate::rules::across::reads(*kind, p)))
                        }),
                ),
            false => self.statements.extend(part.statements),
        }
        self.bases.extend(part.bases);
        self.kinds.extend(part.kinds);
        self.fingerprints.extend(part.fingerprints);
        self.lines
            .extend(part.lines.into_iter().map(|l| l + first_line));
        self.references.extend(part.references);
        self.identifier_first_login
            .extend(part.identifier_first_login);
    }

    /// The kind of statement `index` when it is a CREATE secint can tell the kind of.
    pub fn kind(&self, index: usize) -> Option<&'static KindSpec> {
        self.kinds[index]
    }

    /// How many integration statements the file has.
    pub fn statement_count(&self) -> usize {
        self.statements.len()
    }

    /// Statement `index` and where it is.
    pub fn located(&self, index: usize) -> Located<'_> {
        Located {
            statement: &self.statements[index],
            base: self.bases[index],
        }
    }

    /// Every statement and where it is, in file order.
    pub fn all_located(&self) -> impl Iterator<Item = Located<'_>> + '_ {
        (0..self.statements.len()).map(|i| self.located(i))
    }

    /// The CREATE statements, with their names.
    pub fn definitions(&self) -> impl Iterator<Item = (usize, NameRef)> + '_ {
        self.all_located()
            .enumerate()
            .filter(|(_, s)| s.statement.verb == Verb::Create && s.statement.is_security())
            .filter_map(|(i, s)| NameRef::of(s).map(|n| (i, n)))
    }

    /// Every name that refers to an integration, from integration statements and other SQL.
    pub fn references(&self) -> Vec<Reference> {
        let mut out: Vec<Reference> = self
            .all_located()
            .filter(|s| s.statement.verb != Verb::Create && s.statement.is_security())
            .filter_map(|located| {
                let s = located.statement;
                let form = match s.verb {
                    Verb::Alter => RefForm::Alter,
                    Verb::Drop => RefForm::Drop,
                    Verb::Describe => RefForm::Describe,
                    Verb::Grant => {
                        RefForm::Grant(s.privileges().iter().map(|p| p.upper.to_string()).collect())
                    }
                    Verb::Show | Verb::Create => return None,
                };
                Some(Reference {
                    name: NameRef::of(located)?,
                    form,
                    statement: located.range(),
                })
            })
            .collect();
        out.extend(self.references.iter().cloned());
        out.sort_by_key(|r| r.name.range.start);
        out
    }
}

/// One stretch of a file's index, built statement by statement in file order.
pub struct IndexPart {
    index: FileIndex,
    lines: LineCounter,
}

impl IndexPart {
    /// A stretch starting at offset `from`, whose lines count from there.
    pub fn new(from: usize) -> IndexPart {
        IndexPart {
            index: FileIndex::default(),
            lines: LineCounter {
                offset: from,
                line: 0,
            },
        }
    }

    fn reserve(&mut self, statements: usize) {
        let index = &mut self.index;
        index.statements.reserve_exact(statements);
        index.bases.reserve_exact(statements);
        index.kinds.reserve_exact(statements);
        index.fingerprints.reserve_exact(statements);
        index.lines.reserve_exact(statements);
    }

    /// Adds the statement at `range`, parsed here when it is an integration statement.
    fn parse_and_add(&mut self, text: &str, range: Range<usize>) {
        let piece = &text[range.clone()];
        // A statement with a misspelt keyword defines nothing: the check reports it.
        let lowered: Vec<(usize, Arc<Statement>)> =
            match crate::chunks::looks_like_integration_exactly(piece) {
                true => crate::model::lower_piece(piece)
                    .statements
                    .into_iter()
                    .map(|s| (range.start, Arc::new(s)))
                    .collect(),
                false => Vec::new(),
            };
        self.add(text, range, &lowered);
    }

    /// Adds the statement at `range`: `lowered` are its integration statements, each with its
    /// base (none for other SQL, whose names are read here).
    pub fn add(&mut self, text: &str, range: Range<usize>, lowered: &[(usize, Arc<Statement>)]) {
        let index = &mut self.index;
        if lowered.is_empty() || lowered.iter().any(|(_, s)| s.verb == Verb::Show) {
            let mut found = references::Found::default();
            references::scan(text, range, &mut found);
            index.references.extend(found.references);
            index
                .identifier_first_login
                .extend(found.identifier_first_login);
        }
        for (base, statement) in lowered {
            let range = base + statement.range().start..base + statement.range().end;
            let kind = match statement.verb {
                Verb::Create => kind_of(statement),
                _ => None,
            };
            index.fingerprints.push(fingerprint(&text[range.clone()]));
            index.lines.push(self.lines.line_at(text, range.start));
            index.bases.push(*base);
            index.kinds.push(kind);
            index.statements.push(statement.clone());
        }
    }

    pub fn finish(self) -> FileIndex {
        self.index
    }
}

/// Counts lines forward through a text, for offsets given in increasing order.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: u32,
}

impl LineCounter {
    fn line_at(&mut self, text: &str, offset: usize) -> u32 {
        if offset < self.offset {
            *self = LineCounter::default();
        }
        let offset = offset.min(text.len());
        self.line += memchr_count(&text.as_bytes()[self.offset..offset]);
        self.offset = offset;
        self.line
    }
}

fn memchr_count(bytes: &[u8]) -> u32 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u32
}

pub fn fingerprint(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    text.hash(&mut hasher);
    hasher.finish()
}

/// A CREATE found outside the document being checked.
#[derive(Clone, Copy)]
pub struct Found<'a> {
    /// In offsets relative to `base`, as its file's index keeps it.
    pub statement: Located<'a>,
    pub fingerprint: u64,
    pub path: &'a std::sync::Arc<std::path::Path>,
    /// The zero-based line the CREATE starts on.
    pub line: u32,
}

/// Where CREATEs outside a document come from: the rest of the workspace, in workspace order.
pub trait Outside {
    /// The last CREATE of `key` in the files ordered before this one.
    fn before(&self, key: &str) -> Option<Found<'_>>;
    /// The first CREATE of `key` in the files ordered after this one.
    fn after(&self, key: &str) -> Option<Found<'_>>;
}

/// A document on its own.
pub struct Alone;

impl Outside for Alone {
    fn before(&self, _: &str) -> Option<Found<'_>> {
        None
    }
    fn after(&self, _: &str) -> Option<Found<'_>> {
        None
    }
}

/// The CREATE a statement refers to.
#[derive(Clone, Copy)]
pub enum Definition<'a> {
    /// A statement of the same document, by index.
    Local(usize),
    Outside(Found<'a>),
}

/// The CREATE that a statement refers to, in workspace order: for an ALTER or DROP the
/// latest CREATE of its name before it (in this document, then in earlier files), else the
/// first after it; for a CREATE, an earlier CREATE of the same name. `index` is the statement's
/// place in its document, `creates` the indexes of the document's CREATEs of `key`, in order.
/// This is the only place that pairs a statement with its CREATE.
pub fn definition<'a>(
    verb: Verb,
    index: usize,
    key: &str,
    creates: &[usize],
    outside: &'a dyn Outside,
) -> Option<Definition<'a>> {
    let before = creates.iter().rev().find(|&&i| i < index).copied();
    match verb {
        Verb::Create => before
            .map(Definition::Local)
            .or_else(|| outside.before(key).map(Definition::Outside)),
        // Hover and completion show an integration's settings for any statement naming it.
        _ => before
            .map(Definition::Local)
            .or_else(|| outside.before(key).map(Definition::Outside))
            .or_else(|| creates.first().copied().map(Definition::Local))
            .or_else(|| outside.after(key).map(Definition::Outside)),
    }
}

/// [`definition`] for one statement, finding the document's CREATEs by scanning (no index
/// needed): for hover and completion, which look at one statement at a time.
pub fn definition_in<'a>(
    statements: &'a [Statement],
    index: usize,
    outside: &'a dyn Outside,
) -> Option<Definition<'a>> {
    let key = statements[index]
        .name
        .as_ref()
        .filter(|n| !n.placeholder)?
        .key();
    definition_named(statements, statements[index].verb, index, &key, outside)
}

/// [`definition_in`] for a statement given by its verb, place and folded name (one being
/// typed, which may not have been lowered yet).
pub fn definition_named<'a>(
    statements: &'a [Statement],
    verb: Verb,
    index: usize,
    key: &str,
    outside: &'a dyn Outside,
) -> Option<Definition<'a>> {
    let creates: Vec<usize> = statements
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            s.verb == Verb::Create && s.name.as_ref().is_some_and(|n| n.resolves_to(key))
        })
        .map(|(i, _)| i)
        .collect();
    definition(verb, index, key, &creates, outside)
}

impl<'a> Definition<'a> {
    /// The CREATE itself, `statements` being the document's; one from another file is a copy
    /// in that file's offsets.
    pub fn statement(self, statements: &'a [Statement]) -> std::borrow::Cow<'a, Statement> {
        match self {
            Definition::Local(i) => std::borrow::Cow::Borrowed(&statements[i]),
            Definition::Outside(found) => {
                std::borrow::Cow::Owned(found.statement.to_file_offsets())
            }
        }
    }

    /// Where it is, when that is another file.
    pub fn elsewhere(self) -> Option<Found<'a>> {
        match self {
            Definition::Local(_) => None,
            Definition::Outside(found) => Some(found),
        }
    }
}

/// The kind of a CREATE, when secint can tell it.
pub fn kind_of(statement: &Statement) -> Option<&'static KindSpec> {
    subject::Subject::new(statement, None).kind()
}

/// The value of a parameter as the statement sets it, upper-cased.
pub fn word(statement: &Statement, parameter: &str) -> Option<String> {
    let value = statement.param(parameter)?.value.as_ref()?;
    if value.is_placeholder() {
        return None;
    }
    value.scalar().map(|s| s.trim().to_ascii_uppercase())
}

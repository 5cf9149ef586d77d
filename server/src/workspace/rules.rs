//! Runs the rules that look across statements and files. The workspace is walked in order,
//! keeping the integrations that exist at each point (CREATE adds or replaces one, DROP
//! removes it), as the account would see the statements run.

use super::Workspace;
use crate::catalog::KindSpec;
use crate::diagnostic::Diagnostic;
use crate::model::{name_hash, Name, Verb};
use crate::semantics::{Located, NameRef, RefForm, Reference};
use std::ops::Range;
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;

/// A diagnostic and the file it belongs to.
#[derive(Debug, Clone)]
pub struct WorkspaceDiagnostic {
    pub path: Arc<Path>,
    pub diagnostic: Diagnostic,
}

/// An integration as it stands at some point of the walk. Every step keeps one, so its
/// changes are shared between the steps that see them unchanged (an ALTER copies the changes
/// before adding to them); its name is read from its CREATE.
#[derive(Clone)]
pub struct Live<'w> {
    pub path: &'w Arc<Path>,
    pub create: Located<'w>,
    pub kind: Option<&'static KindSpec>,
    /// Parameters set since the CREATE by ALTERs, latest last: (name, upper-cased value).
    pub altered: Rc<Vec<(String, Option<String>)>>,
}

impl Live<'_> {
    /// The integration's name as its CREATE writes it (a live integration has one).
    pub fn name(&self) -> &Name {
        self.create
            .statement
            .name
            .as_ref()
            .expect("a live integration is named")
    }

    /// Where its CREATE writes its name, in the file's offsets.
    pub fn name_range(&self) -> Range<usize> {
        self.create.at(&self.name().range())
    }

    /// Whether it is named `key` (a folded name, as [`Name::key`] gives it).
    pub fn is_named(&self, key: &str) -> bool {
        self.name().resolves_to(key)
    }

    /// Whether `other` is the same integration by name.
    pub fn same_name(&self, other: &Live) -> bool {
        self.name().same_key(other.name())
    }

    /// A parameter's value as the integration now has it, upper-cased; `None` when unset.
    pub fn word(&self, parameter: &str) -> Option<String> {
        if let Some((_, value)) = self.altered.iter().rev().find(|(p, _)| p == parameter) {
            return value.clone();
        }
        crate::semantics::word(self.create.statement, parameter)
    }

    /// A parameter's value with its default when left out.
    pub fn word_or_default(&self, parameter: &str) -> Option<String> {
        self.word(parameter).or_else(|| {
            let spec = self.kind?.parameter(parameter)?;
            Some(
                spec.default
                    .as_deref()?
                    .trim_matches('\'')
                    .to_ascii_uppercase(),
            )
        })
    }
}

/// One step of the walk, as the rules see it.
pub enum Step<'w> {
    /// A CREATE, as the integration it makes (its path, statement and name are the live
    /// one's), with the one of that name that existed before it, if any (boxed: most CREATEs
    /// have none, and there is one step per statement).
    Create {
        live: Live<'w>,
        previous: Option<Box<Live<'w>>>,
    },
    /// A DROP of an integration, by folded name.
    Dropped { key: String },
    /// An ALTER … SET of an integration that exists.
    Alter {
        path: &'w Arc<Path>,
        statement: Located<'w>,
        live: Live<'w>,
    },
    /// A reference from another statement, with what it resolves to (boxed: the other steps
    /// are half its size, and there is one step per statement).
    Reference {
        path: &'w Arc<Path>,
        reference: Box<Reference>,
        target: Option<Live<'w>>,
    },
}

impl<'w> Step<'w> {
    /// A CREATE or an ALTER … SET: the statement and the integration as it stands after it.
    /// `None` for a CREATE IF NOT EXISTS of a name that exists (it changes nothing).
    pub fn change(&self) -> Option<(&'w Arc<Path>, Located<'w>, &Live<'w>)> {
        match self {
            Step::Create { live, previous } => (previous.is_none()
                || live.create.statement.if_not_exists().is_none())
            .then_some((live.path, live.create, live)),
            Step::Alter {
                path,
                statement,
                live,
            } => Some((*path, *statement, live)),
            _ => None,
        }
    }
}

impl<'w> WorkspaceCtx<'w> {
    /// The references that resolve to an integration, with it.
    pub fn resolved(&self) -> impl Iterator<Item = (&'w Arc<Path>, &Reference, &Live<'w>)> {
        self.steps.iter().filter_map(|step| match step {
            Step::Reference {
                path,
                reference,
                target: Some(target),
            } => Some((*path, &**reference, target)),
            _ => None,
        })
    }

    /// The references no CREATE of the workspace resolves.
    pub fn unresolved(&self) -> impl Iterator<Item = (&'w Arc<Path>, &Reference)> {
        self.steps.iter().filter_map(|step| match step {
            Step::Reference {
                path,
                reference,
                target: None,
            } => Some((*path, &**reference)),
            _ => None,
        })
    }
}

/// What a workspace rule sees.
pub struct WorkspaceCtx<'w> {
    pub workspace: &'w Workspace,
    pub steps: Vec<Step<'w>>,
    /// Whether any file turns on identifier-first login.
    pub identifier_first_login: bool,
}

/// The integrations that exist at a point of the walk: folded name to the step that made or
/// last changed it. The names are read from those steps, not held a second time.
#[derive(Default)]
struct LiveAt {
    /// (hash of the folded name, step)
    table: hashbrown::HashTable<(u64, usize)>,
}

/// Whether an entry of [`LiveAt`] is the integration named `key`.
fn named<'a>(steps: &'a [Step], key: &'a str) -> impl Fn(&(u64, usize)) -> bool + 'a {
    move |&(_, at)| live_of(&steps[at]).is_some_and(|l| l.is_named(key))
}

impl LiveAt {
    fn get(&self, steps: &[Step], key: &str) -> Option<usize> {
        self.table
            .find(name_hash(key), named(steps, key))
            .map(|&(_, at)| at)
    }

    /// Records that step `at` (the latest) made or changed the integration named `key`.
    fn insert(&mut self, steps: &[Step], key: &str, at: usize) {
        let hash = name_hash(key);
        match self.table.entry(hash, named(steps, key), |&(hash, _)| hash) {
            hashbrown::hash_table::Entry::Occupied(mut e) => e.get_mut().1 = at,
            hashbrown::hash_table::Entry::Vacant(e) => {
                e.insert((hash, at));
            }
        }
    }

    fn remove(&mut self, steps: &[Step], key: &str) {
        if let Ok(e) = self.table.find_entry(name_hash(key), named(steps, key)) {
            e.remove();
        }
    }
}

fn live_of<'s, 'w>(step: &'s Step<'w>) -> Option<&'s Live<'w>> {
    match step {
        Step::Create { live, .. } | Step::Alter { live, .. } => Some(live),
        _ => None,
    }
}

fn current<'s, 'w>(live: &LiveAt, steps: &'s [Step<'w>], key: &str) -> Option<&'s Live<'w>> {
    live_of(&steps[live.get(steps, key)?])
}

impl<'w> WorkspaceCtx<'w> {
    pub fn new(workspace: &'w Workspace) -> WorkspaceCtx<'w> {
        let mut live = LiveAt::default();
        let mut steps = Vec::with_capacity(
            workspace
                .files()
                .map(|(_, f)| f.statement_count() + f.references.len())
                .sum(),
        );
        let mut identifier_first_login = false;
        // One empty list for every CREATE (an ALTER copies it before adding to it).
        let unaltered: Rc<Vec<(String, Option<String>)>> = Rc::default();
        for (path, file) in workspace.files() {
            identifier_first_login |= !file.identifier_first_login.is_empty();
            let mut refs = file.references.iter().cloned().peekable();
            for (i, located) in file.all_located().enumerate() {
                let statement = located.statement;
                // References written before this statement, in file order.
                while let Some(r) = refs.next_if(|r| r.statement.start < located.range().start) {
                    steps.push(reference_step(path, r, &live, &steps, workspace));
                }
                if !statement.is_security() {
                    continue;
                }
                let Some(name) = statement.name.as_ref().filter(|n| !n.placeholder) else {
                    continue;
                };
                let key = name.key();
                match statement.verb {
                    Verb::Create => {
                        let previous = current(&live, &steps, &key).cloned();
                        let keeps_old = statement.if_not_exists().is_some() && previous.is_some();
                        let made = Live {
                            path,
                            create: located,
                            kind: file.kind(i),
                            altered: unaltered.clone(),
                        };
                        steps.push(Step::Create {
                            live: made,
                            previous: previous.map(Box::new),
                        });
                        if !keeps_old {
                            live.insert(&steps, &key, steps.len() - 1);
                        }
                    }
                    Verb::Drop => {
                        if live.get(&steps, &key).is_none() {
                            let r = named_reference(located, RefForm::Drop);
                            steps.push(reference_step(path, r, &live, &steps, workspace));
                        }
                        live.remove(&steps, &key);
                        steps.push(Step::Dropped { key });
                    }
                    Verb::Describe => {
                        let r = named_reference(located, RefForm::Describe);
                        steps.push(reference_step(path, r, &live, &steps, workspace));
                    }
                    Verb::Grant => {
                        let privileges = statement.privileges().iter().map(|p| p.upper.to_string());
                        let r = named_reference(located, RefForm::Grant(privileges.collect()));
                        steps.push(reference_step(path, r, &live, &steps, workspace));
                    }
                    Verb::Alter => {
                        if let Some(mut current) = current(&live, &steps, &key).cloned() {
                            let altered = Rc::make_mut(&mut current.altered);
                            for p in &statement.params {
                                let value = p
                                    .value
                                    .as_ref()
                                    .and_then(|v| v.scalar())
                                    .map(|s| s.trim().to_ascii_uppercase());
                                altered.push((p.name.upper.to_string(), value));
                            }
                            for u in statement.unset() {
                                altered.push((u.upper.to_string(), None));
                            }
                            steps.push(Step::Alter {
                                path,
                                statement: located,
                                live: current,
                            });
                            live.insert(&steps, &key, steps.len() - 1);
                        } else {
                            let r = named_reference(located, RefForm::Alter);
                            steps.push(reference_step(path, r, &live, &steps, workspace));
                        }
                    }
                    _ => {}
                }
            }
            for r in refs {
                steps.push(reference_step(path, r, &live, &steps, workspace));
            }
        }
        WorkspaceCtx {
            workspace,
            steps,
            identifier_first_login,
        }
    }
}

/// A statement that names an integration, seen as a reference to it.
fn named_reference(statement: Located, form: RefForm) -> Reference {
    Reference {
        name: NameRef::of(statement).expect("checked by the caller"),
        form,
        statement: statement.range(),
    }
}

fn reference_step<'w>(
    path: &'w Arc<Path>,
    reference: Reference,
    live: &LiveAt,
    steps: &[Step<'w>],
    workspace: &'w Workspace,
) -> Step<'w> {
    let loose = reference.loose_key();
    let found = current(live, steps, &reference.name.key)
        .or_else(|| loose.as_ref().and_then(|k| current(live, steps, k)))
        .cloned();
    // Not created yet at this point: a CREATE later in the workspace still defines it.
    let target = found.or_else(|| {
        let later = workspace
            .definitions(&reference.name.key)
            .into_iter()
            .chain(loose.iter().flat_map(|k| workspace.definitions(k)))
            .next()?;
        let (path, file) = workspace.file_entry(&later.path)?;
        let (i, _) = file
            .definitions()
            .find(|(_, n)| n.range == later.name.range)?;
        let create = file.located(i);
        Some(Live {
            path,
            create,
            kind: file.kind(i),
            altered: Rc::default(),
        })
    });
    Step::Reference {
        path,
        reference: Box::new(reference),
        target,
    }
}

/// Runs every workspace rule.
pub fn check_workspace(workspace: &Workspace) -> Vec<WorkspaceDiagnostic> {
    let ctx = WorkspaceCtx::new(workspace);
    let mut out = Vec::new();
    for rule in crate::rules::WORKSPACE_RULES {
        (rule.check)(&ctx, &mut out);
    }
    // Related places in the diagnostic's own file need no path.
    for d in &mut out {
        for related in &mut d.diagnostic.related {
            if related.path.as_ref() == Some(&d.path) {
                related.path = None;
            }
        }
    }
    out
}

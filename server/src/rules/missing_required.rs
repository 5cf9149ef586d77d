use super::doc::{code, codes, pages, standing, when_clause, Coverage, FixSafety, RuleDoc};
use super::{closest, Ctx, Rule, TypeState};
use crate::catalog::{KindSpec, ParameterSpec, ValueKind};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Verb;
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "missing-required",
    severity: "error or warning",
    summary: "CREATE leaves out a parameter its TYPE, IdP or client requires.",
    doc: RuleDoc {
        what: "Reports a CREATE that leaves out a parameter its TYPE, identity provider, client \
               or secret provider requires, and one that breaks a rule over several parameters \
               (SAML2 takes `METADATA_URL` or all four IdP parameters; OIDC's three endpoints \
               come all or none). A CREATE without TYPE is reported too. A parameter that only \
               the current copy of its page requires is a warning.\n\n\
               `ENABLED` is not required: one copy of the External OAuth page lists it as \
               required, a newer one says it defaults to TRUE. A parameter that is only \
               misspelt is reported once, by `unknown-parameter`. Statements with syntax errors \
               are not checked, so half-typed statements stay quiet.",
        why: "Snowflake refuses a CREATE without its required parameters, so the integration \
              does not exist until they are given, and nothing that depends on it (a sign-in, a \
              secret, a SCIM client) works.",
        fix: FixSafety::Mixed(
            "Adding the TYPE that every parameter points to is safe. Inserting a missing \
             parameter is unsafe: the fix writes a placeholder (`'<…>'`) that the author must \
             replace with a real value, and `placeholder` reports it until then.",
        ),
        covers: Some(Coverage::new(
            "What a CREATE of each kind must give besides TYPE (`required`, \
                   `required_when` and `[[group]]` in the catalog):",
            covered,
        )),
        sources: &[pages::CREATE],
    },
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let statement = ctx.statement;
    if statement.verb != Verb::Create || statement.has_syntax_error {
        return;
    }
    let at = statement
        .name
        .as_ref()
        .map(|n| n.range())
        .unwrap_or(statement.range().start..statement.range().start + 6);
    let kind = match ctx.type_state {
        TypeState::Checked(kind) => kind,
        TypeState::Unchecked => return,
        TypeState::Unknown => {
            if statement.param("TYPE").is_none() && statement.is_security() {
                let inferred = infer_type(ctx);
                let mut diagnostic = ctx.diagnostic(
                    RULE.code,
                    Severity::Error,
                    at,
                    "missing required parameter `TYPE`",
                );
                if let Some(type_name) = inferred {
                    diagnostic = diagnostic.with_fix(
                        ctx.insert_param_fix(
                            format!("Add TYPE = {type_name}"),
                            &format!("TYPE = {type_name}"),
                        )
                        .preferred()
                        .safe(),
                    );
                }
                out.push(diagnostic);
            } else {
                missing_selector(ctx, &at, out);
            }
            return;
        }
    };
    // A misspelt parameter is offered a rename (by `unknown-parameter`) rather than a copy.
    // Looked for only once something is missing: most statements miss nothing.
    let misspelt = Misspelt::new(statement, kind);
    for spec in &kind.parameters {
        if statement.param(&spec.name).is_some() {
            continue;
        }
        let needed_for = match (&spec.required, &spec.required_when) {
            (true, _) => Some(String::new()),
            (false, Some(when)) if ctx.variant.satisfies(when) == Some(true) => {
                Some(format!(" for {}", ctx.describe_variant()))
            }
            _ => None,
        };
        let Some(needed_for) = needed_for else {
            continue;
        };
        // A misspelt name is one mistake: `unknown-parameter` reports it with the rename.
        if misspelt.contains(&spec.name) {
            continue;
        }
        let message = format!("missing required parameter `{}`{needed_for}", spec.name);
        let assignment = format!("{} = {}", spec.name, placeholder_value(spec));
        // Only the current copy of the page requires it: a warning, since the older copy
        // does not have the parameter at all.
        let newer = spec.since.is_some();
        let mut diagnostic = ctx
            .diagnostic(RULE.code, super::page_severity(spec), at.clone(), message)
            .with_fix(
                ctx.insert_param_fix(format!("Add {}", spec.name), &assignment)
                    .preferred(),
            );
        if newer {
            diagnostic = diagnostic.with_note(Some(
                "Only the current copy of the page has this parameter; an older copy does not",
            ));
        }
        out.push(diagnostic);
    }
    check_groups(ctx, kind, &at, &misspelt, out);
}

/// The statement's parameters that the kind does not know but that are close to one it does,
/// by the name they most likely mean; found on first use.
struct Misspelt<'a> {
    statement: &'a crate::model::Statement,
    kind: &'a KindSpec,
    meant: std::cell::OnceCell<Vec<&'a str>>,
}

impl<'a> Misspelt<'a> {
    fn new(statement: &'a crate::model::Statement, kind: &'a KindSpec) -> Misspelt<'a> {
        Misspelt {
            statement,
            kind,
            meant: std::cell::OnceCell::new(),
        }
    }

    /// Whether a parameter of the statement is a misspelling of `name`.
    fn contains(&self, name: &str) -> bool {
        let kind = self.kind;
        self.meant
            .get_or_init(|| {
                self.statement
                    .params
                    .iter()
                    .filter(|p| kind.parameter(&p.name.upper).is_none())
                    .filter_map(|p| {
                        closest(
                            &p.name.upper,
                            kind.parameters.iter().map(|s| s.name.as_str()),
                        )
                    })
                    .collect()
            })
            .contains(&name)
    }
}

/// The kind's groups: all or none of a set, or one complete set of several.
fn check_groups(
    ctx: &Ctx,
    kind: &KindSpec,
    at: &std::ops::Range<usize>,
    misspelt: &Misspelt,
    out: &mut Vec<Diagnostic>,
) {
    let statement = ctx.statement;
    let given = |name: &str| statement.param(name).is_some() || misspelt.contains(name);
    for group in &kind.groups {
        let severity = super::severity_of(group.severity);
        if !group.all_or_none.is_empty() {
            let present: Vec<&str> = group
                .all_or_none
                .iter()
                .map(String::as_str)
                .filter(|n| given(n))
                .collect();
            if present.is_empty() || present.len() == group.all_or_none.len() {
                continue;
            }
            let missing: Vec<&str> = group
                .all_or_none
                .iter()
                .map(String::as_str)
                .filter(|n| !given(n))
                .collect();
            let first = statement
                .param(present[0])
                .map_or(at.clone(), |p| p.name.range());
            out.push(
                ctx.diagnostic(
                    RULE.code,
                    severity,
                    first,
                    format!(
                        "`{}` needs {} too (all or none)",
                        present[0],
                        missing.join(", ")
                    ),
                )
                .with_note(group.note.as_deref()),
            );
        }
        if !group.one_of.is_empty() {
            if group.one_of.iter().any(|set| set.iter().all(|n| given(n))) {
                continue;
            }
            // Name what each alternative still lacks, the most complete one first.
            let mut lacking: Vec<Vec<&str>> = group
                .one_of
                .iter()
                .map(|set| {
                    set.iter()
                        .map(String::as_str)
                        .filter(|n| !given(n))
                        .collect()
                })
                .collect();
            lacking.sort_by_key(|l: &Vec<&str>| l.len());
            let described: Vec<String> = lacking
                .iter()
                .map(|l| {
                    let names: Vec<String> = l.iter().map(|n| n.to_string()).collect();
                    super::one_of(&names).replacen(" or ", " and ", 1)
                })
                .collect();
            let mut message = format!("missing {}", described.join(", or else "));
            if message.chars().count() > super::MESSAGE_WIDTH {
                message = format!("missing {}, or else other parameters", described[0]);
            }
            out.push(
                ctx.diagnostic(RULE.code, severity, at.clone(), message)
                    .with_note(group.note.as_deref()),
            );
        }
    }
}

/// The TYPE a statement without one most likely means, from the parameters it has.
fn infer_type(ctx: &Ctx) -> Option<&'static str> {
    let mut found = None;
    for param in &ctx.statement.params {
        let kinds: Vec<_> = ctx.catalog.definitions(&param.name.upper).collect();
        if let [(kind, _)] = kinds.as_slice() {
            match found {
                None => found = Some(kind.type_name.as_str()),
                Some(t) if t != kind.type_name => return None,
                _ => {}
            }
        }
    }
    found
}

/// A value to fill in, written so that the `placeholder` rule points at it.
pub fn placeholder_value(spec: &ParameterSpec) -> String {
    let choices = || {
        spec.values
            .iter()
            .map(|v| v.name.as_str())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let lower = spec.name.to_ascii_lowercase();
    match spec.value {
        ValueKind::Enum | ValueKind::Boolean => spec.spell_value(&format!("<{}>", choices())),
        ValueKind::Integer => format!("<{lower}>"),
        ValueKind::RoleList => "('<role_name>')".to_string(),
        ValueKind::UriList => "('<uri>')".to_string(),
        _ => format!("'<{lower}>'"),
    }
}

/// A CREATE whose TYPE has several kinds (`API_AUTHENTICATION`) and leaves out the parameter
/// that tells them apart (`AUTH_TYPE`).
fn missing_selector(ctx: &Ctx, at: &std::ops::Range<usize>, out: &mut Vec<Diagnostic>) {
    let Some(type_name) = ctx.effective_word("TYPE") else {
        return;
    };
    let kinds: Vec<&KindSpec> = ctx.catalog.kinds_of_type(&type_name).collect();
    if kinds.len() < 2 {
        return;
    }
    let mut selectors: Vec<&str> = kinds
        .iter()
        .filter_map(|k| k.select.as_ref())
        .flat_map(|s| s.parameters())
        .collect();
    selectors.sort_unstable();
    selectors.dedup();
    for selector in selectors {
        if ctx.statement.param(selector).is_some() {
            continue;
        }
        let values: Vec<String> = kinds
            .iter()
            .filter_map(|k| k.select.as_ref()?.0.get(selector))
            .flatten()
            .cloned()
            .collect();
        out.push(
            ctx.diagnostic(
                RULE.code,
                Severity::Error,
                at.clone(),
                format!("missing required parameter `{selector}`"),
            )
            .with_related(at.clone(), format!("expected {}", super::one_of(&values)))
            .with_fix(
                ctx.insert_param_fix(
                    format!("Add {selector}"),
                    &format!("{selector} = <{}>", values.join(" | ")),
                )
                .preferred(),
            ),
        );
    }
}

/// What a CREATE of the kind must give: parameters (some only for a variant) and groups.
fn covered(kind: &KindSpec) -> Vec<String> {
    let mut items: Vec<String> = kind
        .parameters
        .iter()
        // Every kind needs its TYPE; the list is about what else it needs.
        .filter(|p| p.name != "TYPE")
        .filter_map(|p| {
            let when = match (p.required, &p.required_when) {
                (true, _) => None,
                (false, Some(when)) => Some(when),
                (false, None) => return None,
            };
            let newer = match p.since {
                Some(_) => " (reported as a warning: only the current page requires it)",
                None => "",
            };
            Some(format!(
                "{}{}{newer}",
                code(&p.name),
                when_clause(kind, when)
            ))
        })
        .collect();
    for group in &kind.groups {
        let standing = standing(group.severity);
        if !group.all_or_none.is_empty() {
            let all = codes(&group.all_or_none, "and");
            items.push(format!("all or none of {all}{standing}"));
        }
        if !group.one_of.is_empty() {
            let sets: Vec<String> = group.one_of.iter().map(|set| codes(set, "and")).collect();
            items.push(format!("{}{standing}", sets.join(", or else ")));
        }
    }
    items
}

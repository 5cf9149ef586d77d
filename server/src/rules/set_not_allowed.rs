use super::doc::{code, pages, Coverage, FixSafety, RuleDoc};
use super::{Ctx, Rule, TypeState};
use crate::catalog::KindSpec;
use crate::diagnostic::Diagnostic;
use crate::model::Verb;
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "set-not-allowed",
    severity: "error or warning",
    summary: "ALTER … SET of a property that only CREATE can give.",
    doc: RuleDoc {
        what: "Reports ALTER … SET of a property that only CREATE can give. A property that only \
               the current CREATE pages have is a warning, since the ALTER page may lag \
               behind.",
        why: "Snowflake refuses the statement. These properties fix what the integration is; \
              to change one, the integration has to be created again (CREATE OR REPLACE), with \
              what that does to its users and secrets.",
        fix: FixSafety::None(
            "Re-creating the integration is a decision with consequences \
             (`replaces-integration`), not an edit.",
        ),
        covers: Some(
            Coverage::new(
                "Properties the catalog says ALTER cannot SET (`alter = \"none\"`):",
                covered,
            )
            .on_alter_pages(),
        ),
        sources: &[pages::ALTER_SNOWFLAKE_OAUTH, pages::ALTER_EXTERNAL_OAUTH],
    },
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    if ctx.statement.verb != Verb::Alter {
        return;
    }
    for param in &ctx.statement.params {
        let spec = match ctx.type_state {
            TypeState::Checked(kind) => match kind.parameter(&param.name.upper) {
                Some(spec) => spec,
                None => continue,
            },
            TypeState::Unknown => {
                let definitions: Vec<_> = ctx.catalog.definitions(&param.name.upper).collect();
                if definitions.is_empty() || definitions.iter().any(|(_, p)| p.alter.can_set()) {
                    continue;
                }
                definitions[0].1
            }
            TypeState::Unchecked => return,
        };
        if spec.alter.can_set() {
            continue;
        }
        let newer = spec.since.is_some();
        let message = format!("`{}` cannot be changed with ALTER … SET", spec.name);
        let mut diagnostic = ctx
            .diagnostic(
                RULE.code,
                super::page_severity(spec),
                param.name.range(),
                message,
            )
            .with_related(
                param.name.range(),
                "only CREATE OR REPLACE can give it a new value",
            );
        if newer {
            diagnostic = diagnostic.with_related(
                param.name.range(),
                "The ALTER page does not list it, but it is newer than that page's copy, so this may change",
            );
        }
        out.push(diagnostic);
    }
}

/// The kind's properties that ALTER cannot SET, in one line.
fn covered(kind: &KindSpec) -> Vec<String> {
    let names: Vec<String> = kind
        .parameters
        .iter()
        .filter(|p| !p.alter.can_set())
        .map(|p| match p.since {
            Some(_) => format!("{} (reported as a warning)", code(&p.name)),
            None => code(&p.name),
        })
        .collect();
    match names.is_empty() {
        true => Vec::new(),
        false => vec![names.join(", ")],
    }
}

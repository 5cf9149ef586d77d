use super::doc::{codes, pages, Coverage, FixSafety, RuleDoc};
use super::{Ctx, Rule, TypeState};
use crate::catalog::KindSpec;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "unset-not-allowed",
    severity: "error",
    summary: "ALTER … UNSET of a property that cannot be unset.",
    doc: RuleDoc {
        what: "Reports ALTER … UNSET of a property that cannot be unset. Without the CREATE in \
               the file the kind is unknown, and only names that no kind can unset are \
               reported.",
        why: "Snowflake refuses the statement. To change such a property, SET it to the wanted \
              value.",
        fix: FixSafety::None("Which value to SET instead is the author's choice."),
        covers: Some(
            Coverage::new(
                "What ALTER … UNSET accepts for each kind (`alter = \"set_unset\"` in the \
                   catalog); UNSET of any other parameter is reported:",
                covered,
            )
            .on_alter_pages(),
        ),
        sources: &[pages::ALTER_EXTERNAL_OAUTH, pages::ALTER_SNOWFLAKE_OAUTH],
    },
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for name in ctx.statement.unset() {
        let allowed: Vec<&str> = match ctx.type_state {
            TypeState::Checked(kind) => {
                let Some(spec) = kind.parameter(&name.upper) else {
                    continue;
                };
                if spec.alter.can_unset() {
                    continue;
                }
                kind.parameters
                    .iter()
                    .filter(|p| p.alter.can_unset())
                    .map(|p| p.name.as_str())
                    .collect()
            }
            TypeState::Unknown => {
                let definitions: Vec<_> = ctx.catalog.definitions(&name.upper).collect();
                if definitions.is_empty() || definitions.iter().any(|(_, p)| p.alter.can_unset()) {
                    continue;
                }
                Vec::new()
            }
            TypeState::Unchecked => return,
        };
        let message = format!("`{}` cannot be UNSET; SET a new value instead", name.upper);
        let mut diagnostic = ctx.diagnostic(RULE.code, Severity::Error, name.range(), message);
        if !allowed.is_empty() {
            diagnostic = diagnostic.with_related(
                name.range(),
                format!("UNSET accepts only {}", allowed.join(", ")),
            );
        }
        out.push(diagnostic);
    }
}

/// What ALTER … UNSET accepts for the kind, in one line.
fn covered(kind: &KindSpec) -> Vec<String> {
    let names: Vec<String> = kind
        .parameters
        .iter()
        .filter(|p| p.alter.can_unset())
        .map(|p| p.name.clone())
        .collect();
    match names.is_empty() {
        true => vec!["nothing: every UNSET is reported".to_string()],
        false => vec![codes(&names, "and")],
    }
}

use super::doc::{pages, FixSafety, RuleDoc};
use super::{Ctx, Group, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Verb;

pub const RULE: Rule = Rule {
    group: Group::ChangeReview,
    code: "drops-integration",
    severity: "information",
    summary: "DROP of a security integration: it cannot be recovered, and its users are cut off.",
    doc: RuleDoc {
        what: "Reports DROP of a security integration. The message names the kind when the file \
               creates the integration.",
        why: "A dropped integration cannot be recovered. Dropping an active SAML2 or OIDC \
              integration blocks its users at once; dropping a SCIM integration is the only way \
              to revoke its tokens, and provisioning stops until a new one is created with a \
              new token.",
        fix: FixSafety::None("Dropping may be exactly what the change is for."),
        covers: None,
        sources: &[pages::DROP_INTEGRATION],
    },
    check: Some(check),
};

fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    if ctx.statement.verb != Verb::Drop || !ctx.statement.is_security() {
        return;
    }
    let Some(name) = &ctx.statement.name else {
        return;
    };
    let kind = ctx
        .kind()
        .map(|k| format!(" ({})", k.title))
        .unwrap_or_default();
    let mut diagnostic = ctx
        .diagnostic(
            RULE.code,
            Severity::Information,
            name.range(),
            format!("dropping `{}`{kind} cannot be undone", name.text),
        )
        .with_note(Some(
            "everything that signs in or provisions through this integration stops",
        ));
    if let Some(create) = ctx.create {
        diagnostic = diagnostic.with_related(create.range(), "created here");
    }
    out.push(diagnostic);
}

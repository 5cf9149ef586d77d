use super::push;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::doc::{pages, FixSafety, RuleDoc};
use crate::rules::{Group, Rule, WorkspaceRule};
use crate::workspace::rules::{Live, Step, WorkspaceCtx};
use crate::workspace::WorkspaceDiagnostic;
use rustc_hash::FxHashMap;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "sso-already-enabled",
    severity: "warning",
    summary: "A second enabled SAML2 or OIDC integration without identifier-first login.",
    doc: RuleDoc {
        what: "Reports a SAML2 or OIDC integration that becomes enabled (by CREATE, where \
               ENABLED defaults to TRUE, or by ALTER … SET ENABLED = TRUE) while another one is \
               enabled, when no file of the workspace runs `ALTER ACCOUNT SET \
               ENABLE_IDENTIFIER_FIRST_LOGIN = TRUE`.",
        why: "Without identifier-first login an account may have one enabled single sign-on \
              integration at a time; Snowflake refuses a second with 390956 (there can only be \
              one enabled SAML2 integration). The OIDC CREATE page and the guide to multiple \
              identity providers say so.",
        fix: FixSafety::None(
            "Turning on identifier-first login changes how every user signs \
                              in; disabling an integration locks its users out.",
        ),
        covers: None,
        sources: &[pages::CREATE_OIDC, pages::MULTIPLE_IDPS],
    },
    check: None,
};

pub const WORKSPACE: WorkspaceRule = WorkspaceRule { rule: &RULE, check };

fn check(ctx: &WorkspaceCtx, out: &mut Vec<WorkspaceDiagnostic>) {
    if ctx.identifier_first_login {
        return;
    }
    let mut enabled = Enabled::default();
    for step in &ctx.steps {
        if let Step::Dropped { key } = step {
            enabled.remove(key);
        }
        let Some((path, statement, live)) = step.change() else {
            continue;
        };
        let key = live.name().key();
        enabled.remove(&key);
        if !live.kind.is_some_and(|k| k.workspace.single_sign_on)
            || live.word_or_default("ENABLED").as_deref() != Some("TRUE")
        {
            continue;
        }
        if let Some(other) = enabled.first().cloned() {
            let range = statement
                .param("ENABLED")
                .map_or(live.name_range(), |p| statement.at(&p.range()));
            // An ALTER that leaves ENABLED alone changes nothing here.
            if matches!(step, Step::Alter { .. }) && statement.param("ENABLED").is_none() {
                enabled.push(key, live.clone());
                continue;
            }
            let diagnostic = Diagnostic::new(
                RULE.code,
                Severity::Warning,
                range,
                format!(
                    "`{}` is already an enabled SSO integration",
                    other.name().text
                ),
            )
            .with_related_in(other.path.clone(), other.name_range(), "enabled here")
            .with_note(Some(
                "only one SAML2 or OIDC integration may be enabled without \
                 ALTER ACCOUNT SET ENABLE_IDENTIFIER_FIRST_LOGIN = TRUE (390956)",
            ));
            push(out, path, diagnostic);
        }
        enabled.push(key, live.clone());
    }
}

/// The enabled single sign-on integrations, in the order they were enabled, by folded name.
#[derive(Default)]
struct Enabled<'w> {
    order: Vec<Option<Live<'w>>>,
    at: FxHashMap<String, usize>,
    /// No integration before this place in `order` is still enabled.
    first: usize,
}

impl<'w> Enabled<'w> {
    fn remove(&mut self, key: &str) {
        if let Some(i) = self.at.remove(key) {
            self.order[i] = None;
        }
    }

    fn push(&mut self, key: String, live: Live<'w>) {
        self.at.insert(key, self.order.len());
        self.order.push(Some(live));
    }

    fn first(&mut self) -> Option<&Live<'w>> {
        while self.order.get(self.first).is_some_and(|l| l.is_none()) {
            self.first += 1;
        }
        self.order.get(self.first)?.as_ref()
    }
}

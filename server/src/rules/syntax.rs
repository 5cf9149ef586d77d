use super::doc::{pages, FixSafety, RuleDoc};
use super::Rule;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::rules::Group;
use crate::syntax::SyntaxError;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "syntax",
    severity: "error",
    summary: "The statement does not parse.",
    doc: RuleDoc {
        what: "Reports an integration statement the grammar cannot read: a missing `=`, an \
               unclosed string or list, a stray word. Only integration statements are reported; \
               other SQL in the file is left to other tools, and the rest of the file is still \
               checked.\n\n\
               Two mistakes are recognised and repaired: a misspelt keyword (`ALTR SECURITY \
               INTEGRATION`, `CREATE SECURTY INTEGRATION`), and a parameter stranded after a \
               `;` that ended its statement too early.",
        why: "Snowflake refuses a statement it cannot parse, so none of its settings take \
              effect. A stranded parameter is easy to miss: the statement before the `;` may \
              run without it, and the parameter on its own is a second error.",
        fix: FixSafety::Mixed(
            "Correcting a misspelt keyword is safe: the statement cannot have meant anything \
             else. Moving the `;` is unsafe, because it adds the stranded parameter to the \
             integration.",
        ),
        covers: None,
        sources: &[pages::CREATE],
    },
    check: None,
};

pub fn diagnostics(errors: &[SyntaxError]) -> impl Iterator<Item = Diagnostic> + '_ {
    errors.iter().map(|e| {
        let diagnostic = Diagnostic::new(
            RULE.code,
            Severity::Error,
            e.range.clone(),
            e.message.clone(),
        );
        match &e.fix {
            None => diagnostic,
            Some(fix) => {
                let repair =
                    Fix::replace(fix.title.clone(), fix.range.clone(), &fix.new_text).preferred();
                diagnostic.with_fix(if fix.safe { repair.safe() } else { repair })
            }
        }
    })
}

use super::Rule;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::rules::Group;
use crate::syntax::SyntaxError;

pub const RULE: Rule = Rule {
    group: Group::Correctness,
    code: "syntax",
    severity: "error",
    summary: "The statement does not parse.",
    doc: "An integration statement that the grammar cannot read: a missing `=`, an unclosed \
          string or list, a stray word. Only integration statements are reported; other SQL in \
          the file is left to other tools. The rest of the file is still checked. Two mistakes \
          are recognised and repaired: a misspelt keyword (`ALTR SECURITY INTEGRATION`, \
          `CREATE SECURTY INTEGRATION`), whose fix is safe, and a parameter stranded after a \
          `;` that ended its statement too early, whose fix (moving the `;`) is unsafe because \
          it adds the parameter to the integration.",
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

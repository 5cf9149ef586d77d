use super::Rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::syntax::SyntaxError;

pub const RULE: Rule = Rule {
    code: "syntax",
    severity: "error",
    summary: "The statement does not parse.",
    doc: "An integration statement that the grammar cannot read: a missing `=`, an unclosed \
          string or list, a stray word. Only integration statements are reported; other SQL in \
          the file is left to other tools. The rest of the file is still checked.",
    check: None,
};

pub fn diagnostics(errors: &[SyntaxError]) -> impl Iterator<Item = Diagnostic> + '_ {
    errors.iter().map(|e| {
        Diagnostic::new(
            RULE.code,
            Severity::Error,
            e.range.clone(),
            e.message.clone(),
        )
    })
}

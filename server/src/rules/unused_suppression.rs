use super::Rule;
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Suppressions,
    code: crate::suppress::UNUSED,
    severity: "warning",
    summary: "A suppression comment that silences nothing.",
    doc: "A suppression whose codes match no diagnostic in its scope: the problem was fixed, or \
          the comment sits on the wrong line. Stale suppressions hide the next real problem, so \
          they are reported, as ruff reports unused `noqa` comments (RUF100). The fix removes the \
          comment, or the unused codes from its list. Fix safety: safe.",
    check: None,
};

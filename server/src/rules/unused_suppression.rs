use super::doc::{pages, FixSafety, RuleDoc};
use super::Rule;
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Suppressions,
    code: crate::suppress::UNUSED,
    severity: "warning",
    summary: "A suppression comment that silences nothing.",
    doc: RuleDoc {
        what: "Reports a suppression whose codes match no diagnostic in its scope: the problem \
               was fixed, or the comment sits on the wrong line. ruff reports unused `noqa` \
               comments the same way (RUF100).",
        why: "A stale suppression hides the next real problem on its line or in its file.",
        fix: FixSafety::Safe(
            "The fix removes the comment, or only the unused codes from its list; what the \
             others silence stays silenced.",
        ),
        covers: None,
        sources: &[pages::RUFF_UNUSED_NOQA],
    },
    check: None,
};

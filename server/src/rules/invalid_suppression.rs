use super::doc::{pages, FixSafety, RuleDoc};
use super::Rule;
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Suppressions,
    code: crate::suppress::INVALID,
    severity: "warning",
    summary: "A suppression comment that names no code, or an unknown one.",
    doc: RuleDoc {
        what: "Reports a `-- secint: …` comment that secint cannot read: a directive other than \
               `ignore[…]` and `ignore-file[…]`, a directive without the codes it silences, or \
               a code that is neither a rule nor a group (often a typo such as `placehodler`).",
        why: "A suppression must name what it silences, so that it never hides more than its \
              author meant. One with an unknown code silences nothing, while its author believes \
              the problem is handled.",
        fix: FixSafety::Safe(
            "The fix replaces a misspelt directive or code with the closest known one, which is \
             what the comment was written to say; a directive without codes has no fix.",
        ),
        covers: None,
        sources: &[pages::RUFF_SUPPRESSION],
    },
    check: None,
};

use super::Rule;
use crate::rules::Group;

pub const RULE: Rule = Rule {
    group: Group::Suppressions,
    code: crate::suppress::INVALID,
    severity: "warning",
    summary: "A suppression comment that names no code, or an unknown one.",
    doc: "`-- secint: ignore[code, …]` and `-- secint: ignore-file[code, …]` must name the codes \
          they silence, so that a suppression never hides more than its author meant. An unknown \
          code (often a typo such as `placehodler`) silences nothing; the fix replaces it with \
          the closest code. Fix safety: safe.",
    check: None,
};

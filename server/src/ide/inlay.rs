//! Inlay hints: what the text leaves implicit. Durations in seconds in human units, and at
//! the end of a CREATE the defaults of omitted parameters the catalog marks with
//! `hint_default` (each hint carries the text that writes the default out).

use crate::catalog::{AlterAccess, Catalog, ParameterSpec, Unit};
use crate::diagnostic::Edit;
use crate::model::{Statement, ValueForm, Verb};
use crate::rules::{Ctx, TypeState};
use std::ops::Range;

/// Which kinds of hints to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HintKinds {
    pub durations: bool,
    pub defaults: bool,
}

impl Default for HintKinds {
    fn default() -> Self {
        HintKinds {
            durations: true,
            defaults: true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HintKind {
    Duration,
    Default,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    /// Where the hint shows: after this byte.
    pub offset: usize,
    pub label: String,
    pub kind: HintKind,
    pub tooltip: String,
    /// What accepting the hint writes.
    pub edit: Option<Edit>,
}

/// The hints for statements that intersect `range`, in document order.
pub fn inlay_hints(
    text: &str,
    statements: &[Statement],
    range: Range<usize>,
    kinds: HintKinds,
) -> Vec<Hint> {
    let mut out = Vec::new();
    for statement in statements {
        if statement.range().end < range.start || statement.range().start > range.end {
            continue;
        }
        if statement.has_syntax_error {
            continue;
        }
        if kinds.durations {
            durations(statement, &range, &mut out);
        }
        if kinds.defaults && statement.verb == Verb::Create && !statement.params.is_empty() {
            defaults(text, statement, &range, &mut out);
        }
    }
    out.sort_by_key(|h| h.offset);
    out
}

fn durations(statement: &Statement, range: &Range<usize>, out: &mut Vec<Hint>) {
    for param in &statement.params {
        let Some(value) = &param.value else { continue };
        let ValueForm::Number(number) = &value.form else {
            continue;
        };
        if value.range().end < range.start || value.range().end > range.end {
            continue;
        }
        let in_seconds = Catalog::get()
            .definitions(&param.name.upper)
            .any(|(_, spec)| spec.unit == Some(Unit::Seconds));
        let Some(seconds) = number.parse::<u64>().ok().filter(|_| in_seconds) else {
            continue;
        };
        out.push(Hint {
            offset: value.range().end,
            label: human_duration(seconds),
            kind: HintKind::Duration,
            tooltip: format!("{seconds} seconds"),
            edit: None,
        });
    }
}

fn defaults(text: &str, statement: &Statement, range: &Range<usize>, out: &mut Vec<Hint>) {
    let ctx = Ctx::new(text, statement, None);
    let TypeState::Checked(kind) = ctx.type_state else {
        return;
    };
    let Some(last) = statement.params.last() else {
        return;
    };
    let at = last.range().end;
    // Shown after the statement's `;` (so they read apart from the last value), inserted
    // before it.
    let shown = match text[statement.range().end..].starts_with(';') {
        true => statement.range().end + 1,
        false => statement.range().end,
    };
    if shown < range.start || shown > range.end {
        return;
    }
    let indent = indent_of(text, last.range().start);
    for spec in kind.parameters.iter().filter(|p| p.hint_default) {
        if statement.param(&spec.name).is_some() {
            continue;
        }
        if spec
            .applies_when
            .as_ref()
            .is_some_and(|when| ctx.variant.satisfies(when) != Some(true))
        {
            continue;
        }
        let Some(default) = spec.default_for(&ctx.variant) else {
            continue;
        };
        let written = format!("{} = {}", spec.name, default);
        let label = match duration_of(spec, default) {
            Some(human) => format!("{written} ({human})"),
            None => written.clone(),
        };
        out.push(Hint {
            offset: shown,
            label,
            kind: HintKind::Default,
            tooltip: format!(
                "Default of {}, which this CREATE leaves out{}. Click to write it out.",
                spec.name,
                if spec.alter == AlterAccess::None {
                    "; it cannot be changed later"
                } else {
                    ""
                }
            ),
            edit: Some(Edit {
                range: at..at,
                new_text: format!("\n{indent}{written}"),
            }),
        });
    }
}

fn duration_of(spec: &ParameterSpec, value: &str) -> Option<String> {
    (spec.unit == Some(Unit::Seconds))
        .then(|| value.parse::<u64>().ok())
        .flatten()
        .map(human_duration)
}

/// The indentation of the line holding `offset` (its leading spaces and tabs), or two spaces
/// when the parameter shares its line with other text.
fn indent_of(text: &str, offset: usize) -> String {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    if before.chars().all(|c| c == ' ' || c == '\t') && !before.is_empty() {
        before.to_string()
    } else {
        "  ".to_string()
    }
}

/// `86400` ⟶ `1 day`, `7776000` ⟶ `90 days`, `5400` ⟶ `1 hour 30 minutes`.
pub fn human_duration(seconds: u64) -> String {
    if seconds == 0 {
        return "0 seconds".to_string();
    }
    let mut parts = Vec::new();
    let mut rest = seconds;
    for (size, unit) in [
        (86_400, "day"),
        (3_600, "hour"),
        (60, "minute"),
        (1, "second"),
    ] {
        let n = rest / size;
        rest %= size;
        if n > 0 {
            parts.push(format!("{n} {unit}{}", if n == 1 { "" } else { "s" }));
        }
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_in_the_largest_units_that_fit() {
        assert_eq!(human_duration(86_400), "1 day");
        assert_eq!(human_duration(7_776_000), "90 days");
        assert_eq!(human_duration(600), "10 minutes");
        assert_eq!(human_duration(36_000), "10 hours");
        assert_eq!(human_duration(5_400), "1 hour 30 minutes");
        assert_eq!(human_duration(61), "1 minute 1 second");
        assert_eq!(human_duration(0), "0 seconds");
    }
}

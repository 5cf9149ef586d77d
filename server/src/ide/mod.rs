//! Editor features computed from the same facts as the checker: completion, hover, code
//! actions, symbols, semantic tokens, folding, inlay hints and selection ranges. Plain structs
//! with byte offsets; `lsp` converts them.

pub mod actions;
pub mod completion;
pub mod hover;
pub mod inlay;
pub mod names;
pub mod outline;
pub mod roles;
pub mod selection;
pub mod tokens;

use crate::catalog::{Catalog, KindSpec, ParameterSpec, Variant};
use crate::rules::{doc_url, rule};

/// Text from the user's document as a Markdown code span: shown exactly as written, nothing
/// inside it needs escaping.
pub fn code_span(text: &str) -> String {
    // A fence longer than any run of backticks inside; padded when the text touches one.
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Markdown for one value of a parameter.
pub fn value_markdown(kind: &KindSpec, spec: &ParameterSpec, value: &str) -> String {
    let Some(v) = spec.value(value) else {
        return parameter_markdown(kind, spec, &Variant::default());
    };
    format!(
        "**{} = {}**\n\n{}\n\n{}\n\n[Snowflake docs]({})",
        spec.name,
        spec.spell_value(&v.name),
        v.doc,
        first_sentence(&spec.doc),
        spec.page(kind)
    )
}

fn first_sentence(doc: &str) -> String {
    let doc = doc.trim();
    match doc.find(". ") {
        Some(i) => doc[..=i].to_string(),
        None => doc.to_string(),
    }
}

/// Text for `secint explain TOPIC`: a rule's docs, a group's rules, or a parameter's docs.
pub fn explain(topic: &str) -> Option<String> {
    if let Some(group) = crate::rules::Group::parse(&topic.to_ascii_lowercase()) {
        let mut text = format!("# {}\n\n{}\n\n", group.name(), group.summary());
        for rule in group.rules() {
            text.push_str(&format!(
                "- `{}` ({}): {}\n",
                rule.code, rule.severity, rule.summary
            ));
        }
        text.push_str(&format!(
            "\nSet the whole group with `[rules] {} = \"warning\"` (or `off`); a code's own setting wins.",
            group.name()
        ));
        return Some(text);
    }
    if let Some(rule) = rule(&topic.to_ascii_lowercase()) {
        let mut text = format!(
            "# {} ({})\n\n{}\n\n{}",
            rule.code, rule.severity, rule.summary, rule.doc
        );
        if let Some(url) = doc_url(rule.code, None) {
            text.push_str(&format!("\n\nDocs: {url}"));
        }
        return Some(text);
    }
    let catalog = Catalog::get();
    let upper = topic.to_ascii_uppercase();
    let docs: Vec<String> = catalog
        .definitions(&upper)
        .map(|(kind, spec)| parameter_markdown(kind, spec, &Variant::default()))
        .collect();
    (!docs.is_empty()).then(|| docs.join("\n\n---\n\n"))
}

/// Markdown for a parameter: its doc, value kind, values, default, where it applies and the
/// page it comes from.
pub fn parameter_markdown(kind: &KindSpec, spec: &ParameterSpec, variant: &Variant) -> String {
    let mut out = format!(
        "**{}** · {} integrations\n\n{}\n",
        spec.name,
        kind.title,
        spec.doc.trim()
    );
    out.push_str(&format!("\n**Value:** {}", spec.value.describe()));
    if !spec.values.is_empty() {
        out.push_str("\n\n");
        for value in &spec.values {
            out.push_str(&format!(
                "- `{}` — {}\n",
                spec.spell_value(&value.name),
                value.doc
            ));
        }
    } else {
        out.push('\n');
    }
    if let Some(default) = spec.default_for(variant) {
        out.push_str(&format!("\n**Default:** `{default}`"));
        if spec.defaults.len() > 1 {
            let each: Vec<String> = spec
                .defaults
                .iter()
                .map(|d| format!("{} `{}`", when_text(kind, &d.when), d.value))
                .collect();
            out.push_str(&format!(" ({})", each.join("; ")));
        }
        out.push('\n');
    }
    let mut facts = Vec::new();
    if spec.required {
        facts.push("required by CREATE".to_string());
    }
    if let Some(when) = &spec.required_when {
        facts.push(format!("required by CREATE for {}", when_text(kind, when)));
    }
    if let Some(when) = &spec.applies_when {
        facts.push(format!("only for {}", when_text(kind, when)));
    }
    facts.push(
        match spec.alter {
            crate::catalog::AlterAccess::Set => "ALTER can SET it",
            crate::catalog::AlterAccess::SetUnset => "ALTER can SET and UNSET it",
            crate::catalog::AlterAccess::None => "fixed at CREATE",
        }
        .to_string(),
    );
    if spec.since.is_some() {
        facts.push("newer than some copies of the page".to_string());
    }
    out.push_str(&format!("\n**Applies:** {}\n", facts.join("; ")));
    out.push_str(&format!("\n[Snowflake docs]({})", spec.page(kind)));
    out
}

pub fn when_text(kind: &KindSpec, when: &crate::catalog::When) -> String {
    when.describe(kind, |values| values.join(" | "), ", ")
}

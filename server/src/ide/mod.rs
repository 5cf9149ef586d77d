//! Editor features computed from the same facts as the checker: completion, hover, symbols,
//! semantic tokens, folding, inlay hints and selection ranges. Plain structs with byte offsets; `lsp` converts them.

pub mod completion;
pub mod hover;
pub mod inlay;
pub mod outline;
pub mod selection;
pub mod tokens;

use crate::catalog::{Catalog, KindSpec, ParameterSpec, Variant};
use crate::rules::{doc_url, rule};

/// Escapes text from the user's document for Markdown, so that it shows as written and
/// cannot form links, images, HTML or commands.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    out
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

/// Text for `secint explain TOPIC`: a rule's docs or a parameter's.
pub fn explain(topic: &str) -> Option<String> {
    if let Some(rule) = rule(&topic.to_ascii_lowercase()) {
        return Some(format!(
            "{} ({})\n\n{}\n\n{}\n\nDocs: {}",
            rule.code,
            rule.severity,
            rule.summary,
            rule.doc,
            doc_url(rule.code)
        ));
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
                .map(|d| format!("{} `{}`", when_text(&d.when), d.value))
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
        facts.push(format!("required by CREATE for {}", when_text(when)));
    }
    if let Some(when) = &spec.applies_when {
        facts.push(format!("only for {}", when_text(when)));
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

pub fn when_text(when: &crate::catalog::When) -> String {
    let mut parts = Vec::new();
    if !when.idp.is_empty() {
        parts.push(format!("EXTERNAL_OAUTH_TYPE = {}", when.idp.join(" | ")));
    }
    if !when.client.is_empty() {
        parts.push(format!("OAUTH_CLIENT = {}", when.client.join(" | ")));
    }
    if !when.client_type.is_empty() {
        parts.push(format!(
            "OAUTH_CLIENT_TYPE = {}",
            when.client_type.join(" | ")
        ));
    }
    parts.join(", ")
}

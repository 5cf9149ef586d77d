//! Hover: docs for parameters and values, the kind for TYPE values, and a summary of an
//! integration on its name.

use super::{code_span, parameter_markdown, value_markdown};
use crate::catalog::{Catalog, KindSpec};
use crate::model::{Statement, Verb};
use crate::rules::{Ctx, TypeState};
use crate::semantics::{definition_in, Alone, Outside};
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverResult {
    pub markdown: String,
    pub range: Range<usize>,
}

/// Hover at `offset` over the document's lowered `statements`.
pub fn hover(text: &str, statements: &[Statement], offset: usize) -> Option<HoverResult> {
    hover_with(text, statements, offset, &Alone)
}

/// [`hover`], with the CREATEs of other files.
pub fn hover_with(
    text: &str,
    statements: &[Statement],
    offset: usize,
    outside: &dyn Outside,
) -> Option<HoverResult> {
    let index = statements.partition_point(|s| s.range().end < offset);
    let statement = statements
        .get(index)
        .filter(|s| s.range().start <= offset)?;
    let create = definition_in(statements, index, outside).map(|d| d.statement(statements));
    let ctx = Ctx::new(text, statement, create.as_deref());
    let catalog = Catalog::get();
    let within = |r: &Range<usize>| r.start <= offset && offset <= r.end && !r.is_empty();

    if let Some(name) = statement.name.as_ref().filter(|n| within(&n.range())) {
        return Some(HoverResult {
            markdown: integration_summary(text, statements, statement, index, outside),
            range: name.range(),
        });
    }
    let names = statement.params.iter().map(|p| (&p.name, p.value.as_ref()));
    let unset = statement.unset().iter().map(|n| (n, None));
    for (name, value) in names.chain(unset) {
        if within(&name.range()) {
            return Some(HoverResult {
                markdown: parameter_docs(&ctx, &name.upper)?,
                range: name.range(),
            });
        }
        let Some(value) = value else { continue };
        for item in value.items() {
            if !within(&item.range()) {
                continue;
            }
            let word = item.scalar()?.trim();
            if name.upper == "TYPE" {
                // A TYPE with several kinds: the one this statement selects, if known.
                let kind = ctx
                    .kind()
                    .filter(|k| k.type_name.eq_ignore_ascii_case(word))
                    .or_else(|| catalog.kinds_of_type(word).next())?;
                return Some(HoverResult {
                    markdown: kind_markdown(kind),
                    range: item.range(),
                });
            }
            let spec = ctx
                .spec(&name.upper)
                .or_else(|| unique_definition(&name.upper))?;
            spec.value(word)?;
            let kind = ctx
                .kind()
                .or_else(|| catalog.definitions(&name.upper).next().map(|(k, _)| k))?;
            return Some(HoverResult {
                markdown: value_markdown(kind, spec, word),
                range: item.range(),
            });
        }
    }
    None
}

fn unique_definition(name: &str) -> Option<&'static crate::catalog::ParameterSpec> {
    let mut defs = Catalog::get().definitions(name);
    let first = defs.next()?;
    defs.next().is_none().then_some(first.1)
}

fn parameter_docs(ctx: &Ctx, name: &str) -> Option<String> {
    if let Some(kind) = ctx.kind() {
        if let Some(spec) = kind.parameter(name) {
            return Some(parameter_markdown(kind, spec, &ctx.variant));
        }
    }
    let docs: Vec<String> = Catalog::get()
        .definitions(name)
        .map(|(kind, spec)| parameter_markdown(kind, spec, &ctx.variant))
        .collect();
    (!docs.is_empty()).then(|| docs.join("\n\n---\n\n"))
}

pub fn kind_markdown(kind: &KindSpec) -> String {
    let mut out = format!(
        "**TYPE = {}** · {}\n\n{}\n",
        kind.type_name,
        kind.title,
        kind.doc.trim()
    );
    if !kind.checked {
        out.push_str("\nsecint recognises this type but does not check its parameters.\n");
    }
    out.push_str(&format!("\n[Snowflake docs]({})", kind.page));
    out
}

/// What the document says about an integration: its kind, variant and parameters.
fn integration_summary(
    text: &str,
    statements: &[Statement],
    statement: &Statement,
    index: usize,
    outside: &dyn Outside,
) -> String {
    let name = statement
        .name
        .as_ref()
        .map(|n| n.text.as_str())
        .unwrap_or("");
    let definition = match statement.verb {
        Verb::Create => Some((std::borrow::Cow::Borrowed(statement), None)),
        _ => definition_in(statements, index, outside)
            .map(|d| (d.statement(statements), d.elsewhere())),
    };
    let mut out = format!("**Integration** {}\n\n", code_span(name));
    let Some((create, elsewhere)) = definition else {
        out.push_str("No CREATE for this integration in the workspace.");
        return out;
    };
    let ctx = Ctx::new(text, &create, None);
    match (ctx.kind(), ctx.type_state) {
        (Some(kind), _) => out.push_str(&kind.title),
        (None, TypeState::Unchecked) => out.push_str("Integration (not checked by secint)"),
        (None, _) => out.push_str("Security integration"),
    }
    let variant = ctx.describe_variant();
    if !variant.is_empty() {
        out.push_str(&format!(" · {}", code_span(&variant)));
    }
    if let Some(found) = elsewhere {
        out.push_str(&format!(
            "\n\nCreated in {} line {}",
            code_span(&found.path.display().to_string()),
            found.line + 1
        ));
    }
    // Values are read from the CREATE's own text only when it is in this document.
    let text = if elsewhere.is_some() { "" } else { text };
    out.push_str("\n\n| parameter | value |\n|---|---|\n");
    for param in &create.params {
        let value = param
            .value
            .as_ref()
            .map(|v| match text.get(v.range()) {
                Some(raw) => raw.replace('\n', " "),
                None => v.scalar().unwrap_or_default().to_string(),
            })
            .unwrap_or_default();
        let value: String = value.chars().take(80).collect();
        out.push_str(&format!(
            "| {} | {} |\n",
            code_span(&param.name.upper),
            code_span(&value).replace('|', "\\|")
        ));
    }
    out
}

/// Hover for an integration's name written in other SQL: its kind, variant and where it is
/// created.
pub fn name_summary(summary: &crate::workspace::navigation::NameSummary) -> HoverResult {
    let mut out = format!("**Integration** {}\n\n", code_span(&summary.name.text));
    match summary.kind {
        Some(kind) => out.push_str(&kind.title),
        None => out.push_str("Security integration"),
    }
    if !summary.variant.is_empty() {
        out.push_str(&format!(" · {}", code_span(&summary.variant)));
    }
    match &summary.created_in {
        Some((path, line)) => out.push_str(&format!(
            "\n\nCreated in {} line {}",
            code_span(&path.display().to_string()),
            line + 1
        )),
        None => out.push_str("\n\nNo CREATE for this integration in the workspace."),
    }
    HoverResult {
        markdown: out,
        range: summary.name.range.clone(),
    }
}

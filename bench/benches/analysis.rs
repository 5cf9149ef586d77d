//! `cargo bench -p secint-bench`: parse, check, format, one keystroke, the workspace pass,
//! completion and hover on the 9,001-line workload and its 10× version.

use divan::Bencher;
use secint::document::SourceDocument;
use secint::ide::completion::{complete, CompletionInput};
use secint::ide::hover::hover;
use secint_bench::{workload, LINES, LINES_10X};

fn main() {
    divan::main();
}

const SIZES: [usize; 2] = [LINES, LINES_10X];

/// One tree-sitter parse of the whole text (the baseline the targets are relative to).
#[divan::bench(args = SIZES, sample_count = 20)]
fn full_parse(bencher: Bencher, lines: usize) {
    let text = workload(lines);
    bencher.bench(|| secint::syntax::parse(&text, None));
}

/// What opening a document costs: split, parse each statement, lower, check.
#[divan::bench(args = SIZES, sample_count = 20)]
fn open_document(bencher: Bencher, lines: usize) {
    let text = workload(lines);
    bencher.bench(|| SourceDocument::new(text.clone()));
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn full_check(bencher: Bencher, lines: usize) {
    let text = workload(lines);
    bencher.bench(|| secint::check(&text));
}

/// What the workspace pass after edits does with an open document: index it again (its
/// statements are shared, not copied) and run the rules across files.
#[divan::bench(args = SIZES, sample_count = 20)]
fn workspace_pass(bencher: Bencher, lines: usize) {
    let document = SourceDocument::new(workload(lines));
    bencher.bench_local(|| {
        let mut workspace = secint::workspace::Workspace::new();
        let index = secint::semantics::FileIndex::of_document(&document);
        workspace.set(std::path::Path::new("workload.sql"), index);
        secint::workspace::check_workspace(&workspace).len()
    });
}

/// Formatting the workload as written (already laid out: nothing to rewrite) and with every
/// integration statement on one lower-case line (everything rewritten and verified).
#[divan::bench(args = SIZES, sample_count = 20)]
fn format_tidy(bencher: Bencher, lines: usize) {
    let text = workload(lines);
    let options = secint::format::FormatOptions::default();
    bencher.bench(|| secint::format::format_edits(&text, &options, None));
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn format_messy(bencher: Bencher, lines: usize) {
    let text = workload(lines)
        .replace("\n  ", " ")
        .replace("CREATE SECURITY INTEGRATION", "create security integration");
    let options = secint::format::FormatOptions::default();
    bencher.bench(|| secint::format::format_edits(&text, &options, None));
}

/// The offset of a parameter value in the middle of the document.
fn middle_value(text: &str) -> usize {
    let middle = text.len() / 2;
    middle
        + text[middle..]
            .find("OAUTH_REFRESH_TOKEN_VALIDITY = ")
            .unwrap()
        + "OAUTH_REFRESH_TOKEN_VALIDITY = ".len()
}

/// One typed character: edit, incremental re-parse, re-check of the touched statement.
#[divan::bench(args = SIZES, sample_count = 200)]
fn keystroke(bencher: Bencher, lines: usize) {
    let mut doc = SourceDocument::new(workload(lines));
    let at = middle_value(&doc.text);
    let mut typed = false;
    bencher.bench_local(|| {
        if typed {
            doc.edit(at..at + 1, "");
        } else {
            doc.edit(at..at, "9");
        }
        typed = !typed;
        doc.refresh();
        assert_eq!(doc.analysis.stats.checked, 1);
    });
}

#[divan::bench(args = SIZES, sample_count = 200)]
fn completion(bencher: Bencher, lines: usize) {
    let doc = SourceDocument::new(workload(lines));
    let middle = doc.text.len() / 2;
    let at = middle
        + doc.text[middle..].find("EXTERNAL_OAUTH_TYPE = ").unwrap()
        + "EXTERNAL_OAUTH_TYPE = ".len();
    bencher.bench(|| {
        let chunk = doc.chunk_at(at);
        complete(&CompletionInput {
            text: &doc.text,
            statement: chunk.start..chunk.end,
            offset: at,
            statements: &doc.analysis.around(chunk.start..chunk.end),
            roles: &Vec::new,
        })
    });
}

#[divan::bench(args = SIZES, sample_count = 200)]
fn hover_parameter(bencher: Bencher, lines: usize) {
    let doc = SourceDocument::new(workload(lines));
    let middle = doc.text.len() / 2;
    let at = middle + doc.text[middle..].find("EXTERNAL_OAUTH_ISSUER").unwrap() + 3;
    bencher.bench(|| hover(&doc.text, &doc.analysis.around(at..at), at).expect("a hover"));
}

//! `secint format`: rewrites the integration statements of files (or stdin) in place, or with
//! `--check` / `--diff` says what would change.

use super::{collect_files, exit, read_source, write_fixed};
use crate::diagnostic::Edit;
use crate::format::{format_edits, FormatOptions};
use crate::text::apply_edits;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The arguments of `secint format`.
#[derive(Debug, clap::Args)]
pub struct FormatArgs {
    /// Files or directories to format; `-` reads stdin and prints the result.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Write nothing; exit 1 when a file would change.
    #[arg(long, conflicts_with = "diff")]
    check: bool,
    /// Print a unified diff instead of writing; exit 1 when there is one.
    #[arg(long)]
    diff: bool,
    /// Spaces per indentation level.
    #[arg(long, value_name = "N")]
    indent: Option<usize>,
    /// Case of keywords and parameter names: upper or lower.
    #[arg(long, value_name = "CASE")]
    keyword_case: Option<String>,
    /// Longest line a list stays on before it gets one item per line.
    #[arg(long, value_name = "N")]
    width: Option<usize>,
    /// Line up the `=` of a statement's parameters.
    #[arg(long)]
    align_equals: bool,
    /// Order CREATE parameters as the catalog lists them for the TYPE.
    #[arg(long)]
    sort_parameters: bool,
}

impl FormatArgs {
    /// Runs the command on the process's stdout and stderr; returns the exit code.
    pub fn run(self) -> i32 {
        // The `[format]` table of the nearest config above the working directory, then flags.
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let mut options = match crate::config::find_config_file(&cwd)
            .map(|path| crate::config::Config::load(&path))
        {
            Some(Ok(Some(config))) => match config.format_options() {
                Ok(options) => options,
                Err(e) => {
                    eprintln!("secint: {e}");
                    return exit::TROUBLE;
                }
            },
            Some(Err(e)) => {
                eprintln!("secint: {e}");
                return exit::TROUBLE;
            }
            _ => FormatOptions::default(),
        };
        let mut settings: Vec<(&str, String)> = Vec::new();
        if let Some(n) = self.indent {
            settings.push(("indent", n.to_string()));
        }
        if let Some(case) = &self.keyword_case {
            settings.push(("keyword-case", case.clone()));
        }
        if let Some(n) = self.width {
            settings.push(("width", n.to_string()));
        }
        if self.align_equals {
            settings.push(("align-equals", "true".to_string()));
        }
        if self.sort_parameters {
            settings.push(("sort-parameters", "true".to_string()));
        }
        for (key, value) in settings {
            if let Err(message) = options.set(key, &value) {
                eprintln!("secint: {message}");
                return exit::TROUBLE;
            }
        }
        let mode = match (self.check, self.diff) {
            (true, _) => FormatMode::Check,
            (_, true) => FormatMode::Diff,
            _ => FormatMode::Write,
        };
        run_format(
            &self.paths,
            &options,
            mode,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatMode {
    /// Write the formatted files.
    Write,
    /// Write nothing; exit 1 when a file would change.
    Check,
    /// Print a unified diff; write nothing; exit 1 when there is one.
    Diff,
}

/// Runs `secint format` over `paths` (`-` is stdin, formatted to `out`). Returns the exit code:
/// 0 when nothing changed (or everything was written), 1 when `--check`/`--diff` found a file
/// to change, 2 when a path could not be read or written.
pub fn run_format(
    paths: &[PathBuf],
    options: &FormatOptions,
    mode: FormatMode,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let mut trouble = false;
    let mut changed = 0usize;
    let (stdin, files): (Vec<&PathBuf>, Vec<PathBuf>) = {
        let stdin = paths.iter().filter(|p| p.as_os_str() == "-").collect();
        let rest: Vec<PathBuf> = paths
            .iter()
            .filter(|p| p.as_os_str() != "-")
            .cloned()
            .collect();
        (stdin, rest)
    };
    if !stdin.is_empty() {
        let mut bytes = Vec::new();
        let read = std::io::stdin().read_to_end(&mut bytes);
        match read.map_err(|e| e.to_string()).and_then(|_| {
            String::from_utf8(bytes).map_err(|_| "stdin is not valid UTF-8".to_string())
        }) {
            Ok(text) => {
                let edits = format_edits(&text, options, None);
                let formatted = apply(&text, &edits);
                match mode {
                    FormatMode::Write => {
                        let _ = out.write_all(formatted.as_bytes());
                    }
                    FormatMode::Check => changed += usize::from(!edits.is_empty()),
                    FormatMode::Diff => {
                        if !edits.is_empty() {
                            changed += 1;
                            let _ = out.write_all(unified_diff("-", &text, &edits).as_bytes());
                        }
                    }
                }
            }
            Err(message) => {
                let _ = writeln!(err, "secint: -: {message}");
                trouble = true;
            }
        }
    }
    let (files, troubles) = collect_files(&files);
    for (path, message) in &troubles {
        let _ = writeln!(err, "secint: {}: {message}", path.display());
        trouble = true;
    }
    for path in &files {
        match format_path(path, options, mode) {
            Ok(None) => {}
            Ok(Some(diff)) => {
                changed += 1;
                match mode {
                    FormatMode::Write => {}
                    FormatMode::Check => {
                        let _ = writeln!(err, "would reformat {}", path.display());
                    }
                    FormatMode::Diff => {
                        let _ = out.write_all(diff.as_bytes());
                    }
                }
            }
            Err(message) => {
                let _ = writeln!(err, "secint: {}: {message}", path.display());
                trouble = true;
            }
        }
    }
    let _ = out.flush();
    if trouble {
        exit::TROUBLE
    } else if changed > 0 && mode != FormatMode::Write {
        exit::ERRORS
    } else {
        exit::CLEAN
    }
}

/// Formats one file; `Some(diff)` when it changes (written in [`FormatMode::Write`]).
fn format_path(
    path: &Path,
    options: &FormatOptions,
    mode: FormatMode,
) -> Result<Option<String>, String> {
    let (text, had_bom) = read_source(path)?;
    // In Markdown only the SQL blocks are formatted; the prose is never touched.
    let edits = match crate::markdown::is_markdown_path(&path.to_string_lossy()) {
        true => crate::markdown::format_edits(&text, options, None),
        false => format_edits(&text, options, None),
    };
    if edits.is_empty() {
        return Ok(None);
    }
    let name = path.display().to_string();
    let diff = if mode == FormatMode::Diff {
        unified_diff(&name, &text, &edits)
    } else {
        String::new()
    };
    if mode == FormatMode::Write {
        write_fixed(path, &text, &apply(&text, &edits), had_bom)?;
    }
    Ok(Some(diff))
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let pairs: Vec<_> = edits
        .iter()
        .map(|e| (e.range.clone(), e.new_text.as_str()))
        .collect();
    apply_edits(text, &pairs)
}

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// A unified diff of `text` and `text` with `edits` (sorted, non-overlapping): one hunk per
/// group of edits whose context lines touch.
pub fn unified_diff(name: &str, text: &str, edits: &[Edit]) -> String {
    let starts = line_starts(text);
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset) - 1;
    let line_count = starts.len() - usize::from(text.ends_with('\n') || text.is_empty());
    let mut out = format!("--- a/{name}\n+++ b/{name}\n");
    let mut i = 0;
    // How many lines the hunks so far added (or removed), for the new file's line numbers.
    let mut delta = 0isize;
    while i < edits.len() {
        // The lines the group covers, context included.
        let first_line = line_of(edits[i].range.start);
        let mut last_line = line_of(
            edits[i]
                .range
                .end
                .saturating_sub(1)
                .max(edits[i].range.start),
        );
        let mut j = i + 1;
        while j < edits.len() && line_of(edits[j].range.start) <= last_line + 2 * CONTEXT + 1 {
            last_line = line_of(
                edits[j]
                    .range
                    .end
                    .saturating_sub(1)
                    .max(edits[j].range.start),
            );
            j += 1;
        }
        let from = first_line.saturating_sub(CONTEXT);
        let to = (last_line + CONTEXT + 1).min(line_count.max(last_line + 1));
        let start_byte = starts[from];
        let end_byte = starts.get(to).copied().unwrap_or(text.len());
        let old = &text[start_byte..end_byte];
        let shifted: Vec<(std::ops::Range<usize>, &str)> = edits[i..j]
            .iter()
            .map(|e| {
                (
                    e.range.start - start_byte..e.range.end - start_byte,
                    e.new_text.as_str(),
                )
            })
            .collect();
        let new = apply_edits(old, &shifted);
        let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
        let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
        let prefix = old_lines
            .iter()
            .zip(&new_lines)
            .take_while(|(a, b)| a == b)
            .count();
        let suffix = old_lines[prefix..]
            .iter()
            .rev()
            .zip(new_lines[prefix..].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let keep_before = prefix.min(CONTEXT);
        let keep_after = suffix.min(CONTEXT);
        let old_part = &old_lines[prefix - keep_before..old_lines.len() - suffix + keep_after];
        let new_part = &new_lines[prefix - keep_before..new_lines.len() - suffix + keep_after];
        let old_start = from + prefix - keep_before;
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            hunk_range(old_start, old_part.len()),
            hunk_range(old_start.saturating_add_signed(delta), new_part.len())
        ));
        delta += new_part.len() as isize - old_part.len() as isize;
        let body = |out: &mut String, mark: char, line: &str| {
            out.push(mark);
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        };
        for line in &old_part[..keep_before] {
            body(&mut out, ' ', line);
        }
        for line in &old_part[keep_before..old_part.len() - keep_after] {
            body(&mut out, '-', line);
        }
        for line in &new_part[keep_before..new_part.len() - keep_after] {
            body(&mut out, '+', line);
        }
        for line in &old_part[old_part.len() - keep_after..] {
            body(&mut out, ' ', line);
        }
        i = j;
    }
    out
}

fn hunk_range(start: usize, len: usize) -> String {
    match len {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        n => format!("{},{n}", start + 1),
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    starts
}

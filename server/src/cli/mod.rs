//! `secint check`: files and directories in, reports out, exit code for CI.

pub mod generate;
mod render;

use crate::diagnostic::{Diagnostic, Severity};
use crate::text::{Encoding, LineIndex};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};

pub use render::Format;

/// Exit codes of `secint check`, as documented in the README.
pub mod exit {
    /// No errors (warnings allowed).
    pub const CLEAN: i32 = 0;
    /// At least one error diagnostic.
    pub const ERRORS: i32 = 1;
    /// Bad usage, or a path that could not be read (other files are still checked).
    pub const TROUBLE: i32 = 2;
}

/// Files larger than this are refused with a message: no integration script is this big.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

const BOM: &str = "\u{feff}";

pub struct CheckOptions {
    pub format: Format,
    pub fix: bool,
    pub color: bool,
}

/// One checked file.
pub struct FileReport {
    pub path: PathBuf,
    pub outcome: Outcome,
}

pub enum Outcome {
    Checked {
        text: String,
        diagnostics: Vec<Diagnostic>,
        fixed: bool,
    },
    Trouble(String),
}

/// Runs `secint check` over `paths`, writing the report to `out` and problems to `err`.
/// Returns the exit code.
pub fn run_check(
    paths: &[PathBuf],
    options: &CheckOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let (files, mut troubles) = collect_files(paths);
    for (path, message) in &troubles {
        let _ = writeln!(err, "secint: {}: {message}", path.display());
    }
    let mut errors = 0usize;
    let mut warnings = 0usize;
    let mut reports = Vec::new();
    let mut renderer = render::Renderer::new(options.format, options.color);
    for_each_checked(&files, options.fix, |report| {
        match &report.outcome {
            Outcome::Checked { diagnostics, .. } => {
                errors += diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count();
                warnings += diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Warning)
                    .count();
            }
            Outcome::Trouble(message) => {
                let _ = writeln!(err, "secint: {}: {message}", report.path.display());
                troubles.push((report.path.clone(), message.clone()));
            }
        }
        renderer.file(&report, out);
        reports.push(report.path.clone());
    });
    renderer.finish(out, files.len(), errors, warnings);
    let _ = out.flush();
    if !troubles.is_empty() {
        exit::TROUBLE
    } else if errors > 0 {
        exit::ERRORS
    } else {
        exit::CLEAN
    }
}

/// Expands directories into their `*.sql` and `*.md` files (honouring .gitignore), sorted; reports paths
/// that do not exist or cannot be walked.
fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<(PathBuf, String)>) {
    let mut files = Vec::new();
    let mut troubles = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => troubles.push((path.clone(), describe_io(&e))),
            Ok(meta) if meta.is_dir() => {
                let mut found = Vec::new();
                for entry in ignore::WalkBuilder::new(path).follow_links(true).build() {
                    match entry {
                        Ok(entry) => {
                            let p = entry.path();
                            if entry.file_type().is_some_and(|t| t.is_file())
                                && p.extension().is_some_and(|e| {
                                    e.eq_ignore_ascii_case("sql") || e.eq_ignore_ascii_case("md")
                                })
                            {
                                found.push(p.to_path_buf());
                            }
                        }
                        Err(e) => troubles.push((path.clone(), walk_error(&e))),
                    }
                }
                found.sort();
                files.extend(found);
            }
            Ok(_) => files.push(path.clone()),
        }
    }
    (files, troubles)
}

fn walk_error(e: &ignore::Error) -> String {
    let text = e.to_string();
    // Links that lead to each other fail with ELOOP rather than ignore's ancestor check;
    // `ErrorKind::FilesystemLoop` is unstable, so the kind is recognised by its name.
    let resolves_to_itself = e
        .io_error()
        .is_some_and(|io| format!("{:?}", io.kind()) == "FilesystemLoop");
    if text.contains("File system loop") || resolves_to_itself {
        format!("skipped a symbolic link loop ({text})")
    } else {
        text
    }
}

fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Checks `files` on every core, handing reports to `sink` in the order of `files` as soon as
/// each one and all before it are done.
fn for_each_checked(files: &[PathBuf], fix: bool, mut sink: impl FnMut(FileReport)) {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1));
    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel::<(usize, FileReport)>();
    let sender = Mutex::new(sender);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.lock().expect("sender lock").clone();
            let next = &next;
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(i) else { break };
                let report = check_path(path, fix);
                if sender.send((i, report)).is_err() {
                    break;
                }
            });
        }
        drop(sender);
        let mut pending = std::collections::BTreeMap::new();
        let mut expected = 0;
        for (i, report) in receiver {
            pending.insert(i, report);
            while let Some(report) = pending.remove(&expected) {
                sink(report);
                expected += 1;
            }
        }
    });
}

/// Reads, checks and (with `fix`) rewrites one file.
pub fn check_path(path: &Path, fix: bool) -> FileReport {
    let outcome = match read_source(path) {
        Err(message) => Outcome::Trouble(message),
        Ok((text, had_bom)) => {
            let mut text = text;
            let mut fixed = false;
            let markdown = crate::markdown::is_markdown_path(&path.to_string_lossy());
            if fix {
                let new_text = match markdown {
                    true => crate::markdown::fix_all(&text),
                    false => crate::fix::fix_all(&text),
                };
                if new_text != text {
                    match write_fixed(path, &text, &new_text, had_bom) {
                        Ok(()) => {
                            text = new_text;
                            fixed = true;
                        }
                        Err(message) => {
                            return FileReport {
                                path: path.to_path_buf(),
                                outcome: Outcome::Trouble(message),
                            }
                        }
                    }
                }
            }
            let diagnostics = match markdown {
                true => crate::markdown::check(&text),
                false => crate::check(&text),
            };
            Outcome::Checked {
                text,
                diagnostics,
                fixed,
            }
        }
    };
    FileReport {
        path: path.to_path_buf(),
        outcome,
    }
}

/// The file's text without a byte-order mark, and whether it had one.
fn read_source(path: &Path) -> Result<(String, bool), String> {
    let meta = std::fs::metadata(path).map_err(|e| describe_io(&e))?;
    if meta.is_dir() {
        return Err("is a directory".to_string());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "file is {} MiB; secint checks files up to {} MiB",
            meta.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| describe_io(&e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (first bad byte at offset {}); save the file as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(match text.strip_prefix(BOM) {
        Some(rest) => (rest.to_string(), true),
        None => (text, false),
    })
}

/// Writes fixes through a temporary file and a rename, so the file is never half-written,
/// and refuses when the file changed since it was read.
fn write_fixed(path: &Path, original: &str, fixed: &str, had_bom: bool) -> Result<(), String> {
    let (current, _) = read_source(path)?;
    if current != original {
        return Err("file changed while secint was fixing it; not written".to_string());
    }
    // Rename over the file a symbolic link points to, not over the link itself.
    let path = &std::fs::canonicalize(path).map_err(|e| describe_io(&e))?;
    let mut content = String::with_capacity(fixed.len() + 3);
    if had_bom {
        content.push_str(BOM);
    }
    content.push_str(fixed);
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{file_name}.secint-{}", std::process::id()));
    let write = || -> std::io::Result<()> {
        std::fs::write(&temp, content.as_bytes())?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&temp, meta.permissions())?;
        }
        std::fs::rename(&temp, path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        format!("could not write fixes: {}", describe_io(&e))
    })
}

/// Line and UTF-16 character of a byte offset, as LSP and `--format json` count them.
pub fn lsp_position(index: &LineIndex, text: &str, offset: usize) -> (usize, usize) {
    let p = index.position(text, offset, Encoding::Utf16);
    (p.line, p.character)
}

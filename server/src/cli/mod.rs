//! `secint check`: files and directories in, reports out, exit code for CI.

mod format;
pub mod generate;
mod render;
mod review;
mod sarif;
mod terminal;

use crate::config::{Config, ConfigCache, ConfigError, Settings};
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{chosen_fix, FixMode};
use crate::text::{Encoding, LineIndex};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::sync::{mpsc, Mutex};

pub use format::{run_format, FormatArgs, FormatMode};
pub use render::{file_uri, Format};
pub use review::{run_review, ReviewFormat};
pub use terminal::terminal_markdown;

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
    /// `Some` with `--fix`: which fixes to apply.
    pub fix: Option<FixMode>,
    /// `--diff`: print what the fixes would change, write nothing.
    pub diff: bool,
    pub color: bool,
    /// `--config PATH`: one config for every file instead of the nearest one.
    pub config: Option<PathBuf>,
    /// `--select`, `--ignore`, `--extend-select`, laid over the config file.
    pub overrides: Settings,
    pub statistics: bool,
    pub warnings_as_errors: bool,
    pub exit_zero: bool,
    /// With a `-` path: the name stdin stands for (config lookup and reports).
    pub stdin_filename: Option<PathBuf>,
}

impl Default for CheckOptions {
    fn default() -> CheckOptions {
        CheckOptions {
            format: Format::Text,
            fix: None,
            diff: false,
            color: false,
            config: None,
            overrides: Settings::default(),
            statistics: false,
            warnings_as_errors: false,
            exit_zero: false,
            stdin_filename: None,
        }
    }
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
        /// With `--diff`: the text the fixes would give, when it differs.
        would_fix: Option<String>,
    },
    Trouble(String),
}

/// The `--select`, `--ignore` and `--extend-select` codes as settings; an unknown code is an
/// error that names the closest known one.
pub fn code_overrides(
    select: Option<Vec<String>>,
    ignore: Vec<String>,
    extend_select: Vec<String>,
) -> Result<Settings, String> {
    let check = |codes: &[String]| -> Result<(), String> {
        for code in codes {
            if !crate::rules::is_code_or_group(code) {
                return Err(crate::config::unknown_code(code));
            }
        }
        Ok(())
    };
    let trimmed = |codes: Vec<String>| -> Vec<String> {
        codes
            .into_iter()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect()
    };
    let select = select.map(trimmed);
    let ignore = trimmed(ignore);
    let extend_select = trimmed(extend_select);
    check(select.as_deref().unwrap_or_default())?;
    check(&ignore)?;
    check(&extend_select)?;
    Ok(Settings {
        select: select.map(|s| s.into_iter().collect()),
        ignore: ignore.into_iter().collect(),
        extend_select: extend_select.into_iter().collect(),
        ..Settings::default()
    })
}

/// How one file is to be checked.
struct FileJob {
    path: PathBuf,
    settings: Settings,
}

/// Runs `secint check` over `paths`, writing the report to `out` and problems to `err`.
/// Returns the exit code.
pub fn run_check(
    paths: &[PathBuf],
    options: &CheckOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let fixed_config = match &options.config {
        Some(path) => match Config::load(path) {
            Ok(Some(config)) => Some(Arc::new(config)),
            Ok(None) => {
                let _ = writeln!(
                    err,
                    "secint: {}: no [tool.secint] table in this file",
                    path.display()
                );
                return exit::TROUBLE;
            }
            Err(e) => {
                let _ = writeln!(err, "secint: {e}");
                return exit::TROUBLE;
            }
        },
        None => None,
    };
    let mut configs = ConfigCache::default();
    let mut config_for = |path: &Path| -> Result<Option<Arc<Config>>, ConfigError> {
        if let Some(config) = &fixed_config {
            return Ok(Some(config.clone()));
        }
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let dir = absolute.parent().unwrap_or(Path::new("/")).to_path_buf();
        configs.for_dir(&dir)
    };
    if paths.iter().any(|p| p.as_os_str() == "-") {
        let name = options
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("-"));
        let config = match config_for(&name) {
            Ok(config) => config,
            Err(e) => {
                let _ = writeln!(err, "secint: {e}");
                return exit::TROUBLE;
            }
        };
        let settings = settings_for(config.as_deref(), &name, &options.overrides);
        return check_stdin(&name, &settings, options, out, err);
    }
    let (files, mut troubles) = collect_files(paths);
    let mut jobs = Vec::with_capacity(files.len());
    let mut config_errors = BTreeSet::new();
    for path in files {
        match config_for(&path) {
            Ok(config) => {
                if config.as_ref().is_some_and(|c| c.is_excluded(&path)) {
                    continue;
                }
                let settings = settings_for(config.as_deref(), &path, &options.overrides);
                jobs.push(FileJob { path, settings });
            }
            Err(e) => {
                config_errors.insert(e.to_string());
            }
        }
    }
    if !config_errors.is_empty() {
        for e in config_errors {
            let _ = writeln!(err, "secint: {e}");
        }
        return exit::TROUBLE;
    }
    for (path, message) in &troubles {
        let _ = writeln!(err, "secint: {}: {message}", path.display());
    }
    let paths: Vec<PathBuf> = jobs.iter().map(|j| j.path.clone()).collect();
    let mut across = (jobs.len() > 1).then(|| Across::new(&paths));
    // With several files, fixes go first and the report comes from the fixed workspace: a
    // fix in one file changes what the others see.
    let mut fix = options.fix;
    let mut fixed_before: rustc_hash::FxHashMap<PathBuf, Outcome> = Default::default();
    if let (Some(mode), false, true) = (options.fix, options.diff, across.is_some()) {
        for_each_checked(
            &jobs,
            Some(mode),
            false,
            across.as_ref(),
            |report| match report.outcome {
                Outcome::Checked { fixed: true, .. } | Outcome::Trouble(_) => {
                    fixed_before.insert(report.path, report.outcome);
                }
                Outcome::Checked { .. } => {}
            },
        );
        if !fixed_before.is_empty() {
            across = Some(Across::new(&paths));
        }
        fix = None;
    }
    let mut counts = Counts::default();
    let mut renderer = render::Renderer::new(options.format, options.color);
    let mut statistics: BTreeMap<&'static str, (usize, Severity, usize)> = BTreeMap::new();
    let mut diffs = 0usize;
    for_each_checked(&jobs, fix, options.diff, across.as_ref(), |mut report| {
        match fixed_before.remove(&report.path) {
            Some(Outcome::Trouble(message)) => report.outcome = Outcome::Trouble(message),
            Some(Outcome::Checked { .. }) => {
                if let Outcome::Checked { fixed, .. } = &mut report.outcome {
                    *fixed = true;
                }
            }
            None => {}
        }
        match &report.outcome {
            Outcome::Checked {
                diagnostics,
                text,
                would_fix,
                ..
            } => {
                counts.add(diagnostics);
                for d in diagnostics {
                    let entry = statistics.entry(d.code).or_insert((0, d.severity, 0));
                    entry.0 += 1;
                    entry.1 = entry.1.min(d.severity);
                    if chosen_fix(d, options.fix.unwrap_or_default()).is_some() {
                        entry.2 += 1;
                    }
                }
                if let Some(fixed) = would_fix {
                    diffs += 1;
                    let _ = write!(out, "{}", unified_diff(&report.path, text, fixed));
                }
            }
            Outcome::Trouble(message) => {
                let _ = writeln!(err, "secint: {}: {message}", report.path.display());
                troubles.push((report.path.clone(), message.clone()));
            }
        }
        if !options.diff && !options.statistics {
            renderer.file(&report, out);
        }
    });
    if options.statistics {
        render::statistics(&statistics, options.format, out);
    } else if !options.diff {
        renderer.finish(out, jobs.len(), counts.errors, counts.warnings);
    } else if diffs == 0 {
        let _ = writeln!(err, "secint: no fixes to apply");
    }
    let _ = out.flush();
    exit_code(&counts, !troubles.is_empty(), diffs > 0, options)
}

#[derive(Default)]
struct Counts {
    errors: usize,
    warnings: usize,
}

impl Counts {
    fn add(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                _ => {}
            }
        }
    }
}

fn exit_code(counts: &Counts, trouble: bool, diff: bool, options: &CheckOptions) -> i32 {
    if trouble {
        return exit::TROUBLE;
    }
    if options.exit_zero {
        return exit::CLEAN;
    }
    let failing = counts.errors > 0 || (options.warnings_as_errors && counts.warnings > 0);
    if failing || (options.diff && diff) {
        exit::ERRORS
    } else {
        exit::CLEAN
    }
}

fn settings_for(config: Option<&Config>, path: &Path, overrides: &Settings) -> Settings {
    match config {
        Some(config) => config.settings_for(path).layered(overrides),
        None => overrides.clone(),
    }
}

/// `secint check -`: the text comes from stdin. With `--fix` the fixed text goes to stdout and
/// the report to stderr, so the command can sit in an editor's or a script's pipe.
fn check_stdin(
    name: &Path,
    settings: &Settings,
    options: &CheckOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes) {
        let _ = writeln!(err, "secint: cannot read stdin: {e}");
        return exit::TROUBLE;
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let _ = writeln!(
                err,
                "secint: stdin is not valid UTF-8 (first bad byte at offset {})",
                e.utf8_error().valid_up_to()
            );
            return exit::TROUBLE;
        }
    };
    let (had_bom, body) = match text.strip_prefix(BOM) {
        Some(rest) => (true, rest.to_string()),
        None => (false, text),
    };
    let mut current = body.clone();
    if let Some(mode) = options.fix {
        current = fix_file(name, &body, settings, mode, None);
    }
    let diagnostics = check_file(name, &current, settings, None);
    let mut counts = Counts::default();
    counts.add(&diagnostics);
    let would_fix = match options.diff {
        true => {
            let fixed = fix_file(name, &body, settings, options.fix.unwrap_or_default(), None);
            (fixed != body).then_some(fixed)
        }
        false => None,
    };
    let report = FileReport {
        path: name.to_path_buf(),
        outcome: Outcome::Checked {
            text: current.clone(),
            diagnostics,
            fixed: false,
            would_fix: would_fix.clone(),
        },
    };
    let mut renderer = render::Renderer::new(options.format, options.color);
    if options.diff {
        if let Some(fixed) = &would_fix {
            let _ = write!(out, "{}", unified_diff(name, &body, fixed));
        }
    } else if options.fix.is_some() {
        if had_bom {
            let _ = write!(out, "{BOM}");
        }
        let _ = write!(out, "{current}");
        renderer.file(&report, err);
        renderer.finish(err, 1, counts.errors, counts.warnings);
    } else {
        renderer.file(&report, out);
        renderer.finish(out, 1, counts.errors, counts.warnings);
    }
    let _ = out.flush();
    exit_code(&counts, false, would_fix.is_some(), options)
}

/// A unified diff of what the fixes change in one file, as `--diff` prints it.
pub fn unified_diff(path: &Path, before: &str, after: &str) -> String {
    let name = path.display().to_string();
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
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
                for entry in ignore::WalkBuilder::new(path)
                    .follow_links(true)
                    .require_git(false)
                    .build()
                {
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
fn for_each_checked(
    files: &[FileJob],
    fix: Option<FixMode>,
    diff: bool,
    across: Option<&Across>,
    mut sink: impl FnMut(FileReport),
) {
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
                let Some(job) = files.get(i) else { break };
                let report = check_path_in(&job.path, &job.settings, fix, diff, across);
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

/// The workspace the checked files form, and what its rules found in each file.
pub struct Across {
    workspace: crate::workspace::Workspace,
    found: rustc_hash::FxHashMap<Arc<Path>, Vec<Diagnostic>>,
}

impl Across {
    /// Indexes `paths` (unreadable ones are reported when they are checked) and runs the
    /// workspace rules.
    pub fn new(paths: &[PathBuf]) -> Across {
        let mut workspace = crate::workspace::Workspace::new();
        workspace.index_paths(paths);
        let mut found: rustc_hash::FxHashMap<Arc<Path>, Vec<Diagnostic>> = Default::default();
        for d in crate::workspace::check_workspace(&workspace) {
            found.entry(d.path).or_default().push(d.diagnostic);
        }
        Across { workspace, found }
    }

    fn across(&self, path: &Path) -> &[Diagnostic] {
        self.found.get(path).map_or(&[], |v| &v[..])
    }
}

/// Reads, checks and (with `fix`) rewrites one file; with `diff`, only works out what the fixes
/// would give.
pub fn check_path(
    path: &Path,
    settings: &Settings,
    fix: Option<FixMode>,
    diff: bool,
) -> FileReport {
    check_path_in(path, settings, fix, diff, None)
}

/// [`check_path`] for one file of a workspace of several.
pub fn check_path_in(
    path: &Path,
    settings: &Settings,
    fix: Option<FixMode>,
    diff: bool,
    across: Option<&Across>,
) -> FileReport {
    let check_file =
        |path: &Path, text: &str, settings: &Settings| check_file(path, text, settings, across);
    let fix_file = |path: &Path, text: &str, settings: &Settings, mode: FixMode| {
        fix_file(path, text, settings, mode, across)
    };
    let outcome = match read_source(path) {
        Err(message) => Outcome::Trouble(message),
        Ok((text, _)) if diff => {
            let fixed = fix_file(path, &text, settings, fix.unwrap_or_default());
            Outcome::Checked {
                diagnostics: check_file(path, &text, settings),
                would_fix: (fixed != text).then_some(fixed),
                text,
                fixed: false,
            }
        }
        Ok((text, had_bom)) => {
            let mut text = text;
            let mut fixed = false;
            if let Some(mode) = fix {
                let new_text = fix_file(path, &text, settings, mode);
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
            let diagnostics = check_file(path, &text, settings);
            Outcome::Checked {
                text,
                diagnostics,
                fixed,
                would_fix: None,
            }
        }
    };
    FileReport {
        path: path.to_path_buf(),
        outcome,
    }
}

/// The diagnostics of a file: of its SQL blocks when it is Markdown. A SQL file is checked
/// with the rest of the workspace when there is one, else on its own (its statements still
/// form a workspace of one file).
fn check_file(
    path: &Path,
    text: &str,
    settings: &Settings,
    across: Option<&Across>,
) -> Vec<Diagnostic> {
    if crate::markdown::is_markdown_path(&path.to_string_lossy()) {
        return crate::markdown::check_with(text, settings);
    }
    match across {
        Some(across) => crate::check::check_in(
            text,
            settings,
            &across.workspace.outside(path),
            across.across(path),
        ),
        None => crate::check::check_alone(text, settings),
    }
}

/// What the fixes `mode` allows make of a file (only inside the SQL blocks of Markdown).
fn fix_file(
    path: &Path,
    text: &str,
    settings: &Settings,
    mode: FixMode,
    across: Option<&Across>,
) -> String {
    if crate::markdown::is_markdown_path(&path.to_string_lossy()) {
        return crate::markdown::fix_all_with(text, settings, mode);
    }
    let first = check_file(path, text, settings, across);
    crate::fix::fix_all_from(text, mode, first, &|t| crate::check_with(t, settings))
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

/// Writes fixes (or formatting) over the file, refusing when it changed since it was read.
fn write_fixed(path: &Path, original: &str, fixed: &str, had_bom: bool) -> Result<(), String> {
    let (current, _) = read_source(path)?;
    if current != original {
        return Err("file changed while secint was fixing it; not written".to_string());
    }
    // Replace the file a symbolic link points to, not the link itself.
    let path = std::fs::canonicalize(path).map_err(|e| describe_io(&e))?;
    let mut content = String::with_capacity(fixed.len() + BOM.len());
    if had_bom {
        content.push_str(BOM);
    }
    content.push_str(fixed);
    replace_file(&path, content.as_bytes())
        .map_err(|e| format!("could not write fixes: {}", describe_io(&e)))
}

/// Replaces the file at `path` with `content` through a temporary file in the same folder
/// and a rename, so that readers see the old file or the new one, never half of one; the
/// new file gets the old one's permissions. On error the file is untouched and the temporary
/// file is gone (`NamedTempFile` removes it when dropped).
fn replace_file(path: &Path, content: &[u8]) -> std::io::Result<()> {
    let permissions = std::fs::metadata(path)?.permissions();
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = path.file_name().unwrap_or_default().to_string_lossy();
    // A recognisable name, should the process be killed before the rename.
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{file_name}."))
        .suffix(".secint")
        .tempfile_in(dir)?;
    temp.write_all(content)?;
    temp.as_file().set_permissions(permissions)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A JSON document on its own lines, as `--format json` and `--format sarif` print it.
fn write_json(out: &mut dyn Write, document: &impl serde::Serialize) {
    let _ = serde_json::to_writer_pretty(&mut *out, document);
    let _ = writeln!(out);
}

/// Line and UTF-16 character of a byte offset, as LSP and `--format json` count them.
pub fn lsp_position(index: &LineIndex, offset: usize) -> (usize, usize) {
    let p = index.position(offset, Encoding::Utf16);
    (p.line, p.character)
}

#[cfg(test)]
mod tests {
    use super::replace_file;

    fn names(dir: &std::path::Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_replaced_file_keeps_its_permissions_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.sql");
        std::fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        let before = std::fs::metadata(&path).unwrap().permissions();
        replace_file(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::metadata(&path).unwrap().permissions(), before);
        assert_eq!(names(dir.path()), ["a.sql"]);
    }

    /// The rename fails (a folder is in the way, which stops even root): what was there stays,
    /// and the temporary file is removed.
    #[test]
    fn a_failed_rename_leaves_the_target_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.sql");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("inside.sql"), "kept").unwrap();
        let err = replace_file(&target, b"new").unwrap_err();
        assert!(!err.to_string().is_empty());
        assert_eq!(names(dir.path()), ["a.sql"]);
        assert_eq!(
            std::fs::read_to_string(target.join("inside.sql")).unwrap(),
            "kept"
        );
    }
}

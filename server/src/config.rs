//! Configuration: `secint.toml` (or `[tool.secint]` in `pyproject.toml`), found from a checked
//! file's folder upwards, and the [`Settings`] it gives one file. The CLI and the language
//! server both go through [`Settings::finish`], so they report exactly the same thing.
//!
//! ```toml
//! exclude = ["vendor/**"]            # replaces the default (nothing excluded)
//! extend-exclude = ["*.generated.sql"]
//! docs-url = "https://wiki.example.com/secint/rules.md"
//!
//! [rules]                            # codes or groups (hardening, change-review, …)
//! placeholder = "off"                # off, hint, information, warning, error
//! redirect-query = "error"
//!
//! [per-file-ignores]
//! "legacy/**" = ["placeholder", "privileged-role"]
//! ```

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{closest, is_code_or_group, rule, Group, RULES};
use globset::{Glob, GlobSet, GlobSetBuilder};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The names a config file may have, in the order they are looked for in each folder.
pub const CONFIG_FILES: [&str; 3] = ["secint.toml", ".secint.toml", "pyproject.toml"];

/// How the rules are set for one file: levels, selection and ignores, already merged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// A severity per code, or `None` for off.
    pub rules: FxHashMap<String, Option<Severity>>,
    /// When set, only these codes are reported (`--select`).
    pub select: Option<FxHashSet<String>>,
    /// Codes reported even when `rules` turns them off (`--extend-select`).
    pub extend_select: FxHashSet<String>,
    /// Codes never reported (`--ignore`, `per-file-ignores`).
    pub ignore: FxHashSet<String>,
}

impl Settings {
    /// The severity a diagnostic is reported with, or `None` when its rule is off.
    /// Codes and group names both count; a code's own setting wins over its group's.
    pub fn severity(&self, code: &str, default: Severity) -> Option<Severity> {
        let group = rule(code).map(|r| r.group.name());
        let named =
            |set: &FxHashSet<String>| set.contains(code) || group.is_some_and(|g| set.contains(g));
        if named(&self.ignore) {
            return None;
        }
        let extended = named(&self.extend_select);
        if let Some(select) = &self.select {
            if !named(select) && !extended {
                return None;
            }
        }
        let level = self
            .rules
            .get(code)
            .or_else(|| group.and_then(|g| self.rules.get(g)));
        let chosen = extended
            || self
                .select
                .as_ref()
                .is_some_and(|select| select.contains(code));
        match level {
            Some(None) if extended => Some(default),
            Some(level) => *level,
            None if crate::rules::OFF_BY_DEFAULT.contains(&code) && !chosen => None,
            None => Some(default),
        }
    }

    /// `self` with `top` laid over it: the editor's settings over the config file's.
    pub fn layered(&self, top: &Settings) -> Settings {
        let mut merged = self.clone();
        merged
            .rules
            .extend(top.rules.iter().map(|(k, v)| (k.clone(), *v)));
        if top.select.is_some() {
            merged.select = top.select.clone();
        }
        merged
            .extend_select
            .extend(top.extend_select.iter().cloned());
        merged.ignore.extend(top.ignore.iter().cloned());
        merged
    }

    /// What a file's raw diagnostics become: suppression comments applied, rule levels and
    /// selection applied, sorted as reported.
    pub fn finish(&self, text: &str, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        self.finish_with(text, diagnostics, crate::suppress::parse(text))
    }

    /// [`finish`](Self::finish) with the suppression comments already found.
    pub fn finish_with(
        &self,
        text: &str,
        diagnostics: Vec<Diagnostic>,
        suppressions: crate::suppress::Suppressions,
    ) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = crate::suppress::apply(text, diagnostics, suppressions)
            .into_iter()
            .filter_map(|mut d| {
                d.severity = self.severity(d.code, d.severity)?;
                Some(d)
            })
            .collect();
        crate::check::sort(&mut out);
        out
    }
}

/// A level as written in `[rules]` or an editor setting: `None` is off.
pub fn parse_level(level: &str) -> Result<Option<Severity>, String> {
    match level.to_ascii_lowercase().as_str() {
        "off" | "none" | "ignore" => Ok(None),
        other => Severity::parse(other).map(Some).ok_or_else(|| {
            format!("`{level}` is not a level; expected off, hint, information, warning or error")
        }),
    }
}

/// An unknown code, with the closest known one when there is a likely typo.
pub fn unknown_code(code: &str) -> String {
    let names = RULES
        .iter()
        .map(|r| r.code)
        .chain(Group::ALL.iter().map(|g| g.name()));
    match closest(code, names) {
        Some(best) => format!("unknown rule code `{code}`; did you mean `{best}`?"),
        None => format!("unknown rule code `{code}`; `secint explain` lists the codes"),
    }
}

/// A problem in a config file, with its position for people and editors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// Byte range in the file; empty when the file could not be read at all.
    pub range: Range<usize>,
    /// 1-based, for messages.
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
    exclude: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    extend_exclude: Vec<Spanned<String>>,
    #[serde(default)]
    per_file_ignores: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    docs_url: Option<String>,
    /// Formatter options; read by the formatter.
    format: Option<toml::Table>,
}

#[derive(Deserialize)]
struct Pyproject {
    tool: Option<PyprojectTool>,
}

#[derive(Deserialize)]
struct PyprojectTool {
    secint: Option<ConfigFile>,
}

/// A loaded config file.
#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    /// Globs are relative to this folder.
    pub root: PathBuf,
    pub settings: Settings,
    exclude: GlobSet,
    per_file_ignores: Vec<(GlobSet, Vec<String>)>,
    pub docs_url: Option<String>,
    pub format: Option<toml::Table>,
    /// The line of the `[format]` table, for its messages.
    format_line: usize,
}

impl Config {
    /// Reads and validates the config at `path`. A `pyproject.toml` without `[tool.secint]`
    /// gives `Ok(None)`.
    pub fn load(path: &Path) -> Result<Option<Config>, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            range: 0..0,
            line: 1,
            column: 1,
            message: format!("cannot read the config file: {e}"),
        })?;
        Config::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Option<Config>, ConfigError> {
        let error = |range: Range<usize>, message: String| config_error(path, text, range, message);
        let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
        let parsed: Result<Option<ConfigFile>, toml::de::Error> = if is_pyproject {
            toml::from_str::<Pyproject>(text).map(|p| p.tool.and_then(|t| t.secint))
        } else {
            toml::from_str::<ConfigFile>(text).map(Some)
        };
        let file = match parsed {
            Ok(Some(file)) => file,
            Ok(None) => return Ok(None),
            Err(e) => {
                let message = e.message().trim().replace('\n', "; ");
                return Err(error(e.span().unwrap_or(0..0), message));
            }
        };
        let mut settings = Settings::default();
        for (code, level) in &file.rules {
            if !is_code_or_group(code.get_ref()) {
                return Err(error(code.span(), unknown_code(code.get_ref())));
            }
            let level = parse_level(level.get_ref()).map_err(|m| error(level.span(), m))?;
            settings.rules.insert(code.get_ref().clone(), level);
        }
        let glob = |pattern: &Spanned<String>| {
            Glob::new(pattern.get_ref())
                .map_err(|e| error(pattern.span(), format!("bad glob: {}", e.kind())))
        };
        let mut exclude = GlobSetBuilder::new();
        for pattern in file.exclude.iter().flatten().chain(&file.extend_exclude) {
            exclude.add(glob(pattern)?);
        }
        let mut per_file_ignores = Vec::new();
        for (pattern, codes) in &file.per_file_ignores {
            let mut codes_out = Vec::new();
            for code in codes {
                if !is_code_or_group(code.get_ref()) {
                    return Err(error(code.span(), unknown_code(code.get_ref())));
                }
                codes_out.push(code.get_ref().clone());
            }
            let set = GlobSetBuilder::new()
                .add(glob(pattern)?)
                .build()
                .map_err(|e| error(pattern.span(), format!("bad glob: {}", e.kind())))?;
            per_file_ignores.push((set, codes_out));
        }
        let exclude = exclude
            .build()
            .map_err(|e| error(0..0, format!("bad glob: {}", e.kind())))?;
        let root = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let format_line = text
            .find("format]")
            .map_or(1, |at| text[..at].matches('\n').count() + 1);
        let config = Config {
            path: path.to_path_buf(),
            root,
            settings,
            exclude,
            per_file_ignores,
            docs_url: file.docs_url,
            format: file.format,
            format_line,
        };
        // A bad `[format]` table is a config error like any other.
        config.format_options()?;
        Ok(Some(config))
    }

    /// The `[format]` table as formatter options (defaults for what it leaves out).
    pub fn format_options(&self) -> Result<crate::format::FormatOptions, ConfigError> {
        let mut options = crate::format::FormatOptions::default();
        for (key, value) in self.format.iter().flatten() {
            let text = match value {
                toml::Value::String(s) => s.clone(),
                toml::Value::Integer(n) => n.to_string(),
                toml::Value::Boolean(b) => b.to_string(),
                _ => {
                    return Err(ConfigError {
                        path: self.path.clone(),
                        range: 0..0,
                        line: self.format_line,
                        column: 1,
                        message: format!("[format] `{key}` takes a string, a number or a boolean"),
                    })
                }
            };
            options.set(key, &text).map_err(|message| ConfigError {
                path: self.path.clone(),
                range: 0..0,
                line: self.format_line,
                column: 1,
                message: format!("[format] {message}"),
            })?;
        }
        Ok(options)
    }

    /// The path relative to the config's folder, as globs see it.
    fn relative(&self, path: &Path) -> PathBuf {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let root = std::path::absolute(&self.root).unwrap_or_else(|_| self.root.clone());
        absolute
            .strip_prefix(&root)
            .map(Path::to_path_buf)
            .unwrap_or(absolute)
    }

    fn matches(set: &GlobSet, relative: &Path) -> bool {
        set.is_match(relative) || relative.file_name().is_some_and(|n| set.is_match(n))
    }

    pub fn is_excluded(&self, path: &Path) -> bool {
        Config::matches(&self.exclude, &self.relative(path))
    }

    /// The settings for one file: the config's rules plus its per-file ignores.
    pub fn settings_for(&self, path: &Path) -> Settings {
        let relative = self.relative(path);
        let mut settings = self.settings.clone();
        for (set, codes) in &self.per_file_ignores {
            if Config::matches(set, &relative) {
                settings.ignore.extend(codes.iter().cloned());
            }
        }
        settings
    }
}

fn config_error(path: &Path, text: &str, range: Range<usize>, message: String) -> ConfigError {
    let start = range.start.min(text.len());
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    ConfigError {
        path: path.to_path_buf(),
        range,
        line,
        column,
        message,
    }
}

/// The config file that governs files in `dir`: the nearest `secint.toml`, `.secint.toml`, or
/// `pyproject.toml` with a `[tool.secint]` table, in `dir` or a folder above it.
pub fn find_config_file(dir: &Path) -> Option<PathBuf> {
    let mut current = Some(dir);
    while let Some(dir) = current {
        for name in CONFIG_FILES {
            let candidate = dir.join(name);
            if !candidate.is_file() {
                continue;
            }
            if name == "pyproject.toml" && !mentions_secint(&candidate) {
                continue;
            }
            return Some(candidate);
        }
        current = dir.parent();
    }
    None
}

fn mentions_secint(pyproject: &Path) -> bool {
    std::fs::read_to_string(pyproject).is_ok_and(|t| t.contains("[tool.secint"))
}

/// Config files loaded once per folder, for a run over many files.
#[derive(Default)]
pub struct ConfigCache {
    by_dir: FxHashMap<PathBuf, Option<PathBuf>>,
    loaded: FxHashMap<PathBuf, Result<Option<std::sync::Arc<Config>>, ConfigError>>,
}

impl ConfigCache {
    /// The config for a file in `dir`, loaded on first use.
    pub fn for_dir(&mut self, dir: &Path) -> Result<Option<std::sync::Arc<Config>>, ConfigError> {
        let file = match self.by_dir.get(dir) {
            Some(found) => found.clone(),
            None => {
                let found = find_config_file(dir);
                self.by_dir.insert(dir.to_path_buf(), found.clone());
                found
            }
        };
        let Some(file) = file else { return Ok(None) };
        self.loaded
            .entry(file.clone())
            .or_insert_with(|| Config::load(&file).map(|c| c.map(std::sync::Arc::new)))
            .clone()
    }

    /// Forgets everything, after a config file changed.
    pub fn clear(&mut self) {
        self.by_dir.clear();
        self.loaded.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_code_is_reported_at_its_line_and_column() {
        let text = "[rules]\nplacehodler = \"off\"\n";
        let e = Config::parse(Path::new("secint.toml"), text).unwrap_err();
        assert_eq!((e.line, e.column), (2, 1));
        assert!(e.message.contains("did you mean `placeholder`"), "{e}");
    }

    #[test]
    fn a_bad_level_is_reported() {
        let text = "[rules]\nplaceholder = \"loud\"\n";
        let e = Config::parse(Path::new("secint.toml"), text).unwrap_err();
        assert_eq!((e.line, e.column), (2, 15));
    }

    #[test]
    fn unknown_keys_are_errors() {
        let e = Config::parse(Path::new("secint.toml"), "colour = 1\n").unwrap_err();
        assert!(e.message.contains("unknown field"), "{e}");
    }

    #[test]
    fn a_group_sets_its_rules_and_a_code_overrides_its_group() {
        let text = "[rules]\nhardening = \"off\"\npkce-not-enforced = \"error\"\n";
        let config = Config::parse(Path::new("secint.toml"), text)
            .unwrap()
            .unwrap();
        let s = &config.settings;
        assert_eq!(s.severity("any-role-mode-enabled", Severity::Warning), None);
        assert_eq!(
            s.severity("pkce-not-enforced", Severity::Warning),
            Some(Severity::Error)
        );
        assert_eq!(
            s.severity("placeholder", Severity::Warning),
            Some(Severity::Warning)
        );
    }

    #[test]
    fn the_format_table_gives_formatter_options_and_refuses_unknown_ones() {
        let text = "[rules]\n\n[format]\nwidth = 40\nalign-equals = true\n";
        let config = Config::parse(Path::new("secint.toml"), text)
            .unwrap()
            .unwrap();
        let options = config.format_options().unwrap();
        assert_eq!(options.width, 40);
        assert!(options.align_equals);
        let e = Config::parse(Path::new("secint.toml"), "[format]\ncolour = 1\n").unwrap_err();
        assert_eq!(e.line, 1, "{e}");
        assert!(e.message.starts_with("[format]"), "{e}");
    }

    #[test]
    fn a_pyproject_without_a_table_is_no_config() {
        let text = "[project]\nname = \"x\"\n";
        assert!(Config::parse(Path::new("pyproject.toml"), text)
            .unwrap()
            .is_none());
    }

    #[test]
    fn per_file_ignores_match_relative_paths() {
        let text = "[per-file-ignores]\n\"legacy/**\" = [\"placeholder\"]\n";
        let config = Config::parse(Path::new("/repo/secint.toml"), text)
            .unwrap()
            .unwrap();
        let legacy = config.settings_for(Path::new("/repo/legacy/a.sql"));
        assert_eq!(legacy.severity("placeholder", Severity::Warning), None);
        let other = config.settings_for(Path::new("/repo/new/a.sql"));
        assert_eq!(
            other.severity("placeholder", Severity::Warning),
            Some(Severity::Warning)
        );
    }
}

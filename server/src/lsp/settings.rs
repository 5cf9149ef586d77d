//! Which settings apply to an open document: the nearest `secint.toml` (as `secint check`
//! finds it), with the editor's settings laid over it.

use crate::config::{parse_level, ConfigCache, ConfigError, Settings};
use crate::ide::inlay::HintKinds;
use serde_json::Value;
use std::path::PathBuf;
use tower_lsp_server::ls_types::Uri;

/// The editor's settings, from `initializationOptions` or `workspace/didChangeConfiguration`:
/// `{"rules": {"placeholder": "off"}, "docsUrl": "…"}`, bare or under a `secint` key.
#[derive(Debug, Default, Clone)]
pub struct ClientSettings {
    pub rules: Settings,
    pub docs_url: Option<String>,
}

impl ClientSettings {
    /// `None` when the value holds no secint settings at all.
    pub fn from_json(value: &Value) -> Option<ClientSettings> {
        let value = value.get("secint").unwrap_or(value);
        let mut settings = ClientSettings {
            docs_url: value
                .get("docsUrl")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            ..ClientSettings::default()
        };
        let rules = match value.get("rules") {
            // Some clients encode an empty table as `[]`.
            Some(Value::Array(items)) if items.is_empty() => return Some(settings),
            Some(Value::Object(rules)) => rules,
            _ if settings.docs_url.is_some() => return Some(settings),
            _ => return None,
        };
        for (code, level) in rules {
            // Unknown codes and levels are ignored here: the editor's schema flags them.
            if let Ok(level) = parse_level(level.as_str().unwrap_or_default()) {
                settings.rules.rules.insert(code.clone(), level);
            }
        }
        Some(settings)
    }
}

/// `{"inlayHints": {"durations": false, "defaults": false}}`, bare or under `secint`; `None`
/// when the settings say nothing about hints. Kinds not named stay on.
pub fn hint_kinds(settings: &Value) -> Option<HintKinds> {
    let settings = settings.get("secint").unwrap_or(settings);
    let table = settings.get("inlayHints")?.as_object()?;
    let mut kinds = HintKinds::default();
    if let Some(on) = table.get("durations").and_then(Value::as_bool) {
        kinds.durations = on;
    }
    if let Some(on) = table.get("defaults").and_then(Value::as_bool) {
        kinds.defaults = on;
    }
    Some(kinds)
}

/// Config files by folder, plus the editor's settings.
#[derive(Default)]
pub struct WorkspaceSettings {
    pub client: ClientSettings,
    configs: ConfigCache,
}

impl WorkspaceSettings {
    /// The settings for a document, and the config problem that made them fall back to the
    /// editor's settings alone.
    pub fn for_uri(&mut self, uri: &Uri) -> (Settings, Option<ConfigError>) {
        let Some(path) = file_path(uri) else {
            return (self.client.rules.clone(), None);
        };
        let dir = path.parent().map(PathBuf::from).unwrap_or_default();
        match self.configs.for_dir(&dir) {
            Ok(Some(config)) => (config.settings_for(&path).layered(&self.client.rules), None),
            Ok(None) => (self.client.rules.clone(), None),
            Err(e) => (self.client.rules.clone(), Some(e)),
        }
    }

    /// Whether the document's config excludes it (`exclude`, `extend-exclude`), as
    /// `secint check` would skip it.
    pub fn is_excluded(&mut self, uri: &Uri) -> bool {
        let Some(path) = file_path(uri) else {
            return false;
        };
        let dir = path.parent().map(PathBuf::from).unwrap_or_default();
        matches!(self.configs.for_dir(&dir), Ok(Some(config)) if config.is_excluded(&path))
    }

    /// The `docs-url` of the document's config, else the editor's.
    pub fn docs_url(&mut self, uri: &Uri) -> Option<String> {
        if let Some(url) = &self.client.docs_url {
            return Some(url.clone());
        }
        let path = file_path(uri)?;
        let dir = path.parent()?.to_path_buf();
        self.configs.for_dir(&dir).ok()??.docs_url.clone()
    }

    /// The formatter options of the document's `secint.toml` (`[format]`), else the defaults.
    /// A bad `[format]` table is reported with the rest of the config's problems.
    pub fn format_options(&mut self, uri: &Uri) -> crate::format::FormatOptions {
        let config = file_path(uri)
            .and_then(|p| p.parent().map(PathBuf::from))
            .and_then(|dir| self.configs.for_dir(&dir).ok().flatten());
        config
            .and_then(|c| c.format_options().ok())
            .unwrap_or_default()
    }

    /// After a config file changed on disk.
    pub fn forget_config_files(&mut self) {
        self.configs.clear();
    }
}

/// Whether a path is a config file secint reads.
pub fn is_config_file(uri: &Uri) -> bool {
    file_path(uri)
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .is_some_and(|n| crate::config::CONFIG_FILES.contains(&n.as_str()))
}

/// The local path of a `file:` URI.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://")?;
    // `file:///path` or `file://localhost/path`.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    let decoded = percent_decode(path)?;
    Some(PathBuf::from(decoded))
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_become_paths() {
        let uri: Uri = "file:///tmp/a%20b/x.sql".parse().unwrap();
        assert_eq!(file_path(&uri), Some(PathBuf::from("/tmp/a b/x.sql")));
        let untitled: Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(file_path(&untitled), None);
    }
}

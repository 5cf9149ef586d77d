//! What the checker reports: diagnostics with stable codes, byte ranges and fixes.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "information" | "info" => Some(Severity::Information),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub range: Range<usize>,
    pub new_text: String,
}

/// Whether a fix may be applied without the user looking at it (as ruff has it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Applicability {
    /// Certain to keep what the user meant: a misspelt name, a missing `/`, quoting.
    Safe,
    /// Changes behaviour (who can sign in, what a token may do) or deletes a setting: offered
    /// in the editor, applied by `--fix` only with `--unsafe-fixes`.
    #[default]
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    /// The one obvious fix among several: the one `--fix` and "fix all" pick.
    pub preferred: bool,
    pub applicability: Applicability,
}

/// Another place that explains a diagnostic, such as the other side of a conflict.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Related {
    pub range: Range<usize>,
    pub message: String,
    /// Another file's path, for a place outside the diagnostic's own file.
    pub path: Option<std::sync::Arc<std::path::Path>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub range: Range<usize>,
    pub fixes: Vec<Fix>,
    pub related: Vec<Related>,
}

impl Diagnostic {
    pub fn new(
        code: &'static str,
        severity: Severity,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            range,
            fixes: Vec::new(),
            related: Vec::new(),
        }
    }

    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fixes.push(fix);
        self
    }

    pub fn with_fixes(mut self, fixes: impl IntoIterator<Item = Fix>) -> Diagnostic {
        self.fixes.extend(fixes);
        self
    }

    /// Adds the explanation of a limit or conflict as related information at the diagnostic's
    /// own range, so the message itself stays one short line.
    pub fn with_note(self, note: Option<&str>) -> Diagnostic {
        match note {
            Some(note) => {
                let range = self.range.clone();
                self.with_related(range, note)
            }
            None => self,
        }
    }

    pub fn with_related(mut self, range: Range<usize>, message: impl Into<String>) -> Diagnostic {
        self.related.push(Related {
            range,
            message: message.into(),
            path: None,
        });
        self
    }

    /// Related information at a place in `path`, which may be another file.
    pub fn with_related_in(
        mut self,
        path: std::sync::Arc<std::path::Path>,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.related.push(Related {
            range,
            message: message.into(),
            path: Some(path),
        });
        self
    }
}

impl Fix {
    pub fn new(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            title: title.into(),
            edits,
            preferred: false,
            applicability: Applicability::Unsafe,
        }
    }

    pub fn preferred(mut self) -> Fix {
        self.preferred = true;
        self
    }

    /// Marks the fix as certain to keep the user's intent.
    pub fn safe(mut self) -> Fix {
        self.applicability = Applicability::Safe;
        self
    }

    pub fn is_safe(&self) -> bool {
        self.applicability == Applicability::Safe
    }

    pub fn replace(
        title: impl Into<String>,
        range: Range<usize>,
        new_text: impl Into<String>,
    ) -> Fix {
        Fix::new(
            title,
            vec![Edit {
                range,
                new_text: new_text.into(),
            }],
        )
    }
}

/// The order diagnostics are reported in: by position, then code and message.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, a.code, &a.message).cmp(&(
            b.range.start,
            b.range.end,
            b.code,
            &b.message,
        ))
    });
}

//! `--format sarif`: the SARIF 2.1.0 log of a check, as typed objects named after the
//! specification's (<https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html>).
//!
//! Fields are declared in the order the log has always printed them (alphabetical, with
//! `$schema` first), so that byte-for-byte comparisons of logs keep working.

use super::lsp_position;
use super::render::{file_uri, percent_encode_path};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::RULES;
use crate::text::LineIndex;
use serde::Serialize;
use std::ops::Range;

/// The base URI relative artifact locations are resolved against: the working directory.
const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
pub struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    column_kind: &'static str,
    original_uri_base_ids: UriBaseIds,
    results: Vec<Result>,
    tool: Tool,
}

#[derive(Serialize)]
struct UriBaseIds {
    #[serde(rename = "%SRCROOT%")]
    src_root: ArtifactLocation,
}

#[derive(Serialize)]
struct Tool {
    driver: ToolComponent,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ToolComponent {
    information_uri: &'static str,
    name: &'static str,
    rules: Vec<ReportingDescriptor>,
    version: &'static str,
}

/// A rule, as SARIF describes it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    full_description: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    id: &'static str,
    short_description: Text,
}

/// A message, a multiformat message string or an artifact's content: all are `{ "text" }`.
#[derive(Serialize)]
struct Text {
    text: String,
}

impl Text {
    fn new(text: &str) -> Text {
        Text {
            text: text.to_string(),
        }
    }
}

/// One diagnostic.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Result {
    fixes: Vec<Fix>,
    level: &'static str,
    locations: [Location; 1],
    message: Text,
    related_locations: Vec<Location>,
    rule_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

/// A `file://` URI for an absolute path, else a URI relative to `%SRCROOT%`.
#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

/// One-based lines and UTF-16 columns (`columnKind`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    end_column: usize,
    end_line: usize,
    start_column: usize,
    start_line: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fix {
    artifact_changes: [ArtifactChange; 1],
    description: Text,
    properties: FixProperties,
}

/// secint's own property bag on a fix: whether `--fix` applies it without `--unsafe-fixes`.
#[derive(Serialize)]
struct FixProperties {
    applicability: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Text,
}

impl Log {
    /// The log of one run: secint, its rules, and `results` from every file.
    pub fn new(results: Vec<Result>) -> Log {
        let rules = RULES
            .iter()
            .map(|r| ReportingDescriptor {
                full_description: Text::new(&r.doc.plain_text()),
                help_uri: crate::rules::doc_url(r.code, None),
                id: r.code,
                short_description: Text::new(r.summary),
            })
            .collect();
        let working_dir = std::env::current_dir().unwrap_or_default();
        Log {
            schema: "https://json.schemastore.org/sarif-2.1.0.json",
            runs: [Run {
                column_kind: "utf16CodeUnits",
                original_uri_base_ids: UriBaseIds {
                    src_root: ArtifactLocation {
                        uri: file_uri(&working_dir, true),
                        uri_base_id: None,
                    },
                },
                results,
                tool: Tool {
                    driver: ToolComponent {
                        information_uri: env!("CARGO_PKG_REPOSITORY"),
                        name: "secint",
                        rules,
                        version: env!("CARGO_PKG_VERSION"),
                    },
                },
            }],
            version: "2.1.0",
        }
    }
}

impl ArtifactLocation {
    /// Where a checked file is: absolute paths as `file://` URIs, relative ones against
    /// `%SRCROOT%` (given in `originalUriBaseIds`).
    pub fn of_path(path: &std::path::Path) -> ArtifactLocation {
        if path.is_absolute() {
            return ArtifactLocation {
                uri: file_uri(path, false),
                uri_base_id: None,
            };
        }
        let relative = path.strip_prefix(".").unwrap_or(path);
        ArtifactLocation {
            uri: percent_encode_path(&relative.to_string_lossy()),
            uri_base_id: Some(SRCROOT),
        }
    }
}

impl Result {
    pub fn new(d: &Diagnostic, artifact: &ArtifactLocation, index: &LineIndex) -> Result {
        let region = |range: &Range<usize>| Region::new(index, range);
        let location = |range: &Range<usize>| Location {
            id: None,
            message: None,
            physical_location: PhysicalLocation {
                artifact_location: artifact.clone(),
                region: region(range),
            },
        };
        Result {
            fixes: d
                .fixes
                .iter()
                .map(|f| Fix {
                    artifact_changes: [ArtifactChange {
                        artifact_location: artifact.clone(),
                        replacements: f
                            .edits
                            .iter()
                            .map(|e| Replacement {
                                deleted_region: region(&e.range),
                                inserted_content: Text::new(&e.new_text),
                            })
                            .collect(),
                    }],
                    description: Text::new(&f.title),
                    properties: FixProperties {
                        applicability: f.applicability.as_str(),
                    },
                })
                .collect(),
            level: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Information | Severity::Hint => "note",
            },
            locations: [location(&d.range)],
            message: Text::new(&d.message),
            related_locations: d
                .related
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let elsewhere = r.path.as_deref().and_then(|p| {
                        let index = super::render::other_file(p)?;
                        Some(PhysicalLocation {
                            artifact_location: ArtifactLocation::of_path(p),
                            region: Region::new(&index, &r.range),
                        })
                    });
                    let mut place = location(&r.range);
                    if let Some(physical) = elsewhere {
                        place.physical_location = physical;
                    }
                    Location {
                        id: Some(i),
                        message: Some(Text::new(&r.message)),
                        ..place
                    }
                })
                .collect(),
            rule_id: d.code,
        }
    }
}

impl Region {
    fn new(index: &LineIndex, range: &Range<usize>) -> Region {
        let (start_line, start_column) = lsp_position(index, range.start);
        let (end_line, end_column) = lsp_position(index, range.end);
        Region {
            end_column: end_column + 1,
            end_line: end_line + 1,
            start_column: start_column + 1,
            start_line: start_line + 1,
        }
    }
}

//! The editor clients' manifests agree with the server: VS Code's `secint.rules` setting lists
//! exactly the diagnostic codes (so settings.json flags a misspelt code and completes the real
//! ones), and both clients attach to Markdown. UPDATE_EXPECT=1 rewrites package.json's list.

mod support;

use secint::rules::{Group, RULES};
use serde_json::{json, Value};
use support::{expect_file, repo_root};

/// The `properties` of the `secint.rules` setting, one per rule in the rules' order, laid out
/// as package.json has it.
fn rules_properties() -> String {
    let levels = ["off", "error", "warning", "information", "hint"]
        .iter()
        .map(|l| format!("                \"{l}\""))
        .collect::<Vec<_>>()
        .join(",\n");
    let entries: Vec<String> = names_and_descriptions()
        .into_iter()
        .map(|(name, description)| {
            format!(
                "            \"{}\": {{\n              \"type\": \"string\",\n              \"enum\": [\n{levels}\n              ],\n              \"markdownDescription\": {}\n            }}",
                name,
                serde_json::to_string(&description).unwrap()
            )
        })
        .collect();
    format!(
        "          \"properties\": {{\n{}\n          }},\n",
        entries.join(",\n")
    )
}

/// Every code, then every group, with the text settings.json shows for it.
fn names_and_descriptions() -> Vec<(String, String)> {
    let codes = RULES.iter().map(|rule| {
        (
            rule.code.to_string(),
            format!("{} Default: {}.", rule.summary, rule.severity),
        )
    });
    let groups = Group::ALL.iter().map(|g| {
        (
            g.name().to_string(),
            format!("The whole `{}` group: {}", g.name(), g.summary()),
        )
    });
    codes.chain(groups).collect()
}

#[test]
fn vscode_rules_setting_lists_every_diagnostic_code() {
    let path = repo_root().join("editors/vscode/package.json");
    let text = std::fs::read_to_string(&path).unwrap();
    // The block itself, in the rules' order: UPDATE_EXPECT=1 rewrites it.
    let (open, close) = (
        "          \"properties\": {\n",
        "          \"additionalProperties\": false",
    );
    let from = text.find(open).expect("secint.rules has properties");
    let to = from + text[from..].find(close).expect("then additionalProperties");
    let updated = format!("{}{}{}", &text[..from], rules_properties(), &text[to..]);
    expect_file(&path, &updated).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let manifest: Value = serde_json::from_str(&text).unwrap();
    let setting = &manifest["contributes"]["configuration"]["properties"]["secint.rules"];
    assert_eq!(
        setting["additionalProperties"],
        json!(false),
        "unknown codes are flagged"
    );
    let names = names_and_descriptions();
    let codes: Vec<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
    let mut listed: Vec<&str> = setting["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    listed.sort_unstable();
    let mut sorted_codes = codes.clone();
    sorted_codes.sort_unstable();
    assert_eq!(
        listed, sorted_codes,
        "secint.rules lists exactly the codes and groups"
    );
}

#[test]
fn both_clients_attach_to_markdown() {
    let root = repo_root();
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("editors/vscode/package.json")).unwrap(),
    )
    .unwrap();
    assert!(manifest["activationEvents"]
        .as_array()
        .unwrap()
        .contains(&json!("onLanguage:markdown")));
    let extension = std::fs::read_to_string(root.join("editors/vscode/src/extension.ts")).unwrap();
    assert!(extension.contains("{ language: 'markdown' }"));
    // lsp/secint.lua (0.11+) and setup() (0.8-0.10) both take their filetypes from here.
    let lua = std::fs::read_to_string(root.join("editors/neovim/lua/secint/init.lua")).unwrap();
    assert!(lua.contains("filetypes = { 'sql', 'markdown' },"));
}

//! `secint completions SHELL` and `secint man`, run as a user installs them.

use std::process::Command;

const SECINT: &str = env!("CARGO_BIN_EXE_secint");

fn secint(args: &[&str]) -> (i32, String) {
    let out = Command::new(SECINT).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// What bash offers after typing `words` and pressing Tab, with the script loaded.
fn bash_complete(script: &str, words: &[&str]) -> Vec<String> {
    let line = words.join(" ");
    let program = format!(
        "{script}\nCOMP_WORDS=({line}); COMP_CWORD={cword}; COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}\n\
         _secint secint \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        cword = words.len() - 1
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .output()
        .expect("bash runs");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completion_offers_the_subcommands_and_check_options() {
    let (code, script) = secint(&["completions", "bash"]);
    assert_eq!(code, 0);
    assert!(script.contains("check"), "{script}");
    let subcommands = bash_complete(&script, &["secint", "''"]);
    for expected in ["check", "lsp", "explain", "completions", "man"] {
        assert!(subcommands.iter().any(|s| s == expected), "{subcommands:?}");
    }
    let options = bash_complete(&script, &["secint", "check", "--f"]);
    assert!(options.iter().any(|s| s == "--fix"), "{options:?}");
    assert!(options.iter().any(|s| s == "--format"), "{options:?}");
}

#[test]
fn zsh_and_fish_completions_name_the_subcommands() {
    for shell in ["zsh", "fish"] {
        let (code, script) = secint(&["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        assert!(
            script.contains("check") && script.contains("explain") && script.contains("fix"),
            "{shell}: {script}"
        );
    }
    let (code, _) = secint(&["completions", "tcsh"]);
    assert_eq!(code, 2, "an unknown shell is bad usage");
}

#[test]
fn the_man_page_is_roff_with_every_subcommand() {
    let (code, page) = secint(&["man"]);
    assert_eq!(code, 0);
    assert!(page.contains(".TH secint 1"), "{page}");
    for sub in ["check", "lsp", "explain", "completions"] {
        assert!(
            page.contains(&format!("secint\\-{sub}(1)")),
            "{sub}: {page}"
        );
    }
    assert!(page.contains(env!("CARGO_PKG_VERSION")));
}

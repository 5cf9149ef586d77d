//! `secint completions SHELL` and `secint man`: shell completion scripts and a man page,
//! generated from the command-line definition so they cannot fall behind it.

use std::io::Write;

pub use clap_complete::Shell;

/// Writes the completion script for `shell` (bash, zsh, fish, elvish or powershell).
pub fn completions(mut command: clap::Command, shell: Shell, out: &mut dyn Write) -> i32 {
    use clap_complete::Generator;
    // What `clap_complete::generate` does, without its panic when the pipe is closed.
    let name = command.get_name().to_string();
    command.set_bin_name(name);
    command.build();
    match shell.try_generate(&command, out) {
        Ok(()) => super::exit::CLEAN,
        Err(e) => {
            eprintln!("secint: could not write the completion script: {e}");
            super::exit::TROUBLE
        }
    }
}

/// Writes the man page, `secint(1)`, in roff: synopsis, options, and the subcommands with
/// what each does.
pub fn man_page(command: clap::Command, out: &mut dyn Write) -> i32 {
    match clap_mangen::Man::new(command).render(out) {
        Ok(()) => super::exit::CLEAN,
        Err(e) => {
            eprintln!("secint: could not write the man page: {e}");
            super::exit::TROUBLE
        }
    }
}

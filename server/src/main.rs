use clap::{CommandFactory, Parser, Subcommand};
use secint::cli::{self, exit, CheckOptions, Format};
use std::io::IsTerminal;
use std::path::PathBuf;

/// Checker and language server for Snowflake security-integration SQL.
#[derive(Parser)]
#[command(name = "secint", version, about, propagate_version = true)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check .sql files and the SQL blocks of Markdown files (directories are searched for
    /// *.sql and *.md, honouring .gitignore).
    ///
    /// Exit status: 0 no errors, 1 errors found, 2 bad usage or unreadable paths.
    Check {
        /// Files or directories to check.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Apply the safe fixes to the files, then report what is left.
        #[arg(long)]
        fix: bool,
        /// Colour the text output: auto, always or never.
        #[arg(long, default_value = "auto")]
        color: ColorChoice,
    },
    /// Run the language server over stdio.
    Lsp {
        /// Accepted for editor clients that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Explain a diagnostic code or a parameter.
    Explain {
        /// A code such as `placeholder`, or a parameter such as `EXTERNAL_OAUTH_ISSUER`.
        topic: String,
    },
    /// Print a shell completion script: `secint completions bash > ~/.local/share/bash-completion/completions/secint`.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: cli::generate::Shell,
    },
    /// Print the man page (roff): `secint man > ~/.local/share/man/man1/secint.1`.
    Man,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn main() {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::TROUBLE
            } else {
                exit::CLEAN
            };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    let code = match args.command {
        Command::Check {
            paths,
            format,
            fix,
            color,
        } => {
            let color = match color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            let options = CheckOptions { format, fix, color };
            cli::run_check(
                &paths,
                &options,
                &mut std::io::stdout().lock(),
                &mut std::io::stderr().lock(),
            )
        }
        Command::Lsp { .. } => secint::lsp::run(),
        Command::Completions { shell } => {
            cli::generate::completions(Args::command(), shell, &mut std::io::stdout().lock())
        }
        Command::Man => cli::generate::man_page(Args::command(), &mut std::io::stdout().lock()),
        Command::Explain { topic } => match secint::ide::explain(&topic) {
            Some(text) => {
                println!("{text}");
                exit::CLEAN
            }
            None => {
                eprintln!("secint: `{topic}` is neither a diagnostic code nor a known parameter; try `secint explain placeholder`");
                exit::TROUBLE
            }
        },
    };
    std::process::exit(code);
}

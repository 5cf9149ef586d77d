use clap::{CommandFactory, Parser, Subcommand};
use secint::cli::{self, exit, CheckOptions, Format};
use secint::fix::FixMode;
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
    /// Exit status: 0 no errors, 1 errors found (or, with --diff, fixes to apply), 2 bad usage,
    /// a bad config file or unreadable paths.
    Check {
        /// Files or directories to check; `-` reads stdin.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Apply the safe fixes to the files, then report what is left.
        #[arg(long)]
        fix: bool,
        /// With --fix or --diff: apply the unsafe fixes too (they change behaviour).
        #[arg(long)]
        unsafe_fixes: bool,
        /// Print the fixes as a unified diff and write nothing; exit 1 when there is one.
        #[arg(long, conflicts_with = "fix")]
        diff: bool,
        /// Use this config file for every path instead of the nearest secint.toml.
        #[arg(long, value_name = "PATH")]
        config: Option<PathBuf>,
        /// Report only these codes (comma-separated).
        #[arg(long, value_delimiter = ',', value_name = "CODES")]
        select: Option<Vec<String>>,
        /// Never report these codes.
        #[arg(long, value_delimiter = ',', value_name = "CODES")]
        ignore: Vec<String>,
        /// Report these codes too, even when the config turns them off.
        #[arg(long, value_delimiter = ',', value_name = "CODES")]
        extend_select: Vec<String>,
        /// Exit 1 on warnings as well as errors.
        #[arg(long, alias = "error-on-warnings")]
        warnings_as_errors: bool,
        /// Exit 0 even when errors are found (bad usage still exits 2).
        #[arg(long)]
        exit_zero: bool,
        /// Print how often each code was reported instead of the diagnostics.
        #[arg(long)]
        statistics: bool,
        /// The file name stdin stands for, for the config lookup and the report.
        #[arg(long, value_name = "NAME")]
        stdin_filename: Option<PathBuf>,
        /// Colour the text output: auto, always or never.
        #[arg(long, default_value = "auto")]
        color: ColorChoice,
    },
    /// Review what a git range changes in the integrations of its .sql files.
    ///
    /// RANGE is `BASE..HEAD`, or `BASE` for BASE against the working tree. Reports each
    /// integration created, replaced, dropped or altered, each parameter changed from → to,
    /// and the findings in the changed statements (the change-review group always among them).
    Review {
        /// The git range, such as `main..HEAD`.
        range: String,
        /// Output format; markdown is ready to post as a pull-request comment.
        #[arg(long, value_enum, default_value_t = cli::ReviewFormat::Text)]
        format: cli::ReviewFormat,
    },
    /// Format the integration statements of .sql files (other SQL is left as it is).
    ///
    /// Exit status: 0 formatted (or nothing to do), 1 with --check or --diff when a file would
    /// change, 2 bad usage or unreadable paths.
    Format(cli::FormatArgs),
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
    secint::memory::configure();
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
            unsafe_fixes,
            diff,
            config,
            select,
            ignore,
            extend_select,
            warnings_as_errors,
            exit_zero,
            statistics,
            stdin_filename,
            color,
        } => {
            let color = match color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            let overrides = match cli::code_overrides(select, ignore, extend_select) {
                Ok(overrides) => overrides,
                Err(message) => {
                    eprintln!("secint: {message}");
                    std::process::exit(exit::TROUBLE);
                }
            };
            let mode = if unsafe_fixes {
                FixMode::Unsafe
            } else {
                FixMode::Safe
            };
            let options = CheckOptions {
                format,
                fix: (fix || diff).then_some(mode),
                diff,
                color,
                config,
                overrides,
                statistics,
                warnings_as_errors,
                exit_zero,
                stdin_filename,
            };
            cli::run_check(
                &paths,
                &options,
                &mut std::io::stdout().lock(),
                &mut std::io::stderr().lock(),
            )
        }
        Command::Review { range, format } => cli::run_review(
            &std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            &range,
            format,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        ),
        Command::Format(args) => args.run(),
        Command::Lsp { .. } => secint::lsp::run(),
        Command::Completions { shell } => {
            cli::generate::completions(Args::command(), shell, &mut std::io::stdout().lock())
        }
        Command::Man => cli::generate::man_page(Args::command(), &mut std::io::stdout().lock()),
        Command::Explain { topic } => match secint::ide::explain(&topic) {
            Some(text) => {
                let color =
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
                print!("{}", cli::terminal_markdown(&text, color));
                exit::CLEAN
            }
            None => {
                eprintln!(
                    "secint: `{topic}` is neither a diagnostic code nor a known parameter.\n\
                     Codes: {}\n\
                     Parameters: any catalog parameter, such as EXTERNAL_OAUTH_ISSUER.",
                    secint::rules::RULES
                        .iter()
                        .map(|r| r.code)
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                exit::TROUBLE
            }
        },
    };
    std::process::exit(code);
}

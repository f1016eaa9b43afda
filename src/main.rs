//! `interview-ls`: serve LSP on stdio, or run a CLI subcommand.

#![warn(clippy::unwrap_used, clippy::expect_used)]

use clap::Parser;
use interview_ls::cli::{self, Cli};
use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = Cli::parse();
    match &args.command {
        Some(command) => cli::run(command, &args.questions),
        None => {
            // Someone typed the bare command in a terminal: say what is going
            // on instead of looking frozen, and keep serving in case it is meant.
            if !args.stdio && std::io::stdin().is_terminal() {
                eprintln!(
                    "interview-ls is a language server and is waiting for an editor on stdin (Ctrl-C to quit); try `interview-ls --help` or `interview-ls random`"
                );
            }
            serve()
        }
    }
}

fn serve() -> ExitCode {
    match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => {
            let code = runtime.block_on(interview_ls::server::serve_stdio());
            // Work still pending after the server decided to leave (a file
            // lock wait on the blocking pool) must not keep the process alive.
            runtime.shutdown_timeout(std::time::Duration::from_millis(100));
            code
        }
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            ExitCode::FAILURE
        }
    }
}

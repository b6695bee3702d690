//! The command line: the top-level help and one variant per subcommand, each with its arguments in its own module.

use clap::{Parser, Subcommand};

use crate::api_diff;

/// The exit status when a subcommand asked to fail did (`api-diff --fail-on-breaking` on a breaking change).
pub const EXIT_FAILED_CHECK: u8 = 1;

/// The exit status when a subcommand could not do its job: an unreadable or invalid input, named in the message.
pub const EXIT_INVALID_INPUT: u8 = 2;

/// The serverless-axum platform's command-line tool.
///
/// It runs the checks a serverless-axum service's CI and its engineers share, the same way everywhere: today,
/// `api-diff` compares two OpenAPI descriptions of a service (the one on main and the one a pull request would
/// deploy) and says which changes break existing clients.
#[derive(Debug, Parser)]
#[command(name = "serverless-axum", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compare two OpenAPI 3.1 descriptions and classify every difference as breaking or not for existing clients.
    ///
    /// Prints a report (Markdown for a pull-request comment, or JSON) of every change, each with where it is (an
    /// operation, a parameter, a body or response field, a schema) and whether it breaks clients. Exits 0 whether
    /// or not a change is breaking (unless --fail-on-breaking), 2 when a file cannot be read or is not an OpenAPI
    /// description. A BASE that does not exist (a service's first pull request) means every operation is new.
    #[command(
        name = "api-diff",
        after_long_help = "Examples:\n  \
            git show origin/main:openapi.json > /tmp/base.json\n  \
            serverless-axum api-diff /tmp/base.json openapi.json > api-changes.md\n  \
            serverless-axum api-diff --format json --fail-on-breaking /tmp/base.json openapi.json"
    )]
    ApiDiff(api_diff::Args),
}

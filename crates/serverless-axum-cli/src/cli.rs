//! The command line: the top-level help and one variant per subcommand, each with its arguments in its own module.

use clap::{Parser, Subcommand};

use crate::{api_diff, check, upgrade};

/// The serverless-axum platform's command-line tool.
///
/// It runs the checks a serverless-axum service's CI and its engineers share, the same way everywhere: today,
/// `api-diff` compares two OpenAPI descriptions of a service (the one on main and the one a pull request would
/// deploy) and says which changes break existing clients; `check` compares a service with the template it was
/// generated from; `upgrade` merges a newer template version into it.
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

    /// Compare the service in this folder with its template at the recorded version.
    ///
    /// Renders the template at the version (and with the answers) in `.serverless-axum.toml` and compares each
    /// file it renders with the working tree: same, changed (with a diff) or missing. Files the template does not
    /// render are the service's own and are ignored. Exits 1 when a file matching `[owned].files` differs or is
    /// missing (its diff is printed), 0 otherwise (other changed files are listed for information), 2 when the
    /// template cannot be rendered.
    #[command(after_long_help = "Examples:\n  \
            serverless-axum check\n  \
            serverless-axum check --template ../serverless-axum --format json")]
    Check(check::Args),
    /// Upgrade the service in this folder to another version of its template, keeping its own changes.
    ///
    /// Renders the template at the recorded version (BASE) and at --to (NEW), both with the recorded answers, and
    /// merges NEW's changes into the working tree with BASE as the common ancestor: files the service never
    /// changed are replaced, files both changed are merged (conflict markers where the changes collide), lockfiles
    /// and binary files are never merged. Rewrites `.serverless-axum.toml`. Refuses a dirty working tree (exit 2).
    /// Exits 0 when the upgrade is clean, 1 when conflicts remain to resolve.
    #[command(after_long_help = "Examples:\n  \
            serverless-axum upgrade --to v0.2.0\n  \
            serverless-axum upgrade --from ../platform-v0.1.0 --to ../platform --format json")]
    Upgrade(upgrade::Args),
}

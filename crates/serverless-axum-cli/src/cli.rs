//! The command line: the top-level help and one variant per subcommand, each with its arguments in its own module.

use clap::{Parser, Subcommand};

use crate::operate::{check_monitoring, delivery, rollback, status, verify};
use crate::{api_diff, check, infra_diff, upgrade};

/// The serverless-axum platform's command-line tool.
///
/// It runs the checks a serverless-axum service's CI and its engineers share, the same way everywhere:
/// `api-diff` compares two OpenAPI descriptions of a service (the one on main and the one a pull request would
/// deploy) and says which changes break existing clients; `check` compares a service with the template it was
/// generated from; `upgrade` merges a newer template version into it; `status`, `verify`, `record-deploy`,
/// `check-monitoring` and `rollback` operate a deployed service on AWS (credentials as every AWS tool finds them; the region
/// is the service's unless --region says otherwise).
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

    /// Show a service environment's alarms, where its live alias points, and its golden signals of the last hour.
    ///
    /// Reads the names from the platform's contract and the service's files (infra/service.config.json,
    /// alarms/service.json, metrics/catalog.json), then CloudWatch (DescribeAlarms, GetMetricData) and Lambda
    /// (GetAlias). Signals: requests, error rate (5xx), p50/p99 latency, throttles, cold starts. Exits 0 when
    /// everything was read, 1 when a part could not be (it says which, and why), 2 on invalid input.
    #[command(after_long_help = "Examples:\n  \
            serverless-axum status\n  \
            serverless-axum status --env pr-42 --format json")]
    Status(status::Args),

    /// After a deploy: check the release, then bake, failing if a paging alarm leaves OK or no request arrives.
    ///
    /// The app stack must be CREATE_COMPLETE or UPDATE_COMPLETE and the live alias must serve the version it
    /// declares, alone (a traffic split still under way is waited for, up to --shift-timeout). Then, for --bake,
    /// every paging alarm must stay OK (one that goes to ALARM fails at once, naming it and its reason), and the
    /// service's Requests metric must show traffic from the minute of --serving-since on. With --rollback, a failed
    /// bake points the live alias back to the previous version and says so. Progress is one line on a terminal,
    /// plain lines in CI. Exits 0 when the bake passed, 1 when it failed, 2 when AWS could not be read.
    #[command(after_long_help = "Examples:\n  \
            serverless-axum verify --env prod --bake 10m\n  \
            serverless-axum verify --bake 10m --serving-since 2026-11-29T21:07:00Z --rollback --previous-version 41")]
    Verify(verify::Args),

    /// Publish a deploy's delivery metrics (DORA's four keys) for the fleet dashboard.
    ///
    /// PutMetricData in the platform's delivery namespace, dimensions Service and Environment: Deployments (1),
    /// FailedDeployments (1 or 0), LeadTime (commit to deploy end, seconds, passed deploys) and, for a passed deploy
    /// after failed ones, TimeToRestore (seconds since the first of them, read back from the metrics).
    #[command(
        name = "record-deploy",
        after_long_help = "Examples:\n  \
            serverless-axum record-deploy --outcome success --commit-time \"$(git show -s --format=%cI HEAD)\"\n  \
            serverless-axum record-deploy --env prod --outcome failure --commit-time 2026-11-29T20:55:00+01:00"
    )]
    RecordDeploy(delivery::Args),

    /// Check that every metric the deployed dashboard and alarms name exists in the account (ListMetrics).
    ///
    /// Run once the service has served traffic. A metric missing only for one value of a per-request dimension
    /// (Requests with StatusClass=5xx) is "not seen yet" and passes. Exits 1 when a metric is missing or the
    /// dashboard or an alarm is not deployed, 0 otherwise.
    #[command(
        name = "check-monitoring",
        after_long_help = "Examples:\n  \
            serverless-axum check-monitoring\n  \
            serverless-axum check-monitoring --env prod --format json"
    )]
    CheckMonitoring(check_monitoring::Args),

    /// Point prod's live alias back to the previous version (or --to a version), now.
    ///
    /// For a failure found outside a bake (deploy.yml runs it when the smoke tests fail after the traffic shift;
    /// people run it from a runbook). Refuses while a canary is shifting traffic. Exits 0 when live moved, 1 when
    /// there was no other version to move to.
    #[command(after_long_help = "Examples:\n  \
            serverless-axum rollback\n  \
            serverless-axum rollback --to 41")]
    Rollback(rollback::Args),

    /// What a pull request changes in the infrastructure and costs, from two synths, with no AWS credentials.
    ///
    /// Checks --base out beside the working tree (git worktree), synthesizes both CDK apps for --env and for a
    /// preview (the same stub Lambda artifact on both sides: code changes are not infrastructure changes), and prints
    /// the review of the platform's CDK library: resources added, removed, modified and replaced, IAM and security
    /// changes on their own, and the monthly cost of prod and of a preview with the change against the base
    /// (infra/traffic-profile.json). Exits 1 when the stateful guard blocks: the change would replace or delete a
    /// resource that holds data in --env, and infra/stateful-overrides.json has no reviewed entry for it; 2 when
    /// something cannot be read or synthesized.
    #[command(after_long_help = "Examples:\n  \
            git fetch origin main && serverless-axum diff --base origin/main\n  \
            serverless-axum diff --base v1.4.0 --format json")]
    Diff(infra_diff::Args),
}

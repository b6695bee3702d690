//! The load test's command line: where to send load, how much, and the budget that decides pass or fail.

use clap::Parser;

#[derive(Debug, Parser)]
#[command(
    about = "Load-test the service: a Files API scenario and a read-heavy one",
    after_help = "Exits 1 when the error rate or the p99 latency is over budget, so CI or a preview run can \
                  gate on it."
)]
pub struct Args {
    /// The service's base URL: `http://127.0.0.1:3000` locally, `https://<api>/prod/` for a deployed stack.
    #[arg(long)]
    pub host: String,
    /// Simulated users, split over the scenarios by weight (1 Files API user for every 3 readers).
    #[arg(long, default_value_t = 4)]
    pub users: usize,
    /// Users started per second (default: all of them in the first second).
    #[arg(long)]
    pub increase_rate: Option<String>,
    /// How long to run once all users are started: `30s`, `5m`, `1h30m`.
    #[arg(long, default_value = "30s", value_parser = seconds)]
    pub run_time: usize,
    /// Largest share of failed requests (0.01 = 1 %) that still passes.
    #[arg(long, default_value_t = 0.01)]
    pub max_error_rate: f64,
    /// Largest p99 latency over all requests, in milliseconds, that still passes.
    #[arg(long, default_value_t = 500.0)]
    pub max_p99_ms: f64,
    /// A bearer token sent with every request, for a service generated with `auth=jwt` (locally:
    /// `cargo run -- dev-token --scope files:read --scope files:write`; deployed: a client-credentials token).
    #[arg(long, env = "LOADTEST_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Also write Goose's own report (HTML, JSON or Markdown, by the extension) to this file.
    #[arg(long)]
    pub report_file: Option<String>,
}

/// A time span as Goose reads it (`90`, `30s`, `5m`, `1h30m`), in whole seconds.
fn seconds(span: &str) -> Result<usize, String> {
    goose::util::parse_timespan(span)
        .ok_or_else(|| format!("not a time span: {span:?} (try 30s, 5m, 1h30m)"))
}

impl Args {
    /// The host with one trailing `/`, so that relative paths are joined under it (`…/prod/` + `health` is
    /// `…/prod/health`; without the slash the stage would be replaced).
    pub fn base_url(&self) -> String {
        format!("{}/", self.host.trim_end_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(host: &str) -> Args {
        Args::parse_from(["loadtest", "--host", host])
    }

    #[test]
    fn the_base_url_keeps_a_stage() {
        assert_eq!(
            args("https://a.example/prod").base_url(),
            "https://a.example/prod/"
        );
        assert_eq!(
            args("https://a.example/prod/").base_url(),
            "https://a.example/prod/"
        );
        assert_eq!(
            args("http://127.0.0.1:3000").base_url(),
            "http://127.0.0.1:3000/"
        );
    }

    #[test]
    fn run_times_read_as_seconds() {
        assert_eq!(seconds("5s"), Ok(5));
        assert_eq!(seconds("1m30s"), Ok(90));
        assert!(seconds("soon").is_err());
    }
}

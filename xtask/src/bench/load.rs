//! Load with `wrk` (Debian's `wrk` package): requests per second against one URL.

use std::{process::Command, time::Duration};

use anyhow::{bail, Context, Result};

/// Fails with how to install wrk when it is missing.
pub fn ensure_wrk() -> Result<()> {
    match Command::new("wrk").arg("--version").output() {
        Ok(_) => Ok(()),
        Err(_) => bail!("wrk is not installed: apt-get install -y wrk"),
    }
}

/// How `wrk` loads the service.
#[derive(Debug, Clone, Copy)]
pub struct Load {
    pub threads: u32,
    pub connections: u32,
    pub duration: Duration,
}

impl Load {
    /// One wrk thread (the other core is the service's) holding `connections` open for `duration`.
    pub fn single_thread(connections: u32, duration: Duration) -> Self {
        Self {
            threads: 1,
            connections,
            duration,
        }
    }

    /// The same load for one second, run before a measurement so the server is warm.
    pub fn warm_up(&self) -> Self {
        Self {
            duration: Duration::from_secs(1),
            ..*self
        }
    }

    /// Runs wrk with `extra` arguments against `url` and returns its report; fails when wrk fails or saw a
    /// non-2xx answer or a socket error.
    fn run(&self, url: &str, extra: &[&str]) -> Result<String> {
        let output = Command::new("wrk")
            .args(extra)
            .arg(format!("-t{}", self.threads))
            .arg(format!("-c{}", self.connections))
            .arg(format!("-d{}s", self.duration.as_secs().max(1)))
            .arg(url)
            .output()
            .context("running wrk")?;
        let report = String::from_utf8_lossy(&output.stdout).into_owned();
        if !output.status.success() {
            bail!(
                "wrk failed: {report}{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        if report.contains("Non-2xx") || report.contains("Socket errors") {
            bail!("wrk saw failed requests:\n{report}");
        }
        Ok(report)
    }
}

/// Throughput and tail latency of one wrk run.
#[derive(Debug, Clone, Copy)]
pub struct Measured {
    pub requests_per_second: f64,
    pub p99_ms: f64,
    /// How many requests completed in the run.
    pub requests: u64,
}

impl Load {
    /// Requests per second and p99 latency (wrk's `--latency` distribution) against `url`, sending `token` as a
    /// bearer token when given; fails on any non-2xx answer or socket error.
    pub fn measure(&self, url: &str, token: Option<&str>) -> Result<Measured> {
        let authorization = token.map(|token| format!("Authorization: Bearer {token}"));
        let mut extra = vec!["--latency"];
        if let Some(header) = &authorization {
            extra.extend(["-H", header.as_str()]);
        }
        let report = self.run(url, &extra)?;
        Ok(Measured {
            requests_per_second: parse_requests_per_second(&report)
                .with_context(|| format!("no Requests/sec in wrk's report:\n{report}"))?,
            p99_ms: parse_p99_ms(&report)
                .with_context(|| format!("no 99% latency in wrk's report:\n{report}"))?,
            requests: parse_requests(&report)
                .with_context(|| format!("no request count in wrk's report:\n{report}"))?,
        })
    }
}

/// The `99%` line of wrk's latency distribution (`1.38ms`, `812.00us`, `1.02s`), in milliseconds.
fn parse_p99_ms(report: &str) -> Option<f64> {
    let value = report
        .lines()
        .find_map(|line| line.trim().strip_prefix("99%"))?
        .trim();
    let (number, scale) = if let Some(us) = value.strip_suffix("us") {
        (us, 0.001)
    } else if let Some(ms) = value.strip_suffix("ms") {
        (ms, 1.0)
    } else if let Some(s) = value.strip_suffix('s') {
        (s, 1000.0)
    } else {
        return None;
    };
    number.parse::<f64>().ok().map(|n| n * scale)
}

/// `123456 requests in 10.00s, …`
fn parse_requests(report: &str) -> Option<u64> {
    report.lines().find_map(|line| {
        let (count, rest) = line.trim().split_once(' ')?;
        rest.starts_with("requests in")
            .then(|| count.parse().ok())?
    })
}

fn parse_requests_per_second(report: &str) -> Option<f64> {
    report
        .lines()
        .find_map(|line| line.trim().strip_prefix("Requests/sec:"))
        .and_then(|value| value.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wrks_report() {
        let report = "Running 10s test @ http://127.0.0.1:3000/health\n  1 threads and 32 connections\n  \
                      123456 requests in 10.00s, 20.00MB read\nRequests/sec:  12345.67\nTransfer/sec:      2.00MB\n";
        assert_eq!(parse_requests_per_second(report), Some(12345.67));
        assert_eq!(parse_requests(report), Some(123456));
        assert_eq!(parse_requests_per_second("nothing"), None);
        assert_eq!(parse_requests("nothing"), None);
    }

    #[test]
    fn reads_wrks_p99_in_any_unit() {
        let report =
            |p99: &str| format!("  Latency Distribution\n     50%  635.91us\n     99%  {p99}\n");
        assert_eq!(parse_p99_ms(&report("812.00us")), Some(0.812));
        assert_eq!(parse_p99_ms(&report("1.38ms")), Some(1.38));
        assert_eq!(parse_p99_ms(&report("1.02s")), Some(1020.0));
        assert_eq!(parse_p99_ms("no distribution"), None);
    }
}

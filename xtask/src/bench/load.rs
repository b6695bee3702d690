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
    /// The requests per second wrk reached against `url`.
    pub fn requests_per_second(&self, url: &str) -> Result<f64> {
        let output = Command::new("wrk")
            .arg(format!("-t{}", self.threads))
            .arg(format!("-c{}", self.connections))
            .arg(format!("-d{}s", self.duration.as_secs().max(1)))
            .arg(url)
            .output()
            .context("running wrk")?;
        let report = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            bail!(
                "wrk failed: {report}{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        if report.contains("Non-2xx") || report.contains("Socket errors") {
            bail!("wrk saw failed requests:\n{report}");
        }
        parse_requests_per_second(&report)
            .with_context(|| format!("no Requests/sec in wrk's report:\n{report}"))
    }
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
        assert_eq!(parse_requests_per_second("nothing"), None);
    }
}

//! A process's memory and CPU time, from Linux's /proc/<pid>/status and /proc/<pid>/stat.

use std::{process::Command, sync::OnceLock, time::Duration};

use anyhow::{Context, Result};

/// The process's peak resident set size (`VmHWM`), in KiB.
pub fn peak_rss_kib(pid: u32) -> Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("reading /proc/{pid}/status"))?;
    field_kib(&status, "VmHWM:").with_context(|| format!("no VmHWM in /proc/{pid}/status"))
}

/// The CPU time the process has used so far, on every thread, in user and kernel mode.
pub fn cpu_time(pid: u32) -> Result<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .with_context(|| format!("reading /proc/{pid}/stat"))?;
    let ticks = cpu_ticks(&stat).with_context(|| format!("no CPU times in /proc/{pid}/stat"))?;
    Ok(Duration::from_secs_f64(
        ticks as f64 / clock_ticks_per_second()?,
    ))
}

/// `utime` + `stime` (fields 14 and 15) of a /proc/<pid>/stat line; the command name (field 2) may hold spaces
/// and parentheses, so fields are counted from its closing parenthesis.
fn cpu_ticks(stat: &str) -> Option<u64> {
    let (_, after_name) = stat.rsplit_once(')')?;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

/// The unit of /proc's CPU times (`getconf CLK_TCK`, 100 on Linux), asked once per process.
fn clock_ticks_per_second() -> Result<f64> {
    static TICKS: OnceLock<f64> = OnceLock::new();
    if let Some(ticks) = TICKS.get() {
        return Ok(*ticks);
    }
    let output = Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .context("running getconf CLK_TCK")?;
    let ticks = String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .context("getconf CLK_TCK printed no number")?;
    Ok(*TICKS.get_or_init(|| ticks))
}

fn field_kib(status: &str, name: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|line| line.strip_prefix(name))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|value| value.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_peak() {
        let status =
            "Name:\torders-api\nVmPeak:\t  100 kB\nVmHWM:\t   12345 kB\nVmRSS:\t 2000 kB\n";
        assert_eq!(field_kib(status, "VmHWM:"), Some(12345));
        assert_eq!(field_kib(status, "VmSwap:"), None);
    }

    #[test]
    fn reads_cpu_ticks_past_an_odd_command_name() {
        let stat =
            "4242 (tokio (rt) x) S 1 4242 4242 0 -1 4194560 900 0 0 0 1234 567 0 0 20 0 3 0 99 0 0";
        assert_eq!(cpu_ticks(stat), Some(1234 + 567));
        assert_eq!(cpu_ticks("4242 (short) S 1"), None);
    }
}

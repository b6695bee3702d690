//! A process's memory, from Linux's /proc/<pid>/status.

use anyhow::{Context, Result};

/// The process's peak resident set size (`VmHWM`), in KiB.
pub fn peak_rss_kib(pid: u32) -> Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("reading /proc/{pid}/status"))?;
    field_kib(&status, "VmHWM:").with_context(|| format!("no VmHWM in /proc/{pid}/status"))
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
}

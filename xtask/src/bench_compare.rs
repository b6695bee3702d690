//! `cargo xtask bench-compare --baseline <binary>`: a change must not make a generated service slower. The
//! service generated with the default answers is built `--release` from the working tree and measured against
//! `baseline` (the same service's binary from before the change: copy `files-bench` out of the bench target
//! folder first), alternating the two in one run: requests/s and CPU per request on `GET /health` and on a 1 KiB
//! file `GET`, with telemetry as deployed (logs + EMF) and with span export on; peak RSS; size. A row whose median
//! requests/s falls more than 5 % is marked. The result replaces the "Before and after" section of
//! docs/benchmarks.md.

use std::{
    fmt::Write as _,
    path::{Path, PathBuf},
    time::Duration,
};

use anyhow::{bail, Context, Result};

use crate::{
    bench::{
        artifact, docs,
        load::{self, Load},
        machine,
        service::{self, Server, FILES_SERVICE, FILE_PATH},
        stats::{listed, median},
        xray_sink::XraySink,
    },
    paths,
};

/// How much to measure.
#[derive(Debug, Clone)]
pub struct Options {
    /// The binary from before the change.
    pub baseline: PathBuf,
    /// Rounds; each runs every row for both binaries.
    pub rounds: usize,
    /// Length of each load run.
    pub seconds: u64,
    /// Concurrent connections wrk keeps open.
    pub connections: u32,
}

/// Largest fall in median requests/s a row may show.
const ALLOWED_FALL: f64 = 0.05;

/// The rows: a route and a telemetry mode.
const ROWS: [Row; 4] = [
    Row {
        route: "GET /health",
        path: "/health",
        spans: false,
    },
    Row {
        route: "GET /health",
        path: "/health",
        spans: true,
    },
    Row {
        route: "GET 1 KiB file",
        path: FILE_PATH,
        spans: false,
    },
    Row {
        route: "GET 1 KiB file",
        path: FILE_PATH,
        spans: true,
    },
];

#[derive(Debug, Clone, Copy)]
struct Row {
    route: &'static str,
    path: &'static str,
    /// Spans exported to a local X-Ray daemon stand-in, as on Lambda; else the default (logs + EMF).
    spans: bool,
}

impl Row {
    fn label(&self) -> String {
        let mode = if self.spans {
            "span export on"
        } else {
            "logs + EMF"
        };
        format!("{}, {mode}", self.route)
    }
}

/// One binary's runs of one row.
#[derive(Default, Clone)]
struct Runs {
    rps: Vec<f64>,
    cpu_us: Vec<f64>,
    peak_rss_mb: Vec<f64>,
}

pub fn run(options: Options) -> Result<()> {
    load::ensure_wrk()?;
    if !options.baseline.is_file() {
        bail!("no baseline binary at {}", options.baseline.display());
    }
    // The baseline is copied first: the build below overwrites the bench target folder's binary.
    let kept = tempfile::tempdir()?;
    let baseline = kept.path().join("baseline");
    std::fs::copy(&options.baseline, &baseline)
        .with_context(|| format!("copying {}", options.baseline.display()))?;
    let built = service::build_release(FILES_SERVICE, &[])?;
    let binaries = [baseline.as_path(), built.binary.as_path()];
    let sink = XraySink::start()?;
    // [row][binary]
    let mut runs: Vec<[Runs; 2]> = vec![Default::default(); ROWS.len()];
    for round in 0..options.rounds {
        for (row, row_runs) in ROWS.iter().zip(runs.iter_mut()) {
            // Alternate which binary goes first.
            let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
            for which in order {
                let (rps, cpu_us, peak) =
                    load_run(binaries[which], &built.dir, row, &sink, &options)?;
                println!(
                    "round {}: {}: {}: {rps:.0} requests/s, {cpu_us:.2} µs CPU per request, peak RSS {peak:.1} MB",
                    round + 1,
                    row.label(),
                    ["before", "after"][which]
                );
                let runs = &mut row_runs[which];
                runs.rps.push(rps);
                runs.cpu_us.push(cpu_us);
                runs.peak_rss_mb.push(peak);
            }
        }
    }
    let sizes = [artifact::sizes(&baseline)?, artifact::sizes(&built.binary)?];
    let (section, falls) = report(&runs, &sizes, &options)?;
    println!("\n{section}");
    let path = paths::repo_root().join("docs").join("benchmarks.md");
    docs::replace_section(&path, "Before and after", &section)?;
    println!("wrote {}", path.display());
    if falls > 0 {
        bail!("{falls} row(s) lost more than 5 % of their requests/s");
    }
    Ok(())
}

/// One wrk run on a fresh server: requests/s, CPU µs per request, peak RSS in MB.
fn load_run(
    binary: &Path,
    service_dir: &Path,
    row: &Row,
    sink: &XraySink,
    options: &Options,
) -> Result<(f64, f64, f64)> {
    let load = Load::single_thread(options.connections, Duration::from_secs(options.seconds));
    let files = tempfile::tempdir()?;
    let mut env = service::laptop_env(files.path());
    env.push(("LOG_FORMAT", "json".to_owned()));
    if row.spans {
        env.push(("AWS_XRAY_DAEMON_ADDRESS", sink.address.clone()));
    }
    let server = Server::start_files(&binary.to_path_buf(), service_dir, &env)?;
    server.seed_file()?;
    let run = server.measure(row.path, &load)?;
    Ok((
        run.requests_per_second,
        run.cpu_us_per_request,
        run.peak_rss_mb,
    ))
}

/// The section, and how many rows fell by more than [`ALLOWED_FALL`].
fn report(
    runs: &[[Runs; 2]],
    sizes: &[artifact::Sizes; 2],
    options: &Options,
) -> Result<(String, usize)> {
    let med = |values: &[f64]| median(values).context("no runs");
    let mut text = String::new();
    writeln!(
        text,
        "Measured by `cargo xtask bench-compare --baseline <binary>` on {} ({}), {}, load average {} when \
         written. *Before*: the default service's release binary from before the change; *after*: the same \
         service generated from the working tree. Each row ran both, alternating which went first, `wrk -t1 -c{} \
         -d{}s` after a 1 s warm-up, {} rounds; medians. A row that loses more than 5 % of its requests/s fails \
         the command.\n",
        machine::machine(),
        machine::kernel(),
        machine::date(),
        machine::load_average(),
        options.connections,
        options.seconds,
        options.rounds,
    )?;
    writeln!(
        text,
        "| row | requests/s before | after | after / before | CPU µs per request before → after | peak RSS MB before → after |"
    )?;
    writeln!(text, "| --- | --- | --- | --- | --- | --- |")?;
    let mut falls = 0;
    for (row, [before, after]) in ROWS.iter().zip(runs) {
        let ratio = med(&after.rps)? / med(&before.rps)?;
        let mark = if ratio < 1.0 - ALLOWED_FALL {
            falls += 1;
            " (more than 5 % slower)"
        } else {
            ""
        };
        writeln!(
            text,
            "| {} | {:.0} | {:.0} | {ratio:.3}{mark} | {:.2} → {:.2} | {:.1} → {:.1} |",
            row.label(),
            med(&before.rps)?,
            med(&after.rps)?,
            med(&before.cpu_us)?,
            med(&after.cpu_us)?,
            med(&before.peak_rss_mb)?,
            med(&after.peak_rss_mb)?,
        )?;
    }
    writeln!(
        text,
        "| stripped binary, bytes | {} | {} | {:.3} | | |",
        sizes[0].binary,
        sizes[1].binary,
        sizes[1].binary as f64 / sizes[0].binary as f64
    )?;
    writeln!(
        text,
        "| zipped, bytes | {} | {} | {:.3} | | |",
        sizes[0].zipped,
        sizes[1].zipped,
        sizes[1].zipped as f64 / sizes[0].zipped as f64
    )?;
    writeln!(text, "\nRuns, requests/s (before; after):")?;
    for (row, [before, after]) in ROWS.iter().zip(runs) {
        writeln!(
            text,
            "- {}: {}; {}",
            row.label(),
            listed(&before.rps, 0),
            listed(&after.rps, 0)
        )?;
    }
    Ok((text, falls))
}

//! `cargo xtask bench-telemetry`: what the built-in telemetry costs. The generated service (default answers),
//! built `--release`, is measured in four telemetry modes on the same machine in one run, rotating their order
//! and taking medians: requests/s of the local server under wrk and the server's CPU time per request, on the
//! cheapest route (`GET /health`) and on a Files API read (`GET` of a 1 KiB file); and Lambda-mode start-up
//! (exec to the first `next`).
//! The result replaces the "Telemetry cost" section of docs/benchmarks.md.

use std::{fmt::Write as _, time::Duration};

use anyhow::Result;

use crate::{
    bench::{
        docs,
        load::{self, Load},
        machine, runtime_api,
        service::{self, Server, FILES_SERVICE, FILE_PATH},
        stats::{listed, median},
        xray_sink::XraySink,
    },
    paths,
};

/// How much to measure.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Rounds of load runs (one per mode and route each).
    pub rounds: usize,
    /// Length of each load run.
    pub seconds: u64,
    /// Rounds of start-ups (one per mode each).
    pub startups: usize,
    /// Concurrent connections wrk keeps open.
    pub connections: u32,
}

/// What is measured, in the order of the report's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Telemetry {
    /// `TELEMETRY=off`: no access log, metrics or spans; only errors logged.
    Off,
    /// The default: JSON access log and EMF metrics on stdout, no span export.
    LogsAndMetrics,
    /// The default plus every request's spans sent to X-Ray (a local daemon stand-in).
    Full,
    /// The default plus span export for the requests a sampler keeps (5 %, as X-Ray's default rule).
    Sampled,
}

const MODES: [Telemetry; 4] = [
    Telemetry::Off,
    Telemetry::LogsAndMetrics,
    Telemetry::Full,
    Telemetry::Sampled,
];

/// The share of requests [`Telemetry::Sampled`] exports.
const SAMPLED_RATIO: &str = "0.05";

impl Telemetry {
    fn env(self, sink: &XraySink, files_dir: &std::path::Path) -> Vec<(&'static str, String)> {
        let mut env = service::laptop_env(files_dir);
        env.push(("LOG_FORMAT", "json".to_owned()));
        match self {
            Self::Off => env.push(("TELEMETRY", "off".to_owned())),
            Self::LogsAndMetrics => {}
            Self::Full => env.push(("AWS_XRAY_DAEMON_ADDRESS", sink.address.clone())),
            Self::Sampled => env.extend([
                ("AWS_XRAY_DAEMON_ADDRESS", sink.address.clone()),
                ("OTEL_TRACES_SAMPLER", "parentbased_traceidratio".to_owned()),
                ("OTEL_TRACES_SAMPLER_ARG", SAMPLED_RATIO.to_owned()),
            ]),
        }
        env
    }

    fn index(self) -> usize {
        match self {
            Self::Off => 0,
            Self::LogsAndMetrics => 1,
            Self::Full => 2,
            Self::Sampled => 3,
        }
    }

    /// Rotates which mode goes first, so that none always runs on a warmer (or busier) machine.
    fn order(round: usize) -> [Self; 4] {
        let mut modes = MODES;
        modes.rotate_left(round % MODES.len());
        modes
    }
}

/// The routes loaded, in the report's order.
const ROUTES: [(&str, &str); 2] = [("GET /health", "/health"), ("GET 1 KiB file", FILE_PATH)];

/// Every load run's figures for one route, per mode (indexed by [`Telemetry::index`]).
#[derive(Default)]
struct RouteRuns {
    rps: [Vec<f64>; 4],
    cpu_us: [Vec<f64>; 4],
}

/// Every measurement.
#[derive(Default)]
struct Results {
    routes: [RouteRuns; 2],
    /// Start-ups per mode (the sampled mode starts as the full one does; it is not measured separately).
    start_ms: [Vec<f64>; 3],
}

pub fn run(options: Options) -> Result<()> {
    load::ensure_wrk()?;
    let built = service::build_release(FILES_SERVICE, &[])?;
    let sink = XraySink::start()?;
    let mut results = Results::default();

    for round in 0..options.rounds {
        for (route, runs) in ROUTES.iter().zip(results.routes.iter_mut()) {
            for mode in Telemetry::order(round) {
                let (rps, cpu_us) = load_run(&built, mode, &sink, route.1, &options)?;
                println!(
                    "round {}: {}: {mode:?}: {rps:.0} requests/s, {cpu_us:.2} µs CPU per request",
                    round + 1,
                    route.0
                );
                runs.rps[mode.index()].push(rps);
                runs.cpu_us[mode.index()].push(cpu_us);
            }
        }
    }
    println!(
        "the X-Ray sink received {} segment documents",
        sink.documents()
    );

    for round in 0..options.startups {
        // The sampled mode starts as the fully-on one does.
        for mode in Telemetry::order(round)
            .into_iter()
            .filter(|mode| *mode != Telemetry::Sampled)
        {
            let files = tempfile::tempdir()?;
            let mut lambda_env = mode.env(&sink, files.path());
            lambda_env.extend(service::lambda_auth_env());
            let took = runtime_api::time_to_first_next(&built.binary, &lambda_env)?;
            results.start_ms[mode.index()].push(took.as_secs_f64() * 1000.0);
        }
    }

    let section = report(&results, &options)?;
    println!("\n{section}");
    let path = paths::repo_root().join("docs").join("benchmarks.md");
    docs::replace_section(&path, "Telemetry cost", &section)?;
    println!("wrote {}", path.display());
    Ok(())
}

/// One wrk run against `path` on a fresh server in `mode`: requests/s, and the server's CPU time (all threads,
/// the exporter's included) per request.
fn load_run(
    built: &service::Built,
    mode: Telemetry,
    sink: &XraySink,
    path: &str,
    options: &Options,
) -> Result<(f64, f64)> {
    let load = Load::single_thread(options.connections, Duration::from_secs(options.seconds));
    let files = tempfile::tempdir()?;
    let server = Server::start_files(&built.binary, &built.dir, &mode.env(sink, files.path()))?;
    server.seed_file()?;
    // Spans still queued at the end (under one export batch) are not counted: noise beside the run's.
    let run = server.measure(path, &load)?;
    Ok((run.requests_per_second, run.cpu_us_per_request))
}

fn report(results: &Results, options: &Options) -> Result<String> {
    let med = |runs: &[f64]| median(runs).unwrap_or(f64::NAN);
    let mut text = String::new();
    writeln!(
        text,
        "Measured by `cargo xtask bench-telemetry` on {} ({}), {}.\n",
        machine::machine(),
        machine::kernel(),
        machine::date(),
    )?;
    writeln!(
        text,
        "Method: the service generated with the default answers, built `--release`, run as a local server in four \
         modes: **off** (`TELEMETRY=off`: no access log, metrics or spans; only errors logged), **logs + EMF** \
         (the default: a JSON access-log line per request and EMF records on stdout, sent to /dev/null), **fully \
         on** (the default plus `AWS_XRAY_DAEMON_ADDRESS`: every request's spans sent as X-Ray segment documents over \
         UDP to a local daemon stand-in, as on Lambda) and **sampled** (fully on with `OTEL_TRACES_SAMPLER=parentbased_traceidratio`, \
         `OTEL_TRACES_SAMPLER_ARG={SAMPLED_RATIO}`: the share X-Ray's default rule samples; on Lambda the \
         caller's `Sampled=` flag decides instead). Load: `wrk -t1 -c{} -d{}s` after a 1 s warm-up, {} rounds, \
         rotating which mode goes first, on `GET /health` (the cheapest route, where any overhead shows the \
         most) and on `GET` of a 1 KiB file from the local-disk store. CPU per request: the server's user + \
         system time over the run (all threads, span export included), divided by the requests wrk completed; \
         it varies less than requests/s when the machine is shared, because wrk and the server share its 2 \
         cores. Start-up: Lambda mode, from exec to the first `GET /runtime/invocation/next` on a local Runtime \
         API emulator, {} rounds. Load average {} when the report was written: compare the medians.\n",
        options.connections,
        options.seconds,
        options.rounds,
        options.startups,
        machine::load_average()
    )?;
    writeln!(
        text,
        "| measure | off | logs + EMF | fully on | sampled ({SAMPLED_RATIO}) |"
    )?;
    writeln!(text, "| --- | --- | --- | --- | --- |")?;
    for ((label, _), runs) in ROUTES.iter().zip(&results.routes) {
        let rps = runs.rps.each_ref().map(|runs| med(runs));
        let cpu = runs.cpu_us.each_ref().map(|runs| med(runs));
        let mut rps_row = format!("| {label}: requests/s | {:.0} |", rps[0]);
        let mut cpu_row = format!("| {label}: CPU µs per request | {:.2} |", cpu[0]);
        for (r, c) in rps.iter().zip(&cpu).skip(1) {
            write!(rps_row, " {r:.0} ({:.1} %) |", r / rps[0] * 100.0)?;
            write!(cpu_row, " {c:.2} ({:+.2}) |", c - cpu[0])?;
        }
        writeln!(text, "{rps_row}\n{cpu_row}")?;
    }
    let start = results.start_ms.each_ref().map(|runs| med(runs));
    let fastest = results
        .start_ms
        .clone()
        .map(|runs| runs.into_iter().fold(f64::INFINITY, f64::min));
    for (label, values) in [("median", start), ("fastest", fastest)] {
        writeln!(
            text,
            "| Lambda start-up, ms ({label}) | {:.2} | {:.2} ({:+.2}) | {:.2} ({:+.2}) | as fully on |",
            values[0],
            values[1],
            values[1] - values[0],
            values[2],
            values[2] - values[0]
        )?;
    }
    writeln!(text, "\nRuns, requests/s:")?;
    for ((label, _), runs) in ROUTES.iter().zip(&results.routes) {
        for mode in MODES {
            writeln!(
                text,
                "- {label}, {mode:?}: {}",
                listed(&runs.rps[mode.index()], 0)
            )?;
        }
    }
    writeln!(
        text,
        "\nAim: at least 95 % of the throughput and at most 2 ms more start-up with telemetry on."
    )?;
    Ok(text)
}

//! `cargo xtask bench-telemetry`: what the built-in telemetry costs. A generated service, built `--release`,
//! is measured with telemetry off (`TELEMETRY=off`), with its default logs and EMF metrics (stdout goes to
//! /dev/null), and fully on (plus spans exported over OTLP to a local sink), rotating the modes' order on the
//! same machine and taking medians: requests/s of the local server under wrk, and Lambda-mode start-up (exec to
//! the first `next`).
//! The result replaces the "Telemetry cost" section of docs/benchmarks.md.

use std::{fmt::Write as _, time::Duration};

use anyhow::{Context, Result};

use crate::{
    bench::{
        docs,
        load::{self, Load},
        machine,
        otlp_sink::OtlpSink,
        runtime_api,
        service::{self, Server},
        stats::median,
    },
    paths,
};

/// How much to measure.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Rounds of load runs (one per mode each).
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
    /// The default plus every request's span exported over OTLP.
    Full,
}

const MODES: [Telemetry; 3] = [Telemetry::Off, Telemetry::LogsAndMetrics, Telemetry::Full];

impl Telemetry {
    fn env(self, sink: &OtlpSink) -> Vec<(&'static str, String)> {
        let mut env = vec![
            ("APP_ENVIRONMENT", "bench".to_owned()),
            ("LOG_FORMAT", "json".to_owned()),
        ];
        match self {
            Self::Off => env.push(("TELEMETRY", "off".to_owned())),
            Self::LogsAndMetrics => {}
            Self::Full => env.push(("OTEL_EXPORTER_OTLP_ENDPOINT", sink.endpoint.clone())),
        }
        env
    }

    fn index(self) -> usize {
        match self {
            Self::Off => 0,
            Self::LogsAndMetrics => 1,
            Self::Full => 2,
        }
    }

    /// Rotates which mode goes first, so that none always runs on a warmer (or busier) machine.
    fn order(round: usize) -> [Self; 3] {
        let mut modes = MODES;
        modes.rotate_left(round % MODES.len());
        modes
    }
}

/// Every measurement, per mode (indexed by [`Telemetry::index`]).
#[derive(Default)]
struct Results {
    rps: [Vec<f64>; 3],
    start_ms: [Vec<f64>; 3],
}

pub fn run(options: Options) -> Result<()> {
    load::ensure_wrk()?;
    let built = service::build_release("bench-api", &["example_api=false"])?;
    let sink = OtlpSink::start()?;
    let load = Load::single_thread(options.connections, Duration::from_secs(options.seconds));
    let warm_up = load.warm_up();
    let mut results = Results::default();

    for round in 0..options.rounds {
        for mode in Telemetry::order(round) {
            let server = Server::start(&built.binary, &mode.env(&sink))?;
            let url = format!("{}/health", server.url);
            warm_up.requests_per_second(&url)?;
            let rps = load.requests_per_second(&url)?;
            println!("round {}: {mode:?}: {rps:.0} requests/s", round + 1);
            results.rps[mode.index()].push(rps);
        }
    }
    println!("the OTLP sink received {} exports", sink.exports());

    for round in 0..options.startups {
        for mode in Telemetry::order(round) {
            let took = runtime_api::time_to_first_next(&built.binary, &mode.env(&sink))?;
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

fn report(results: &Results, options: &Options) -> Result<String> {
    let medians = |values: &[Vec<f64>; 3]| -> Result<[f64; 3]> {
        let mut out = [0.0; 3];
        for (slot, runs) in out.iter_mut().zip(values) {
            *slot = median(runs).context("no runs")?;
        }
        Ok(out)
    };
    let rps = medians(&results.rps)?;
    let start = medians(&results.start_ms)?;
    let fastest = results
        .start_ms
        .clone()
        .map(|runs| runs.into_iter().fold(f64::INFINITY, f64::min));
    let list = |values: &[f64], digits: usize| {
        values
            .iter()
            .map(|v| format!("{v:.digits$}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
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
        "Method: a service generated with `example_api=false`, built `--release`, run in three modes: **off** \
         (`TELEMETRY=off`: no access log, metrics or spans; only errors logged), **logs + EMF** (the default: a \
         JSON access-log line per request and EMF records on stdout, sent to /dev/null) and **fully on** (the \
         default plus `OTEL_EXPORTER_OTLP_ENDPOINT`: every request's span exported over OTLP/HTTP to a local \
         sink). Throughput: `wrk -t1 -c{} -d{}s` against `GET /health` (the cheapest route, so the overhead \
         shows the most) after a 1 s warm-up, {} rounds, rotating which mode goes first. Start-up: Lambda mode, \
         from exec to the first `GET /runtime/invocation/next` on a local Runtime API emulator, {} rounds. The \
         machine is shared with other work (load average {} when the report was written), so single runs vary: \
         compare the medians; the fastest start-up shows the cost with the least scheduling noise.\n",
        options.connections,
        options.seconds,
        options.rounds,
        options.startups,
        machine::load_average()
    )?;
    writeln!(text, "| measure | off | logs + EMF | fully on |")?;
    writeln!(text, "| --- | --- | --- | --- |")?;
    writeln!(
        text,
        "| requests/s (median) | {:.0} | {:.0} ({:.1} %) | {:.0} ({:.1} %) |",
        rps[0],
        rps[1],
        rps[1] / rps[0] * 100.0,
        rps[2],
        rps[2] / rps[0] * 100.0
    )?;
    for (label, values) in [("median", start), ("fastest", fastest)] {
        writeln!(
            text,
            "| Lambda start-up, ms ({label}) | {:.2} | {:.2} ({:+.2}) | {:.2} ({:+.2}) |",
            values[0],
            values[1],
            values[1] - values[0],
            values[2],
            values[2] - values[0]
        )?;
    }
    writeln!(text, "\nRuns, requests/s:")?;
    for mode in MODES {
        writeln!(text, "- {mode:?}: {}", list(&results.rps[mode.index()], 0))?;
    }
    writeln!(
        text,
        "\nAim: at least 95 % of the throughput and at most 2 ms more start-up with telemetry on."
    )?;
    Ok(text)
}

//! `cargo xtask bench`: what a generated service (default answers, so with the Files API) costs to start, ship
//! and run, measured on this machine with medians over repeated runs, and what each figure compares with.
//! Lambda-mode start-up and first response, binary and zip size, peak memory under a read-heavy load, and
//! requests/s with p99 for `GET` of a 1 KiB file with telemetry fully on and fully off; optionally the wall time
//! of a cold generate → tests green. The result replaces the "Benchmark" section of docs/benchmarks.md.

use std::{
    fmt::Write as _,
    path::Path,
    process::Command,
    time::{Duration, Instant},
};

use anyhow::{bail, Context, Result};

use crate::{
    bench::{
        artifact, docs,
        first_invocation::first_invocation,
        load::{self, Load},
        machine, proc_status, runtime_api,
        service::{self, Server, FILES_SERVICE as NAME, FILE_PATH},
        stats::median,
        xray_sink::XraySink,
    },
    generate, paths,
};

/// The first event of the first-response figure: the testkit's REST API (v1) fixture, which the services' Lambda
/// tests use too.
pub const EVENT: &str = "crates/serverless-axum-testkit/events/rest-v1-prod-openapi.json";

/// How much to measure.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Lambda-mode start-ups (and, separately, first invocations).
    pub startups: usize,
    /// Rounds of load runs (one per telemetry mode each).
    pub rounds: usize,
    /// Length of each load run.
    pub seconds: u64,
    /// Concurrent connections wrk keeps open.
    pub connections: u32,
    /// Also time `cargo generate` → the generated tests green from a fresh target folder (many minutes).
    pub with_cold_generate: bool,
}

/// The two ends of the telemetry switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Telemetry {
    /// `TELEMETRY=off`: no access log, metrics or spans.
    Off,
    /// Logs, EMF metrics and every request's span sent to a local X-Ray daemon stand-in.
    Full,
}

impl Telemetry {
    fn env(self, sink: &XraySink, files_dir: &Path) -> Vec<(&'static str, String)> {
        let mut env = service::laptop_env(files_dir);
        env.push(("LOG_FORMAT", "json".to_owned()));
        match self {
            Self::Off => env.push(("TELEMETRY", "off".to_owned())),
            Self::Full => env.push(("AWS_XRAY_DAEMON_ADDRESS", sink.address.clone())),
        }
        env
    }

    /// Alternates which mode goes first, so that neither always runs on a warmer (or busier) machine.
    fn order(round: usize) -> [Self; 2] {
        if round.is_multiple_of(2) {
            [Self::Off, Self::Full]
        } else {
            [Self::Full, Self::Off]
        }
    }
}

/// Every run's figures for one telemetry mode.
#[derive(Default)]
struct LoadRuns {
    rps: Vec<f64>,
    p99_ms: Vec<f64>,
    idle_rss_mib: Vec<f64>,
    peak_rss_mib: Vec<f64>,
}

struct Results {
    release_build: Duration,
    sizes: artifact::Sizes,
    ready_ms: Vec<f64>,
    first_response_ms: Vec<f64>,
    off: LoadRuns,
    full: LoadRuns,
    cold_generate: Option<Duration>,
}

pub fn run(options: Options) -> Result<()> {
    load::ensure_wrk()?;
    let started = Instant::now();
    let built = service::build_release(NAME, &[])?;
    let release_build = started.elapsed();
    let sizes = artifact::sizes(&built.binary)?;
    println!(
        "binary {} bytes, zipped {} bytes",
        sizes.binary, sizes.zipped
    );

    let lambda_env = lambda_env();
    let event_path = paths::repo_root().join(EVENT);
    let event =
        std::fs::read(&event_path).with_context(|| format!("reading {}", event_path.display()))?;
    let mut ready_ms = Vec::new();
    let mut first_response_ms = Vec::new();
    for _ in 0..options.startups {
        let ready = runtime_api::time_to_first_next(&built.binary, &lambda_env)?;
        ready_ms.push(ready.as_secs_f64() * 1000.0);
        let first = first_invocation(&built.binary, &lambda_env, &event)?;
        first_response_ms.push(first.as_secs_f64() * 1000.0);
    }
    println!(
        "Lambda start-up {:.2} ms, first response {:.2} ms (medians)",
        median(&ready_ms).unwrap_or(f64::NAN),
        median(&first_response_ms).unwrap_or(f64::NAN)
    );

    let (off, full) = load_runs(&built.binary, &built.dir, &options)?;
    let cold_generate = if options.with_cold_generate {
        Some(cold_generate()?)
    } else {
        None
    };
    let results = Results {
        release_build,
        sizes,
        ready_ms,
        first_response_ms,
        off,
        full,
        cold_generate,
    };
    let section = report(&results, &options)?;
    println!("\n{section}");
    let path = paths::repo_root().join("docs").join("benchmarks.md");
    docs::replace_section(&path, "Benchmark", &section)?;
    println!("wrote {}", path.display());
    Ok(())
}

/// What Lambda sets besides the Runtime API, and what the deployed function is given: S3 as the Files API's
/// store (the client is built at start-up; nothing is sent to S3 by the measured requests).
pub fn lambda_env() -> Vec<(&'static str, String)> {
    vec![
        ("APP_ENVIRONMENT", "bench".to_owned()),
        ("AWS_LAMBDA_LOG_FORMAT", "JSON".to_owned()),
        ("AWS_REGION", "us-west-2".to_owned()),
        ("AWS_ACCESS_KEY_ID", "bench".to_owned()),
        ("AWS_SECRET_ACCESS_KEY", "bench".to_owned()),
        ("FILES_BUCKET", "bench-files".to_owned()),
    ]
    .into_iter()
    .chain(service::lambda_auth_env())
    .collect()
}

/// wrk against `GET` of a 1 KiB file, alternating telemetry off and fully on; each run on a fresh server whose
/// peak RSS is read after the load.
fn load_runs(binary: &Path, service_dir: &Path, options: &Options) -> Result<(LoadRuns, LoadRuns)> {
    let sink = XraySink::start()?;
    let load = Load::single_thread(options.connections, Duration::from_secs(options.seconds));
    let warm_up = load.warm_up();
    let (mut off, mut full) = (LoadRuns::default(), LoadRuns::default());
    for round in 0..options.rounds {
        for mode in Telemetry::order(round) {
            let files = tempfile::tempdir()?;
            let server = Server::start_files(
                &binary.to_path_buf(),
                service_dir,
                &mode.env(&sink, files.path()),
            )?;
            server.seed_file()?;
            let idle = proc_status::peak_rss_kib(server.pid())?;
            let url = format!("{}{FILE_PATH}", server.url);
            warm_up.measure(&url, server.token.as_deref())?;
            let measured = load.measure(&url, server.token.as_deref())?;
            let peak = proc_status::peak_rss_kib(server.pid())?;
            println!(
                "round {}: {mode:?}: {:.0} requests/s, p99 {:.2} ms, peak RSS {:.1} MiB",
                round + 1,
                measured.requests_per_second,
                measured.p99_ms,
                peak as f64 / 1024.0
            );
            let runs = match mode {
                Telemetry::Off => &mut off,
                Telemetry::Full => &mut full,
            };
            runs.rps.push(measured.requests_per_second);
            runs.p99_ms.push(measured.p99_ms);
            runs.idle_rss_mib.push(idle as f64 / 1024.0);
            runs.peak_rss_mib.push(peak as f64 / 1024.0);
        }
    }
    println!(
        "the X-Ray sink received {} segment documents",
        sink.documents()
    );
    Ok((off, full))
}

/// `cargo generate` (the harness's in-process equivalent) → `cargo nextest run` green, from an empty target
/// folder; crates come from the local registry cache (no downloads are timed).
fn cold_generate() -> Result<Duration> {
    let out = tempfile::tempdir()?;
    let target = tempfile::tempdir()?;
    println!("cold generate → tests green in a fresh target folder (this takes many minutes)");
    let started = Instant::now();
    let dir = generate::service("cold-api", out.path(), &[])?;
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["nextest", "run", "--no-fail-fast"])
        .env("CARGO_TARGET_DIR", target.path())
        .current_dir(&dir)
        .status()
        .context("running cargo nextest")?;
    if !status.success() {
        bail!("the generated service's tests failed");
    }
    Ok(started.elapsed())
}

fn report(results: &Results, options: &Options) -> Result<String> {
    let med = |values: &[f64]| median(values).context("no runs");
    let mib = |bytes: u64| bytes as f64 / 1024.0 / 1024.0;
    let mut text = String::new();
    writeln!(
        text,
        "Measured by `cargo xtask bench` on {} ({}), {}, load average {} when written. A service generated with \
         the default answers (Files API included), built `--release` (`lto = \"fat\"`, `codegen-units = 1`, \
         stripped) for x86_64; the arm64 artifact Lambda runs is built in CI. Figures are medians over the runs \
         given; the machine is shared with other work, so compare medians, not single runs.\n",
        machine::machine(),
        machine::kernel(),
        machine::date(),
        machine::load_average(),
    )?;
    writeln!(text, "| figure | this service | method | compare with |")?;
    writeln!(text, "| --- | --- | --- | --- |")?;
    writeln!(
        text,
        "| Lambda start-up | {:.2} ms | exec of the binary → its first `GET /runtime/invocation/next` on a local \
         Runtime API emulator, {} runs (S3 client configured, default logs + EMF) | {} |",
        med(&results.ready_ms)?,
        options.startups,
        STARTUP_COMPARISON
    )?;
    writeln!(
        text,
        "| first response | {:.2} ms | the first event handed out (REST API `GET /openapi.json`, the service's \
         own fixture) → the function's response POST received, {} runs, each a fresh process | no comparison \
         figure at hand |",
        med(&results.first_response_ms)?,
        options.startups
    )?;
    writeln!(
        text,
        "| binary size | {:.1} MiB ({} bytes) | the stripped release binary | — |",
        mib(results.sizes.binary),
        results.sizes.binary
    )?;
    writeln!(
        text,
        "| zipped artifact | {:.1} MiB ({} bytes) | the binary as `bootstrap` in a zip (Info-ZIP, default level), \
         what Lambda is given | {} |",
        mib(results.sizes.zipped),
        results.sizes.zipped,
        SIZE_COMPARISON
    )?;
    for (label, runs) in [("off", &results.off), ("fully on", &results.full)] {
        writeln!(
            text,
            "| peak RSS, telemetry {label} | {:.1} MiB (idle {:.1} MiB) | `VmHWM` of the local server from \
             /proc after the load below (idle: after start-up and one upload), {} runs | {} |",
            med(&runs.peak_rss_mib)?,
            med(&runs.idle_rss_mib)?,
            options.rounds,
            MEMORY_COMPARISON
        )?;
    }
    for (label, runs) in [("off", &results.off), ("fully on", &results.full)] {
        writeln!(
            text,
            "| `GET` 1 KiB file, telemetry {label} | {:.0} requests/s, p99 {:.2} ms | `wrk --latency -t1 -c{} \
             -d{}s` against the local server (local-disk store) after a 1 s warm-up, {} runs alternating \
             which mode goes first | {} |",
            med(&runs.rps)?,
            med(&runs.p99_ms)?,
            options.connections,
            options.seconds,
            options.rounds,
            if label == "off" {
                "telemetry fully on, next row"
            } else {
                "telemetry off, previous row"
            }
        )?;
    }
    match results.cold_generate {
        Some(took) => writeln!(
            text,
            "| cold generate → tests green | {:.1} min | generate, then `cargo nextest run` in an empty target \
             folder (crates from the local registry cache) | no comparison figure at hand |",
            took.as_secs_f64() / 60.0
        )?,
        None => writeln!(
            text,
            "| cold generate → tests green | not measured | `cargo xtask bench --with-cold-generate` (many \
             minutes: a fresh target folder) | no comparison figure at hand |"
        )?,
    }
    writeln!(
        text,
        "\nThe release build before the runs took {:.1} min (dependencies already compiled in the bench target \
         folder, so mostly the service crate's fat LTO).",
        results.release_build.as_secs_f64() / 60.0
    )?;
    writeln!(
        text,
        "\nRuns, requests/s: off {}; fully on {}.",
        list(&results.off.rps),
        list(&results.full.rps)
    )?;
    writeln!(text, "\n{SOURCES}")?;
    Ok(text)
}

fn list(values: &[f64]) -> String {
    values
        .iter()
        .map(|v| format!("{v:.0}"))
        .collect::<Vec<_>>()
        .join(", ")
}

const STARTUP_COMPARISON: &str = "published Lambda cold starts, measured on Lambda (Init Duration, which adds the \
     sandbox and code load this local figure leaves out): a minimal axum + lambda_http function 18.5–18.9 ms [1]; \
     medians of an echo handler: Rust 16.26 ms, Python 76.30 ms [2]";
const SIZE_COMPARISON: &str = "a minimal axum + lambda_http function, arm64: 885.7 kB uploaded [1]";
const MEMORY_COMPARISON: &str =
    "a minimal axum + lambda_http function on Lambda: Max Memory Used 16 MB [1]";
const SOURCES: &str = "Sources: [1] Fulgurion, \"Rust on AWS Lambda: cold start\" \
     (fulgurion.com/blog/posts/rust-on-aws-lambda-cold-start), arm64, 512 MB, REPORT lines of 5 cold starts. \
     [2] Illya Yalovoy, \"Four Million Lambda Invokes Across Python, Java, Rust, and Go\" (Medium), direct invoke, \
     30 forced cold starts per runtime. Their figures are from Lambda itself and are a floor to read ours against, \
     not the same measurement.";

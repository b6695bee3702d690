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
        floor,
        load::{self, Load},
        machine, runtime_api,
        service::{self, Server, FILES_SERVICE as NAME, FILE_PATH},
        stats::{listed, median},
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

/// What one load run measures: the floor, or the service in one telemetry mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    /// `bench-floor`: a bare axum handler that `tokio::fs::read`s the file (see `bench/floor.rs`).
    Floor,
    /// The service with `TELEMETRY=off`: no access log, metrics or spans.
    Off,
    /// The service as deployed without tracing: a JSON access-log line and EMF metrics per request.
    Default,
    /// The default plus every request's spans sent to a local X-Ray daemon stand-in, as on Lambda.
    Full,
}

impl Subject {
    const ALL: [Self; 4] = [Self::Floor, Self::Off, Self::Default, Self::Full];

    fn env(self, sink: &XraySink, files_dir: &Path) -> Vec<(&'static str, String)> {
        let mut env = service::laptop_env(files_dir);
        env.push(("LOG_FORMAT", "json".to_owned()));
        match self {
            Self::Floor | Self::Default => {}
            Self::Off => env.push(("TELEMETRY", "off".to_owned())),
            Self::Full => env.push(("AWS_XRAY_DAEMON_ADDRESS", sink.address.clone())),
        }
        env
    }

    /// Rotates which subject goes first, so that none always runs on a warmer (or busier) machine.
    fn order(round: usize) -> [Self; 4] {
        let mut order = Self::ALL;
        order.rotate_left(round % Self::ALL.len());
        order
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Every run's figures for one subject.
#[derive(Default)]
struct LoadRuns {
    rps: Vec<f64>,
    p99_ms: Vec<f64>,
    cpu_us: Vec<f64>,
    idle_rss_mb: Vec<f64>,
    peak_rss_mb: Vec<f64>,
}

struct Results {
    release_build: Duration,
    sizes: artifact::Sizes,
    floor_sizes: artifact::Sizes,
    ready_ms: Vec<f64>,
    first_response_ms: Vec<f64>,
    /// Indexed by [`Subject::index`].
    runs: [LoadRuns; 4],
    cold_generate: Option<Duration>,
}

impl Results {
    fn runs(&self, subject: Subject) -> &LoadRuns {
        &self.runs[subject.index()]
    }
}

pub fn run(options: Options) -> Result<()> {
    load::ensure_wrk()?;
    let started = Instant::now();
    let built = service::build_release(NAME, &[])?;
    let release_build = started.elapsed();
    let floor_binary = floor::build()?;
    let sizes = artifact::sizes(&built.binary)?;
    let floor_sizes = artifact::sizes(&floor_binary)?;
    println!(
        "binary {} bytes, zipped {} bytes (floor: {} and {})",
        sizes.binary, sizes.zipped, floor_sizes.binary, floor_sizes.zipped
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

    let runs = load_runs(&built.binary, &floor_binary, &built.dir, &options)?;
    let cold_generate = if options.with_cold_generate {
        Some(cold_generate()?)
    } else {
        None
    };
    let results = Results {
        release_build,
        sizes,
        floor_sizes,
        ready_ms,
        first_response_ms,
        runs,
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

/// wrk against `GET` of a 1 KiB file, each subject in turn per round; each run on a fresh server whose peak RSS
/// and CPU time are read after the load.
fn load_runs(
    binary: &Path,
    floor_binary: &Path,
    service_dir: &Path,
    options: &Options,
) -> Result<[LoadRuns; 4]> {
    let sink = XraySink::start()?;
    let load = Load::single_thread(options.connections, Duration::from_secs(options.seconds));
    let mut runs: [LoadRuns; 4] = Default::default();
    for round in 0..options.rounds {
        for subject in Subject::order(round) {
            let files = tempfile::tempdir()?;
            let server = match subject {
                Subject::Floor => floor::start(&floor_binary.to_path_buf(), files.path())?,
                _ => {
                    let server = Server::start_files(
                        &binary.to_path_buf(),
                        service_dir,
                        &subject.env(&sink, files.path()),
                    )?;
                    server.seed_file()?;
                    server
                }
            };
            let run = server.measure(FILE_PATH, &load)?;
            println!(
                "round {}: {subject:?}: {:.0} requests/s, p99 {:.2} ms, {:.1} µs CPU per request, peak RSS \
                 {:.1} MB",
                round + 1,
                run.requests_per_second,
                run.p99_ms,
                run.cpu_us_per_request,
                run.peak_rss_mb
            );
            let runs = &mut runs[subject.index()];
            runs.rps.push(run.requests_per_second);
            runs.p99_ms.push(run.p99_ms);
            runs.cpu_us.push(run.cpu_us_per_request);
            runs.idle_rss_mb.push(run.idle_rss_mb);
            runs.peak_rss_mb.push(run.peak_rss_mb);
        }
    }
    println!(
        "the X-Ray sink received {} segment documents",
        sink.documents()
    );
    Ok(runs)
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
    let mb = |bytes: u64| bytes as f64 / 1e6;
    let mut text = String::new();
    writeln!(
        text,
        "Measured by `cargo xtask bench` on {} ({}), {}, load average {} when written. A service generated with \
         the default answers (Files API and `auth=jwt` included), built `--release` with the template's profile \
         for x86_64; the arm64 artifact Lambda runs is built in CI. The floor is `xtask/floor`: a bare axum \
         handler that only `tokio::fs::read`s the file, built with fat LTO at `opt-level = 3`. Figures are \
         medians over the runs given; the machine is shared with other work, so compare medians and ratios \
         within this run, not single runs. MB are 10^6 bytes, as Lambda counts memory.\n",
        machine::machine(),
        machine::kernel(),
        machine::date(),
        machine::load_average(),
    )?;
    writeln!(
        text,
        "| figure | this service | aim | method | compare with |"
    )?;
    writeln!(text, "| --- | --- | --- | --- | --- |")?;
    writeln!(
        text,
        "| Lambda start-up | {:.2} ms | ≤ 3 ms | exec of the binary → its first `GET /runtime/invocation/next` on \
         a local Runtime API emulator, {} runs (S3 client configured, default logs + EMF) | {} |",
        med(&results.ready_ms)?,
        options.startups,
        STARTUP_COMPARISON
    )?;
    writeln!(
        text,
        "| first response | {:.2} ms | — | the first event handed out (REST API `GET /openapi.json`, the \
         service's own fixture) → the function's response POST received, {} runs, each a fresh process | no \
         comparison figure at hand |",
        med(&results.first_response_ms)?,
        options.startups
    )?;
    writeln!(
        text,
        "| binary size | {:.2} MB ({} bytes) | ≤ 6 MB | the stripped release binary | the floor: {:.2} MB |",
        mb(results.sizes.binary),
        results.sizes.binary,
        mb(results.floor_sizes.binary)
    )?;
    writeln!(
        text,
        "| zipped artifact | {:.2} MB ({} bytes) | ≤ 2.5 MB | the binary as `bootstrap` in a zip (Info-ZIP, \
         default level), what Lambda downloads at a cold start | the floor: {:.2} MB; {} |",
        mb(results.sizes.zipped),
        results.sizes.zipped,
        mb(results.floor_sizes.zipped),
        SIZE_COMPARISON
    )?;
    let (low, high) = code_load_ms(results.sizes.zipped);
    let (floor_low, floor_high) = code_load_ms(results.floor_sizes.zipped);
    writeln!(
        text,
        "| cold start on Lambda: code download and unpacking (estimate) | {low:.0}–{high:.0} ms | — | the zipped \
         size placed on a published guide [3]: 1 MB takes 10–30 ms, 10 MB 50–100 ms (a straight line between \
         them; the 1 MB figure below it); not measured here | the floor's zip: {floor_low:.0}–{floor_high:.0} ms |"
    )?;
    let floor_rss = med(&results.runs(Subject::Floor).peak_rss_mb)?;
    for (subject, label, aim) in [
        (Subject::Off, "telemetry off", "—"),
        (
            Subject::Default,
            "default telemetry (logs + EMF)",
            "≤ 20 MB",
        ),
        (Subject::Full, "span export on (X-Ray)", "≤ 25 MB"),
    ] {
        let runs = results.runs(subject);
        writeln!(
            text,
            "| peak RSS, {label} | {:.1} MB (idle {:.1} MB) | {aim} | `VmHWM` of the local server from /proc \
             after the load below (idle: after start-up and one upload), {} runs | the floor: {floor_rss:.1} MB; \
             {} |",
            med(&runs.peak_rss_mb)?,
            med(&runs.idle_rss_mb)?,
            options.rounds,
            MEMORY_COMPARISON
        )?;
    }
    let floor_rps = med(&results.runs(Subject::Floor).rps)?;
    for (subject, label, aim) in [
        (Subject::Floor, "the floor (bare handler)", "—"),
        (Subject::Off, "telemetry off", "—"),
        (Subject::Default, "default telemetry", "≥ 0.85 of the floor"),
        (Subject::Full, "span export on", "—"),
    ] {
        let runs = results.runs(subject);
        let rps = med(&runs.rps)?;
        writeln!(
            text,
            "| `GET` 1 KiB file, {label} | {rps:.0} requests/s ({:.2} of the floor), p99 {:.2} ms, {:.1} µs CPU \
             per request | {aim} | `wrk --latency -t1 -c{} -d{}s` against the local server (local-disk store; \
             a dev ES256 bearer token, whose signature the service checks once a minute: \
             `AUTH_VERIFIED_TTL_SECS`) after a 1 s warm-up, {} runs, rotating which \
             goes first; CPU: the server's user + system time ÷ requests | the floor row |",
            rps / floor_rps,
            med(&runs.p99_ms)?,
            med(&runs.cpu_us)?,
            options.connections,
            options.seconds,
            options.rounds,
        )?;
    }
    match results.cold_generate {
        Some(took) => writeln!(
            text,
            "| cold generate → tests green | {:.1} min | — | generate, then `cargo nextest run` in an empty target \
             folder (crates from the local registry cache) | no comparison figure at hand |",
            took.as_secs_f64() / 60.0
        )?,
        None => writeln!(
            text,
            "| cold generate → tests green | not measured | — | `cargo xtask bench --with-cold-generate` (many \
             minutes: a fresh target folder) | no comparison figure at hand |"
        )?,
    }
    writeln!(
        text,
        "\nThe release build before the runs took {:.1} min (dependencies already compiled in the bench target \
         folder, so mostly the service crate's fat LTO).",
        results.release_build.as_secs_f64() / 60.0
    )?;
    writeln!(text, "\nRuns, requests/s:")?;
    for subject in Subject::ALL {
        writeln!(
            text,
            "- {subject:?}: {}",
            listed(&results.runs(subject).rps, 0)
        )?;
    }
    writeln!(text, "\n{SOURCES}")?;
    Ok(text)
}

/// The code download and unpacking part of a cold start, as a range in ms, for a zip of `zipped` bytes: the
/// published guide's points [3] (1 MB: 10–30 ms, 10 MB: 50–100 ms) joined by a straight line, and the 1 MB
/// figure for anything smaller. An estimate to follow the trend by, not a measurement.
fn code_load_ms(zipped: u64) -> (f64, f64) {
    let along = ((zipped as f64 / 1e6).max(1.0) - 1.0) / 9.0;
    (10.0 + along * 40.0, 30.0 + along * 70.0)
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
     not the same measurement. [3] Alex Mayhew, \"The Lambda Tax: Cold Starts\" \
     (alexmayhew.dev/blog/lambda-tax-cold-starts), \"Code Download and Extraction\": 1 MB ~10–30 ms, 10 MB \
     ~50–100 ms, 50 MB ~200–400 ms; typical figures, not a controlled measurement.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_load_estimate_follows_the_published_points() {
        assert_eq!(code_load_ms(1_000_000), (10.0, 30.0));
        assert_eq!(code_load_ms(10_000_000), (50.0, 100.0));
        assert_eq!(code_load_ms(300_000), (10.0, 30.0));
        let (low, high) = code_load_ms(5_500_000);
        assert!((low - 30.0).abs() < 1e-9 && (high - 65.0).abs() < 1e-9);
    }

    #[test]
    fn every_subject_goes_first_once_in_four_rounds() {
        let firsts: Vec<Subject> = (0..4).map(|round| Subject::order(round)[0]).collect();
        assert_eq!(firsts, Subject::ALL.to_vec());
    }
}

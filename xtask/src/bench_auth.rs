//! `cargo xtask bench-auth`: what authentication costs, side by side in one run. The default service (`auth=jwt`)
//! and the same service generated with `auth=none`, both built `--release`: Lambda-mode start-up and first
//! response (alternating which goes first), and the local server under wrk on `GET` of a 1 KiB file, with a dev
//! token and without one: requests/s and CPU per request. Then the token check alone with the issuer's keys
//! cached (the kit's `verify_cost` example: RS256 as Cognito signs, ES256 as the dev issuer does). The result
//! replaces the "Authentication cost" section of docs/benchmarks.md.

use std::{fmt::Write as _, process::Command, time::Duration};

use anyhow::{bail, Context, Result};

use crate::{
    bench::{
        docs,
        first_invocation::first_invocation,
        load::{self, Load},
        machine, runtime_api,
        service::{self, Built, Server, FILE_PATH},
        stats::median,
    },
    bench_all, paths,
};

/// How much to measure.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub startups: usize,
    pub rounds: usize,
    pub seconds: u64,
    pub connections: u32,
    /// Token checks per algorithm in the in-process measurement.
    pub verifications: u32,
}

/// One service's figures.
#[derive(Default)]
struct Figures {
    ready_ms: Vec<f64>,
    first_ms: Vec<f64>,
    rps: Vec<f64>,
    cpu_us: Vec<f64>,
}

pub fn run(options: Options) -> Result<()> {
    load::ensure_wrk()?;
    let jwt = service::build_release("auth-bench", &[])?;
    let none = service::build_release("public-bench", &["auth=none"])?;
    let event_path = paths::repo_root().join(bench_all::EVENT);
    let event =
        std::fs::read(&event_path).with_context(|| format!("reading {}", event_path.display()))?;
    let lambda_env = bench_all::lambda_env();

    let (mut with_auth, mut without) = (Figures::default(), Figures::default());
    for run in 0..options.startups {
        for (built, figures) in ordered(run, (&jwt, &mut with_auth), (&none, &mut without)) {
            let ready = runtime_api::time_to_first_next(&built.binary, &lambda_env)?;
            figures.ready_ms.push(ready.as_secs_f64() * 1000.0);
            let first = first_invocation(&built.binary, &lambda_env, &event)?;
            figures.first_ms.push(first.as_secs_f64() * 1000.0);
        }
    }
    let load = Load::single_thread(options.connections, Duration::from_secs(options.seconds));
    for round in 0..options.rounds {
        for (built, figures) in ordered(round, (&jwt, &mut with_auth), (&none, &mut without)) {
            let (rps, cpu_us) = load_run(built, &load)?;
            println!(
                "round {}: {}: {rps:.0} requests/s, {cpu_us:.1} µs CPU per request",
                round + 1,
                built.dir.display()
            );
            figures.rps.push(rps);
            figures.cpu_us.push(cpu_us);
        }
    }
    let verify = verify_cost(options.verifications)?;
    let section = report(&with_auth, &without, &verify, &options)?;
    println!("\n{section}");
    let path = paths::repo_root().join("docs").join("benchmarks.md");
    docs::replace_section(&path, "Authentication cost", &section)?;
    println!("wrote {}", path.display());
    Ok(())
}

/// The two services in the order of run `n`: alternating, so neither always runs on a warmer machine.
fn ordered<'a>(
    n: usize,
    first: (&'a Built, &'a mut Figures),
    second: (&'a Built, &'a mut Figures),
) -> [(&'a Built, &'a mut Figures); 2] {
    if n.is_multiple_of(2) {
        [first, second]
    } else {
        [second, first]
    }
}

/// wrk on `GET` of the seeded 1 KiB file (with the server's dev token when it has one): requests/s and the
/// server's CPU time per request.
fn load_run(built: &Built, load: &Load) -> Result<(f64, f64)> {
    let files = tempfile::tempdir()?;
    let server = Server::start_files(
        &built.binary,
        &built.dir,
        &service::laptop_env(files.path()),
    )?;
    server.seed_file()?;
    let run = server.measure(FILE_PATH, load)?;
    Ok((run.requests_per_second, run.cpu_us_per_request))
}

/// The kit's `verify_cost` example, built `--release` in this workspace.
fn verify_cost(rounds: u32) -> Result<serde_json::Value> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args([
            "run",
            "--release",
            "--quiet",
            "--locked",
            "-p",
            "serverless-axum-kit",
            "--features",
            "auth",
            "--example",
            "verify_cost",
            "--",
            &rounds.to_string(),
        ])
        .current_dir(paths::repo_root())
        .output()
        .context("running the verify_cost example")?;
    if !output.status.success() {
        bail!(
            "verify_cost failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(serde_json::from_slice(&output.stdout)?)
}

/// One row of the table: figure, `auth=jwt` runs, `auth=none` runs, unit, method.
type Row<'a> = (&'a str, &'a [f64], &'a [f64], &'a str, String);

fn report(
    with_auth: &Figures,
    without: &Figures,
    verify: &serde_json::Value,
    options: &Options,
) -> Result<String> {
    let med = |values: &[f64]| median(values).context("no runs");
    let mut text = String::new();
    writeln!(
        text,
        "Measured by `cargo xtask bench-auth` on {} ({}), {}, load average {} when written. The default service \
         (`auth=jwt`) and the same service generated with `auth=none`, both `--release` for x86_64, measured \
         alternately in one run; medians, and the difference, which is what to read on a noisy machine.\n",
        machine::machine(),
        machine::kernel(),
        machine::date(),
        machine::load_average(),
    )?;
    writeln!(
        text,
        "| figure | `auth=jwt` | `auth=none` | difference | method |"
    )?;
    writeln!(text, "| --- | --- | --- | --- | --- |")?;
    let rows: [Row; 4] = [
        (
            "Lambda start-up",
            &with_auth.ready_ms,
            &without.ready_ms,
            "ms",
            format!(
                "exec → first `GET /runtime/invocation/next` on a local Runtime API emulator, {} runs each (the \
                 issuer is configured; no key is fetched at start-up)",
                options.startups
            ),
        ),
        (
            "first response",
            &with_auth.first_ms,
            &without.first_ms,
            "ms",
            format!(
                "first event handed out (REST API `GET /openapi.json`, public) → response received, {} runs each",
                options.startups
            ),
        ),
        (
            "`GET` 1 KiB file",
            &with_auth.rps,
            &without.rps,
            "requests/s",
            format!(
                "`wrk -t1 -c{} -d{}s` against the local server, with a dev token (ES256) for `auth=jwt`, {} runs each",
                options.connections, options.seconds, options.rounds
            ),
        ),
        (
            "CPU per request",
            &with_auth.cpu_us,
            &without.cpu_us,
            "µs",
            "the server's user + system CPU time over the same wrk run ÷ requests served".to_owned(),
        ),
    ];
    for (figure, jwt, none, unit, method) in rows {
        let (jwt, none) = (med(jwt)?, med(none)?);
        // Milliseconds to the hundredth, microseconds to the tenth, requests/s whole.
        let digits = match unit {
            "ms" => 2,
            "µs" => 1,
            _ => 0,
        };
        writeln!(
            text,
            "| {figure} | {jwt:.digits$} {unit} | {none:.digits$} {unit} | {:+.digits$} {unit} ({:.3}×) | {method} |",
            jwt - none,
            jwt / none
        )?;
    }
    writeln!(
        text,
        "\nThe token check alone, keys cached (the kit's `verify_cost` example, `--release`, one thread, {} checks \
         each): **RS256 {:.1} µs** (Cognito, Auth0, Okta sign with it), **ES256 {:.1} µs** (the dev issuer). Behind \
         API Gateway's Cognito authorizer the service checks the authorizer's claims instead, with no signature \
         to verify.",
        verify["rounds"],
        verify["rs256_us"].as_f64().unwrap_or(f64::NAN),
        verify["es256_us"].as_f64().unwrap_or(f64::NAN),
    )?;
    Ok(text)
}

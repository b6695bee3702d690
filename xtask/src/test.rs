//! `cargo xtask test`: every variant generated into `<cache>/work/test` and checked the way its own CI checks it,
//! then the template repo's own checks (the harness itself, the platform's CDK app, the repo's workflows).

use std::{
    path::{Path, PathBuf},
    process::Command,
    time::Instant,
};

use anyhow::{bail, Result};

use crate::{
    bench::service::Server,
    dev_token, generate, image_check, infra_review_probe, paths, placeholders,
    steps::{cargo, Report},
    tools, upgrade_probe,
    variants::{Variant, ALL},
};

pub fn run(only: &[String], skip_platform: bool) -> Result<()> {
    let selected: Vec<&Variant> = ALL
        .iter()
        .filter(|variant| only.is_empty() || only.iter().any(|label| label == variant.label))
        .collect();
    if selected.is_empty() {
        bail!("no variant named {only:?}");
    }
    tools::ensure()?;
    let mut report = Report::default();
    let workdir = paths::work_dir("test")?;
    for variant in selected {
        check_variant(variant, &workdir, &mut report);
    }
    if !skip_platform {
        check_repo(&mut report);
        check_upgrade(&workdir, &mut report);
        check_infra_review(&workdir, &mut report);
    }
    if report.finish() {
        Ok(())
    } else {
        bail!("some checks failed")
    }
}

fn check_variant(variant: &Variant, workdir: &Path, report: &mut Report) {
    let label = variant.label;
    let started = Instant::now();
    let defines: Vec<String> = variant.defines.iter().map(|d| (*d).to_owned()).collect();
    let dir = match generate::service(variant.service, &workdir.join(label), &defines) {
        Ok(dir) => dir,
        Err(error) => {
            eprintln!("{error:#}");
            report.record(&format!("{label}: generate"), false, started.elapsed());
            return;
        }
    };
    report.record(&format!("{label}: generate"), true, started.elapsed());
    check_rendering(label, &dir, report);

    check_rust_package(label, &dir, None, report);
    check_against_local_server(variant, &dir, report);
    check_contract(variant, &dir, report);
    check_api_changes(variant, &dir, workdir, report);
    // The CDK tests synthesize with the binary nextest just built, rather than building another one (a plain
    // `cargo build` resolves dependency features without the dev-dependencies, so it would recompile them).
    let binary = debug_binary(variant);
    let artifact = binary.is_file().then_some(binary);
    check_npm_package(
        &format!("{label}: infra"),
        &dir.join("infra"),
        artifact.as_deref(),
        report,
    );
    check_npm_package(
        &format!("{label}: gitops"),
        &dir.join("gitops"),
        None,
        report,
    );
    check_dockerfile(label, &dir, report);
    check_image_paths(variant, &dir, report);
    check_workflows(&format!("{label}: actionlint"), &dir, report);
    check_workflow_security(&format!("{label}: zizmor"), &dir, report);
    check_openapi(
        &format!("{label}: openapi.json is valid OpenAPI 3.1"),
        &dir,
        report,
    );
}

/// The checked-in description (which the service's own test holds to what its server serves) against the
/// OpenAPI 3.1 schema, with openapi-spec-validator.
/// The Dockerfile's final stage around the binary built here, with buildah (`image_check.rs`); skipped without it.
fn check_image_paths(variant: &Variant, dir: &Path, report: &mut Report) {
    let binary = debug_binary(variant);
    if !dir.join("Dockerfile").is_file() || !binary.is_file() {
        return;
    }
    let name = format!(
        "{}: the Dockerfile's final stage packages the binary (buildah, scratch base)",
        variant.label
    );
    if !image_check::available() {
        println!("skipped: {name} (buildah is not installed)");
        return;
    }
    let started = Instant::now();
    let outcome = image_check::check(dir, &binary, variant.service);
    if let Err(error) = &outcome {
        eprintln!("{error:#}");
    }
    report.record(&name, outcome.is_ok(), started.elapsed());
}

/// The service's Dockerfile, linted (no Docker engine here: the image is built by the service's CI); the
/// container behaviours are tested on the binary itself (kit-probe's `tests/binary/container.rs`).
fn check_dockerfile(label: &str, dir: &Path, report: &mut Report) {
    if !dir.join("Dockerfile").is_file() {
        return;
    }
    report.run(
        &format!("{label}: hadolint Dockerfile"),
        dir,
        Command::new("hadolint").args(["--failure-threshold", "style", "Dockerfile"]),
    );
}

fn check_openapi(name: &str, dir: &Path, report: &mut Report) {
    report.run(
        name,
        dir,
        Command::new("openapi-spec-validator").arg("openapi.json"),
    );
}

/// fmt, clippy and nextest of a Cargo package in `dir` (`manifest`: a package elsewhere than `dir`'s own).
/// `--locked`: the generated service's CI builds that way from its first push, so the template's lockfiles must
/// fit every variant exactly (`cargo xtask lock` writes one per variant).
fn check_rust_package(label: &str, dir: &Path, manifest: Option<&str>, report: &mut Report) {
    // `head`, then `--manifest-path <manifest>` when given, then `tail` (what follows `--`, for clippy).
    let with_manifest = |head: &[&'static str], tail: &[&'static str]| {
        let mut args: Vec<&str> = head.to_vec();
        if let Some(manifest) = manifest {
            args.extend(["--manifest-path", manifest]);
        }
        args.extend(tail);
        cargo(&args)
    };
    report.run(
        &format!("{label}: cargo fmt --check"),
        dir,
        &mut with_manifest(&["fmt", "--check"], &[]),
    );
    report.run(
        &format!("{label}: cargo clippy -D warnings"),
        dir,
        &mut with_manifest(
            &["clippy", "--all-targets", "--locked"],
            &["--", "-D", "warnings"],
        ),
    );
    report.run(
        &format!("{label}: cargo nextest run"),
        dir,
        &mut with_manifest(&["nextest", "run", "--locked", "--no-fail-fast"], &[]),
    );
}

/// The debug binary of `variant` that nextest built into the shared target folder.
fn debug_binary(variant: &Variant) -> PathBuf {
    paths::shared_target_dir()
        .join("debug")
        .join(variant.service)
}

/// The service's black-box checks against its local server (the debug binary nextest just built, serving files
/// from a temporary folder): the smoke tests deploy.yml and preview.yml run against a deployed stack, and the load
/// test with a small budget, gating on its error rate as CI does.
fn check_against_local_server(variant: &Variant, dir: &Path, report: &mut Report) {
    let label = variant.label;
    let has_smoke = dir.join("tests").join("smoke").is_dir();
    let loadtest = dir.join("loadtest").join("Cargo.toml");
    let has_loadtest = loadtest.is_file();
    if !has_smoke && !has_loadtest {
        return;
    }
    let loadtest = loadtest.display().to_string();
    if has_loadtest {
        check_rust_package(&format!("{label}: loadtest"), dir, Some(&loadtest), report);
    }

    let started = Instant::now();
    let server = tempfile::Builder::new()
        .prefix("local-files-")
        .tempdir()
        .map_err(anyhow::Error::from)
        .and_then(|files| {
            let binary = debug_binary(variant);
            std::fs::create_dir_all(files.path().join("files"))?;
            // A laptop's set-up: with `auth=jwt` the dev issuer, its key in the temporary folder.
            let env = [
                ("APP_ENVIRONMENT", "local".to_owned()),
                (
                    "FILES_DIR",
                    files.path().join("files").display().to_string(),
                ),
                (
                    "AUTH_DEV_KEY_FILE",
                    files.path().join("dev-key.p8").display().to_string(),
                ),
            ];
            // With `auth=jwt`, a token granting every scope the service declares, from its dev issuer.
            let token = match dev_token::declared_scopes(dir)? {
                Some(scopes) => {
                    let scopes: Vec<&str> = scopes.iter().map(String::as_str).collect();
                    Some(dev_token::mint(&binary, &env, &scopes)?)
                }
                None => None,
            };
            Server::start(&binary, &env).map(|server| (server, files, token))
        });
    let (server, _files, token) = match server {
        Ok(running) => running,
        Err(error) => {
            eprintln!("{error:#}");
            report.record(
                &format!("{label}: start the local server"),
                false,
                started.elapsed(),
            );
            return;
        }
    };
    if has_smoke {
        report.run(
            &format!("{label}: smoke tests against the local server"),
            dir,
            cargo(&["nextest", "run", "--test", "smoke", "--run-ignored", "only"])
                .env("BASE_URL", &server.url)
                .envs(token.iter().map(|token| ("SMOKE_TOKEN", token))),
        );
    }
    if has_loadtest {
        // The error rate is the gate, and it is zero: the local server is alone on loopback, so any failed request
        // is a bug (a request sent without the token once hid at 0.7 % under a 1 % budget). The p99 budget is loose
        // on purpose (a shared CI machine's latency is noise).
        report.run(
            &format!("{label}: load test against the local server"),
            dir,
            cargo(&[
                "run",
                "--quiet",
                "--manifest-path",
                &loadtest,
                "--locked",
                "--",
                "--host",
                &server.url,
                "--users",
                "4",
                "--run-time",
                "5s",
                "--max-error-rate",
                "0",
                "--max-p99-ms",
                "5000",
            ])
            .envs(token.iter().map(|token| ("LOADTEST_TOKEN", token))),
        );
    }
}

/// The service's contract test (its tests/contract/run.sh, as ci.yml runs it): Schemathesis holds the debug binary
/// nextest just built, on 127.0.0.1 (files in S3 on a moto server), to the checked-in openapi.json: every
/// operation, valid and invalid requests, and chains of calls that follow the description's links.
fn check_contract(variant: &Variant, dir: &Path, report: &mut Report) {
    let script = Path::new("tests").join("contract").join("run.sh");
    if !dir.join(&script).is_file() {
        return;
    }
    report.run(
        &format!(
            "{}: contract test (Schemathesis, openapi.json against the local server)",
            variant.label
        ),
        dir,
        Command::new("bash").arg(&script).arg(debug_binary(variant)),
    );
}

/// What ci.yml's `platform-checks` job runs: the platform's command-line tool installed at the
/// kit's source (here, this checkout), `api-diff` of openapi.json against the base branch's (here, itself: no
/// change), and `check` of the files the template owns (a fresh service has no drift).
fn check_api_changes(variant: &Variant, dir: &Path, workdir: &Path, report: &mut Report) {
    let script = Path::new("gitops")
        .join("scripts")
        .join("install-platform-cli.sh");
    if !dir.join(&script).is_file() {
        return;
    }
    let root = workdir.join("platform-cli");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![root.join("bin")];
    paths.extend(std::env::split_paths(&path));
    let path = std::env::join_paths(paths).unwrap_or(path);
    let commands = format!(
        "bash {} && serverless-axum api-diff openapi.json openapi.json | grep -qx 'API change: none' \
         && serverless-axum check",
        script.display()
    );
    report.run(
        &format!(
            "{}: the platform CLI as ci.yml runs it (install at the kit's source, api-diff, check)",
            variant.label
        ),
        dir,
        Command::new("bash")
            .args(["-c", &commands])
            .env("CARGO_INSTALL_ROOT", &root)
            .env("PATH", path)
            .env("CARGO_TARGET_DIR", paths::shared_target_dir()),
    );
}

/// `serverless-axum diff` on a generated service's pull requests: an ordinary change passes with its alarm priced,
/// deleting the files bucket is blocked, a reviewed override lets it through (`infra_review_probe.rs`).
fn check_infra_review(workdir: &Path, report: &mut Report) {
    let Some(cli) = built_cli("infra review", report) else {
        return;
    };
    let started = Instant::now();
    let outcome = infra_review_probe::run(&workdir.join("infra-review-probe"), &cli);
    if let Err(error) = &outcome {
        eprintln!("{error:#}");
    }
    let name = "infra review: a pull request's diff and cost; deleting the files bucket is blocked until overridden";
    report.record(name, outcome.is_ok(), started.elapsed());
}

/// `serverless-axum` built from this checkout (debug) for a probe, or None when the build failed (reported).
fn built_cli(probe: &str, report: &mut Report) -> Option<std::path::PathBuf> {
    let built = report.run(
        &format!("{probe}: build serverless-axum"),
        &paths::repo_root(),
        &mut cargo(&["build", "--locked", "-p", "serverless-axum"]),
    );
    built.then(|| {
        paths::shared_target_dir()
            .join("debug")
            .join("serverless-axum")
    })
}

/// A service with its own edits takes a newer template with `serverless-axum upgrade`, keeps them, passes its
/// tests, and `serverless-axum check` is clean afterwards (`upgrade_probe.rs`).
fn check_upgrade(workdir: &Path, report: &mut Report) {
    let name = "upgrade: a service with its own edits takes a newer template, keeps them, passes its tests";
    let Some(cli) = built_cli("upgrade", report) else {
        return;
    };
    let started = Instant::now();
    let outcome = upgrade_probe::run(&workdir.join("upgrade-probe"), &cli);
    if let Err(error) = &outcome {
        eprintln!("{error:#}");
    }
    report.record(name, outcome.is_ok(), started.elapsed());

    let started = Instant::now();
    let previous = upgrade_probe::run_from_previous(&workdir.join("upgrade-previous"), &cli);
    let (name, passed) = match previous {
        Ok(Some(reference)) => (
            format!("upgrade: a service generated at {reference} upgrades to this template, as a fresh one"),
            true,
        ),
        Ok(None) => (
            "upgrade from the previous version: skipped (it predates .serverless-axum.toml)".to_owned(),
            true,
        ),
        Err(error) => {
            eprintln!("{error:#}");
            ("upgrade: from the previous version of the template".to_owned(), false)
        }
    };
    report.record(&name, passed, started.elapsed());
}

/// No template syntax may survive rendering.
fn check_rendering(label: &str, dir: &Path, report: &mut Report) {
    let started = Instant::now();
    let leftovers = match placeholders::scan(dir) {
        Ok(leftovers) => leftovers,
        Err(error) => {
            eprintln!("{error:#}");
            report.record(
                &format!("{label}: no unrendered template syntax"),
                false,
                started.elapsed(),
            );
            return;
        }
    };
    for leftover in &leftovers {
        eprintln!(
            "unrendered: {}:{}: {}",
            leftover.file.display(),
            leftover.line,
            leftover.text
        );
    }
    report.record(
        &format!("{label}: no unrendered template syntax"),
        leftovers.is_empty(),
        started.elapsed(),
    );
}

/// `npm ci` then `npm test` in a package folder, when the folder exists; `lambda_artifact` is passed to the CDK
/// tests as `LAMBDA_ARTIFACT`.
fn check_npm_package(name: &str, dir: &Path, lambda_artifact: Option<&Path>, report: &mut Report) {
    if !dir.join("package.json").is_file() {
        return;
    }
    let npm = |args: &[&str]| {
        let mut command = Command::new("npm");
        // When the CDK tests do build the service, they build it into the shared target folder.
        command
            .args(args)
            .env("CARGO_TARGET_DIR", paths::shared_target_dir());
        if let Some(artifact) = lambda_artifact {
            command.env("LAMBDA_ARTIFACT", artifact);
        }
        command
    };
    let installed = report.run(
        &format!("{name}: npm ci"),
        dir,
        &mut npm(&["ci", "--no-audit", "--no-fund", "--loglevel=error"]),
    );
    if installed {
        report.run(&format!("{name}: npm test"), dir, &mut npm(&["test"]));
    }
}

/// actionlint on every workflow under `<dir>/.github/workflows`, when there are any.
fn check_workflows(name: &str, dir: &Path, report: &mut Report) {
    let workflows = workflow_files(dir);
    if workflows.is_empty() {
        return;
    }
    report.run(name, dir, Command::new("actionlint").args(&workflows));
}

/// zizmor (offline audits) on `<dir>/.github`: its workflows and dependabot.yml, with `<dir>/.github/zizmor.yml`.
/// Any finding fails the check, whatever its severity; a rule is only ever disabled in zizmor.yml, with a reason.
fn check_workflow_security(name: &str, dir: &Path, report: &mut Report) {
    if !dir.join(".github").is_dir() {
        return;
    }
    report.run(
        name,
        dir,
        Command::new("zizmor").args([
            "--offline",
            "--no-progress",
            "--strict-collection",
            "--color",
            "never",
            "--format",
            "plain",
            ".github",
        ]),
    );
}

fn workflow_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir.join(".github").join("workflows")) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "yml" || ext == "yaml")
        })
        .collect();
    files.sort();
    files
}

fn check_repo(report: &mut Report) {
    let root = paths::repo_root();
    report.run(
        "repo: cargo fmt --check",
        &root,
        &mut cargo(&["fmt", "--all", "--check"]),
    );
    report.run(
        "repo: cargo clippy -D warnings",
        &root,
        &mut cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--locked",
            "--",
            "-D",
            "warnings",
        ]),
    );
    // The kit as services generated with `auth=none` build it: without its optional features.
    report.run(
        "repo: cargo clippy -D warnings (the kit without features)",
        &root,
        &mut cargo(&[
            "clippy",
            "-p",
            "serverless-axum-kit",
            "--lib",
            "--locked",
            "--",
            "-D",
            "warnings",
        ]),
    );
    report.run(
        "repo: cargo nextest run (xtask, the platform crates, the CLI; the kit's module graph)",
        &root,
        &mut cargo(&[
            "nextest",
            "run",
            "--workspace",
            "--all-features",
            "--locked",
        ]),
    );
    report.run(
        "repo: kit doc tests",
        &root,
        &mut cargo(&[
            "test",
            "--doc",
            "--all-features",
            "--locked",
            "-p",
            "serverless-axum-kit",
            "-p",
            "serverless-axum-testkit",
        ]),
    );
    report.run(
        "repo: a platform fix lands by bumping the kit",
        &root,
        &mut cargo(&["xtask", "platform-bump"]),
    );
    // The CDK library's tests synthesize template/ with a service binary: any variant's debug build will do (without
    // one, they would try to build template/, which only builds once rendered).
    let binary = ALL.iter().map(debug_binary).find(|binary| binary.is_file());
    check_npm_package(
        "repo: packages/cdk",
        &root.join("packages").join("cdk"),
        binary.as_deref(),
        report,
    );
    check_npm_package("repo: platform infra", &root.join("infra"), None, report);
    check_workflows("repo: actionlint", &root, report);
    check_workflow_security("repo: zizmor", &root, report);
}

//! `cargo xtask platform-bump`: proves that a platform fix reaches a service by changing one dependency, not by
//! editing the service. It copies the kit (and the testkit) to a temporary "next release", changes something a
//! client sees in the copy (the base of every problem `type` URI), generates a service whose `platform_path` is
//! that copy, and runs a test in the service that asks its real router for a missing route: the 404 problem must
//! carry the changed `type`. `cargo xtask test` runs it as the check "repo: a platform fix lands by bumping".

use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::{generate, paths, steps::cargo, variants::ALL};

/// What the kit's problem+json rendering says today, and what the "fixed" copy says instead.
const TODAY: &str = "https://problems.serverless-axum.dev/";
const FIXED: &str = "https://problems.serverless-axum.dev/v2/";

/// The test written into the generated service: the service's own router, unchanged, with the fixed kit.
const SERVICE_TEST: &str = r#"//! Written by `cargo xtask platform-bump`: the service sees the platform fix.

use axum::{body::Body, http::Request};
use http_body_util::BodyExt;
use serverless_axum_kit::{service_info, Settings};
use service::{app::build_router, state::AppState};
use tower::ServiceExt;

#[tokio::test]
async fn the_fixed_kit_renders_the_problem() {
    let router = build_router(AppState::with_defaults(Settings::for_tests(service_info!())));
    let response = router
        .oneshot(Request::get("/no-such-route").body(Body::empty()).expect("a request"))
        .await
        .expect("an answer");
    let body = response.into_body().collect().await.expect("a body").to_bytes();
    let problem: serde_json::Value = serde_json::from_slice(&body).expect("problem+json");
    assert_eq!(problem["type"], "FIXED_TYPE", "{problem}");
}
"#;

pub fn run() -> Result<()> {
    let workdir = paths::work_dir("platform-bump")?;
    let next = workdir.join("platform");
    copy_platform(&next)?;
    let problem = next.join("crates/serverless-axum-kit/src/problem.rs");
    let source = std::fs::read_to_string(&problem).context("reading the copied problem.rs")?;
    let line = format!("pub const TYPE_BASE: &str = \"{TODAY}\";");
    if !source.contains(&line) {
        bail!(
            "{} no longer has `{line}`: update this check",
            problem.display()
        );
    }
    std::fs::write(&problem, source.replace(&line, &line.replace(TODAY, FIXED)))?;

    // The lean variant builds fastest; its dependencies are already in the shared target folder.
    let variant = ALL
        .iter()
        .find(|variant| variant.defines.contains(&"example_api=false"))
        .context("a variant without the example API")?;
    let mut defines: Vec<String> = variant.defines.iter().map(|d| (*d).to_owned()).collect();
    defines.push(format!("platform_path={}", next.display()));
    let service = generate::service(variant.service, &workdir.join("service"), &defines)?;
    let manifest = std::fs::read_to_string(service.join("Cargo.toml"))?;
    if !manifest.contains(&format!(
        "path = \"{}/crates/serverless-axum-kit\"",
        next.display()
    )) {
        bail!(
            "the generated service does not take the kit from {}",
            next.display()
        );
    }
    std::fs::write(
        service.join("tests/platform_bump.rs"),
        SERVICE_TEST.replace("FIXED_TYPE", &format!("{FIXED}not-found")),
    )?;
    let status = cargo(&["test", "--locked", "--test", "platform_bump"])
        .current_dir(&service)
        .status()
        .context("running cargo test")?;
    if !status.success() {
        bail!("the service did not see the platform fix");
    }
    println!("platform-bump: the service answered with the fixed kit's problem type ({FIXED}…)");
    Ok(())
}

/// The platform crates a service depends on: the kit, the testkit, and its typed client's generator.
const SERVICE_DEPENDENCIES: [&str; 3] = [
    "serverless-axum-kit",
    "serverless-axum-testkit",
    "serverless-axum-client-gen",
];

/// Copies the platform crates (and the workspace manifest they inherit from) into `next`.
fn copy_platform(next: &Path) -> Result<()> {
    let root = paths::repo_root();
    for krate in SERVICE_DEPENDENCIES {
        serverless_axum::template::copy_tree(
            &root.join("crates").join(krate),
            &next.join("crates").join(krate),
        )?;
    }
    let manifest = std::fs::read_to_string(root.join("Cargo.toml"))?;
    let members = format!(
        "members = [{}]",
        SERVICE_DEPENDENCIES
            .map(|krate| format!("\"crates/{krate}\""))
            .join(", ")
    );
    let manifest: String = manifest
        .lines()
        .map(|line| {
            if line.starts_with("members = ") {
                members.as_str()
            } else if line.starts_with("exclude = ") {
                ""
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(next.join("Cargo.toml"), manifest)?;
    Ok(())
}

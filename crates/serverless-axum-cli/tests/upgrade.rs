//! `serverless-axum upgrade` and `check` as programs, on services generated from this repository's real template:
//! version A is a copy of this checkout's template, version B the same with realistic changes (a workflow line
//! changed, a runbook added, another removed, an alarm's description changed).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use tempfile::TempDir;

const NAME: &str = "upgrade-probe";
const CI: &str = ".github/workflows/ci.yml";
const ALARMS: &str = "alarms/service.json";
const NEW_PAGE: &str = "docs/runbooks/new-page.md";
const REMOVED_PAGE: &str = "docs/runbooks/lambda-memory.md";
/// The line B changes in ci.yml (its first occurrence: the lint job's timeout).
const CI_LINE: &str = "    timeout-minutes: 20\n";
const CI_LINE_B: &str = "    timeout-minutes: 25\n";
const ALARM_LINE: &str = "The function failed invocations";
const ALARM_LINE_B: &str = "The function's invocations failed";

/// This repository: the platform checkout the services take the kit from. Read when the test runs: cargo's
/// fingerprints do not depend on the checkout's path, so this binary may have been built in another checkout.
fn platform() -> PathBuf {
    PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR"),
    )
    .join("../..")
    .canonicalize()
    .expect("the platform checkout")
}

/// A test's scratch space: the two template versions and the service.
struct Scratch {
    dir: TempDir,
}

impl Scratch {
    fn new() -> Self {
        let scratch = Self {
            dir: tempfile::tempdir().expect("a temporary directory"),
        };
        copy_version(&scratch.version_a());
        copy_version(&scratch.version_b());
        make_version_b(&scratch.version_b());
        scratch
    }

    fn version_a(&self) -> PathBuf {
        self.dir.path().join("version-a")
    }

    fn version_b(&self) -> PathBuf {
        self.dir.path().join("version-b")
    }

    /// Generates the service from `version` into `<scratch>/<out>/upgrade-probe`.
    fn generate(&self, version: &Path, out: &str) -> PathBuf {
        generate(version, &self.dir.path().join(out))
    }

    /// The service generated from A, committed.
    fn service(&self) -> PathBuf {
        let service = self.generate(&self.version_a(), "service");
        git(&service, &["init", "--quiet"]);
        commit(&service, "generated from A");
        service
    }
}

fn copy_version(to: &Path) {
    serverless_axum::template::stage_template(&platform(), to).expect("a copy of the template");
}

/// Version B: the changes a platform release makes to its template.
fn make_version_b(version: &Path) {
    let template = version.join("template");
    edit(&template.join(CI), CI_LINE, CI_LINE_B);
    edit(&template.join(ALARMS), ALARM_LINE, ALARM_LINE_B);
    std::fs::write(
        template.join(NEW_PAGE),
        "# New page\n\nWhat to do when it fires.\n",
    )
    .expect("a new runbook");
    std::fs::remove_file(template.join(REMOVED_PAGE)).expect("a removed runbook");
}

/// Replaces the first `from` in a file with `to`.
fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("a text file");
    assert!(text.contains(from), "{from:?} in {}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).expect("writing the file");
}

fn read(file: &Path) -> String {
    std::fs::read_to_string(file).expect("a text file")
}

fn generate(version: &Path, out: &Path) -> PathBuf {
    let defines = vec![format!("platform_path={}", platform().display())];
    serverless_axum::template::generate_into(version, NAME, defines, out).expect("generation")
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Upgrade Probe",
            "-c",
            "user.email=probe@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

fn commit(dir: &Path, message: &str) {
    git(dir, &["add", "--all"]);
    git(dir, &["commit", "--quiet", "-m", message]);
}

fn cli(service: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_serverless-axum"))
        .current_dir(service)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn upgrade(scratch: &Scratch, service: &Path) -> (i32, Value) {
    let (from, to) = (scratch.version_a(), scratch.version_b());
    let output = cli(
        service,
        &[
            "upgrade",
            "--from",
            &from.display().to_string(),
            "--to",
            &to.display().to_string(),
            "--format",
            "json",
        ],
    );
    let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "JSON ({error}) from upgrade: {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().expect("an exit code"), json)
}

fn check(service: &Path, version: &Path) -> (i32, String) {
    let output = cli(
        service,
        &["check", "--template", &version.display().to_string()],
    );
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().expect("an exit code"), text)
}

fn paths(json: &Value, key: &str) -> Vec<String> {
    json[key]
        .as_array()
        .unwrap_or_else(|| panic!("`{key}` in {json}"))
        .iter()
        .map(|entry| match entry {
            Value::String(path) => path.clone(),
            other => other["path"].as_str().expect("a path").to_owned(),
        })
        .collect()
}

/// Every file under `root` but `.git`, by relative path.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, prefix: &str, files: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("a readable folder") {
            let entry = entry.expect("an entry");
            let name = entry.file_name().to_string_lossy().into_owned();
            if prefix.is_empty() && name == ".git" {
                continue;
            }
            let path = entry.path();
            if path.is_dir() {
                walk(&path, &format!("{prefix}{name}/"), files);
            } else {
                files.insert(
                    format!("{prefix}{name}"),
                    std::fs::read(&path).expect("a file"),
                );
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(root, "", &mut files);
    files
}

#[test]
fn an_untouched_service_upgrades_to_exactly_what_the_new_version_generates() {
    let scratch = Scratch::new();
    let service = scratch.service();

    let (code, json) = upgrade(&scratch, &service);

    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["clean"], true);
    assert_eq!(paths(&json, "created"), [NEW_PAGE]);
    assert_eq!(paths(&json, "deleted"), [REMOVED_PAGE]);
    assert_eq!(paths(&json, "replaced"), [CI, ALARMS]);
    assert!(paths(&json, "conflicts").is_empty());
    let fresh = scratch.generate(&scratch.version_b(), "fresh-b");
    let (upgraded, expected) = (tree(&service), tree(&fresh));
    assert_eq!(
        upgraded.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &expected {
        assert!(upgraded[path] == *bytes, "{path} differs from a fresh B");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |root: &Path| {
            std::fs::metadata(root.join("gitops/scripts/install-platform-cli.sh"))
                .expect("a script")
                .permissions()
                .mode()
        };
        assert_eq!(mode(&service), mode(&fresh), "scripts keep their mode");
    }
    let (code, text) = check(&service, &scratch.version_b());
    assert_eq!(code, 0, "{text}");
}

#[test]
fn the_services_changes_and_the_templates_are_both_kept_when_they_do_not_collide() {
    let scratch = Scratch::new();
    let service = scratch.service();
    edit(
        &service.join(CI),
        "CARGO_TERM_COLOR: always",
        "CARGO_TERM_COLOR: never",
    );
    edit(
        &service.join(ALARMS),
        "\"threshold\": 0.05",
        "\"threshold\": 0.02",
    );
    edit(&service.join("README.md"), NAME, "upgrade-probe (ours)");
    let own = "//! An extra route of the service's own.\n";
    std::fs::write(service.join("src/routes/extra.rs"), own).expect("a new route");
    commit(&service, "the service's own changes");

    let (code, json) = upgrade(&scratch, &service);

    assert_eq!(code, 0, "{json:#}");
    assert_eq!(paths(&json, "merged"), [CI, ALARMS]);
    assert!(
        paths(&json, "kept").contains(&"README.md".to_owned()),
        "{json:#}"
    );
    let ci = read(&service.join(CI));
    assert!(
        ci.contains("CARGO_TERM_COLOR: never") && ci.contains(CI_LINE_B),
        "{ci}"
    );
    let alarms = read(&service.join(ALARMS));
    assert!(
        alarms.contains("\"threshold\": 0.02") && alarms.contains(ALARM_LINE_B),
        "{alarms}"
    );
    assert!(read(&service.join("README.md")).contains("upgrade-probe (ours)"));
    assert_eq!(read(&service.join("src/routes/extra.rs")), own);
    assert!(service.join(NEW_PAGE).is_file());
    assert!(!service.join(REMOVED_PAGE).exists());
}

#[test]
fn the_same_line_changed_on_both_sides_is_a_conflict_with_markers() {
    let scratch = Scratch::new();
    let service = scratch.service();
    edit(&service.join(CI), CI_LINE, "    timeout-minutes: 30\n");
    commit(&service, "a longer lint timeout");

    let (code, json) = upgrade(&scratch, &service);

    assert_eq!(code, 1, "{json:#}");
    assert_eq!(json["clean"], false);
    assert_eq!(paths(&json, "conflicts"), [CI]);
    let ci = read(&service.join(CI));
    for expected in [
        "<<<<<<<",
        "=======",
        ">>>>>>>",
        "timeout-minutes: 30",
        "timeout-minutes: 25",
    ] {
        assert!(ci.contains(expected), "{expected} in:\n{ci}");
    }
    // The rest of the upgrade went through.
    assert!(service.join(NEW_PAGE).is_file());
    assert!(read(&service.join(ALARMS)).contains(ALARM_LINE_B));
}

#[test]
fn a_dirty_tree_or_a_folder_outside_git_is_refused() {
    let scratch = Scratch::new();
    let service = scratch.service();
    std::fs::write(service.join("src/routes/extra.rs"), "// uncommitted\n").expect("a file");
    let (from, to) = (scratch.version_a(), scratch.version_b());
    let args = [
        "upgrade",
        "--from",
        &from.display().to_string(),
        "--to",
        &to.display().to_string(),
    ];

    let dirty = cli(&service, &args);
    assert_eq!(dirty.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&dirty.stderr).contains("uncommitted changes"),
        "{}",
        String::from_utf8_lossy(&dirty.stderr)
    );
    assert_eq!(
        read(&service.join(CI)),
        read(&from.join("template").join(CI)),
        "nothing written"
    );

    std::fs::remove_dir_all(service.join(".git")).expect("removing .git");
    let outside = cli(&service, &args);
    assert_eq!(outside.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&outside.stderr).contains("not a git repository"),
        "{}",
        String::from_utf8_lossy(&outside.stderr)
    );
}

#[test]
fn check_passes_on_a_fresh_service_and_fails_naming_an_edited_owned_file() {
    let scratch = Scratch::new();
    let service = scratch.generate(&scratch.version_a(), "checked");

    let (code, text) = check(&service, &scratch.version_a());
    assert_eq!(code, 0, "{text}");

    edit(&service.join("README.md"), NAME, "upgrade-probe (ours)");
    let (code, text) = check(&service, &scratch.version_a());
    assert_eq!(code, 0, "a service's own file is information only: {text}");
    assert!(text.contains("README.md"), "{text}");

    edit(
        &service.join("src/main.rs"),
        "fn main",
        "fn main /* ours */",
    );
    std::fs::remove_file(service.join("deny.toml")).expect("removing deny.toml");
    let output = cli(
        &service,
        &[
            "check",
            "--template",
            &scratch.version_a().display().to_string(),
            "--format",
            "json",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["clean"], false);
    let files = json["files"].as_array().expect("files");
    let entry = |path: &str| {
        files
            .iter()
            .find(|f| f["path"] == path)
            .unwrap_or_else(|| panic!("{path} in {json:#}"))
            .clone()
    };
    assert_eq!(entry("src/main.rs")["status"], "changed");
    assert_eq!(entry("src/main.rs")["owned"], true);
    assert!(entry("src/main.rs")["diff"]
        .as_str()
        .is_some_and(|d| d.contains("+fn main /* ours */")));
    assert_eq!(entry("deny.toml")["status"], "missing");
    assert_eq!(entry("README.md")["owned"], false);

    let (code, text) = check(&service, &scratch.version_a());
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("src/main.rs") && text.contains("+fn main /* ours */"),
        "{text}"
    );
}

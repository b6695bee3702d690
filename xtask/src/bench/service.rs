//! A generated service built with `--release` (the profile Lambda runs), and its local server started with a
//! chosen environment.

use std::{
    net::{TcpListener, TcpStream},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    thread,
    time::{Duration, Instant},
};

use anyhow::{bail, Context, Result};

use crate::{
    bench::{load::Load, proc_status},
    generate, paths,
};

/// A service binary built for benchmarking.
pub struct Built {
    pub binary: PathBuf,
    /// The generated service's folder.
    pub dir: PathBuf,
}

/// Generates service `name` with `defines` into the cache folder and builds it with `--release`, in a target
/// folder of its own so that a long release build does not block other builds.
pub fn build_release(name: &str, defines: &[&str]) -> Result<Built> {
    let out = paths::cache_dir().join("bench");
    let dir = out.join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    let defines: Vec<String> = defines.iter().map(|d| (*d).to_owned()).collect();
    let dir = generate::service(name, &out, &defines)?;
    let target = paths::cache_dir().join("bench-target");
    println!("building {name} --release (lto = fat: this takes minutes)");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["build", "--release", "--quiet"])
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(&dir)
        .status()
        .context("running cargo build --release")?;
    if !status.success() {
        bail!("building {name} failed");
    }
    Ok(Built {
        binary: target.join("release").join(name),
        dir,
    })
}

/// The service the load benchmarks measure: generated with every default answer (so with the Files API).
pub const FILES_SERVICE: &str = "files-bench";
/// The file the load benchmarks read, seeded by [`Server::seed_file`].
pub const FILE_PATH: &str = "/v1/files/bench/1k.bin";

/// A port nobody listens on right now.
pub fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// What the benchmarks' local servers run with: a laptop's set-up (with `auth=jwt`, the dev issuer, its key in the
/// cache folder) and the Files API on `files_dir`.
pub fn laptop_env(files_dir: &Path) -> Vec<(&'static str, String)> {
    vec![
        ("APP_ENVIRONMENT", "local".to_owned()),
        ("FILES_DIR", files_dir.display().to_string()),
        (
            "AUTH_DEV_KEY_FILE",
            paths::cache_dir()
                .join("bench-dev-key.p8")
                .display()
                .to_string(),
        ),
    ]
}

/// What a deployed function with `auth=jwt` is told about its issuer (a Cognito pool's URL that is never contacted:
/// the measured events are public routes, and no key is fetched at start-up). A service with `auth=none` ignores it.
pub fn lambda_auth_env() -> [(&'static str, String); 2] {
    [
        (
            "AUTH_ISSUER",
            "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_bench".to_owned(),
        ),
        ("AUTH_AUDIENCE", "bench-client".to_owned()),
    ]
}

/// The scopes of the Files API: a bench token grants both.
const FILES_SCOPES: [&str; 2] = ["files:read", "files:write"];

/// A running local server; killed when dropped.
pub struct Server {
    child: Child,
    pub url: String,
    /// A dev token granting the Files API's scopes, when the service has authentication.
    pub token: Option<String>,
}

impl Server {
    /// Starts `binary` in server mode on a free port with exactly `env` (stdout and stderr discarded), and
    /// waits until it accepts connections.
    pub fn start(binary: &PathBuf, env: &[(&str, String)]) -> Result<Self> {
        Self::start_with_token(binary, env, None)
    }

    /// [`Self::start`] for a service generated with default answers: with `auth=jwt` (the service's config says)
    /// it mints a dev token for the Files API first. `env` must be a [`laptop_env`].
    pub fn start_files(
        binary: &PathBuf,
        service_dir: &Path,
        env: &[(&str, String)],
    ) -> Result<Self> {
        let token = match crate::dev_token::declared_scopes(service_dir)? {
            Some(_) => Some(crate::dev_token::mint(binary, env, &FILES_SCOPES)?),
            None => None,
        };
        Self::start_with_token(binary, env, token)
    }

    fn start_with_token(
        binary: &PathBuf,
        env: &[(&str, String)],
        token: Option<String>,
    ) -> Result<Self> {
        let port = free_port()?;
        let child = Command::new(binary)
            .env_clear()
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .env("PORT", port.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        let server = Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
            token,
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                bail!("the service did not listen on port {port}");
            }
            thread::sleep(Duration::from_millis(10));
        }
        Ok(server)
    }
}

impl Server {
    /// The server's process id, to read its memory from /proc.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Writes the 1 KiB file at [`FILE_PATH`] through the Files API.
    pub fn seed_file(&self) -> Result<()> {
        let address = self
            .url
            .strip_prefix("http://")
            .context("the server's URL")?;
        crate::bench::http_put::put(address, FILE_PATH, &[b'x'; 1024], self.token.as_deref())
    }
}

/// What one load run on a server measured.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub requests_per_second: f64,
    pub p99_ms: f64,
    /// The server's user + system CPU time over the run (all threads) ÷ the requests wrk completed.
    pub cpu_us_per_request: f64,
    /// Peak RSS before the load (after start-up and seeding), in MB (10^6 bytes, as Lambda counts memory).
    pub idle_rss_mb: f64,
    /// Peak RSS after the load, in MB.
    pub peak_rss_mb: f64,
}

impl Server {
    /// `load` against `path` (with the server's token when it has one), after a one-second warm-up of the same
    /// load, with the server's CPU time and peak memory read from /proc around it.
    pub fn measure(&self, path: &str, load: &Load) -> Result<Run> {
        let mb = |kib: u64| kib as f64 * 1024.0 / 1e6;
        let idle = proc_status::peak_rss_kib(self.pid())?;
        let url = format!("{}{path}", self.url);
        let token = self.token.as_deref();
        load.warm_up().measure(&url, token)?;
        let before = proc_status::cpu_time(self.pid())?;
        let measured = load.measure(&url, token)?;
        let used = proc_status::cpu_time(self.pid())? - before;
        Ok(Run {
            requests_per_second: measured.requests_per_second,
            p99_ms: measured.p99_ms,
            cpu_us_per_request: used.as_secs_f64() * 1e6 / measured.requests.max(1) as f64,
            idle_rss_mb: mb(idle),
            peak_rss_mb: mb(proc_status::peak_rss_kib(self.pid())?),
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

//! A generated service built with `--release` (the profile Lambda runs), and its local server started with a
//! chosen environment.

use std::{
    net::{TcpListener, TcpStream},
    path::PathBuf,
    process::{Child, Command, Stdio},
    thread,
    time::{Duration, Instant},
};

use anyhow::{bail, Context, Result};

use crate::{generate, paths};

/// A service binary built for benchmarking.
pub struct Built {
    pub binary: PathBuf,
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

/// A running local server; killed when dropped.
pub struct Server {
    child: Child,
    pub url: String,
}

impl Server {
    /// Starts `binary` in server mode on a free port with exactly `env` (stdout and stderr discarded), and
    /// waits until it accepts connections.
    pub fn start(binary: &PathBuf, env: &[(&str, String)]) -> Result<Self> {
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
        crate::bench::http_put::put(address, FILE_PATH, &[b'x'; 1024])
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

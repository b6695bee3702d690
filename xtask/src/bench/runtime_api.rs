//! Lambda-mode start-up time: from `exec` of the binary to its first `GET …/runtime/invocation/next` on a
//! minimal Runtime API emulator (the moment the function is ready for its first event).

use std::{
    io::{BufRead, BufReader},
    net::TcpListener,
    path::Path,
    process::{Command, Stdio},
    sync::mpsc,
    thread,
    time::{Duration, Instant},
};

use anyhow::{anyhow, Context, Result};

/// Starts `binary` as Lambda would (plus `env`) and returns how long it took to ask for its first event.
pub fn time_to_first_next(binary: &Path, env: &[(&str, String)]) -> Result<Duration> {
    let listener = TcpListener::bind("127.0.0.1:0").context("binding the emulator")?;
    let address = listener.local_addr()?;
    let (sender, asked) = mpsc::channel();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let sender = sender.clone();
            thread::spawn(move || {
                let mut request_line = String::new();
                if BufReader::new(stream).read_line(&mut request_line).is_ok()
                    && request_line.contains("/runtime/invocation/next")
                {
                    sender.send(Instant::now()).ok();
                }
            });
        }
    });
    let started = Instant::now();
    let mut child = spawn_function(binary, address, env)?;
    let ready = asked.recv_timeout(Duration::from_secs(10));
    child.kill().ok();
    child.wait().ok();
    let ready = ready.map_err(|_| anyhow!("the function never asked for an event"))?;
    Ok(ready.duration_since(started))
}

/// Starts `binary` as Lambda starts a function: a clean environment naming the Runtime API at `address`, plus
/// `env`; output discarded.
pub fn spawn_function(
    binary: &Path,
    address: std::net::SocketAddr,
    env: &[(&str, String)],
) -> Result<std::process::Child> {
    Command::new(binary)
        .env_clear()
        .env("AWS_LAMBDA_RUNTIME_API", address.to_string())
        .env("AWS_LAMBDA_FUNCTION_NAME", "bench")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("starting {}", binary.display()))
}

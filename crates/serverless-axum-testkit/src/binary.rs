//! The service binary cargo built beside this test, started with a chosen environment; its stdout is read
//! line by line (JSON log lines and EMF records) while it runs.

use std::{path::Path, process::Stdio, time::Duration};

use serde_json::Value;
use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::{Child, Command},
    sync::mpsc,
};

/// How long a test waits for something the service is expected to write.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// A running service and the JSON lines it has written so far.
pub struct Running {
    child: Child,
    incoming: mpsc::UnboundedReceiver<Value>,
    pub lines: Vec<Value>,
}

impl Running {
    /// Starts `binary` with exactly `env` (plus JSON logs) as its environment.
    pub fn start(binary: &Path, env: &[(&str, String)]) -> Self {
        Self::start_under(&[], binary, env)
    }

    /// Starts `binary` as the last argument of `wrapper` (e.g. `unshare --pid --fork`, to run it as PID 1), with
    /// exactly `env` (plus JSON logs) as the environment. With an empty wrapper, `binary` itself.
    pub fn start_under(wrapper: &[&str], binary: &Path, env: &[(&str, String)]) -> Self {
        let mut command = match wrapper.split_first() {
            Some((program, args)) => {
                let mut command = Command::new(program);
                command.args(args).arg(binary);
                command
            }
            None => Command::new(binary),
        };
        command
            .env_clear()
            .env("LOG_FORMAT", "json")
            .env("APP_ENVIRONMENT", "test")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("the service binary starts");
        let stdout = child.stdout.take().expect("a piped stdout");
        let (sender, incoming) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            let mut lines = BufReader::new(stdout).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                let value = serde_json::from_str(&line)
                    .unwrap_or_else(|error| panic!("stdout line is not JSON ({error}): {line}"));
                if sender.send(value).is_err() {
                    break;
                }
            }
        });
        Self {
            child,
            incoming,
            lines: Vec::new(),
        }
    }

    /// Starts the local server on a free port and returns it with its base URL.
    pub async fn server(binary: &Path, env: &[(&str, String)]) -> (Self, String) {
        Self::server_under(&[], binary, env).await
    }

    /// [`Running::server`] under `wrapper` (see [`Running::start_under`]).
    pub async fn server_under(
        wrapper: &[&str],
        binary: &Path,
        env: &[(&str, String)],
    ) -> (Self, String) {
        let mut env = env.to_vec();
        env.push(("PORT", "0".to_owned()));
        let mut running = Self::start_under(wrapper, binary, &env);
        let listening = running
            .wait_for(|line| line["message"] == "listening")
            .await;
        let url = listening["url"].as_str().expect("the url").to_owned();
        (running, url)
    }

    /// Waits until a line matching `wanted` arrives (or was already read) and returns it.
    pub async fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(line) = self.lines.iter().find(|line| wanted(line)) {
            return line.clone();
        }
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let next = tokio::time::timeout_at(deadline, self.incoming.recv()).await;
            match next {
                Ok(Some(line)) => {
                    self.lines.push(line.clone());
                    if wanted(&line) {
                        return line;
                    }
                }
                Ok(None) => panic!("the service exited; it wrote: {:#?}", self.lines),
                Err(_) => panic!(
                    "nothing matching in time; the service wrote: {:#?}",
                    self.lines
                ),
            }
        }
    }

    /// The process id of what was started (the wrapper, when there is one).
    pub fn pid(&self) -> Option<u32> {
        self.child.id()
    }

    /// Waits for the process to exit by itself (after a signal the test sent), then returns its status and every
    /// line.
    pub async fn wait(mut self) -> (std::process::ExitStatus, Vec<Value>) {
        let status = tokio::time::timeout(PATIENCE, self.child.wait())
            .await
            .expect("the service exits")
            .expect("its status");
        while let Ok(Some(line)) = tokio::time::timeout(PATIENCE, self.incoming.recv()).await {
            self.lines.push(line);
        }
        (status, self.lines)
    }

    /// Stops the service as a container runtime does (SIGTERM), waits for it to exit, and returns every line.
    pub async fn terminate(mut self) -> Vec<Value> {
        if let Some(pid) = self.child.id() {
            let signalled = Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status()
                .await
                .expect("kill runs");
            assert!(signalled.success());
        }
        let exited = tokio::time::timeout(PATIENCE, self.child.wait()).await;
        assert!(exited.is_ok(), "the service did not stop on SIGTERM");
        while let Ok(Some(line)) = tokio::time::timeout(PATIENCE, self.incoming.recv()).await {
            self.lines.push(line);
        }
        self.lines
    }

    /// Stops the process at once (Lambda mode has no shutdown of its own).
    pub async fn kill(mut self) -> Vec<Value> {
        self.child.kill().await.ok();
        while let Ok(Some(line)) = tokio::time::timeout(PATIENCE, self.incoming.recv()).await {
            self.lines.push(line);
        }
        self.lines
    }
}

/// Whether `line` is an EMF record (rather than a log line).
pub fn is_emf(line: &Value) -> bool {
    line.get("_aws").is_some()
}

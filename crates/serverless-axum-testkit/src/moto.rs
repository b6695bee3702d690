//! moto server, the S3 emulator the S3 adapter is tested against: started once per test process on a free
//! port of 127.0.0.1 (unless `MOTO_ENDPOINT` names one already running) and stopped when the process exits.

use std::{
    net::{TcpListener, TcpStream},
    process::{Child, Command, Stdio},
    sync::{Mutex, OnceLock},
    time::{Duration, Instant},
};

/// The endpoint, and the shell that runs moto: its stdin pipe closes when this process exits, which stops it.
static SERVER: OnceLock<(String, Mutex<Child>)> = OnceLock::new();

/// How long moto may take to start listening (it is a Python program; a busy machine is slow to start it).
const STARTUP: Duration = Duration::from_secs(60);

/// The endpoint of a moto server for this test process.
pub fn endpoint() -> String {
    if let Some(endpoint) = std::env::var("MOTO_ENDPOINT")
        .ok()
        .filter(|e| !e.is_empty())
    {
        return endpoint;
    }
    SERVER.get_or_init(start).0.clone()
}

fn start() -> (String, Mutex<Child>) {
    assert!(
        on_path("moto_server"),
        "moto_server is not on PATH; the S3 adapter tests need it: pip install 'moto[server]' \
         (or set MOTO_ENDPOINT to a running moto server)"
    );
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    // The shell stops moto when its stdin closes, which happens when this process exits, however it exits.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(r#"moto_server -H 127.0.0.1 -p "$0" >/dev/null 2>&1 & moto=$!; cat >/dev/null; kill "$moto""#)
        .arg(port.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("sh starts moto_server");
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("moto_server exited before listening: {status}");
        }
        assert!(
            started.elapsed() < STARTUP,
            "moto_server did not listen on 127.0.0.1:{port} within {STARTUP:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (format!("http://127.0.0.1:{port}"), Mutex::new(child))
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

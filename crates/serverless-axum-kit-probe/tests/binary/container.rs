//! What a container runtime relies on, tested on the binary itself (no Docker engine here): it binds every address
//! when `HOST` says so, drains in-flight requests on SIGTERM for at most `SHUTDOWN_TIMEOUT_SECS`, checks its own
//! health (`healthcheck`, for images without curl), and still stops on SIGTERM as PID 1, where the kernel drops any
//! signal the process has no handler for.

use std::process::Command;
use std::time::Duration;

use serverless_axum_testkit::binary::Running;

use crate::probe;

/// Sends SIGTERM to `pid`.
fn terminate(pid: u32) {
    let status = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

/// `kit-probe healthcheck` with `env`: its exit code and stderr.
fn healthcheck(env: &[(&str, String)]) -> (Option<i32>, String) {
    let output = Command::new(probe())
        .arg("healthcheck")
        .env_clear()
        .envs(env.iter().map(|(name, value)| (*name, value.as_str())))
        .output()
        .expect("the probe runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn port_of(url: &str) -> String {
    url.rsplit(':').next().expect("a port").to_owned()
}

#[tokio::test]
async fn with_host_0_0_0_0_it_listens_on_every_address() {
    let (service, url) = Running::server(probe(), &[("HOST", "0.0.0.0".to_owned())]).await;
    assert!(url.starts_with("http://0.0.0.0:"), "{url}");

    let loopback = format!("http://127.0.0.1:{}/health", port_of(&url));
    let response = reqwest::get(&loopback)
        .await
        .expect("reachable on loopback");

    assert_eq!(response.status(), 200);
    service.terminate().await;
}

#[tokio::test]
async fn sigterm_lets_an_in_flight_request_finish_then_the_process_exits() {
    let (service, url) = Running::server(probe(), &[]).await;
    let in_flight = tokio::spawn(reqwest::get(format!("{url}/slow/1500")));
    tokio::time::sleep(Duration::from_millis(300)).await;

    terminate(service.pid().expect("a pid"));

    let response = in_flight
        .await
        .expect("joins")
        .expect("the in-flight request is answered");
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.expect("a body"), "done");
    let (status, lines) = service.wait().await;
    assert!(status.success(), "{status}");
    assert!(lines
        .iter()
        .any(|l| l["message"] == "shutting down: finishing in-flight requests"));
}

#[tokio::test]
async fn a_request_outlasting_the_drain_deadline_is_cut_off_and_the_process_exits() {
    let (service, url) =
        Running::server(probe(), &[("SHUTDOWN_TIMEOUT_SECS", "1".to_owned())]).await;
    // A minute: far beyond both the deadline and the testkit's patience, so only the deadline can end the process.
    let in_flight = tokio::spawn(reqwest::get(format!("{url}/slow/60000")));
    tokio::time::sleep(Duration::from_millis(300)).await;

    terminate(service.pid().expect("a pid"));

    let (status, lines) = service.wait().await;
    assert!(status.success(), "{status}");
    let deadline = lines
        .iter()
        .find(|l| l["message"] == "drain deadline reached: exiting with requests still in flight")
        .unwrap_or_else(|| panic!("the deadline is logged: {lines:#?}"));
    assert_eq!(deadline["level"], "WARN");
    assert_eq!(deadline["drain_secs"], 1.0);
    assert!(
        in_flight.await.expect("joins").is_err(),
        "the cut-off request gets no answer"
    );
}

#[tokio::test]
async fn healthcheck_exits_0_while_the_server_answers_and_1_when_it_does_not() {
    let (service, url) = Running::server(probe(), &[("HOST", "0.0.0.0".to_owned())]).await;
    let port = port_of(&url);

    // HOST=0.0.0.0, as in the image: the check goes to loopback.
    let up = healthcheck(&[("HOST", "0.0.0.0".to_owned()), ("PORT", port.clone())]);
    assert_eq!(up.0, Some(0), "{}", up.1);
    service.terminate().await;

    let (code, stderr) = healthcheck(&[("PORT", port.clone())]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.starts_with(&format!("healthcheck: GET /health on 127.0.0.1:{port}: ")),
        "{stderr}"
    );

    let invalid = healthcheck(&[("PORT", "eighty".to_owned())]);
    assert_eq!(
        invalid.0,
        Some(1),
        "invalid settings are a failed check: {}",
        invalid.1
    );
}

#[tokio::test]
async fn as_pid_1_sigterm_still_drains_and_stops_it() {
    let wrapper = ["unshare", "--pid", "--fork", "--mount-proc"];
    // A new PID namespace needs CAP_SYS_ADMIN (root, or a user namespace); without it this check cannot run here.
    let allowed = Command::new(wrapper[0])
        .args(&wrapper[1..])
        .arg("true")
        .status()
        .is_ok_and(|s| s.success());
    if !allowed {
        eprintln!("skipped: `unshare --pid --fork` is not permitted on this machine");
        return;
    }
    let (service, url) = Running::server_under(&wrapper, probe(), &[]).await;
    let unshare = service.pid().expect("a pid");
    let children = std::fs::read_to_string(format!("/proc/{unshare}/task/{unshare}/children"))
        .expect("children");
    let child: u32 = children
        .split_whitespace()
        .next()
        .and_then(|p| p.parse().ok())
        .expect("the probe's pid");
    let status = std::fs::read_to_string(format!("/proc/{child}/status")).expect("its status");
    let ns_pid = status
        .lines()
        .find(|l| l.starts_with("NSpid:"))
        .expect("an NSpid line");
    assert!(
        ns_pid.ends_with("\t1"),
        "the probe is PID 1 in its namespace: {ns_pid}"
    );
    let in_flight = tokio::spawn(reqwest::get(format!("{url}/slow/800")));
    tokio::time::sleep(Duration::from_millis(200)).await;

    terminate(child);

    let response = in_flight
        .await
        .expect("joins")
        .expect("answered while draining");
    assert_eq!(response.status(), 200);
    let (status, lines) = service.wait().await;
    assert!(
        status.success(),
        "unshare passes on the probe's exit status: {status}"
    );
    assert!(lines
        .iter()
        .any(|l| l["message"] == "shutting down: finishing in-flight requests"));
}

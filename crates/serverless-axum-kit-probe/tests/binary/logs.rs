//! The local server's log lines: the documented fields, one access-log line per request, the request id and
//! trace id in every line of a request, and nothing secret.

use serde_json::Value;

use serverless_axum_testkit::{binary::Running, emf_spec};

use crate::probe;

const TRACE_HEADER: &str =
    "Root=1-65a1b2c3-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1";
const TRACE_ID: &str = "1-65a1b2c3-0123456789abcdef01234567";

fn of_request<'a>(lines: &'a [Value], request_id: &str) -> Vec<&'a Value> {
    lines
        .iter()
        .filter(|line| line.get("_aws").is_none() && line["request_id"] == request_id)
        .collect()
}

#[tokio::test]
async fn every_line_of_a_request_carries_its_request_id_and_trace_id() {
    let (service, url) = Running::server(probe(), &[]).await;
    let client = reqwest::Client::new();
    let health = client
        .get(format!("{url}/health"))
        .header("x-request-id", "tel-req-1")
        .header("x-amzn-trace-id", TRACE_HEADER)
        .header("user-agent", "telemetry-test/1.0")
        .send()
        .await
        .expect("GET /health");
    assert_eq!(health.status(), 200);
    let missing = client
        .get(format!("{url}/nope"))
        .header("x-request-id", "tel-req-2")
        .header(
            "traceparent",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        )
        .send()
        .await
        .expect("GET /nope");
    assert_eq!(missing.status(), 404);
    let lines = service.terminate().await;

    for line in lines.iter().filter(|line| line.get("_aws").is_none()) {
        for field in [
            "timestamp",
            "level",
            "message",
            "target",
            "service",
            "version",
            "environment",
        ] {
            assert!(line[field].is_string(), "{field} missing from {line}");
        }
        assert_eq!(line["service"], env!("CARGO_PKG_NAME"));
        assert_eq!(line["environment"], "test");
    }

    let first = of_request(&lines, "tel-req-1");
    assert_eq!(first.len(), 1, "one access-log line: {lines:#?}");
    let access = first[0];
    assert_eq!(access["message"], "request finished");
    assert_eq!(access["level"], "INFO");
    assert_eq!(access["trace_id"], TRACE_ID);
    assert_eq!(access["method"], "GET");
    assert_eq!(access["route"], "/health");
    assert_eq!(access["status"], 200);
    assert!(
        access["latency_ms"].as_f64().is_some_and(|ms| ms >= 0.0),
        "{access}"
    );
    assert_eq!(access["bytes_in"], 0);
    assert!(
        access["bytes_out"].as_u64().is_some_and(|bytes| bytes > 0),
        "{access}"
    );
    assert_eq!(access["user_agent"], "telemetry-test/1.0");
    assert_eq!(access["cold_start"], true, "the process's first request");

    let second = of_request(&lines, "tel-req-2");
    assert!(
        second.len() >= 2,
        "the refusal and the access log: {lines:#?}"
    );
    for line in &second {
        assert_eq!(
            line["trace_id"], "1-0af76519-16cd43dd8448eb211c80319c",
            "{line}"
        );
    }
    let access = second
        .iter()
        .find(|line| line["message"] == "request finished")
        .expect("an access-log line");
    assert_eq!(access["route"], "unmatched", "no raw path: {access}");
    assert_eq!(access["status"], 404);
    assert_eq!(access["problem"], "not-found");
    assert_eq!(access["cold_start"], false);

    // Server mode flushes metrics at shutdown: one record per route and status, with an exemplar's ids.
    let records: Vec<&Value> = lines
        .iter()
        .filter(|line| line.get("_aws").is_some())
        .collect();
    assert_eq!(records.len(), 2, "{records:#?}");
    for record in &records {
        emf_spec::check(record);
    }
    let health = records
        .iter()
        .find(|r| r["Route"] == "/health")
        .expect("/health");
    assert_eq!(
        (health["request_id"].clone(), health["trace_id"].clone()),
        ("tel-req-1".into(), TRACE_ID.into())
    );
    assert_eq!(health["ColdStart"], 1);
}

#[tokio::test]
async fn secrets_never_reach_the_logs() {
    let (service, url) = Running::server(probe(), &[("RUST_LOG", "debug".to_owned())]).await;
    let client = reqwest::Client::new();
    for (method, path) in [
        (reqwest::Method::GET, "/health"),
        (reqwest::Method::POST, "/health"),
        (
            reqwest::Method::PUT,
            "/nope/secret-in-path-segment-is-not-a-query",
        ),
    ] {
        let response = client
            .request(
                method,
                format!("{url}{path}?api_key=sekret-query-1&password=sekret-query-2&token=sekret-query-3"),
            )
            .header("authorization", "Bearer sekret-authorization")
            .header("cookie", "session=sekret-cookie")
            .header("x-api-key", "sekret-api-key")
            .body("{\"password\":\"sekret-body\"}")
            .send()
            .await
            .expect("a response");
        assert!(response.status().as_u16() < 500);
    }
    let lines = service.terminate().await;
    assert!(
        lines
            .iter()
            .filter(|l| l["message"] == "request finished")
            .count()
            == 3,
        "{lines:#?}"
    );
    for line in &lines {
        let text = line.to_string();
        assert!(
            !text.contains("sekret"),
            "a secret reached the logs: {text}"
        );
    }
}

#[tokio::test]
async fn a_busy_server_writes_its_metrics_before_the_timed_flush() {
    use serverless_axum_kit::telemetry::{emf::FLUSH_AT_VALUES, SERVER_FLUSH_INTERVAL};
    use serverless_axum_testkit::binary::is_emf;

    let (mut service, url) = Running::server(probe(), &[]).await;
    let client = reqwest::Client::new();
    let started = std::time::Instant::now();
    for _ in 0..FLUSH_AT_VALUES {
        client
            .get(format!("{url}/health"))
            .send()
            .await
            .expect("GET /health");
    }
    // Well before the timed flush: the histogram reached FLUSH_AT_VALUES values and asked for one.
    let patience = SERVER_FLUSH_INTERVAL / 2;
    let record = tokio::time::timeout(patience, service.wait_for(is_emf))
        .await
        .unwrap_or_else(|_| {
            panic!("no EMF record within {patience:?} of {FLUSH_AT_VALUES} requests")
        });
    assert!(started.elapsed() < SERVER_FLUSH_INTERVAL);
    emf_spec::check(&record);
    service.terminate().await;
}

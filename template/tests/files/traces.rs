//! AWS calls in traces: the built binary, files in S3 (moto), segment documents sent to an X-Ray daemon stand-in
//! (UDP on 127.0.0.1), as they reach X-Ray from Lambda with no layer. Each S3 call of a request is an `aws`
//! subsegment of the request's trace (namespace `aws`, named `S3`, with the operation, such as `PutObject`),
//! inside the handler's `#[instrument]` subsegment, itself inside the request's segment, though the SDK opens its
//! spans at DEBUG and the service logs at INFO; the SDK's internal DEBUG spans (attempts, serialization, endpoint
//! resolution) stay out.

use service::files::store::s3::client_for;

use serverless_axum_testkit::{
    binary::Running,
    emulator::service_binary,
    issuer::TestIssuer,
    moto,
    xray_receiver::{flatten_all, trace_id_now, tree, Document, Receiver, DAEMON_HEADER},
};

use crate::support::sdk_config;

/// Spans the AWS SDK and its runtime open at DEBUG inside an operation span: none may be exported.
const SDK_INTERNALS: [&str; 10] = [
    "try_attempt",
    "finally_attempt",
    "serialization",
    "deserialization",
    "deserialize_streaming",
    "deserialize_nonstreaming",
    "read_body",
    "orchestrate_endpoint",
    "lazy_load_identity",
    "credentials_provider_chain",
];

const PUT_PARENT: &str = "1f2e3d4c5b6a7988";
const GET_PARENT: &str = "2f2e3d4c5b6a7989";

#[tokio::test]
async fn s3_calls_reach_xray_as_aws_subsegments_inside_the_request_segment() {
    // Traces must have started within X-Ray's 30 days: ids made now.
    let put_trace = trace_id_now("fedcba98765432100123abcd");
    let get_trace = trace_id_now("fedcba98765432100123abce");
    let mut receiver = Receiver::start().await;
    let endpoint = moto::endpoint();
    let bucket = format!("traces-{}", uuid::Uuid::new_v4().simple());
    let s3 = client_for(&sdk_config(&endpoint));
    s3.create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("moto creates the bucket");
    let mut env = vec![
        ("FILES_BUCKET", bucket.clone()),
        ("AWS_ENDPOINT_URL", endpoint),
        ("AWS_ACCESS_KEY_ID", "test".to_owned()),
        ("AWS_SECRET_ACCESS_KEY", "test".to_owned()),
        ("AWS_REGION", "us-east-1".to_owned()),
        // Nothing but moto: no instance metadata service, no profile files.
        ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
        ("AWS_CONFIG_FILE", "/dev/null".to_owned()),
        ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null".to_owned()),
    ];
    env.extend(receiver.exporter_env());
    // A deployed environment: the service trusts a real issuer (one generated with `auth=none` ignores it).
    let issuer = TestIssuer::start().await;
    env.extend(issuer.env());
    let (service, url) = Running::server(&service_binary(env!("CARGO_PKG_NAME")), &env).await;
    let http = reqwest::Client::new();
    let token = issuer.token(&["files:read", "files:write"]);

    let put = http
        .put(format!("{url}/v1/files/reports/q1.txt"))
        .header("content-type", "text/plain")
        .header("x-amzn-trace-id", xray_header(&put_trace, PUT_PARENT))
        .bearer_auth(&token)
        .body("quarterly numbers")
        .send()
        .await
        .expect("PUT /v1/files/reports/q1.txt");
    assert_eq!(put.status(), 201, "{:?}", put.text().await);
    let put_datagrams = receiver
        .datagrams_of_trace(&put_trace, &[env!("CARGO_PKG_NAME"), "put_file", "S3"])
        .await;

    let get = http
        .get(format!("{url}/v1/files/reports/q1.txt"))
        .header("x-amzn-trace-id", xray_header(&get_trace, GET_PARENT))
        .bearer_auth(&token)
        .send()
        .await
        .expect("GET /v1/files/reports/q1.txt");
    assert_eq!(get.status(), 200);
    assert_eq!(get.text().await.expect("a body"), "quarterly numbers");
    let get_datagrams = receiver
        .datagrams_of_trace(&get_trace, &[env!("CARGO_PKG_NAME"), "get_file", "S3"])
        .await;
    service.terminate().await;

    // The object is really in the bucket the service was given.
    let stored = s3
        .get_object()
        .bucket(&bucket)
        .key("reports/q1.txt")
        .send()
        .await
        .expect("the object is in the bucket");
    assert_eq!(
        stored
            .body
            .collect()
            .await
            .expect("a body")
            .into_bytes()
            .as_ref(),
        b"quarterly numbers"
    );

    for datagram in put_datagrams.iter().chain(&get_datagrams) {
        assert_eq!(datagram.header, DAEMON_HEADER, "{datagram:?}");
    }
    let put = flatten_all(&put_datagrams);
    let put_request = request_segment(&put, PUT_PARENT);
    let put_handler = child(&put, put_request, "put_file");
    let put_object = aws_call(&put, put_handler, "PutObject");
    assert!(
        put_object.json["end_time"].as_f64() <= put_request.json["end_time"].as_f64(),
        "the call ends within the request"
    );
    let get = flatten_all(&get_datagrams);
    let get_request = request_segment(&get, GET_PARENT);
    let get_handler = child(&get, get_request, "get_file");
    aws_call(&get, get_handler, "GetObject");

    for (documents, request, handler) in [
        (&put, put_request, put_handler),
        (&get, get_request, get_handler),
    ] {
        for document in documents {
            assert!(
                !SDK_INTERNALS.contains(&document.name()),
                "an SDK-internal span was sent: {}",
                tree(documents)
            );
            // Every document of the trace is the request's segment, the handler's subsegment, or an AWS call's
            // inside the handler's.
            if document.json["namespace"] == "aws" {
                assert_eq!(
                    document.parent_id.as_deref(),
                    Some(handler.id()),
                    "{} is a child of the handler's subsegment: {}",
                    document.name(),
                    tree(documents)
                );
            } else {
                assert!(
                    document.id() == request.id() || document.id() == handler.id(),
                    "unexpected document {:?}: {}",
                    document.name(),
                    tree(documents)
                );
            }
        }
    }
}

/// `x-amzn-trace-id` for a sampled request of trace `trace` (X-Ray form) from segment `parent`.
fn xray_header(trace: &str, parent: &str) -> String {
    format!("Root={trace};Parent={parent};Sampled=1")
}

/// The request's segment: the one segment of the trace, named after the service, a child of the caller's
/// segment `parent`, with the HTTP method and status.
fn request_segment<'a>(documents: &'a [Document], parent: &str) -> &'a Document {
    let segments: Vec<&Document> = documents
        .iter()
        .filter(|document| !document.subsegment)
        .collect();
    let [request] = segments.as_slice() else {
        panic!("not exactly one segment: {}", tree(documents));
    };
    assert_eq!(request.name(), env!("CARGO_PKG_NAME"));
    assert_eq!(request.parent_id.as_deref(), Some(parent));
    assert!(
        request.json["http"]["request"]["method"].is_string(),
        "{}",
        request.json
    );
    assert!(
        request.json["http"]["response"]["status"].is_u64(),
        "{}",
        request.json
    );
    request
}

/// The one subsegment named `name`, after checking it is a child of `parent` in the same trace.
fn child<'a>(documents: &'a [Document], parent: &Document, name: &str) -> &'a Document {
    let child = one(documents, |document| document.name() == name);
    assert!(child.subsegment, "{name} is a subsegment: {}", child.json);
    assert_eq!(child.trace_id, parent.trace_id);
    assert_eq!(
        child.parent_id.as_deref(),
        Some(parent.id()),
        "{name} is a child of {}: {}",
        parent.name(),
        tree(documents)
    );
    child
}

/// The one AWS call of operation `operation`, after checking it is an `aws` subsegment named `S3` inside
/// `parent`.
fn aws_call<'a>(documents: &'a [Document], parent: &Document, operation: &str) -> &'a Document {
    let call = one(documents, |document| {
        document.json["aws"]["operation"] == operation
    });
    assert!(call.subsegment, "{}", call.json);
    assert_eq!(call.name(), "S3", "{}", call.json);
    assert_eq!(call.json["namespace"], "aws", "{}", call.json);
    assert_eq!(
        call.parent_id.as_deref(),
        Some(parent.id()),
        "{operation} is a child of {}: {}",
        parent.name(),
        tree(documents)
    );
    call
}

/// The one document `wanted` picks.
fn one(documents: &[Document], wanted: impl Fn(&Document) -> bool) -> &Document {
    let found: Vec<&Document> = documents
        .iter()
        .filter(|document| wanted(document))
        .collect();
    match found.as_slice() {
        [one] => one,
        _ => panic!("not exactly one such document: {}", tree(documents)),
    }
}

//! AWS calls in traces: the built binary, files in S3 (moto), spans exported to an OTLP receiver on 127.0.0.1.
//! Each S3 call of a request is a span of the request's trace, inside the request span (a child of the handler's
//! `#[instrument]` span, itself a child of the request span), named and attributed by the SDK (`S3.PutObject`,
//! `rpc.service`, `rpc.method`) though the SDK opens it at DEBUG and the service logs at INFO; the SDK's internal
//! DEBUG spans (attempts, serialization, endpoint resolution) stay out.

use opentelemetry_proto::tonic::trace::v1::span::SpanKind;
use service::files::store::s3::client_for;

use serverless_axum_testkit::{
    binary::Running,
    emulator::service_binary,
    issuer::TestIssuer,
    moto,
    otlp_receiver::{hex, string_attribute, Exported, Receiver},
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

const PUT_TRACE: &str = "65b2c3d4fedcba98765432100123abcd";
const PUT_PARENT: &str = "1f2e3d4c5b6a7988";
const GET_TRACE: &str = "65b2c3d5fedcba98765432100123abce";
const GET_PARENT: &str = "2f2e3d4c5b6a7989";

#[tokio::test]
async fn s3_calls_are_exported_as_spans_inside_the_request_span() {
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
        .header("x-amzn-trace-id", xray_header(PUT_TRACE, PUT_PARENT))
        .bearer_auth(&token)
        .body("quarterly numbers")
        .send()
        .await
        .expect("PUT /v1/files/reports/q1.txt");
    assert_eq!(put.status(), 201, "{:?}", put.text().await);
    let put_spans = receiver
        .spans_of_trace(PUT_TRACE, &["PUT /v1/files/{path}", "S3.PutObject"])
        .await;

    let get = http
        .get(format!("{url}/v1/files/reports/q1.txt"))
        .header("x-amzn-trace-id", xray_header(GET_TRACE, GET_PARENT))
        .bearer_auth(&token)
        .send()
        .await
        .expect("GET /v1/files/reports/q1.txt");
    assert_eq!(get.status(), 200);
    assert_eq!(get.text().await.expect("a body"), "quarterly numbers");
    let get_spans = receiver
        .spans_of_trace(GET_TRACE, &["GET /v1/files/{path}", "S3.GetObject"])
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

    let put_request = request_span(&put_spans, "PUT /v1/files/{path}", PUT_PARENT);
    let put_handler = child(&put_spans, put_request, "put_file");
    let put_object = aws_call(&put_spans, put_handler, "PutObject");
    assert!(
        put_object.span.end_time_unix_nano <= put_request.span.end_time_unix_nano,
        "the call ends within the request"
    );
    let get_request = request_span(&get_spans, "GET /v1/files/{path}", GET_PARENT);
    let get_handler = child(&get_spans, get_request, "get_file");
    aws_call(&get_spans, get_handler, "GetObject");

    for (spans, handler) in [(&put_spans, put_handler), (&get_spans, get_handler)] {
        for exported in spans {
            let span = &exported.span;
            assert!(
                !SDK_INTERNALS.contains(&span.name.as_str()),
                "an SDK-internal span was exported: {}",
                tree(spans)
            );
            // Every span of the trace is the request's, the handler's, or an AWS call's inside the handler's.
            if string_attribute(span, "rpc.system").as_deref() == Some("aws-api") {
                assert_eq!(
                    span.parent_span_id,
                    handler.span.span_id,
                    "{} is a child of the handler's span: {}",
                    span.name,
                    tree(spans)
                );
            } else {
                assert!(
                    span.kind == SpanKind::Server as i32 || span.name == handler.span.name,
                    "unexpected span {:?}: {}",
                    span.name,
                    tree(spans)
                );
            }
        }
    }
}

/// `x-amzn-trace-id` for a sampled request of trace `trace` (32 hex digits) from segment `parent`.
fn xray_header(trace: &str, parent: &str) -> String {
    format!(
        "Root=1-{}-{};Parent={parent};Sampled=1",
        &trace[..8],
        &trace[8..]
    )
}

/// The request span named `name`: the service's, a SERVER span, a child of the caller's segment `parent`.
fn request_span<'a>(spans: &'a [Exported], name: &str, parent: &str) -> &'a Exported {
    let request = one(spans, name);
    assert_eq!(request.service.as_deref(), Some(env!("CARGO_PKG_NAME")));
    assert_eq!(request.span.kind, SpanKind::Server as i32);
    assert_eq!(hex(&request.span.parent_span_id), parent);
    assert_eq!(
        string_attribute(&request.span, "route").as_deref(),
        Some("/v1/files/{path}")
    );
    request
}

/// The one span named `name`, after checking it is a child of `parent` from the same service.
fn child<'a>(spans: &'a [Exported], parent: &Exported, name: &str) -> &'a Exported {
    let child = one(spans, name);
    assert_eq!(child.span.trace_id, parent.span.trace_id);
    assert_eq!(
        child.span.parent_span_id,
        parent.span.span_id,
        "{name} is a child of {}: {}",
        parent.span.name,
        tree(spans)
    );
    assert_eq!(child.service, parent.service);
    child
}

/// The one `S3.<method>` span, after checking it is a child of `parent` and carries the SDK's RPC attributes.
fn aws_call<'a>(spans: &'a [Exported], parent: &Exported, method: &str) -> &'a Exported {
    let call = child(spans, parent, &format!("S3.{method}"));
    for (key, value) in [
        ("rpc.system", "aws-api"),
        ("rpc.service", "S3"),
        ("rpc.method", method),
    ] {
        assert_eq!(
            string_attribute(&call.span, key).as_deref(),
            Some(value),
            "{key} of {}",
            call.span.name
        );
    }
    call
}

/// The one span named `name`.
fn one<'a>(spans: &'a [Exported], name: &str) -> &'a Exported {
    let named: Vec<_> = spans
        .iter()
        .filter(|exported| exported.span.name == name)
        .collect();
    match named.as_slice() {
        [one] => one,
        _ => panic!("not exactly one span {name:?}: {}", tree(spans)),
    }
}

/// The spans as `name (kind) id <- parent`, for failure messages.
fn tree(spans: &[Exported]) -> String {
    spans
        .iter()
        .map(|exported| {
            format!(
                "\n  {} ({:?}) {} <- {}",
                exported.span.name,
                SpanKind::try_from(exported.span.kind),
                hex(&exported.span.span_id),
                hex(&exported.span.parent_span_id)
            )
        })
        .collect()
}

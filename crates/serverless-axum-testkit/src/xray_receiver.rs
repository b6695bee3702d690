//! An X-Ray daemon stand-in on 127.0.0.1 for tests: it receives the UDP datagrams a service sends to
//! `AWS_XRAY_DAEMON_ADDRESS` (a header line `{"format": "json", "version": 1}`, a newline, one segment document)
//! and hands over each document with its nested subsegments flattened into [`Document`]s that name their parent.
//! Self-contained (no other test module), so any test crate can include it with `#[path]`.

use std::{
    net::SocketAddr,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use serde_json::Value;
use tokio::{net::UdpSocket, sync::mpsc};

/// How long the receiver waits for documents the service is expected to send.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// The header line the daemon protocol puts before every segment document.
pub const DAEMON_HEADER: &str = r#"{"format": "json", "version": 1}"#;

/// A trace id in X-Ray form (`1-<epoch seconds, 8 hex>-<unique>`) that starts now and ends in `unique` (24 hex
/// digits). X-Ray, and the exporter before it, drop documents of traces started more than 30 days ago, so a test
/// cannot use a fixed trace id.
pub fn trace_id_now(unique: &str) -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    format!("1-{seconds:08x}-{unique}")
}

/// One datagram as it arrived: its header line and the segment document after it.
#[derive(Debug, Clone)]
pub struct Datagram {
    pub header: String,
    pub document: Value,
}

/// A segment or subsegment, whether sent on its own or nested in its parent's `subsegments`.
#[derive(Debug, Clone)]
pub struct Document {
    /// The document's JSON without its `subsegments` (they are documents of their own here).
    pub json: Value,
    /// Its trace id (X-Ray form), its parent's for a nested subsegment.
    pub trace_id: String,
    /// The id of its parent: the `parent_id` it carries, or the document it was nested in.
    pub parent_id: Option<String>,
    /// Whether it is a subsegment (nested, or sent with `"type": "subsegment"`).
    pub subsegment: bool,
}

impl Document {
    /// The document's `id`.
    pub fn id(&self) -> &str {
        self.json["id"].as_str().unwrap_or_default()
    }

    /// The document's `name`.
    pub fn name(&self) -> &str {
        self.json["name"].as_str().unwrap_or_default()
    }
}

pub struct Receiver {
    address: SocketAddr,
    datagrams: mpsc::UnboundedReceiver<Datagram>,
}

impl Receiver {
    pub async fn start() -> Self {
        let socket = UdpSocket::bind("127.0.0.1:0")
            .await
            .expect("binds the receiver");
        let address = socket.local_addr().expect("an address");
        let (sender, datagrams) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            let mut buffer = vec![0; 65_536];
            while let Ok(length) = socket.recv(&mut buffer).await {
                let text = String::from_utf8_lossy(&buffer[..length]);
                let (header, document) = text.split_once('\n').unwrap_or((&text, ""));
                let document = serde_json::from_str(document).unwrap_or_else(|error| {
                    Value::String(format!("not JSON ({error}): {document}"))
                });
                let datagram = Datagram {
                    header: header.to_owned(),
                    document,
                };
                if sender.send(datagram).is_err() {
                    break;
                }
            }
        });
        Self { address, datagrams }
    }

    /// The address to give the service as `AWS_XRAY_DAEMON_ADDRESS`.
    pub fn address(&self) -> String {
        self.address.to_string()
    }

    /// The environment that makes a service send its segments here, in batches every 100 ms (so a server-mode
    /// test waits for them briefly, not the SDK's default 5 s; on Lambda every invocation flushes).
    pub fn exporter_env(&self) -> [(&'static str, String); 2] {
        [
            ("AWS_XRAY_DAEMON_ADDRESS", self.address()),
            ("OTEL_BSP_SCHEDULE_DELAY", "100".to_owned()),
        ]
    }

    /// The next datagram, waiting at most `within`.
    pub async fn datagram(&mut self, within: Duration) -> Option<Datagram> {
        tokio::time::timeout(within, self.datagrams.recv())
            .await
            .ok()
            .flatten()
    }

    /// The datagrams whose documents belong to trace `trace_id` (X-Ray form, `1-…-…`), once documents named
    /// each of `names` have arrived (flattened; other traces' datagrams are dropped). Panics, listing what
    /// arrived, after [`PATIENCE`].
    pub async fn datagrams_of_trace(&mut self, trace_id: &str, names: &[&str]) -> Vec<Datagram> {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        let mut datagrams: Vec<Datagram> = Vec::new();
        loop {
            let documents = flatten_all(&datagrams);
            if names
                .iter()
                .all(|name| documents.iter().any(|document| document.name() == *name))
            {
                return datagrams;
            }
            match tokio::time::timeout_at(deadline, self.datagrams.recv()).await {
                Ok(Some(datagram)) if datagram.document["trace_id"] == trace_id => {
                    datagrams.push(datagram);
                }
                Ok(Some(_)) => {}
                _ => panic!(
                    "the documents of trace {trace_id} did not all arrive in time; these did: {}",
                    tree(&documents)
                ),
            }
        }
    }

    /// Every datagram, of any trace, up to and including the first of trace `trace_id`: spans are sent in the
    /// order they end, so this shows what a request finished earlier sent, if anything.
    pub async fn all_datagrams_until_trace(&mut self, trace_id: &str) -> Vec<Datagram> {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        let mut datagrams = Vec::new();
        loop {
            match tokio::time::timeout_at(deadline, self.datagrams.recv()).await {
                Ok(Some(datagram)) => {
                    let last = datagram.document["trace_id"] == trace_id;
                    datagrams.push(datagram);
                    if last {
                        return datagrams;
                    }
                }
                _ => panic!("no document of trace {trace_id} arrived in time"),
            }
        }
    }
}

/// Every document in `datagrams`, nested subsegments included.
pub fn flatten_all(datagrams: &[Datagram]) -> Vec<Document> {
    let mut documents = Vec::new();
    for datagram in datagrams {
        let json = &datagram.document;
        let trace_id = json["trace_id"].as_str().unwrap_or_default().to_owned();
        let parent_id = json["parent_id"].as_str().map(str::to_owned);
        let subsegment = json["type"] == "subsegment";
        flatten(json, trace_id, parent_id, subsegment, &mut documents);
    }
    documents
}

fn flatten(
    json: &Value,
    trace_id: String,
    parent_id: Option<String>,
    subsegment: bool,
    into: &mut Vec<Document>,
) {
    let mut own = json.clone();
    let nested = own
        .as_object_mut()
        .and_then(|object| object.remove("subsegments"));
    let id = own["id"].as_str().map(str::to_owned);
    into.push(Document {
        json: own,
        trace_id: trace_id.clone(),
        parent_id,
        subsegment,
    });
    for child in nested
        .as_ref()
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        flatten(child, trace_id.clone(), id.clone(), true, into);
    }
}

/// The documents as `name (segment|subsegment) id <- parent`, for failure messages.
pub fn tree(documents: &[Document]) -> String {
    documents
        .iter()
        .map(|document| {
            format!(
                "\n  {} ({}) {} <- {}",
                document.name(),
                if document.subsegment {
                    "subsegment"
                } else {
                    "segment"
                },
                document.id(),
                document.parent_id.as_deref().unwrap_or("-")
            )
        })
        .collect()
}

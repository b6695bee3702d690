//! An X-Ray daemon stand-in that receives every segment document (UDP on 127.0.0.1) and discards it, so that a
//! service benchmarked with tracing on pays the full cost of sending its spans to X-Ray, as on Lambda.

use std::{
    net::UdpSocket,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    thread,
};

use anyhow::Result;

/// A running sink; its thread ends with the process.
pub struct XraySink {
    /// The service's `AWS_XRAY_DAEMON_ADDRESS`.
    pub address: String,
    documents: Arc<AtomicU64>,
}

impl XraySink {
    pub fn start() -> Result<Self> {
        let socket = UdpSocket::bind("127.0.0.1:0")?;
        let address = socket.local_addr()?.to_string();
        let documents = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&documents);
        thread::spawn(move || {
            let mut buffer = vec![0; 65_536];
            while socket.recv(&mut buffer).is_ok() {
                counter.fetch_add(1, Ordering::Relaxed);
            }
        });
        Ok(Self { address, documents })
    }

    /// How many segment documents (datagrams) arrived so far.
    pub fn documents(&self) -> u64 {
        self.documents.load(Ordering::Relaxed)
    }
}

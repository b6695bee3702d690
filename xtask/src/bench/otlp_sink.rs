//! An OTLP/HTTP endpoint that accepts every export (HTTP/1.1, keep-alive) and discards it, so that a service
//! benchmarked with tracing on pays the full cost of exporting.

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::{TcpListener, TcpStream},
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    thread,
};

use anyhow::Result;

/// A running sink; its threads end with the process.
pub struct OtlpSink {
    pub endpoint: String,
    exports: Arc<AtomicU64>,
}

impl OtlpSink {
    pub fn start() -> Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let endpoint = format!("http://{}", listener.local_addr()?);
        let exports = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&exports);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let counter = Arc::clone(&counter);
                thread::spawn(move || serve(stream, &counter));
            }
        });
        Ok(Self { endpoint, exports })
    }

    /// How many export requests arrived so far.
    pub fn exports(&self) -> u64 {
        self.exports.load(Ordering::Relaxed)
    }
}

fn serve(stream: TcpStream, exports: &AtomicU64) {
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    loop {
        let mut content_length = 0_usize;
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            if line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    content_length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0; content_length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        exports.fetch_add(1, Ordering::Relaxed);
        let answer =
            "HTTP/1.1 200 OK\r\ncontent-type: application/x-protobuf\r\ncontent-length: 0\r\n\r\n";
        if writer.write_all(answer.as_bytes()).is_err() {
            return;
        }
    }
}

//! A Lambda-mode cold start's first answer: one event handed out on the first `GET …/invocation/next` → the
//! function's `POST …/invocation/<id>/response`.
//! A minimal Runtime API emulator on std threads, so the measurement does not share a runtime with the function.

use std::{
    io::{BufRead, BufReader, Write},
    net::{TcpListener, TcpStream},
    path::Path,
    sync::mpsc,
    thread,
    time::{Duration, Instant},
};

use anyhow::{anyhow, bail, Context, Result};

/// The request id the emulator gives its one event.
const REQUEST_ID: &str = "8476a536-e9f4-11e8-9739-2dfe598c3fcd";

/// What the emulator saw, in order.
enum Seen {
    /// The first `next` was answered with the event (when).
    Next { handed: Instant },
    /// The response for the event arrived in full.
    Response(Instant),
    /// The function reported an error instead.
    Error(String),
}

/// Starts `binary` as Lambda would (plus `env`), hands it `event` (an API Gateway event as JSON) and returns how
/// long it took to answer: from the event handed out to the response POST received in full. (Start-up itself is
/// [`super::runtime_api::time_to_first_next`].)
pub fn first_invocation(binary: &Path, env: &[(&str, String)], event: &[u8]) -> Result<Duration> {
    let listener = TcpListener::bind("127.0.0.1:0").context("binding the emulator")?;
    let address = listener.local_addr()?;
    let (sender, seen) = mpsc::channel();
    let event = event.to_vec();
    thread::spawn(move || {
        let mut handed_out = false;
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            // One request per connection (`Connection: close`); the second `next` is left unanswered.
            if let Some(seen) = serve(stream, &event, &mut handed_out) {
                if sender.send(seen).is_err() {
                    return;
                }
            }
        }
    });
    let mut child = super::runtime_api::spawn_function(binary, address, env)?;
    let outcome = collect(&seen);
    child.kill().ok();
    child.wait().ok();
    outcome
}

fn collect(seen: &mpsc::Receiver<Seen>) -> Result<Duration> {
    let timeout = Duration::from_secs(10);
    let handed = match seen.recv_timeout(timeout) {
        Ok(Seen::Next { handed }) => handed,
        Ok(Seen::Error(body)) => bail!("the function failed: {body}"),
        Ok(Seen::Response(_)) => bail!("a response came before any event"),
        Err(_) => bail!("the function never asked for an event"),
    };
    match seen.recv_timeout(timeout) {
        Ok(Seen::Response(at)) => Ok(at.duration_since(handed)),
        Ok(Seen::Error(body)) => bail!("the function answered the event with an error: {body}"),
        Ok(Seen::Next { .. }) => bail!("the function asked for a second event without answering"),
        Err(_) => Err(anyhow!("the function never answered the event")),
    }
}

/// Answers one Runtime API request; `None` for requests that only wait (a second `next`).
fn serve(stream: TcpStream, event: &[u8], handed_out: &mut bool) -> Option<Seen> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let (request_line, headers) = read_head(&mut reader).ok()?;
    let mut stream = stream;
    if request_line.contains("/runtime/invocation/next") {
        if *handed_out {
            // Keep the connection open: the function waits here until it is killed.
            thread::sleep(Duration::from_secs(30));
            return None;
        }
        *handed_out = true;
        let deadline_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |now| now.as_millis() + 30_000);
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
             Lambda-Runtime-Aws-Request-Id: {REQUEST_ID}\r\nLambda-Runtime-Deadline-Ms: {deadline_ms}\r\n\
             Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-west-2:123456789012:function:bench\r\n\
             Lambda-Runtime-Trace-Id: Root=1-65a1b2c3-0123456789abcdef01234567;Sampled=0\r\n\
             Connection: close\r\n\r\n",
            event.len()
        );
        stream.write_all(head.as_bytes()).ok()?;
        stream.write_all(event).ok()?;
        stream.flush().ok()?;
        return Some(Seen::Next {
            handed: Instant::now(),
        });
    }
    let body = read_body(&mut reader, &headers).unwrap_or_default();
    let received = Instant::now();
    stream
        .write_all(b"HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        .ok()?;
    if request_line.contains(&format!("/invocation/{REQUEST_ID}/response")) {
        Some(Seen::Response(received))
    } else {
        Some(Seen::Error(format!(
            "{}: {}",
            request_line.trim(),
            String::from_utf8_lossy(&body)
        )))
    }
}

/// The request line and the lower-cased header lines.
fn read_head(reader: &mut impl BufRead) -> Result<(String, Vec<String>)> {
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            return Ok((request_line, headers));
        }
        headers.push(line.trim().to_ascii_lowercase());
    }
}

/// Reads a body sent with `Content-Length` or chunked.
fn read_body(reader: &mut impl BufRead, headers: &[String]) -> Result<Vec<u8>> {
    let length = headers
        .iter()
        .find_map(|h| h.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    if let Some(length) = length {
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        return Ok(body);
    }
    if !headers
        .iter()
        .any(|h| h.starts_with("transfer-encoding:") && h.contains("chunked"))
    {
        return Ok(Vec::new());
    }
    let mut body = Vec::new();
    loop {
        let mut size_line = String::new();
        reader.read_line(&mut size_line)?;
        let size = usize::from_str_radix(size_line.trim().split(';').next().unwrap_or("0"), 16)?;
        let mut chunk = vec![0; size + 2];
        reader.read_exact(&mut chunk)?;
        if size == 0 {
            return Ok(body);
        }
        body.extend_from_slice(&chunk[..size]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sized_and_chunked_bodies() {
        let sized = vec!["content-length: 5".to_owned()];
        assert_eq!(
            read_body(&mut &b"hello"[..], &sized).expect("a body"),
            b"hello"
        );
        let chunked = vec!["transfer-encoding: chunked".to_owned()];
        let wire = b"3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n";
        assert_eq!(
            read_body(&mut &wire[..], &chunked).expect("a body"),
            b"hello"
        );
    }
}

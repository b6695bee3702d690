//! One HTTP/1.1 `PUT` over a plain TCP stream: enough to seed a file before a load run, without an HTTP client
//! dependency in the harness.

use std::{
    io::{Read, Write},
    net::TcpStream,
};

use anyhow::{bail, Context, Result};

/// Sends `body` to `http://<address><path>` as `application/octet-stream` (with `token` as a bearer token when
/// given); fails unless the answer is 2xx.
pub fn put(address: &str, path: &str, body: &[u8], token: Option<&str>) -> Result<()> {
    let mut stream =
        TcpStream::connect(address).with_context(|| format!("connecting to {address}"))?;
    let authorization = token
        .map(|token| format!("Authorization: Bearer {token}\r\n"))
        .unwrap_or_default();
    let head = format!(
        "PUT {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/octet-stream\r\n\
         {authorization}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    let status = answer.split_whitespace().nth(1).unwrap_or("");
    if !status.starts_with('2') {
        bail!("PUT {path} answered {status}: {answer}");
    }
    Ok(())
}

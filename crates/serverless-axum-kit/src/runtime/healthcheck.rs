//! `<binary> healthcheck`: exits 0 when this container's own server answers `GET /health` with 200, 1 otherwise.
//! Container images built from distroless bases have no curl or shell for a `HEALTHCHECK`; the binary checks itself.
//!
//! One HTTP/1.1 request to loopback, written by hand on `std::net`: the service has no HTTP client of its own to
//! reuse (hyper's client would need a runtime and more wiring than the ten lines below), and the exchange is fixed.

use std::{
    io::{self, Read as _, Write as _},
    net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream},
    process::ExitCode,
    time::Duration,
};

use crate::Settings;

/// How long the whole check may take; a container runtime's health-check timeout is usually longer.
const TIMEOUT: Duration = Duration::from_secs(2);

/// Checks the server `settings` describe (`HOST:PORT`; a wildcard host is checked on loopback).
pub fn healthcheck(settings: &Settings) -> ExitCode {
    let host = match settings.host {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        host => host,
    };
    match status_of_health(SocketAddr::new(host, settings.port)) {
        Ok(200) => ExitCode::SUCCESS,
        Ok(status) => {
            eprintln!(
                "healthcheck: GET /health on {host}:{} answered {status}",
                settings.port
            );
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!(
                "healthcheck: GET /health on {host}:{}: {error}",
                settings.port
            );
            ExitCode::FAILURE
        }
    }
}

/// The status code of `GET /health` at `address`.
fn status_of_health(address: SocketAddr) -> io::Result<u16> {
    let mut stream = TcpStream::connect_timeout(&address, TIMEOUT)?;
    stream.set_read_timeout(Some(TIMEOUT))?;
    stream.set_write_timeout(Some(TIMEOUT))?;
    stream.write_all(b"GET /health HTTP/1.1\r\nHost: localhost\r\nUser-Agent: healthcheck\r\nConnection: close\r\n\r\n")?;
    // The status line is in the first bytes: "HTTP/1.1 200 OK".
    let mut head = [0_u8; 32];
    let mut read = 0;
    while read < 12 {
        let n = stream.read(&mut head[read..])?;
        if n == 0 {
            break;
        }
        read += n;
    }
    let line = std::str::from_utf8(&head[..read]).unwrap_or_default();
    line.strip_prefix("HTTP/1.1 ")
        .or_else(|| line.strip_prefix("HTTP/1.0 "))
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("not an HTTP answer: {line:?}"),
            )
        })
}

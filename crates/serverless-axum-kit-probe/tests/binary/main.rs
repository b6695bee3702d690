//! The kit as the outside world sees it, through `kit-probe` (a service wired as a generated one is): its log
//! lines and EMF records on stdout (server mode and Lambda mode), segment documents sent to an X-Ray daemon
//! stand-in (UDP) and, with the `otlp` feature, spans exported to an OTLP receiver on 127.0.0.1, and Lambda
//! events answered through the Runtime API emulator. Driving the binary keeps each case's global
//! subscriber and recorder in its own process. Generated services keep only a smoke test of their own wiring.

use std::path::Path;

mod container;
mod lambda;
mod logs;
#[cfg(feature = "otlp")]
mod otlp;
mod runtime_api;
mod xray;

/// The probe binary cargo built for these tests.
fn probe() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_kit-probe"))
}

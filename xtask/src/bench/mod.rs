//! Benchmarks of a generated service, measured on this machine: the parts every benchmark shares.
//! `cargo xtask bench-telemetry` (see `bench_telemetry.rs`) is the first user.

pub mod docs;
pub mod load;
pub mod otlp_sink;
pub mod runtime_api;
pub mod service;
pub mod stats;

//! Benchmarks of a generated service, measured on this machine: the parts every benchmark shares.
//! `cargo xtask bench-telemetry` (see `bench_telemetry.rs`) and `cargo xtask bench` (see `bench_all.rs`) use them.

pub mod artifact;
pub mod docs;
pub mod first_invocation;
pub mod floor;
pub mod http_put;
pub mod load;
pub mod machine;
pub mod proc_status;
pub mod runtime_api;
pub mod service;
pub mod stats;
pub mod xray_sink;

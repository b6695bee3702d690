//! The example Files API, tested black-box: one behavioural suite run against both stores (a local directory
//! and S3 on a moto server), what is particular to each store, the routes as mounted in the service, and a
//! binary file through Lambda.

mod app;
#[allow(dead_code)]
#[path = "../telemetry/binary.rs"]
mod binary;
#[path = "../lambda/emulator.rs"]
mod emulator;
mod lambda;
mod local_store;
mod moto;
#[allow(dead_code)]
#[path = "../telemetry/otlp_receiver.rs"]
mod otlp_receiver;
mod s3_store;
mod suite;
mod support;
mod traces;

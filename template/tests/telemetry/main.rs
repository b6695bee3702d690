//! Telemetry as the outside world sees it: the built binary's log lines and EMF records on stdout (server mode
//! and Lambda mode), spans exported to an OTLP receiver on 127.0.0.1, and the metrics catalog file.
//! Driving the binary keeps each case's global subscriber and recorder in its own process.

mod binary;
mod catalog;
mod emf;
mod emf_spec;
#[allow(dead_code)]
#[path = "../lambda/emulator.rs"]
mod emulator;
mod lambda;
mod logs;
mod otlp;
// Shared with tests/files (its traces test uses what these tests do not).
#[allow(dead_code)]
mod otlp_receiver;

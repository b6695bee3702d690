//! Telemetry as the outside world sees it: the built binary's log lines and EMF records on stdout (server mode
//! and Lambda mode), spans exported to an OTLP receiver on 127.0.0.1, and the metrics catalog file.
//! Driving the binary keeps each case's global subscriber and recorder in its own process.

//! The shared test support (emulator, OTLP receiver, EMF checker) is the `serverless_axum_testkit` crate; the
//! platform's in-process telemetry tests are the kit's own.

mod catalog;
mod lambda;
mod logs;
mod otlp;

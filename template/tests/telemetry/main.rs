//! The service's metrics catalog file. How telemetry looks from outside a running binary (log lines, EMF records,
//! exported spans, the log-level ceiling) is the platform's, tested once against the kit's probe binary
//! (`crates/serverless-axum-kit-probe` in the platform repository); the platform's in-process telemetry tests are
//! the kit's own.

mod catalog;

//! What the tests of the serverless-axum kit and of every generated service share (a dev-dependency only):
//!
//! - [`emulator`]: a Lambda Runtime API emulator on 127.0.0.1 that drives a built service binary as Lambda does;
//! - [`binary`]: a service binary started with a chosen environment, its JSON stdout read line by line;
//! - [`otlp_receiver`]: an OTLP/HTTP receiver the service exports its spans to (the kit's `otlp` feature);
//! - [`xray_receiver`]: an X-Ray daemon stand-in (UDP) the service sends its segment documents to;
//! - [`moto`]: a moto server (the S3 emulator), started once per test process;
//! - [`issuer`]: an OpenID Connect issuer on 127.0.0.1 (discovery, JWKS, key rotation) that mints good and bad tokens;
//! - [`emf_spec`]: checks a record against CloudWatch's Embedded Metric Format specification;
//! - [`events`]: real API Gateway (REST v1, HTTP v2), ALB and Function URL events.
//!
//! ```no_run
//! # async fn example() {
//! use serverless_axum_testkit::{binary::Running, emulator::service_binary};
//!
//! let binary = service_binary("orders-api");
//! let (service, url) = Running::server(&binary, &[]).await;
//! let answer = reqwest::get(format!("{url}/health")).await.expect("an answer");
//! assert!(answer.status().is_success());
//! service.terminate().await;
//! # }
//! ```

pub mod binary;
pub mod emf_spec;
pub mod emulator;
pub mod events;
pub mod issuer;
pub mod moto;
pub mod otlp_receiver;
pub mod xray_receiver;

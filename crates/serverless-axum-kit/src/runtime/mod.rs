//! Where requests come from: a local HTTP server ([`server`]), or the Lambda Runtime API ([`lambda`]).

pub mod lambda;
pub mod server;

//! Where requests come from: a local HTTP server, or the Lambda Runtime API.

pub mod lambda;
pub mod server;

/// Whether this process runs inside Lambda (the Runtime API's address is set).
pub fn is_lambda() -> bool {
    std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some()
}

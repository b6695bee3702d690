//! Black-box tests of the service through its real `Router` (in-process) and its real server (port 0).
//! One binary for all of them: see `helpers.rs` for `TestApp`.

mod errors;
mod health;
mod helpers;
mod openapi;
mod request_id;
mod server;

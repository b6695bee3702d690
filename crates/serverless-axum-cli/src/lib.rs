//! The part of the `serverless-axum` tool other programs share: [`template`], rendering the platform's service
//! template (the harness of the template repository generates every service through it). The subcommands live
//! in the binary (`main.rs`).

pub mod template;

//! HTTP plumbing shared by every route: problem+json errors, request ids and the middleware stack.

pub mod error;
pub mod middleware;
pub mod problem;
pub mod request_id;

pub use error::ApiError;
pub use problem::{Problem, ProblemType};

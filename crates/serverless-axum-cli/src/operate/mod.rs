//! Operating a deployed service: `status`, `verify` (the post-deploy bake gate), `record-deploy` (delivery
//! metrics), `check-monitoring` and `rollback` read a service environment back from AWS, by the names the platform's contract
//! gives it (`contract.rs`), through two narrow ports (`cloud.rs`) implemented on the AWS SDK (`aws/`).

mod aws;
pub mod check_monitoring;
mod cloud;
mod contract;
pub mod delivery;
mod progress;
pub mod rollback;
mod service;
mod signals;
pub mod status;
mod target;
pub mod verify;

#[cfg(test)]
mod fake;

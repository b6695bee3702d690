//! Cold start: the first request an execution environment (a Lambda sandbox, a container, a local process)
//! answers. It is in that request's access-log line (`cold_start`) and counted by the `ColdStart` metric.

use std::sync::atomic::{AtomicBool, Ordering};

static PENDING: AtomicBool = AtomicBool::new(true);

/// A provisioned-concurrency or SnapStart environment was initialised before any caller waited for it, so its
/// first request is not a cold start (the definition Powertools for AWS Lambda uses too).
pub fn init(initialization_type: Option<&str>) {
    if matches!(
        initialization_type,
        Some("provisioned-concurrency" | "snap-start")
    ) {
        PENDING.store(false, Ordering::Relaxed);
    }
}

/// `true` for the first call in this process, `false` after.
pub fn take() -> bool {
    PENDING.swap(false, Ordering::Relaxed)
}

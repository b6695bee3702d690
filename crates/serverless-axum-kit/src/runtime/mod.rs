//! Where requests come from: a local HTTP server ([`server`]), or the Lambda Runtime API ([`lambda`]); the async
//! runtime both run on ([`tokio_runtime`]); and a container's check of its own server ([`healthcheck`]).

pub mod healthcheck;
pub mod lambda;
pub mod server;

use std::time::Duration;

use crate::Settings;

/// How long an idle blocking thread waits for more work before it exits (tokio's default too; named here so the
/// trade is visible: a shorter wait returns memory sooner and starts threads more often).
const BLOCKING_THREAD_KEEP_ALIVE: Duration = Duration::from_secs(10);

/// The multi-threaded tokio runtime a service runs on, sized by `settings`: worker threads as tokio chooses (one
/// per core, or `TOKIO_WORKER_THREADS`), at most [`Settings::blocking_threads`] threads for blocking work.
/// Use it instead of `#[tokio::main]`, whose blocking pool may grow to 512 threads:
///
/// ```no_run
/// # fn main() -> std::process::ExitCode {
/// # let settings = serverless_axum_kit::Settings::for_tests(serverless_axum_kit::service_info!());
/// let Ok(runtime) = serverless_axum_kit::runtime::tokio_runtime(&settings) else {
///     eprintln!("the async runtime could not start");
///     return std::process::ExitCode::FAILURE;
/// };
/// runtime.block_on(async { std::process::ExitCode::SUCCESS })
/// # }
/// ```
pub fn tokio_runtime(settings: &Settings) -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(settings.blocking_threads.get())
        .thread_keep_alive(BLOCKING_THREAD_KEEP_ALIVE)
        .build()
}

#[cfg(test)]
mod tests {
    use std::{
        collections::HashSet,
        num::NonZeroUsize,
        sync::{Arc, Mutex},
    };

    use super::*;

    #[test]
    fn blocking_work_never_uses_more_threads_than_the_setting_allows() {
        let mut settings = Settings::for_tests(crate::service_info!());
        settings.blocking_threads = NonZeroUsize::new(2).expect("two");
        let runtime = tokio_runtime(&settings).expect("runtime");
        let threads = Arc::new(Mutex::new(HashSet::new()));
        runtime.block_on(async {
            let tasks: Vec<_> = (0..8)
                .map(|_| {
                    let threads = Arc::clone(&threads);
                    tokio::task::spawn_blocking(move || {
                        threads
                            .lock()
                            .expect("threads")
                            .insert(std::thread::current().id());
                        std::thread::sleep(Duration::from_millis(20));
                    })
                })
                .collect();
            for task in tasks {
                task.await.expect("task");
            }
        });
        // Eight tasks that each hold their thread for 20 ms: an uncapped pool would have started eight threads.
        assert_eq!(threads.lock().expect("threads").len(), 2);
    }
}

//! The local (or container) HTTP server: binds `HOST:PORT`, serves until SIGINT/SIGTERM, then lets in-flight
//! requests finish, for at most the drain deadline (`SHUTDOWN_TIMEOUT_SECS`).

use std::{future::Future, io, net::SocketAddr, time::Duration};

use axum::{serve::ListenerExt as _, Router};
use std::future::IntoFuture as _;
use tokio::net::TcpListener;

use crate::settings::Settings;

/// A bound, not yet serving, HTTP server. Binding first lets tests use port 0 and read the port back.
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    router: Router,
}

impl Server {
    /// Binds `settings.host:settings.port`.
    pub async fn bind(settings: &Settings, router: Router) -> io::Result<Self> {
        let listener = TcpListener::bind((settings.host, settings.port)).await?;
        Ok(Self { listener, router })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` completes, then waits for in-flight requests to finish, however long they take.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        // No deadline to speak of: tokio caps a sleep at about 30 years.
        self.run_until_drained(shutdown, Duration::MAX).await
    }

    /// Serves until `shutdown` completes, then waits for in-flight requests to finish, for at most `drain`: a
    /// request still running then is cut off, so the process exits before the container runtime kills it (what
    /// [`crate::serve`] runs, with `SHUTDOWN_TIMEOUT_SECS`).
    pub async fn run_until_drained(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
        drain: Duration,
    ) -> io::Result<()> {
        let listener = self.listener.tap_io(no_delay);
        let (stopping, stopped) = tokio::sync::oneshot::channel::<()>();
        let signal = async move {
            shutdown.await;
            let _ = stopping.send(());
        };
        let serving = axum::serve(listener, self.router).with_graceful_shutdown(signal);
        let deadline = async move {
            // A dropped sender (the server ended first) never starts the clock.
            if stopped.await.is_ok() {
                tokio::time::sleep(drain).await;
            } else {
                std::future::pending::<()>().await;
            }
        };
        tokio::select! {
            served = serving.into_future() => served,
            () = deadline => {
                tracing::warn!(
                    drain_secs = drain.as_secs_f64(),
                    "drain deadline reached: exiting with requests still in flight"
                );
                Ok(())
            }
        }
    }
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM (what container runtimes send).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}

/// Connections set `TCP_NODELAY`: a response whose body follows its headers in a second write (a streamed file)
/// would otherwise wait for the client's delayed ACK, about 40 ms per response.
fn no_delay(connection: &mut tokio::net::TcpStream) {
    if let Err(error) = connection.set_nodelay(true) {
        tracing::warn!(%error, "cannot set TCP_NODELAY");
    }
}

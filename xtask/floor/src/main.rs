//! The floor `cargo xtask bench` measures a generated service against: `GET /v1/files/{*path}` answers with the
//! bytes of `$FILES_DIR/<path>`, read with `tokio::fs::read`, and nothing else: no middleware, no
//! authentication, no telemetry, no metadata. Whatever the service costs beyond this is what its platform and
//! store add. Listens on 127.0.0.1:`$PORT`.

use std::{net::SocketAddr, path::PathBuf, process::ExitCode, sync::Arc};

use axum::{
    extract::{Path, State},
    http::{header, StatusCode},
    response::IntoResponse,
    routing::get,
    Router,
};

#[tokio::main]
async fn main() -> ExitCode {
    let (Some(root), Some(port)) = (
        std::env::var_os("FILES_DIR"),
        std::env::var("PORT")
            .ok()
            .and_then(|port| port.parse::<u16>().ok()),
    ) else {
        eprintln!("usage: FILES_DIR=<folder> PORT=<port> bench-floor");
        return ExitCode::FAILURE;
    };
    let app = Router::new()
        .route("/v1/files/{*path}", get(read))
        .with_state(Arc::new(PathBuf::from(root)));
    let listener =
        match tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await {
            Ok(listener) => listener,
            Err(error) => {
                eprintln!("cannot listen on port {port}: {error}");
                return ExitCode::FAILURE;
            }
        };
    match axum::serve(listener, app).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("serving failed: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The bytes of the file, or 404. `..` is refused so the floor cannot read outside its folder.
async fn read(State(root): State<Arc<PathBuf>>, Path(path): Path<String>) -> impl IntoResponse {
    if path.split('/').any(|segment| segment == "..") {
        return Err(StatusCode::NOT_FOUND);
    }
    match tokio::fs::read(root.join(&path)).await {
        Ok(bytes) => Ok(([(header::CONTENT_TYPE, "application/octet-stream")], bytes)),
        Err(_) => Err(StatusCode::NOT_FOUND),
    }
}

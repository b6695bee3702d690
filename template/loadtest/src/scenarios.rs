//! What a simulated user does. The Files API user walks a file's whole life (list, upload, head, download,
//! delete) with think time between steps; a reader does what most traffic does: health checks and downloads of
//! a file that exists. Every file lives under `loadtest/` so a run never touches anyone else's.
//!
//! Paths are relative (`v1/files/…`, no leading `/`): joined to a host such as `https://<api>/prod/` they keep
//! the API Gateway stage.

use std::sync::OnceLock;

use goose::prelude::*;

/// The bearer token every request carries (`--token`), set once before the run starts.
static TOKEN: OnceLock<String> = OnceLock::new();

/// Sends `Authorization: Bearer <token>` with every request of the run.
pub fn authenticate_with(token: &str) {
    TOKEN.get_or_init(|| token.to_owned());
}

/// A request builder for `method` on `path`, with the run's token when it has one.
fn request_builder(
    user: &GooseUser,
    method: &GooseMethod,
    path: &str,
) -> Result<reqwest::RequestBuilder, Box<TransactionError>> {
    let builder = user.get_request_builder(method, path)?;
    Ok(match TOKEN.get() {
        Some(token) => builder.bearer_auth(token),
        None => builder,
    })
}

/// The size of each uploaded file: small enough to stay on the request path's fast side, big enough to be a body.
const BODY_BYTES: usize = 1024;

/// The Files API scenario: one upload, head, download and delete cycle per iteration.
pub fn files_api() -> Result<Scenario, GooseError> {
    Ok(scenario!("FilesApi")
        .set_weight(1)?
        .set_wait_time(
            std::time::Duration::from_millis(100),
            std::time::Duration::from_millis(500),
        )?
        .register_transaction(transaction!(list).set_name("list"))
        .register_transaction(transaction!(upload).set_name("upload"))
        .register_transaction(transaction!(head).set_name("head"))
        .register_transaction(transaction!(download).set_name("download"))
        .register_transaction(transaction!(delete).set_name("delete"))
        .register_transaction(
            transaction!(delete_left_over)
                .set_on_stop()
                .set_name("clean up"),
        ))
}

/// The read-heavy scenario: each reader uploads one file when it starts, reads it and `/health` until the end,
/// and deletes it when it stops.
pub fn reads() -> Result<Scenario, GooseError> {
    Ok(scenario!("Reads")
        .set_weight(3)?
        .set_wait_time(
            std::time::Duration::from_millis(10),
            std::time::Duration::from_millis(50),
        )?
        .register_transaction(
            transaction!(upload_own)
                .set_on_start()
                .set_name("upload own"),
        )
        .register_transaction(transaction!(health).set_name("health"))
        .register_transaction(transaction!(read_own).set_name("read own"))
        .register_transaction(
            transaction!(delete_own)
                .set_on_stop()
                .set_name("delete own"),
        ))
}

/// Which file a Files API user is working on (numbered by a counter of its cycles), and whether it still
/// exists: a run can end between the upload and the delete.
#[derive(Clone)]
struct Cycle {
    count: u64,
    uploaded: bool,
}

/// This user's current file in the Files API scenario.
fn cycle_path(user: &GooseUser) -> String {
    let count = user
        .get_session_data::<Cycle>()
        .map_or(0, |cycle| cycle.count);
    format!(
        "v1/files/loadtest/user{}-{count}.bin",
        user.weighted_users_index
    )
}

/// A reader's own file.
fn own_path(user: &GooseUser) -> String {
    format!("v1/files/loadtest/reader{}.bin", user.weighted_users_index)
}

async fn list(user: &mut GooseUser) -> TransactionResult {
    // Through `send`, as every Files API request, so it carries the run's token.
    send(
        user,
        GooseMethod::Get,
        "v1/files?prefix=loadtest/",
        "GET /v1/files?prefix=loadtest/",
    )
    .await
}

async fn upload(user: &mut GooseUser) -> TransactionResult {
    let count = user
        .get_session_data::<Cycle>()
        .map_or(0, |cycle| cycle.count)
        + 1;
    user.set_session_data(Cycle {
        count,
        uploaded: true,
    });
    let path = cycle_path(user);
    put(user, &path, "PUT /v1/files/loadtest/{user}-{n}.bin").await
}

async fn head(user: &mut GooseUser) -> TransactionResult {
    let path = cycle_path(user);
    send(
        user,
        GooseMethod::Head,
        &path,
        "HEAD /v1/files/loadtest/{user}-{n}.bin",
    )
    .await
}

async fn download(user: &mut GooseUser) -> TransactionResult {
    let path = cycle_path(user);
    send(
        user,
        GooseMethod::Get,
        &path,
        "GET /v1/files/loadtest/{user}-{n}.bin",
    )
    .await
}

async fn delete(user: &mut GooseUser) -> TransactionResult {
    let path = cycle_path(user);
    if let Some(cycle) = user.get_session_data_mut::<Cycle>() {
        cycle.uploaded = false;
    }
    send(
        user,
        GooseMethod::Delete,
        &path,
        "DELETE /v1/files/loadtest/{user}-{n}.bin",
    )
    .await
}

/// Deletes the user's file when the run stopped it between upload and delete.
async fn delete_left_over(user: &mut GooseUser) -> TransactionResult {
    if user
        .get_session_data::<Cycle>()
        .is_some_and(|cycle| cycle.uploaded)
    {
        delete(user).await?;
    }
    Ok(())
}

async fn upload_own(user: &mut GooseUser) -> TransactionResult {
    let path = own_path(user);
    put(user, &path, "PUT /v1/files/loadtest/reader{n}.bin").await
}

async fn health(user: &mut GooseUser) -> TransactionResult {
    user.get_named("health", "GET /health").await?;
    Ok(())
}

async fn read_own(user: &mut GooseUser) -> TransactionResult {
    let path = own_path(user);
    send(
        user,
        GooseMethod::Get,
        &path,
        "GET /v1/files/loadtest/reader{n}.bin",
    )
    .await
}

async fn delete_own(user: &mut GooseUser) -> TransactionResult {
    let path = own_path(user);
    send(
        user,
        GooseMethod::Delete,
        &path,
        "DELETE /v1/files/loadtest/reader{n}.bin",
    )
    .await
}

/// Uploads a `BODY_BYTES` body to `path`; `name` groups the request in the metrics.
async fn put(user: &mut GooseUser, path: &str, name: &str) -> TransactionResult {
    let body = vec![b'x'; BODY_BYTES];
    let builder = request_builder(user, &GooseMethod::Put, path)?
        .header("content-type", "application/octet-stream")
        .body(body);
    let request = GooseRequest::builder()
        .method(GooseMethod::Put)
        .path(path)
        .name(name)
        .set_request_builder(builder)
        .build();
    user.request(request).await?;
    Ok(())
}

/// Sends a body-less request; a non-2xx answer counts as a failure in Goose's metrics.
async fn send(
    user: &mut GooseUser,
    method: GooseMethod,
    path: &str,
    name: &str,
) -> TransactionResult {
    let builder = request_builder(user, &method, path)?;
    let request = GooseRequest::builder()
        .method(method)
        .path(path)
        .name(name)
        .set_request_builder(builder)
        .build();
    user.request(request).await?;
    Ok(())
}

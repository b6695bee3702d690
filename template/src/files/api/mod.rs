//! The Files API's routes and their OpenAPI description.

mod dto;
mod extract;
mod file;
mod list;
mod uploads;

use serverless_axum_kit::Access;
use utoipa::openapi::{path::Paths, ComponentsBuilder, OpenApi, OpenApiBuilder, RefOr, Schema};
use utoipa_axum::{router::OpenApiRouter, routes};

pub use extract::LARGE_BODY_HINT;

use super::Files;

/// The OpenAPI path of one file; axum serves it as the catch-all `{*path}`, since a path may contain `/`.
const FILE_PATH: &str = "/v1/files/{path}";

/// The scope of the routes that read files: `GET`/`HEAD /v1/files/{path}`, `GET /v1/files`.
pub const READ_SCOPE: &str = "files:read";
/// The scope of the routes that change files: `PUT`/`DELETE /v1/files/{path}`, `POST /v1/uploads`.
pub const WRITE_SCOPE: &str = "files:write";

/// The routes, in two groups by the scope they need; `access` guards each group and describes its scope.
pub fn router(access: &impl Access) -> OpenApiRouter<Files> {
    let (schemas, paths, file_reads) = routes!(file::get_file);
    let reads = OpenApiRouter::default()
        .routes(routes!(list::list_files))
        .route("/v1/files/{*path}", file_reads)
        .merge(OpenApiRouter::with_openapi(file_spec(paths, schemas)));
    let (schemas, paths, file_writes) = routes!(file::put_file, file::delete_file);
    let writes = OpenApiRouter::default()
        .routes(routes!(uploads::create_upload))
        .route("/v1/files/{*path}", file_writes)
        .merge(OpenApiRouter::with_openapi(file_spec(paths, schemas)));
    access
        .require(READ_SCOPE, reads)
        .merge(access.require(WRITE_SCOPE, writes))
}

/// The description of file routes, which axum serves as the catch-all `{*path}` under the OpenAPI path
/// [`FILE_PATH`].
///
/// `GET` and `HEAD` of a file share one handler, so utoipa gives both operations its name as their id; OpenAPI
/// wants operation ids unique (clients are generated from them), so `HEAD` is renamed here.
fn file_spec(mut paths: Paths, schemas: Vec<(String, RefOr<Schema>)>) -> OpenApi {
    debug_assert!(paths.paths.contains_key(FILE_PATH));
    if let Some(head) = paths
        .paths
        .get_mut(FILE_PATH)
        .and_then(|item| item.head.as_mut())
    {
        head.operation_id = Some("head_file".to_owned());
    }
    OpenApiBuilder::new()
        .paths(paths)
        .components(Some(
            ComponentsBuilder::new().schemas_from_iter(schemas).build(),
        ))
        .build()
}

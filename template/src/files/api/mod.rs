//! The Files API's routes and their OpenAPI description.

mod download_url;
mod dto;
mod extract;
mod file;
mod links;
mod list;
mod schema;
mod uploads;

use serverless_axum_kit::Access;
use utoipa::openapi::{path::Paths, ComponentsBuilder, OpenApi, OpenApiBuilder, RefOr, Schema};
use utoipa_axum::{router::OpenApiRouter, routes};

pub use extract::LARGE_BODY_HINT;

use super::Files;

/// The OpenAPI paths of one file, and axum's routes for them: catch-alls, since a file's path may contain `/`.
const FILE_PATH: (&str, &str) = ("/v1/files/{path}", "/v1/files/{*path}");
const DOWNLOAD_URL_PATH: (&str, &str) = ("/v1/download-urls/{path}", "/v1/download-urls/{*path}");

/// The scope of the routes that read files: `GET`/`HEAD /v1/files/{path}`, `GET /v1/files`.
pub const READ_SCOPE: &str = "files:read";
/// The scope of the routes that change files: `PUT`/`DELETE /v1/files/{path}`, `POST /v1/uploads`.
pub const WRITE_SCOPE: &str = "files:write";

/// The routes, in two groups by the scope they need; `access` guards each group and describes its scope.
pub fn router(access: &impl Access) -> OpenApiRouter<Files> {
    let (schemas, paths, file_reads) = routes!(file::get_file);
    let (url_schemas, url_paths, download_urls) = routes!(download_url::get_download_url);
    let reads = OpenApiRouter::default()
        .merge(OpenApiRouter::with_openapi(spec_of(
            Paths::new(),
            schema::parameter_schemas(),
        )))
        .routes(routes!(list::list_files))
        .route(FILE_PATH.1, file_reads)
        .merge(OpenApiRouter::with_openapi(file_spec(paths, schemas)))
        .route(DOWNLOAD_URL_PATH.1, download_urls)
        .merge(OpenApiRouter::with_openapi(spec_of(url_paths, url_schemas)));
    let (schemas, paths, file_writes) = routes!(file::put_file, file::delete_file);
    let writes = OpenApiRouter::default()
        .routes(routes!(uploads::create_upload))
        .route(FILE_PATH.1, file_writes)
        .merge(OpenApiRouter::with_openapi(file_spec(paths, schemas)));
    access
        .require(READ_SCOPE, reads)
        .merge(access.require(WRITE_SCOPE, writes))
}

/// Adds the links between the Files API's operations to a service's finished description (`links.rs`).
pub fn describe_links(spec: &mut OpenApi) {
    links::describe(spec);
}

/// The description of file routes, which axum serves as the catch-all `{*path}` under the OpenAPI path
/// [`FILE_PATH`].
///
/// `GET` and `HEAD` of a file share one handler, so utoipa gives both operations its name as their id; OpenAPI
/// wants operation ids unique (clients are generated from them), so `HEAD` is renamed here.
fn file_spec(mut paths: Paths, schemas: Vec<(String, RefOr<Schema>)>) -> OpenApi {
    debug_assert!(paths.paths.contains_key(FILE_PATH.0));
    if let Some(head) = paths
        .paths
        .get_mut(FILE_PATH.0)
        .and_then(|item| item.head.as_mut())
    {
        head.operation_id = Some("head_file".to_owned());
    }
    spec_of(paths, schemas)
}

/// The description of routes added with `route` rather than `routes!` (the catch-alls).
fn spec_of(paths: Paths, schemas: Vec<(String, RefOr<Schema>)>) -> OpenApi {
    OpenApiBuilder::new()
        .paths(paths)
        .components(Some(
            ComponentsBuilder::new().schemas_from_iter(schemas).build(),
        ))
        .build()
}

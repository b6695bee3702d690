//! The Files API's routes and their OpenAPI description.

mod dto;
mod extract;
mod file;
mod list;
mod uploads;

use utoipa::openapi::{ComponentsBuilder, OpenApiBuilder};
use utoipa_axum::{router::OpenApiRouter, routes};

pub use extract::LARGE_BODY_HINT;

use super::Files;

/// The OpenAPI path of one file; axum serves it as the catch-all `{*path}`, since a path may contain `/`.
const FILE_PATH: &str = "/v1/files/{path}";

pub fn router() -> OpenApiRouter<Files> {
    let (schemas, paths, file_routes) = routes!(file::put_file, file::get_file, file::delete_file);
    debug_assert!(paths.paths.contains_key(FILE_PATH));
    let file_spec = OpenApiBuilder::new()
        .paths(paths)
        .components(Some(
            ComponentsBuilder::new().schemas_from_iter(schemas).build(),
        ))
        .build();
    OpenApiRouter::default()
        .routes(routes!(list::list_files))
        .routes(routes!(uploads::create_upload))
        .route("/v1/files/{*path}", file_routes)
        .merge(OpenApiRouter::with_openapi(file_spec))
}

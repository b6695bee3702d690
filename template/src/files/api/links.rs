//! Links between the Files API's operations (OpenAPI `links`): where the value one answer returns is a parameter
//! of the next call. Clients read them as documentation; stateful testers (the contract test) follow them to
//! chain calls: put a file, then read, replace and delete it by the path and ETag the answer gave.

use utoipa::openapi::{
    link::{Link, LinkBuilder},
    path::Operation,
    OpenApi, RefOr,
};

use super::FILE_PATH;

/// `(operation id, [(parameter, runtime expression)])` of one link.
type To = (&'static str, &'static [(&'static str, &'static str)]);

/// The path of a file an answer describes, and its ETag.
const BY_PATH: &[(&str, &str)] = &[("path", "$response.body#/path")];
const BY_PATH_AND_ETAG: &[(&str, &str)] = &[
    ("path", "$response.body#/path"),
    ("header.If-Match", "$response.header.ETag"),
];

/// Adds the links to `spec` (a description that has the Files API's operations).
pub fn describe(spec: &mut OpenApi) {
    let stored: &[To] = &[
        ("get_file", BY_PATH),
        ("head_file", BY_PATH),
        ("get_download_url", BY_PATH),
        ("put_file", BY_PATH_AND_ETAG),
        ("delete_file", BY_PATH_AND_ETAG),
    ];
    let paths = &mut spec.paths.paths;
    if let Some(put) = paths
        .get_mut(FILE_PATH.0)
        .and_then(|item| item.put.as_mut())
    {
        add(put, "201", stored);
        add(put, "200", stored);
    }
    if let Some(list) = paths
        .get_mut("/v1/files")
        .and_then(|item| item.get.as_mut())
    {
        add(
            list,
            "200",
            &[
                ("get_file", &[("path", "$response.body#/items/0/path")]),
                (
                    "list_files",
                    &[("query.cursor", "$response.body#/next_cursor")],
                ),
            ],
        );
    }
    if let Some(upload) = paths
        .get_mut("/v1/uploads")
        .and_then(|item| item.post.as_mut())
    {
        add(
            upload,
            "200",
            &[("put_file", &[("path", "$request.body#/path")])],
        );
    }
}

/// Adds a link to each of `targets` to the `status` answer of `operation`, named after the target.
fn add(operation: &mut Operation, status: &str, targets: &[To]) {
    let Some(RefOr::T(response)) = operation.responses.responses.get_mut(status) else {
        return;
    };
    for (operation_id, parameters) in targets {
        response.links.insert(
            (*operation_id).to_owned(),
            RefOr::T(link(operation_id, parameters)),
        );
    }
}

fn link(operation_id: &str, parameters: &[(&str, &str)]) -> Link {
    parameters
        .iter()
        .fold(
            LinkBuilder::new().operation_id(operation_id),
            |link, (name, value)| link.parameter(*name, *value),
        )
        .build()
}

//! The schemas of the rules the Files API checks by hand, for its OpenAPI description: each is built from the
//! constant its parser is tested against (`path.rs`, `conditions.rs`), so the description says what the server
//! enforces.

use utoipa::{
    openapi::{
        schema::{ObjectBuilder, Type},
        RefOr, Schema,
    },
    PartialSchema, ToSchema,
};

use super::extract::{CONTENT_TYPE_PATTERN, MAX_CONTENT_TYPE_BYTES};
use crate::files::{
    conditions,
    path::{self, FilePath, MAX_PATH_BYTES},
};

fn string(pattern: &str, min_length: Option<usize>, description: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(min_length)
        .max_length(Some(MAX_PATH_BYTES))
        .pattern(Some(pattern))
        .description(Some(description))
        .into()
}

impl PartialSchema for FilePath {
    fn schema() -> RefOr<Schema> {
        string(
            path::PATTERN,
            Some(1),
            "A file's path: segments separated by `/`, none empty, `.` or `..`; no backslash or control character; \
             at most 1024 bytes of UTF-8.",
        )
    }
}

impl ToSchema for FilePath {}

/// A listing's `prefix`: any start of a path.
pub struct FilePrefix;

impl PartialSchema for FilePrefix {
    fn schema() -> RefOr<Schema> {
        string(
            path::PREFIX_PATTERN,
            None,
            "The start of a path (any string, not only whole segments): no backslash or control character; at \
             most 1024 bytes of UTF-8.",
        )
    }
}

impl ToSchema for FilePrefix {}

/// The value of a conditional request header, with `pattern` the grammar its parser accepts.
fn condition(pattern: &str, example: &str, description: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(pattern))
        .examples([example])
        .description(Some(description))
        .into()
}

/// `If-None-Match` on a read: `*` or a list of entity tags.
pub struct EntityTagList;

impl PartialSchema for EntityTagList {
    fn schema() -> RefOr<Schema> {
        condition(
            conditions::TAG_LIST_PATTERN,
            r#""9b2cf535f27731c974343645a3985328", W/"v2""#,
            "`*`, or a comma-separated list of entity tags such as `\"abc\"` or `W/\"abc\"`.",
        )
    }
}

impl ToSchema for EntityTagList {}

/// `If-Match` on a write: one entity tag.
pub struct EntityTag;

impl PartialSchema for EntityTag {
    fn schema() -> RefOr<Schema> {
        condition(
            conditions::ONE_TAG_PATTERN,
            r#""9b2cf535f27731c974343645a3985328""#,
            "One entity tag, such as `\"abc\"` (a weak tag, `W/\"abc\"`, never matches: 412).",
        )
    }
}

impl ToSchema for EntityTag {}

/// `If-None-Match` on a write: `*` only.
pub struct AnyTag;

impl PartialSchema for AnyTag {
    fn schema() -> RefOr<Schema> {
        condition(conditions::ANY_PATTERN, "*", "`*`: only if no file exists.")
    }
}

impl ToSchema for AnyTag {}

/// A media type a file is stored with.
pub struct ContentType;

impl PartialSchema for ContentType {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .max_length(Some(MAX_CONTENT_TYPE_BYTES))
            .pattern(Some(CONTENT_TYPE_PATTERN))
            .description(Some(
                "A media type: 1 to 255 visible ASCII characters and spaces, not only spaces.",
            ))
            .into()
    }
}

impl ToSchema for ContentType {}

/// The schemas above that only parameters use by reference (utoipa registers the schemas of bodies by itself;
/// the headers' are written inline, where testers read them most reliably).
pub fn parameter_schemas() -> Vec<(String, RefOr<Schema>)> {
    fn named<T: ToSchema>() -> (String, RefOr<Schema>) {
        (T::name().into_owned(), T::schema())
    }
    vec![named::<FilePath>(), named::<FilePrefix>()]
}

//! Who may call a group of routes. A service declares each group's scope once, where it registers the routes:
//!
//! ```ignore
//! access.require("files:read", OpenApiRouter::new().routes(routes!(list_files)))
//! ```
//!
//! The same declaration both guards the routes and writes the requirement into their OpenAPI operations, so the
//! description can never disagree with what the server enforces. [`Public`] guards nothing (services generated
//! with `auth=none`); the `auth` feature's [`crate::auth::Auth`] checks bearer tokens.

use utoipa::openapi::{
    path::{Operation, PathItem},
    security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme},
    Components, OpenApi, RefOr,
};
use utoipa_axum::router::OpenApiRouter;

/// Name of the security scheme in `components.securitySchemes`: an HTTP bearer token (a JWT).
pub const SECURITY_SCHEME: &str = "bearer";

/// Guards a group of routes with a scope.
pub trait Access {
    /// `routes`, callable only with `scope` (and described so in their OpenAPI operations).
    fn require<S>(&self, scope: &'static str, routes: OpenApiRouter<S>) -> OpenApiRouter<S>
    where
        S: Clone + Send + Sync + 'static;

    /// `routes`, callable with any valid token, whatever its scopes.
    fn authenticated<S>(&self, routes: OpenApiRouter<S>) -> OpenApiRouter<S>
    where
        S: Clone + Send + Sync + 'static;
}

/// No authentication: every route is public, and the OpenAPI description says nothing about security.
#[derive(Debug, Clone, Copy, Default)]
pub struct Public;

impl Access for Public {
    fn require<S>(&self, _scope: &'static str, routes: OpenApiRouter<S>) -> OpenApiRouter<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        routes
    }

    fn authenticated<S>(&self, routes: OpenApiRouter<S>) -> OpenApiRouter<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        routes
    }
}

/// Marks every operation of `spec` as needing a token with `scope` (any token: `None`) under
/// [`SECURITY_SCHEME`], and describes the scheme: a JWT bearer token (the docs page then asks for one and sends it).
pub fn describe_requirement(spec: &mut OpenApi, scope: Option<&str>) {
    spec.components
        .get_or_insert_with(Components::default)
        .security_schemes
        .entry(SECURITY_SCHEME.to_owned())
        .or_insert_with(|| {
            RefOr::T(SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "An OAuth 2 access token (a JWT) from the service's issuer; each operation lists the scopes it needs.",
                    ))
                    .build(),
            ))
        });
    for item in spec.paths.paths.values_mut() {
        for operation in operations_mut(item) {
            operation.security = Some(vec![SecurityRequirement::new(SECURITY_SCHEME, scope)]);
        }
    }
}

fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
    ]
    .into_iter()
    .filter_map(Option::as_mut)
}

#[cfg(test)]
mod tests {
    use axum::Json;
    use utoipa_axum::routes;

    use super::*;

    #[utoipa::path(get, path = "/things", responses((status = 200, description = "Things")))]
    async fn list_things() -> Json<Vec<String>> {
        Json(Vec::new())
    }

    #[utoipa::path(post, path = "/things", responses((status = 201, description = "Made")))]
    async fn make_thing() -> Json<String> {
        Json(String::new())
    }

    #[test]
    fn public_routes_carry_no_requirement() {
        let routes = Public.require::<()>(
            "things:read",
            OpenApiRouter::new().routes(routes!(list_things)),
        );
        let spec = routes.into_openapi();
        let operation = spec.paths.paths["/things"].get.as_ref();
        assert!(operation.is_some_and(|operation| operation.security.is_none()));
    }

    #[test]
    fn a_requirement_covers_every_operation_of_the_group_only() {
        let mut reads = OpenApiRouter::<()>::new().routes(routes!(list_things));
        describe_requirement(reads.get_openapi_mut(), Some("things:read"));
        let mut writes = OpenApiRouter::<()>::new().routes(routes!(make_thing));
        describe_requirement(writes.get_openapi_mut(), Some("things:write"));

        let spec = reads.merge(writes).into_openapi();
        let item = &spec.paths.paths["/things"];
        let scopes = |operation: &Option<Operation>| {
            serde_json::to_value(operation.as_ref().and_then(|o| o.security.clone()))
                .unwrap_or_default()
        };
        assert_eq!(
            scopes(&item.get),
            serde_json::json!([{ "bearer": ["things:read"] }])
        );
        assert_eq!(
            scopes(&item.post),
            serde_json::json!([{ "bearer": ["things:write"] }])
        );
    }
}

//! What the kit does around every handler, written into a service's finished OpenAPI description by
//! [`complete_description`], so the description lists every status an operation can return, every header the kit
//! sets, and parameters as they travel (property-based testers hold the server to all of it).
//!
//! A handler describes what it decides (its 2xx, its 404, a 412 from a store); the kit adds what it decides
//! around it, from the operation's own shape:
//!
//! | status | when | decided by |
//! | --- | --- | --- |
//! | 400 | the operation takes parameters or a body | axum's extractors (path, query, JSON syntax) |
//! | 401, 503 | the operation has a security requirement | the kit's `auth` (no or a bad token; issuer unreachable) |
//! | 403 | … and the requirement names scopes | the kit's `auth` (a scope missing) |
//! | 413 | the operation takes a body | the body limit (`MAX_BODY_BYTES`) |
//! | 415, 422 | the body is JSON | axum's `Json` (no JSON content type; JSON of the wrong shape) |
//! | 429 | always | deployed, API Gateway's stage throttle (its gateway response is the same problem+json) |
//! | 500 | always | a panic or an unexpected failure |
//! | 504 | always | the request timeout (`REQUEST_TIMEOUT_SECS`) |
//!
//! Every response, the handlers' included, gets the request id header; every 429 and 503 `Retry-After`; every 401
//! `WWW-Authenticate`. `HEAD` responses lose their bodies (a `HEAD` answer never has one, whatever `GET` sends).
//! A status the handler already describes is left as the handler wrote it, apart from those headers.
//!
//! Parameters lose `null` from their schemas: utoipa writes an optional parameter (`Option<T>`) as nullable,
//! but a query, path or header value is a string or absent, never JSON `null`; `required: false` already says
//! it may be left out (a tester would otherwise send the text `null`).

use std::collections::BTreeMap;

use utoipa::{
    openapi::{
        header::{Header, HeaderBuilder},
        path::{HttpMethod, Operation},
        schema::{ObjectBuilder, OneOf, Schema, SchemaType, Type},
        Components, ContentBuilder, OpenApi, Ref, RefOr, Response, ResponseBuilder,
    },
    PartialSchema, ToSchema,
};

use crate::{
    problem::{Problem, PROBLEM_JSON},
    request_id::REQUEST_ID_HEADER,
};

/// One refusal the kit can answer: its status, its name under `components.responses`, what it means.
struct Refusal {
    status: u16,
    name: &'static str,
    description: &'static str,
}

const BAD_REQUEST: Refusal = Refusal {
    status: 400,
    name: "BadRequest",
    description: "A parameter or the body breaks a rule; `detail` names it",
};
const UNAUTHORIZED: Refusal = Refusal {
    status: 401,
    name: "Unauthorized",
    description: "No bearer token, or one that is not valid (expired, wrong issuer or audience, bad signature)",
};
const FORBIDDEN: Refusal = Refusal {
    status: 403,
    name: "Forbidden",
    description: "The token lacks a scope this operation needs",
};
const PAYLOAD_TOO_LARGE: Refusal = Refusal {
    status: 413,
    name: "PayloadTooLarge",
    description: "The body is larger than the service accepts (MAX_BODY_BYTES)",
};
const UNSUPPORTED_MEDIA_TYPE: Refusal = Refusal {
    status: 415,
    name: "UnsupportedMediaType",
    description: "The body is not sent as `Content-Type: application/json`",
};
const UNPROCESSABLE_CONTENT: Refusal = Refusal {
    status: 422,
    name: "UnprocessableContent",
    description: "The body is JSON, but not of the shape this operation takes",
};
const TOO_MANY_REQUESTS: Refusal = Refusal {
    status: 429,
    name: "TooManyRequests",
    description: "More requests than the API takes at once (deployed: API Gateway's stage throttle); retry after `Retry-After` seconds",
};
const INTERNAL: Refusal = Refusal {
    status: 500,
    name: "InternalError",
    description: "An unexpected failure; the request id identifies it in the service's logs",
};
const UNAVAILABLE: Refusal = Refusal {
    status: 503,
    name: "ServiceUnavailable",
    description: "A service this one depends on is unavailable; retry after `Retry-After` seconds",
};
const TIMEOUT: Refusal = Refusal {
    status: 504,
    name: "Timeout",
    description: "The request took longer than the service allows (REQUEST_TIMEOUT_SECS)",
};

/// Adds the kit's refusals and headers to every operation of `spec` and takes `null` out of its parameters (see
/// the module's documentation). Call it once, on the finished description, before serving it.
pub fn complete_description(spec: &mut OpenApi) {
    let mut used = Vec::new();
    for item in spec.paths.paths.values_mut() {
        for (method, operation) in operations_mut(item) {
            for parameter in operation.parameters.iter_mut().flatten() {
                let RefOr::T(parameter) = parameter else {
                    continue;
                };
                if let Some(schema) = parameter.schema.take() {
                    parameter.schema = Some(without_null(schema));
                }
            }
            for refusal in refusals_of(operation) {
                let status = refusal.status.to_string();
                if operation.responses.responses.contains_key(&status) {
                    continue;
                }
                // `HEAD` answers have no body: its refusals are written out (and emptied below), not shared.
                let response = if method == HttpMethod::Head {
                    RefOr::T(refusal_response(&refusal))
                } else {
                    RefOr::Ref(Ref::from_response_name(refusal.name))
                };
                operation.responses.responses.insert(status, response);
                if method != HttpMethod::Head {
                    used.push(refusal);
                }
            }
            for (status, response) in operation.responses.responses.iter_mut() {
                if let RefOr::T(response) = response {
                    add_headers(status, response);
                    if method == HttpMethod::Head {
                        response.content.clear();
                    }
                }
            }
        }
    }
    let components = spec.components.get_or_insert_with(Components::default);
    components
        .schemas
        .entry(Problem::name().into_owned())
        .or_insert_with(Problem::schema);
    for refusal in used {
        components
            .responses
            .entry(refusal.name.to_owned())
            .or_insert_with(|| RefOr::T(refusal_response(&refusal)));
    }
}

/// `schema` without its `null` alternative: `T` for utoipa's `oneOf: [T, {type: null}]`, `string` for
/// `type: [string, null]`.
fn without_null(schema: RefOr<Schema>) -> RefOr<Schema> {
    let RefOr::T(schema) = schema else {
        return schema;
    };
    match schema {
        Schema::OneOf(one_of) => {
            let mut rest: Vec<RefOr<Schema>> = one_of
                .items
                .into_iter()
                .filter(|item| !is_null(item))
                .collect();
            if rest.len() == 1 {
                rest.remove(0)
            } else {
                let mut one_of = OneOf::new();
                one_of.items = rest;
                RefOr::T(Schema::OneOf(one_of))
            }
        }
        Schema::Object(mut object) => {
            if let SchemaType::Array(types) = &object.schema_type {
                let rest: Vec<Type> = types
                    .iter()
                    .filter(|t| **t != Type::Null)
                    .cloned()
                    .collect();
                object.schema_type = match rest.as_slice() {
                    [one] => SchemaType::Type(one.clone()),
                    _ => SchemaType::Array(rest),
                };
            }
            RefOr::T(Schema::Object(object))
        }
        other => RefOr::T(other),
    }
}

fn is_null(schema: &RefOr<Schema>) -> bool {
    matches!(schema, RefOr::T(Schema::Object(object))
        if matches!(&object.schema_type, SchemaType::Type(Type::Null)))
}

/// The refusals `operation` can meet, by its shape.
fn refusals_of(operation: &Operation) -> Vec<Refusal> {
    let has_parameters = operation
        .parameters
        .as_ref()
        .is_some_and(|parameters| !parameters.is_empty());
    let body = operation.request_body.as_ref();
    let json_body = body.is_some_and(|body| match body {
        RefOr::T(body) => body.content.contains_key("application/json"),
        RefOr::Ref(_) => false,
    });
    let security = operation.security.as_deref().unwrap_or_default();
    let scoped = serde_json::to_value(security)
        .ok()
        .and_then(|value| value.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(serde_json::Value::as_object)
        .flat_map(|requirement| requirement.values())
        .any(|scopes| scopes.as_array().is_some_and(|scopes| !scopes.is_empty()));

    let mut refusals = Vec::new();
    if has_parameters || body.is_some() {
        refusals.push(BAD_REQUEST);
    }
    if !security.is_empty() {
        refusals.push(UNAUTHORIZED);
        if scoped {
            refusals.push(FORBIDDEN);
        }
        refusals.push(UNAVAILABLE);
    }
    if body.is_some() {
        refusals.push(PAYLOAD_TOO_LARGE);
    }
    if json_body {
        refusals.push(UNSUPPORTED_MEDIA_TYPE);
        refusals.push(UNPROCESSABLE_CONTENT);
    }
    refusals.push(TOO_MANY_REQUESTS);
    refusals.push(INTERNAL);
    refusals.push(TIMEOUT);
    refusals
}

/// The response a refusal gets under `components.responses`: problem+json, with its headers.
fn refusal_response(refusal: &Refusal) -> Response {
    let mut response = ResponseBuilder::new()
        .description(refusal.description)
        .content(
            PROBLEM_JSON,
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name(Problem::name())))
                .build(),
        )
        .build();
    add_headers(&refusal.status.to_string(), &mut response);
    response
}

/// The headers the kit sets on a response with `status`.
fn add_headers(status: &str, response: &mut Response) {
    let headers: &mut BTreeMap<String, RefOr<Header>> = &mut response.headers;
    headers
        .entry(REQUEST_ID_HEADER.as_str().to_owned())
        .or_insert_with(|| {
            header(
                "The request's id: the caller's own `x-request-id` when it sent a sane one, else a new UUID. Logs, traces and problem bodies carry it.",
            )
        });
    match status {
        "503" | "429" => {
            headers.entry("retry-after".to_owned()).or_insert_with(|| {
                RefOr::T(
                    HeaderBuilder::new()
                        .schema(Some(
                            ObjectBuilder::new()
                                .schema_type(Type::Integer)
                                .minimum(Some(0)),
                        ))
                        .description(Some("Seconds to wait before trying again."))
                        .build(),
                )
            });
        }
        "401" => {
            headers.entry("www-authenticate".to_owned()).or_insert_with(|| {
                header("The bearer challenge (RFC 6750), with `error` and `error_description` when a token was sent.")
            });
        }
        _ => {}
    }
}

fn header(description: &str) -> RefOr<Header> {
    RefOr::T(
        HeaderBuilder::new()
            .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
            .description(Some(description))
            .build(),
    )
}

fn operations_mut(
    item: &mut utoipa::openapi::PathItem,
) -> impl Iterator<Item = (HttpMethod, &mut Operation)> {
    [
        (HttpMethod::Get, &mut item.get),
        (HttpMethod::Put, &mut item.put),
        (HttpMethod::Post, &mut item.post),
        (HttpMethod::Delete, &mut item.delete),
        (HttpMethod::Options, &mut item.options),
        (HttpMethod::Head, &mut item.head),
        (HttpMethod::Patch, &mut item.patch),
        (HttpMethod::Trace, &mut item.trace),
    ]
    .into_iter()
    .filter_map(|(method, operation)| operation.as_mut().map(|operation| (method, operation)))
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};
    use utoipa_axum::{router::OpenApiRouter, routes};

    use super::*;
    use crate::access::describe_requirement;

    #[derive(serde::Deserialize, utoipa::ToSchema)]
    struct Thing {
        #[allow(dead_code)]
        name: String,
    }

    #[utoipa::path(get, path = "/plain", responses((status = 200, description = "Plain")))]
    async fn plain() {}

    #[utoipa::path(
        post,
        path = "/things",
        request_body = Thing,
        responses(
            (status = 201, description = "Made"),
            (status = 503, description = "The store is down", body = Problem, content_type = "application/problem+json"),
        )
    )]
    async fn make_thing(_: axum::Json<Thing>) {}

    #[utoipa::path(
        method(get, head),
        path = "/things/{id}",
        params(("id" = String, Path)),
        responses((status = 200, description = "The thing", body = String))
    )]
    async fn get_thing() {}

    fn described(scope: Option<&str>) -> Value {
        let mut router = OpenApiRouter::<()>::new()
            .routes(routes!(plain))
            .routes(routes!(make_thing))
            .routes(routes!(get_thing));
        if scope.is_some() {
            describe_requirement(router.get_openapi_mut(), scope);
        }
        let mut spec = router.into_openapi();
        complete_description(&mut spec);
        serde_json::to_value(&spec).expect("a spec serializes")
    }

    fn statuses(spec: &Value, path: &str, method: &str) -> Vec<String> {
        spec["paths"][path][method]["responses"]
            .as_object()
            .map(|responses| responses.keys().cloned().collect())
            .unwrap_or_default()
    }

    #[test]
    fn each_operation_gets_the_refusals_its_shape_allows() {
        let spec = described(None);
        assert_eq!(
            statuses(&spec, "/plain", "get"),
            ["200", "429", "500", "504"]
        );
        assert_eq!(
            statuses(&spec, "/things", "post"),
            ["201", "400", "413", "415", "422", "429", "500", "503", "504"]
        );
        assert_eq!(
            statuses(&spec, "/things/{id}", "get"),
            ["200", "400", "429", "500", "504"]
        );
    }

    #[test]
    fn guarded_operations_add_401_403_and_503() {
        let spec = described(Some("things:read"));
        assert_eq!(
            statuses(&spec, "/plain", "get"),
            ["200", "401", "403", "429", "500", "503", "504"]
        );
        let any_token = described(None);
        assert!(!statuses(&any_token, "/plain", "get").contains(&"401".to_owned()));
    }

    #[test]
    fn a_handlers_own_description_of_a_status_is_kept_and_gets_the_headers() {
        let spec = described(None);
        let own = &spec["paths"]["/things"]["post"]["responses"]["503"];
        assert_eq!(own["description"], "The store is down");
        assert!(own["headers"]["retry-after"].is_object());
        assert!(own["headers"]["x-request-id"].is_object());
    }

    #[test]
    fn refusals_are_shared_problem_json_responses() {
        let spec = described(Some("things:read"));
        assert_eq!(
            spec["paths"]["/things"]["post"]["responses"]["415"],
            json!({"$ref": "#/components/responses/UnsupportedMediaType"})
        );
        let unauthorized = &spec["components"]["responses"]["Unauthorized"];
        assert_eq!(
            unauthorized["content"]["application/problem+json"]["schema"],
            json!({"$ref": "#/components/schemas/Problem"})
        );
        assert!(unauthorized["headers"]["www-authenticate"].is_object());
        assert!(spec["components"]["schemas"]["Problem"].is_object());
    }

    #[test]
    fn optional_parameters_are_absent_or_a_value_never_null() {
        #[utoipa::path(
            get,
            path = "/search",
            params(("q" = Option<String>, Query), ("If-Match" = Option<Thing>, Header)),
            responses((status = 200, description = "Found"))
        )]
        async fn search() {}

        let mut spec = OpenApiRouter::<()>::new()
            .routes(routes!(search))
            .into_openapi();
        complete_description(&mut spec);
        let spec = serde_json::to_value(&spec).expect("serializes");
        let parameters = &spec["paths"]["/search"]["get"]["parameters"];
        assert_eq!(parameters[0]["schema"], json!({"type": "string"}));
        assert_eq!(
            parameters[1]["schema"],
            json!({"$ref": "#/components/schemas/Thing"})
        );
        assert_eq!(parameters[0]["required"], json!(false));
    }

    #[test]
    fn head_answers_have_no_body() {
        let spec = described(None);
        for status in ["200", "400", "500"] {
            let head = &spec["paths"]["/things/{id}"]["head"]["responses"][status];
            assert!(head["description"].is_string(), "{status}: {head}");
            assert!(head.get("content").is_none(), "{status}: {head}");
        }
        let get = &spec["paths"]["/things/{id}"]["get"]["responses"]["200"];
        assert!(get["content"].is_object());
    }
}

//! Lambda events as API Gateway, an Application Load Balancer and a Function URL send them, for `lambda_http`
//! to parse in tests. Each asks for a platform route (`/health`, `/openapi.json`, `/docs`) or a missing one.

/// REST API (v1) on stage `prod`: `GET /prod/openapi.json`.
pub const REST_V1_PROD_OPENAPI: &str = include_str!("../events/rest-v1-prod-openapi.json");
/// REST API (v1) on stage `prod`: `GET /prod/docs`.
pub const REST_V1_PROD_DOCS: &str = include_str!("../events/rest-v1-prod-docs.json");
/// REST API (v1) on stage `v2`: a resource path that merely starts like the stage (`/v2-missing`).
pub const REST_V1_STAGE_V2_MISSING: &str = include_str!("../events/rest-v1-stage-v2-missing.json");
/// HTTP API (v2) on the `$default` stage: `GET /health`.
pub const HTTP_V2_DEFAULT_HEALTH: &str = include_str!("../events/http-v2-default-health.json");
/// HTTP API (v2) on stage `staging`: `GET /staging/openapi.json`.
pub const HTTP_V2_STAGING_OPENAPI: &str = include_str!("../events/http-v2-staging-openapi.json");
/// Application Load Balancer: `GET /health`.
pub const ALB_HEALTH: &str = include_str!("../events/alb-health.json");
/// Function URL: `GET /health`.
pub const FUNCTION_URL_HEALTH: &str = include_str!("../events/function-url-health.json");

/// `event` (any of the API Gateway, ALB or Function URL shapes) with `Authorization: Bearer <token>` added, as
/// the client sent it.
pub fn with_bearer(event: &str, token: &str) -> String {
    let mut event: serde_json::Value = serde_json::from_str(event).expect("an event is JSON");
    let value = format!("Bearer {token}");
    if let Some(headers) = event
        .get_mut("headers")
        .and_then(serde_json::Value::as_object_mut)
    {
        headers.insert("Authorization".to_owned(), value.clone().into());
    } else {
        event["headers"] = serde_json::json!({ "Authorization": value });
    }
    if let Some(headers) = event
        .get_mut("multiValueHeaders")
        .and_then(serde_json::Value::as_object_mut)
    {
        headers.insert("Authorization".to_owned(), serde_json::json!([value]));
    }
    event.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bearer_token_lands_in_both_header_maps_of_a_rest_event() {
        let event: serde_json::Value =
            serde_json::from_str(&with_bearer(REST_V1_PROD_OPENAPI, "t0k")).expect("JSON");
        assert_eq!(event["headers"]["Authorization"], "Bearer t0k");
        assert_eq!(event["multiValueHeaders"]["Authorization"][0], "Bearer t0k");
        let http: serde_json::Value =
            serde_json::from_str(&with_bearer(HTTP_V2_DEFAULT_HEALTH, "t0k")).expect("JSON");
        assert_eq!(http["headers"]["Authorization"], "Bearer t0k");
    }
}

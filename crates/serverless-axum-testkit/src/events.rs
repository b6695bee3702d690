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

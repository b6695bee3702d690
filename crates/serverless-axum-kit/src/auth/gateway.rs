//! Claims API Gateway's authorizer already verified (signature, expiry, scopes of the method), read from the
//! Lambda event's request context: REST APIs' Cognito authorizer (`requestContext.authorizer.claims`) and HTTP
//! APIs' JWT authorizer (`requestContext.authorizer.jwt`). Only API Gateway can put them there (the function's
//! resource policy lets nothing else invoke it), so the service checks again what it relies on, issuer, audience
//! and scopes, without fetching the issuer's keys on a cold start.
//! `exp` is not re-checked: the gateway checked it a moment ago, and REST APIs pass it as a formatted date.

use axum::http::request::Parts;
use lambda_http::request::RequestContext;
use serde_json::{Map, Value};

/// The authorizer's claims, when the request came through API Gateway with one.
pub(crate) fn authorizer_claims(parts: &Parts) -> Option<Map<String, Value>> {
    match parts.extensions.get::<RequestContext>()? {
        RequestContext::ApiGatewayV1(context) => context
            .authorizer
            .fields
            .get("claims")
            .and_then(Value::as_object)
            .cloned(),
        RequestContext::ApiGatewayV2(context) => {
            let jwt = context.authorizer.as_ref()?.jwt.as_ref()?;
            let mut claims: Map<String, Value> = jwt
                .claims
                .iter()
                .map(|(name, value)| (name.clone(), Value::String(value.clone())))
                .collect();
            if let Some(scopes) = &jwt.scopes {
                claims
                    .entry("scope")
                    .or_insert_with(|| Value::String(scopes.join(" ")));
            }
            Some(claims)
        }
        _ => None,
    }
}

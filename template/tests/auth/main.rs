//! Authentication as the service wires it (generated with `auth=jwt`): every route the OpenAPI description
//! guards refuses what it should, API Gateway's authorizer claims are honoured, the dev issuer works on a laptop
//! and nowhere else, tokens stay out of the logs, and the CDK app's `auth` settings agree with the description.
//! The token checks themselves (every bad token, key rotation, an issuer that is down) are the kit's, tested
//! there.

mod binary;
mod contract;
mod gateway;
mod routes;
mod support;

//! Black-box smoke tests of a running copy of the service, at `BASE_URL` (a deployed API such as
//! `https://<id>.execute-api.<region>.amazonaws.com/prod/`, or a local server such as `http://127.0.0.1:3000`).
//!
//! They are ignored by default, so `cargo nextest run` stays offline. deploy.yml and preview.yml run them after
//! every deploy:
//!
//! ```sh
//! BASE_URL=http://127.0.0.1:3000 cargo nextest run --test smoke --run-ignored only
//! ```
//!
//! The API is called through the service's typed client (`service_client`, generated from openapi.json by
//! client/), so a change to the description that drops or reshapes what these tests use fails their build.
//! Plain HTTP is kept for what the description does not cover: the docs page, an unknown route.
//!
//! They only read, except the Files round trip, which writes and deletes one file under a fresh `smoke/<uuid>/`
//! prefix. Guarded operations get a bearer token: `SMOKE_TOKEN` as given (locally: the binary's `dev-token`), or
//! one fetched with the OAuth 2 client-credentials grant from `SMOKE_TOKEN_URL` with `SMOKE_CLIENT_ID` and
//! `SMOKE_CLIENT_SECRET` (deploy.yml and preview.yml read them from the stack's user pool).

{% if auth == "jwt" %}mod auth;
{% endif %}{% if example_api %}mod files;
{% endif %}mod service;
mod support;

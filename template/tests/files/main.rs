//! The example Files API, tested black-box: one behavioural suite run against both stores (a local directory
//! and S3 on a moto server), what is particular to each store, the routes as mounted in the service, and a
//! binary file through Lambda.

mod app;
mod lambda;
mod local_store;
mod s3_store;
mod suite;
mod support;
mod traces;

//! `status`, `verify`, `record-deploy` and `check-monitoring` as engineers and deploy.yml run them: the binary, with
//! the AWS SDK's standard settings pointed at a moto server on 127.0.0.1 (`AWS_ENDPOINT_URL`), against a service
//! environment the tests deploy there (a CloudFormation stack with the function and its version, the `live` alias,
//! the template's alarms). Each test process has its own moto server.
//!
//! moto lacks percentile statistics in GetMetricData (it answers 500): the latency signals are tested on the
//! in-memory account (src/operate/status/tests.rs) and by the shape of their request (src/operate/aws/cloudwatch.rs).

mod check_monitoring;
mod generated;
mod record_deploy;
mod rollback;
mod status;
mod support;
mod verify;

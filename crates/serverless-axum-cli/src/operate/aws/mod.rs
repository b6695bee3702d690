//! [`Monitoring`](super::cloud::Monitoring) and [`Releases`](super::cloud::Releases) on the AWS SDK: credentials
//! from the default chain, the region of the service (or `--region`), and `AWS_ENDPOINT_URL` when set.

mod cloudformation;
mod cloudwatch;
mod lambda;
mod time;

use aws_config::{BehaviorVersion, Region};

/// The SDK clients, built once per command.
#[derive(Debug, Clone)]
pub struct Aws {
    cloudwatch: aws_sdk_cloudwatch::Client,
    lambda: aws_sdk_lambda::Client,
    cloudformation: aws_sdk_cloudformation::Client,
}

impl Aws {
    /// Clients for `region`, with the credentials every AWS tool would find (env, profile, SSO, web identity, IMDS).
    pub async fn connect(region: &str) -> Self {
        let config = aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(region.to_owned()))
            .load()
            .await;
        Self {
            cloudwatch: aws_sdk_cloudwatch::Client::new(&config),
            lambda: aws_sdk_lambda::Client::new(&config),
            cloudformation: aws_sdk_cloudformation::Client::new(&config),
        }
    }
}

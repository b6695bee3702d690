//! [`Releases`] on CloudFormation (the stack and the version it declares) and Lambda (the alias).

use anyhow::{Context, Result};
use aws_sdk_cloudformation::error::ProvideErrorMetadata;

use super::Aws;
use crate::operate::cloud::{AliasState, Releases, StackState};

/// The type of the version resource an app stack declares.
const LAMBDA_VERSION: &str = "AWS::Lambda::Version";

impl Releases for Aws {
    async fn stack(&self, name: &str, function: &str) -> Result<Option<StackState>> {
        let described = self
            .cloudformation
            .describe_stacks()
            .stack_name(name)
            .send()
            .await;
        let output = match described {
            Ok(output) => output,
            // CloudFormation says a stack does not exist with a ValidationError ("Stack with id … does not exist").
            Err(error)
                if error.code() == Some("ValidationError")
                    && error
                        .message()
                        .is_some_and(|m| m.contains("does not exist")) =>
            {
                return Ok(None);
            }
            Err(error) => {
                return Err(error)
                    .with_context(|| format!("CloudFormation DescribeStacks ({name})"))
            }
        };
        let Some(stack) = output.stacks().first() else {
            return Ok(None);
        };
        let status = stack
            .stack_status()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default();
        let resources = self
            .cloudformation
            .describe_stack_resources()
            .stack_name(name)
            .send()
            .await
            .with_context(|| format!("CloudFormation DescribeStackResources ({name})"))?;
        // arn:aws:lambda:<region>:<account>:function:<name>:<version>
        let declared_version = resources
            .stack_resources()
            .iter()
            .filter(|r| r.resource_type() == Some(LAMBDA_VERSION))
            .filter_map(|r| r.physical_resource_id()?.rsplit_once(':'))
            .find(|(function_arn, _)| function_arn.ends_with(&format!(":function:{function}")))
            .map(|(_, version)| version.to_owned());
        Ok(Some(StackState {
            status,
            declared_version,
        }))
    }

    async fn alias(&self, function: &str, alias: &str) -> Result<AliasState> {
        self.get_alias(function, alias).await
    }

    async fn versions(&self, function: &str) -> Result<Vec<u64>> {
        self.list_versions(function).await
    }

    async fn point_alias(&self, function: &str, alias: &str, version: &str) -> Result<()> {
        self.update_alias(function, alias, version).await
    }
}

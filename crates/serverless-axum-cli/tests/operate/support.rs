//! A service environment deployed to moto, and the binary run against it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use aws_config::{BehaviorVersion, Region};
use aws_sdk_cloudwatch::primitives::DateTime;
use aws_sdk_cloudwatch::types::{Dimension, MetricDatum, StandardUnit, StateValue};
use serde_json::Value;

pub const REGION: &str = "eu-west-1";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Versions {
    One,
    Two,
}

impl Versions {
    fn published(self) -> u32 {
        match self {
            Self::One => 1,
            Self::Two => 2,
        }
    }
}

/// The template repository's root (read when the test runs: cargo may reuse a binary built in another checkout).
pub fn repo_root() -> PathBuf {
    Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR"))
        .join("../..")
}

/// A service's prod, deployed: `<service>-prod-app` with the function, version 1 published and `live` on it, and
/// every alarm of the template's `alarms/service.json` in OK.
pub struct Deployed {
    pub service: String,
    pub dir: tempfile::TempDir,
    pub endpoint: String,
    pub cloudwatch: aws_sdk_cloudwatch::Client,
    pub lambda: aws_sdk_lambda::Client,
    /// The version the stack declares and `live` serves.
    pub version: String,
    /// Alarm ids of the template by severity: (id, severity).
    pub alarms: Vec<(String, String)>,
}

impl Deployed {
    pub async fn new(service: &str) -> Self {
        Self::deploy(service, Versions::One).await
    }

    /// Versions 1 and 2 published, `live` on 2.
    pub async fn with_two_versions(service: &str) -> Self {
        Self::deploy(service, Versions::Two).await
    }

    async fn deploy(service: &str, versions: Versions) -> Self {
        let endpoint = serverless_axum_testkit::moto::endpoint();
        let config = aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(REGION))
            .endpoint_url(&endpoint)
            .credentials_provider(aws_sdk_cloudwatch::config::Credentials::new(
                "testing", "testing", None, None, "tests",
            ))
            .load()
            .await;
        let cloudwatch = aws_sdk_cloudwatch::Client::new(&config);
        let lambda = aws_sdk_lambda::Client::new(&config);
        let cloudformation = aws_sdk_cloudformation::Client::new(&config);

        let dir = tempfile::tempdir().expect("a folder");
        write_service(dir.path(), service);
        let function = format!("{service}-prod");
        cloudformation
            .create_stack()
            .stack_name(format!("{service}-prod-app"))
            .template_body(app_stack(&function).to_string())
            .send()
            .await
            .expect("CreateStack");
        // moto's CloudFormation gives an AWS::Lambda::Version no physical id, so the stack declares no version
        // here (the release check against a declared version is tested on the in-memory account); the versions are
        // published through the Lambda API, as CloudFormation would.
        let mut version = String::new();
        for deploy in 1..=versions.published() {
            lambda
                .update_function_configuration()
                .function_name(&function)
                .description(format!("deploy {deploy}"))
                .send()
                .await
                .expect("UpdateFunctionConfiguration");
            let published = lambda
                .publish_version()
                .function_name(&function)
                .send()
                .await
                .expect("PublishVersion");
            published
                .version()
                .expect("a version")
                .clone_into(&mut version);
        }
        lambda
            .create_alias()
            .function_name(&function)
            .name("live")
            .function_version(&version)
            .send()
            .await
            .expect("CreateAlias");

        let spec: Value = serde_json::from_str(
            &std::fs::read_to_string(repo_root().join("template/alarms/service.json"))
                .expect("alarms/service.json"),
        )
        .expect("JSON");
        let mut alarms = Vec::new();
        for kind in ["alarms", "composites"] {
            for alarm in spec[kind].as_array().expect("a list") {
                // The template's service has the Files API and runs on Lambda: the alarms for those apply.
                let requires = alarm["requires"].as_array().cloned().unwrap_or_default();
                if !requires.iter().all(|r| r == "filesApi" || r == "lambda") {
                    continue;
                }
                alarms.push((
                    alarm["id"].as_str().expect("id").to_owned(),
                    alarm["severity"].as_str().expect("severity").to_owned(),
                ));
            }
        }
        for (id, _) in &alarms {
            cloudwatch
                .put_metric_alarm()
                .alarm_name(format!("{function}-{id}"))
                .namespace("AWS/Lambda")
                .metric_name("Errors")
                .dimensions(
                    Dimension::builder()
                        .name("FunctionName")
                        .value(&function)
                        .build(),
                )
                .statistic(aws_sdk_cloudwatch::types::Statistic::Sum)
                .period(60)
                .evaluation_periods(1)
                .threshold(1.0)
                .comparison_operator(
                    aws_sdk_cloudwatch::types::ComparisonOperator::GreaterThanOrEqualToThreshold,
                )
                .send()
                .await
                .expect("PutMetricAlarm");
        }
        let deployed = Self {
            service: service.to_owned(),
            dir,
            endpoint,
            cloudwatch,
            lambda,
            version,
            alarms,
        };
        for (id, _) in &deployed.alarms {
            deployed
                .set_alarm(
                    id,
                    StateValue::Ok,
                    "Threshold Crossed: no datapoints were received",
                )
                .await;
        }
        deployed
    }

    pub fn function(&self) -> String {
        format!("{}-prod", self.service)
    }

    pub async fn set_alarm(&self, id: &str, state: StateValue, reason: &str) {
        self.cloudwatch
            .set_alarm_state()
            .alarm_name(format!("{}-{id}", self.function()))
            .state_value(state)
            .state_reason(reason)
            .send()
            .await
            .expect("SetAlarmState");
    }

    /// Publishes `value` requests of status class `class` now, as the service's EMF would.
    pub async fn serve(&self, class: &str, value: f64) {
        self.serve_earlier(class, value, Duration::ZERO).await;
    }

    /// Publishes `value` requests of status class `class`, `ago` before now.
    pub async fn serve_earlier(&self, class: &str, value: f64, ago: Duration) {
        let dimensions = [
            ("Service", self.service.as_str()),
            ("Environment", "prod"),
            ("StatusClass", class),
        ];
        self.put_earlier("ServerlessAxum", "Requests", &dimensions, value, ago)
            .await;
    }

    pub async fn put(&self, namespace: &str, name: &str, dimensions: &[(&str, &str)], value: f64) {
        self.put_earlier(namespace, name, dimensions, value, Duration::ZERO)
            .await;
    }

    /// Publishes one datapoint, `ago` before now.
    ///
    /// moto compares a query's dimensions with a datapoint's as lists (its dimension ordering is broken), where
    /// CloudWatch compares sets: the datapoints are published with their dimensions sorted by name, the order the
    /// CLI asks in.
    pub async fn put_earlier(
        &self,
        namespace: &str,
        name: &str,
        dimensions: &[(&str, &str)],
        value: f64,
        ago: Duration,
    ) {
        let mut dimensions = dimensions.to_vec();
        dimensions.sort();
        let now = std::time::SystemTime::now() - ago;
        self.cloudwatch
            .put_metric_data()
            .namespace(namespace)
            .metric_data(
                MetricDatum::builder()
                    .metric_name(name)
                    .set_dimensions(Some(
                        dimensions
                            .iter()
                            .map(|(n, v)| Dimension::builder().name(*n).value(*v).build())
                            .collect(),
                    ))
                    .value(value)
                    .unit(StandardUnit::Count)
                    .timestamp(DateTime::from(now))
                    .build(),
            )
            .send()
            .await
            .expect("PutMetricData");
    }

    pub async fn live_version(&self) -> String {
        self.lambda
            .get_alias()
            .function_name(self.function())
            .name("live")
            .send()
            .await
            .expect("GetAlias")
            .function_version()
            .expect("a version")
            .to_owned()
    }

    /// Runs `serverless-axum <args> --dir <service>` with the SDK's standard settings pointed at moto.
    pub fn run(&self, args: &[&str]) -> Output {
        let output = self.command(args).output().expect("runs serverless-axum");
        eprintln!(
            "serverless-axum {}\n--- stdout\n{}--- stderr\n{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    /// The command [`Deployed::run`] runs.
    pub fn command(&self, args: &[&str]) -> Command {
        serverless_axum(self.dir.path(), &self.endpoint, args)
    }
}

/// `serverless-axum <args> --dir <service>` with the SDK's standard settings pointed at the moto at `endpoint`, and
/// nothing of this machine's AWS configuration.
pub fn serverless_axum(service: &Path, endpoint: &str, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_serverless-axum"));
    command
        .args(args)
        .arg("--dir")
        .arg(service)
        .env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_REGION")
        .env_remove("GITHUB_ACTIONS")
        .env("CI", "true");
    command
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The files the CLI reads: a service config, and the template's alarms and metric catalog as they are.
fn write_service(dir: &Path, service: &str) {
    let write = |path: &str, text: &str| {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().expect("a parent")).expect("mkdir");
        std::fs::write(file, text).expect("write");
    };
    write(
        "infra/service.config.json",
        &serde_json::json!({ "service": service, "region": REGION, "filesApi": true, "auth": null }).to_string(),
    );
    for file in ["alarms/service.json", "metrics/catalog.json"] {
        write(
            file,
            &std::fs::read_to_string(repo_root().join("template").join(file))
                .expect("a template file"),
        );
    }
}

/// The part of an app stack the commands read: the function.
fn app_stack(function: &str) -> Value {
    serde_json::json!({
        "Resources": {
            "Role": { "Type": "AWS::IAM::Role", "Properties": {
                "AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": [
                    { "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" } ] } } },
            "Function": { "Type": "AWS::Lambda::Function", "Properties": {
                "FunctionName": function, "Runtime": "provided.al2023", "Handler": "bootstrap",
                "Role": { "Fn::GetAtt": ["Role", "Arn"] }, "Code": { "ZipFile": "not run" } } }
        }
    })
}

//! The variants of the template that `cargo xtask test` generates and checks.

/// One way to answer the template's questions.
pub struct Variant {
    /// Names the variant on the command line and in the report.
    pub label: &'static str,
    /// The generated service's name.
    pub service: &'static str,
    /// `--define` answers; everything else takes the template's defaults.
    pub defines: &'static [&'static str],
}

pub const ALL: &[Variant] = &[
    Variant {
        label: "defaults",
        service: "orders-api",
        defines: &[],
    },
    Variant {
        label: "public",
        service: "catalog-api",
        // A description with a quote and a backslash: every file that holds it escapes them (Cargo.toml,
        // service.config.json, openapi.json, .serverless-axum.toml).
        defines: &[
            "auth=none",
            "owner=catalog-team",
            r#"description=The "catalog": products\prices"#,
        ],
    },
    // Fargate instead of Lambda, without the Files API: the binary is the same; its infra tests synthesize the ALB and
    // the ECS service (nag- and cfn-lint-clean) with the per-compute alarms and widgets, and its Dockerfile is linted.
    Variant {
        label: "fargate-no-example-api",
        service: "inventory-service",
        defines: &[
            "compute=fargate",
            "example_api=false",
            "owner=inventory-team",
            "github_repo=acme/inventory-service",
            "aws_region=eu-central-1",
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::ALL;

    #[test]
    fn variant_names_are_unique_and_never_look_like_previews() {
        for (i, variant) in ALL.iter().enumerate() {
            assert!(
                ALL[..i]
                    .iter()
                    .all(|other| other.label != variant.label && other.service != variant.service),
                "{} is not unique",
                variant.label
            );
            let service = variant.service;
            assert!(
                !(service.contains("-pr-")
                    || service.starts_with("pr-")
                    || service.ends_with("-pr")),
                "{service} would match the preview patterns (*-pr-*)"
            );
        }
    }
}

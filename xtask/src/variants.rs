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
        label: "no-example-api",
        service: "inventory-service",
        defines: &[
            "example_api=false",
            "owner=inventory-team",
            "github_repo=acme/inventory-service",
            "aws_region=eu-central-1",
        ],
    },
];

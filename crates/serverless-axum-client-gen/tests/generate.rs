//! The client of a real service's description (the template's default variant, with the Files API and `jwt`
//! auth, as its server serves it): generated, valid Rust, with a method per operation and typed errors.

use std::path::Path;

#[test]
fn a_services_description_gives_a_client_with_every_operation() {
    // This checkout's, read when the test runs: cargo may reuse a binary built in another checkout.
    let fixture = Path::new(
        &std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR"),
    )
    .join("tests")
    .join("fixtures")
    .join("files-api.openapi.json");
    let code = serverless_axum_client_gen::generate(&fixture).expect("a client is generated");
    syn::parse_file(&code).expect("the client is Rust");
    for operation in [
        "health",
        "me",
        "list_files",
        "get_file",
        "head_file",
        "put_file",
        "delete_file",
        "create_upload",
        "get_download_url",
    ] {
        assert!(
            code.contains(&format!("pub async fn {operation}<")),
            "no method for {operation}"
        );
    }
    // Problem answers are typed: the description's `Problem`, not bytes.
    assert!(
        code.contains("Error<types::Problem>"),
        "errors are not typed"
    );
    // Parameter schemas with rules become types that check them.
    assert!(code.contains("pub struct FilePath("));
}

#[test]
fn a_missing_description_is_an_error_naming_the_file() {
    let error = serverless_axum_client_gen::generate(Path::new("no/such/openapi.json"))
        .expect_err("nothing to read");
    assert!(
        error.to_string().contains("no/such/openapi.json"),
        "{error}"
    );
}

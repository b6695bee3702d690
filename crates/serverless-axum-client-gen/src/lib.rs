//! A service's typed Rust client, generated from its OpenAPI description at build time by
//! [progenitor](https://github.com/oxidecomputer/progenitor), in the build script of the service's `client/` crate:
//!
//! ```text
//! // client/build.rs
//! fn main() {
//!     serverless_axum_client_gen::build_script("../openapi.json");
//! }
//! ```
//!
//! Services describe themselves in OpenAPI 3.1 (utoipa writes nothing else); progenitor reads 3.0 only, so the
//! description is first rewritten as the 3.0 document that says the same ([`downgrade`], which also says what it
//! changes and why). The client is rebuilt whenever openapi.json changes, so a change to the description that
//! removes or reshapes something the smoke tests call breaks their build.

mod downgrade;

use std::path::{Path, PathBuf};

pub use downgrade::downgrade;

/// Why no client could be generated.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not JSON: {source}")]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{path}, rewritten as OpenAPI 3.0, is not a description progenitor reads: {source}")]
    Description {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("progenitor cannot generate a client from {path}: {source}")]
    Generate {
        path: PathBuf,
        source: progenitor::Error,
    },
    #[error("progenitor's output for {path} is not Rust: {source}")]
    Code { path: PathBuf, source: syn::Error },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The client's Rust source for the OpenAPI 3.1 description at `spec` (a JSON file).
pub fn generate(spec: &Path) -> Result<String, Error> {
    let path = spec.to_path_buf();
    let text = std::fs::read_to_string(spec).map_err(|source| Error::Read {
        path: path.clone(),
        source,
    })?;
    let mut description: serde_json::Value =
        serde_json::from_str(&text).map_err(|source| Error::Json {
            path: path.clone(),
            source,
        })?;
    downgrade(&mut description);
    let description: openapiv3::OpenAPI =
        serde_json::from_value(description).map_err(|source| Error::Description {
            path: path.clone(),
            source,
        })?;
    let tokens = progenitor::Generator::default()
        .generate_tokens(&description)
        .map_err(|source| Error::Generate {
            path: path.clone(),
            source,
        })?;
    let file = syn::parse2(tokens).map_err(|source| Error::Code { path, source })?;
    Ok(prettyplease::unparse(&file))
}

/// What a client crate's build script does: generates the client from `spec` (relative to the crate's
/// `CARGO_MANIFEST_DIR`) into `$OUT_DIR/client.rs` (which the crate `include!`s), and asks Cargo to run again
/// when `spec` changes. Fails the build, naming the file and the reason, when the client cannot be generated.
pub fn build_script(spec: &str) {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let out_dir = std::env::var_os("OUT_DIR").map(PathBuf::from);
    let (Some(manifest_dir), Some(out_dir)) = (manifest_dir, out_dir) else {
        panic!(
            "build_script runs in a build script, where Cargo sets CARGO_MANIFEST_DIR and OUT_DIR"
        );
    };
    let spec = manifest_dir.join(spec);
    println!("cargo:rerun-if-changed={}", spec.display());
    let written = generate(&spec).and_then(|code| {
        let out = out_dir.join("client.rs");
        std::fs::write(&out, code).map_err(|source| Error::Write { path: out, source })
    });
    if let Err(error) = written {
        panic!("the typed client: {error}");
    }
}

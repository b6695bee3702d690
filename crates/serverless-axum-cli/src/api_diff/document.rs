//! Reading an OpenAPI description from a file, checking it is one (every `$ref` included), and following `$ref`s.

use std::fmt;
use std::io;
use std::path::Path;

use serde_json::{Map, Value};

/// How many `$ref`s in a row are followed before giving up (a `$ref` to a `$ref` … to itself).
const MAX_REF_HOPS: usize = 32;

/// A parsed OpenAPI description whose every `$ref` points inside it.
#[derive(Debug, Clone)]
pub struct Document {
    root: Value,
}

/// Which of the two files an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Base,
    Head,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Base => "BASE",
            Self::Head => "HEAD",
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {role} `{path}`")]
    Read {
        role: Role,
        path: String,
        source: io::Error,
    },
    #[error("{role} `{path}` is not valid JSON")]
    Json {
        role: Role,
        path: String,
        source: serde_json::Error,
    },
    #[error("{role} `{path}` is not an OpenAPI 3 description: {reason}")]
    NotOpenApi {
        role: Role,
        path: String,
        reason: String,
    },
    #[error("{role} `{path}` has a $ref that points nowhere in it: `{reference}`")]
    DanglingRef {
        role: Role,
        path: String,
        reference: String,
    },
}

impl Document {
    /// Reads the description at `path`, or `None` when nothing is there (a BASE from before the service had one).
    pub fn load_if_exists(path: &Path, role: Role) -> Result<Option<Self>, LoadError> {
        match std::fs::read_to_string(path) {
            Err(source) if source.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(LoadError::Read {
                role,
                path: path.display().to_string(),
                source,
            }),
            Ok(text) => Self::parse(&text, path, role).map(Some),
        }
    }

    /// Reads the description at `path`, which must exist.
    pub fn load(path: &Path, role: Role) -> Result<Self, LoadError> {
        let text = std::fs::read_to_string(path).map_err(|source| LoadError::Read {
            role,
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&text, path, role)
    }

    fn parse(text: &str, path: &Path, role: Role) -> Result<Self, LoadError> {
        let path = path.display().to_string();
        let root: Value = serde_json::from_str(text).map_err(|source| LoadError::Json {
            role,
            path: path.clone(),
            source,
        })?;
        let invalid = |reason: &str| LoadError::NotOpenApi {
            role,
            path: path.clone(),
            reason: reason.to_owned(),
        };
        let version = root
            .get("openapi")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid("no `openapi` version"))?;
        if !version.starts_with("3.") {
            return Err(invalid(&format!("its `openapi` version is {version}")));
        }
        if root.get("paths").is_some_and(|paths| !paths.is_object()) {
            return Err(invalid("`paths` is not an object"));
        }
        let document = Self { root };
        if let Some(reference) = document.dangling_ref(&document.root) {
            return Err(LoadError::DanglingRef {
                role,
                path,
                reference,
            });
        }
        Ok(document)
    }

    /// A description with no operations: what a missing BASE is compared as.
    pub fn empty() -> Self {
        Self {
            root: serde_json::json!({ "openapi": "3.1.0", "paths": {} }),
        }
    }

    /// A description from a JSON value, taken as it is (tests).
    #[cfg(test)]
    pub fn from_value(root: Value) -> Self {
        Self { root }
    }

    pub fn root(&self) -> &Value {
        &self.root
    }

    /// The object at `pointer` (`/components/schemas`), or an empty one.
    pub fn object_at(&self, pointer: &str) -> &Map<String, Value> {
        static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
        self.root
            .pointer(pointer)
            .and_then(Value::as_object)
            .unwrap_or_else(|| EMPTY.get_or_init(Map::new))
    }

    /// `value` with its `$ref`s followed, and the references followed on the way (empty when `value` is inline).
    pub fn follow<'a>(&'a self, value: &'a Value) -> (&'a Value, Vec<String>) {
        let mut current = value;
        let mut followed = Vec::new();
        while let Some(reference) = ref_of(current) {
            if followed.len() == MAX_REF_HOPS || followed.iter().any(|seen| seen == reference) {
                break;
            }
            match self.target(reference) {
                Some(target) => {
                    followed.push(reference.to_owned());
                    current = target;
                }
                None => break,
            }
        }
        (current, followed)
    }

    /// What a local reference (`#/components/schemas/X`) points at.
    pub fn target(&self, reference: &str) -> Option<&Value> {
        reference
            .strip_prefix('#')
            .and_then(|pointer| self.root.pointer(pointer))
    }

    /// The first `$ref` under `value` that points nowhere in this document (or outside it).
    fn dangling_ref(&self, value: &Value) -> Option<String> {
        match value {
            Value::Object(map) => {
                if let Some(reference) = ref_of(value) {
                    if self.target(reference).is_none() {
                        return Some(reference.to_owned());
                    }
                }
                map.values().find_map(|child| self.dangling_ref(child))
            }
            Value::Array(items) => items.iter().find_map(|child| self.dangling_ref(child)),
            _ => None,
        }
    }
}

/// The `$ref` of a reference object.
pub fn ref_of(value: &Value) -> Option<&str> {
    value.get("$ref").and_then(Value::as_str)
}

/// The last part of a reference, the name it is known by: `FileMetadata` for `#/components/schemas/FileMetadata`.
pub fn ref_name(reference: &str) -> &str {
    reference.rsplit('/').next().unwrap_or(reference)
}

//! What the comparison produces: one `Change` per difference, with where it is, what kind it is and whether it
//! breaks existing clients.

use std::fmt;

use serde::Serialize;

/// One difference between the two descriptions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub location: Location,
    pub kind: Kind,
    pub breaking: bool,
    /// What changed, for a person: `maximum 1000 → 100`, `removed`, `optional → required`.
    pub detail: String,
}

impl Change {
    /// Changes to descriptions, summaries and examples: they change no client's behaviour.
    pub fn is_documentation(&self) -> bool {
        self.kind == Kind::Documentation
    }
}

/// Where a change is, from the outside in: an operation (or a schema, a security scheme) and then the parameter,
/// body, response, header and fields down to it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location(Vec<Segment>);

impl Location {
    pub fn root(segment: Segment) -> Self {
        Self(vec![segment])
    }

    /// This location, one step further in.
    pub fn join(&self, segment: Segment) -> Self {
        let mut segments = self.0.clone();
        segments.push(segment);
        Self(segments)
    }

    /// For Markdown: names in backticks, `GET /v1/files` › query `limit`.
    pub fn markdown(&self) -> String {
        self.render(true)
    }

    fn render(&self, code: bool) -> String {
        let parts: Vec<String> = self.0.iter().map(|segment| segment.render(code)).collect();
        parts.join(" › ")
    }
}

/// Plain text, as in the JSON report: GET /v1/files › query limit.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// One step of a location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// An operation: `GET /v1/files/{path}`.
    Operation { method: String, path: String },
    /// A parameter: `query`, `header`, `path` or `cookie`, and its name.
    Parameter { place: String, name: String },
    /// The request body, with the media type when the change is inside one.
    RequestBody { media: Option<String> },
    /// A response by status (`200`, `4XX`, `default`), with the media type when the change is inside one.
    Response {
        status: String,
        media: Option<String>,
    },
    /// A response header.
    Header(String),
    /// The operation's security requirements.
    Security,
    /// A property of an object schema.
    Field(String),
    /// The elements of an array schema.
    Items,
    /// The values of an object schema's `additionalProperties`.
    AdditionalProperties,
    /// One alternative of a `oneOf`/`anyOf`: the schema it refers to, or its position.
    Variant(String),
    /// A schema under `components.schemas`.
    Schema(String),
    /// A scheme under `components.securitySchemes`.
    SecurityScheme(String),
}

impl Segment {
    fn render(&self, code: bool) -> String {
        let quote = |name: &str| {
            if code {
                format!("`{name}`")
            } else {
                name.to_owned()
            }
        };
        match self {
            Self::Operation { method, path } => quote(&format!("{} {path}", method.to_uppercase())),
            Self::Parameter { place, name } => format!("{place} {}", quote(name)),
            Self::RequestBody { media: None } => "request body".to_owned(),
            Self::RequestBody { media: Some(media) } => format!("request body {}", quote(media)),
            Self::Response {
                status,
                media: None,
            } => format!("response {status}"),
            Self::Response {
                status,
                media: Some(media),
            } => format!("response {status} {}", quote(media)),
            Self::Header(name) => format!("header {}", quote(name)),
            Self::Security => "security".to_owned(),
            Self::Field(name) => quote(name),
            Self::Items => "items".to_owned(),
            Self::AdditionalProperties => "additional properties".to_owned(),
            Self::Variant(name) => format!("variant {}", quote(name)),
            Self::Schema(name) => format!("schema {}", quote(name)),
            Self::SecurityScheme(name) => format!("security scheme {}", quote(name)),
        }
    }
}

/// The kinds of change, as named in the JSON report (`snake_case`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    OperationAdded,
    OperationRemoved,
    OperationIdChanged,
    Deprecated,
    SecurityAdded,
    SecurityRemoved,
    SecurityScopesChanged,
    SecurityChanged,
    SecuritySchemeAdded,
    SecuritySchemeRemoved,
    SecuritySchemeChanged,
    ParameterAdded,
    ParameterRemoved,
    ParameterRequired,
    ParameterOptional,
    ParameterRenamed,
    ParameterStyleChanged,
    RequestBodyAdded,
    RequestBodyRemoved,
    RequestBodyRequired,
    RequestBodyOptional,
    MediaTypeAdded,
    MediaTypeRemoved,
    ResponseAdded,
    ResponseRemoved,
    HeaderAdded,
    HeaderRemoved,
    HeaderRequired,
    HeaderOptional,
    FieldAdded,
    FieldRemoved,
    FieldRequired,
    FieldOptional,
    TypeChanged,
    NullableAdded,
    NullableRemoved,
    FormatChanged,
    EnumAdded,
    EnumRemoved,
    EnumValuesAdded,
    EnumValuesRemoved,
    ConstraintChanged,
    PatternChanged,
    DefaultChanged,
    AdditionalPropertiesChanged,
    VariantAdded,
    VariantRemoved,
    SchemaAdded,
    SchemaRemoved,
    Documentation,
}

/// Which way data flows through a schema, which decides what breaks: clients send requests (the values the server
/// accepts must not shrink) and read responses (the values the server sends must not grow).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Direction {
    Request,
    Response,
}

/// What a change to a schema's constraint does to the set of values it allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Effect {
    /// Some values allowed before are not any more.
    pub narrows: bool,
    /// Some values not allowed before are now.
    pub widens: bool,
}

impl Effect {
    pub const NARROWS: Self = Self {
        narrows: true,
        widens: false,
    };
    pub const WIDENS: Self = Self {
        narrows: false,
        widens: true,
    };
    /// Both at once: a type or a pattern replaced by another.
    pub const REPLACES: Self = Self {
        narrows: true,
        widens: true,
    };

    /// A request breaks when the server accepts less; a response when the server may send more.
    pub fn breaks(self, direction: Direction) -> bool {
        match direction {
            Direction::Request => self.narrows,
            Direction::Response => self.widens,
        }
    }
}

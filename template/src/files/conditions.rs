//! `If-Match` and `If-None-Match` (RFC 9110 §13.1): parsed once, then compared with a file's ETag.
//!
//! The grammar is RFC 9110's, and exactly what the `*_PATTERN` constants say (the OpenAPI description gives them
//! to clients; a test holds the parser to them): `*` alone, or a comma-separated list of entity tags
//! (`"abc"` or `W/"abc"`, the quoted part of `!` and `#`–`~`), empty list elements allowed.

use axum::http::{header, HeaderMap, HeaderName};

use super::store::Condition;
use serverless_axum_kit::{ApiError, ProblemType};

/// `*`, or a list of one or more entity tags.
pub const TAG_LIST_PATTERN: &str =
    r#"^(?:[ \t]*\*[ \t]*|[ \t,]*(?:W/)?"[!#-~]*"(?:[ \t]*,[ \t,]*(?:W/)?"[!#-~]*")*[ \t,]*)$"#;
/// Exactly one entity tag.
pub const ONE_TAG_PATTERN: &str = r#"^[ \t,]*(?:W/)?"[!#-~]*"[ \t,]*$"#;
/// `*` alone.
pub const ANY_PATTERN: &str = r"^[ \t]*\*[ \t]*$";

/// An `If-Match` or `If-None-Match` value: `*`, or a list of entity tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntityTags {
    Any,
    /// `(weak, tag)`, the tag with its quotes, as stores report ETags.
    Tags(Vec<(bool, String)>),
}

impl EntityTags {
    /// The header's value (its lines joined, as RFC 9110 §5.3 allows), `None` when absent; a value outside the
    /// grammar is the client's mistake.
    pub fn from_headers(headers: &HeaderMap, name: HeaderName) -> Result<Option<Self>, ApiError> {
        let mut lines = Vec::new();
        for value in headers.get_all(&name) {
            lines.push(value.to_str().map_err(|_| malformed(&name))?);
        }
        if lines.is_empty() {
            return Ok(None);
        }
        Self::parse(&lines.join(","))
            .map(Some)
            .ok_or_else(|| malformed(&name))
    }

    fn parse(text: &str) -> Option<Self> {
        let blank = [' ', '\t'];
        if text.trim_matches(blank) == "*" {
            return Some(Self::Any);
        }
        // A tokenizer, not a split on commas: a comma may sit inside an entity tag's quotes.
        let mut tags = Vec::new();
        let mut rest = text;
        loop {
            rest = rest.trim_start_matches([' ', '\t', ',']);
            if rest.is_empty() {
                break;
            }
            let (weak, quoted) = match rest.strip_prefix("W/") {
                Some(quoted) => (true, quoted),
                None => (false, rest),
            };
            let inner = quoted.strip_prefix('"')?;
            let end = inner.find('"')?;
            let tag = &inner[..end];
            if !tag.bytes().all(|b| b == 0x21 || (0x23..=0x7e).contains(&b)) {
                return None;
            }
            tags.push((weak, format!("\"{tag}\"")));
            rest = inner[end + 1..].trim_start_matches(blank);
            if !(rest.is_empty() || rest.starts_with(',')) {
                return None;
            }
        }
        (!tags.is_empty()).then_some(Self::Tags(tags))
    }

    /// Weak comparison, as `If-None-Match` uses.
    pub fn matches_weakly(&self, etag: &str) -> bool {
        match self {
            Self::Any => true,
            Self::Tags(tags) => tags.iter().any(|(_, tag)| tag == etag),
        }
    }
}

/// The store condition for a write (`PUT`) or a delete (`DELETE`).
///
/// Supported, because the stores can check them atomically: `If-None-Match: *` (create only; `PUT` only) and
/// `If-Match` with one ETag (replace or delete only that version). A weak tag never matches strongly, so it fails
/// the condition (412), as does `If-Match` with `If-None-Match: *` (a file that matches exists).
pub fn write_condition(headers: &HeaderMap, creating_allowed: bool) -> Result<Condition, ApiError> {
    let if_match = EntityTags::from_headers(headers, header::IF_MATCH)?;
    let if_none_match = EntityTags::from_headers(headers, header::IF_NONE_MATCH)?;
    let if_match = match if_match {
        None => None,
        Some(EntityTags::Tags(tags)) => match tags.as_slice() {
            [(false, tag)] => Some(tag.clone()),
            [(true, _)] => {
                return Err(failed(
                    "If-Match needs a strong ETag; a weak one never matches.",
                ))
            }
            _ => {
                return Err(ApiError::bad_request(
                    "If-Match is supported with exactly one ETag.",
                ))
            }
        },
        Some(EntityTags::Any) => {
            return Err(ApiError::bad_request(
                "If-Match: * is not supported; send the ETag of the version you mean.",
            ))
        }
    };
    match (if_match, if_none_match) {
        (None, None) => Ok(Condition::None),
        (Some(tag), None) => Ok(Condition::IfMatch(tag)),
        (_, Some(EntityTags::Tags(_))) if creating_allowed => Err(ApiError::bad_request(
            "If-None-Match is supported here only as `*` (create the file only if none exists).",
        )),
        (_, Some(_)) if !creating_allowed => Err(ApiError::bad_request(
            "If-None-Match is not supported here; use If-Match with the file's ETag.",
        )),
        (None, Some(_)) => Ok(Condition::IfAbsent),
        (Some(_), Some(_)) => Err(failed(
            "If-Match and If-None-Match: * never both hold: a file that matches the ETag exists.",
        )),
    }
}

fn failed(detail: &'static str) -> ApiError {
    ApiError::client(ProblemType::PreconditionFailed, detail)
}

fn malformed(name: &HeaderName) -> ApiError {
    ApiError::bad_request(format!(
        "{name} must be `*` or a comma-separated list of quoted entity tags such as \"abc\" or W/\"abc\"."
    ))
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;
    use crate::files::path::every_string;

    fn headers(pairs: &[(HeaderName, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(name.clone(), HeaderValue::from_static(value));
        }
        map
    }

    fn is_a(outcome: &Result<Condition, ApiError>, kind: ProblemType) -> bool {
        matches!(outcome, Err(ApiError::Client { kind: k, .. }) if *k == kind)
    }

    #[test]
    fn lists_wildcards_and_weak_tags_parse() {
        let map = headers(&[(header::IF_NONE_MATCH, r#""a", W/"b""#)]);
        let tags = EntityTags::from_headers(&map, header::IF_NONE_MATCH)
            .expect("valid")
            .expect("present");
        assert!(tags.matches_weakly(r#""a""#));
        assert!(tags.matches_weakly(r#""b""#));
        assert!(!tags.matches_weakly(r#""c""#));
        let any = headers(&[(header::IF_NONE_MATCH, "*")]);
        assert_eq!(
            EntityTags::from_headers(&any, header::IF_NONE_MATCH).expect("valid"),
            Some(EntityTags::Any)
        );
    }

    #[test]
    fn values_outside_the_grammar_are_refused() {
        for value in [
            "abc",
            "",
            "*, \"a\"",
            "\"a\" \"b\"",
            "W/ \"a\"",
            "\"a\"b\"",
            ",",
        ] {
            let map = headers(&[(header::IF_MATCH, value)]);
            assert!(
                EntityTags::from_headers(&map, header::IF_MATCH).is_err(),
                "{value:?}"
            );
        }
    }

    /// Every string of up to five characters from an alphabet of each kind the grammar tells apart: the patterns
    /// the OpenAPI description gives agree with the parser and [`write_condition`] on all of them.
    #[test]
    fn the_described_patterns_accept_exactly_what_the_parser_does() {
        let list = regex::Regex::new(TAG_LIST_PATTERN).expect("compiles");
        let one = regex::Regex::new(ONE_TAG_PATTERN).expect("compiles");
        let any = regex::Regex::new(ANY_PATTERN).expect("compiles");
        // Five characters make every shape: `"a,"`, `W/"a"`, `"" ""`, `*, ""`.
        let strings = every_string(&['"', 'a', 'W', '/', ',', ' ', '*', '\t'], 5);
        for text in &strings {
            let Ok(value) = HeaderValue::from_str(text) else {
                continue;
            };
            let parsed = EntityTags::parse(text);
            assert_eq!(list.is_match(text), parsed.is_some(), "list {text:?}");
            let if_match = write_condition(
                &HeaderMap::from_iter([(header::IF_MATCH, value.clone())]),
                false,
            );
            let refused_as_malformed = is_a(&if_match, ProblemType::BadRequest);
            assert_eq!(
                one.is_match(text),
                !refused_as_malformed,
                "If-Match {text:?}"
            );
            let if_none_match = write_condition(
                &HeaderMap::from_iter([(header::IF_NONE_MATCH, value)]),
                true,
            );
            assert_eq!(
                any.is_match(text),
                if_none_match.is_ok(),
                "If-None-Match {text:?}"
            );
        }
    }

    #[test]
    fn write_conditions_follow_the_supported_forms() {
        assert_eq!(
            write_condition(&HeaderMap::new(), true).expect("ok"),
            Condition::None
        );
        assert_eq!(
            write_condition(&headers(&[(header::IF_NONE_MATCH, "*")]), true).expect("ok"),
            Condition::IfAbsent
        );
        assert_eq!(
            write_condition(&headers(&[(header::IF_MATCH, r#""e1""#)]), false).expect("ok"),
            Condition::IfMatch(r#""e1""#.to_owned())
        );
        assert!(write_condition(&headers(&[(header::IF_NONE_MATCH, "*")]), false).is_err());
        assert!(write_condition(&headers(&[(header::IF_MATCH, r#""a", "b""#)]), true).is_err());
        assert!(write_condition(&headers(&[(header::IF_MATCH, "*")]), true).is_err());
        let both = write_condition(
            &headers(&[(header::IF_MATCH, r#""e1""#), (header::IF_NONE_MATCH, "*")]),
            true,
        );
        assert!(is_a(&both, ProblemType::PreconditionFailed));
    }
}

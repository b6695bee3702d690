//! `If-Match` and `If-None-Match` (RFC 9110 §13.1): parsed once, then compared with a file's ETag.

use axum::http::{header, HeaderMap, HeaderName};

use super::store::Condition;
use serverless_axum_kit::ApiError;

/// An `If-Match` or `If-None-Match` value: `*`, or a list of entity tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntityTags {
    Any,
    /// `(weak, tag)`, the tag with its quotes, as stores report ETags.
    Tags(Vec<(bool, String)>),
}

impl EntityTags {
    /// The header's value, `None` when absent; a malformed value is the client's mistake.
    pub fn from_headers(headers: &HeaderMap, name: HeaderName) -> Result<Option<Self>, ApiError> {
        let mut values = headers.get_all(&name).iter().peekable();
        if values.peek().is_none() {
            return Ok(None);
        }
        let mut tags = Vec::new();
        for value in values {
            let text = value.to_str().map_err(|_| malformed(&name))?;
            for item in text.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                if item == "*" {
                    return Ok(Some(Self::Any));
                }
                let (weak, tag) = match item.strip_prefix("W/") {
                    Some(tag) => (true, tag),
                    None => (false, item),
                };
                let quoted = tag.len() >= 2 && tag.starts_with('"') && tag.ends_with('"');
                if !quoted || tag[1..tag.len() - 1].contains('"') {
                    return Err(malformed(&name));
                }
                tags.push((weak, tag.to_owned()));
            }
        }
        if tags.is_empty() {
            return Err(malformed(&name));
        }
        Ok(Some(Self::Tags(tags)))
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
/// `If-Match` with one strong ETag (replace or delete only that version). A weak tag never matches strongly, so
/// it fails the condition.
pub fn write_condition(headers: &HeaderMap, creating_allowed: bool) -> Result<Condition, ApiError> {
    let if_match = EntityTags::from_headers(headers, header::IF_MATCH)?;
    let if_none_match = EntityTags::from_headers(headers, header::IF_NONE_MATCH)?;
    match (if_match, if_none_match) {
        (None, None) => Ok(Condition::None),
        (Some(_), Some(_)) => Err(ApiError::bad_request(
            "Send either If-Match or If-None-Match, not both.",
        )),
        (None, Some(EntityTags::Any)) if creating_allowed => Ok(Condition::IfAbsent),
        (None, Some(_)) if creating_allowed => Err(ApiError::bad_request(
            "If-None-Match is supported here only as `*` (create the file only if none exists).",
        )),
        (None, Some(_)) => Err(ApiError::bad_request(
            "If-None-Match is not supported here; use If-Match with the file's ETag.",
        )),
        (Some(EntityTags::Tags(tags)), None) => match tags.as_slice() {
            [(false, tag)] => Ok(Condition::IfMatch(tag.clone())),
            // A weak tag never matches strongly: RFC 9110 says the condition is false.
            [(true, _)] => Err(ApiError::client(
                serverless_axum_kit::ProblemType::PreconditionFailed,
                "If-Match needs a strong ETag; a weak one never matches.",
            )),
            _ => Err(ApiError::bad_request(
                "If-Match is supported with exactly one ETag.",
            )),
        },
        (Some(EntityTags::Any), None) => Err(ApiError::bad_request(
            "If-Match: * is not supported; send the ETag of the version you mean.",
        )),
    }
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

    fn headers(pairs: &[(HeaderName, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(name.clone(), HeaderValue::from_static(value));
        }
        map
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
    fn unquoted_tags_are_refused() {
        let map = headers(&[(header::IF_MATCH, "abc")]);
        assert!(EntityTags::from_headers(&map, header::IF_MATCH).is_err());
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
    }
}

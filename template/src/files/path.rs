//! `FilePath`: the name of a stored file, checked once at the edge so no store ever sees a path that could
//! name anything outside it.

use std::fmt;

/// Longest path accepted, in bytes of UTF-8 (S3's own key limit).
pub const MAX_PATH_BYTES: usize = 1024;

/// A file's path inside the store: `/`-separated segments of UTF-8, already percent-decoded (exactly once, by
/// the router's path extractor).
///
/// The rules, each with its own [`PathError`]: 1..=1024 bytes; no empty segment (so no leading, trailing or
/// doubled `/`); no `.` or `..` segment; no NUL or other control character; no backslash (a separator on some
/// systems).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FilePath(String);

/// The rule a path broke; the message is what the client is told.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    #[error("the path is empty")]
    Empty,
    #[error("the path is {0} bytes long; at most {MAX_PATH_BYTES} bytes are allowed")]
    TooLong(usize),
    #[error("the path has an empty segment: no leading, trailing or doubled `/`")]
    EmptySegment,
    #[error("the path has a `.` or `..` segment")]
    DotSegment,
    #[error("the path contains a NUL or another control character")]
    ControlCharacter,
    #[error("the path contains a backslash")]
    Backslash,
}

impl FilePath {
    /// Checks `path` against every rule.
    pub fn parse(path: impl Into<String>) -> Result<Self, PathError> {
        let path = path.into();
        check_characters(&path)?;
        if path.is_empty() {
            return Err(PathError::Empty);
        }
        for segment in path.split('/') {
            match segment {
                "" => return Err(PathError::EmptySegment),
                "." | ".." => return Err(PathError::DotSegment),
                _ => {}
            }
        }
        Ok(Self(path))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The segments, in order; never empty, none of them empty, `.` or `..`.
    pub fn segments(&self) -> impl Iterator<Item = &str> {
        self.0.split('/')
    }
}

/// Checks a listing prefix: the same characters and length as a path, but any prefix of one is fine (`ph`,
/// `photos/`, or nothing at all).
pub fn check_prefix(prefix: &str) -> Result<(), PathError> {
    check_characters(prefix)
}

fn check_characters(text: &str) -> Result<(), PathError> {
    if text.len() > MAX_PATH_BYTES {
        return Err(PathError::TooLong(text.len()));
    }
    if text.chars().any(char::is_control) {
        return Err(PathError::ControlCharacter);
    }
    if text.contains('\\') {
        return Err(PathError::Backslash);
    }
    Ok(())
}

impl AsRef<str> for FilePath {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FilePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_paths_and_unusual_but_safe_names_are_accepted() {
        for ok in [
            "a",
            "photos/2026/cat.png",
            "...",
            ".hidden",
            "a..b/c.",
            "with space/ünïcödé/日本.txt",
            "100%25 literal/%2F",
        ] {
            let path = FilePath::parse(ok).unwrap_or_else(|e| panic!("{ok:?}: {e}"));
            assert_eq!(path.as_str(), ok);
        }
    }

    #[test]
    fn each_rule_names_itself() {
        let cases = [
            ("", PathError::Empty),
            ("/a", PathError::EmptySegment),
            ("a/", PathError::EmptySegment),
            ("a//b", PathError::EmptySegment),
            (".", PathError::DotSegment),
            ("..", PathError::DotSegment),
            ("a/../b", PathError::DotSegment),
            ("a/./b", PathError::DotSegment),
            ("a/..", PathError::DotSegment),
            ("a\0b", PathError::ControlCharacter),
            ("a\nb", PathError::ControlCharacter),
            ("a\u{7f}b", PathError::ControlCharacter),
            ("a\u{85}b", PathError::ControlCharacter),
            ("a\\b", PathError::Backslash),
            ("..\\..\\windows", PathError::Backslash),
        ];
        for (input, expected) in cases {
            assert_eq!(FilePath::parse(input), Err(expected), "{input:?}");
        }
    }

    #[test]
    fn the_length_limit_counts_bytes_not_characters() {
        let at_limit = "é".repeat(MAX_PATH_BYTES / 2);
        assert!(FilePath::parse(at_limit).is_ok());
        let over = format!("{}a", "é".repeat(MAX_PATH_BYTES / 2));
        assert_eq!(
            FilePath::parse(over),
            Err(PathError::TooLong(MAX_PATH_BYTES + 1))
        );
    }

    #[test]
    fn segments_are_split_on_slashes() {
        let path = FilePath::parse("a/b/c.txt").expect("valid");
        assert_eq!(path.segments().collect::<Vec<_>>(), ["a", "b", "c.txt"]);
    }

    #[test]
    fn prefixes_may_be_empty_or_end_in_a_slash_but_follow_the_character_rules() {
        assert!(check_prefix("").is_ok());
        assert!(check_prefix("photos/").is_ok());
        assert!(check_prefix("ph").is_ok());
        assert_eq!(check_prefix("a\\"), Err(PathError::Backslash));
        assert_eq!(check_prefix("a\u{1}"), Err(PathError::ControlCharacter));
    }
}

//! `FilePath`: the name of a stored file, checked once at the edge so no store ever sees a path that could
//! name anything outside it.

use std::fmt;

/// Longest path accepted, in bytes of UTF-8 (S3's own key limit).
pub const MAX_PATH_BYTES: usize = 1024;

// The character classes of the patterns below (macros, so `concat!` can join them into one literal).
/// Any character a path may hold: all but `/`, `\` and controls (U+0000–U+001F, U+007F–U+009F).
macro_rules! any_char {
    () => {
        r"[^/\\\u0000-\u001f\u007f-\u009f]"
    };
}
/// The same, but `.`.
macro_rules! not_dot {
    () => {
        r"[^./\\\u0000-\u001f\u007f-\u009f]"
    };
}
/// The whitespace among those (Rust's `char::is_whitespace`, less the controls).
macro_rules! blank {
    () => {
        r"[\u0020\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    };
}
/// Any character a path may hold but whitespace, with or without `.`.
macro_rules! visible { () => { r"[^/\\\u0000-\u001f\u007f-\u009f\u0020\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]" } }
macro_rules! visible_not_dot { () => { r"[^./\\\u0000-\u001f\u007f-\u009f\u0020\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]" } }
/// A segment: not empty, `.` or `..`.
macro_rules! segment {
    () => {
        concat!(
            r"(?:\.{0,2}",
            not_dot!(),
            any_char!(),
            r"*|\.{3,}",
            any_char!(),
            "*)"
        )
    };
}
/// A segment that is not only whitespace.
macro_rules! visible_segment {
    () => {
        concat!(
            r"(?:\.{1,2}",
            not_dot!(),
            any_char!(),
            r"*|\.{3,}",
            any_char!(),
            "*|",
            visible_not_dot!(),
            any_char!(),
            "*|",
            blank!(),
            "+",
            visible!(),
            any_char!(),
            "*)"
        )
    };
}

/// The rules of [`FilePath::parse`] but the length, as the regular expression the OpenAPI description gives
/// clients (ECMA-262 syntax, which JSON Schema uses): segments of any characters but `/`, `\`, and controls
/// (U+0000–U+001F, U+007F–U+009F), none empty, `.` or `..`, and not only whitespace when there is one segment.
/// A test below holds the two to the same answers. JSON Schema counts characters, not bytes: the description's
/// `maxLength` is 1024 characters, and a path of wide characters can still be refused for passing
/// [`MAX_PATH_BYTES`].
pub const PATTERN: &str = concat!(
    "^(?:",
    visible_segment!(),
    "|",
    segment!(),
    "(?:/",
    segment!(),
    ")+)$"
);

/// [`check_prefix`]'s rules but the length, as a regular expression (see [`PATTERN`]).
pub const PREFIX_PATTERN: &str = r"^[^\\\u0000-\u001f\u007f-\u009f]*$";

/// A file's path inside the store: `/`-separated segments of UTF-8, already percent-decoded (exactly once, by
/// the router's path extractor).
///
/// The rules, each with its own [`PathError`]: 1..=1024 bytes; no empty segment (so no leading, trailing or
/// doubled `/`); no `.` or `..` segment; no NUL or other control character; no backslash (a separator on some
/// systems); not only whitespace.
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
    /// The AWS SDK takes an S3 key of only whitespace for a missing one, so no store could hold this file.
    #[error("the path is only whitespace")]
    Blank,
}

impl FilePath {
    /// Checks `path` against every rule.
    pub fn parse(path: impl Into<String>) -> Result<Self, PathError> {
        let path = path.into();
        check_characters(&path)?;
        if path.is_empty() {
            return Err(PathError::Empty);
        }
        if path.trim().is_empty() {
            return Err(PathError::Blank);
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

/// Every string of up to `max_len` characters from `alphabet`: an exhaustive small-scope check of a rule (the
/// patterns the OpenAPI description gives against the parsers that enforce them).
#[cfg(test)]
pub(crate) fn every_string(alphabet: &[char], max_len: usize) -> Vec<String> {
    let mut strings = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..max_len {
        last = last
            .iter()
            .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
            .collect();
        strings.extend(last.iter().cloned());
    }
    strings
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
            ("  ", PathError::Blank),
            ("\u{3000}", PathError::Blank),
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

    /// Every string of up to five characters from an alphabet of each kind the rules tell apart: the patterns
    /// the OpenAPI description gives and the parsers agree on all of them (about 20 000).
    #[test]
    fn the_described_patterns_accept_exactly_what_the_parsers_do() {
        let path = regex::Regex::new(PATTERN).expect("PATTERN compiles");
        let prefix = regex::Regex::new(PREFIX_PATTERN).expect("PREFIX_PATTERN compiles");
        let strings = every_string(
            &['a', '.', '/', '\\', '\u{1}', '\u{85}', 'é', ' ', '\u{3000}'],
            5,
        );
        for text in &strings {
            assert_eq!(
                path.is_match(text),
                FilePath::parse(text.as_str()).is_ok(),
                "path {text:?}"
            );
            assert_eq!(
                prefix.is_match(text),
                check_prefix(text).is_ok(),
                "prefix {text:?}"
            );
        }
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

//! The listing cursor: base64url of the last path returned. Listings resume strictly after it, so a cursor
//! stays valid however many files are written or deleted in between, and it is opaque to clients.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};

use super::path::FilePath;

/// The cursor that resumes a listing after `last`.
pub fn encode(last: &FilePath) -> String {
    URL_SAFE_NO_PAD.encode(last.as_str())
}

/// The path a cursor resumes after, or `None` when it is not one this API issued.
pub fn decode(cursor: &str) -> Option<FilePath> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    FilePath::parse(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_are_url_safe() {
        let path = FilePath::parse("photos/ünï/a?b&c=d").expect("valid");
        let cursor = encode(&path);
        assert!(cursor
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(decode(&cursor), Some(path));
    }

    #[test]
    fn foreign_cursors_are_refused() {
        assert_eq!(decode("not base64!"), None);
        assert_eq!(decode(&URL_SAFE_NO_PAD.encode("../etc")), None);
        assert_eq!(decode(&URL_SAFE_NO_PAD.encode([0xff, 0xfe])), None);
    }
}

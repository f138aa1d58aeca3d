//! A path on this site to send the browser back to (`/login?next=…`, `/lang/ru?back=…`): never
//! another site. Only printable ASCII starting with one `/`, so `//host`, `/\host` and
//! `/%09/host` (a tab browsers drop, leaving `//host`) are refused.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// The longest path kept; a longer one is not a page of this site.
const MAX_LEN: usize = 512;

/// What a query value must escape: everything but the unreserved characters and `/`.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalPath(String);

impl LocalPath {
    /// The path if it stays on this site (already decoded from its query value).
    pub fn parse(text: &str) -> Option<LocalPath> {
        let bytes = text.as_bytes();
        let local = bytes.first() == Some(&b'/')
            && !matches!(bytes.get(1), Some(b'/' | b'\\'))
            && bytes.len() <= MAX_LEN
            && bytes.iter().all(|b| b.is_ascii_graphic() && *b != b'\\');
        local.then(|| LocalPath(text.to_owned()))
    }

    /// The borrower's home after a login.
    pub fn cabinet() -> LocalPath {
        LocalPath("/cabinet".into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `/login?next=…` that comes back here after the login.
    pub fn login_then_back(&self) -> String {
        format!("/login?next={}", utf8_percent_encode(&self.0, QUERY_VALUE))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn paths_of_this_site_are_kept() {
        for path in [
            "/",
            "/cabinet",
            "/apply?product=repeat&amount=20000&term=30",
        ] {
            assert_eq!(LocalPath::parse(path).map(|p| p.0), Some(path.to_owned()));
        }
    }

    #[test]
    fn anything_that_leaves_the_site_is_refused() {
        for path in [
            "",
            "cabinet",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ /evil.example",
            "https://evil.example",
            "/caf\u{e9}",
        ] {
            assert_eq!(LocalPath::parse(path), None, "{path:?}");
        }
        assert_eq!(LocalPath::parse(&format!("/{}", "a".repeat(MAX_LEN))), None);
    }

    #[test]
    fn the_login_link_carries_the_path_as_one_query_value() {
        let path = LocalPath::parse("/apply?product=repeat&amount=20000").expect("local");
        assert_eq!(
            path.login_then_back(),
            "/login?next=/apply%3Fproduct%3Drepeat%26amount%3D20000"
        );
    }

    proptest! {
        /// Whatever is accepted starts with one slash and has nothing a browser would drop.
        #[test]
        fn an_accepted_path_never_names_another_host(text in "\\PC{0,40}") {
            if let Some(path) = LocalPath::parse(&text) {
                let s = path.as_str();
                prop_assert!(s.starts_with('/') && !s.starts_with("//"));
                prop_assert!(s.bytes().all(|b| b.is_ascii_graphic() && b != b'\\'));
            }
        }
    }
}

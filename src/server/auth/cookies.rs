//! Reading one cookie from a request's headers.
//! Only reading: cookies are set by the code that owns them.

use axum::http::HeaderMap;
use axum::http::header::COOKIE;

/// The value of cookie `name`, if the request sent a non-empty one.
pub fn get(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, value)| *n == name && !value.is_empty())
        .map(|(_, value)| value.to_owned())
}

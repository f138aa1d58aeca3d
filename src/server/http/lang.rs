//! The borrower's language: a `lang` cookie set by `/lang/{code}`, Russian when absent.
//! Switching language changes nothing but the cookie.

use axum::extract::{Path, Query};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::domain::lang::Lang;
use crate::domain::local_path::LocalPath;
use crate::server::request::LANG_COOKIE;

#[derive(Deserialize)]
pub struct Back {
    back: Option<String>,
}

/// `GET /lang/{code}?back=/path`: remembers the language and returns to a page of this site.
pub async fn switch(Path(code): Path<String>, Query(back): Query<Back>) -> Response {
    let Some(lang) = Lang::from_code(&code) else {
        return (axum::http::StatusCode::NOT_FOUND, "unknown language").into_response();
    };
    // Only a path on this site: `//host`, `/\host` or `/%09/host` would leave it.
    let back = back
        .back
        .as_deref()
        .and_then(LocalPath::parse)
        .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned());
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
    let mut response = Redirect::to(&back).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

//! Security headers on every response and the origin check on every state-changing request.
//! Pages add their own nonce to the policy (see `ui::shell`); everything else gets the base policy.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::server::config::Env;
use crate::server::state::AppState;
use crate::wire::error::AppError;

/// The Content-Security-Policy of a page whose inline scripts carry `nonce`.
pub fn page_policy(nonce: Option<&str>) -> String {
    let nonce = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'{nonce} 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; manifest-src 'self'; \
         worker-src 'self'; form-action 'self'; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'"
    )
}

/// The site's own static files (the build's hashed bundle, the app's icons and its public
/// files): the only answers a cache may keep. Everything else is personal or may become so.
fn is_static(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path.starts_with("/icons/")
        || matches!(
            path,
            "/manifest.webmanifest"
                | "/offline.html"
                | "/offline.css"
                | "/robots.txt"
                | "/sw.js"
                | "/sw-register.js"
                | "/favicon.ico"
        )
}

pub async fn headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let cacheable = is_static(request.uri().path());
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    // Personal answers (pages, server functions, documents) are never kept by any cache
    // (issue 16, item 10); a handler that chose its own Cache-Control keeps it.
    if !cacheable && !h.contains_key(header::CACHE_CONTROL) {
        insert(h, header::CACHE_CONTROL, "no-store");
    }
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        insert(h, header::CONTENT_SECURITY_POLICY, &page_policy(None));
    }
    insert(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    insert(
        h,
        header::REFERRER_POLICY,
        "strict-origin-when-cross-origin",
    );
    insert(h, header::X_FRAME_OPTIONS, "DENY");
    insert(
        h,
        "permissions-policy",
        "camera=(self), geolocation=(), microphone=(), payment=()",
    );
    insert(h, "cross-origin-opener-policy", "same-origin");
    if let Some(hsts) = transport_security(state.config.env) {
        insert(h, header::STRICT_TRANSPORT_SECURITY, hsts);
    }
    response
}

/// HSTS, in production only (development serves plain HTTP on the loopback).
fn transport_security(env: Env) -> Option<&'static str> {
    (env == Env::Production).then_some("max-age=63072000; includeSubDomains")
}

fn insert(headers: &mut HeaderMap, name: impl axum::http::header::IntoHeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(name, value);
    }
}

/// Refuses a state-changing request that a browser says comes from another site.
/// Requests without `Origin` and `Sec-Fetch-Site` are not from a browser and pass.
pub async fn origin_check(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || same_site(request.headers(), state.config.public_origin.as_deref()) {
        return next.run(request).await;
    }
    tracing::warn!(
        origin = ?request.headers().get(header::ORIGIN),
        path = request.uri().path(),
        "cross-site request refused"
    );
    let lang = crate::server::request::lang(request.headers());
    let error = AppError::Forbidden {
        message: lang
            .pick(
                "Запрос отклонён: он отправлен с другого сайта",
                "Request refused: it was sent from another site",
            )
            .into(),
    };
    let body = serde_json::to_string(&error).unwrap_or_default();
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "application/json")],
        Body::from(body),
    )
        .into_response()
}

fn same_site(headers: &HeaderMap, public_origin: Option<&str>) -> bool {
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if matches!(fetch_site, Some("cross-site" | "same-site")) {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    match public_origin {
        Some(expected) => origin == expected,
        None => {
            let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
            let origin_host = origin.split_once("://").map(|(_, rest)| rest);
            host.is_some() && origin_host == host
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn hsts_is_sent_in_production_only() {
        assert!(transport_security(Env::Production).is_some_and(|v| v.contains("max-age")));
        assert_eq!(transport_security(Env::Development), None);
    }

    #[test]
    fn a_request_from_the_same_host_passes() {
        let h = headers(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
        ]);
        assert!(same_site(&h, None));
    }

    #[test]
    fn a_request_from_another_origin_is_refused() {
        let h = headers(&[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:3000"),
        ]);
        assert!(!same_site(&h, None));
        let h = headers(&[("origin", "null"), ("host", "127.0.0.1:3000")]);
        assert!(!same_site(&h, None));
        let h = headers(&[("sec-fetch-site", "cross-site")]);
        assert!(!same_site(&h, None));
    }

    #[test]
    fn the_configured_public_origin_wins_over_the_host_header() {
        let h = headers(&[
            ("origin", "https://lk.example.ru"),
            ("host", "10.0.0.5:3000"),
        ]);
        assert!(same_site(&h, Some("https://lk.example.ru")));
        assert!(!same_site(&h, Some("https://other.example.ru")));
    }

    #[test]
    fn a_client_that_is_not_a_browser_passes() {
        assert!(same_site(&HeaderMap::new(), None));
    }

    #[test]
    fn the_page_policy_lets_wasm_run_but_never_eval() {
        let p = page_policy(Some("abc"));
        assert!(p.contains("'nonce-abc'"));
        assert!(p.contains("'wasm-unsafe-eval'"));
        assert!(!p.contains("'unsafe-eval'"));
        assert!(p.contains("object-src 'none'") && p.contains("base-uri 'none'"));
        assert!(p.contains("frame-ancestors 'none'"));
    }
}

//! The door: security headers on every answer and cross-site state changes refused.

use crate::common;

use common::{assert_status, spawn};
use http::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cross_origin_post_to_the_quote_is_refused() {
    let app = spawn().await;
    let answer = app
        .post_form_from(
            "https://evil.example",
            "/api/quote",
            "product=repeat&amount=10000&term_days=30",
        )
        .await;
    assert_status(&answer, StatusCode::FORBIDDEN);
    assert_eq!(answer.json()["error"], "forbidden");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_a_browser_marks_cross_site_is_refused_even_without_origin() {
    let app = spawn().await;
    let request = http::Request::post("/api/quote")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "cross-site")
        .body(axum::body::Body::from(
            "product=repeat&amount=10000&term_days=30",
        ))
        .expect("request");
    assert_status(&app.call(request).await, StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_same_origin_post_passes() {
    let app = spawn().await;
    let answer = app
        .post_form_from(
            "http://127.0.0.1:3000",
            "/api/quote",
            "product=repeat&amount=10000&term_days=30",
        )
        .await;
    assert_status(&answer, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_landing_page_has_a_nonce_policy_that_runs_wasm_but_never_eval() {
    let app = spawn().await;
    let answer = app.get("/").await;
    assert_status(&answer, StatusCode::OK);
    let csp = answer.header("content-security-policy");
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(!csp.contains("'unsafe-eval'"), "{csp}");
    assert!(
        csp.contains("object-src 'none'") && csp.contains("base-uri 'none'"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the policy");
    assert!(
        answer.body.contains(&format!("nonce=\"{nonce}\"")),
        "inline scripts carry the nonce"
    );
    assert_eq!(answer.header("x-content-type-options"), "nosniff");
    assert!(!answer.header("referrer-policy").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_page_gets_a_new_nonce() {
    let app = spawn().await;
    let a = app.get("/").await;
    let b = app.get("/").await;
    assert_ne!(
        a.header("content-security-policy"),
        b.header("content-security-policy")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_answers_carry_the_base_policy_and_no_hsts_in_development() {
    let app = spawn().await;
    let answer = app.get("/api/calculator").await;
    assert!(
        answer
            .header("content-security-policy")
            .contains("default-src 'self'")
    );
    assert_eq!(answer.header("strict-transport-security"), "");
}

/// Issue 16, item 10: nothing personal is kept by a cache; only the site's static files are.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_but_the_static_files_is_no_store() {
    let app = spawn().await;
    let cookie = common::borrower::sign_up(&app).await;
    for uri in [
        "/",
        "/login",
        "/cabinet",
        "/profile",
        "/apply",
        "/api/me",
        "/api/profile",
        "/api/cabinet",
        "/api/application",
        "/documents",
    ] {
        let answer = common::borrower::get_as(&app, uri, &cookie).await;
        assert_eq!(answer.header("cache-control"), "no-store", "{uri}");
    }
    let robots = app.get("/robots.txt").await;
    assert_ne!(robots.header("cache-control"), "no-store");
}

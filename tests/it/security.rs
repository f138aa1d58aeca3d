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

/// Issue 16, item 13: housekeeping forgets what is kept only for a while (a sign-up's draft
/// with its personal data, dead codes, ended sessions) and keeps what is still live.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn housekeeping_forgets_expired_drafts_codes_and_sessions_and_keeps_live_ones() {
    use kabinet::server::jobs::housekeeping;
    let app = spawn().await;
    let live = common::borrower::sign_up(&app).await;
    let draft = common::borrower::post(
        &app,
        "/api/signup/contacts",
        "surname=Петров&first_name=Пётр&patronymic=&phone=%2B79001234567&email=petr@mail.ru",
        None,
    )
    .await;
    assert_status(&draft, StatusCode::OK);
    let count = |sql: &'static str| {
        let db = app.state.db.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&db)
                .await
                .expect("count")
        }
    };
    let now = kabinet::server::store::now_unix();
    // Now: everything is still within its while.
    housekeeping::run(&app.state, now).await.expect("run");
    assert_eq!(count("SELECT COUNT(*) FROM signup_draft").await, 1);
    assert!(count("SELECT COUNT(*) FROM one_time_code").await >= 1);
    assert_eq!(
        common::borrower::me(&app, &live).await["first_name"],
        "Иван"
    );
    // Two days later: the draft and the codes are gone; the account and its loans stay.
    let later = now + 2 * 24 * 3600;
    let gone = housekeeping::run(&app.state, later).await.expect("run");
    assert!(gone >= 2, "{gone}");
    assert_eq!(count("SELECT COUNT(*) FROM signup_draft").await, 0);
    assert_eq!(count("SELECT COUNT(*) FROM one_time_code").await, 0);
    assert_eq!(count("SELECT COUNT(*) FROM account").await, 1);
}

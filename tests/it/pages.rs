//! Server-rendered pages: the quote is on the page before any WebAssembly runs.

use crate::common;

use common::{assert_status, spawn};
use http::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_landing_page_shows_the_default_quote_before_hydration() {
    let app = spawn().await;
    let answer = app.get("/").await;
    assert_status(&answer, StatusCode::OK);
    assert!(answer.body.contains("<html lang=\"ru\""));
    assert!(answer.body.contains("Калькулятор займа"));
    // The first loan's default: 10,000 ₽ for 30 days at 0 % on time.
    assert!(
        answer.body.contains("10\u{a0}000,00\u{a0}₽"),
        "amount shown"
    );
    assert!(answer.body.contains("0,000\u{a0}%"), "ПСК shown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_sent_without_javascript_comes_back_recomputed() {
    let app = spawn().await;
    let answer = app.get("/?product=repeat&amount=20000&term=10").await;
    assert_status(&answer, StatusCode::OK);
    // 20,000 ₽ × 0.8 % × 10 days = 1,600 ₽ interest, 21,600 ₽ to repay.
    assert!(answer.body.contains("1\u{a0}600,00\u{a0}₽"), "interest");
    assert!(answer.body.contains("21\u{a0}600,00\u{a0}₽"), "total");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_amount_in_the_url_is_shown_at_its_field_with_the_default_quote() {
    let app = spawn().await;
    let answer = app.get("/?product=first&amount=999999&term=30").await;
    assert_status(&answer, StatusCode::OK);
    assert!(answer.body.contains("Сумма — от 1"), "message at the field");
    assert!(
        answer.body.contains("value=\"999999\""),
        "what was typed is kept"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_english_page_is_in_english() {
    let app = spawn().await;
    let request = http::Request::get("/")
        .header("cookie", "lang=en")
        .body(axum::body::Body::empty())
        .expect("request");
    let answer = app.call(request).await;
    assert!(answer.body.contains("<html lang=\"en\""));
    assert!(answer.body.contains("Loan calculator"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switching_language_sets_a_cookie_and_returns_to_the_page() {
    let app = spawn().await;
    let answer = app.get("/lang/en?back=/signup%3Famount%3D5000").await;
    assert!(answer.status.is_redirection());
    assert_eq!(answer.header("location"), "/signup?amount=5000");
    assert!(answer.header("set-cookie").starts_with("lang=en"));
    let escape = app.get("/lang/en?back=//evil.example").await;
    assert_eq!(escape.header("location"), "/", "never back to another site");
    // A tab the browser would drop turns `/<tab>/evil.example` into `//evil.example`.
    let tab = app.get("/lang/en?back=%2F%09%2Fevil.example").await;
    assert_eq!(tab.header("location"), "/", "never back to another site");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_address_answers_404_with_a_way_home() {
    let app = spawn().await;
    let answer = app.get("/no-such-page").await;
    assert_status(&answer, StatusCode::NOT_FOUND);
    assert!(answer.body.contains("Страница не найдена"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_readiness_answer() {
    let app = spawn().await;
    assert_status(&app.get("/healthz").await, StatusCode::OK);
    let ready = app.get("/readyz").await;
    assert_status(&ready, StatusCode::OK);
    app.state.db.close().await;
    assert_status(&app.get("/readyz").await, StatusCode::SERVICE_UNAVAILABLE);
}

/// Forty renders of the pages with server data, starting at page `t`, each within 20 s.
async fn render_pages(app: &common::TestApp, t: usize) {
    const PAGES: [&str; 5] = [
        "/",
        "/signup?product=repeat&amount=5000&term=10",
        "/documents",
        "/documents/rules",
        "/login",
    ];
    for i in 0..40 {
        let uri = PAGES[(t + i) % PAGES.len()];
        let answer = tokio::time::timeout(std::time::Duration::from_secs(20), app.get(uri))
            .await
            .unwrap_or_else(|_| panic!("{uri} hung ({t}, request {i})"));
        assert_status(&answer, StatusCode::OK);
    }
}

/// Pages render at once from many runtimes (eight threads, each its own app, as tests run) and
/// never wait forever. Before the route list was made once per process, the first renders of
/// `/signup` or `/documents` here hung in about one run of three: another app's route listing
/// suppressed resource loading process-wide meanwhile (leptos-rs/leptos#4773).
#[test]
fn pages_rendered_from_many_runtimes_at_once_all_finish() {
    let threads: Vec<_> = (0..8)
        .map(|t| {
            std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                runtime.block_on(async move { render_pages(&spawn().await, t).await })
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("every render finished");
    }
}

/// The same in one runtime, as the server runs them, eight at a time on one app; a request that
/// hangs anyway is answered 408 (`server::http::serve`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_rendered_at_once_all_finish() {
    let app = std::sync::Arc::new(spawn().await);
    let tasks: Vec<_> = (0..8usize)
        .map(|t| {
            let app = app.clone();
            tokio::spawn(async move { render_pages(&app, t).await })
        })
        .collect();
    for task in tasks {
        task.await.expect("finished");
    }
}

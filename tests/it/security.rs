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

/// Issue 16, item 8: a 50 MB body to a server function is refused by its declared length before
/// a byte of it is read, and one that does not declare its length stops being read at the cap;
/// neither starts a sign-up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_server_function_body_is_refused_and_changes_nothing() {
    let app = spawn().await;
    let form = common::borrower::signup_form(common::borrower::PHONE, "correct horse 42");
    let mut huge = form.clone().into_bytes();
    huge.resize(50 * 1024 * 1024, b'a');
    let declared = http::Request::post("/api/signup/start")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("content-length", huge.len())
        .body(axum::body::Body::from(huge))
        .expect("request");
    let refused = app.call(declared).await;
    assert_status(&refused, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        refused.body.contains("Запрос слишком большой"),
        "{}",
        refused.body
    );

    // The same without a length: a stream of 1 KiB pieces, cut off at the cap.
    let pieces = std::iter::once(form.clone().into_bytes())
        .chain(std::iter::repeat_n(vec![b'a'; 1024], 1024))
        .map(Ok::<_, std::io::Error>);
    let streamed = http::Request::post("/api/signup/start")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from_stream(futures::stream::iter(pieces)))
        .expect("request");
    let answer = app.call(streamed).await;
    assert!(!answer.status.is_success(), "{}", answer.status);
    assert_eq!(
        common::borrower::count(&app, "SELECT COUNT(*) FROM pending_signup").await,
        0
    );
    // A form of ordinary size still works.
    let started = common::borrower::post(&app, "/api/signup/start", &form, None).await;
    assert_status(&started, StatusCode::OK);
}

/// A server on a real socket, with the router of `app` and a header timeout of one second.
async fn listening(app: &common::TestApp) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    let router = app.router.clone();
    tokio::spawn(kabinet::server::http::serve::serve(
        listener,
        router,
        std::time::Duration::from_secs(1),
        std::future::pending(),
    ));
    addr
}

/// Reads what the server sends until it closes the connection (or 10 s pass: a failure).
async fn until_closed(stream: &mut tokio::net::TcpStream) -> (String, std::time::Duration) {
    use tokio::io::AsyncReadExt;
    let started = std::time::Instant::now();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut answer),
    )
    .await;
    assert!(read.is_ok(), "the server kept the connection open");
    (
        String::from_utf8_lossy(&answer).into_owned(),
        started.elapsed(),
    )
}

/// Slowloris: headers that never end hold the connection one second, not forever; a body that
/// trickles is answered 408 once the request's time is up. The server keeps answering others.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_client_is_cut_off_and_the_server_keeps_serving() {
    use tokio::io::AsyncWriteExt;
    let app = common::spawn_with(&[("KABINET_REQUEST_TIMEOUT_SECONDS", "2")]).await;
    let addr = listening(&app).await;

    let mut slow_headers = tokio::net::TcpStream::connect(addr).await.expect("connect");
    slow_headers
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .await
        .expect("write");
    let (answer, waited) = until_closed(&mut slow_headers).await;
    assert!(!answer.contains("200 OK"), "{answer}");
    assert!(waited < std::time::Duration::from_secs(5), "{waited:?}");

    let mut slow_body = tokio::net::TcpStream::connect(addr).await.expect("connect");
    slow_body
        .write_all(
            b"POST /api/quote HTTP/1.1\r\nHost: 127.0.0.1\r\n\
              Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nproduct=",
        )
        .await
        .expect("write");
    let (answer, waited) = until_closed(&mut slow_body).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("Запрос шёл слишком долго"), "{answer}");
    assert!(waited < std::time::Duration::from_secs(6), "{waited:?}");

    let mut fine = tokio::net::TcpStream::connect(addr).await.expect("connect");
    fine.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    let (answer, _) = until_closed(&mut fine).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

//! Rate limits per IP and per account, shared by every server instance on one database, and
//! the audit log of security events (PRODUCT.md §7).

use crate::common;

use common::borrower::{PHONE, count, post_from_ip, sign_up};
use common::{assert_status, spawn_with};
use http::StatusCode;

const BEHIND_PROXY: &[(&str, &str)] = &[("KABINET_CLIENT_IP_HEADER", "x-real-ip")];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logins_from_one_address_are_limited_across_instances() {
    let first = spawn_with(BEHIND_PROXY).await;
    let second = first.beside().await;
    // 30 attempts in 15 minutes from one address, whichever instance takes them.
    for i in 0..30 {
        let app = if i % 2 == 0 { &first } else { &second };
        let form = format!("phone=8912000{i:04}&password=wrong+password");
        let answer = post_from_ip(app, "/api/login", &form, "203.0.113.7").await;
        assert_status(&answer, StatusCode::UNAUTHORIZED);
    }
    let limited = post_from_ip(
        &second,
        "/api/login",
        "phone=89120009999&password=x",
        "203.0.113.7",
    )
    .await;
    assert_status(&limited, StatusCode::TOO_MANY_REQUESTS);
    let retry: i64 = limited.header("retry-after").parse().expect("Retry-After");
    assert!((1..=900).contains(&retry), "{retry}");
    assert!(
        limited.json()["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Слишком много попыток")
    );
    // Another address is not affected.
    let other = post_from_ip(
        &first,
        "/api/login",
        "phone=89120009999&password=x",
        "198.51.100.1",
    )
    .await;
    assert_status(&other, StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logins_against_one_phone_are_limited_from_any_address() {
    let app = spawn_with(BEHIND_PROXY).await;
    sign_up(&app).await;
    for i in 0..10 {
        let answer = post_from_ip(
            &app,
            "/api/login",
            "phone=89123456789&password=wrong+password",
            &format!("198.51.100.{i}"),
        )
        .await;
        assert_status(&answer, StatusCode::UNAUTHORIZED);
    }
    // Even the right password waits now: the account is under attack.
    let right = post_from_ip(
        &app,
        "/api/login",
        "phone=89123456789&password=пароль+от+кабинета",
        "192.0.2.200",
    )
    .await;
    assert_status(&right, StatusCode::TOO_MANY_REQUESTS);
    // An unknown phone is limited the same way, so the limit reveals nothing.
    for _ in 0..10 {
        post_from_ip(
            &app,
            "/api/login",
            "phone=89990001122&password=x",
            "192.0.2.1",
        )
        .await;
    }
    let unknown = post_from_ip(
        &app,
        "/api/login",
        "phone=89990001122&password=x",
        "192.0.2.2",
    )
    .await;
    assert_status(&unknown, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_ups_and_resets_from_one_address_are_limited() {
    let app = spawn_with(BEHIND_PROXY).await;
    for i in 0..kabinet::server::auth::limits::START_PER_IP.hits {
        let answer = post_from_ip(
            &app,
            "/api/reset/start",
            &format!("login=user{i}@mail.ru"),
            "203.0.113.9",
        )
        .await;
        assert_status(&answer, StatusCode::OK);
    }
    let form = common::borrower::signup_form(PHONE, "пароль от кабинета");
    let limited = post_from_ip(&app, "/api/signup/start", &form, "203.0.113.9").await;
    assert_status(&limited, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn security_events_are_audited_with_address_and_browser_and_no_secret() {
    let app = spawn_with(BEHIND_PROXY).await;
    sign_up(&app).await;
    post_from_ip(
        &app,
        "/api/login",
        "phone=89123456789&password=wrong+password",
        "203.0.113.5",
    )
    .await;
    let ok = post_from_ip(
        &app,
        "/api/login",
        "phone=89123456789&password=пароль+от+кабинета",
        "203.0.113.5",
    )
    .await;
    assert_status(&ok, StatusCode::OK);
    let rows: Vec<(String, Option<String>, String, String)> = sqlx::query_as(
        "SELECT kind, account_id, ip, user_agent FROM audit_event ORDER BY at, kind",
    )
    .fetch_all(&app.state.db)
    .await
    .expect("audit rows");
    let kinds: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert!(kinds.contains(&"sign_up"), "{kinds:?}");
    assert!(kinds.contains(&"login_failed"), "{kinds:?}");
    assert!(kinds.contains(&"login_succeeded"), "{kinds:?}");
    let login = rows
        .iter()
        .find(|r| r.0 == "login_succeeded")
        .expect("login row");
    assert!(login.1.is_some());
    assert_eq!(login.2, "203.0.113.5");
    assert!(login.3.contains("Chrome"), "{}", login.3);
    // No password and no code anywhere in the log.
    let code: String = sqlx::query_scalar(
        "SELECT body FROM outbox_message WHERE recipient = $1 ORDER BY id LIMIT 1",
    )
    .bind(PHONE)
    .fetch_one(&app.state.db)
    .await
    .expect("the sign-up SMS");
    let code: String = code.chars().filter(char::is_ascii_digit).collect();
    let leaks = count(
        &app,
        &format!(
            "SELECT COUNT(*) FROM audit_event WHERE COALESCE(detail, '') || user_agent || ip
             LIKE '%пароль%' OR COALESCE(detail, '') LIKE '%{code}%'"
        ),
    )
    .await;
    assert_eq!(leaks, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_flood_beyond_the_hashing_pool_is_refused_as_busy_with_retry_after() {
    let app = spawn_with(&[
        ("KABINET_CLIENT_IP_HEADER", "x-real-ip"),
        ("KABINET_HASH_WORKERS", "1"),
        ("KABINET_HASH_QUEUE", "0"),
    ])
    .await;
    let app = std::sync::Arc::new(app);
    let attempts: Vec<_> = (0..40)
        .map(|i| {
            let app = app.clone();
            tokio::spawn(async move {
                let form = format!("phone=8912100{i:04}&password=flood+password");
                post_from_ip(&app, "/api/login", &form, &format!("10.0.0.{i}")).await
            })
        })
        .collect();
    let mut busy = 0;
    for attempt in attempts {
        let answer = attempt.await.expect("task");
        match answer.status {
            StatusCode::UNAUTHORIZED => {}
            StatusCode::SERVICE_UNAVAILABLE => {
                busy += 1;
                assert_eq!(answer.header("retry-after"), "5");
                assert_eq!(answer.json()["error"], "busy");
            }
            other => panic!("unexpected {other}: {}", answer.body),
        }
    }
    // One worker and no queue: attempts that overlap one being hashed cannot be admitted.
    assert!(busy > 0, "no attempt was refused as busy");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_cannot_double_up_across_the_boundary_of_two_windows() {
    use kabinet::server::auth::limits::{self, Limit, LimitError};
    let app = common::spawn().await;
    let limit = Limit {
        name: "test",
        why: kabinet::i18n::errors::Wait::Requests,
        hits: 10,
        window: 100,
    };
    // Ten hits in the last second of one window, then more in the first second of the next.
    for _ in 0..10 {
        limits::hit(&app.state.db, limit, "k", 1_099)
            .await
            .expect("allowed");
    }
    let refused = limits::hit(&app.state.db, limit, "k", 1_101).await;
    assert!(
        matches!(refused, Err(LimitError::Limited { retry_after }) if (1..=100).contains(&retry_after)),
        "{refused:?}"
    );
    // Once the burst has slid out of the last 100 seconds, hits are allowed again.
    limits::hit(&app.state.db, limit, "k", 1_199)
        .await
        .expect("allowed again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn asking_again_while_refused_never_pushes_the_wait_further() {
    use kabinet::server::auth::limits::{self, Limit, LimitError};
    let app = common::spawn().await;
    let limit = Limit {
        name: "test",
        why: kabinet::i18n::errors::Wait::Requests,
        hits: 3,
        window: 100,
    };
    for _ in 0..3 {
        limits::hit(&app.state.db, limit, "k", 1_010)
            .await
            .expect("allowed");
    }
    // A hundred refused attempts later in the window…
    for _ in 0..100 {
        let refused = limits::hit(&app.state.db, limit, "k", 1_050).await;
        assert!(
            matches!(refused, Err(LimitError::Limited { .. })),
            "{refused:?}"
        );
    }
    // …half of the window later the three allowed hits are half slid out, and a hit is allowed
    // (had the refused ones counted, 103 hits would still fill it).
    limits::hit(&app.state.db, limit, "k", 1_150)
        .await
        .expect("allowed once the counted hits slid out");
    // Checking counts nothing.
    for _ in 0..10 {
        limits::check(&app.state.db, limit, "other", 1_010)
            .await
            .expect("a check is not a hit");
    }
}

/// Issue 16, item 4: behind a proxy that appends to `X-Forwarded-For`, the address a limit and
/// the audit log count is the one the proxy wrote, never one the client put in front of it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_forwarded_for_entry_is_not_taken_as_the_client() {
    let app = common::spawn_with(&[("KABINET_CLIENT_IP_HEADER", "x-forwarded-for")]).await;
    let request = http::Request::post("/api/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-forwarded-for", "1.2.3.4, 203.0.113.9")
        .body(axum::body::Body::from(
            "phone=%2B79123456789&password=wrong-password-1",
        ))
        .expect("request");
    let answer = app.call(request).await;
    assert_status(&answer, http::StatusCode::UNAUTHORIZED);
    let ips: Vec<String> = sqlx::query_scalar("SELECT ip FROM audit_event")
        .fetch_all(&app.state.db)
        .await
        .expect("audit");
    assert_eq!(ips, ["203.0.113.9"]);
}

/// Issue 16, item 3: every SMS to one phone counts toward its day's budget, whatever it says;
/// past it nothing more goes to that phone (SMS pumping), and other phones are not touched.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phones_sms_budget_for_the_day_holds_for_every_kind_of_text() {
    use kabinet::server::auth::limits::SMS_PER_PHONE;
    use kabinet::server::services::plumbing::sms;
    let app = common::spawn().await;
    for i in 0..SMS_PER_PHONE.hits {
        sms(&app.state, PHONE, format!("notice {i}"))
            .await
            .expect("within the budget");
    }
    let over = sms(&app.state, PHONE, "one more".into()).await;
    assert!(
        matches!(
            over,
            Err(kabinet::server::error::ServiceError::TooMany { .. })
        ),
        "{over:?}"
    );
    sms(&app.state, "+79990001122", "another phone".into())
        .await
        .expect("another phone's budget");
    assert_eq!(
        count(
            &app,
            &format!("SELECT COUNT(*) FROM outbox_message WHERE recipient = '{PHONE}'")
        )
        .await,
        SMS_PER_PHONE.hits
    );
}

/// Issue 16, item 11: the audit log covers the money and the personal data, not only logins:
/// the payout card bound, the terms signed, the decrypted questionnaire read (and what for), a
/// repayment's code confirmed, a wrong code, and quick payment finding a loan.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_log_covers_signatures_payments_codes_lookups_and_personal_data() {
    use common::journey::{FIRST, confirm, paid_out, start_payment};
    let app = common::spawn().await;
    let (cookie, loan) = paid_out(&app, FIRST).await;
    assert_status(
        &start_payment(&app, &cookie, &loan, "1000", "audit-pay-key1").await,
        StatusCode::OK,
    );
    let code = common::borrower::code_in(&common::borrower::last_sms(&app, PHONE).await);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    confirm(&app, &cookie, "audit-pay-key1", wrong).await;
    assert_status(
        &confirm(&app, &cookie, "audit-pay-key1", &code).await,
        StatusCode::OK,
    );
    let found = common::borrower::post(
        &app,
        "/api/quick/find",
        "phone=89123456789&surname=Иванов",
        None,
    )
    .await;
    assert_status(&found, StatusCode::OK);
    for kind in [
        "payout_destination_changed",
        "terms_signed",
        "personal_data_read",
        "code_failed",
        "payment_confirmed",
        "quick_lookup",
    ] {
        assert!(
            count(
                &app,
                &format!("SELECT COUNT(*) FROM audit_event WHERE kind = '{kind}'")
            )
            .await
                >= 1,
            "{kind} is audited"
        );
    }
    let reads: Vec<String> = sqlx::query_scalar(
        "SELECT detail FROM audit_event WHERE kind = 'personal_data_read' ORDER BY at",
    )
    .fetch_all(&app.state.db)
    .await
    .expect("reads");
    assert!(
        reads.iter().any(|d| d.contains("credit decision")),
        "{reads:?}"
    );
}

//! Sign-up, login, logout and sessions through the real router (PRODUCT.md J2 steps 2–4, J3).

use crate::common;

use common::borrower::{PHONE, code_in, last_sms, me, post, session_cookie, sign_up, signup_form};
use common::{assert_status, spawn};
use http::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_borrower_signs_up_with_the_sms_code_and_is_logged_in() {
    let app = spawn().await;
    let cookie = sign_up(&app).await;
    assert_eq!(me(&app, &cookie).await["first_name"], "Иван");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_up_with_a_registered_phone_answers_the_same_and_warns_its_owner() {
    let app = spawn().await;
    sign_up(&app).await;
    let again = post(
        &app,
        "/api/signup/start",
        &signup_form(PHONE, "другой длинный пароль"),
        None,
    )
    .await;
    assert_status(&again, StatusCode::OK);
    assert_eq!(again.json()["phone"], "+7 912 ***-**-89");
    let notice = last_sms(&app, PHONE).await;
    assert!(notice.contains("пытались зарегистрироваться"), "{notice}");
    assert!(
        !notice.chars().any(|c| c.is_ascii_digit()),
        "no code goes to a registered phone"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_common_password_is_refused_at_its_field() {
    let app = spawn().await;
    let answer = post(
        &app,
        "/api/signup/start",
        &signup_form(PHONE, "qwerty123"),
        None,
    )
    .await;
    assert_status(&answer, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.json()["fields"][0]["field"], "password");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pending_signup")
        .fetch_one(&app.state.db)
        .await
        .expect("count");
    assert_eq!(stored, 0, "nothing is kept");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_phone_and_a_wrong_password_get_the_same_answer() {
    let app = spawn().await;
    sign_up(&app).await;
    let unknown = post(
        &app,
        "/api/login",
        "phone=89990001122&password=пароль+от+кабинета",
        None,
    )
    .await;
    let wrong = post(
        &app,
        "/api/login",
        "phone=89123456789&password=не+тот+пароль",
        None,
    )
    .await;
    assert_status(&unknown, StatusCode::UNAUTHORIZED);
    assert_eq!((unknown.status, &unknown.body), (wrong.status, &wrong.body));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_rotates_the_token_and_logout_makes_it_useless() {
    let app = spawn().await;
    let first = sign_up(&app).await;
    let login = post(
        &app,
        "/api/login",
        "phone=89123456789&password=пароль+от+кабинета",
        Some(&first),
    )
    .await;
    assert_status(&login, StatusCode::OK);
    let second = session_cookie(&login);
    assert_ne!(first, second, "a new token at login");
    assert!(
        me(&app, &first).await.is_null(),
        "the token held before login ended"
    );
    assert_eq!(me(&app, &second).await["first_name"], "Иван");
    let out = post(&app, "/api/logout", "", Some(&second)).await;
    assert_status(&out, StatusCode::OK);
    assert!(out.header("set-cookie").contains("Max-Age=0"));
    assert!(me(&app, &second).await.is_null(), "useless after logout");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_idle_for_15_minutes_expires() {
    let app = spawn().await;
    let cookie = sign_up(&app).await;
    sqlx::query("UPDATE session SET last_seen_at = last_seen_at - 901")
        .execute(&app.state.db)
        .await
        .expect("age the session");
    assert!(me(&app, &cookie).await.is_null());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_code_keeps_the_account_uncreated() {
    let app = spawn().await;
    let started = post(
        &app,
        "/api/signup/start",
        &signup_form(PHONE, "пароль от кабинета"),
        None,
    )
    .await;
    let browser = common::borrower::signup_cookie(&started);
    let code = code_in(&last_sms(&app, PHONE).await);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let answer = post(
        &app,
        "/api/signup/confirm",
        &format!("code={wrong}"),
        Some(&browser),
    )
    .await;
    assert_status(&answer, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.json()["fields"][0]["field"], "code");
    assert_eq!(
        answer.json()["fields"][0]["message"],
        "Неверный код. Осталось попыток: 4"
    );
    assert_eq!(answer.header("set-cookie"), "");
    let accounts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM account")
        .fetch_one(&app.state.db)
        .await
        .expect("count");
    assert_eq!(accounts, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_account_endpoint_refuses_a_cross_origin_post() {
    let app = spawn().await;
    for uri in [
        "/api/signup/start",
        "/api/signup/confirm",
        "/api/login",
        "/api/logout",
        "/api/logout/all",
        "/api/sessions/revoke",
        "/api/email/resend",
        "/api/email/confirm",
        "/api/reset/start",
        "/api/reset/code",
        "/api/reset/email",
        "/api/phone/start",
        "/api/phone/confirm",
        "/api/application/start",
        "/api/application/questionnaire",
    ] {
        let answer = app
            .post_form_from("https://evil.example", uri, "phone=89123456789")
            .await;
        assert_status(&answer, StatusCode::FORBIDDEN);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_ends_after_12_hours_however_active() {
    let app = spawn().await;
    let cookie = sign_up(&app).await;
    // Active a minute ago, but opened more than 12 hours ago.
    sqlx::query(
        "UPDATE session SET expires_at = expires_at - 43201, last_seen_at = last_seen_at - 60",
    )
    .execute(&app.state.db)
    .await
    .expect("age the session");
    assert!(me(&app, &cookie).await.is_null());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_consent_is_stored_with_its_document_version_and_marketing_only_when_ticked() {
    let app = spawn().await;
    sign_up(&app).await;
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT kind, document_version FROM consent ORDER BY kind")
            .fetch_all(&app.state.db)
            .await
            .expect("consents");
    let kinds: Vec<&str> = rows.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        kinds,
        ["credit_bureau", "electronic_signature", "personal_data"]
    );
    assert!(
        rows.iter()
            .all(|(_, version)| version == kabinet::domain::signup::CONSENT_VERSION)
    );
}

/// Issue 16, item 1: a stranger who posts the victim's phone while the victim signs up cannot
/// take the account the victim's code creates, nor replace the victim's pending sign-up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_up_belongs_to_the_browser_that_started_it() {
    let app = spawn().await;
    let victim = post(
        &app,
        "/api/signup/start",
        &signup_form(PHONE, "пароль жертвы надёжный"),
        None,
    )
    .await;
    assert_status(&victim, StatusCode::OK);
    let victims_browser = common::borrower::signup_cookie(&victim);
    let code = code_in(&last_sms(&app, PHONE).await);
    // The attacker's form for the same phone, from another browser, while the code is live.
    let attacker = post(
        &app,
        "/api/signup/start",
        &signup_form(PHONE, "пароль злоумышленника"),
        None,
    )
    .await;
    assert_status(&attacker, StatusCode::TOO_MANY_REQUESTS);
    let attackers_browser = common::borrower::signup_cookie(&attacker);
    assert_ne!(attackers_browser, victims_browser);
    // The victim's code, sent from the attacker's browser, confirms nothing.
    let stolen = post(
        &app,
        "/api/signup/confirm",
        &format!("code={code}"),
        Some(&attackers_browser),
    )
    .await;
    assert_status(&stolen, StatusCode::UNPROCESSABLE_ENTITY);
    // The victim's browser gets the account with the victim's password.
    let confirmed = post(
        &app,
        "/api/signup/confirm",
        &format!("code={code}"),
        Some(&victims_browser),
    )
    .await;
    assert_status(&confirmed, StatusCode::OK);
    let mine = common::borrower::log_in(&app, PHONE, "пароль жертвы надёжный").await;
    assert_status(&mine, StatusCode::OK);
    let theirs = common::borrower::log_in(&app, PHONE, "пароль злоумышленника").await;
    assert_status(&theirs, StatusCode::UNAUTHORIZED);
}

/// Issue 20, item 7: the contacts typed are kept for the browser, so a reload resumes there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_contacts_typed_are_kept_for_the_browser_and_checked_at_their_fields() {
    let app = spawn().await;
    let refused = post(
        &app,
        "/api/signup/contacts",
        "surname=&first_name=Иван&patronymic=&phone=123&email=ivan@mail.ru",
        None,
    )
    .await;
    assert_status(&refused, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = refused.json()["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(fields, ["surname", "phone"]);
    let kept = post(
        &app,
        "/api/signup/contacts",
        "surname=Иванов&first_name=Иван&patronymic=&phone=%2B79123456789&email=ivan@mail.ru",
        None,
    )
    .await;
    assert_status(&kept, StatusCode::OK);
    let browser = common::borrower::signup_cookie(&kept);
    let draft = common::borrower::get_as(&app, "/api/signup/draft", &browser)
        .await
        .json();
    assert_eq!(draft["step"], "password");
    assert_eq!(draft["contacts"]["surname"], "Иванов");
    assert_eq!(draft["contacts"]["email"], "ivan@mail.ru");
    // Another browser has no draft.
    let other = app.get("/api/signup/draft").await;
    assert_eq!(other.json(), serde_json::Value::Null);
}

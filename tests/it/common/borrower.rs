//! A borrower's steps through the account endpoints, shared by the account tests: sign up with
//! the code from the sandbox outbox, read the session cookie, ask who is logged in.

use axum::body::Body;
use http::{Request, StatusCode};

use super::{Answer, TestApp, assert_status};

pub const PHONE: &str = "+79123456789";

pub fn signup_form(phone: &str, password: &str) -> String {
    format!(
        "surname=Иванов&first_name=Иван&phone={}&email=ivan@mail.ru&password={p}&password_repeat={p}\
         &consent_personal_data=on&consent_credit_bureau=on&consent_electronic_signature=on",
        phone.replace('+', "%2B"),
        p = password.replace(' ', "+"),
    )
}

pub async fn post(app: &TestApp, uri: &str, form: &str, cookie: Option<&str>) -> Answer {
    let mut request =
        Request::post(uri).header("content-type", "application/x-www-form-urlencoded");
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    app.call(request.body(Body::from(form.to_owned())).expect("request"))
        .await
}

pub async fn me(app: &TestApp, cookie: &str) -> serde_json::Value {
    let request = Request::get("/api/me")
        .header("cookie", cookie)
        .body(Body::empty())
        .expect("request");
    app.call(request).await.json()
}

/// The latest SMS to `phone` in the sandbox outbox.
pub async fn last_sms(app: &TestApp, phone: &str) -> String {
    sqlx::query_scalar("SELECT body FROM outbox_message WHERE recipient = $1 ORDER BY created_at DESC, id DESC LIMIT 1")
        .bind(phone)
        .fetch_one(&app.state.db)
        .await
        .expect("an SMS was sent")
}

pub fn code_in(sms: &str) -> String {
    sms.split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .expect("a 6-digit code")
        .to_owned()
}

/// The session cookie a response sets, as a browser would send it back.
pub fn session_cookie(answer: &Answer) -> String {
    let set = answer.header("set-cookie");
    assert!(set.starts_with("__Host-kabinet_session="), "{set}");
    for attribute in ["HttpOnly", "Secure", "SameSite=Lax", "Path=/"] {
        assert!(set.contains(attribute), "{set} lacks {attribute}");
    }
    set.split(';').next().unwrap_or_default().to_owned()
}

pub async fn sign_up(app: &TestApp) -> String {
    sign_up_as(app, PHONE).await
}

/// Signs up Иван Иванов with `phone` (+7…) and the code from the sandbox outbox.
pub async fn sign_up_as(app: &TestApp, phone: &str) -> String {
    sign_up_with(app, phone, "пароль от кабинета").await
}

/// The sign-up nonce cookie (`name=value`) a sign-up's first answer set for its browser.
pub fn signup_cookie(answer: &Answer) -> String {
    answer
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("__Host-kabinet_signup="))
        .and_then(|v| v.split(';').next())
        .unwrap_or_default()
        .to_owned()
}

/// Signs up Иван Иванов with `phone` and `password` as one browser does (the sign-up cookie
/// carried from the start to the code); returns the session cookie.
pub async fn sign_up_with(app: &TestApp, phone: &str, password: &str) -> String {
    let started = post(
        app,
        "/api/signup/start",
        &signup_form(phone, password),
        None,
    )
    .await;
    assert_status(&started, StatusCode::OK);
    let browser = signup_cookie(&started);
    let code = code_in(&last_sms(app, phone).await);
    let confirmed = post(
        app,
        "/api/signup/confirm",
        &format!("code={code}"),
        Some(&browser),
    )
    .await;
    assert_status(&confirmed, StatusCode::OK);
    session_cookie(&confirmed)
}

/// A form POST from the address `ip`, as a trusted proxy reports it in `x-real-ip`
/// (the app must be spawned with `KABINET_CLIENT_IP_HEADER=x-real-ip`).
pub async fn post_from_ip(app: &TestApp, uri: &str, form: &str, ip: &str) -> Answer {
    let request = Request::post(uri)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-real-ip", ip)
        .header(
            "user-agent",
            "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36",
        );
    app.call(request.body(Body::from(form.to_owned())).expect("request"))
        .await
}

pub async fn log_in(app: &TestApp, phone: &str, password: &str) -> Answer {
    post(
        app,
        "/api/login",
        &format!(
            "phone={}&password={}",
            phone.replace('+', "%2B"),
            password.replace(' ', "+")
        ),
        None,
    )
    .await
}

/// The latest email to `to` in the sandbox outbox: (subject, body).
pub async fn last_email(app: &TestApp, to: &str) -> (String, String) {
    sqlx::query_as(
        "SELECT subject, body FROM outbox_message WHERE recipient = $1 AND channel = 'email'
         ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .bind(to)
    .fetch_one(&app.state.db)
    .await
    .expect("an email was sent")
}

/// The `token` of the link in an email.
pub fn link_token(body: &str) -> String {
    body.split("token=")
        .nth(1)
        .expect("a link with a token")
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect()
}

pub async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&app.state.db)
        .await
        .expect("count")
}

/// Makes every code sent so far two minutes old, so a new one may be sent at once.
pub async fn age_codes(app: &TestApp) {
    sqlx::query("UPDATE one_time_code SET created_at = created_at - 120")
        .execute(&app.state.db)
        .await
        .expect("age the codes");
}

/// Waits (up to 5 s) until `to` has `n` messages in the outbox: resets send theirs after the
/// answer, so that the answer takes as long whether or not the phone or email is registered.
pub async fn await_messages(app: &TestApp, to: &str, n: i64) {
    for _ in 0..100 {
        let sent: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox_message WHERE recipient = $1")
                .bind(to)
                .fetch_one(&app.state.db)
                .await
                .expect("count");
        if sent >= n {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{to} did not get {n} messages");
}

/// The questionnaire form of Иван Иванов, with `changes` made.
pub fn questionnaire(changes: &[(&str, &str)]) -> String {
    let mut fields: Vec<(&str, String)> = [
        ("birth_date", "1990-05-20"),
        ("birth_place", "г. Пермь"),
        ("passport_series", "5710"),
        ("passport_number", "123456"),
        ("passport_issued_on", "2010-06-20"),
        ("passport_issuer", "ОУФМС России по Пермскому краю"),
        ("division_code", "590-001"),
        ("snils", "112-233-445 95"),
        ("inn", "500100732259"),
        ("registration_address", "г. Пермь, ул. Ленина, д. 1, кв. 2"),
        ("residence_same", "on"),
        ("employment", "employed"),
        ("employer", "ООО Ромашка"),
        ("position", "бухгалтер"),
        ("monthly_income", "55000"),
        ("family", "married"),
        ("dependents", "1"),
        ("monthly_obligations", "5000"),
    ]
    .iter()
    .map(|(k, v)| (*k, v.to_string()))
    .collect();
    for (key, value) in changes {
        fields.retain(|(k, _)| k != key);
        fields.push((key, value.to_string()));
    }
    fields
        .iter()
        .map(|(k, v)| format!("{k}={}", v.replace('+', "%2B").replace(' ', "+")))
        .collect::<Vec<_>>()
        .join("&")
}

/// A GET with the borrower's cookie.
pub async fn get_as(app: &TestApp, uri: &str, cookie: &str) -> Answer {
    app.call(
        Request::get(uri)
            .header("cookie", cookie)
            .body(Body::empty())
            .expect("request"),
    )
    .await
}

/// Binds `number` held by `holder` through the sandbox gateway's page; returns the binding id.
pub async fn bind_card(app: &TestApp, cookie: &str, number: &str, holder: &str) -> String {
    let started = post(app, "/api/cards/bind", "", Some(cookie)).await;
    assert_status(&started, StatusCode::OK);
    let redirect = started.json().as_str().expect("a URL").to_owned();
    let session = redirect.rsplit('=').next().expect("session").to_owned();
    let paid = app
        .post_form(
            "/sandbox/pay",
            &format!(
                "session={session}&number={}&expiry=12%2F30&holder={}&cvc=123",
                number.replace(' ', "+"),
                holder.replace(' ', "+")
            ),
        )
        .await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.body);
    sqlx::query_scalar("SELECT binding_id FROM sandbox_pay_session WHERE id = $1")
        .bind(&session)
        .fetch_one(&app.state.db)
        .await
        .expect("session")
}

/// Signs up and starts an application for a first loan of 5,000 ₽ over 14 days.
pub async fn started(app: &TestApp) -> String {
    let cookie = sign_up(app).await;
    let start = post(
        app,
        "/api/application/start",
        "product=first&amount=5000&term_days=14",
        Some(&cookie),
    )
    .await;
    assert_status(&start, StatusCode::OK);
    assert_eq!(start.json()["step"], "questionnaire");
    assert_eq!(start.json()["amount"], "5000.00");
    cookie
}

/// Signs up, starts an application for `amount` of `product` over `term` days, saves the
/// questionnaire with `changes` and binds a card: the application waits for the selfie.
pub async fn at_identity(
    app: &TestApp,
    loan: (&str, &str, &str),
    changes: &[(&str, &str)],
) -> String {
    at_identity_as(app, PHONE, loan, changes).await
}

/// `at_identity` for the borrower with `phone`.
pub async fn at_identity_as(
    app: &TestApp,
    phone: &str,
    (product, amount, term): (&str, &str, &str),
    changes: &[(&str, &str)],
) -> String {
    let cookie = sign_up_as(app, phone).await;
    let start = post(
        app,
        "/api/application/start",
        &format!("product={product}&amount={amount}&term_days={term}"),
        Some(&cookie),
    )
    .await;
    assert_status(&start, StatusCode::OK);
    let saved = post(
        app,
        "/api/application/questionnaire",
        &questionnaire(changes),
        Some(&cookie),
    )
    .await;
    assert_status(&saved, StatusCode::OK);
    bind_card(app, &cookie, "4111 1111 1111 1111", "IVAN IVANOV").await;
    cookie
}

/// Signs up a second borrower (Иван Иванов again, another phone); returns their cookie.
pub async fn other_borrower(app: &TestApp) -> String {
    sign_up_with(app, "+79005556677", "пароль другого человека").await
}

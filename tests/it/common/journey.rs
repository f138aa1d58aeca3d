//! A borrower's way from sign-up to a paid-out loan, shared by the loan and repayment tests.

use axum::body::Body;
use http::{Request, StatusCode};

use super::borrower::{PHONE, at_identity_as, code_in, count, get_as, last_sms, post};
use super::{Answer, TestApp, assert_status};

pub const FIRST: (&str, &str, &str) = ("first", "5000", "14");
/// An installment loan of 50,000 ₽: 4 hours of cooling-off, and a debt load above 50 %.
pub const LARGE: (&str, &str, &str) = ("installment", "50000", "56");

/// A PNG the test draws, with text after its end that must not survive.
pub fn png() -> Vec<u8> {
    let picture =
        image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    picture
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    let mut bytes = out.into_inner();
    bytes.extend_from_slice(b"Exif GPS 55.7558 37.6173");
    bytes
}

pub async fn upload(app: &TestApp, cookie: &str, filename: &str, bytes: &[u8]) -> Answer {
    let boundary = "kabinet-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"selfie\"; filename=\"{filename}\"\r\n\
         Content-Type: image/jpeg\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    app.call(
        Request::post("/apply/selfie")
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header("cookie", cookie)
            .body(Body::from(body))
            .expect("request"),
    )
    .await
}

pub async fn step(app: &TestApp, cookie: &str) -> serde_json::Value {
    let answer = get_as(app, "/api/application", cookie).await;
    assert_status(&answer, StatusCode::OK);
    answer.json()
}

/// From sign-up to the terms step, with the add-ons `form` ticks.
pub async fn at_terms(
    app: &TestApp,
    loan: (&str, &str, &str),
    changes: &[(&str, &str)],
    add_ons: &str,
) -> String {
    at_terms_as(app, PHONE, loan, changes, add_ons).await
}

/// Asks for the signing code (acknowledging the debt load) and signs with it.
pub async fn sign(app: &TestApp, cookie: &str) -> Answer {
    sign_as(app, PHONE, cookie).await
}

/// `at_terms` for the borrower with `phone`.
pub async fn at_terms_as(
    app: &TestApp,
    phone: &str,
    loan: (&str, &str, &str),
    changes: &[(&str, &str)],
    add_ons: &str,
) -> String {
    let cookie = at_identity_as(app, phone, loan, changes).await;
    let taken = upload(app, &cookie, "selfie.png", &png()).await;
    assert_eq!(taken.header("location"), "/apply");
    let chosen = post(app, "/api/application/add_ons", add_ons, Some(&cookie)).await;
    assert_status(&chosen, StatusCode::OK);
    assert_eq!(chosen.json()["step"], "terms");
    cookie
}

/// `sign` for the borrower with `phone`.
pub async fn sign_as(app: &TestApp, phone: &str, cookie: &str) -> Answer {
    let sent = post(
        app,
        "/api/application/sign/start",
        "debt_load_ack=on",
        Some(cookie),
    )
    .await;
    assert_status(&sent, StatusCode::OK);
    let code = code_in(&last_sms(app, phone).await);
    post(
        app,
        "/api/application/sign",
        &format!("code={code}"),
        Some(cookie),
    )
    .await
}

/// Waits (up to 5 s) for the borrower's newest SMS to say `text`: some are sent after a commit.
pub async fn await_sms(app: &TestApp, text: &str) {
    for _ in 0..100 {
        if last_sms(app, PHONE).await.contains(text) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no SMS saying {text:?}: {}", last_sms(app, PHONE).await);
}

pub async fn ledger_sum(app: &TestApp) -> i64 {
    count(
        app,
        "SELECT CAST(COALESCE(SUM(amount_kopecks), 0) AS BIGINT) FROM ledger_entry",
    )
    .await
}

pub async fn wait_for_loan(app: &TestApp, cookie: &str, status: &str) -> serde_json::Value {
    for _ in 0..100 {
        let view = step(app, cookie).await;
        if view["loan"]["status"] == status {
            return view;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!(
        "the loan never became {status}: {}",
        step(app, cookie).await
    );
}

/// A borrower with a paid-out loan of `loan`; returns the cookie and the loan's id.
pub async fn paid_out(app: &TestApp, loan: (&str, &str, &str)) -> (String, String) {
    paid_out_as(app, PHONE, loan).await
}

/// `paid_out` for the borrower with `phone`.
pub async fn paid_out_as(app: &TestApp, phone: &str, loan: (&str, &str, &str)) -> (String, String) {
    let cookie = at_terms_as(app, phone, loan, &[], "").await;
    assert_status(&sign_as(app, phone, &cookie).await, StatusCode::OK);
    let view = wait_for_loan(app, &cookie, "active").await;
    let id = view["loan"]["id"].as_str().expect("loan id").to_owned();
    (cookie, id)
}

pub async fn cabinet(app: &TestApp, cookie: &str) -> serde_json::Value {
    let answer = get_as(app, "/api/cabinet", cookie).await;
    assert_status(&answer, StatusCode::OK);
    answer.json()
}

pub async fn card_id(app: &TestApp, cookie: &str) -> String {
    cabinet(app, cookie).await["cards"][0]["id"]
        .as_str()
        .expect("a bound card")
        .to_owned()
}

/// Lets the next code go out at once, however many were sent this hour.
pub async fn forget_codes(app: &TestApp) {
    sqlx::query("UPDATE one_time_code SET created_at = created_at - 7200")
        .execute(&app.state.db)
        .await
        .expect("age the codes");
}

pub async fn start_payment(
    app: &TestApp,
    cookie: &str,
    loan_id: &str,
    amount: &str,
    key: &str,
) -> Answer {
    let card = card_id(app, cookie).await;
    post(
        app,
        "/api/payments/start",
        &format!("loan_id={loan_id}&amount={amount}&card_id={card}&key={key}"),
        Some(cookie),
    )
    .await
}

pub async fn confirm(app: &TestApp, cookie: &str, key: &str, code: &str) -> Answer {
    post(
        app,
        "/api/payments/confirm",
        &format!("key={key}&code={code}"),
        Some(cookie),
    )
    .await
}

/// Pays `amount` by the bound card under `key`, code and all; answers the confirmation.
pub async fn pay(app: &TestApp, cookie: &str, loan_id: &str, amount: &str, key: &str) -> Answer {
    forget_codes(app).await;
    let started = start_payment(app, cookie, loan_id, amount, key).await;
    assert_status(&started, StatusCode::OK);
    let code = code_in(&last_sms(app, PHONE).await);
    confirm(app, cookie, key, &code).await
}

/// Rewrites the loan's frozen contract (a test's time travel or repricing).
pub async fn edit_contract(
    app: &TestApp,
    loan_id: &str,
    edit: impl FnOnce(&mut kabinet::domain::loan::contract::Contract),
) {
    let text: String = sqlx::query_scalar("SELECT contract FROM loan WHERE id = $1")
        .bind(loan_id)
        .fetch_one(&app.state.db)
        .await
        .expect("contract");
    let mut contract: kabinet::domain::loan::contract::Contract =
        serde_json::from_str(&text).expect("json");
    edit(&mut contract);
    sqlx::query("UPDATE loan SET contract = $1 WHERE id = $2")
        .bind(serde_json::to_string(&contract).expect("json"))
        .bind(loan_id)
        .execute(&app.state.db)
        .await
        .expect("edit the contract");
}

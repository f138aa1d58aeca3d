//! kabinet before (and without) WebAssembly (issue 14's data flow): `/cabinet` rendered on the
//! server with the debt and the next payment, a visitor without a session sent to the login
//! page, and sign-up, login and a repayment by the bound card as plain form posts.

use crate::common;

use axum::body::Body;
use common::borrower::PHONE;
use common::journey::{FIRST, paid_out};
use common::{Answer, TestApp, assert_status, spawn};
use http::{Request, StatusCode};

/// A page or a form post as a browser sends it with JavaScript off: it accepts HTML and names
/// the page it came from.
async fn as_browser(app: &TestApp, request: http::request::Builder, body: &str) -> Answer {
    app.call(
        request
            .header("accept", "text/html,application/xhtml+xml")
            .header("referer", "http://localhost/login")
            .body(Body::from(body.to_owned()))
            .expect("request"),
    )
    .await
}

async fn page(app: &TestApp, uri: &str, cookie: Option<&str>) -> Answer {
    let mut request = Request::get(uri);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    as_browser(app, request, "").await
}

/// The password `sign_up` gives Иван Иванов.
const PASSWORD: &str = "пароль от кабинета";

async fn log_in_without_javascript(app: &TestApp, password: &str) -> Answer {
    let form = format!(
        "phone={}&password={}",
        PHONE.replace('+', "%2B"),
        password.replace(' ', "+")
    );
    let request =
        Request::post("/api/login").header("content-type", "application/x-www-form-urlencoded");
    as_browser(app, request, &form).await
}

/// The text of the element with `id` in `html` (whatever the order of its attributes).
fn text_of<'a>(html: &'a str, id: &str) -> &'a str {
    let Some(at) = html.find(&format!("id=\"{id}\"")) else {
        return "";
    };
    let rest = &html[at..];
    let start = rest.find('>').map_or(rest.len(), |i| i + 1);
    let end = rest[start..].find('<').map_or(rest.len(), |i| start + i);
    &rest[start..end]
}

#[tokio::test]
async fn the_cabinet_is_rendered_on_the_server_with_the_debt_and_the_next_payment() {
    let app = spawn().await;
    let (cookie, _) = paid_out(&app, FIRST).await;
    let cabinet = common::borrower::get_as(&app, "/api/cabinet", &cookie)
        .await
        .json();
    let debt = cabinet["loan"]["debt"].as_str().expect("debt").to_owned();
    let next = cabinet["loan"]["next_payment"]["amount"]
        .as_str()
        .expect("next payment")
        .to_owned();
    let shown = |amount: &str| {
        kabinet::domain::money::Money::parse(amount)
            .expect("amount")
            .display(kabinet::domain::lang::Lang::Ru)
    };

    let html = page(&app, "/cabinet", Some(&cookie)).await;
    assert_status(&html, StatusCode::OK);
    assert_eq!(text_of(&html.body, "debt"), shown(&debt), "{}", html.body);
    assert_eq!(
        text_of(&html.body, "next-payment"),
        shown(&next),
        "{}",
        html.body
    );
    assert!(
        !html.body.contains("aria-busy"),
        "still loading: {}",
        html.body
    );
    assert_eq!(html.header("cache-control"), "no-store");
}

#[tokio::test]
async fn the_cabinet_without_a_session_sends_the_browser_to_the_login_page() {
    let app = spawn().await;
    let html = page(&app, "/cabinet", Some("__Host-kabinet_session=forged")).await;
    assert_status(&html, StatusCode::FOUND);
    assert_eq!(html.header("location"), "/login?next=/cabinet");
}

#[tokio::test]
async fn the_login_goes_back_to_the_page_that_asked_for_it_and_never_off_the_site() {
    let app = spawn().await;
    let (_, _) = paid_out(&app, FIRST).await;
    let with_next = |next: &str| {
        format!(
            "phone={}&password={}&next={next}",
            PHONE.replace('+', "%2B"),
            PASSWORD.replace(' ', "+")
        )
    };
    let post =
        || Request::post("/api/login").header("content-type", "application/x-www-form-urlencoded");
    let back = as_browser(&app, post(), &with_next("%2Fprofile")).await;
    assert_status(&back, StatusCode::FOUND);
    assert_eq!(back.header("location"), "/profile");
    for elsewhere in [
        "%2F%2Fevil.example",
        "%2F%09%2Fevil.example",
        "https%3A%2F%2Fevil.example",
    ] {
        let answer = as_browser(&app, post(), &with_next(elsewhere)).await;
        assert_status(&answer, StatusCode::FOUND);
        assert_eq!(answer.header("location"), "/cabinet", "{elsewhere}");
    }
}

#[tokio::test]
async fn login_without_javascript_goes_to_the_cabinet_with_a_session() {
    let app = spawn().await;
    let (_, _) = paid_out(&app, FIRST).await;
    let answer = log_in_without_javascript(&app, PASSWORD).await;
    assert_status(&answer, StatusCode::FOUND);
    assert_eq!(answer.header("location"), "/cabinet");
    let cookie = common::borrower::session_cookie(&answer);
    let html = page(&app, "/cabinet", Some(&cookie)).await;
    assert_status(&html, StatusCode::OK);
    assert!(html.body.contains("id=\"debt\""), "{}", html.body);
}

#[tokio::test]
async fn a_refused_login_without_javascript_comes_back_to_the_form_with_its_message() {
    let app = spawn().await;
    common::borrower::sign_up(&app).await;
    let answer = log_in_without_javascript(&app, "wrong-password-1").await;
    assert_status(&answer, StatusCode::FOUND);
    let back = answer.header("location").to_owned();
    assert!(back.starts_with("http://localhost/login?"), "{back}");
    assert!(!answer.header("set-cookie").contains("kabinet_session="));
    let path = back.trim_start_matches("http://localhost");
    let html = page(&app, path, None).await;
    assert_status(&html, StatusCode::OK);
    assert!(
        html.body.contains("Неверный телефон или пароль"),
        "{}",
        html.body
    );
}

#[tokio::test]
async fn the_app_itself_logging_in_gets_the_session_and_is_told_where_to_go() {
    let app = spawn().await;
    common::borrower::sign_up(&app).await;
    let answer = common::borrower::log_in(&app, PHONE, PASSWORD).await;
    assert_status(&answer, StatusCode::OK);
    assert_eq!(answer.header("location"), "/cabinet");
}

#[tokio::test]
async fn a_repayment_by_the_bound_card_works_without_javascript() {
    let app = spawn().await;
    let (cookie, loan_id) = paid_out(&app, FIRST).await;
    let cabinet = common::borrower::get_as(&app, "/api/cabinet", &cookie)
        .await
        .json();
    let card = cabinet["cards"][0]["id"].as_str().expect("card").to_owned();
    let debt = cabinet["loan"]["debt"].as_str().expect("debt").to_owned();
    let form = |uri: &str| {
        Request::post(uri)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", &cookie)
    };

    let key = "no-script-key-r";
    let started = as_browser(
        &app,
        form("/api/payments/start"),
        &format!("loan_id={loan_id}&amount={debt}&card_id={card}&key={key}"),
    )
    .await;
    assert_status(&started, StatusCode::FOUND);
    assert_eq!(
        started.header("location"),
        format!("/cabinet?confirm={key}")
    );
    let code_step = page(&app, &format!("/cabinet?confirm={key}"), Some(&cookie)).await;
    assert!(
        code_step.body.contains("name=\"code\""),
        "{}",
        code_step.body
    );
    assert!(
        code_step.body.contains(&format!("value=\"{key}\"")),
        "{}",
        code_step.body
    );

    let code = common::borrower::code_in(&common::borrower::last_sms(&app, PHONE).await);
    let confirmed = as_browser(
        &app,
        form("/api/payments/confirm"),
        &format!("key={key}&code={code}"),
    )
    .await;
    assert_status(&confirmed, StatusCode::FOUND);
    assert!(
        confirmed
            .header("location")
            .starts_with("/cabinet?payment="),
        "{}",
        confirmed.header("location")
    );
    let after = page(&app, "/cabinet", Some(&cookie)).await;
    assert_eq!(
        text_of(&after.body, "debt"),
        kabinet::domain::money::Money::ZERO.display(kabinet::domain::lang::Lang::Ru)
    );
}

#[tokio::test]
async fn sign_up_works_without_javascript_and_goes_on_to_the_chosen_loan() {
    let app = spawn().await;
    let form = common::borrower::signup_form(PHONE, PASSWORD);
    let request = Request::post("/api/signup/start")
        .header("content-type", "application/x-www-form-urlencoded")
        .header(
            "referer",
            "http://localhost/signup?product=first&amount=5000&term=14",
        );
    let started = app
        .call(
            request
                .header("accept", "text/html")
                .body(Body::from(form))
                .expect("request"),
        )
        .await;
    assert_status(&started, StatusCode::FOUND);
    assert_eq!(
        started.header("location"),
        "/signup?step=code&product=first&amount=5000&term=14"
    );
    // The browser keeps only a random nonce; the phone and the step stay on the server.
    let kept = started.header("set-cookie");
    assert!(kept.starts_with("__Host-kabinet_signup="), "{kept}");
    assert!(!kept.contains("79123456789"), "{kept}");
    assert!(kept.contains("HttpOnly"), "{kept}");
    let cookie = common::borrower::signup_cookie(&started);

    let code_step = page(
        &app,
        "/signup?step=code&product=first&amount=5000&term=14",
        Some(&cookie),
    )
    .await;
    assert_status(&code_step, StatusCode::OK);
    assert!(
        code_step.body.contains("name=\"code\""),
        "{}",
        code_step.body
    );

    let code = common::borrower::code_in(&common::borrower::last_sms(&app, PHONE).await);
    let next = "/apply?product=first&amount=5000&term=14";
    let confirm = Request::post("/api/signup/confirm")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", &cookie);
    let confirmed = as_browser(
        &app,
        confirm,
        &format!(
            "code={code}&next={}",
            next.replace('&', "%26").replace('?', "%3F")
        ),
    )
    .await;
    assert_status(&confirmed, StatusCode::FOUND);
    assert_eq!(confirmed.header("location"), next);
    let session = confirmed
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("__Host-kabinet_session="))
        .expect("a session")
        .to_owned();
    assert!(session.contains("HttpOnly"), "{session}");
}

#[tokio::test]
async fn sign_up_goes_only_to_the_application_or_the_cabinet_whatever_the_form_says() {
    let app = spawn().await;
    let started = common::borrower::post(
        &app,
        "/api/signup/start",
        &common::borrower::signup_form(PHONE, PASSWORD),
        None,
    )
    .await;
    let browser = common::borrower::signup_cookie(&started);
    let code = common::borrower::code_in(&common::borrower::last_sms(&app, PHONE).await);
    let confirmed = common::borrower::post(
        &app,
        "/api/signup/confirm",
        &format!("code={code}&next=https%3A%2F%2Fevil.example%2F"),
        Some(&browser),
    )
    .await;
    assert_status(&confirmed, StatusCode::OK);
    assert_eq!(confirmed.header("location"), "/cabinet");
}

#[tokio::test]
async fn the_questionnaire_is_rendered_on_the_server_and_saved_without_javascript() {
    let app = spawn().await;
    let cookie = common::borrower::started(&app).await;
    let wizard = page(&app, "/apply", Some(&cookie)).await;
    assert_status(&wizard, StatusCode::OK);
    assert!(
        wizard.body.contains("name=\"passport_series\""),
        "{}",
        wizard.body
    );
    assert!(
        !wizard.body.contains("aria-busy"),
        "still loading: {}",
        wizard.body
    );
    assert_eq!(wizard.header("cache-control"), "no-store");

    let form = Request::post("/api/application/questionnaire")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", &cookie);
    let saved = as_browser(&app, form, &common::borrower::questionnaire(&[])).await;
    assert_status(&saved, StatusCode::FOUND);
    assert_eq!(saved.header("location"), "/apply");
    let next = page(&app, "/apply", Some(&cookie)).await;
    assert!(
        next.body.contains("Карта для получения денег"),
        "{}",
        next.body
    );
}

#[tokio::test]
async fn the_application_without_a_session_sends_the_browser_to_the_login_page() {
    let app = spawn().await;
    let html = page(&app, "/apply?product=first&amount=5000&term=14", None).await;
    assert_status(&html, StatusCode::FOUND);
    assert_eq!(
        html.header("location"),
        "/login?next=/apply%3Fproduct%3Dfirst%26amount%3D5000%26term%3D14"
    );
}

#[tokio::test]
async fn sign_up_without_a_chosen_loan_shows_its_form_and_no_problem() {
    let app = spawn().await;
    let plain = page(&app, "/signup", None).await;
    assert_status(&plain, StatusCode::OK);
    assert!(plain.body.contains("name=\"surname\""), "{}", plain.body);
    assert!(!plain.body.contains("Заполните это поле"), "{}", plain.body);
    let chosen = page(&app, "/signup?product=first&amount=5000&term=14", None).await;
    assert!(chosen.body.contains("class=\"chosen\""), "{}", chosen.body);
}

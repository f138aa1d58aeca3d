//! `POST /api/quote` through the real router, on the backend under test.

use crate::common;

use common::{assert_status, spawn};
use http::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_repeat_loan_of_10000_for_30_days_is_quoted_with_292_percent() {
    let app = spawn().await;
    let answer = app
        .post_form(
            "/api/quote",
            "product=repeat&amount=10000&term_days=30&date=2026-12-01",
        )
        .await;
    assert_status(&answer, StatusCode::OK);
    let q = answer.json();
    assert_eq!(q["product"], "repeat");
    assert_eq!(q["amount"], "10000.00");
    assert_eq!(q["term_days"], 30);
    assert_eq!(q["daily_rate"], "0.8");
    assert_eq!(q["interest"], "2400.00");
    assert_eq!(q["total"], "12400.00");
    assert_eq!(q["due_date"], "2026-12-31");
    assert_eq!(q["psk_percent"], "292.000");
    assert_eq!(q["psk_rub"], "2400.00");
    assert_eq!(q["cap_rub"], "10000.00");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_loan_repaid_on_time_is_free() {
    let app = spawn().await;
    let q = app
        .post_form(
            "/api/quote",
            "product=first&amount=10000&term_days=30&date=2026-12-01",
        )
        .await
        .json();
    assert_eq!(q["interest"], "0.00");
    assert_eq!(q["total"], "10000.00");
    assert_eq!(q["psk_percent"], "0.000");
    assert_eq!(q["rate_after_due"], "0.8");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_date_the_quote_is_for_today_in_moscow() {
    let app = spawn().await;
    let answer = app
        .post_form("/api/quote", "product=repeat&amount=5000&term_days=7")
        .await;
    assert_status(&answer, StatusCode::OK);
    let today = app.state.config.today();
    let due = (today + chrono::Days::new(7)).to_string();
    assert_eq!(answer.json()["due_date"], due.as_str());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_amount_out_of_range_gets_a_russian_message_at_its_field() {
    let app = spawn().await;
    let answer = app
        .post_form(
            "/api/quote",
            "product=first&amount=50000&term_days=30&date=2026-12-01",
        )
        .await;
    assert_status(&answer, StatusCode::UNPROCESSABLE_ENTITY);
    let e = answer.json();
    assert_eq!(e["error"], "validation");
    assert_eq!(e["fields"][0]["field"], "amount");
    let message = e["fields"][0]["message"].as_str().expect("a message");
    assert!(message.starts_with("Сумма — от 1"), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_malformed_field_is_named() {
    let app = spawn().await;
    for (form, field) in [
        ("product=repeat&amount=abc&term_days=30", "amount"),
        ("product=repeat&amount=10000&term_days=3", "term_days"),
        ("product=repeat&amount=10000&term_days=ten", "term_days"),
        ("product=gold&amount=10000&term_days=30", "product"),
        ("product=repeat&amount=10250&term_days=30", "amount"),
        (
            "product=repeat&amount=10000&term_days=30&date=01.12.2026",
            "date",
        ),
        (
            "product=repeat&amount=10000&term_days=30&date=2001-01-01",
            "date",
        ),
    ] {
        let answer = app.post_form("/api/quote", form).await;
        assert_status(&answer, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(answer.json()["fields"][0]["field"], field, "{form}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_field_is_named_as_required() {
    let app = spawn().await;
    let answer = app
        .post_form("/api/quote", "product=repeat&amount=10000")
        .await;
    assert_status(&answer, StatusCode::UNPROCESSABLE_ENTITY);
    let e = answer.json();
    assert_eq!(e["fields"][0]["field"], "term_days");
    assert_eq!(e["fields"][0]["message"], "Заполните это поле");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_english_locale_gets_english_messages() {
    let app = spawn().await;
    let request = http::Request::post("/api/quote")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", "lang=en")
        .body(axum::body::Body::from(
            "product=first&amount=500&term_days=30",
        ))
        .expect("request");
    let e = app.call(request).await.json();
    let message = e["fields"][0]["message"].as_str().expect("a message");
    assert!(message.starts_with("The amount is"), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_calculator_terms_carry_todays_law_and_the_products() {
    let app = spawn().await;
    let answer = app.get("/api/calculator").await;
    assert_status(&answer, StatusCode::OK);
    let terms = answer.json();
    assert_eq!(terms["law"]["max_daily_rate"], "0.8");
    let codes: Vec<&str> = terms["products"]
        .as_array()
        .expect("products")
        .iter()
        .filter_map(|p| p["code"].as_str())
        .collect();
    assert_eq!(codes, ["first", "repeat", "installment"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_installment_loan_is_quoted_with_every_payment() {
    let app = spawn().await;
    let answer = app
        .post_form(
            "/api/quote",
            "product=installment&amount=60000&term_days=168&date=2026-12-01",
        )
        .await;
    assert_status(&answer, StatusCode::OK);
    let q = answer.json();
    let payments = q["payments"].as_array().expect("payments");
    assert_eq!(payments.len(), 12);
    assert_eq!(payments[0]["on"], "2026-12-15");
    assert_eq!(q["due_date"], "2027-05-18");
    let wrong_term = app
        .post_form(
            "/api/quote",
            "product=installment&amount=60000&term_days=100",
        )
        .await;
    assert_status(&wrong_term, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        wrong_term.json()["fields"][0]["message"],
        "Срок должен быть кратен 14 дням"
    );
}

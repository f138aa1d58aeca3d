//! The borrower's way through the cabinet (issue 20): a link made for anyone becomes a loan the
//! borrower may take, a repaid loan leads to the next one, and a signed-out page comes back to
//! itself after the login.

use crate::common;

use common::borrower::{get_as, post, sign_up};
use common::journey::{FIRST, await_sms, cabinet, paid_out, pay};
use common::{assert_status, spawn};
use http::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newcomer_sent_with_the_repeat_loan_gets_the_nearest_loan_they_may_take() {
    let app = spawn().await;
    let cookie = sign_up(&app).await;
    // The landing page offers every product; a newcomer may take only the first loan.
    let begun = post(
        &app,
        "/api/application/begin",
        "product=repeat&amount=100000&term_days=30",
        Some(&cookie),
    )
    .await;
    assert_status(&begun, StatusCode::OK);
    let view = begun.json();
    assert_eq!(view["product"], "first");
    assert_eq!(view["amount"], "30000.00");
    assert_eq!(view["term_days"], 30);
    assert_eq!(view["adjusted"], true);
    assert_eq!(view["step"], "questionnaire");
    // A loan the borrower may take is begun as it was asked for.
    let exact = post(
        &app,
        "/api/application/begin",
        "product=first&amount=5000&term_days=14",
        Some(&cookie),
    )
    .await;
    assert_status(&exact, StatusCode::OK);
    assert_eq!(exact.json()["amount"], "5000.00");
    assert_eq!(exact.json()["adjusted"], false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_loan_is_repaid_the_cabinet_offers_the_next_one_and_apply_shows_nothing_stale() {
    let app = spawn().await;
    let (cookie, loan_id) = paid_out(&app, FIRST).await;
    let before = get_as(&app, "/cabinet", &cookie).await;
    assert!(!before.body.contains("id=\"new-loan\""), "{}", before.body);
    let paid = pay(&app, &cookie, &loan_id, "5000", "key-repaid-01").await;
    assert_status(&paid, StatusCode::OK);
    await_sms(&app, "заём погашен").await;
    assert_eq!(cabinet(&app, &cookie).await["loan"]["status"], "repaid");

    // The cabinet offers the next loan with the borrower's own calculator: the repeat loan.
    let html = get_as(&app, "/cabinet", &cookie).await;
    assert_status(&html, StatusCode::OK);
    assert!(html.body.contains("id=\"new-loan\""), "{}", html.body);
    assert!(html.body.contains("formaction=\"/apply\""), "{}", html.body);
    assert!(html.body.contains("value=\"repeat\""), "{}", html.body);
    // `/apply` has no application under way to show, not the old "money sent".
    let apply = get_as(&app, "/api/application", &cookie).await;
    assert_eq!(apply.json(), serde_json::Value::Null);
    // And the repeat loan starts from there.
    let begun = post(
        &app,
        "/api/application/begin",
        "product=repeat&amount=10000&term_days=30",
        Some(&cookie),
    )
    .await;
    assert_status(&begun, StatusCode::OK);
    assert_eq!(begun.json()["product"], "repeat");
    assert_eq!(begun.json()["adjusted"], false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_footers_documents_page_lists_the_lenders_disclosures_and_each_consent_has_its_text() {
    let app = spawn().await;
    let list = app.get("/documents").await;
    assert_status(&list, StatusCode::OK);
    for code in kabinet::domain::disclosure::DisclosureCode::ALL {
        assert!(
            list.body.contains(&format!("href=\"{}\"", code.path())),
            "{code:?} is not listed: {}",
            list.body
        );
        let page = app.get(&code.path()).await;
        assert_status(&page, StatusCode::OK);
        assert!(page.body.contains("class=\"disclosure\""), "{}", page.body);
        assert!(!page.body.contains("{lender}"), "{}", page.body);
    }
    let consent = app.get("/documents/personal-data").await;
    assert!(
        consent.body.contains(&app.state.config.lender_name),
        "the model text names the lender: {}",
        consent.body
    );
    assert_status(&app.get("/documents/no-such").await, StatusCode::NOT_FOUND);
    // The sign-up form links each consent to its text.
    let signup = app.get("/signup").await;
    for code in [
        "personal-data",
        "credit-bureau",
        "electronic-signature",
        "marketing",
    ] {
        assert!(
            signup.body.contains(&format!("href=\"/documents/{code}\"")),
            "{code}: {}",
            signup.body
        );
    }
    // A second start keeps the texts there (a lender's own version is never overwritten).
    sqlx::query(
        "UPDATE disclosure SET body = 'Свой текст кредитора.', model = 0 WHERE code = 'rules'",
    )
    .execute(&app.state.db)
    .await
    .expect("the lender's own text");
    let again = app.beside().await;
    let rules = again.get("/documents/rules").await;
    assert!(
        rules.body.contains("Свой текст кредитора."),
        "{}",
        rules.body
    );
    assert!(!rules.body.contains("sandbox-note"), "{}", rules.body);
}

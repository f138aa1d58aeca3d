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
    let view = cabinet(&app, &cookie).await;
    assert_eq!(view["loan"]["status"], "repaid");
    // Its receipt names the borrower, the card, the time and what the payment covered.
    let payment_id = view["loan"]["history"]
        .as_array()
        .and_then(|h| h.iter().find(|i| i["kind"] == "payment"))
        .and_then(|i| i["payment_id"].as_str())
        .expect("the payment in the history")
        .to_owned();
    let receipt = get_as(&app, &format!("/documents/receipts/{payment_id}"), &cookie).await;
    assert_status(&receipt, StatusCode::OK);
    for expected in [
        "Иванов Иван",
        "•••• 1111",
        "(Europe/Moscow)",
        "основной долг 5\u{a0}000,00\u{a0}₽",
    ] {
        assert!(
            receipt.body.contains(expected),
            "{expected}: {}",
            receipt.body
        );
    }

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_individual_terms_have_every_row_of_the_banks_form_in_order_and_claim_no_signature() {
    use common::journey::at_terms;
    let app = spawn().await;
    let cookie = at_terms(&app, FIRST, &[], "").await;
    let terms = get_as(&app, "/api/application/terms", &cookie).await.json();
    let html = terms["html"].as_str().expect("html");
    let rows = [
        "1", "2", "3", "4", "5", "6", "7", "8", "8.1", "9", "10", "11", "12", "13", "14", "15",
        "16", "17",
    ];
    let mut at = 0;
    for row in rows {
        let found = html[at..]
            .find(&format!("<tr><td>{row}</td>"))
            .unwrap_or_else(|| panic!("row {row} missing or out of order: {html}"));
        at += found + 1;
    }
    // The borrower in full; the ПСК as the calculator writes it (three decimals).
    assert!(html.contains("Заёмщик: Иванов Иван."), "{html}");
    let psk = terms["psk_percent"].as_str().expect("psk");
    let three = format!("{:.3}", psk.parse::<f64>().expect("number")).replace('.', ",");
    assert!(
        html.contains(&format!("{three} % годовых")),
        "{three}: {html}"
    );
    // Shown before signing, it does not say it is signed.
    assert!(!html.contains("Подписано"), "{html}");
}

/// Issue 20, item 4: on payout day a loan's next payment (with the interest of its whole term)
/// is more than its debt today; the forms offer what the server takes, never more.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_amount_offered_to_pay_is_never_more_than_the_debt_today() {
    use common::journey::{edit_contract, start_payment};
    let app = spawn().await;
    let (cookie, loan_id) = paid_out(&app, FIRST).await;
    // Without the first loan's promo, interest accrues: on payout day the debt is the principal.
    edit_contract(&app, &loan_id, |c| c.promo_daily_rate = None).await;
    let loan = cabinet(&app, &cookie).await["loan"].clone();
    let money = |v: &serde_json::Value| {
        kabinet::domain::money::Money::parse(v.as_str().expect("amount")).expect("money")
    };
    let (next, debt, offered) = (
        money(&loan["next_payment"]["amount"]),
        money(&loan["debt"]),
        money(&loan["pay_next"]),
    );
    assert!(next > debt, "next {next} debt {debt}");
    assert_eq!(offered, debt);
    // And the server takes what it offers.
    let started = start_payment(
        &app,
        &cookie,
        &loan_id,
        &offered.as_decimal().to_string(),
        "key-offered-01",
    )
    .await;
    assert_status(&started, StatusCode::OK);
}

//! Paying more than the debt (issue 16, item 6): two tabs each paying the whole debt charge it
//! once; what still comes in above the debt (a gateway page paid after the debt was covered) goes
//! back to its card once, with its loan event and ledger lines.

use crate::common;
use crate::hosted::{pay_on_page, start_hosted};

use common::borrower::{PHONE, code_in, count, last_sms};
use common::journey::{FIRST, cabinet, confirm, forget_codes, ledger_sum, paid_out, start_payment};
use common::{assert_status, spawn};
use http::StatusCode;

/// Repayments charged at the sandbox gateway, and refunds it made (the card binding's check
/// payment is refunded too: one more).
async fn money_moved(app: &common::TestApp) -> (i64, i64) {
    (
        count(
            app,
            "SELECT COUNT(*) FROM sandbox_charge WHERE purpose = 'repayment'",
        )
        .await,
        count(app, "SELECT COUNT(*) FROM sandbox_refund").await,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tabs_paying_the_whole_debt_charge_it_once() {
    let app = spawn().await;
    let (cookie, loan) = paid_out(&app, FIRST).await;
    // Both tabs open a payment of the whole debt while it is still owed.
    assert_status(
        &start_payment(&app, &cookie, &loan, "5000", "first-tab-key-1").await,
        StatusCode::OK,
    );
    let first_code = code_in(&last_sms(&app, PHONE).await);
    forget_codes(&app).await;
    assert_status(
        &start_payment(&app, &cookie, &loan, "5000", "second-tab-key2").await,
        StatusCode::OK,
    );
    let second_code = code_in(&last_sms(&app, PHONE).await);
    // The second tab pays; the debt is covered.
    assert_status(
        &confirm(&app, &cookie, "second-tab-key2", &second_code).await,
        StatusCode::OK,
    );
    assert_eq!(cabinet(&app, &cookie).await["loan"]["debt"], "0.00");
    // The first tab asks its code again and confirms: refused, and its card is not charged.
    forget_codes(&app).await;
    let resent = start_payment(&app, &cookie, &loan, "5000", "first-tab-key-1").await;
    let code = if resent.status == StatusCode::OK {
        code_in(&last_sms(&app, PHONE).await)
    } else {
        first_code
    };
    let refused = confirm(&app, &cookie, "first-tab-key-1", &code).await;
    assert_status(&refused, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        money_moved(&app).await,
        (1, 1),
        "one charge, nothing more to refund"
    );
    assert_eq!(ledger_sum(&app).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_page_paid_after_the_debt_was_covered_is_refunded_once() {
    let app = spawn().await;
    let (cookie, loan) = paid_out(&app, FIRST).await;
    // A page for the whole debt is opened in one tab, and left there.
    let page = start_hosted(&app, &cookie, &loan, "5000", "hosted-late-key1").await;
    assert_status(&page, StatusCode::OK);
    let page = page.json();
    // Meanwhile a bound card pays 3,000 ₽ of the 5,000 ₽ debt.
    assert_status(
        &start_payment(&app, &cookie, &loan, "3000", "card-part-key-1").await,
        StatusCode::OK,
    );
    let code = code_in(&last_sms(&app, PHONE).await);
    assert_status(
        &confirm(&app, &cookie, "card-part-key-1", &code).await,
        StatusCode::OK,
    );
    // Then the page is paid: 5,000 ₽ against 2,000 ₽ owed. 3,000 ₽ go back to that card.
    pay_on_page(
        &app,
        page["url"].as_str().expect("url"),
        "5555 5555 5555 4444",
    )
    .await;
    assert_eq!(money_moved(&app).await, (2, 2));
    let refunded: i64 = sqlx::query_scalar("SELECT amount_kopecks FROM refund")
        .fetch_one(&app.state.db)
        .await
        .expect("refund");
    assert_eq!(refunded, 300_000);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM refund WHERE status = 'done'").await,
        1
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM loan_event WHERE kind = 'refund'"
        )
        .await,
        1
    );
    assert_eq!(ledger_sum(&app).await, 0);
    let balance: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount_kopecks), 0) AS BIGINT) FROM ledger_entry
         WHERE account = 'borrower:balance'",
    )
    .fetch_one(&app.state.db)
    .await
    .expect("balance");
    assert_eq!(balance, 0, "nothing left owed to the borrower");
    assert!(last_sms(&app, PHONE).await.contains("возвращаем"));
    // The reconciler, and the gateway's event replayed, refund nothing more.
    kabinet::server::jobs::reconcile::run(&app.state)
        .await
        .expect("reconcile");
    assert_eq!(money_moved(&app).await, (2, 2));
}

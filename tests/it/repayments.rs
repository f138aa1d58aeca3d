//! The cabinet's money flows (PRODUCT.md J4–J7, §7 reliability) through the real router: the
//! dashboard, repayment by a bound card with a code bound to the amount, exactly one charge and
//! one credit however a payment is repeated or raced, prolongation with its agreement and its
//! limits, the transfer's QR code read by a real decoder, and other borrowers kept out.

use crate::common;

use common::borrower::{PHONE, code_in, count, get_as, last_sms, other_borrower, post};
use common::journey::{
    FIRST, await_sms, cabinet, card_id, confirm, edit_contract, forget_codes, ledger_sum, paid_out,
    pay, start_payment,
};
use common::{TestApp, assert_status, spawn};
use http::StatusCode;
use kabinet::domain::lang::Lang;
use kabinet::domain::money::Money;

/// Roubles as the borrower reads them ("2 000,00 ₽", with its narrow spaces).
fn rub(roubles: i64) -> String {
    Money::from_roubles(roubles).display(Lang::Ru)
}

/// Charges the borrower's card at the gateway under payment `id`'s key, as kabinet would:
/// the steps of a payment before a crash, or a charge the gateway already knows.
async fn charge_at_the_gateway(app: &TestApp, id: &str, kopecks: i64) {
    let token: String = sqlx::query_scalar("SELECT token FROM card")
        .fetch_one(&app.state.db)
        .await
        .expect("token");
    app.state
        .gateway
        .charge(&format!("payment:{id}"), &token, kopecks)
        .await
        .expect("charged");
}

/// Charges of borrowers' cards the sandbox gateway made (the bank's record).
async fn charges(app: &TestApp) -> i64 {
    count(
        app,
        "SELECT COUNT(*) FROM sandbox_charge WHERE purpose = 'repayment'",
    )
    .await
}

/// The books after payments: cards charged, loan events recorded, and the ledger's sum.
async fn books(app: &TestApp) -> (i64, i64, i64) {
    (
        charges(app).await,
        count(app, "SELECT COUNT(*) FROM loan_event").await,
        ledger_sum(app).await,
    )
}

/// Moves the loan `days` into the past: signed and paid out that many days earlier.
async fn age_loan(app: &TestApp, loan_id: &str, days: u64) {
    edit_contract(app, loan_id, |c| {
        c.signed_on = c.signed_on - chrono::Days::new(days);
        c.paid_out_on = c.paid_out_on - chrono::Days::new(days);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_shows_the_debt_and_a_bound_card_repays_it_with_a_code_bound_to_the_amount() {
    let app = spawn().await;
    let (cookie, loan_id) = paid_out(&app, FIRST).await;
    let view = cabinet(&app, &cookie).await;
    let loan = &view["loan"];
    assert_eq!(loan["status"], "active");
    assert_eq!(loan["debt"], "5000.00");
    assert_eq!(
        loan["next_payment"]["amount"], "5000.00",
        "0 % if repaid on time"
    );
    assert_eq!(loan["schedule"].as_array().map(Vec::len), Some(1));
    assert_eq!(loan["history"][0]["kind"], "payout");
    assert!(
        loan["prolongation_refused"].is_string(),
        "not on the payout day"
    );

    // A code sent for 2,000 ₽ does not confirm 2,500 ₽ under another key, and a wrong code
    // changes nothing.
    forget_codes(&app).await;
    let other = start_payment(&app, &cookie, &loan_id, "2500", "key-two-0002").await;
    assert_status(&other, StatusCode::OK);
    forget_codes(&app).await;
    let started = start_payment(&app, &cookie, &loan_id, "2000", "key-one-0001").await;
    assert_status(&started, StatusCode::OK);
    assert_eq!(started.json()["status"], "awaiting_code");
    let sms = last_sms(&app, PHONE).await;
    assert!(sms.contains(&rub(2000)), "{sms}");
    assert!(sms.contains("•••• 1111"), "{sms}");
    let code = code_in(&sms);
    let wrong = confirm(&app, &cookie, "key-one-0001", "000000").await;
    assert_status(&wrong, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.json()["fields"][0]["field"] == "code");
    let misused = confirm(&app, &cookie, "key-two-0002", &code).await;
    assert_status(&misused, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(charges(&app).await, 0);

    let paid = confirm(&app, &cookie, "key-one-0001", &code).await;
    assert_status(&paid, StatusCode::OK);
    assert_eq!(paid.json()["status"], "done");
    let payment_id = paid.json()["id"].as_str().expect("id").to_owned();
    await_sms(&app, &format!("платёж {} получен", rub(2000))).await;
    let view = cabinet(&app, &cookie).await;
    assert_eq!(view["loan"]["debt"], "3000.00");
    assert_eq!(view["loan"]["history"][0]["kind"], "payment");
    assert_eq!(ledger_sum(&app).await, 0);
    assert_eq!(
        count(
            &app,
            "SELECT CAST(SUM(amount_kopecks) AS BIGINT) FROM ledger_entry WHERE account = 'borrower:principal'"
        )
        .await,
        300_000
    );
    let receipt = get_as(&app, &format!("/documents/receipts/{payment_id}"), &cookie).await;
    assert_status(&receipt, StatusCode::OK);
    assert!(receipt.body.contains(&rub(2000)), "{}", receipt.body);
    let pdf = get_as(
        &app,
        &format!("/documents/receipts/{payment_id}/pdf"),
        &cookie,
    )
    .await;
    assert_eq!(pdf.header("content-type"), "application/pdf");

    // More than the debt is refused at the amount, with the debt named.
    forget_codes(&app).await;
    let above = start_payment(&app, &cookie, &loan_id, "3000.01", "key-three-03").await;
    assert_status(&above, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(above.body.contains(&rub(3000)), "{}", above.body);
    let words = start_payment(&app, &cookie, &loan_id, "много", "key-words-03").await;
    assert_status(&words, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(words.json()["fields"][0]["field"], "amount");

    // Early repayment in full: the loan is repaid and says so.
    let rest = pay(&app, &cookie, &loan_id, "3000", "key-four-004").await;
    assert_status(&rest, StatusCode::OK);
    await_sms(&app, "заём погашен").await;
    let view = cabinet(&app, &cookie).await;
    assert_eq!(view["loan"]["status"], "repaid");
    assert_eq!(view["loan"]["debt"], "0.00");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM loan WHERE status = 'repaid'").await,
        1
    );
    assert_eq!(ledger_sum(&app).await, 0);
    let after = start_payment(&app, &cookie, &loan_id, "10", "key-five-005").await;
    assert_status(&after, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_identical_repayments_charge_once() {
    let app = std::sync::Arc::new(spawn().await);
    let (cookie, loan_id) = paid_out(&app, FIRST).await;
    let other = std::sync::Arc::new(app.beside().await);
    forget_codes(&app).await;
    // The same form sent fifty times (double clicks, retries, tabs) on two instances.
    let card = card_id(&app, &cookie).await;
    let form = format!("loan_id={loan_id}&amount=1500&card_id={card}&key=same-key-1234");
    let mut starts = tokio::task::JoinSet::new();
    for i in 0..50 {
        let (instance, form, cookie) = (
            if i % 2 == 0 {
                app.clone()
            } else {
                other.clone()
            },
            form.clone(),
            cookie.clone(),
        );
        starts.spawn(
            async move { post(&instance, "/api/payments/start", &form, Some(&cookie)).await },
        );
    }
    while let Some(answer) = starts.join_next().await {
        assert_status(&answer.expect("task"), StatusCode::OK);
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM payment").await, 1);
    let code = code_in(&last_sms(&app, PHONE).await);
    let mut confirms = tokio::task::JoinSet::new();
    for i in 0..50 {
        let (instance, form, cookie) = (
            if i % 2 == 0 {
                app.clone()
            } else {
                other.clone()
            },
            format!("key=same-key-1234&code={code}"),
            cookie.clone(),
        );
        confirms.spawn(async move {
            post(&instance, "/api/payments/confirm", &form, Some(&cookie)).await
        });
    }
    let mut ok = 0;
    while let Some(answer) = confirms.join_next().await {
        if answer.expect("task").status == StatusCode::OK {
            ok += 1;
        }
    }
    assert!(ok >= 1, "no confirmation went through");
    assert_eq!(
        books(&app).await,
        (1, 1, 0),
        "charges, loan events, ledger sum"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM payment WHERE status = 'done'").await,
        1
    );
    assert_eq!(cabinet(&app, &cookie).await["loan"]["debt"], "3500.00");
    // The same key with another amount is refused, and charges nothing.
    let reused = post(
        &app,
        "/api/payments/start",
        &format!("loan_id={loan_id}&amount=1600&card_id={card}&key=same-key-1234"),
        Some(&cookie),
    )
    .await;
    assert_status(&reused, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reused.body.contains("другой суммой"), "{}", reused.body);
    assert_eq!(charges(&app).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_after_the_charge_is_credited_once_by_the_reconciler() {
    let app = spawn().await;
    let (cookie, loan_id) = paid_out(&app, FIRST).await;
    forget_codes(&app).await;
    let started = start_payment(&app, &cookie, &loan_id, "1000", "crash-key-01").await;
    assert_status(&started, StatusCode::OK);
    let id = started.json()["id"].as_str().expect("id").to_owned();
    // The steps before the crash: the code accepted and the gateway charged; no credit.
    sqlx::query("UPDATE payment SET status = 'confirmed' WHERE id = $1")
        .bind(&id)
        .execute(&app.state.db)
        .await
        .expect("confirmed");
    charge_at_the_gateway(&app, &id, 100_000).await;
    let restarted = app.beside().await;
    let credited = kabinet::server::jobs::reconcile::settle_payments(&restarted.state)
        .await
        .expect("reconcile");
    assert_eq!(credited, 1);
    assert_eq!(
        kabinet::server::jobs::reconcile::settle_payments(&restarted.state)
            .await
            .expect("again"),
        0
    );
    assert_eq!(
        books(&app).await,
        (1, 1, 0),
        "charges, loan events, ledger sum"
    );
    assert_eq!(cabinet(&app, &cookie).await["loan"]["debt"], "4000.00");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_borrowers_loan_card_payment_and_documents_are_not_found() {
    let app = spawn().await;
    let (cookie, loan_id) = paid_out(&app, FIRST).await;
    let paid = pay(&app, &cookie, &loan_id, "1000", "mine-key-001").await;
    assert_status(&paid, StatusCode::OK);
    let payment_id = paid.json()["id"].as_str().expect("id").to_owned();
    let card = card_id(&app, &cookie).await;
    let stranger = other_borrower(&app).await;
    let started = post(
        &app,
        "/api/payments/start",
        &format!("loan_id={loan_id}&amount=100&card_id={card}&key=theirs-key-1"),
        Some(&stranger),
    )
    .await;
    assert_status(&started, StatusCode::NOT_FOUND);
    for uri in [
        format!("/api/loans/prolongation?loan_id={loan_id}"),
        format!("/api/loans/transfer?loan_id={loan_id}"),
        format!("/documents/loans/{loan_id}/qr.png"),
        format!("/documents/receipts/{payment_id}"),
        format!("/documents/receipts/{payment_id}/pdf"),
        "/documents/receipts/no-such-payment".into(),
    ] {
        assert_status(&get_as(&app, &uri, &stranger).await, StatusCode::NOT_FOUND);
    }
    let confirmed = confirm(&app, &stranger, "mine-key-001", "123456").await;
    assert_status(&confirmed, StatusCode::NOT_FOUND);
    assert!(cabinet(&app, &stranger).await["loan"].is_null());
    assert_eq!(count(&app, "SELECT COUNT(*) FROM loan_event").await, 1);
}

async fn prolong(
    app: &TestApp,
    cookie: &str,
    loan_id: &str,
    days: u32,
    key: &str,
) -> common::Answer {
    forget_codes(app).await;
    let card = card_id(app, cookie).await;
    let started = post(
        app,
        "/api/loans/prolong/start",
        &format!("loan_id={loan_id}&days={days}&card_id={card}&key={key}"),
        Some(cookie),
    )
    .await;
    if started.status != StatusCode::OK {
        return started;
    }
    let code = code_in(&last_sms(app, PHONE).await);
    confirm(app, cookie, key, &code).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prolongations_move_the_due_date_with_a_signed_agreement_up_to_five_a_year() {
    let app = spawn().await;
    let (cookie, loan_id) = paid_out(&app, FIRST).await;
    age_loan(&app, &loan_id, 3).await;
    // Without the first loan's promo, 3 days at 0.8 % of 5,000 ₽ have accrued: 120 ₽.
    edit_contract(&app, &loan_id, |c| c.promo_daily_rate = None).await;
    let before = cabinet(&app, &cookie).await["loan"]["due_date"]
        .as_str()
        .expect("due")
        .to_owned();
    let quote = get_as(
        &app,
        &format!("/api/loans/prolongation?loan_id={loan_id}&days=7"),
        &cookie,
    )
    .await;
    assert_status(&quote, StatusCode::OK);
    assert!(
        quote.json()["agreement_html"]
            .as_str()
            .is_some_and(|h| h.contains("Дополнительное соглашение"))
    );
    let bad_days = get_as(
        &app,
        &format!("/api/loans/prolongation?loan_id={loan_id}&days=45"),
        &cookie,
    )
    .await;
    assert_status(&bad_days, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(quote.json()["price"], "120.00");
    for n in 1..=5 {
        let done = prolong(&app, &cookie, &loan_id, 7, &format!("prolong-key-{n}")).await;
        assert_status(&done, StatusCode::OK);
        assert_eq!(done.json()["status"], "done", "{}", done.body);
    }
    // Only the first had interest to pay (the others came the same day): one charge of 120 ₽.
    assert_eq!(
        count(
            &app,
            "SELECT CAST(SUM(amount_kopecks) AS BIGINT) FROM sandbox_charge WHERE purpose = 'repayment'"
        )
        .await,
        12_000
    );
    assert_eq!(
        count(
            &app,
            "SELECT CAST(SUM(amount_kopecks) AS BIGINT) FROM ledger_entry WHERE account = 'income:interest'"
        )
        .await,
        -12_000
    );
    let view = cabinet(&app, &cookie).await;
    let after = view["loan"]["due_date"].as_str().expect("due");
    let moved = chrono::NaiveDate::parse_from_str(after, "%Y-%m-%d").expect("date")
        - chrono::NaiveDate::parse_from_str(&before, "%Y-%m-%d").expect("date");
    assert_eq!(moved.num_days(), 35);
    assert_eq!(view["loan"]["prolongations"], 5);
    assert_eq!(
        view["loan"]["principal"], "5000.00",
        "interest never joins the principal"
    );
    await_sms(&app, "заём продлён").await;
    let agreement_of = view["loan"]["history"][0]["payment_id"]
        .as_str()
        .expect("payment")
        .to_owned();
    let agreement = get_as(
        &app,
        &format!("/documents/agreements/{agreement_of}"),
        &cookie,
    )
    .await;
    assert_status(&agreement, StatusCode::OK);
    assert!(agreement.body.contains("Дополнительное соглашение"));
    // The sixth within a year is refused, and changes nothing.
    let sixth = prolong(&app, &cookie, &loan_id, 7, "prolong-key-6").await;
    assert_status(&sixth, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(sixth.body.contains("не более 5 раз"), "{}", sixth.body);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM loan_event WHERE kind = 'prolongation'"
        )
        .await,
        5
    );
    assert_eq!(ledger_sum(&app).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_prolongation_after_the_due_date_is_refused() {
    let app = spawn().await;
    let (cookie, loan_id) = paid_out(&app, FIRST).await;
    // Same day as the payout: too early.
    let early = prolong(&app, &cookie, &loan_id, 30, "too-early-01").await;
    assert_status(&early, StatusCode::UNPROCESSABLE_ENTITY);
    // The 14-day loan paid out 20 days ago is 6 days overdue.
    age_loan(&app, &loan_id, 20).await;
    let view = cabinet(&app, &cookie).await;
    assert_eq!(view["loan"]["status"], "overdue");
    assert_eq!(view["loan"]["overdue_days"], 6);
    assert!(view["loan"]["prolongation"].is_null());
    let late = prolong(&app, &cookie, &loan_id, 30, "too-late-001").await;
    assert_status(&late, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(late.body.contains("Срок возврата прошёл"), "{}", late.body);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM payment").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM loan_event").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_transfer_qr_code_reads_back_as_the_gost_string_with_the_sum_and_purpose() {
    let app = spawn().await;
    let (cookie, loan_id) = paid_out(&app, FIRST).await;
    let transfer = get_as(
        &app,
        &format!("/api/loans/transfer?loan_id={loan_id}"),
        &cookie,
    )
    .await;
    assert_status(&transfer, StatusCode::OK);
    let payload = transfer.json()["payload"]
        .as_str()
        .expect("payload")
        .to_owned();
    assert!(payload.starts_with("ST00012|Name="), "{payload}");
    assert!(payload.contains("|Sum=500000|"), "{payload}");
    assert!(
        payload.contains("|Purpose=Погашение займа по договору № "),
        "{payload}"
    );
    let png = common::get_bytes(&app, &format!("/documents/loans/{loan_id}/qr.png"), &cookie).await;
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("qr.png");
    std::fs::write(&file, png).expect("write");
    let decoded = std::process::Command::new("zbarimg")
        .args(["--raw", "-q"])
        .arg(&file)
        .output()
        .expect("zbarimg (Debian's zbar-tools) runs");
    assert!(decoded.status.success(), "{decoded:?}");
    assert_eq!(String::from_utf8_lossy(&decoded.stdout).trim_end(), payload);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_prolongations_racing_past_the_yearly_limit_apply_only_one() {
    let app = spawn().await;
    let (cookie, loan_id) = paid_out(&app, FIRST).await;
    age_loan(&app, &loan_id, 3).await;
    for n in 1..=4 {
        let done = prolong(&app, &cookie, &loan_id, 7, &format!("race-key-{n}")).await;
        assert_eq!(done.json()["status"], "done", "{}", done.body);
    }
    // Two more started while four are counted, both confirmed, credited at once on two instances.
    let card = card_id(&app, &cookie).await;
    let mut ids = vec![];
    for key in ["race-key-5a", "race-key-5b"] {
        forget_codes(&app).await;
        let started = post(
            &app,
            "/api/loans/prolong/start",
            &format!("loan_id={loan_id}&days=7&card_id={card}&key={key}"),
            Some(&cookie),
        )
        .await;
        assert_status(&started, StatusCode::OK);
        ids.push(started.json()["id"].as_str().expect("id").to_owned());
    }
    sqlx::query("UPDATE payment SET status = 'confirmed' WHERE status = 'awaiting_code'")
        .execute(&app.state.db)
        .await
        .expect("both confirmed");
    let other = app.beside().await;
    let (a, b) = tokio::join!(
        kabinet::server::services::repayments::drive(&app.state, &ids[0], Lang::Ru),
        kabinet::server::services::repayments::drive(&other.state, &ids[1], Lang::Ru),
    );
    assert_eq!(a.expect("a").status.code(), "done");
    assert_eq!(b.expect("b").status.code(), "done");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM loan_event WHERE kind = 'prolongation'"
        )
        .await,
        5
    );
    assert_eq!(cabinet(&app, &cookie).await["loan"]["prolongations"], 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_gateway_charges_and_pays_out_once_per_key() {
    use kabinet::server::ports::PortError;
    use kabinet::server::ports::gateway::Destination;
    let app = spawn().await;
    let gateway = &app.state.gateway;
    let first = gateway
        .charge("payment:k1", "tok-1", 10_000)
        .await
        .expect("charged");
    let again = gateway
        .charge("payment:k1", "tok-1", 10_000)
        .await
        .expect("same");
    assert_eq!(first.reference, again.reference);
    for (token, amount) in [("tok-1", 10_001), ("tok-2", 10_000)] {
        let other = gateway.charge("payment:k1", token, amount).await;
        assert!(matches!(other, Err(PortError::Refused(_))), "{other:?}");
    }
    assert!(matches!(
        gateway.charge("payment:k2", "tok-1", 0).await,
        Err(PortError::Refused(_))
    ));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM sandbox_charge").await, 1);
    let card = Destination::Card {
        token: "tok-1".into(),
    };
    let paid = gateway
        .payout("payout:l1", &card, 5_000)
        .await
        .expect("paid");
    assert_eq!(
        gateway
            .payout("payout:l1", &card, 5_000)
            .await
            .expect("same")
            .reference,
        paid.reference
    );
    let more = gateway.payout("payout:l1", &card, 6_000).await;
    assert!(matches!(more, Err(PortError::Refused(_))), "{more:?}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM sandbox_payout").await, 1);
}

/// A paid-out installment loan of 50,000 ₽ in 4 payments; returns the cookie and the loan id.
async fn installment_loan(app: &TestApp) -> (String, String) {
    let cookie = common::journey::at_terms(app, common::journey::LARGE, &[], "").await;
    let signed = common::journey::sign(app, &cookie).await;
    assert_status(&signed, StatusCode::OK);
    let loan_id = signed.json()["loan"]["id"].as_str().expect("id").to_owned();
    // The cooling-off is over (4 hours pass) and the reconciler pays it out.
    sqlx::query("UPDATE loan SET payout_after = 0")
        .execute(&app.state.db)
        .await
        .expect("time passes");
    kabinet::server::jobs::reconcile::run(&app.state)
        .await
        .expect("paid out");
    (cookie, loan_id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_early_partial_payment_of_an_installment_loan_shortens_the_term_or_the_installment() {
    let total = |v: &serde_json::Value| v["total"].as_str().and_then(Money::parse).expect("amount");
    for early in ["shorter_term", "smaller_installment"] {
        let app = spawn().await;
        let (cookie, loan_id) = installment_loan(&app).await;
        let before = cabinet(&app, &cookie).await["loan"]["schedule"].clone();
        let before = before.as_array().expect("schedule").clone();
        assert_eq!(before.len(), 4);
        forget_codes(&app).await;
        let card = card_id(&app, &cookie).await;
        let started = post(
            &app,
            "/api/payments/start",
            &format!(
                "loan_id={loan_id}&amount=20000&card_id={card}&key=early-{early}&early={early}"
            ),
            Some(&cookie),
        )
        .await;
        assert_status(&started, StatusCode::OK);
        let code = code_in(&last_sms(&app, PHONE).await);
        let paid = confirm(&app, &cookie, &format!("early-{early}"), &code).await;
        assert_eq!(paid.json()["status"], "done", "{}", paid.body);
        let after = cabinet(&app, &cookie).await["loan"]["schedule"].clone();
        let after = after.as_array().expect("schedule");
        assert_eq!(after.len(), 4, "{early}: the same dates {after:?}");
        let last = after.len() - 1;
        if early == "shorter_term" {
            // The installment is kept; the loan is paid off sooner: a small last payment.
            assert_eq!(total(&after[1]), total(&before[1]), "{after:?}");
            assert!(
                total(&after[last]).as_decimal() * rust_decimal::Decimal::TWO
                    < total(&after[1]).as_decimal(),
                "{after:?}"
            );
        } else {
            // Every installment after the first is smaller, and all of them are equal.
            assert!(total(&after[1]) < total(&before[1]), "{after:?}");
            assert_eq!(total(&after[1]), total(&after[2]), "{after:?}");
            assert!(
                total(&after[last]).as_decimal() * rust_decimal::Decimal::TWO
                    > total(&after[1]).as_decimal(),
                "{after:?}"
            );
        }
        assert_eq!(ledger_sum(&app).await, 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_charge_the_gateway_refuses_fails_the_payment_once_and_credits_nothing() {
    let app = spawn().await;
    let (cookie, loan_id) = paid_out(&app, FIRST).await;
    forget_codes(&app).await;
    let started = start_payment(&app, &cookie, &loan_id, "1000", "refused-key1").await;
    assert_status(&started, StatusCode::OK);
    let id = started.json()["id"].as_str().expect("id").to_owned();
    let code = code_in(&last_sms(&app, PHONE).await);
    // The gateway already knows this payment's key for another amount: it refuses the charge.
    charge_at_the_gateway(&app, &id, 1).await;
    for _ in 0..2 {
        let refused = confirm(&app, &cookie, "refused-key1", &code).await;
        assert_status(&refused, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("Банк отклонил"), "{}", refused.body);
    }
    assert_eq!(
        books(&app).await,
        (1, 0, 0),
        "charges, loan events, ledger sum"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM payment WHERE status = 'failed'").await,
        1
    );
    assert_eq!(cabinet(&app, &cookie).await["loan"]["debt"], "5000.00");
}

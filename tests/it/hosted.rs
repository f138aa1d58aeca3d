//! Payments by a card typed on the gateway's hosted page (PRODUCT.md J5) through the real
//! router: by another card from the cabinet (saved when asked), and quick payment without login
//! from the landing page. The gateway's signed event and the borrower's return both report a
//! payment; replayed, raced or forged, it is credited once.

use crate::common;

use axum::body::Body;
use common::borrower::{PHONE, count, get_as, other_borrower, post};
use common::journey::{FIRST, ledger_sum, paid_out};
use common::{Answer, TestApp, assert_status, spawn};
use http::{Request, StatusCode};
use kabinet::server::ports::gateway;
use kabinet::server::services::cards::EVENT_KEY;

/// Types `number` on the gateway's page at `url`; answers where the page sends the borrower.
pub(crate) async fn pay_on_page(app: &TestApp, url: &str, number: &str) -> String {
    let page = app.get(url).await;
    assert_status(&page, StatusCode::OK);
    assert!(
        page.body.contains("Песочница"),
        "the page says it is a sandbox"
    );
    let session = url.rsplit('=').next().expect("session");
    let paid = app
        .post_form(
            "/sandbox/pay",
            &format!(
                "session={session}&number={}&expiry=12%2F30&holder=IVAN+IVANOV&cvc=123",
                number.replace(' ', "+")
            ),
        )
        .await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.body);
    paid.header("location").to_owned()
}

pub(crate) async fn start_hosted(
    app: &TestApp,
    cookie: &str,
    loan: &str,
    amount: &str,
    key: &str,
) -> Answer {
    post(
        app,
        "/api/payments/hosted",
        &format!("loan_id={loan}&amount={amount}&key={key}&save=on"),
        Some(cookie),
    )
    .await
}

async fn status(app: &TestApp, cookie: &str, id: &str) -> serde_json::Value {
    let answer = get_as(app, &format!("/api/payments/status?id={id}"), cookie).await;
    assert_status(&answer, StatusCode::OK);
    answer.json()
}

/// Cards charged at the gateway for repayments, loan events, and the ledger's sum.
async fn books(app: &TestApp) -> (i64, i64, i64) {
    (
        count(
            app,
            "SELECT COUNT(*) FROM sandbox_charge WHERE purpose = 'repayment'",
        )
        .await,
        count(app, "SELECT COUNT(*) FROM loan_event").await,
        ledger_sum(app).await,
    )
}

/// A hosted payment of `roubles` started under `key` and charged at the gateway (the page's
/// work); answers its id, and the gateway's report of the charge with its signature.
async fn charged_at_the_gateway(
    app: &TestApp,
    (cookie, loan): (&str, &str),
    roubles: i64,
    key: &str,
) -> (String, String, String) {
    let started = start_hosted(app, cookie, loan, &roubles.to_string(), key).await;
    assert_status(&started, StatusCode::OK);
    let id = started.json()["payment"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let receipt = app
        .state
        .gateway
        .charge(
            &format!("payment:{id}"),
            "sandbox-token-of-a-card",
            roubles * 100,
        )
        .await
        .expect("charged");
    let body = serde_json::json!({
        "event_id": format!("evt-{key}"),
        "payment_id": id,
        "amount_kopecks": roubles * 100,
        "outcome": "charged",
        "reference": receipt.reference,
        "card": null,
    })
    .to_string();
    let signature = gateway::sign(&app.state.secrets.key(EVENT_KEY), body.as_bytes());
    (id, body, signature)
}

async fn deliver(app: &TestApp, body: &str, signature: &str) -> Answer {
    app.call(
        Request::post("/api/gateway/events")
            .header("content-type", "application/json")
            .header(gateway::SIGNATURE_HEADER, signature)
            .body(Body::from(body.to_owned()))
            .expect("request"),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_card_on_the_gateway_page_repays_once_and_is_saved() {
    let app = spawn().await;
    let (cookie, loan) = paid_out(&app, FIRST).await;
    let started = start_hosted(&app, &cookie, &loan, "1000", "hosted-key-0001").await;
    assert_status(&started, StatusCode::OK);
    let started = started.json();
    let id = started["payment"]["id"].as_str().expect("id").to_owned();
    assert_eq!(started["payment"]["status"], "at_gateway");
    let back = pay_on_page(
        &app,
        started["url"].as_str().expect("url"),
        "5555 5555 5555 4444",
    )
    .await;
    assert_eq!(back, format!("/cabinet?payment={id}"));
    let payment = status(&app, &cookie, &id).await;
    assert_eq!(payment["status"], "done");
    assert_eq!(books(&app).await, (1, 1, 0));
    let view = get_as(&app, "/api/cabinet", &cookie).await.json();
    assert_eq!(view["loan"]["debt"], "4000.00");
    let cards: Vec<String> = view["cards"]
        .as_array()
        .expect("cards")
        .iter()
        .map(|c| c["label"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(cards.iter().any(|c| c.contains("4444")), "saved: {cards:?}");
    // The same key again is the same payment, paid: no second page, back to the cabinet.
    let again = start_hosted(&app, &cookie, &loan, "1000", "hosted-key-0001").await;
    assert_status(&again, StatusCode::OK);
    assert_eq!(again.json()["payment"]["status"], "done");
    assert_eq!(again.json()["url"], format!("/cabinet?payment={id}"));
    assert_eq!(books(&app).await, (1, 1, 0));
    // The same key with another amount is refused.
    let other = start_hosted(&app, &cookie, &loan, "1500", "hosted-key-0001").await;
    assert_status(&other, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replayed_callback_and_the_borrowers_return_credit_once() {
    let app = spawn().await;
    let (cookie, loan) = paid_out(&app, FIRST).await;
    let (id, body, signature) =
        charged_at_the_gateway(&app, (&cookie, &loan), 2000, "hosted-key-0002").await;
    let forged = deliver(&app, &body, &gateway::sign(b"not the key", body.as_bytes())).await;
    assert_status(&forged, StatusCode::UNAUTHORIZED);
    assert_eq!(books(&app).await.1, 0, "a forged event credits nothing");
    let apps = [
        std::sync::Arc::new(app.beside().await),
        std::sync::Arc::new(app.beside().await),
    ];
    // 10 deliveries of the event and 10 returns of the borrower, at once, on two instances.
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..20 {
        let app = apps[i % 2].clone();
        let (body, signature, cookie, id) =
            (body.clone(), signature.clone(), cookie.clone(), id.clone());
        tasks.spawn(async move {
            if i < 10 {
                deliver(&app, &body, &signature).await.status
            } else {
                get_as(&app, &format!("/api/payments/status?id={id}"), &cookie)
                    .await
                    .status
            }
        });
    }
    while let Some(status) = tasks.join_next().await {
        assert_eq!(status.expect("task"), StatusCode::OK);
    }
    assert_eq!(books(&app).await, (1, 1, 0));
    assert_eq!(status(&app, &cookie, &id).await["status"], "done");
    let view = get_as(&app, "/api/cabinet", &cookie).await.json();
    assert_eq!(view["loan"]["debt"], "3000.00");
    // Replayed a day later: still once.
    assert_status(&deliver(&app, &body, &signature).await, StatusCode::OK);
    assert_eq!(books(&app).await, (1, 1, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declined_card_on_the_page_credits_nothing_and_others_see_nothing() {
    let app = spawn().await;
    let (cookie, loan) = paid_out(&app, FIRST).await;
    let started = start_hosted(&app, &cookie, &loan, "1000", "hosted-key-0003").await;
    let started = started.json();
    let id = started["payment"]["id"].as_str().expect("id").to_owned();
    pay_on_page(
        &app,
        started["url"].as_str().expect("url"),
        "4000 0000 0000 0002",
    )
    .await;
    assert_eq!(status(&app, &cookie, &id).await["status"], "failed");
    assert_eq!(books(&app).await, (0, 0, 0));
    let stranger = other_borrower(&app).await;
    let peek = get_as(&app, &format!("/api/payments/status?id={id}"), &stranger).await;
    assert_status(&peek, StatusCode::NOT_FOUND);
    let theirs = start_hosted(&app, &stranger, &loan, "1000", "hosted-key-0004").await;
    assert_status(&theirs, StatusCode::NOT_FOUND);
}

/// Requests come through a proxy that names the client's address.
async fn behind_a_proxy() -> TestApp {
    common::spawn_with(&[("KABINET_CLIENT_IP_HEADER", "x-real-ip")]).await
}

async fn find(app: &TestApp, phone: &str, surname: &str, ip: &str) -> Answer {
    common::borrower::post_from_ip(
        app,
        "/api/quick/find",
        &format!("phone={}&surname={surname}", phone.replace('+', "%2B")),
        ip,
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quick_payment_finds_the_loan_by_phone_and_surname_and_shows_only_the_amount_due() {
    let app = behind_a_proxy().await;
    let (cookie, _) = paid_out(&app, FIRST).await;
    let wrong = find(&app, PHONE, "Петров", "10.0.0.1").await;
    assert_status(&wrong, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = find(&app, "+79990001122", "Иванов", "10.0.0.1").await;
    assert_status(&unknown, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.body, unknown.body, "a miss says nothing of why");
    let found = find(&app, PHONE, "иванов", "10.0.0.1").await;
    assert_status(&found, StatusCode::OK);
    let due = found.json();
    assert_eq!(due["amount"], "5000.00");
    let keys: Vec<&String> = due.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["amount", "key"], "nothing but the amount due");
    let key = due["key"].as_str().expect("key").to_owned();
    let form = |amount: &str| {
        format!(
            "phone={}&surname=Иванов&amount={amount}&key={key}",
            PHONE.replace('+', "%2B")
        )
    };
    let changed = app.post_form("/api/quick/pay", &form("4000")).await;
    assert_status(&changed, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(changed.body.contains("изменилась"), "{}", changed.body);
    let url = app.post_form("/api/quick/pay", &form("5000")).await;
    assert_status(&url, StatusCode::OK);
    let back = pay_on_page(
        &app,
        url.json().as_str().expect("url"),
        "4111 1111 1111 1111",
    )
    .await;
    let id = back
        .strip_prefix("/pay?payment=")
        .expect("the quick return page");
    let paid = app.get(&format!("/api/quick/status?id={id}")).await;
    assert_status(&paid, StatusCode::OK);
    assert_eq!(paid.json()["status"], "done");
    assert_eq!(paid.json()["amount"], "5000.00");
    assert_eq!(books(&app).await, (1, 1, 0));
    let view = get_as(&app, "/api/cabinet", &cookie).await.json();
    assert_eq!(view["loan"]["status"], "repaid");
    // Repaid: quick payment finds nothing more to pay; a card paid with is not saved for
    // nobody in particular.
    let after = find(&app, PHONE, "Иванов", "10.0.0.1").await;
    assert_status(&after, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM card").await, 1);
    // A made-up payment id is not found.
    let made_up = app.get("/api/quick/status?id=0123456789abcdef").await;
    assert_status(&made_up, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quick_payment_lookups_are_rate_limited_per_phone_and_per_address() {
    let app = behind_a_proxy().await;
    paid_out(&app, FIRST).await;
    for i in 0..5 {
        let miss = find(&app, PHONE, "Петров", &format!("10.0.1.{i}")).await;
        assert_status(&miss, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let limited = find(&app, PHONE, "Иванов", "10.0.1.9").await;
    assert_status(&limited, StatusCode::TOO_MANY_REQUESTS);
    for i in 0..10 {
        let phone = format!("+7900111{i:04}");
        assert_status(
            &find(&app, &phone, "Иванов", "10.0.2.1").await,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let limited = find(&app, "+79001119999", "Иванов", "10.0.2.1").await;
    assert_status(&limited, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_payments_credited_at_once_on_one_loan_each_count_once() {
    let app = spawn().await;
    let (cookie, loan) = paid_out(&app, FIRST).await;
    let mut events = vec![];
    for i in 0..20 {
        let key = format!("race-key-{i:04}");
        let (_, body, signature) = charged_at_the_gateway(&app, (&cookie, &loan), 100, &key).await;
        events.push((body, signature));
    }
    let apps = [
        std::sync::Arc::new(app.beside().await),
        std::sync::Arc::new(app.beside().await),
    ];
    let mut tasks = tokio::task::JoinSet::new();
    for (i, (body, signature)) in events.into_iter().enumerate() {
        let app = apps[i % 2].clone();
        tasks.spawn(async move { deliver(&app, &body, &signature).await.status });
    }
    while let Some(status) = tasks.join_next().await {
        assert_eq!(status.expect("task"), StatusCode::OK);
    }
    assert_eq!(books(&app).await, (20, 20, 0));
    let seqs = count(
        &app,
        "SELECT COUNT(DISTINCT seq) FROM loan_event WHERE kind = 'payment'",
    )
    .await;
    assert_eq!(seqs, 20, "each payment its own place in the loan's history");
    let view = get_as(&app, "/api/cabinet", &cookie).await.json();
    assert_eq!(view["loan"]["debt"], "3000.00");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_charge_on_one_page_is_credited_whatever_another_page_for_the_payment_says() {
    let app = spawn().await;
    let (cookie, loan) = paid_out(&app, FIRST).await;
    for (round, first, second) in [
        (1, "4000 0000 0000 0077", "4000 0000 0000 0002"),
        (2, "4000 0000 0000 0002", "4000 0000 0000 0077"),
    ] {
        // Two pages for one payment (the borrower opened it twice): one declined, one charged
        // with its event 3 seconds late, in either order.
        let key = format!("two-pages-{round:04}");
        let one = start_hosted(&app, &cookie, &loan, "1000", &key)
            .await
            .json();
        let two = start_hosted(&app, &cookie, &loan, "1000", &key)
            .await
            .json();
        let id = one["payment"]["id"].as_str().expect("id").to_owned();
        assert_eq!(two["payment"]["id"], one["payment"]["id"]);
        pay_on_page(&app, one["url"].as_str().expect("url"), first).await;
        pay_on_page(&app, two["url"].as_str().expect("url"), second).await;
        // The borrower's return asks the gateway: charged, so credited.
        assert_eq!(status(&app, &cookie, &id).await["status"], "done");
        tokio::time::sleep(std::time::Duration::from_millis(3500)).await;
        assert_eq!(status(&app, &cookie, &id).await["status"], "done");
        assert_eq!(books(&app).await, (round, round, 0));
    }
    let view = get_as(&app, "/api/cabinet", &cookie).await.json();
    assert_eq!(view["loan"]["debt"], "3000.00");
}

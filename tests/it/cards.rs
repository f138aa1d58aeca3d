//! Card binding through the sandbox gateway's hosted page (PRODUCT.md J2 step 6, §6): the card
//! number is typed only on the gateway's page; kabinet keeps token, mask, holder and bank; the
//! gateway's signed events are accepted once; a card held by someone else is refused.

use crate::common;

use axum::body::Body;
use common::borrower::get_as as get;
use common::borrower::{count, post, sign_up};
use common::{Answer, TestApp, assert_status, spawn};
use http::{Request, StatusCode};
use kabinet::server::ports::gateway::{self, BindingOutcome, GatewayEvent};
use kabinet::server::services::cards::EVENT_KEY;

/// Signs up (Иван Иванов), starts a binding; returns the cookie, the binding id and the
/// gateway page's session.
async fn binding(app: &TestApp) -> (String, String, String) {
    let cookie = sign_up(app).await;
    let started = post(app, "/api/cards/bind", "", Some(&cookie)).await;
    assert_status(&started, StatusCode::OK);
    let redirect = started.json().as_str().expect("a URL").to_owned();
    assert!(redirect.starts_with("/sandbox/pay?session="), "{redirect}");
    let session = redirect.rsplit('=').next().expect("session").to_owned();
    let page = app.get(&redirect).await;
    assert_status(&page, StatusCode::OK);
    assert!(page.body.contains("Песочница платёжного шлюза"));
    let id: String = sqlx::query_scalar("SELECT binding_id FROM sandbox_pay_session WHERE id = $1")
        .bind(&session)
        .fetch_one(&app.state.db)
        .await
        .expect("session");
    (cookie, id, session)
}

async fn pay(app: &TestApp, session: &str, number: &str, holder: &str) -> Answer {
    app.post_form(
        "/sandbox/pay",
        &format!(
            "session={session}&number={}&expiry=12%2F30&holder={}&cvc=123",
            number.replace(' ', "+"),
            holder.replace(' ', "+")
        ),
    )
    .await
}

async fn state_of(app: &TestApp, cookie: &str, id: &str) -> serde_json::Value {
    get(app, &format!("/api/cards/binding?id={id}"), cookie)
        .await
        .json()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_card_is_bound_and_only_its_mask_is_kept() {
    let app = spawn().await;
    let (cookie, id, session) = binding(&app).await;
    let paid = pay(&app, &session, "4111 1111 1111 1111", "IVAN IVANOV").await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER);
    assert_eq!(paid.header("location"), format!("/apply?binding={id}"));
    let state = state_of(&app, &cookie, &id).await;
    assert_eq!(state["state"], "bound");
    assert_eq!(state["card"]["masked"], "411111******1111");
    assert_eq!(state["card"]["holder"], "IVAN IVANOV");
    // Neither kabinet's tables nor the sandbox's hold the card number.
    let leaks = count(
        &app,
        "SELECT (SELECT COUNT(*) FROM card WHERE token || masked || holder || bank LIKE '%4111111111111111%')
              + (SELECT COUNT(*) FROM sandbox_pay_session
                 WHERE COALESCE(masked, '') || COALESCE(holder, '') LIKE '%4111111111111111%')",
    )
    .await;
    assert_eq!(leaks, 0);
    // The check charge: 10 ₽, refunded at once, for this card only.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM sandbox_charge JOIN sandbox_refund ON charge_id = id
             WHERE sandbox_charge.amount_kopecks = 1000 AND sandbox_refund.amount_kopecks = 1000
             AND refunded_at IS NOT NULL AND card_token = (SELECT token FROM card)"
        )
        .await,
        1
    );
    // The page is single-use.
    assert_status(
        &pay(&app, &session, "4111 1111 1111 1111", "IVAN IVANOV").await,
        StatusCode::NOT_FOUND,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declined_cards_and_cards_of_someone_else_are_refused_with_their_reason() {
    let app = spawn().await;
    let (cookie, id, session) = binding(&app).await;
    pay(&app, &session, "4000 0000 0000 0002", "IVAN IVANOV").await;
    let state = state_of(&app, &cookie, &id).await;
    assert_eq!(state["state"], "failed");
    assert_eq!(
        state["message"],
        "Банк отклонил проверку карты. Попробуйте другую карту."
    );

    let started = post(&app, "/api/cards/bind", "", Some(&cookie)).await;
    let redirect = started.json().as_str().expect("url").to_owned();
    let session = redirect.rsplit('=').next().expect("session").to_owned();
    pay(&app, &session, "4111 1111 1111 1111", "PETR PETROV").await;
    let id: String = sqlx::query_scalar("SELECT binding_id FROM sandbox_pay_session WHERE id = $1")
        .bind(&session)
        .fetch_one(&app.state.db)
        .await
        .expect("session");
    let state = state_of(&app, &cookie, &id).await;
    assert_eq!(
        state["message"],
        "Карта оформлена не на вас: деньги можно получить только на свою карту."
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM card").await, 0);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM sandbox_charge WHERE refunded_at IS NULL"
        )
        .await,
        0,
        "no charge is left unrefunded"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_card_number_is_explained_on_the_page_and_the_session_stays_open() {
    let app = spawn().await;
    let (cookie, id, session) = binding(&app).await;
    let typo = pay(&app, &session, "4111 1111 1111 1112", "IVAN IVANOV").await;
    assert_status(&typo, StatusCode::OK);
    assert!(typo.body.contains("В номере карты ошибка"));
    assert!(!typo.body.contains("4111 1111 1111 1112") && !typo.body.contains("4111111111111112"));
    assert_eq!(state_of(&app, &cookie, &id).await["state"], "pending");
    assert_eq!(
        pay(&app, &session, "4111 1111 1111 1111", "Ivan Ivanov")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(state_of(&app, &cookie, &id).await["state"], "bound");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_d_secure_needs_its_code() {
    let app = spawn().await;
    let (cookie, id, session) = binding(&app).await;
    let step = pay(&app, &session, "4000 0000 0000 3220", "IVAN IVANOV").await;
    assert!(step.body.contains("3-D Secure"));
    let wrong = app
        .post_form(
            "/sandbox/pay/3ds",
            &format!("session={session}&code=000000"),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::SEE_OTHER);
    assert_eq!(state_of(&app, &cookie, &id).await["state"], "failed");

    let started = post(&app, "/api/cards/bind", "", Some(&cookie)).await;
    let redirect = started.json().as_str().expect("url").to_owned();
    let session = redirect.rsplit('=').next().expect("session").to_owned();
    pay(&app, &session, "4000 0000 0000 3220", "IVAN IVANOV").await;
    app.post_form(
        "/sandbox/pay/3ds",
        &format!("session={session}&code=123456"),
    )
    .await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM card").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replayed_event_binds_once_and_a_forged_one_changes_nothing() {
    let app = spawn().await;
    let (cookie, id, _) = binding(&app).await;
    let event = GatewayEvent {
        event_id: "evt-1".into(),
        binding_id: id.clone(),
        outcome: BindingOutcome::Bound {
            token: "tok-1".into(),
            masked: "220000******0004".into(),
            holder: "IVAN IVANOV".into(),
            bank: "Банк".into(),
            expires: chrono::NaiveDate::from_ymd_opt(2030, 12, 31).expect("date"),
        },
    };
    let body = serde_json::to_string(&event).expect("json");
    let deliver = |signature: String| {
        let body = body.clone();
        let app = &app;
        async move {
            app.call(
                Request::post("/api/gateway/events")
                    .header("content-type", "application/json")
                    .header(gateway::SIGNATURE_HEADER, signature)
                    .body(Body::from(body))
                    .expect("request"),
            )
            .await
        }
    };
    let forged = deliver(gateway::sign(b"not the key", body.as_bytes())).await;
    assert_status(&forged, StatusCode::UNAUTHORIZED);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM card").await, 0);
    let signature = gateway::sign(&app.state.secrets.key(EVENT_KEY), body.as_bytes());
    for _ in 0..3 {
        assert_status(&deliver(signature.clone()).await, StatusCode::OK);
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM card").await, 1);
    assert_eq!(state_of(&app, &cookie, &id).await["state"], "bound");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_event_leaves_the_binding_pending_until_it_arrives() {
    let app = spawn().await;
    let (cookie, id, session) = binding(&app).await;
    let paid = pay(&app, &session, "4000 0000 0000 0077", "IVAN IVANOV").await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER);
    assert_eq!(state_of(&app, &cookie, &id).await["state"], "pending");
    for _ in 0..100 {
        if state_of(&app, &cookie, &id).await["state"] == "bound" {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the late event never bound the card");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_borrowers_binding_is_not_found() {
    let app = spawn().await;
    let (_, id, _) = binding(&app).await;
    let other = common::borrower::other_borrower(&app).await;
    let answer = get(&app, &format!("/api/cards/binding?id={id}"), &other).await;
    assert_status(&answer, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refund_is_made_once_per_key_and_never_exceeds_the_charge() {
    let app = spawn().await;
    let (_, _, session) = binding(&app).await;
    pay(&app, &session, "4111 1111 1111 1111", "IVAN IVANOV").await;
    let gateway = &app.state.gateway;
    // A charge of 5 ₽ to refund (the verification charge is refunded already).
    let charge: String = sqlx::query_scalar("SELECT id FROM sandbox_charge")
        .fetch_one(&app.state.db)
        .await
        .expect("charge");
    sqlx::query("UPDATE sandbox_charge SET amount_kopecks = 1500 WHERE id = $1")
        .bind(&charge)
        .execute(&app.state.db)
        .await
        .expect("a bigger charge");
    let first = gateway.refund("r-1", &charge, 300).await.expect("refunded");
    let again = gateway
        .refund("r-1", &charge, 300)
        .await
        .expect("the same refund");
    assert_eq!(first, again);
    assert!(
        gateway.refund("r-1", &charge, 400).await.is_err(),
        "same key, other amount"
    );
    assert!(
        gateway.refund("r-2", &charge, 201).await.is_err(),
        "more than is left"
    );
    assert!(gateway.refund("r-3", "no such charge", 1).await.is_err());
    gateway
        .refund("r-4", &charge, 200)
        .await
        .expect("what is left");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM sandbox_refund WHERE charge_id IS NOT NULL"
        )
        .await,
        3
    );
}

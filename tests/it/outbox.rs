//! The sandbox outbox: what the SMS and email ports "send" is readable at /dev/outbox in
//! development, and the page does not exist in production.

use crate::common;

use common::{assert_status, spawn};
use http::StatusCode;
use kabinet::server::ports::messages::{Channel, Message};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_sent_in_development_shows_in_the_outbox_escaped() {
    let app = spawn().await;
    assert!(app.state.messenger.is_sandbox());
    let sms = Message {
        channel: Channel::Sms,
        to: "+79123456789".into(),
        subject: None,
        body: "Код 123456 <b>не сообщайте</b> никому".into(),
    };
    app.state.messenger.send(&sms).await.expect("stored");
    let page = app.get("/dev/outbox").await;
    assert_status(&page, StatusCode::OK);
    assert!(page.body.contains("Песочница"));
    assert!(page.body.contains("+79123456789"));
    assert!(
        page.body
            .contains("Код 123456 &lt;b&gt;не сообщайте&lt;/b&gt; никому"),
        "{}",
        page.body
    );
}

/// Issue 15, item 1: production does not start on a sandbox, and says what is missing, one
/// line per setting: with only a key, the public origin, SMS, email, the gateway and the bureau;
/// with SMS, email and the origin set, still the gateway and the bureau (no real adapter is
/// built yet), so no production server ever serves `/sandbox/pay` or `/dev/outbox`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn production_refuses_to_start_on_a_sandbox_naming_what_is_missing() {
    let (url, _dir) = common::fresh_database().await;
    let options = leptos::config::get_configuration(None)
        .expect("leptos options")
        .leptos_options;
    let start = |settings: &[(&str, &str)]| {
        let config = common::test_config(url.clone(), settings);
        let options = options.clone();
        async move {
            match kabinet::startup::prepare(config, options).await {
                Ok(_) => panic!("production started on a sandbox"),
                Err(e) => e.to_string(),
            }
        }
    };
    let bare = start(&[
        ("KABINET_ENV", "production"),
        ("KABINET_SECRET_KEY", ""),
        ("KABINET_LENDER_KIND", "mfk"),
    ])
    .await;
    for missing in [
        "KABINET_SECRET_KEY",
        "KABINET_PUBLIC_ORIGIN",
        "KABINET_SMS_URL",
        "KABINET_SMTP_URL",
        "no payment gateway",
        "KABINET_BUREAU_URL",
        "KABINET_IDENTITY_URL",
    ] {
        assert!(bare.contains(missing), "{missing} in: {bare}");
    }
    let configured = start(&[
        ("KABINET_ENV", "production"),
        ("KABINET_PUBLIC_ORIGIN", "https://lk.example.ru"),
        ("KABINET_SMS_URL", "https://sms.example.ru/send"),
        ("KABINET_SMTP_URL", "smtps://user:password@smtp.example.ru"),
        ("KABINET_SMTP_FROM", "kabinet <noreply@example.ru>"),
    ])
    .await;
    assert!(!configured.contains("KABINET_SMS_URL"), "{configured}");
    assert!(!configured.contains("KABINET_SECRET_KEY"), "{configured}");
    assert!(
        !configured.contains("KABINET_IDENTITY_URL"),
        "an МКК needs none: {configured}"
    );
    assert!(configured.contains("no payment gateway"), "{configured}");
}

/// Development routes the sandboxes' pages; the outbox is one of them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn development_routes_the_sandbox_pages() {
    let app = common::spawn().await;
    assert_status(&app.get("/dev/outbox").await, StatusCode::OK);
    assert!(
        app.get("/dev/outbox")
            .await
            .header("strict-transport-security")
            .is_empty(),
        "no HSTS in development"
    );
}

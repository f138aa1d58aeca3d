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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_outbox_does_not_exist_in_production() {
    let app = common::spawn_with(&[("KABINET_ENV", "production")]).await;
    let answer = app.get("/dev/outbox").await;
    assert_status(&answer, StatusCode::NOT_FOUND);
    assert!(
        !answer.header("strict-transport-security").is_empty(),
        "HSTS in production"
    );
}

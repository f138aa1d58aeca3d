//! The real adapters of the messages port against real listeners started here: the SMTP
//! adapter (lettre) against Python's SMTP server, the HTTP SMS adapter against an HTTP server.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use kabinet::server::config::SmsProvider;
use kabinet::server::ports::messages::{Channel, Message, Messenger};
use kabinet::server::ports::sms_http::HttpSms;
use kabinet::server::ports::smtp::Smtp;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Stops the SMTP server however the test ends.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_email_goes_through_smtp_to_a_real_server_with_its_russian_text_intact() {
    let port = free_port();
    let mut child = Child(
        Command::new("python3")
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/it/support/smtp_sink.py"
            ))
            .arg(port.to_string())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs the SMTP server"),
    );
    let stdout = child.0.stdout.take().expect("stdout");
    let (lines_tx, lines_rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    let ready = lines_rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("the SMTP server starts");
    assert_eq!(ready, "ready");

    let smtp = Smtp::new(
        &format!("smtp://127.0.0.1:{port}"),
        "kabinet <noreply@kabinet.example>",
    )
    .expect("adapter");
    assert!(!smtp.is_sandbox());
    let message = Message {
        channel: Channel::Email,
        to: "ivan@mail.ru".into(),
        subject: Some("kabinet: подтвердите адрес почты".into()),
        body: "Иван, здравствуйте!\nСсылка: http://127.0.0.1:3000/email/confirm?token=ab".into(),
    };
    smtp.send(&message).await.expect("the server accepts it");
    let got = lines_rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("the server received a message");
    let got: serde_json::Value = serde_json::from_str(&got).expect("JSON line");
    assert_eq!(got["from"], "noreply@kabinet.example");
    assert_eq!(got["to"], serde_json::json!(["ivan@mail.ru"]));
    assert_eq!(got["subject"], "kabinet: подтвердите адрес почты");
    // Mail lines end in CRLF on the wire.
    let body = got["body"]
        .as_str()
        .unwrap_or_default()
        .replace("\r\n", "\n");
    assert_eq!(body.trim_end(), message.body);

    // An SMS is not email: refused, not sent.
    let sms = Message {
        channel: Channel::Sms,
        ..message
    };
    assert!(smtp.send(&sms).await.is_err());
}

type Seen = Arc<Mutex<Vec<(String, serde_json::Value)>>>;

async fn provider(
    State((seen, status)): State<(Seen, StatusCode)>,
    headers: HeaderMap,
    Json(body): Json<serde_json::Value>,
) -> StatusCode {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    seen.lock().expect("lock").push((auth, body));
    status
}

async fn start_provider(status: StatusCode) -> (String, Seen) {
    let seen: Seen = Arc::default();
    let app = axum::Router::new()
        .route("/send", post(provider))
        .with_state((seen.clone(), status));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("listen");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/send"), seen)
}

fn sms_to(phone: &str) -> Message {
    Message {
        channel: Channel::Sms,
        to: phone.into(),
        subject: None,
        body: "kabinet: код 123456 для регистрации.".into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_sms_goes_to_the_http_provider_with_its_token() {
    let (url, seen) = start_provider(StatusCode::OK).await;
    let sms = HttpSms::new(SmsProvider {
        url,
        token: "provider-token".into(),
        sender: "kabinet".into(),
    })
    .expect("adapter");
    sms.send(&sms_to("+79123456789")).await.expect("accepted");
    let seen = seen.lock().expect("lock").clone();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].0, "Bearer provider-token");
    assert_eq!(
        seen[0].1,
        serde_json::json!({"to": "+79123456789", "text": "kabinet: код 123456 для регистрации.", "sender": "kabinet"})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provider_that_refuses_makes_the_send_fail() {
    let (url, _) = start_provider(StatusCode::INTERNAL_SERVER_ERROR).await;
    let sms = HttpSms::new(SmsProvider {
        url,
        token: String::new(),
        sender: "kabinet".into(),
    })
    .expect("adapter");
    assert!(sms.send(&sms_to("+79123456789")).await.is_err());
}

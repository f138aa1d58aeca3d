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

/// The `Authorization` header a request came with, as text.
fn bearer(headers: &HeaderMap) -> String {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

async fn provider(
    State((seen, status)): State<(Seen, StatusCode)>,
    headers: HeaderMap,
    Json(body): Json<serde_json::Value>,
) -> StatusCode {
    let auth = bearer(&headers);
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

type Kept = Arc<Mutex<Vec<(String, String, serde_json::Value)>>>;
type Answers = fn(&str, &serde_json::Value) -> (StatusCode, serde_json::Value);

/// A lender's integration service on a free port under `/svc/`: `answers` says what each
/// request gets (by path and body), and every request is kept with its path and token.
async fn start_service(answers: Answers) -> (String, Kept) {
    async fn keep(
        State((seen, answers)): State<(Kept, Answers)>,
        uri: axum::http::Uri,
        headers: HeaderMap,
        Json(body): Json<serde_json::Value>,
    ) -> (StatusCode, Json<serde_json::Value>) {
        let auth = bearer(&headers);
        let (status, answer) = answers(uri.path(), &body);
        seen.lock()
            .expect("lock")
            .push((uri.path().to_owned(), auth, body));
        (status, Json(answer))
    }
    let seen: Kept = Arc::default();
    let app = axum::Router::new()
        .route("/svc/{*rest}", post(keep))
        .with_state((seen.clone(), answers));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("listen");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/svc/"), seen)
}

/// The bureau service of the contract in `ports::bureau_http`: a history with three
/// delinquencies and an open loan.
fn bureau_answers(path: &str, _: &serde_json::Value) -> (StatusCode, serde_json::Value) {
    match path {
        "/svc/check" => (
            StatusCode::OK,
            serde_json::json!({
                "self_ban": false,
                "open_loans_psk": ["290.000"],
                "short_loans_in_year": 2,
                "last_expensive_repaid_on": "2026-11-20",
                "delinquencies": 3
            }),
        ),
        _ => (StatusCode::OK, serde_json::json!({})),
    }
}

/// Issue 15, item 5: the bureau adapter sends the contract's requests (path, token, JSON) and
/// reads its answer; a 5xx is "unreachable" (the reconciler decides later), not a clean history.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bureau_adapter_speaks_the_documented_contract() {
    use kabinet::domain::documents::PassportNumber;
    use kabinet::domain::money::Money;
    use kabinet::server::config::BureauService;
    use kabinet::server::ports::PortError;
    use kabinet::server::ports::bureau::{CreditBureau, LoanEvent, LoanReport};
    use kabinet::server::ports::bureau_http::HttpBureau;
    let (url, seen) = start_service(bureau_answers).await;
    let bureau = HttpBureau::new(&BureauService {
        url,
        token: "bureau-token".into(),
    })
    .expect("adapter");
    assert!(!bureau.is_sandbox());
    let passport = PassportNumber::parse("57 10", "000077").expect("passport");
    let on = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).expect("date");
    let answer = bureau.check(&passport, on).await.expect("answered");
    assert_eq!(answer.delinquencies, 3);
    assert_eq!(answer.short_loans_in_year, 2);
    assert_eq!(
        answer.open_loans_psk,
        vec![rust_decimal::Decimal::new(290_000, 3)]
    );
    assert_eq!(
        answer.last_expensive_repaid_on,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
    );
    let report = LoanReport {
        loan_id: "loan-1".into(),
        event: LoanEvent::Issued,
        passport: passport.clone(),
        amount: Money::from_roubles(5_000),
        psk_percent: rust_decimal::Decimal::new(292_000, 3),
        on,
    };
    bureau.report(&report).await.expect("reported");
    let seen = seen.lock().expect("lock").clone();
    assert_eq!(
        seen,
        vec![
            (
                "/svc/check".to_owned(),
                "Bearer bureau-token".to_owned(),
                serde_json::json!({"passport": "5710 000077", "on": "2026-12-07"})
            ),
            (
                "/svc/report".to_owned(),
                "Bearer bureau-token".to_owned(),
                serde_json::json!({"loan_id": "loan-1", "event": "issued", "passport": "5710 000077",
                    "amount": "5000.00", "psk_percent": "292.000", "on": "2026-12-07"})
            ),
        ]
    );

    let (url, _) = start_service(|_, _| (StatusCode::BAD_GATEWAY, serde_json::json!({}))).await;
    let down = HttpBureau::new(&BureauService {
        url,
        token: String::new(),
    })
    .expect("adapter");
    assert!(matches!(
        down.check(&passport, on).await,
        Err(PortError::Unreachable(_))
    ));
}

/// Issue 15, item 5: the identification adapter opens an identification and exchanges the code
/// the browser brought back for the person, as `ports::identity_http` documents; a code the
/// service refuses identifies nobody.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_identity_adapter_speaks_the_documented_contract() {
    use kabinet::server::config::IdentityService;
    use kabinet::server::ports::PortError;
    use kabinet::server::ports::identity::IdentityProvider;
    use kabinet::server::ports::identity_http::HttpIdentity;
    fn answers(path: &str, body: &serde_json::Value) -> (StatusCode, serde_json::Value) {
        match (path, body["code"].as_str()) {
            ("/svc/start", _) => (
                StatusCode::OK,
                serde_json::json!({"redirect": "https://ebs.example/consent?id=r-1"}),
            ),
            ("/svc/finish", Some("good")) => (
                StatusCode::OK,
                serde_json::json!({"surname": "Иванов", "first_name": "Иван", "birth_date": "1990-05-20"}),
            ),
            _ => (StatusCode::FORBIDDEN, serde_json::json!({})),
        }
    }
    let (url, seen) = start_service(answers).await;
    let identity = HttpIdentity::new(&IdentityService {
        url,
        token: "ebs-token".into(),
    })
    .expect("adapter");
    assert!(!identity.is_sandbox());
    let back = "https://lk.example.ru/apply/identity";
    assert_eq!(
        identity.start("r-1", back).await.expect("started"),
        "https://ebs.example/consent?id=r-1"
    );
    let person = identity.finish("r-1", "good").await.expect("identified");
    assert_eq!(
        (person.surname.as_str(), person.first_name.as_str()),
        ("Иванов", "Иван")
    );
    assert_eq!(
        person.birth_date,
        chrono::NaiveDate::from_ymd_opt(1990, 5, 20).expect("date")
    );
    assert!(matches!(
        identity.finish("r-1", "forged").await,
        Err(PortError::Refused(_))
    ));
    let seen = seen.lock().expect("lock").clone();
    assert_eq!(seen.len(), 3);
    assert_eq!(
        seen[0],
        (
            "/svc/start".to_owned(),
            "Bearer ebs-token".to_owned(),
            serde_json::json!({"request_id": "r-1", "return_to": back})
        )
    );
    assert_eq!(
        seen[1].2,
        serde_json::json!({"request_id": "r-1", "code": "good"})
    );
}

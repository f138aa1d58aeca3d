//! kabinet as a real process (the binary cargo built for the tests) on a test's database, for
//! tests that kill it (SIGKILL) and benchmarks that load it over loopback; and a hosted-page
//! repayment sent to it over HTTP, as a borrower's browser would.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Server {
    child: Child,
    pub base: String,
}

/// A port nobody listens on now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Server {
    /// Starts kabinet on `database_url` (already migrated by a test app) and waits until ready.
    pub async fn start(database_url: &str) -> Server {
        let port = free_port();
        let child = Command::new(env!("CARGO_BIN_EXE_kabinet"))
            .env("DATABASE_URL", database_url)
            .env("KABINET_ADDR", format!("127.0.0.1:{port}"))
            .env("KABINET_SECRET_KEY", "5e".repeat(32))
            .env("KABINET_ENV", "development")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("kabinet starts");
        let server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let client = reqwest::Client::new();
        for _ in 0..300 {
            let ready = client.get(format!("{}/readyz", server.base)).send().await;
            if ready.is_ok_and(|r| r.status().is_success()) {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("kabinet did not get ready on {}", server.base);
    }

    /// SIGKILL: no shutdown, no cleanup, transactions cut where they stand.
    pub fn kill(mut self) {
        self.child.kill().expect("killed");
        self.child.wait().expect("reaped");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One repayment of `amount` roubles by another card on the gateway's page, over HTTP: start it
/// under `key`, then pay on the sandbox's page. Err on any failure (a killed server among them).
pub async fn hosted_repayment(
    client: &reqwest::Client,
    base: &str,
    (cookie, loan): (&str, &str),
    amount: &str,
    key: &str,
) -> Result<(), String> {
    let started = client
        .post(format!("{base}/api/payments/hosted"))
        .header("cookie", cookie)
        .form(&[("loan_id", loan), ("amount", amount), ("key", key)])
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !started.status().is_success() {
        return Err(format!("start: {}", started.status()));
    }
    let started: serde_json::Value = started.json().await.map_err(|e| e.to_string())?;
    let url = started["url"].as_str().ok_or("no url")?;
    let session = url.rsplit('=').next().ok_or("no session")?;
    let paid = client
        .post(format!("{base}/sandbox/pay"))
        .form(&[
            ("session", session),
            ("number", "4111111111111111"),
            ("expiry", "12/30"),
            ("holder", "IVAN IVANOV"),
            ("cvc", "123"),
        ])
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if paid.status() != reqwest::StatusCode::SEE_OTHER {
        return Err(format!("pay: {}", paid.status()));
    }
    Ok(())
}

/// A client that leaves redirects to the caller (the sandbox answers 303).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

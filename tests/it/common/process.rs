//! kabinet as a real process (the binary cargo built for the tests) on a test's database, for
//! tests that kill it (SIGKILL) and benchmarks that load it over loopback; and a hosted-page
//! repayment sent to it over HTTP, as a borrower's browser would.

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
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

    /// CPU seconds the process has used (user + system), from /proc.
    pub fn cpu_seconds(&self) -> f64 {
        cpu_seconds(&format!("/proc/{}/stat", self.child.id()))
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

/// CPU seconds (user + system) of the process whose `/proc/…/stat` is at `path`.
pub fn cpu_seconds(path: &str) -> f64 {
    let stat = std::fs::read_to_string(path).unwrap_or_default();
    // The fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// A client that leaves redirects to the caller (the sandbox answers 303).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// `workers` browsers repaying 1 kopeck at a time by hosted-page payments to the server at
/// `base`, taking the `borrowers` (a cookie and a loan each) in turn, each payment under a
/// fresh key tagged `tag`, until `stop` is set or the server stops answering. Counts the
/// repayments that went through.
pub fn repay_in_loop(
    base: &str,
    borrowers: &[(String, String)],
    workers: usize,
    tag: &str,
) -> (tokio::task::JoinSet<()>, Arc<AtomicUsize>, Arc<AtomicBool>) {
    let done = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let mut set = tokio::task::JoinSet::new();
    for w in 0..workers {
        let (borrowers, base) = (borrowers.to_vec(), base.to_owned());
        let (done, stop, tag) = (done.clone(), stop.clone(), tag.to_owned());
        set.spawn(async move {
            let client = client();
            for i in 0.. {
                let key = format!("{tag}-{w}-{i:07}");
                let (cookie, loan) = &borrowers[(w + i * workers) % borrowers.len()];
                let paid = hosted_repayment(&client, &base, (cookie, loan), "0.01", &key).await;
                if paid.is_err() || stop.load(Ordering::Relaxed) {
                    return;
                }
                done.fetch_add(1, Ordering::Relaxed);
            }
        });
    }
    (set, done, stop)
}

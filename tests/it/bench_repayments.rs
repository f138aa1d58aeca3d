//! `make bench`: repayments per second (PRODUCT.md §7: ≥ 500/s on SQLite, ≥ 1,000/s on
//! PostgreSQL), measured on the real kabinet process over loopback. A load generator of 16
//! browsers, for 64 borrowers in turn, repays by hosted-page payments — each repayment is the payment's start
//! (`POST /api/payments/hosted`) and the card typed on the sandbox gateway's page
//! (`POST /sandbox/pay`), whose charge event credits it: the payment row, the gateway's once-per-key
//! charge, the loan's event and the ledger lines. The books are checked afterwards. Ignored in
//! the test suite; run with `cargo test --release --features ssr --test bench_repayments --
//! --ignored --nocapture` (the backend from KABINET_TEST_BACKEND, as for every test).

use crate::common;

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use common::borrower::count;
use common::journey::{FIRST, ledger_sum, paid_out_as};
use common::process::{Server, cpu_seconds, repay_in_loop};
use common::spawn;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: make bench"]
async fn repayments_per_second() {
    let seconds: u64 = std::env::var("KABINET_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let backend = std::env::var("KABINET_TEST_BACKEND").unwrap_or_else(|_| "sqlite".into());
    let budget = if backend == "postgres" { 1000 } else { 500 };
    let app = spawn().await;
    // 64 borrowers with a loan each, paid in turn: a loan's payments queue on it, and each
    // credit replays the loan's events, so one loan paid thousands of times is not the load a
    // lender sees. (They all come from one address and device: between them the fixture
    // clears the address's rate limits and dates their applications back three days, out of
    // the scoring's 24-hour velocity window.)
    let mut borrowers = vec![];
    for i in 1..=64 {
        borrowers.push(paid_out_as(&app, &format!("+7912000{i:04}"), FIRST).await);
        for fixture in [
            "UPDATE application SET updated_at = updated_at - 3 * 86400",
            "DELETE FROM rate_limit",
        ] {
            sqlx::query(fixture)
                .execute(&app.state.db)
                .await
                .expect("fixture");
        }
    }
    let server = Server::start(&app.database_url).await;

    let (mut workers, done, stop) = repay_in_loop(&server.base, &borrowers, 16, "bench");
    tokio::time::sleep(Duration::from_secs(1)).await; // warm up
    let (start, from) = (Instant::now(), done.load(Ordering::Relaxed));
    let cpu = (server.cpu_seconds(), cpu_seconds("/proc/self/stat"));
    let mut per_second = vec![];
    let mut last = from;
    for _ in 0..seconds {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let now = done.load(Ordering::Relaxed);
        per_second.push(now - last);
        last = now;
    }
    let elapsed = start.elapsed().as_secs_f64();
    let cpu = (
        (server.cpu_seconds() - cpu.0) / elapsed,
        (cpu_seconds("/proc/self/stat") - cpu.1) / elapsed,
    );
    stop.store(true, Ordering::Relaxed);
    while workers.join_next().await.is_some() {}
    let rate = (last - from) as f64 / elapsed;

    let charges = count(
        &app,
        "SELECT COUNT(*) FROM sandbox_charge WHERE purpose = 'repayment'",
    )
    .await;
    let credited = count(&app, "SELECT COUNT(*) FROM payment WHERE status = 'done'").await;
    println!(
        "repayments on {backend}: {rate:.0}/s over {elapsed:.1} s, 16 browsers, 64 \
         borrowers (each second: {per_second:?}); {credited} credited in all, budget >= {budget}/s; \
         CPU cores busy: server {:.2}, load generator and test {:.2}",
        cpu.0, cpu.1
    );
    assert_eq!(credited, charges, "every charge credited once");
    assert_eq!(ledger_sum(&app).await, 0, "the ledger balances");
    drop(server);
    assert!(
        rate >= f64::from(budget),
        "repayments per second below the budget"
    );
}

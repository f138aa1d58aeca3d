//! The real kabinet process killed (SIGKILL) while repayments are in flight, three times, and
//! restarted (PRODUCT.md §7 reliability): afterwards every charge the gateway accepted is
//! credited exactly once, nothing is credited that was not charged, and the ledger balances.

use crate::common;

use std::sync::atomic::Ordering;
use std::time::Duration;

use common::borrower::count;
use common::journey::{FIRST, ledger_sum, paid_out};
use common::process::{Server, repay_in_loop};
use common::{TestApp, spawn};

/// Charged at the gateway and not (yet) credited.
const CHARGED_NOT_CREDITED: &str = "SELECT COUNT(*) FROM sandbox_charge c
     WHERE c.purpose = 'repayment'
       AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.gateway_ref = c.id AND p.status = 'done')";

async fn settled(app: &TestApp) {
    for _ in 0..200 {
        if count(app, CHARGED_NOT_CREDITED).await == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "{} charges still not credited 20 s after the restart",
        count(app, CHARGED_NOT_CREDITED).await
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repayments_in_flight_when_the_process_is_killed_are_credited_once_after_restart() {
    let app = spawn().await;
    let (cookie, loan) = paid_out(&app, FIRST).await;
    let borrower = [(cookie.clone(), loan)];
    let mut in_flight_at_kill = vec![];
    for round in 0..3 {
        let server = Server::start(&app.database_url).await;
        let (mut workers, done, stop) =
            repay_in_loop(&server.base, &borrower, 8, &format!("crash-{round}"));
        // Let the payments get going, then kill the process in the middle of them.
        for _ in 0..100 {
            if done.load(Ordering::Relaxed) >= 20 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
        server.kill();
        stop.store(true, Ordering::Relaxed);
        while workers.join_next().await.is_some() {}
        in_flight_at_kill.push(count(&app, CHARGED_NOT_CREDITED).await);
    }
    // Restarted: the reconciler asks the gateway about every payment left in flight.
    let server = Server::start(&app.database_url).await;
    settled(&app).await;
    let charges = count(
        &app,
        "SELECT COUNT(*) FROM sandbox_charge WHERE purpose = 'repayment'",
    )
    .await;
    let done = count(&app, "SELECT COUNT(*) FROM payment WHERE status = 'done'").await;
    let events = count(
        &app,
        "SELECT COUNT(*) FROM loan_event WHERE kind = 'payment'",
    )
    .await;
    let charged = count(
        &app,
        "SELECT CAST(COALESCE(SUM(amount_kopecks), 0) AS BIGINT) FROM sandbox_charge
         WHERE purpose = 'repayment'",
    )
    .await;
    let received = count(
        &app,
        "SELECT CAST(COALESCE(SUM(amount_kopecks), 0) AS BIGINT) FROM ledger_entry
         WHERE account = 'gateway:settlement' AND amount_kopecks > 0
           AND memo = 'payment received from the borrower'",
    )
    .await;
    println!(
        "charged {charges}, credited {done}; charged but not credited at each kill: {in_flight_at_kill:?}"
    );
    assert!(charges > 0, "payments went through before the kills");
    assert!(
        in_flight_at_kill.iter().sum::<i64>() > 0,
        "some kill caught a payment charged and not yet credited"
    );
    assert_eq!(
        done, charges,
        "each charge credited once, nothing credited uncharged"
    );
    assert_eq!(events, done, "one loan event per credited payment");
    assert_eq!(
        received, charged,
        "the ledger received what the gateway charged"
    );
    assert_eq!(ledger_sum(&app).await, 0, "the ledger balances");
    let debt = common::borrower::get_as(&app, "/api/cabinet", &cookie)
        .await
        .json()["loan"]["debt"]
        .as_str()
        .map(str::to_owned);
    assert_eq!(
        debt,
        Some(format!(
            "{}.{:02}",
            (500_000 - charged) / 100,
            (500_000 - charged) % 100
        )),
        "the debt fell by what was charged"
    );
    drop(server);
}

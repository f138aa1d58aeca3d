//! Background work: the reconciler that finishes what a crash or a silent outside service left
//! half done, the reminders, and the housekeeping that forgets what is kept only for a while. Jobs call the services; no service calls a job.
//! Safe on several instances at once: every step they repeat is idempotent by its key.

pub mod housekeeping;
pub mod reconcile;
pub mod reminders;

use std::future::Future;
use std::time::Duration;

use chrono::Utc;

use crate::server::error::ServiceError;
use crate::server::state::AppState;

/// How often the reconciler and the reminders run.
pub struct Schedule {
    pub reconcile: Duration,
    pub reminders: Duration,
    pub housekeeping: Duration,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            reconcile: Duration::from_secs(30),
            reminders: Duration::from_secs(5 * 60),
            housekeeping: Duration::from_secs(60 * 60),
        }
    }
}

/// Starts every job: each runs now and then again after its interval, for as long as the server
/// runs; a failed run is logged and the next one tries again.
pub fn spawn(state: AppState, schedule: Schedule) {
    every(
        state.clone(),
        schedule.reconcile,
        "reconciliation",
        |state| async move { reconcile::run(&state).await.map(drop) },
    );
    every(
        state.clone(),
        schedule.reminders,
        "reminders",
        |state| async move { reminders::run(&state, Utc::now()).await.map(drop) },
    );
    every(
        state,
        schedule.housekeeping,
        "housekeeping",
        |state| async move {
            housekeeping::run(&state, crate::server::store::now_unix())
                .await
                .map(drop)
        },
    );
}

fn every<F, Fut>(state: AppState, interval: Duration, name: &'static str, job: F)
where
    F: Fn(AppState) -> Fut + Send + 'static,
    Fut: Future<Output = Result<(), ServiceError>> + Send,
{
    tokio::spawn(async move {
        loop {
            if let Err(e) = job(state.clone()).await {
                tracing::warn!(error = ?e, job = name, "background job failed; will retry");
            }
            tokio::time::sleep(interval).await;
        }
    });
}

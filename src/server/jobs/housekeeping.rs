//! Housekeeping (issue 16, item 13): what is only kept for a while goes when its while is over
//! — sign-up drafts (a day: they hold names, a phone and an email), pending sign-ups (an hour),
//! one-time codes (a day, the span of the daily ceiling), email links and sessions once expired
//! or ended (a day after), and rate-limit windows (a day). Loans, payments, the ledger and the
//! audit log are never touched here.

use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::{codes, limits, links, sessions, signups};

const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;

/// One pass at `now` (unix seconds); answers how many rows went.
pub async fn run(state: &AppState, now: i64) -> Result<u64, ServiceError> {
    let db = &state.db;
    let mut gone = signups::purge(db, now - DAY, now - HOUR).await?;
    gone += codes::purge(db, now - DAY).await?;
    gone += links::purge(db, now - DAY).await?;
    gone += sessions::purge(db, now - DAY).await?;
    limits::sweep(db, now - DAY).await?;
    Ok(gone)
}

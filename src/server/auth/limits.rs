//! Rate limits per IP and per account (PRODUCT.md §7), counted in the database so that every
//! instance of the server shares them: a sliding window per limit and key, estimated from two
//! fixed ones (one upsert and one read per hit).

use crate::i18n::errors::Wait;
use crate::server::db::Db;
use crate::server::store::limits;

/// At most `hits` in `window` seconds for one key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub name: &'static str,
    /// What the borrower is told the wait is for.
    pub why: Wait,
    pub hits: i64,
    pub window: i64,
}

/// Login attempts from one address, and against one phone.
pub const LOGIN_PER_IP: Limit = Limit {
    name: "login_ip",
    why: Wait::Logins,
    hits: 30,
    window: 15 * 60,
};
pub const LOGIN_PER_PHONE: Limit = Limit {
    name: "login_phone",
    why: Wait::Logins,
    hits: 10,
    window: 15 * 60,
};
/// Sign-ups, password resets, phone changes and card bindings started from one address: 60 an
/// hour, as a mobile operator's shared address (CGNAT) may carry many borrowers; each phone's
/// codes have their own caps.
pub const START_PER_IP: Limit = Limit {
    name: "start_ip",
    why: Wait::Requests,
    hits: 60,
    window: 60 * 60,
};
/// Code and link checks from one address (each code also allows only 5 attempts).
pub const CHECK_PER_IP: Limit = Limit {
    name: "check_ip",
    why: Wait::Requests,
    hits: 40,
    window: 15 * 60,
};

/// Quick payment look-ups (phone and surname, without login) from one address, and of one
/// phone: enough for a borrower's typos, too few to try surnames.
pub const QUICK_PER_IP: Limit = Limit {
    name: "quick_ip",
    why: Wait::Lookups,
    hits: 10,
    window: 15 * 60,
};
pub const QUICK_PER_PHONE: Limit = Limit {
    name: "quick_phone",
    why: Wait::Lookups,
    hits: 5,
    window: 15 * 60,
};

/// Selfies sent by one account: each is decoded on the server, so a script cannot keep the
/// picture workers busy; a borrower retaking a blurred photo stays far below.
pub const SELFIE_PER_ACCOUNT: Limit = Limit {
    name: "selfie_account",
    why: Wait::Uploads,
    hits: 10,
    window: 60 * 60,
};

/// Every SMS to one phone in a day (codes, notices, warnings): far above a borrower's day, and
/// a ceiling on what a script can make kabinet send to a phone (SMS pumping).
pub const SMS_PER_PHONE: Limit = Limit {
    name: "sms_phone",
    why: Wait::Codes,
    hits: 30,
    window: 24 * 60 * 60,
};

/// Over the limit; the window ends in `retry_after` seconds.
#[derive(Debug, thiserror::Error)]
pub enum LimitError {
    #[error("rate limited; retry in {retry_after} s")]
    Limited { retry_after: i64 },
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Counts one hit of `limit` for `key` and refuses it when the window is already full. A hit
/// refused is not counted: asking again while refused never pushes the wait further.
pub async fn hit(db: &Db, limit: Limit, key: &str, now: i64) -> Result<(), LimitError> {
    let (bucket, window_start) = bucket(limit, key, now);
    let hits = limits::count_hit(db, &bucket, window_start).await?;
    // Old windows are swept now and then, by whichever request comes along.
    if hits == 1 && rand::random::<u8>() < 8 {
        limits::sweep(db, now - 86_400).await?;
    }
    if let Err(refused) = verdict(db, limit, &bucket, window_start, hits, now).await {
        limits::unhit(db, &bucket, window_start).await?;
        return Err(refused);
    }
    Ok(())
}

/// Whether one more hit of `limit` for `key` would be refused, counting nothing: for limits
/// that count only failures (quick payment's look-ups that found no loan).
pub async fn check(db: &Db, limit: Limit, key: &str, now: i64) -> Result<(), LimitError> {
    let (bucket, window_start) = bucket(limit, key, now);
    let hits = limits::hits(db, &bucket, window_start).await? + 1;
    verdict(db, limit, &bucket, window_start, hits, now).await
}

fn bucket(limit: Limit, key: &str, now: i64) -> (String, i64) {
    (
        format!("{}:{key}", limit.name),
        now - now.rem_euclid(limit.window),
    )
}

/// Refuses `hits` in the window starting at `window_start` when they are over the limit.
async fn verdict(
    db: &Db,
    limit: Limit,
    bucket: &str,
    window_start: i64,
    hits: i64,
    now: i64,
) -> Result<(), LimitError> {
    // A sliding window, estimated from two fixed ones: the previous window's hits count for the
    // part of it still inside the last `window` seconds, so a burst cannot double up across the
    // boundary between two windows.
    let previous = limits::hits(db, bucket, window_start - limit.window).await?;
    let elapsed = now - window_start;
    let carried = (previous * (limit.window - elapsed) + limit.window - 1) / limit.window;
    if hits + carried > limit.hits {
        // When enough of the previous window has slid out, or the current one ends.
        let retry_after = if hits > limit.hits || previous == 0 {
            window_start + limit.window - now
        } else {
            let excess = hits + carried - limit.hits;
            (excess * limit.window + previous - 1) / previous
        };
        return Err(LimitError::Limited {
            retry_after: retry_after.clamp(1, limit.window),
        });
    }
    Ok(())
}

//! Sessions by the SHA-256 of their token (the token itself is never stored).

use crate::server::db::Db;

/// A session as a request resumes it.
#[derive(Debug, sqlx::FromRow)]
pub struct LiveRow {
    pub account_id: String,
    pub last_seen_at: i64,
}

/// A live session as the profile lists it.
#[derive(Debug, sqlx::FromRow)]
pub struct SessionRow {
    pub token_hash: String,
    pub user_agent: String,
    pub ip: String,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// A new session of `account_id`, used now, ending at `expires_at` at the latest.
pub async fn insert(
    db: &Db,
    token_hash: &str,
    account_id: &str,
    now: i64,
    expires_at: i64,
    user_agent: &str,
    ip: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO session (token_hash, account_id, created_at, last_seen_at, expires_at, user_agent, ip)
         VALUES ($1, $2, $3, $3, $4, $5, $6)",
    )
    .bind(token_hash)
    .bind(account_id)
    .bind(now)
    .bind(expires_at)
    .bind(user_agent)
    .bind(ip)
    .execute(db)
    .await?;
    Ok(())
}

/// The session with this hash if it is not revoked, not past its end at `now`, and was used
/// after `idle_since`.
pub async fn live(
    db: &Db,
    token_hash: &str,
    now: i64,
    idle_since: i64,
) -> Result<Option<LiveRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT account_id, last_seen_at FROM session
         WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2 AND last_seen_at > $3",
    )
    .bind(token_hash)
    .bind(now)
    .bind(idle_since)
    .fetch_optional(db)
    .await
}

/// Records a use of the session at `now`.
pub async fn touch(db: &Db, token_hash: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE session SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(now)
        .bind(token_hash)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn revoke(db: &Db, token_hash: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE session SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(token_hash)
        .execute(db)
        .await?;
    Ok(())
}

/// The account's live sessions (as `live` judges them), the most recently used first.
pub async fn of_account(
    db: &Db,
    account_id: &str,
    now: i64,
    idle_since: i64,
) -> Result<Vec<SessionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT token_hash, user_agent, ip, created_at, last_seen_at FROM session
         WHERE account_id = $1 AND revoked_at IS NULL AND expires_at > $2 AND last_seen_at > $3
         ORDER BY last_seen_at DESC",
    )
    .bind(account_id)
    .bind(now)
    .bind(idle_since)
    .fetch_all(db)
    .await
}

/// Revokes the account's live session whose hash starts with `prefix`; false when none did.
pub async fn revoke_by_prefix(
    db: &Db,
    account_id: &str,
    prefix: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE session SET revoked_at = $1
         WHERE account_id = $2 AND substr(token_hash, 1, 16) = $3 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(account_id)
    .bind(prefix)
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Revokes every session of the account but the one whose hash is `keep`.
pub async fn revoke_others(
    db: &Db,
    account_id: &str,
    keep: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE session SET revoked_at = $1
         WHERE account_id = $2 AND token_hash <> $3 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(account_id)
    .bind(keep)
    .execute(db)
    .await?;
    Ok(())
}

/// Revokes every session of the account.
pub async fn revoke_all(db: &Db, account_id: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE session SET revoked_at = $1 WHERE account_id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(account_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Forgets the sessions that expired, or were ended, before `before`.
pub async fn purge(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "DELETE FROM session WHERE expires_at < $1 OR (revoked_at IS NOT NULL AND revoked_at < $1)",
    )
    .bind(before)
    .execute(db)
    .await?
    .rows_affected())
}

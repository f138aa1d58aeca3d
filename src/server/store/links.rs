//! Single-use email links, by the SHA-256 of their token (the token itself is never stored).

use crate::server::db::Db;

/// Who a live link is for.
#[derive(Debug, sqlx::FromRow)]
pub struct LinkRow {
    pub account_id: String,
    pub email: String,
}

/// A new link for `account_id` and `email`, for `purpose`, live until `expires_at`.
pub async fn insert(
    db: &Db,
    token_hash: &str,
    purpose: &str,
    account_id: &str,
    email: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO email_token (token_hash, purpose, account_id, email, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token_hash)
    .bind(purpose)
    .bind(account_id)
    .bind(email)
    .bind(now)
    .bind(expires_at)
    .execute(db)
    .await?;
    Ok(())
}

/// The live link for `purpose` with this hash, left as it is.
pub async fn live(
    db: &Db,
    token_hash: &str,
    purpose: &str,
    now: i64,
) -> Result<Option<LinkRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT account_id, email FROM email_token
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(token_hash)
    .bind(purpose)
    .bind(now)
    .fetch_optional(db)
    .await
}

/// Uses the live link up; `None` when it is unknown, used, expired or for another purpose. Of
/// two requests racing with one link, one gets it.
pub async fn take(
    db: &Db,
    token_hash: &str,
    purpose: &str,
    now: i64,
) -> Result<Option<LinkRow>, sqlx::Error> {
    sqlx::query_as(
        "UPDATE email_token SET used_at = $1
         WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1
         RETURNING account_id, email",
    )
    .bind(now)
    .bind(token_hash)
    .bind(purpose)
    .fetch_optional(db)
    .await
}

/// Forgets the email links expired before `before`.
pub async fn purge(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM email_token WHERE expires_at < $1")
        .bind(before)
        .execute(db)
        .await?
        .rows_affected())
}

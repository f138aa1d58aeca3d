//! Sign-ups in progress, each kept for the browser that started it (by the hash of its nonce):
//! the contacts typed so far and the step reached.

use crate::domain::signup::SignUpStep;
use crate::server::db::Db;

#[derive(Debug, sqlx::FromRow)]
pub struct DraftRow {
    /// The typed contacts (JSON of `wire::account::ContactsTyped`).
    pub details: String,
    /// `SignUpStep`'s code.
    pub step: String,
    /// E.164, once the code was sent.
    pub phone: Option<String>,
}

/// Keeps the browser's draft: its typed contacts, its step, and the phone a code went to.
pub async fn save(
    db: &Db,
    nonce_hash: &str,
    details: &str,
    step: SignUpStep,
    phone: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO signup_draft (nonce_hash, details, step, phone, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (nonce_hash) DO UPDATE SET details = $2, step = $3, phone = $4, updated_at = $5",
    )
    .bind(nonce_hash)
    .bind(details)
    .bind(step.code())
    .bind(phone)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// The browser's draft, if it was touched after `since`.
pub async fn draft(db: &Db, nonce_hash: &str, since: i64) -> Result<Option<DraftRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT details, step, phone FROM signup_draft WHERE nonce_hash = $1 AND updated_at > $2",
    )
    .bind(nonce_hash)
    .bind(since)
    .fetch_optional(db)
    .await
}

/// Forgets the browser's draft (its account exists now).
pub async fn forget(db: &Db, nonce_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM signup_draft WHERE nonce_hash = $1")
        .bind(nonce_hash)
        .execute(db)
        .await?;
    Ok(())
}

/// Forgets the drafts untouched since `before` and the pending sign-ups created before
/// `pending_before` (their codes are long dead); answers how many rows went.
pub async fn purge(db: &Db, before: i64, pending_before: i64) -> Result<u64, sqlx::Error> {
    let drafts = sqlx::query("DELETE FROM signup_draft WHERE updated_at < $1")
        .bind(before)
        .execute(db)
        .await?;
    let pending = sqlx::query("DELETE FROM pending_signup WHERE created_at < $1")
        .bind(pending_before)
        .execute(db)
        .await?;
    Ok(drafts.rows_affected() + pending.rows_affected())
}

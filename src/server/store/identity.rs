//! Biometric identification requests and their outcome.

use crate::server::db::Db;

pub async fn open(
    db: &Db,
    id: &str,
    account_id: &str,
    application_id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO identity_request (id, account_id, application_id, status, created_at)
         VALUES ($1, $2, $3, 'open', $4)",
    )
    .bind(id)
    .bind(account_id)
    .bind(application_id)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// The application of the borrower's open request `id`, if there is one.
pub async fn open_request(
    db: &Db,
    account_id: &str,
    id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT application_id FROM identity_request
         WHERE id = $1 AND account_id = $2 AND status = 'open'",
    )
    .bind(id)
    .bind(account_id)
    .fetch_optional(db)
    .await
}

/// Closes the request with `status` (verified, mismatch, denied); false if it was closed.
pub async fn close(db: &Db, id: &str, status: &str) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE identity_request SET status = $1 WHERE id = $2 AND status = 'open'")
            .bind(status)
            .bind(id)
            .execute(db)
            .await?;
    Ok(done.rows_affected() == 1)
}

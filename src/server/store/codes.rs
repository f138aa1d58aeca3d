//! One-time codes, by their HMAC (the code itself is never stored).

use sqlx::AnyConnection;

use crate::server::db::Db;

/// A code sent, as the resend wait and the hourly cap count it.
#[derive(Debug, sqlx::FromRow)]
pub struct SentRow {
    pub created_at: i64,
    pub purpose: String,
    pub binding_mac: Option<String>,
}

/// The latest code waiting to be used, as a check needs it.
#[derive(Debug, sqlx::FromRow)]
pub struct WaitingRow {
    pub id: String,
    pub code_hmac: String,
    pub expires_at: i64,
}

/// A code to keep.
pub struct NewCode<'a> {
    pub id: &'a str,
    pub purpose: &'a str,
    pub subject: &'a str,
    pub code_hmac: &'a str,
    pub binding_mac: &'a str,
    pub created_at: i64,
    pub expires_at: i64,
}

/// The codes sent to `subject` after `since`, oldest first (inside the issuing transaction).
pub async fn sent_since(
    conn: &mut AnyConnection,
    subject: &str,
    since: i64,
) -> Result<Vec<SentRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT created_at, purpose, binding_mac FROM one_time_code
         WHERE subject = $1 AND created_at > $2 ORDER BY created_at",
    )
    .bind(subject)
    .bind(since)
    .fetch_all(conn)
    .await
}

pub async fn insert(conn: &mut AnyConnection, code: &NewCode<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO one_time_code (id, purpose, subject, code_hmac, attempts, created_at, expires_at,
                                    binding_mac)
         VALUES ($1, $2, $3, $4, 0, $5, $6, $7)",
    )
    .bind(code.id)
    .bind(code.purpose)
    .bind(code.subject)
    .bind(code.code_hmac)
    .bind(code.created_at)
    .bind(code.expires_at)
    .bind(code.binding_mac)
    .execute(conn)
    .await?;
    Ok(())
}

/// The latest unused code sent to `subject` for `purpose`.
pub async fn waiting(
    db: &Db,
    subject: &str,
    purpose: &str,
) -> Result<Option<WaitingRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, code_hmac, expires_at FROM one_time_code
         WHERE subject = $1 AND purpose = $2 AND used_at IS NULL
         ORDER BY created_at DESC LIMIT 1",
    )
    .bind(subject)
    .bind(purpose)
    .fetch_optional(db)
    .await
}

/// Spends one attempt of the unused code `id`; false when it had `max` already (or is used).
pub async fn spend_attempt(db: &Db, id: &str, max: i64) -> Result<bool, sqlx::Error> {
    let spent = sqlx::query(
        "UPDATE one_time_code SET attempts = attempts + 1
         WHERE id = $1 AND attempts < $2 AND used_at IS NULL",
    )
    .bind(id)
    .bind(max)
    .execute(db)
    .await?;
    Ok(spent.rows_affected() == 1)
}

pub async fn attempts(db: &Db, id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT attempts FROM one_time_code WHERE id = $1")
        .bind(id)
        .fetch_one(db)
        .await
}

/// Uses the code up; false when another request used it first.
pub async fn use_up(db: &Db, id: &str, now: i64) -> Result<bool, sqlx::Error> {
    let used =
        sqlx::query("UPDATE one_time_code SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(db)
            .await?;
    Ok(used.rows_affected() == 1)
}

/// Forgets the codes issued before `before` (the day's ceiling counts the last 24 hours).
pub async fn purge(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM one_time_code WHERE created_at < $1")
            .bind(before)
            .execute(db)
            .await?
            .rows_affected(),
    )
}

/// Takes the phone's row for the issuing transaction (created on first use; on PostgreSQL the
/// upsert locks it until the transaction ends) and answers until when its codes are locked.
pub async fn guard(conn: &mut AnyConnection, subject: &str, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO code_subject (subject, updated_at) VALUES ($1, $2)
         ON CONFLICT (subject) DO UPDATE SET updated_at = $2
         RETURNING locked_until",
    )
    .bind(subject)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// Until when the phone's codes are locked (0: never locked).
pub async fn locked_until(db: &Db, subject: &str) -> Result<i64, sqlx::Error> {
    let until: Option<i64> =
        sqlx::query_scalar("SELECT locked_until FROM code_subject WHERE subject = $1")
            .bind(subject)
            .fetch_optional(db)
            .await?;
    Ok(until.unwrap_or(0))
}

/// Counts a wrong code for the phone (the count restarts a day after its first failure) and,
/// at `max`, locks its codes until `lock_until`. Answers whether this failure locked them.
pub async fn count_failure(
    db: &Db,
    subject: &str,
    (now, day): (i64, i64),
    max: i64,
    lock_until: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = crate::server::db::begin_write(db).await?;
    guard(&mut tx, subject, now).await?;
    let failures: i64 = sqlx::query_scalar(
        "UPDATE code_subject SET
             failures = CASE WHEN failures_since <= $2 THEN 1 ELSE failures + 1 END,
             failures_since = CASE WHEN failures_since <= $2 THEN $3 ELSE failures_since END
         WHERE subject = $1
         RETURNING failures",
    )
    .bind(subject)
    .bind(now - day)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let locks = failures == max;
    if locks {
        sqlx::query("UPDATE code_subject SET locked_until = $1 WHERE subject = $2")
            .bind(lock_until)
            .bind(subject)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(locks)
}

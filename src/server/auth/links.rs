//! Single-use links sent by email: confirm the address (valid 24 hours) and reset the password
//! (valid 1 hour). The link carries a 256-bit random token; only its SHA-256 is stored.

use sqlx::Row;

use super::sessions::{hash, new_token};
use crate::server::db::Db;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkPurpose {
    ConfirmEmail,
    PasswordReset,
}

impl LinkPurpose {
    fn code(self) -> &'static str {
        match self {
            LinkPurpose::ConfirmEmail => "confirm_email",
            LinkPurpose::PasswordReset => "password_reset",
        }
    }

    pub fn valid_seconds(self) -> i64 {
        match self {
            LinkPurpose::ConfirmEmail => 24 * 3600,
            LinkPurpose::PasswordReset => 3600,
        }
    }

    /// The page the link opens.
    pub fn path(self) -> &'static str {
        match self {
            LinkPurpose::ConfirmEmail => "/email/confirm",
            LinkPurpose::PasswordReset => "/reset/email",
        }
    }
}

/// Makes a token for `account_id` and `email`; the token goes into the email and nowhere else.
pub async fn issue(
    db: &Db,
    purpose: LinkPurpose,
    account_id: &str,
    email: &str,
    now: i64,
) -> Result<String, sqlx::Error> {
    let token = new_token();
    sqlx::query(
        "INSERT INTO email_token (token_hash, purpose, account_id, email, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(hash(&token))
    .bind(purpose.code())
    .bind(account_id)
    .bind(email)
    .bind(now)
    .bind(now + purpose.valid_seconds())
    .execute(db)
    .await?;
    Ok(token)
}

/// `(account id, email)` of a live link for `purpose`, without using it up.
pub async fn peek(
    db: &Db,
    purpose: LinkPurpose,
    token: &str,
    now: i64,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT account_id, email FROM email_token
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(hash(token))
    .bind(purpose.code())
    .bind(now)
    .fetch_optional(db)
    .await?;
    row.map(|r| Ok((r.try_get("account_id")?, r.try_get("email")?)))
        .transpose()
}

/// Whether `token` is a live link for `purpose` (the reset page shows its form only then).
pub async fn is_live(
    db: &Db,
    purpose: LinkPurpose,
    token: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    Ok(peek(db, purpose, token, now).await?.is_some())
}

/// Uses the link up: `(account id, email)` the first time, `None` if it is unknown, used,
/// expired or for another purpose. Two requests racing with one link: one wins.
pub async fn take(
    db: &Db,
    purpose: LinkPurpose,
    token: &str,
    now: i64,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let row = sqlx::query(
        "UPDATE email_token SET used_at = $1
         WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1
         RETURNING account_id, email",
    )
    .bind(now)
    .bind(hash(token))
    .bind(purpose.code())
    .fetch_optional(db)
    .await?;
    row.map(|r| Ok((r.try_get("account_id")?, r.try_get("email")?)))
        .transpose()
}

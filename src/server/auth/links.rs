//! Single-use links sent by email: confirm the address (valid 24 hours) and reset the password
//! (valid 1 hour). The link carries a 256-bit random token; only its SHA-256 is stored.

use super::sessions::{hash, new_token};
use crate::server::db::Db;
use crate::server::store::links;

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
    let expires_at = now + purpose.valid_seconds();
    links::insert(
        db,
        &hash(&token),
        purpose.code(),
        account_id,
        email,
        now,
        expires_at,
    )
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
    let row = links::live(db, &hash(token), purpose.code(), now).await?;
    Ok(row.map(|r| (r.account_id, r.email)))
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
    let row = links::take(db, &hash(token), purpose.code(), now).await?;
    Ok(row.map(|r| (r.account_id, r.email)))
}

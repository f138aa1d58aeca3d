//! Accounts, their consents, and sign-ups waiting for their phone code.
//! A phone belongs to at most one account (the unique key decides a race).

use crate::domain::signup::{CONSENT_VERSION, Contacts};
use crate::server::db::Db;

/// Keeps what a sign-up typed until its code arrives, for the browser whose nonce hashes to
/// `nonce_hash`. Another browser's sign-up of the phone is replaced only once it is `stale`
/// (older than its code's life): false when one is still live, and nothing is changed.
pub async fn save_pending(
    db: &Db,
    contacts: &Contacts,
    password_hash: &str,
    nonce_hash: &str,
    (now, stale): (i64, i64),
) -> anyhow::Result<bool> {
    let details = serde_json::to_string(contacts)?;
    let kept = sqlx::query(
        "INSERT INTO pending_signup (phone, details, password_hash, created_at, nonce_hash)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (phone) DO UPDATE SET details = $2, password_hash = $3, created_at = $4,
                                           nonce_hash = $5
         WHERE pending_signup.nonce_hash = $5 OR pending_signup.created_at <= $6",
    )
    .bind(contacts.phone.as_e164())
    .bind(details)
    .bind(password_hash)
    .bind(now)
    .bind(nonce_hash)
    .bind(stale)
    .execute(db)
    .await?;
    Ok(kept.rows_affected() == 1)
}

pub async fn phone_registered(db: &Db, phone: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) AS n FROM account WHERE phone = $1")
        .bind(phone)
        .fetch_one(db)
        .await?;
    Ok(n > 0)
}

/// The account id and password hash of the account with this phone.
pub async fn credentials(db: &Db, phone: &str) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, password_hash FROM account WHERE phone = $1")
        .bind(phone)
        .fetch_optional(db)
        .await
}

/// Turns the pending sign-up of `phone` that the browser of `nonce_hash` started (at most an
/// hour old) into an account, with its consents, in one transaction. `None` when nothing is
/// pending for that browser or the phone got an account.
pub async fn create_from_pending(
    db: &Db,
    phone: &str,
    nonce_hash: &str,
    now: i64,
) -> anyhow::Result<Option<String>> {
    let mut tx = crate::server::db::begin_write(db).await?;
    let Some((details, password_hash)): Option<(String, String)> = sqlx::query_as(
        "SELECT details, password_hash FROM pending_signup
         WHERE phone = $1 AND created_at > $2 AND nonce_hash = $3",
    )
    .bind(phone)
    .bind(now - 3600)
    .bind(nonce_hash)
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(None);
    };
    let contacts: Contacts = serde_json::from_str(&details)?;
    let id = format!("{:032x}", rand::random::<u128>());
    let created = sqlx::query(
        "INSERT INTO account (id, phone, email, surname, first_name, patronymic, password_hash,
                              phone_confirmed_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (phone) DO NOTHING",
    )
    .bind(&id)
    .bind(phone)
    .bind(contacts.email.as_str())
    .bind(contacts.surname.as_str())
    .bind(contacts.first_name.as_str())
    .bind(contacts.patronymic.as_ref().map(|p| p.as_str().to_owned()))
    .bind(&password_hash)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if created.rows_affected() == 0 {
        return Ok(None);
    }
    for consent in &contacts.consents {
        sqlx::query(
            "INSERT INTO consent (account_id, kind, document_version, accepted_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(&id)
        .bind(consent.code())
        .bind(CONSENT_VERSION)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("DELETE FROM pending_signup WHERE phone = $1")
        .bind(phone)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// What the cabinet shows of an account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub first_name: String,
    pub surname: String,
    /// Empty when the borrower has none.
    pub patronymic: String,
    /// E.164.
    pub phone: String,
    pub email: String,
    pub email_confirmed: bool,
    pub password_hash: String,
}

#[derive(sqlx::FromRow)]
struct ProfileRecord {
    first_name: String,
    surname: String,
    patronymic: Option<String>,
    phone: String,
    email: String,
    email_confirmed_at: Option<i64>,
    password_hash: String,
}

impl From<ProfileRecord> for Profile {
    fn from(r: ProfileRecord) -> Profile {
        Profile {
            first_name: r.first_name,
            surname: r.surname,
            patronymic: r.patronymic.unwrap_or_default(),
            phone: r.phone,
            email: r.email,
            email_confirmed: r.email_confirmed_at.is_some(),
            password_hash: r.password_hash,
        }
    }
}

impl Profile {
    /// Surname, first name and patronymic, as documents name the borrower.
    pub fn full_name(&self) -> String {
        [&self.surname, &self.first_name, &self.patronymic]
            .into_iter()
            .filter(|part| !part.is_empty())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

pub async fn profile(db: &Db, id: &str) -> Result<Option<Profile>, sqlx::Error> {
    let row: Option<ProfileRecord> = sqlx::query_as(
        "SELECT first_name, surname, patronymic, phone, email, email_confirmed_at, password_hash
         FROM account WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(Profile::from))
}

/// The account with this phone, if any.
pub async fn id_by_phone(db: &Db, phone: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM account WHERE phone = $1")
        .bind(phone)
        .fetch_optional(db)
        .await
}

/// The accounts that gave this email, in any case (an email is not unique; each account gets
/// its own link).
/// The accounts that gave `email` and confirmed it (a mistyped address never gets a link).
pub async fn ids_by_confirmed_email(db: &Db, email: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM account
         WHERE lower(email) = lower($1) AND email_confirmed_at IS NOT NULL
         ORDER BY created_at LIMIT 5",
    )
    .bind(email)
    .fetch_all(db)
    .await
}

pub async fn set_password(db: &Db, id: &str, password_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE account SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Moves the account to `phone`; false when another account has that phone.
pub async fn set_phone(db: &Db, id: &str, phone: &str, now: i64) -> Result<bool, sqlx::Error> {
    let moved = sqlx::query(
        "UPDATE account SET phone = $1, phone_confirmed_at = $2
         WHERE id = $3 AND NOT EXISTS (SELECT 1 FROM account AS other WHERE other.phone = $1)",
    )
    .bind(phone)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?;
    Ok(moved.rows_affected() == 1)
}

/// Marks the email confirmed if the account still has that email.
pub async fn confirm_email(db: &Db, id: &str, email: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE account SET email_confirmed_at = $1 WHERE id = $2 AND email = $3")
            .bind(now)
            .bind(id)
            .bind(email)
            .execute(db)
            .await?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_name_the_borrower_with_the_patronymic_when_there_is_one() {
        let mut profile = Profile {
            first_name: "Мария".into(),
            surname: "Иванова".into(),
            patronymic: "Петровна".into(),
            phone: "+79990000000".into(),
            email: "m@example.ru".into(),
            email_confirmed: false,
            password_hash: String::new(),
        };
        assert_eq!(profile.full_name(), "Иванова Мария Петровна");
        profile.patronymic.clear();
        assert_eq!(profile.full_name(), "Иванова Мария");
    }
}

//! The audit log of security events (PRODUCT.md §7): what happened to which account, when,
//! from which address and browser. Never a password, a code or a token.

use crate::server::db::Db;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    SignUp,
    LoginSucceeded,
    LoginFailed,
    LoggedOut,
    LoggedOutEverywhere,
    SessionRevoked,
    PasswordReset,
    PhoneChanged,
    EmailConfirmed,
    RateLimited,
    /// A one-time code typed wrong (detail: its purpose), and a phone's codes locked for a day.
    CodeFailed,
    CodesLocked,
    /// Where loans are paid out changed: a card bound or chosen again, an account added.
    PayoutDestinationChanged,
    /// Individual terms signed with a code (detail: the document's SHA-256).
    TermsSigned,
    /// A repayment's code confirmed (detail: the payment), a prolongation's agreement signed.
    PaymentConfirmed,
    ProlongationSigned,
    /// Quick payment found a loan by phone and surname.
    QuickLookup,
    /// Decrypted personal data (passport, SNILS, INN, selfie) read (detail: what).
    PersonalDataRead,
}

impl Event {
    pub fn code(self) -> &'static str {
        match self {
            Event::SignUp => "sign_up",
            Event::LoginSucceeded => "login_succeeded",
            Event::LoginFailed => "login_failed",
            Event::LoggedOut => "logged_out",
            Event::LoggedOutEverywhere => "logged_out_everywhere",
            Event::SessionRevoked => "session_revoked",
            Event::PasswordReset => "password_reset",
            Event::PhoneChanged => "phone_changed",
            Event::EmailConfirmed => "email_confirmed",
            Event::RateLimited => "rate_limited",
            Event::CodeFailed => "code_failed",
            Event::CodesLocked => "codes_locked",
            Event::PayoutDestinationChanged => "payout_destination_changed",
            Event::TermsSigned => "terms_signed",
            Event::PaymentConfirmed => "payment_confirmed",
            Event::ProlongationSigned => "prolongation_signed",
            Event::QuickLookup => "quick_lookup",
            Event::PersonalDataRead => "personal_data_read",
        }
    }
}

/// Where a request came from: its address and its browser.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Client {
    pub ip: String,
    pub user_agent: String,
}

/// Adds one event. `detail` is a short note such as the limit that was hit; never a secret.
pub async fn record(
    db: &Db,
    event: Event,
    account_id: Option<&str>,
    client: &Client,
    detail: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_event (id, at, kind, account_id, ip, user_agent, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(format!("{:032x}", rand::random::<u128>()))
    .bind(now)
    .bind(event.code())
    .bind(account_id)
    .bind(&client.ip)
    .bind(client.user_agent.chars().take(300).collect::<String>())
    .bind(detail)
    .execute(db)
    .await?;
    Ok(())
}

//! One-time codes (PRODUCT.md §7): 6 digits from a CSPRNG, valid 5 minutes; 5 attempts, after
//! which even the right code fails; a resend (same purpose, same binding) after 60 s; at most 5
//! an hour per phone for each purpose (a sign-up's codes never use up a payment's), and 20 a day
//! per phone in all, a ceiling no borrower meets in normal use. Issuing is serialized per phone
//! on both databases (the phone's `code_subject` row). Ten wrong codes for one phone within a day
//! lock its codes for a day (`Locked`): even the right code then fails, and no new one is sent.
//! Stored only as an HMAC bound to purpose, phone and what the code confirms; never logged.

use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::Sha256;

use crate::server::db::Db;
use crate::server::secrets::{from_hex, to_hex};
use crate::server::store::codes;

pub const DIGITS: usize = 6;
pub const VALID_SECONDS: i64 = 5 * 60;
pub const MAX_ATTEMPTS: i64 = 5;
pub const RESEND_AFTER_SECONDS: i64 = 60;
pub const SENDS_PER_HOUR: i64 = 5;
pub const SENDS_PER_DAY: i64 = 20;
/// Wrong codes for one phone in a day before its codes are locked for a day.
pub const FAILURES_PER_DAY: i64 = 10;
const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;

/// What a code confirms; a code for one purpose never works for another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    SignUp,
    PasswordReset,
    PhoneChange,
    SignDocument,
    Payment,
    /// A card bound before, chosen again for a new loan's payout.
    ConfirmCard,
}

impl Purpose {
    pub fn code(self) -> &'static str {
        match self {
            Purpose::SignUp => "sign_up",
            Purpose::PasswordReset => "password_reset",
            Purpose::PhoneChange => "phone_change",
            Purpose::SignDocument => "sign_document",
            Purpose::Payment => "payment",
            Purpose::ConfirmCard => "confirm_card",
        }
    }
}

/// A code to send. `code` goes to the SMS port and nowhere else.
pub struct Issued {
    pub id: String,
    pub code: String,
    pub expires_at: i64,
}

impl std::fmt::Debug for Issued {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Issued")
            .field("id", &self.id)
            .field("code", &"…")
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CodeError {
    #[error("a new code can be sent in {retry_after} s")]
    TooSoon { retry_after: i64 },
    #[error("too many codes this hour; next in {retry_after} s")]
    TooMany { retry_after: i64 },
    #[error("wrong code; {attempts_left} attempts left")]
    Wrong { attempts_left: i64 },
    #[error("the code has expired")]
    Expired,
    #[error("no attempts left for this code")]
    Exhausted,
    #[error("no code is waiting")]
    NotFound,
    /// Too many wrong codes for this phone today; `just_now` when this attempt locked it (the
    /// phone is to be told, once).
    #[error("the phone's codes are locked for {retry_after} s")]
    Locked { retry_after: i64, just_now: bool },
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// The HMAC of a code with everything it is bound to, each part length-prefixed.
fn mac(
    key: &[u8],
    id: &str,
    purpose: Purpose,
    subject: &str,
    binding: &str,
    code: &str,
) -> Hmac<Sha256> {
    // HMAC takes a key of any length: `new_from_slice` cannot fail for it.
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC key"));
    for part in [id, purpose.code(), subject, binding, code] {
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part.as_bytes());
    }
    mac
}

fn random_hex(bytes: usize) -> String {
    let mut rng = rand::rng();
    (0..bytes)
        .map(|_| format!("{:02x}", rng.random::<u8>()))
        .collect()
}

/// Creates a code for `subject` (a phone in E.164) that confirms `binding` for `purpose`.
pub async fn issue(
    db: &Db,
    key: &[u8],
    purpose: Purpose,
    subject: &str,
    binding: &str,
    now: i64,
) -> Result<Issued, CodeError> {
    let binding_mac = {
        let mut m = Hmac::<Sha256>::new_from_slice(key)
            .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
        m.update(b"binding\0");
        m.update(purpose.code().as_bytes());
        m.update(b"\0");
        m.update(binding.as_bytes());
        to_hex(&m.finalize().into_bytes())
    };
    let mut tx = crate::server::db::begin_write(db).await?;
    // Serializes issuing for this phone (PostgreSQL holds the row until commit).
    let locked_until = codes::guard(&mut tx, subject, now).await?;
    if locked_until > now {
        return Err(CodeError::Locked {
            retry_after: locked_until - now,
            just_now: false,
        });
    }
    let sent = codes::sent_since(&mut tx, subject, now - DAY).await?;
    // A new code for the same purpose and the same thing to confirm (a resend) waits 60 s; a
    // code for another payment does not; the hourly cap counts the purpose's codes, the daily
    // ceiling every code.
    if let Some(last) = sent
        .iter()
        .rev()
        .find(|s| {
            s.purpose == purpose.code()
                && s.binding_mac
                    .as_deref()
                    .is_none_or(|b| b == binding_mac.as_str())
        })
        .map(|s| s.created_at)
        .filter(|last| now - *last < RESEND_AFTER_SECONDS)
    {
        return Err(CodeError::TooSoon {
            retry_after: RESEND_AFTER_SECONDS - (now - last),
        });
    }
    let this_hour: Vec<i64> = sent
        .iter()
        .filter(|s| s.purpose == purpose.code() && s.created_at > now - HOUR)
        .map(|s| s.created_at)
        .collect();
    for (times, cap, window) in [
        (this_hour, SENDS_PER_HOUR, HOUR),
        (
            sent.iter().map(|s| s.created_at).collect(),
            SENDS_PER_DAY,
            DAY,
        ),
    ] {
        if times.len() as i64 >= cap {
            // Until the oldest code that fills the cap leaves the window.
            let oldest = times[times.len() - cap as usize];
            return Err(CodeError::TooMany {
                retry_after: (oldest + window - now).max(1),
            });
        }
    }
    let code = format!(
        "{:0width$}",
        rand::rng().random_range(0..1_000_000u32),
        width = DIGITS
    );
    let id = random_hex(16);
    let expires_at = now + VALID_SECONDS;
    let code_hmac = to_hex(
        &mac(key, &id, purpose, subject, binding, &code)
            .finalize()
            .into_bytes(),
    );
    let new = codes::NewCode {
        id: &id,
        purpose: purpose.code(),
        subject,
        code_hmac: &code_hmac,
        binding_mac: &binding_mac,
        created_at: now,
        expires_at,
    };
    codes::insert(&mut tx, &new).await?;
    tx.commit().await?;
    Ok(Issued {
        id,
        code,
        expires_at,
    })
}

/// Checks `code` against the latest code sent to `subject` for `purpose` and `binding`, and
/// uses it up when right. Every check spends an attempt first, so parallel guesses cannot
/// exceed the limit and the sixth try fails even with the right code.
pub async fn verify(
    db: &Db,
    key: &[u8],
    purpose: Purpose,
    subject: &str,
    binding: &str,
    code: &str,
    now: i64,
) -> Result<(), CodeError> {
    let locked_until = codes::locked_until(db, subject).await?;
    if locked_until > now {
        return Err(CodeError::Locked {
            retry_after: locked_until - now,
            just_now: false,
        });
    }
    let codes::WaitingRow {
        id,
        code_hmac: stored,
        expires_at,
    } = codes::waiting(db, subject, purpose.code())
        .await?
        .ok_or(CodeError::NotFound)?;
    if now >= expires_at {
        return Err(CodeError::Expired);
    }
    if !codes::spend_attempt(db, &id, MAX_ATTEMPTS).await? {
        return Err(CodeError::Exhausted);
    }
    let right = from_hex(&stored).is_some_and(|stored| {
        // `verify_slice` compares in constant time.
        mac(key, &id, purpose, subject, binding, code.trim())
            .verify_slice(&stored)
            .is_ok()
    });
    if !right {
        if codes::count_failure(db, subject, (now, DAY), FAILURES_PER_DAY, now + DAY).await? {
            return Err(CodeError::Locked {
                retry_after: DAY,
                just_now: true,
            });
        }
        let attempts = codes::attempts(db, &id).await?;
        return Err(CodeError::Wrong {
            attempts_left: (MAX_ATTEMPTS - attempts).max(0),
        });
    }
    if codes::use_up(db, &id, now).await? {
        Ok(())
    } else {
        Err(CodeError::NotFound)
    }
}

//! Sessions (PRODUCT.md §7): 256-bit random tokens in a `__Host-` cookie (HttpOnly, Secure,
//! SameSite=Lax), stored only as SHA-256; a new token at every login; idle and absolute limits.

use crate::server::db::Db;
use crate::server::secrets::to_hex;
use crate::server::store::sessions;
use axum::http::HeaderMap;
use rand::Rng;
use sha2::{Digest, Sha256};

pub const COOKIE: &str = "__Host-kabinet_session";

/// How long a session lives: `idle` seconds without a request, `absolute` seconds in all.
#[derive(Clone, Copy, Debug)]
pub struct Lifetime {
    pub idle: i64,
    pub absolute: i64,
}

impl Default for Lifetime {
    fn default() -> Self {
        Lifetime {
            idle: 15 * 60,
            absolute: 12 * 3600,
        }
    }
}

/// A session that a request proved it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub account_id: String,
    pub token_hash: String,
}

pub fn hash(token: &str) -> String {
    to_hex(&Sha256::digest(token.as_bytes()))
}

/// 256 random bits from the OS's CSPRNG, as 64 hex digits: a session token or a link's token.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill(&mut bytes);
    to_hex(&bytes)
}

/// Opens a session for `account_id` and returns its token (for the cookie only).
pub async fn open(
    db: &Db,
    account_id: &str,
    user_agent: &str,
    ip: &str,
    now: i64,
    lifetime: Lifetime,
) -> Result<String, sqlx::Error> {
    let token = new_token();
    let user_agent: String = user_agent.chars().take(300).collect();
    let expires_at = now + lifetime.absolute;
    sessions::insert(
        db,
        &hash(&token),
        account_id,
        now,
        expires_at,
        &user_agent,
        ip,
    )
    .await?;
    Ok(token)
}

/// The session `token` belongs to, if it is neither revoked, idle too long nor too old; a
/// request through it counts as activity (recorded at most once a minute).
pub async fn resume(
    db: &Db,
    token: &str,
    now: i64,
    lifetime: Lifetime,
) -> Result<Option<Session>, sqlx::Error> {
    let token_hash = hash(token);
    let Some(row) = sessions::live(db, &token_hash, now, now - lifetime.idle).await? else {
        return Ok(None);
    };
    // The idle clock restarts at most once a minute: a read, not a write, for most requests.
    if row.last_seen_at < now - TOUCH_EVERY {
        sessions::touch(db, &token_hash, now).await?;
    }
    Ok(Some(Session {
        account_id: row.account_id,
        token_hash,
    }))
}

/// Seconds between two updates of a session's last use (its idle timeout may end up to this
/// much early).
const TOUCH_EVERY: i64 = 60;

pub async fn revoke(db: &Db, token_hash: &str, now: i64) -> Result<(), sqlx::Error> {
    sessions::revoke(db, token_hash, now).await
}

/// A live session as the profile lists it. `handle` names it without being its token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub handle: String,
    pub user_agent: String,
    pub ip: String,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// The first 16 hex digits of the token's hash: enough to tell sessions apart, useless to log in.
pub fn handle(token_hash: &str) -> String {
    token_hash.chars().take(16).collect()
}

/// The account's live sessions, the most recently used first.
pub async fn list(
    db: &Db,
    account_id: &str,
    now: i64,
    lifetime: Lifetime,
) -> Result<Vec<Listed>, sqlx::Error> {
    let rows = sessions::of_account(db, account_id, now, now - lifetime.idle).await?;
    Ok(rows
        .into_iter()
        .map(|r| Listed {
            handle: handle(&r.token_hash),
            user_agent: r.user_agent,
            ip: r.ip,
            created_at: r.created_at,
            last_seen_at: r.last_seen_at,
        })
        .collect())
}

/// Ends the session of `account_id` named by `handle`; false when it has no such session.
pub async fn revoke_handle(
    db: &Db,
    account_id: &str,
    handle: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    if handle.len() != 16 || !handle.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(false);
    }
    sessions::revoke_by_prefix(db, account_id, &handle.to_ascii_lowercase(), now).await
}

/// Ends every session of the account but `keep` (after a phone change, the browser that made it).
pub async fn revoke_others(
    db: &Db,
    account_id: &str,
    keep: &Session,
    now: i64,
) -> Result<(), sqlx::Error> {
    sessions::revoke_others(db, account_id, &keep.token_hash, now).await
}

/// Ends every session of the account ("log out everywhere", and after a password reset).
pub async fn revoke_all(db: &Db, account_id: &str, now: i64) -> Result<(), sqlx::Error> {
    sessions::revoke_all(db, account_id, now).await
}

/// The `Set-Cookie` value that hands the browser its token.
pub fn cookie(token: &str, lifetime: Lifetime) -> String {
    format!(
        "{COOKIE}={token}; Path=/; Max-Age={}; HttpOnly; Secure; SameSite=Lax",
        lifetime.absolute
    )
}

/// The `Set-Cookie` value that makes the browser forget it.
pub fn cleared_cookie() -> String {
    format!("{COOKIE}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax")
}

pub fn token_from(headers: &HeaderMap) -> Option<String> {
    super::cookies::get(headers, COOKIE)
}

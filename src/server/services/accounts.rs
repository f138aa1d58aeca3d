//! Accounts (PRODUCT.md J3): login, logout, sessions, email confirmation (sign-up itself is
//! `signups`). Login never says which of phone or password was wrong; every step is
//! rate-limited per IP (and login per phone too) and leaves a line in the audit log.

use super::Ctx;
use super::plumbing::{audit, limit, send_link};
use crate::domain::phone::Phone;
use crate::domain::problem::Problem;
use crate::server::auth::limits::{self};
use crate::server::auth::links::{self, LinkPurpose};
use crate::server::auth::sessions;
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::accounts;
use crate::server::store::audit::Event;

pub(super) async fn open_session(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
) -> Result<String, ServiceError> {
    Ok(sessions::open(
        &state.db,
        account_id,
        &ctx.client.user_agent,
        &ctx.client.ip,
        ctx.now,
        state.session_lifetime,
    )
    .await?)
}

/// Sends the account's email a link that confirms it (at sign-up, and again from the profile).
pub async fn send_email_link(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
) -> Result<(), ServiceError> {
    send_link(state, ctx, LinkPurpose::ConfirmEmail, account_id).await
}

/// Resends the confirmation link from the profile, at most as often as sign-ups start.
pub async fn resend_email_link(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
) -> Result<(), ServiceError> {
    limit(state, ctx, limits::START_PER_IP, &ctx.client.ip).await?;
    send_email_link(state, ctx, account_id).await
}

/// The link from the email: marks the address confirmed, once.
pub async fn confirm_email(state: &AppState, ctx: &Ctx, token: &str) -> Result<(), ServiceError> {
    limit(state, ctx, limits::CHECK_PER_IP, &ctx.client.ip).await?;
    let Some((account_id, email)) =
        links::take(&state.db, LinkPurpose::ConfirmEmail, token, ctx.now).await?
    else {
        return Err(ServiceError::invalid("token", Problem::LinkExpired));
    };
    if !accounts::confirm_email(&state.db, &account_id, &email, ctx.now).await? {
        // The account has another email since the link was sent.
        return Err(ServiceError::invalid("token", Problem::LinkExpired));
    }
    audit(state, ctx, Event::EmailConfirmed, Some(&account_id), None).await
}

/// Login by phone and password; a new session token every time.
pub async fn log_in(
    state: &AppState,
    ctx: &Ctx,
    phone: &str,
    password: &str,
) -> Result<String, ServiceError> {
    // Under a flood, excess logins are refused before they cost a database write.
    if state.hasher.is_saturated() {
        return Err(ServiceError::Busy);
    }
    limit(state, ctx, limits::LOGIN_PER_IP, &ctx.client.ip).await?;
    let phone = Phone::parse(phone).ok();
    // Counted per phone whether or not it has an account, so the limit tells nothing either.
    if let Some(phone) = &phone {
        limit(state, ctx, limits::LOGIN_PER_PHONE, phone.as_e164()).await?;
    }
    let found = match &phone {
        Some(phone) => accounts::credentials(&state.db, phone.as_e164()).await?,
        None => None,
    };
    let Some((id, hash)) = found else {
        // As slow as a wrong password, so timing does not tell the phone is unknown.
        state.hasher.verify_nothing(password).await?;
        audit(state, ctx, Event::LoginFailed, None, None).await?;
        return Err(ServiceError::BadCredentials);
    };
    if !state.hasher.verify(password, &hash).await? {
        audit(state, ctx, Event::LoginFailed, Some(&id), None).await?;
        return Err(ServiceError::BadCredentials);
    }
    audit(state, ctx, Event::LoginSucceeded, Some(&id), None).await?;
    open_session(state, ctx, &id).await
}

/// Ends this session.
pub async fn log_out(
    state: &AppState,
    ctx: &Ctx,
    session: &sessions::Session,
) -> Result<(), ServiceError> {
    sessions::revoke(&state.db, &session.token_hash, ctx.now).await?;
    audit(
        state,
        ctx,
        Event::LoggedOut,
        Some(&session.account_id),
        None,
    )
    .await
}

/// Ends every session of the account, this one included.
pub async fn log_out_everywhere(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
) -> Result<(), ServiceError> {
    sessions::revoke_all(&state.db, account_id, ctx.now).await?;
    audit(
        state,
        ctx,
        Event::LoggedOutEverywhere,
        Some(account_id),
        None,
    )
    .await
}

/// Ends one of the account's sessions, named by its handle; another account's is "not found".
pub async fn revoke_session(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
    handle: &str,
) -> Result<bool, ServiceError> {
    let done = sessions::revoke_handle(&state.db, account_id, handle, ctx.now).await?;
    if done {
        audit(state, ctx, Event::SessionRevoked, Some(account_id), None).await?;
    }
    Ok(done)
}

//! Accounts (PRODUCT.md J2 steps 2–4, J3): sign-up, login, logout, sessions, email
//! confirmation. Sign-up and login answer the same whether or not the phone has an account and
//! never say which of phone or password was wrong; every step is rate-limited per IP (and login
//! per phone too) and leaves a line in the audit log.

use super::Ctx;
use super::plumbing::{audit, check_code, limit, send_code, send_link, sms};
use crate::domain::phone::Phone;
use crate::domain::problem::Problem;
use crate::domain::signup::SignUp;
use crate::i18n::notices;
use crate::server::auth::codes::Purpose;
use crate::server::auth::limits::{self};
use crate::server::auth::links::{self, LinkPurpose};
use crate::server::auth::{passwords, sessions};
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::accounts;
use crate::server::store::audit::Event;

async fn open_session(
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

/// Sign-up, step one: checks the form, keeps it, and sends the phone a code. A phone that
/// already has an account is told so by SMS instead, and the answer here is the same.
pub async fn start_sign_up(state: &AppState, ctx: &Ctx, form: SignUp) -> Result<(), ServiceError> {
    limit(state, ctx, limits::START_PER_IP, &ctx.client.ip).await?;
    if passwords::is_common(&form.password) {
        return Err(ServiceError::invalid("password", Problem::CommonPassword));
    }
    let phone = form.contacts.phone.clone();
    // Hashed either way, so a registered phone is not answered faster than a new one.
    let hash = state.hasher.hash(&form.password).await?;
    if accounts::phone_registered(&state.db, phone.as_e164()).await? {
        return sms(
            state,
            phone.as_e164(),
            notices::already_registered(ctx.lang),
        )
        .await;
    }
    accounts::save_pending(&state.db, &form.contacts, &hash, ctx.now).await?;
    send_code(
        state,
        ctx,
        Purpose::SignUp,
        phone.as_e164(),
        "",
        notices::sign_up_code,
    )
    .await
}

/// Sign-up, step two: the phone's code creates the account, logs it in and sends the email
/// its confirmation link; returns the session token.
pub async fn confirm_sign_up(
    state: &AppState,
    ctx: &Ctx,
    phone: &str,
    code: &str,
) -> Result<String, ServiceError> {
    limit(state, ctx, limits::CHECK_PER_IP, &ctx.client.ip).await?;
    let phone = Phone::parse(phone).map_err(|p| ServiceError::invalid("phone", p))?;
    check_code(state, ctx, Purpose::SignUp, phone.as_e164(), "", code).await?;
    let id = accounts::create_from_pending(&state.db, phone.as_e164(), ctx.now)
        .await?
        .ok_or_else(|| ServiceError::invalid("code", Problem::SignUpExpired))?;
    audit(state, ctx, Event::SignUp, Some(&id), None).await?;
    // The account exists now; a mail server that is down must not undo the sign-up.
    if let Err(e) = send_email_link(state, ctx, &id).await {
        tracing::warn!(error = %e, "the email confirmation link could not be sent");
    }
    open_session(state, ctx, &id).await
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

//! Accounts (PRODUCT.md J2 steps 2–4, J3): sign-up, login, logout, sessions, email
//! confirmation. Sign-up and login answer the same whether or not the phone has an account and
//! never say which of phone or password was wrong; every step is rate-limited per IP (and login
//! per phone too) and leaves a line in the audit log.

use super::Ctx;
use crate::domain::phone::Phone;
use crate::domain::problem::Problem;
use crate::domain::signup::SignUp;
use crate::server::auth::codes::{self, CodeError, Purpose};
use crate::server::auth::limits::{self, Limit, LimitError};
use crate::server::auth::links::{self, LinkPurpose};
use crate::server::auth::{passwords, sessions};
use crate::server::error::ServiceError;
use crate::server::ports::messages::{Channel, Message};
use crate::server::services::notices;
use crate::server::state::AppState;
use crate::server::store::accounts;
use crate::server::store::audit::{self, Event};

pub(super) const CODE_KEY: &str = "one-time-codes";

pub(super) async fn sms(state: &AppState, phone: &str, body: String) -> Result<(), ServiceError> {
    send(state, Channel::Sms, phone, None, body).await
}

pub(super) async fn send(
    state: &AppState,
    channel: Channel,
    to: &str,
    subject: Option<String>,
    body: String,
) -> Result<(), ServiceError> {
    let message = Message {
        channel,
        to: to.into(),
        subject,
        body,
    };
    state
        .messenger
        .send(&message)
        .await
        .map_err(|e| ServiceError::Internal(e.into()))
}

/// Sends `message` after the answer has gone, so that a phone or email with an account is not
/// answered slower than one without (a real SMS or mail server takes its time); a failure is
/// logged, and the borrower asks again.
pub(super) fn send_later(state: &AppState, message: Message) {
    let messenger = state.messenger.clone();
    tokio::spawn(async move {
        if let Err(e) = messenger.send(&message).await {
            tracing::warn!(error = %e, channel = ?message.channel, "a message could not be sent");
        }
    });
}

/// Issues a code for `purpose` to `phone`, bound to `binding`, and texts it with `text`.
pub(super) async fn send_code(
    state: &AppState,
    ctx: &Ctx,
    purpose: Purpose,
    phone: &str,
    binding: &str,
    text: fn(crate::domain::lang::Lang, &str) -> String,
) -> Result<(), ServiceError> {
    let key = state.secrets.key(CODE_KEY);
    let issued = codes::issue(&state.db, &key, purpose, phone, binding, ctx.now)
        .await
        .map_err(code_error)?;
    sms(state, phone, text(ctx.lang, &issued.code)).await
}

/// Checks `code` for `purpose`, sent to `phone` and bound to `binding`; uses it up when right.
pub(super) async fn check_code(
    state: &AppState,
    ctx: &Ctx,
    purpose: Purpose,
    phone: &str,
    binding: &str,
    code: &str,
) -> Result<(), ServiceError> {
    let key = state.secrets.key(CODE_KEY);
    codes::verify(&state.db, &key, purpose, phone, binding, code, ctx.now)
        .await
        .map_err(code_error)
}

/// Emails the account a single-use link for `purpose` (to the address the account gave); the
/// reset link is sent after the answer (`send_later`).
pub(super) async fn send_link(
    state: &AppState,
    ctx: &Ctx,
    purpose: LinkPurpose,
    account_id: &str,
) -> Result<(), ServiceError> {
    let profile = accounts::profile(&state.db, account_id)
        .await?
        .ok_or_else(|| ServiceError::Internal(anyhow::anyhow!("no account {account_id}")))?;
    let token = links::issue(&state.db, purpose, account_id, &profile.email, ctx.now).await?;
    let link = format!("{}{}?token={token}", state.config.origin(), purpose.path());
    let text = match purpose {
        LinkPurpose::ConfirmEmail => notices::confirm_email,
        LinkPurpose::PasswordReset => notices::reset_email,
    };
    let (subject, body) = text(ctx.lang, &profile.first_name, &link);
    if purpose == LinkPurpose::PasswordReset {
        send_later(
            state,
            Message {
                channel: Channel::Email,
                to: profile.email,
                subject: Some(subject),
                body,
            },
        );
        return Ok(());
    }
    send(state, Channel::Email, &profile.email, Some(subject), body).await
}

pub(super) fn code_error(e: CodeError) -> ServiceError {
    let problem = match e {
        CodeError::TooSoon { retry_after } | CodeError::TooMany { retry_after } => {
            return ServiceError::TooMany { retry_after };
        }
        CodeError::Db(e) => return e.into(),
        CodeError::Wrong { attempts_left } => Problem::CodeWrong { attempts_left },
        CodeError::Expired => Problem::CodeExpired,
        CodeError::Exhausted | CodeError::NotFound => Problem::CodeUsedUp,
    };
    ServiceError::invalid("code", problem)
}

/// Counts a request against `limit` for `key`; over it, the request is refused and audited.
pub(super) async fn limit(
    state: &AppState,
    ctx: &Ctx,
    limit: Limit,
    key: &str,
) -> Result<(), ServiceError> {
    match limits::hit(&state.db, limit, key, ctx.now).await {
        Ok(()) => Ok(()),
        Err(LimitError::Limited { retry_after }) => {
            audit(state, ctx, Event::RateLimited, None, Some(limit.name)).await?;
            Err(ServiceError::TooMany { retry_after })
        }
        Err(LimitError::Db(e)) => Err(e.into()),
    }
}

pub(super) async fn audit(
    state: &AppState,
    ctx: &Ctx,
    event: Event,
    account_id: Option<&str>,
    detail: Option<&str>,
) -> Result<(), ServiceError> {
    Ok(audit::record(&state.db, event, account_id, &ctx.client, detail, ctx.now).await?)
}

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

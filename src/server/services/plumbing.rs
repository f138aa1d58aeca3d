//! What many operations share: sending SMS and emails, issuing and checking one-time codes,
//! emailing single-use links, counting rate limits, and writing the audit log.
//! Steps, not operations: each service calls them inside its own flow; they call no service.

use super::Ctx;
use crate::domain::problem::Problem;
use crate::i18n::errors::Wait;
use crate::i18n::notices;
use crate::server::auth::codes::{self, CodeError, Purpose};
use crate::server::auth::limits::{self, Limit, LimitError};
use crate::server::auth::links::{self, LinkPurpose};
use crate::server::error::ServiceError;
use crate::server::ports::messages::{Channel, Message};
use crate::server::state::AppState;
use crate::server::store::accounts;
use crate::server::store::audit::{self, Event};

/// Names the key that one-time codes are keyed by (HMAC), derived from the master key.
const CODE_KEY: &str = "one-time-codes";

pub async fn sms(state: &AppState, phone: &str, body: String) -> Result<(), ServiceError> {
    send(state, Channel::Sms, phone, None, body).await
}

pub async fn send(
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
    within_budget(state, &message).await?;
    state
        .messenger
        .send(&message)
        .await
        .map_err(|e| ServiceError::Internal(e.into()))
}

/// Sends `message` after the answer has gone, so that a phone or email with an account is not
/// answered slower than one without (a real SMS or mail server takes its time); a failure is
/// logged, and the borrower asks again.
pub fn send_later(state: &AppState, message: Message) {
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(e) = within_budget(&state, &message).await {
            tracing::warn!(error = ?e, "a message over its phone's budget was not sent");
            return;
        }
        if let Err(e) = state.messenger.send(&message).await {
            tracing::warn!(error = %e, channel = ?message.channel, "a message could not be sent");
        }
    });
}

/// Every SMS to one phone counts toward its day's budget (`limits::SMS_PER_PHONE`), codes,
/// notices and warnings alike: a script cannot pump texts to a phone through kabinet.
async fn within_budget(state: &AppState, message: &Message) -> Result<(), ServiceError> {
    if message.channel != Channel::Sms {
        return Ok(());
    }
    let now = crate::server::store::now_unix();
    match limits::hit(&state.db, limits::SMS_PER_PHONE, &message.to, now).await {
        Ok(()) => Ok(()),
        Err(LimitError::Limited { retry_after }) => {
            tracing::warn!("a phone's SMS budget for the day is spent");
            Err(ServiceError::TooMany {
                retry_after,
                why: Wait::Codes,
            })
        }
        Err(LimitError::Db(e)) => Err(e.into()),
    }
}

/// Issues a code for `purpose` to `phone`, bound to `binding` (the caller texts it).
pub async fn issue_code(
    state: &AppState,
    ctx: &Ctx,
    purpose: Purpose,
    phone: &str,
    binding: &str,
) -> Result<codes::Issued, ServiceError> {
    let key = state.secrets.key(CODE_KEY);
    codes::issue(&state.db, &key, purpose, phone, binding, ctx.now)
        .await
        .map_err(code_error)
}

/// Issues a code for `purpose` to `phone`, bound to `binding`, and texts it with `text`.
pub async fn send_code(
    state: &AppState,
    ctx: &Ctx,
    purpose: Purpose,
    phone: &str,
    binding: &str,
    text: impl FnOnce(crate::domain::lang::Lang, &str) -> String,
) -> Result<(), ServiceError> {
    let issued = issue_code(state, ctx, purpose, phone, binding).await?;
    sms(state, phone, text(ctx.lang, &issued.code)).await
}

/// Checks `code` for `purpose`, sent to `phone` and bound to `binding`; uses it up when right.
pub async fn check_code(
    state: &AppState,
    ctx: &Ctx,
    purpose: Purpose,
    phone: &str,
    binding: &str,
    code: &str,
) -> Result<(), ServiceError> {
    let key = state.secrets.key(CODE_KEY);
    let checked = codes::verify(&state.db, &key, purpose, phone, binding, code, ctx.now).await;
    match &checked {
        Err(CodeError::Wrong { .. }) => {
            audit(state, ctx, Event::CodeFailed, None, Some(purpose.code())).await?;
        }
        Err(CodeError::Locked { just_now: true, .. }) => {
            audit(state, ctx, Event::CodesLocked, None, Some(purpose.code())).await?;
            send_later(
                state,
                Message {
                    channel: Channel::Sms,
                    to: phone.into(),
                    subject: None,
                    body: notices::codes_locked(ctx.lang),
                },
            );
        }
        _ => {}
    }
    checked.map_err(code_error)
}

/// Emails the account a single-use link for `purpose` (to the address the account gave); the
/// reset link is sent after the answer (`send_later`).
pub async fn send_link(
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

pub fn code_error(e: CodeError) -> ServiceError {
    let problem = match e {
        CodeError::TooSoon { retry_after } => {
            return ServiceError::TooMany {
                retry_after,
                why: Wait::Resend,
            };
        }
        CodeError::TooMany { retry_after } => {
            return ServiceError::TooMany {
                retry_after,
                why: Wait::Codes,
            };
        }
        CodeError::Locked { retry_after, .. } => {
            return ServiceError::TooMany {
                retry_after,
                why: Wait::CodesLocked,
            };
        }
        CodeError::Db(e) => return e.into(),
        CodeError::Wrong { attempts_left } => Problem::CodeWrong { attempts_left },
        CodeError::Expired => Problem::CodeExpired,
        CodeError::Exhausted | CodeError::NotFound => Problem::CodeUsedUp,
    };
    ServiceError::invalid("code", problem)
}

/// Refuses (and audits) a request that `limit` would refuse for `key`, counting nothing.
pub async fn would_pass(
    state: &AppState,
    ctx: &Ctx,
    limit: Limit,
    key: &str,
) -> Result<(), ServiceError> {
    refused(
        state,
        ctx,
        limit,
        limits::check(&state.db, limit, key, ctx.now).await,
    )
    .await
}

/// Counts a request against `limit` for `key`; over it, the request is refused and audited.
pub async fn limit(
    state: &AppState,
    ctx: &Ctx,
    limit: Limit,
    key: &str,
) -> Result<(), ServiceError> {
    refused(
        state,
        ctx,
        limit,
        limits::hit(&state.db, limit, key, ctx.now).await,
    )
    .await
}

async fn refused(
    state: &AppState,
    ctx: &Ctx,
    limit: Limit,
    verdict: Result<(), LimitError>,
) -> Result<(), ServiceError> {
    match verdict {
        Ok(()) => Ok(()),
        Err(LimitError::Limited { retry_after }) => {
            audit(state, ctx, Event::RateLimited, None, Some(limit.name)).await?;
            Err(ServiceError::TooMany {
                retry_after,
                why: limit.why,
            })
        }
        Err(LimitError::Db(e)) => Err(e.into()),
    }
}

pub async fn audit(
    state: &AppState,
    ctx: &Ctx,
    event: Event,
    account_id: Option<&str>,
    detail: Option<&str>,
) -> Result<(), ServiceError> {
    Ok(audit::record(&state.db, event, account_id, &ctx.client, detail, ctx.now).await?)
}

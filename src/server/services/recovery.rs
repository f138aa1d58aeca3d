//! Getting back in and moving the account (PRODUCT.md J3): password reset by SMS code or by
//! email link, and phone change. A reset answers the same whether or not the phone or email is
//! registered, and ends every session of the account.

use super::Ctx;
use super::plumbing::{
    audit, check_code, issue_code, limit, send_code, send_later, send_link, sms,
};
use crate::domain::password::Password;
use crate::domain::phone::Phone;
use crate::domain::problem::Problem;
use crate::domain::recovery::ResetBy;
use crate::i18n::notices;
use crate::server::auth::codes::Purpose;
use crate::server::auth::links::{self, LinkPurpose};
use crate::server::auth::{limits, passwords, sessions};
use crate::server::error::ServiceError;
use crate::server::ports::messages::{Channel, Message};
use crate::server::state::AppState;
use crate::server::store::accounts;
use crate::server::store::audit::Event;

/// Starts a reset: a phone gets an SMS code, an email a link per account that gave it.
/// Unknown ones get nothing, and the answer is the same, as fast: messages go after the answer,
/// and for an unknown phone a code is still made (and never sent), so the resend limits answer
/// as they would for a registered one.
pub async fn start_reset(state: &AppState, ctx: &Ctx, by: &ResetBy) -> Result<(), ServiceError> {
    limit(state, ctx, limits::START_PER_IP, &ctx.client.ip).await?;
    match by {
        ResetBy::Phone(phone) => {
            let issued =
                issue_code(state, ctx, Purpose::PasswordReset, phone.as_e164(), "").await?;
            if accounts::phone_registered(&state.db, phone.as_e164()).await? {
                send_later(
                    state,
                    Message {
                        channel: Channel::Sms,
                        to: phone.as_e164().into(),
                        subject: None,
                        body: notices::reset_code(ctx.lang, &issued.code),
                    },
                );
            }
        }
        ResetBy::Email(email) => {
            // Only to a confirmed address: a mistyped email is nobody's way in.
            for id in accounts::ids_by_confirmed_email(&state.db, email.as_str()).await? {
                send_link(state, ctx, LinkPurpose::PasswordReset, &id).await?;
            }
        }
    }
    Ok(())
}

/// A new password for the account, checked like a sign-up's; the phone it must not equal.
fn new_password(password: &str, repeat: &str, phone: &Phone) -> Result<Password, ServiceError> {
    let password = Password::parse(password, repeat, Some(phone))
        .map_err(|p| ServiceError::invalid("password", p))?;
    if passwords::is_common(&password) {
        return Err(ServiceError::invalid("password", Problem::CommonPassword));
    }
    Ok(password)
}

async fn set_password(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
    phone: &str,
    password: &Password,
) -> Result<(), ServiceError> {
    let hash = state.hasher.hash(password).await?;
    accounts::set_password(&state.db, account_id, &hash).await?;
    sessions::revoke_all(&state.db, account_id, ctx.now).await?;
    audit(state, ctx, Event::PasswordReset, Some(account_id), None).await?;
    sms(state, phone, notices::password_changed(ctx.lang)).await
}

/// Finishes a reset by phone: the SMS code and the new password typed twice.
pub async fn reset_by_code(
    state: &AppState,
    ctx: &Ctx,
    phone: &str,
    code: &str,
    password: &str,
    repeat: &str,
) -> Result<(), ServiceError> {
    limit(state, ctx, limits::CHECK_PER_IP, &ctx.client.ip).await?;
    let phone = Phone::parse(phone).map_err(|p| ServiceError::invalid("phone", p))?;
    let password = new_password(password, repeat, &phone)?;
    check_code(
        state,
        ctx,
        Purpose::PasswordReset,
        phone.as_e164(),
        "",
        code,
    )
    .await?;
    // A right code for a phone without an account cannot happen (its code was never sent).
    let id = accounts::id_by_phone(&state.db, phone.as_e164())
        .await?
        .ok_or_else(|| ServiceError::invalid("code", Problem::CodeUsedUp))?;
    set_password(state, ctx, &id, phone.as_e164(), &password).await
}

/// Whether an email reset link still works (its page shows the form only then).
pub async fn reset_link_works(
    state: &AppState,
    ctx: &Ctx,
    token: &str,
) -> Result<bool, ServiceError> {
    Ok(links::is_live(&state.db, LinkPurpose::PasswordReset, token, ctx.now).await?)
}

/// What a code for a reset by email link is bound to: the email alone is not enough, the
/// account's phone must confirm it too (issue 16, item 2).
const BY_LINK: &str = "email-link";

/// The account a live reset link names, and its phone.
async fn link_owner(
    state: &AppState,
    ctx: &Ctx,
    token: &str,
) -> Result<(String, Phone), ServiceError> {
    let expired = || ServiceError::invalid("token", Problem::LinkExpired);
    let (account_id, _) = links::peek(&state.db, LinkPurpose::PasswordReset, token, ctx.now)
        .await?
        .ok_or_else(expired)?;
    let profile = accounts::profile(&state.db, &account_id)
        .await?
        .ok_or_else(expired)?;
    let phone = Phone::parse(&profile.phone).map_err(|p| ServiceError::invalid("token", p))?;
    Ok((account_id, phone))
}

/// A reset by email link, step one: a code to the account's phone; answers the phone masked.
pub async fn send_link_code(
    state: &AppState,
    ctx: &Ctx,
    token: &str,
) -> Result<String, ServiceError> {
    limit(state, ctx, limits::CHECK_PER_IP, &ctx.client.ip).await?;
    let (_, phone) = link_owner(state, ctx, token).await?;
    send_code(
        state,
        ctx,
        Purpose::PasswordReset,
        phone.as_e164(),
        BY_LINK,
        notices::reset_code,
    )
    .await?;
    Ok(phone.masked())
}

/// Finishes a reset by email: the link's token, the code sent to the account's phone, and the
/// new password typed twice.
pub async fn reset_by_link(
    state: &AppState,
    ctx: &Ctx,
    token: &str,
    code: &str,
    (password, repeat): (&str, &str),
) -> Result<(), ServiceError> {
    limit(state, ctx, limits::CHECK_PER_IP, &ctx.client.ip).await?;
    let (account_id, phone) = link_owner(state, ctx, token).await?;
    let password = new_password(password, repeat, &phone)?;
    check_code(
        state,
        ctx,
        Purpose::PasswordReset,
        phone.as_e164(),
        BY_LINK,
        code,
    )
    .await?;
    let expired = || ServiceError::invalid("token", Problem::LinkExpired);
    links::take(&state.db, LinkPurpose::PasswordReset, token, ctx.now)
        .await?
        .ok_or_else(expired)?;
    set_password(state, ctx, &account_id, phone.as_e164(), &password).await
}

/// What the old phone's code for a change is bound to: the account and the new number.
fn old_phone_binding(account_id: &str, new_phone: &str) -> String {
    format!("old:{account_id}:{new_phone}")
}

/// Phone change, step one (logged in): the password again and the new phone, which gets a code
/// bound to this account; the old phone gets one too, bound to the new number, so that a
/// password alone (a stolen one) cannot move the account (issue 16, item 2).
pub async fn start_phone_change(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
    password: &str,
    new_phone: &str,
) -> Result<(), ServiceError> {
    limit(state, ctx, limits::START_PER_IP, &ctx.client.ip).await?;
    let new_phone = Phone::parse(new_phone).map_err(|p| ServiceError::invalid("new_phone", p))?;
    let profile = accounts::profile(&state.db, account_id)
        .await?
        .ok_or_else(|| ServiceError::Internal(anyhow::anyhow!("no account {account_id}")))?;
    if !state
        .hasher
        .verify(password, &profile.password_hash)
        .await?
    {
        audit(
            state,
            ctx,
            Event::LoginFailed,
            Some(account_id),
            Some("phone_change"),
        )
        .await?;
        return Err(ServiceError::invalid("password", Problem::WrongPassword));
    }
    if new_phone.as_e164() == profile.phone {
        return Err(ServiceError::invalid("new_phone", Problem::SamePhone));
    }
    if accounts::phone_registered(&state.db, new_phone.as_e164()).await? {
        return Err(ServiceError::invalid("new_phone", Problem::PhoneTaken));
    }
    send_code(
        state,
        ctx,
        Purpose::PhoneChange,
        new_phone.as_e164(),
        account_id,
        notices::phone_change_code,
    )
    .await?;
    let masked = new_phone.masked();
    send_code(
        state,
        ctx,
        Purpose::PhoneChange,
        &profile.phone,
        &old_phone_binding(account_id, new_phone.as_e164()),
        |lang, code| notices::phone_change_old_code(lang, code, &masked),
    )
    .await
}

/// Phone change, step two: both phones' codes move the account; every other session ends and
/// the old phone is told.
pub async fn confirm_phone_change(
    state: &AppState,
    ctx: &Ctx,
    session: &sessions::Session,
    new_phone: &str,
    (code, old_code): (&str, &str),
) -> Result<(), ServiceError> {
    limit(state, ctx, limits::CHECK_PER_IP, &ctx.client.ip).await?;
    let account_id = session.account_id.as_str();
    let new_phone = Phone::parse(new_phone).map_err(|p| ServiceError::invalid("new_phone", p))?;
    let profile = accounts::profile(&state.db, account_id)
        .await?
        .ok_or_else(|| ServiceError::Internal(anyhow::anyhow!("no account {account_id}")))?;
    if old_code.trim().is_empty() {
        return Err(ServiceError::invalid("old_code", Problem::Required));
    }
    check_code(
        state,
        ctx,
        Purpose::PhoneChange,
        new_phone.as_e164(),
        account_id,
        code,
    )
    .await?;
    check_code(
        state,
        ctx,
        Purpose::PhoneChange,
        &profile.phone,
        &old_phone_binding(account_id, new_phone.as_e164()),
        old_code,
    )
    .await
    .map_err(|e| match e {
        ServiceError::Invalid(problems) => ServiceError::Invalid(
            problems
                .into_iter()
                .map(|p| crate::domain::problem::FieldProblem::new("old_code", p.problem))
                .collect(),
        ),
        other => other,
    })?;
    if !accounts::set_phone(&state.db, account_id, new_phone.as_e164(), ctx.now).await? {
        return Err(ServiceError::invalid("new_phone", Problem::PhoneTaken));
    }
    sessions::revoke_others(&state.db, account_id, session, ctx.now).await?;
    audit(state, ctx, Event::PhoneChanged, Some(account_id), None).await?;
    sms(
        state,
        &profile.phone,
        notices::phone_changed(ctx.lang, &new_phone.masked()),
    )
    .await
}

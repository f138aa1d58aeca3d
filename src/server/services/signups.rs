//! Sign-up (PRODUCT.md J2 steps 2–4), kept for the browser that started it. The browser holds a
//! random nonce (a cookie); the server keeps, under its hash, the contacts typed so far and the
//! step reached, so a reload, Back or a second visit goes on from there. The pending account and
//! its SMS code are bound to that nonce: a code confirms only the sign-up of the browser that
//! asked for it, and another browser cannot replace a sign-up whose code is still live (issue
//! 16). Sign-up answers the same whether or not the phone has an account.

use super::Ctx;
use super::accounts::{open_session, send_email_link};
use super::plumbing::{audit, check_code, limit, send_code, sms};
use crate::domain::email::Email;
use crate::domain::person::Name;
use crate::domain::phone::Phone;
use crate::domain::problem::{FieldProblem, Problem};
use crate::domain::signup::{SignUp, SignUpStep};
use crate::i18n::errors::Wait;
use crate::i18n::notices;
use crate::server::auth::codes::{Purpose, VALID_SECONDS};
use crate::server::auth::limits;
use crate::server::auth::passwords;
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::audit::Event;
use crate::server::store::{accounts, signups};
use crate::wire::account::{ContactsTyped, SignUpDraft};

/// How long a browser's draft is kept after its last step.
const DRAFT_SECONDS: i64 = 24 * 3600;

/// The hash a browser's nonce is kept under (the nonce itself never is).
pub fn nonce_hash(nonce: &str) -> String {
    crate::server::auth::sessions::hash(nonce)
}

/// Sign-up, contacts: checks each field (every problem at its field) and keeps them for the
/// browser; nothing is sent yet.
pub async fn save_contacts(
    state: &AppState,
    ctx: &Ctx,
    nonce: &str,
    typed: &ContactsTyped,
) -> Result<(), ServiceError> {
    let mut problems = Vec::new();
    let mut check = |field: &str, result: Result<(), Problem>| {
        if let Err(problem) = result {
            problems.push(FieldProblem::new(field, problem));
        }
    };
    check("surname", Name::parse(&typed.surname).map(drop));
    check("first_name", Name::parse(&typed.first_name).map(drop));
    if !typed.patronymic.trim().is_empty() {
        check("patronymic", Name::parse(&typed.patronymic).map(drop));
    }
    check("phone", Phone::parse(&typed.phone).map(drop));
    check("email", Email::parse(&typed.email).map(drop));
    if !problems.is_empty() {
        return Err(ServiceError::Invalid(problems));
    }
    keep(state, ctx, nonce, typed, SignUpStep::Password, None).await
}

async fn keep(
    state: &AppState,
    ctx: &Ctx,
    nonce: &str,
    typed: &ContactsTyped,
    step: SignUpStep,
    phone: Option<&str>,
) -> Result<(), ServiceError> {
    let details = serde_json::to_string(typed).map_err(|e| ServiceError::Internal(e.into()))?;
    signups::save(
        &state.db,
        &nonce_hash(nonce),
        &details,
        step,
        phone,
        ctx.now,
    )
    .await?;
    Ok(())
}

/// The sign-up this browser started, if it is under a day old.
pub async fn draft(state: &AppState, nonce: &str) -> Result<Option<SignUpDraft>, ServiceError> {
    let since = crate::server::store::now_unix() - DRAFT_SECONDS;
    let Some(row) = signups::draft(&state.db, &nonce_hash(nonce), since).await? else {
        return Ok(None);
    };
    let contacts: ContactsTyped = serde_json::from_str(&row.details).unwrap_or_default();
    let code_sent_to = row
        .phone
        .as_deref()
        .and_then(|p| Phone::parse(p).ok())
        .map(|p| p.masked());
    Ok(Some(SignUpDraft {
        contacts,
        step: SignUpStep::parse(&row.step).unwrap_or(SignUpStep::Contacts),
        code_sent_to,
    }))
}

/// Sign-up, password and consents: checks the whole form, keeps the pending account for this
/// browser and sends the phone a code bound to it. A phone that already has an account is told
/// so by SMS instead, and the answer here is the same. Another browser's sign-up of the phone
/// whose code is still live is never replaced: this one waits.
pub async fn start(
    state: &AppState,
    ctx: &Ctx,
    nonce: &str,
    form: SignUp,
) -> Result<(), ServiceError> {
    limit(state, ctx, limits::START_PER_IP, &ctx.client.ip).await?;
    if passwords::is_common(&form.password) {
        return Err(ServiceError::invalid("password", Problem::CommonPassword));
    }
    let phone = form.contacts.phone.clone();
    let typed = ContactsTyped {
        surname: form.contacts.surname.as_str().to_owned(),
        first_name: form.contacts.first_name.as_str().to_owned(),
        patronymic: form
            .contacts
            .patronymic
            .as_ref()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default(),
        phone: phone.display(),
        email: form.contacts.email.as_str().to_owned(),
    };
    // Hashed either way, so a registered phone is not answered faster than a new one.
    let hash = state.hasher.hash(&form.password).await?;
    let registered = accounts::phone_registered(&state.db, phone.as_e164()).await?;
    let mine = nonce_hash(nonce);
    if !registered {
        let kept = accounts::save_pending(
            &state.db,
            &form.contacts,
            &hash,
            &mine,
            (ctx.now, ctx.now - VALID_SECONDS),
        )
        .await?;
        if !kept {
            return Err(ServiceError::TooMany {
                retry_after: VALID_SECONDS,
                why: Wait::Resend,
            });
        }
    }
    keep(
        state,
        ctx,
        nonce,
        &typed,
        SignUpStep::Code,
        Some(phone.as_e164()),
    )
    .await?;
    if registered {
        return sms(
            state,
            phone.as_e164(),
            notices::already_registered(ctx.lang),
        )
        .await;
    }
    send_code(
        state,
        ctx,
        Purpose::SignUp,
        phone.as_e164(),
        &mine,
        notices::sign_up_code,
    )
    .await
}

/// Sign-up, the code: confirms this browser's pending sign-up, creates the account, logs it in
/// and sends the email its confirmation link; returns the session token.
pub async fn confirm(
    state: &AppState,
    ctx: &Ctx,
    nonce: &str,
    code: &str,
) -> Result<String, ServiceError> {
    limit(state, ctx, limits::CHECK_PER_IP, &ctx.client.ip).await?;
    let mine = nonce_hash(nonce);
    let since = ctx.now - DRAFT_SECONDS;
    let phone = signups::draft(&state.db, &mine, since)
        .await?
        .and_then(|d| d.phone)
        .ok_or_else(|| ServiceError::invalid("code", Problem::SignUpExpired))?;
    check_code(state, ctx, Purpose::SignUp, &phone, &mine, code).await?;
    let id = accounts::create_from_pending(&state.db, &phone, &mine, ctx.now)
        .await?
        .ok_or_else(|| ServiceError::invalid("code", Problem::SignUpExpired))?;
    signups::forget(&state.db, &mine).await?;
    audit(state, ctx, Event::SignUp, Some(&id), None).await?;
    // The account exists now; a mail server that is down must not undo the sign-up.
    if let Err(e) = send_email_link(state, ctx, &id).await {
        tracing::warn!(error = %e, "the email confirmation link could not be sent");
    }
    open_session(state, ctx, &id).await
}

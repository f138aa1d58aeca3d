//! Account endpoints (PRODUCT.md J2 steps 2–4, J3): sign-up in two steps, login, logout (here
//! and everywhere), the profile with its sessions, email confirmation, password reset by SMS
//! code or email link, and phone change. Thin: parse, call a service, set cookies.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::wire::account::{CodeSent, Me, ProfileView, ResetSent, SignUpDraft, SignUpForm};
use crate::wire::error::AppError;

#[cfg(feature = "ssr")]
mod ssr {
    use super::AppError;
    use crate::server::auth::sessions;
    use crate::server::state::AppState;

    pub fn set_cookie(value: &str) -> Result<(), AppError> {
        let value = http::HeaderValue::from_str(value).map_err(|_| AppError::Internal {
            message: "cookie".into(),
        })?;
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.append_header(http::header::SET_COOKIE, value);
        }
        Ok(())
    }

    pub fn start_session(token: &str, state: &AppState) -> Result<(), AppError> {
        set_cookie(&sessions::cookie(token, state.session_lifetime))
    }

    /// The browser's sign-up nonce (`services::signups`): what its draft and its pending
    /// account are kept under.
    pub const SIGNUP_NONCE: &str = "__Host-kabinet_signup";

    /// The browser's sign-up nonce; a new one (and its cookie, for a day) when it has none.
    pub fn signup_nonce() -> Result<String, AppError> {
        if let Some(nonce) =
            crate::server::auth::cookies::get(&super::super::ssr::parts().headers, SIGNUP_NONCE)
        {
            return Ok(nonce);
        }
        let nonce = format!("{:032x}", rand::random::<u128>());
        set_cookie(&format!(
            "{SIGNUP_NONCE}={nonce}; Path=/; Max-Age=86400; HttpOnly; Secure; SameSite=Lax"
        ))?;
        Ok(nonce)
    }

    /// The sign-up page the form came from (its chosen loan kept), at its code step.
    pub fn code_step() -> String {
        let referer = super::super::ssr::parts()
            .headers
            .get(http::header::REFERER)
            .and_then(|v| v.to_str().ok())
            .and_then(|r| r.parse::<http::Uri>().ok())
            .filter(|uri| uri.path() == "/signup")
            .and_then(|uri| uri.query().map(str::to_owned))
            .unwrap_or_default();
        let kept: Vec<&str> = referer
            .split('&')
            .filter(|pair| {
                ["product=", "amount=", "term="]
                    .iter()
                    .any(|k| pair.starts_with(k))
            })
            .collect();
        match kept.is_empty() {
            true => "/signup?step=code".into(),
            false => format!("/signup?step=code&{}", kept.join("&")),
        }
    }

    /// Where a new account goes: the application of the loan it chose, or the cabinet. Only
    /// these two paths of this site, whatever the form says.
    pub fn after_sign_up(next: &str) -> &str {
        let safe = next.starts_with("/apply?")
            && next
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"/?=&._-".contains(&b));
        if safe { next } else { "/cabinet" }
    }
}

#[server(name = SignUpStart, prefix = "/api", endpoint = "signup/start")]
pub async fn sign_up_start(#[server(flatten)] form: SignUpForm) -> Result<CodeSent, AppError> {
    use super::ssr::{ctx, fail, state};
    use crate::domain::signup::{Consent, SignUp, SignUpFields};
    use crate::server::error::ServiceError;
    use crate::server::services::signups;
    let ticked: Vec<Consent> = [
        (form.consent_personal_data, Consent::PersonalData),
        (form.consent_credit_bureau, Consent::CreditBureau),
        (
            form.consent_electronic_signature,
            Consent::ElectronicSignature,
        ),
        (form.consent_marketing, Consent::Marketing),
    ]
    .into_iter()
    .filter_map(|(ticked, consent)| ticked.map(|_| consent))
    .collect();
    let fields = SignUpFields {
        surname: &form.surname,
        first_name: &form.first_name,
        patronymic: &form.patronymic,
        phone: &form.phone,
        email: &form.email,
        password: &form.password,
        password_repeat: &form.password_repeat,
        ticked: &ticked,
    };
    let form = SignUp::parse(&fields).map_err(|p| fail(ServiceError::Invalid(p)))?;
    let masked = form.contacts.phone.masked();
    let state = state()?;
    let nonce = ssr::signup_nonce()?;
    signups::start(&state, &ctx(&state), &nonce, form)
        .await
        .map_err(fail)?;
    if super::ssr::accepts_html() {
        // Without JavaScript: on to the code step (the draft knows the phone).
        leptos_axum::redirect(&ssr::code_step());
    }
    Ok(CodeSent { phone: masked })
}

#[server(name = SignUpConfirm, prefix = "/api", endpoint = "signup/confirm")]
pub async fn sign_up_confirm(
    #[server(default)] code: String,
    /// Where to go next: `/apply?…` with the chosen loan, else the cabinet.
    #[server(default)]
    next: String,
) -> Result<(), AppError> {
    use super::ssr::{ctx, fail, parts, state};
    use crate::server::error::ServiceError;
    use crate::server::services::signups;
    let state = state()?;
    // Only the browser that started the sign-up can finish it.
    let nonce = crate::server::auth::cookies::get(&parts().headers, ssr::SIGNUP_NONCE).ok_or_else(
        || {
            fail(ServiceError::invalid(
                "code",
                crate::domain::problem::Problem::SignUpExpired,
            ))
        },
    )?;
    let token = signups::confirm(&state, &ctx(&state), &nonce, &code)
        .await
        .map_err(fail)?;
    ssr::start_session(&token, &state)?;
    ssr::set_cookie(&format!(
        "{}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax",
        ssr::SIGNUP_NONCE
    ))?;
    leptos_axum::redirect(ssr::after_sign_up(&next));
    Ok(())
}

/// Sign-up, contacts: checked and kept for this browser (the next step is the password).
#[server(name = SignUpContacts, prefix = "/api", endpoint = "signup/contacts")]
pub async fn sign_up_contacts(
    #[server(default)] surname: String,
    #[server(default)] first_name: String,
    #[server(default)] patronymic: String,
    #[server(default)] phone: String,
    #[server(default)] email: String,
) -> Result<(), AppError> {
    use super::ssr::{ctx, fail, state};
    use crate::server::services::signups;
    use crate::wire::account::ContactsTyped;
    let state = state()?;
    let nonce = ssr::signup_nonce()?;
    let typed = ContactsTyped {
        surname,
        first_name,
        patronymic,
        phone,
        email,
    };
    signups::save_contacts(&state, &ctx(&state), &nonce, &typed)
        .await
        .map_err(fail)
}

/// The sign-up this browser started, to go on with (none: a fresh form).
#[server(name = GetSignUpDraft, prefix = "/api", endpoint = "signup/draft", input = GetUrl)]
pub async fn get_sign_up_draft() -> Result<Option<SignUpDraft>, AppError> {
    use super::ssr::{fail, parts, private, state};
    use crate::server::services::signups;
    private();
    let state = state()?;
    match crate::server::auth::cookies::get(&parts().headers, ssr::SIGNUP_NONCE) {
        Some(nonce) => signups::draft(&state, &nonce).await.map_err(fail),
        None => Ok(None),
    }
}

#[server(name = LogIn, prefix = "/api", endpoint = "login")]
pub async fn log_in(
    #[server(default)] phone: String,
    #[server(default)] password: String,
    /// The page of this site that sent the borrower to log in; the cabinet by default.
    #[server(default)]
    next: String,
) -> Result<(), AppError> {
    use super::ssr::{ctx, fail, parts, state};
    use crate::domain::local_path::LocalPath;
    use crate::server::auth::sessions;
    use crate::server::services::accounts;
    let state = state()?;
    let ctx = ctx(&state);
    let token = accounts::log_in(&state, &ctx, &phone, &password)
        .await
        .map_err(fail)?;
    // A new token at every login; the one the browser held before ends now.
    if let Some(old) = sessions::token_from(&parts().headers)
        && let Err(e) = sessions::revoke(&state.db, &sessions::hash(&old), ctx.now).await
    {
        tracing::warn!(error = %e, "the previous session could not be ended at login");
    }
    ssr::start_session(&token, &state)?;
    // Back to the page that asked for the login, else the cabinet: a plain form post gets a
    // 302, the app's own request a client-side move.
    let next = LocalPath::parse(&next).unwrap_or_else(LocalPath::cabinet);
    leptos_axum::redirect(next.as_str());
    Ok(())
}

#[server(name = LogOut, prefix = "/api", endpoint = "logout")]
pub async fn log_out() -> Result<(), AppError> {
    use super::ssr::{ctx, fail, session, state};
    use crate::server::auth::sessions;
    use crate::server::services::accounts;
    let state = state()?;
    // Logging out of an ended session is fine: the browser forgets the cookie either way.
    if let Ok(session) = session(&state).await {
        accounts::log_out(&state, &ctx(&state), &session)
            .await
            .map_err(fail)?;
    }
    ssr::set_cookie(&sessions::cleared_cookie())
}

#[server(name = LogOutEverywhere, prefix = "/api", endpoint = "logout/all")]
pub async fn log_out_everywhere() -> Result<(), AppError> {
    use super::ssr::{ctx, fail, session, state};
    use crate::server::auth::sessions;
    use crate::server::services::accounts;
    let state = state()?;
    let session = session(&state).await?;
    accounts::log_out_everywhere(&state, &ctx(&state), &session.account_id)
        .await
        .map_err(fail)?;
    ssr::set_cookie(&sessions::cleared_cookie())
}

#[server(name = WhoAmI, prefix = "/api", endpoint = "me", input = GetUrl)]
pub async fn who_am_i() -> Result<Option<Me>, AppError> {
    use super::ssr::{fail, session, state};
    use crate::server::services::profile;
    let state = state()?;
    let Ok(session) = session(&state).await else {
        return Ok(None);
    };
    profile::me(&state, &session.account_id).await.map_err(fail)
}

#[server(name = GetProfile, prefix = "/api", endpoint = "profile", input = GetUrl)]
pub async fn get_profile() -> Result<ProfileView, AppError> {
    use super::ssr::{fail, page_session, state};
    use crate::server::services::profile;
    let state = state()?;
    let session = page_session(&state).await?;
    profile::profile(&state, &session).await.map_err(fail)
}

#[server(name = RevokeSession, prefix = "/api", endpoint = "sessions/revoke")]
pub async fn revoke_session(#[server(default)] handle: String) -> Result<(), AppError> {
    use super::ssr::{ctx, fail, session, state};
    use crate::server::error::ServiceError;
    use crate::server::services::accounts;
    let state = state()?;
    let session = session(&state).await?;
    let done = accounts::revoke_session(&state, &ctx(&state), &session.account_id, &handle)
        .await
        .map_err(fail)?;
    if done {
        Ok(())
    } else {
        Err(fail(ServiceError::NotFound))
    }
}

#[server(name = ResendEmailLink, prefix = "/api", endpoint = "email/resend")]
pub async fn resend_email_link() -> Result<(), AppError> {
    use super::ssr::{ctx, fail, session, state};
    use crate::server::services::accounts;
    let state = state()?;
    let session = session(&state).await?;
    accounts::resend_email_link(&state, &ctx(&state), &session.account_id)
        .await
        .map_err(fail)
}

#[server(name = ConfirmEmail, prefix = "/api", endpoint = "email/confirm")]
pub async fn confirm_email(#[server(default)] token: String) -> Result<(), AppError> {
    use super::ssr::{ctx, fail, state};
    use crate::server::services::accounts;
    let state = state()?;
    accounts::confirm_email(&state, &ctx(&state), &token)
        .await
        .map_err(fail)
}

#[server(name = ResetStart, prefix = "/api", endpoint = "reset/start")]
pub async fn reset_start(#[server(default)] login: String) -> Result<ResetSent, AppError> {
    use super::ssr::{ctx, fail, state};
    use crate::domain::recovery::ResetBy;
    use crate::server::error::ServiceError;
    use crate::server::services::recovery;
    let by = ResetBy::parse(&login).map_err(|p| fail(ServiceError::invalid("login", p)))?;
    let state = state()?;
    recovery::start_reset(&state, &ctx(&state), &by)
        .await
        .map_err(fail)?;
    Ok(match by {
        ResetBy::Phone(_) => ResetSent::Sms,
        ResetBy::Email(_) => ResetSent::Email,
    })
}

#[server(name = ResetByCode, prefix = "/api", endpoint = "reset/code")]
pub async fn reset_by_code(
    #[server(default)] phone: String,
    #[server(default)] code: String,
    #[server(default)] password: String,
    #[server(default)] password_repeat: String,
) -> Result<(), AppError> {
    use super::ssr::{ctx, fail, state};
    use crate::server::services::recovery;
    let state = state()?;
    recovery::reset_by_code(
        &state,
        &ctx(&state),
        &phone,
        &code,
        &password,
        &password_repeat,
    )
    .await
    .map_err(fail)?;
    ssr::set_cookie(&crate::server::auth::sessions::cleared_cookie())
}

#[server(name = ResetLinkWorks, prefix = "/api", endpoint = "reset/link", input = GetUrl)]
pub async fn reset_link_works(#[server(default)] token: String) -> Result<bool, AppError> {
    use super::ssr::{ctx, fail, state};
    use crate::server::services::recovery;
    let state = state()?;
    recovery::reset_link_works(&state, &ctx(&state), &token)
        .await
        .map_err(fail)
}

#[server(name = ResetLinkCode, prefix = "/api", endpoint = "reset/email/code")]
pub async fn reset_link_code(#[server(default)] token: String) -> Result<CodeSent, AppError> {
    use super::ssr::{ctx, fail, state};
    use crate::server::services::recovery;
    let state = state()?;
    let phone = recovery::send_link_code(&state, &ctx(&state), &token)
        .await
        .map_err(fail)?;
    Ok(CodeSent { phone })
}

#[server(name = ResetByLink, prefix = "/api", endpoint = "reset/email")]
pub async fn reset_by_link(
    #[server(default)] token: String,
    #[server(default)] code: String,
    #[server(default)] password: String,
    #[server(default)] password_repeat: String,
) -> Result<(), AppError> {
    use super::ssr::{ctx, fail, state};
    use crate::server::services::recovery;
    let state = state()?;
    let passwords = (password.as_str(), password_repeat.as_str());
    recovery::reset_by_link(&state, &ctx(&state), &token, &code, passwords)
        .await
        .map_err(fail)?;
    ssr::set_cookie(&crate::server::auth::sessions::cleared_cookie())
}

#[server(name = PhoneChangeStart, prefix = "/api", endpoint = "phone/start")]
pub async fn phone_change_start(
    #[server(default)] password: String,
    #[server(default)] new_phone: String,
) -> Result<CodeSent, AppError> {
    use super::ssr::{ctx, fail, session, state};
    use crate::domain::phone::Phone;
    use crate::server::services::recovery;
    let state = state()?;
    let session = session(&state).await?;
    recovery::start_phone_change(
        &state,
        &ctx(&state),
        &session.account_id,
        &password,
        &new_phone,
    )
    .await
    .map_err(fail)?;
    Ok(CodeSent {
        phone: Phone::parse(&new_phone)
            .map(|p| p.masked())
            .unwrap_or_default(),
    })
}

#[server(name = PhoneChangeConfirm, prefix = "/api", endpoint = "phone/confirm")]
pub async fn phone_change_confirm(
    #[server(default)] new_phone: String,
    #[server(default)] code: String,
    #[server(default)] old_code: String,
) -> Result<(), AppError> {
    use super::ssr::{ctx, fail, session, state};
    use crate::server::services::recovery;
    let state = state()?;
    let session = session(&state).await?;
    let codes = (code.as_str(), old_code.as_str());
    recovery::confirm_phone_change(&state, &ctx(&state), &session, &new_phone, codes)
        .await
        .map_err(fail)
}

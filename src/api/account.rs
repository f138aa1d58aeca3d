//! Account endpoints: sign-up in two steps (`/api/signup/start`, `/api/signup/confirm`),
//! `/api/login`, `/api/logout` and `/api/me`. Thin: parse, call the accounts service, set cookies.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use super::error::AppError;

/// What sign-up's first step answers, the same whether or not the phone has an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeSent {
    /// "+7 912 ***-**-89"
    pub phone: String,
}

/// The logged-in borrower, as the cabinet's header shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub first_name: String,
    pub phone: String,
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::AppError;
    use crate::server::auth::sessions;

    pub fn now() -> i64 {
        crate::server::store::now_unix()
    }

    pub fn headers() -> http::HeaderMap {
        leptos::prelude::use_context::<http::request::Parts>()
            .map(|p| p.headers)
            .unwrap_or_default()
    }

    /// The user agent and address of the request (the first hop a proxy names, if any).
    pub fn client(headers: &http::HeaderMap) -> (String, String) {
        let get = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
        };
        let ip = get("x-forwarded-for")
            .split(',')
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned();
        (
            get("user-agent").to_owned(),
            if ip.is_empty() { "unknown".into() } else { ip },
        )
    }

    pub fn set_cookie(value: &str) -> Result<(), AppError> {
        let value = http::HeaderValue::from_str(value).map_err(|_| AppError::Internal {
            message: "cookie".into(),
        })?;
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.append_header(http::header::SET_COOKIE, value);
        }
        Ok(())
    }

    pub fn start_session(
        token: &str,
        state: &crate::server::state::AppState,
    ) -> Result<(), AppError> {
        set_cookie(&sessions::cookie(token, state.session_lifetime))
    }
}

/// The sign-up form's fields, named as the form sends them; a ticked box sends any value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignUpForm {
    pub surname: String,
    pub first_name: String,
    pub patronymic: String,
    pub phone: String,
    pub email: String,
    pub password: String,
    pub password_repeat: String,
    pub consent_personal_data: Option<String>,
    pub consent_credit_bureau: Option<String>,
    pub consent_electronic_signature: Option<String>,
    pub consent_marketing: Option<String>,
}

#[server(name = SignUpStart, prefix = "/api", endpoint = "signup/start")]
pub async fn sign_up_start(#[server(flatten)] form: SignUpForm) -> Result<CodeSent, AppError> {
    use super::ssr::{fail, state};
    use crate::domain::signup::{Consent, SignUp, SignUpFields};
    use crate::server::error::ServiceError;
    use crate::server::services::accounts;
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
    accounts::start_sign_up(&state()?, form, ssr::now())
        .await
        .map_err(fail)?;
    Ok(CodeSent { phone: masked })
}

#[server(name = SignUpConfirm, prefix = "/api", endpoint = "signup/confirm")]
pub async fn sign_up_confirm(
    #[server(default)] phone: String,
    #[server(default)] code: String,
) -> Result<(), AppError> {
    use super::ssr::{fail, state};
    use crate::server::services::accounts;
    let state = state()?;
    let (user_agent, ip) = ssr::client(&ssr::headers());
    let client = accounts::Client {
        user_agent: &user_agent,
        ip: &ip,
    };
    let token = accounts::confirm_sign_up(&state, &phone, &code, client, ssr::now())
        .await
        .map_err(fail)?;
    ssr::start_session(&token, &state)
}

#[server(name = LogIn, prefix = "/api", endpoint = "login")]
pub async fn log_in(
    #[server(default)] phone: String,
    #[server(default)] password: String,
) -> Result<(), AppError> {
    use super::ssr::{fail, state};
    use crate::server::auth::sessions;
    use crate::server::services::accounts;
    let state = state()?;
    let headers = ssr::headers();
    let (user_agent, ip) = ssr::client(&headers);
    let client = accounts::Client {
        user_agent: &user_agent,
        ip: &ip,
    };
    let token = accounts::log_in(&state, &phone, &password, client, ssr::now())
        .await
        .map_err(fail)?;
    // A new token at every login; the one the browser held before ends now.
    if let Some(old) = sessions::token_from(&headers)
        && let Err(e) = sessions::revoke(&state.db, &sessions::hash(&old), ssr::now()).await
    {
        tracing::warn!(error = %e, "the previous session could not be ended at login");
    }
    ssr::start_session(&token, &state)
}

#[server(name = LogOut, prefix = "/api", endpoint = "logout")]
pub async fn log_out() -> Result<(), AppError> {
    use super::ssr::{fail, state};
    use crate::server::auth::sessions;
    use crate::server::error::ServiceError;
    let state = state()?;
    if let Some(token) = sessions::token_from(&ssr::headers()) {
        sessions::revoke(&state.db, &sessions::hash(&token), ssr::now())
            .await
            .map_err(|e| fail(ServiceError::from(e)))?;
    }
    ssr::set_cookie(&sessions::cleared_cookie())
}

#[server(name = WhoAmI, prefix = "/api", endpoint = "me", input = GetUrl)]
pub async fn who_am_i() -> Result<Option<Me>, AppError> {
    use super::ssr::{fail, state};
    use crate::domain::phone::Phone;
    use crate::server::auth::sessions;
    use crate::server::error::ServiceError;
    use crate::server::store::accounts;
    let state = state()?;
    let Some(token) = sessions::token_from(&ssr::headers()) else {
        return Ok(None);
    };
    let session = sessions::resume(&state.db, &token, ssr::now(), state.session_lifetime)
        .await
        .map_err(|e| fail(ServiceError::from(e)))?;
    let Some(session) = session else {
        return Ok(None);
    };
    let summary = accounts::summary(&state.db, &session.account_id)
        .await
        .map_err(|e| fail(ServiceError::from(e)))?;
    Ok(summary.map(|(first_name, phone)| Me {
        first_name,
        phone: Phone::parse(&phone).map(|p| p.masked()).unwrap_or_default(),
    }))
}

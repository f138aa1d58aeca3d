//! Sign-up (J2 steps 2–4) and login (J3): each answers the same whether or not the phone has
//! an account, and never says which of phone or password was wrong.

use crate::domain::phone::Phone;
use crate::domain::problem::Problem;
use crate::domain::signup::SignUp;
use crate::server::auth::codes::{self, CodeError, Purpose};
use crate::server::auth::{passwords, sessions};
use crate::server::error::ServiceError;
use crate::server::ports::messages::{Channel, Message};
use crate::server::state::AppState;
use crate::server::store::accounts;

const CODE_KEY: &str = "one-time-codes";

/// Where the request came from, for the session list and the audit log.
pub struct Client<'a> {
    pub user_agent: &'a str,
    pub ip: &'a str,
}

async fn sms(state: &AppState, phone: &Phone, body: String) -> Result<(), ServiceError> {
    let message = Message {
        channel: Channel::Sms,
        to: phone.as_e164().into(),
        subject: None,
        body,
    };
    state
        .messenger
        .send(&message)
        .await
        .map_err(|e| ServiceError::Internal(e.into()))
}

fn code_error(e: CodeError) -> ServiceError {
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

async fn open_session(
    state: &AppState,
    account_id: &str,
    client: Client<'_>,
    now: i64,
) -> Result<String, ServiceError> {
    let lifetime = state.session_lifetime;
    Ok(sessions::open(
        &state.db,
        account_id,
        client.user_agent,
        client.ip,
        now,
        lifetime,
    )
    .await?)
}

/// Step one: checks the form, keeps it, and sends the phone a code. A phone that already has
/// an account is told so by SMS instead, and the answer here is the same.
pub async fn start_sign_up(state: &AppState, form: SignUp, now: i64) -> Result<(), ServiceError> {
    if passwords::is_common(&form.password) {
        return Err(ServiceError::invalid("password", Problem::CommonPassword));
    }
    let phone = form.contacts.phone.clone();
    // Hashed either way, so a registered phone is not answered faster than a new one.
    let hash = state.hasher.hash(&form.password).await?;
    if accounts::phone_registered(&state.db, phone.as_e164()).await? {
        let notice = "kabinet: с вашим номером пытались зарегистрироваться. Если это вы — войдите \
                      или восстановите пароль. Если нет — ничего не делайте.";
        return sms(state, &phone, notice.into()).await;
    }
    accounts::save_pending(&state.db, &form.contacts, &hash, now).await?;
    let key = state.secrets.key(CODE_KEY);
    let issued = codes::issue(&state.db, &key, Purpose::SignUp, phone.as_e164(), "", now)
        .await
        .map_err(code_error)?;
    sms(
        state,
        &phone,
        format!(
            "kabinet: код {} для регистрации. Никому его не сообщайте.",
            issued.code
        ),
    )
    .await
}

/// Step two: the phone's code creates the account and logs it in; returns the session token.
pub async fn confirm_sign_up(
    state: &AppState,
    phone: &str,
    code: &str,
    client: Client<'_>,
    now: i64,
) -> Result<String, ServiceError> {
    let phone = Phone::parse(phone).map_err(|p| ServiceError::invalid("phone", p))?;
    let key = state.secrets.key(CODE_KEY);
    codes::verify(
        &state.db,
        &key,
        Purpose::SignUp,
        phone.as_e164(),
        "",
        code,
        now,
    )
    .await
    .map_err(code_error)?;
    let id = accounts::create_from_pending(&state.db, phone.as_e164(), now)
        .await?
        .ok_or_else(|| ServiceError::invalid("code", Problem::SignUpExpired))?;
    open_session(state, &id, client, now).await
}

/// Login by phone and password; a new session token every time.
pub async fn log_in(
    state: &AppState,
    phone: &str,
    password: &str,
    client: Client<'_>,
    now: i64,
) -> Result<String, ServiceError> {
    let found = match Phone::parse(phone) {
        Ok(phone) => accounts::credentials(&state.db, phone.as_e164()).await?,
        Err(_) => None,
    };
    let Some((id, hash)) = found else {
        // As slow as a wrong password, so timing does not tell the phone is unknown.
        state.hasher.verify_nothing(password).await?;
        return Err(ServiceError::BadCredentials);
    };
    if !state.hasher.verify(password, &hash).await? {
        return Err(ServiceError::BadCredentials);
    }
    open_session(state, &id, client, now).await
}

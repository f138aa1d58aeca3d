//! Who is asking: the client's address (from the trusted proxy's header when one is configured,
//! else the TCP peer), their browser and language, their session, and the time; for server
//! functions and plain handlers alike. Reads the request; decides nothing.

use axum::extract::ConnectInfo;
use http::{Extensions, HeaderMap, HeaderName};

use crate::domain::lang::Lang;
use crate::server::auth::cookies;
use crate::server::auth::sessions::{self, Session};
use crate::server::state::AppState;
use crate::server::store::audit::Client;
use crate::server::store::now_unix;

/// Who is asking, in which language, and when: what every account operation needs besides its
/// input (for rate limits, the audit log, and the texts it sends).
#[derive(Clone, Debug)]
pub struct Ctx {
    pub client: Client,
    pub lang: Lang,
    pub now: i64,
}

/// The cookie that keeps the borrower's language (set by `/lang/{code}`).
pub const LANG_COOKIE: &str = "lang";

/// The borrower's language: the `lang` cookie, Russian when absent.
pub fn lang(headers: &HeaderMap) -> Lang {
    cookies::get(headers, LANG_COOKIE)
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or_default()
}

pub fn ctx(state: &AppState, headers: &HeaderMap, extensions: &Extensions) -> Ctx {
    let header = |name: &HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let ip = match &state.config.client_ip_header {
        // X-Forwarded-For lists hops; the first is the client as the proxy saw it.
        Some(name) => header(name)
            .and_then(|v| v.split(',').next().map(|ip| ip.trim().to_owned()))
            .filter(|ip| !ip.is_empty()),
        None => extensions
            .get::<ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip().to_string()),
    };
    Ctx {
        client: Client {
            ip: ip.unwrap_or_else(|| "unknown".into()),
            user_agent: header(&http::header::USER_AGENT).unwrap_or_default(),
        },
        lang: lang(headers),
        now: now_unix(),
    }
}

/// The live session the request's cookie proves, if any (touched: its idle clock restarts).
pub async fn session(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<Session>, sqlx::Error> {
    let Some(token) = sessions::token_from(headers) else {
        return Ok(None);
    };
    sessions::resume(&state.db, &token, now_unix(), state.session_lifetime).await
}

/// The account of the live session the request's cookie proves, if any (for plain handlers;
/// server functions use `api::ssr::session`, which tells an ended session apart).
pub async fn account(state: &AppState, headers: &HeaderMap) -> Option<String> {
    session(state, headers)
        .await
        .ok()
        .flatten()
        .map(|s| s.account_id)
}

//! Who is asking: the client's address (from the trusted proxy's header when one is configured,
//! else the TCP peer), their browser and language, and the time; for server functions and plain
//! handlers alike.

use axum::extract::ConnectInfo;
use http::{Extensions, HeaderMap, HeaderName};

use crate::server::services::Ctx;
use crate::server::state::AppState;
use crate::server::store::audit::Client;

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
        lang: super::lang::from_headers(headers),
        now: crate::server::store::now_unix(),
    }
}

/// The account of the live session the request's cookie proves, if any (for plain handlers;
/// server functions use `api::ssr::session`).
pub async fn account(state: &AppState, headers: &HeaderMap) -> Option<String> {
    let token = crate::server::auth::sessions::token_from(headers)?;
    crate::server::auth::sessions::resume(
        &state.db,
        &token,
        crate::server::store::now_unix(),
        state.session_lifetime,
    )
    .await
    .ok()
    .flatten()
    .map(|s| s.account_id)
}

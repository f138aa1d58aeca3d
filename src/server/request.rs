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
    let peer = || {
        extensions
            .get::<ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip().to_string())
    };
    let ip = match &state.config.client_ip_header {
        Some(name) => header(name)
            .and_then(|v| proxied_client(&v, state.config.trusted_hops))
            .or_else(peer),
        None => peer(),
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

/// The client's address in a proxy header such as `X-Forwarded-For: client, proxy1, proxy2`:
/// each proxy appends the address it saw, so the entries a client could write are on the left.
/// The one `hops` from the right is what the outermost of the lender's proxies wrote; `None`
/// when the header has fewer entries or that one is not an address.
pub fn proxied_client(value: &str, hops: usize) -> Option<String> {
    let entries: Vec<&str> = value.split(',').map(str::trim).collect();
    let at = entries.len().checked_sub(hops.max(1))?;
    entries[at]
        .parse::<std::net::IpAddr>()
        .ok()
        .map(|ip| ip.to_string())
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

#[cfg(test)]
mod tests {
    use super::proxied_client;

    #[test]
    fn the_address_is_the_one_the_trusted_proxy_wrote_not_one_the_client_wrote() {
        // The client wrote "1.2.3.4"; the lender's proxy appended the address it saw.
        assert_eq!(
            proxied_client("1.2.3.4, 203.0.113.9", 1).as_deref(),
            Some("203.0.113.9")
        );
        assert_eq!(
            proxied_client("203.0.113.9", 1).as_deref(),
            Some("203.0.113.9")
        );
        // Two proxies of the lender's: the outer one's entry is second from the right.
        assert_eq!(
            proxied_client("1.2.3.4, 203.0.113.9, 10.0.0.2", 2).as_deref(),
            Some("203.0.113.9")
        );
        assert_eq!(proxied_client("203.0.113.9", 2), None);
        assert_eq!(proxied_client("evil, not-an-address", 1), None);
        assert_eq!(
            proxied_client("2001:db8::1", 1).as_deref(),
            Some("2001:db8::1")
        );
    }
}

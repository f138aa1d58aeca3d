//! The borrower's own account as the cabinet shows it: the header's name and masked phone, and
//! the profile with its live sessions. Reads only.

use crate::domain::phone::Phone;
use crate::server::auth::sessions::{self, Session};
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::{accounts, now_unix};
use crate::wire::account::{Me, ProfileView, SessionView};

/// The logged-in borrower for the cabinet's header; `None` when the account is gone.
pub async fn me(state: &AppState, account_id: &str) -> Result<Option<Me>, ServiceError> {
    let profile = accounts::profile(&state.db, account_id).await?;
    Ok(profile.map(|p| Me {
        first_name: p.first_name,
        phone: Phone::parse(&p.phone)
            .map(|p| p.masked())
            .unwrap_or_default(),
    }))
}

/// The profile page's account section, with every live session of the account (`session` is
/// the one asking, marked as current).
pub async fn profile(state: &AppState, session: &Session) -> Result<ProfileView, ServiceError> {
    let profile = accounts::profile(&state.db, &session.account_id)
        .await?
        .ok_or(ServiceError::NotLoggedIn)?;
    let current = sessions::handle(&session.token_hash);
    let listed = sessions::list(
        &state.db,
        &session.account_id,
        now_unix(),
        state.session_lifetime,
    )
    .await?;
    Ok(ProfileView {
        first_name: profile.first_name,
        surname: profile.surname,
        phone: Phone::parse(&profile.phone)
            .map(|p| p.display())
            .unwrap_or(profile.phone),
        email: profile.email,
        email_confirmed: profile.email_confirmed,
        sessions: listed
            .into_iter()
            .map(|s| SessionView {
                current: s.handle == current,
                device: device(&s.user_agent),
                handle: s.handle,
                ip: s.ip,
                last_seen: chrono::DateTime::from_timestamp(s.last_seen_at, 0)
                    .map(|t| {
                        t.with_timezone(&state.config.timezone)
                            .format("%d.%m.%Y %H:%M")
                            .to_string()
                    })
                    .unwrap_or_default(),
            })
            .collect(),
    })
}

/// A browser-friendly name for a user agent: "Chrome · Android", "Firefox · Windows".
pub fn device(user_agent: &str) -> String {
    let has = |needle: &str| user_agent.contains(needle);
    let browser = if has("Edg/") {
        "Edge"
    } else if has("YaBrowser") {
        "Yandex Browser"
    } else if has("Firefox/") {
        "Firefox"
    } else if has("Chrome/") || has("Chromium/") {
        "Chrome"
    } else if has("Safari/") {
        "Safari"
    } else {
        ""
    };
    let system = if has("Android") {
        "Android"
    } else if has("iPhone") || has("iPad") {
        "iOS"
    } else if has("Windows") {
        "Windows"
    } else if has("Mac OS") {
        "macOS"
    } else if has("Linux") {
        "Linux"
    } else {
        ""
    };
    match (browser, system) {
        ("", "") => user_agent.chars().take(40).collect(),
        (b, "") | ("", b) => b.to_owned(),
        (b, s) => format!("{b} · {s}"),
    }
}

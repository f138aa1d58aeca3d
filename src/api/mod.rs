//! Server functions: the stable endpoints under `/api`, one file per area.
//! Thin: parse the request, call a service, map its error. No business rule lives here.

pub mod account;
pub mod application;
pub mod disclosures;
pub mod loans;
pub mod quick;
pub mod quote;

/// Server-side glue shared by every server function: the state and the borrower's language.
#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use leptos::prelude::use_context;

    use crate::domain::lang::Lang;
    use crate::domain::local_path::LocalPath;
    use crate::server::auth::sessions;
    use crate::server::error::ServiceError;
    use crate::server::request::Ctx;
    use crate::server::state::AppState;
    use crate::wire::error::AppError;

    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| AppError::Internal {
            message: "application state is missing".into(),
        })
    }

    /// The language of the current request (the `lang` cookie; Russian by default).
    pub fn lang() -> Lang {
        use_context::<http::request::Parts>()
            .map(|parts| crate::server::request::lang(&parts.headers))
            .unwrap_or_default()
    }

    pub fn parts() -> http::request::Parts {
        use_context::<http::request::Parts>().unwrap_or_else(|| {
            let (parts, ()) = http::Request::new(()).into_parts();
            parts
        })
    }

    /// Who asks and when: the address (from the trusted proxy's header when one is configured,
    /// else the TCP peer), the browser, the language.
    pub fn ctx(state: &AppState) -> Ctx {
        let parts = parts();
        crate::server::request::ctx(state, &parts.headers, &parts.extensions)
    }

    /// For the data of a page that needs a login: the session, or "log in again" with the
    /// browser sent to `/login` (by a 302 while the page renders, by the router afterwards). The
    /// answer is personal: no cache keeps it.
    pub async fn page_session(state: &AppState) -> Result<sessions::Session, AppError> {
        private();
        session(state).await.inspect_err(|_| {
            // A page's own request comes back to that page after the login; the app's request
            // (`/api/…`, a move inside the app) leaves the way back to the page (`ui::signed_out`).
            let uri = parts().uri;
            // A cookie that proves nothing is forgotten, so sign-up is not sent here again.
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
                && let Ok(cleared) = http::HeaderValue::from_str(&sessions::cleared_cookie())
            {
                response.append_header(http::header::SET_COOKIE, cleared);
            }
            if !uri.path().starts_with("/api/") {
                let here = uri.path_and_query().map_or("/cabinet", |p| p.as_str());
                let back = LocalPath::parse(here).unwrap_or_else(LocalPath::cabinet);
                leptos_axum::redirect(&back.login_then_back());
            }
        })
    }

    /// Whether the browser holds a session cookie, live or not (nothing is read to tell): the
    /// landing page then sends "Получить деньги" to the application instead of to sign-up.
    pub fn has_session_cookie() -> bool {
        sessions::token_from(&parts().headers).is_some()
    }

    /// The session the request's cookie proves, or "log in again".
    pub async fn session(state: &AppState) -> Result<sessions::Session, AppError> {
        crate::server::request::session(state, &parts().headers)
            .await
            .map_err(|e| fail(ServiceError::from(e)))?
            .ok_or_else(|| fail(ServiceError::NotLoggedIn))
    }

    /// Whether the request came from the browser itself (a page, or a form posted without
    /// JavaScript) rather than from the app's own code.
    pub fn accepts_html() -> bool {
        parts()
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    }

    /// Marks the response (the server function's, or the page's it is rendered into) as personal:
    /// no cache, shared or the browser's, may keep it.
    pub fn private() {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.insert_header(
                http::header::CACHE_CONTROL,
                http::HeaderValue::from_static("no-store"),
            );
        }
    }

    /// Turns a service error into the response the borrower gets, status code included.
    /// A form posted without JavaScript (or a page being rendered) keeps its status: the
    /// server sends the browser back to the form with the error in its address instead.
    pub fn fail(error: ServiceError) -> AppError {
        let error = error.to_app_error(lang());
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            if !accepts_html() {
                response.set_status(error.status());
            }
            if let AppError::Busy { retry_after, .. }
            | AppError::TooManyRequests { retry_after, .. } = &error
            {
                response.insert_header(
                    http::header::RETRY_AFTER,
                    http::HeaderValue::from(*retry_after),
                );
            }
        }
        error
    }
}

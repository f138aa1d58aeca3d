//! Server functions: the stable endpoints under `/api`, one file per area.
//! Thin: parse the request, call a service, map its error. No business rule lives here.

pub mod account;
pub mod application;
pub mod error;
pub mod loans;
pub mod quick;
pub mod quote;

/// Server-side glue shared by every server function: the state and the borrower's language.
#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use leptos::prelude::use_context;

    use super::error::AppError;
    use crate::domain::lang::Lang;
    use crate::server::auth::sessions;
    use crate::server::error::ServiceError;
    use crate::server::services::Ctx;
    use crate::server::state::AppState;

    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| AppError::Internal {
            message: "application state is missing".into(),
        })
    }

    /// The language of the current request (the `lang` cookie; Russian by default).
    pub fn lang() -> Lang {
        use_context::<http::request::Parts>()
            .map(|parts| crate::server::http::lang::from_headers(&parts.headers))
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
        crate::server::http::client::ctx(state, &parts.headers, &parts.extensions)
    }

    /// The session the request's cookie proves, or "log in again".
    pub async fn session(state: &AppState) -> Result<sessions::Session, AppError> {
        let found = match sessions::token_from(&parts().headers) {
            Some(token) => sessions::resume(
                &state.db,
                &token,
                crate::server::store::now_unix(),
                state.session_lifetime,
            )
            .await
            .map_err(|e| fail(ServiceError::from(e)))?,
            None => None,
        };
        found.ok_or_else(|| fail(ServiceError::NotLoggedIn))
    }

    /// Turns a service error into the response the borrower gets, status code included.
    pub fn fail(error: ServiceError) -> AppError {
        let error = error.to_app_error(lang());
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(error.status());
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

//! `GET /documents/terms/{application}` and `…/pdf`: the borrower's signed individual terms,
//! the HTML exactly as signed (the bytes whose SHA-256 the signature holds) or the same text as
//! a PDF, for their own application only; another's or an unknown one is "not found". Never
//! cached: they carry personal data.

use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::server::error::ServiceError;
use crate::server::services::signing;
use crate::server::state::AppState;

/// The document brings its own styles and nothing else.
const POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

pub async fn terms(
    State(state): State<AppState>,
    Path(application_id): Path<String>,
    request: Request,
) -> Response {
    answer(state, application_id, request, false).await
}

pub async fn terms_pdf(
    State(state): State<AppState>,
    Path(application_id): Path<String>,
    request: Request,
) -> Response {
    answer(state, application_id, request, true).await
}

async fn answer(state: AppState, application_id: String, request: Request, pdf: bool) -> Response {
    let lang = super::lang::from_headers(request.headers());
    let Some(account_id) = super::client::account(&state, request.headers()).await else {
        return axum::response::Redirect::to("/login").into_response();
    };
    match signing::signed_terms(&state, &account_id, &application_id).await {
        Ok(terms) => {
            let (mut response, kind) = if pdf {
                (terms.pdf.into_response(), "application/pdf")
            } else {
                (terms.html.into_response(), "text/html; charset=utf-8")
            };
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(POLICY),
            );
            response
        }
        Err(ServiceError::NotFound) => (
            StatusCode::NOT_FOUND,
            lang.pick("Документ не найден", "Document not found"),
        )
            .into_response(),
        Err(e) => {
            let message = e.to_app_error(lang).to_string();
            (StatusCode::INTERNAL_SERVER_ERROR, message).into_response()
        }
    }
}

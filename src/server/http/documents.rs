//! The borrower's documents, each as HTML and (`…/pdf`) as a PDF with the same text, for their
//! own loan only; another's or an unknown one is "not found". Never cached: they carry personal
//! data.
//! - `/documents/terms/{application}`: the signed individual terms, the HTML exactly as signed
//!   (the bytes whose SHA-256 the signature holds);
//! - `/documents/agreements/{payment}`: a prolongation's supplementary agreement, as signed;
//! - `/documents/receipts/{payment}`: a payment's receipt;
//! - `/documents/loans/{loan}/qr.png`: the payment QR code for a bank transfer.

use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};

use crate::domain::payment::PaymentStatus;
use crate::server::error::ServiceError;
use crate::server::services::{repayments, signing, transfers};
use crate::server::state::AppState;

/// The document brings its own styles and nothing else.
const POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

/// Which document.
#[derive(Clone, Copy)]
pub enum Doc {
    Terms,
    Agreement,
    Receipt,
    TransferQr,
}

/// The route that serves `doc` for the id in its path, as a PDF when `pdf`.
pub fn route(doc: Doc, pdf: bool) -> MethodRouter<AppState> {
    get(
        move |State(state): State<AppState>, Path(id): Path<String>, request: Request| {
            answer(state, doc, id, request, pdf)
        },
    )
}

/// The document's bytes and content type.
async fn document(
    state: &AppState,
    account_id: &str,
    doc: Doc,
    id: &str,
    pdf: bool,
) -> Result<(Vec<u8>, &'static str), ServiceError> {
    const HTML: &str = "text/html; charset=utf-8";
    const PDF: &str = "application/pdf";
    match doc {
        Doc::Terms => {
            let terms = signing::signed_terms(state, account_id, id).await?;
            Ok(match pdf {
                true => (terms.pdf, PDF),
                false => (terms.html.into_bytes(), HTML),
            })
        }
        Doc::Agreement => {
            let (payment, _) = repayments::own_payment(state, account_id, id).await?;
            let (html, bytes) = crate::server::store::payments::agreement(&state.db, &payment.id)
                .await?
                .filter(|_| payment.status == PaymentStatus::Done)
                .ok_or(ServiceError::NotFound)?;
            Ok(match pdf {
                true => (bytes, PDF),
                false => (html.into_bytes(), HTML),
            })
        }
        Doc::Receipt => {
            let paper = repayments::receipt(state, account_id, id).await?;
            Ok(match pdf {
                true => (paper.pdf()?, PDF),
                false => (paper.html().into_bytes(), HTML),
            })
        }
        Doc::TransferQr => {
            let transfer = transfers::transfer(state, account_id, id).await?;
            Ok((transfers::qr_png(&transfer.payload)?, "image/png"))
        }
    }
}

async fn answer(state: AppState, doc: Doc, id: String, request: Request, pdf: bool) -> Response {
    let lang = crate::server::request::lang(request.headers());
    let Some(account_id) = crate::server::request::account(&state, request.headers()).await else {
        return axum::response::Redirect::to("/login").into_response();
    };
    match document(&state, &account_id, doc, &id, pdf).await {
        Ok((bytes, kind)) => {
            let mut response = bytes.into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(POLICY),
            );
            response
        }
        Err(ServiceError::NotFound | ServiceError::Invalid(_)) => (
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

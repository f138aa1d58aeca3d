//! `POST /api/gateway/events`: where a payment gateway reports outcomes, signed with HMAC in
//! the `x-gateway-signature` header. Forged or unreadable events change nothing; a replayed one
//! is answered 200 and applied once.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};

use crate::server::ports::gateway::SIGNATURE_HEADER;
use crate::server::services::cards::{EventError, accept_event};
use crate::server::state::AppState;
use crate::server::store::now_unix;

pub async fn events(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let signature = headers
        .get(SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    match accept_event(&state, &body, signature, now_unix()).await {
        Ok(()) => StatusCode::OK,
        Err(EventError::BadSignature) => StatusCode::UNAUTHORIZED,
        Err(EventError::Malformed) => StatusCode::BAD_REQUEST,
        Err(EventError::Internal) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

//! `/healthz` (the process answers) and `/readyz` (and its database does too).
//! Cheap enough for a load balancer to call every second.

use axum::extract::State;
use axum::http::StatusCode;

use crate::server::db::{self, Db};

pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn readyz(State(db): State<Db>) -> (StatusCode, &'static str) {
    if db::is_ready(&db).await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}

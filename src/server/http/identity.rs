//! `GET /apply/identity?request=…&code=…`: where the identity provider sends the borrower back
//! (МФК only). The code is exchanged for the person identified; the answer is a redirect to the
//! wizard, with `?identity=<problem>` when the borrower was not identified.

use axum::extract::{Query, Request, State};
use axum::response::Redirect;
use serde::Deserialize;

use crate::domain::problem::Problem;
use crate::server::error::ServiceError;
use crate::server::services::identity;
use crate::server::state::AppState;

#[derive(Deserialize)]
pub struct Back {
    #[serde(default)]
    request: String,
    #[serde(default)]
    code: String,
}

pub async fn back(
    State(state): State<AppState>,
    Query(q): Query<Back>,
    request: Request,
) -> Redirect {
    let (parts, _) = request.into_parts();
    let ctx = crate::server::request::ctx(&state, &parts.headers, &parts.extensions);
    let Some(account_id) = crate::server::request::account(&state, &parts.headers).await else {
        return Redirect::to("/login");
    };
    match identity::finish(&state, &ctx, &account_id, &q.request, &q.code).await {
        Ok(()) | Err(ServiceError::NotFound) => Redirect::to("/apply"),
        Err(ServiceError::Invalid(problems)) => {
            let code = match problems.first().map(|p| &p.problem) {
                Some(Problem::IdentityMismatch) => "mismatch",
                _ => "denied",
            };
            Redirect::to(&format!("/apply?identity={code}"))
        }
        Err(e) => {
            tracing::error!(error = ?e, "identification not finished");
            Redirect::to("/apply?identity=failed")
        }
    }
}

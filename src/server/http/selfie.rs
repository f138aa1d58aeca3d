//! `POST /apply/selfie`: the selfie with the passport, sent by a plain multipart form (field
//! `selfie`) so it works from a phone's camera without script. The answer is a redirect back
//! to the wizard: `/apply` when taken, `/apply?selfie=<problem>` when not, which the page turns
//! into the message at the field. The body is capped a little above the 10 MB rule, so a bigger
//! file is refused while it streams in, never held whole.

use axum::extract::{Multipart, Request, State};
use axum::response::Redirect;

use crate::domain::problem::Problem;
use crate::domain::upload::SELFIE_MAX_BYTES;
use crate::server::error::ServiceError;
use crate::server::services::signing;
use crate::server::state::AppState;

/// The request body's cap: the file and the form's own bytes.
pub const BODY_LIMIT: usize = SELFIE_MAX_BYTES + 64 * 1024;

/// How a refusal travels in the redirect, and back (see `ui::pages::apply`).
pub fn problem_code(problem: &Problem) -> &'static str {
    match problem {
        Problem::FileTooBig { .. } => "too_big",
        Problem::PictureTooLarge { .. } => "too_large",
        Problem::Required => "missing",
        Problem::StepNotReached => "step",
        Problem::BiometricRequired => "biometric",
        _ => "not_image",
    }
}

async fn read_selfie(mut form: Multipart) -> Result<Vec<u8>, Problem> {
    let too_big = Problem::FileTooBig {
        max_mb: (SELFIE_MAX_BYTES / (1024 * 1024)) as u32,
    };
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Err(Problem::Required),
            Err(e) if e.status() == http::StatusCode::PAYLOAD_TOO_LARGE => return Err(too_big),
            Err(_) => return Err(Problem::NotAnImage),
        };
        if field.name() != Some("selfie") {
            continue;
        }
        return match field.bytes().await {
            Ok(bytes) => Ok(bytes.to_vec()),
            Err(e) if e.status() == http::StatusCode::PAYLOAD_TOO_LARGE => Err(too_big),
            Err(_) => Err(Problem::NotAnImage),
        };
    }
}

pub async fn upload(State(state): State<AppState>, request: Request) -> Redirect {
    let (parts, body) = request.into_parts();
    let ctx = crate::server::request::ctx(&state, &parts.headers, &parts.extensions);
    let Some(account_id) = crate::server::request::account(&state, &parts.headers).await else {
        return Redirect::to("/login");
    };
    let request = Request::from_parts(parts, body);
    let form = match <Multipart as axum::extract::FromRequest<()>>::from_request(request, &()).await
    {
        Ok(form) => form,
        Err(_) => return Redirect::to("/apply?selfie=not_image"),
    };
    let bytes = match read_selfie(form).await {
        Ok(bytes) => bytes,
        Err(problem) => return Redirect::to(&format!("/apply?selfie={}", problem_code(&problem))),
    };
    match signing::save_selfie(&state, &ctx, &account_id, bytes).await {
        Ok(()) => Redirect::to("/apply"),
        Err(ServiceError::Invalid(problems)) => {
            let code = problems
                .first()
                .map_or("not_image", |p| problem_code(&p.problem));
            Redirect::to(&format!("/apply?selfie={code}"))
        }
        Err(ServiceError::NotFound) => Redirect::to("/apply"),
        Err(ServiceError::Busy) => Redirect::to("/apply?selfie=busy"),
        Err(ServiceError::TooMany { retry_after, .. }) => {
            Redirect::to(&format!("/apply?selfie=wait&in={retry_after}"))
        }
        Err(e) => {
            tracing::error!(error = ?e, "a selfie could not be stored");
            Redirect::to("/apply?selfie=failed")
        }
    }
}

//! Biometric identification for lenders that must use it (МФК, PRODUCT.md J2 step 7): the
//! borrower goes to the identity provider's page instead of taking a selfie; the person the
//! provider identified must be the borrower (name and date of birth from the questionnaire),
//! and only then does the application move on to the add-ons.

use super::{Ctx, applications};
use crate::domain::application::Step;
use crate::domain::problem::Problem;
use crate::server::error::ServiceError;
use crate::server::ports::PortError;
use crate::server::state::AppState;
use crate::server::store::applications as drafts;
use crate::server::store::{accounts, identity};

/// Where the provider sends the browser back.
pub const RETURN_PATH: &str = "/apply/identity";

/// Starts an identification; returns the provider's page to send the browser to.
pub async fn start(state: &AppState, ctx: &Ctx, account_id: &str) -> Result<String, ServiceError> {
    if !state.config.biometric_identification {
        return Err(ServiceError::invalid("identity", Problem::StepNotReached));
    }
    let draft = drafts::draft(&state.db, account_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if draft.step < Step::Identity {
        return Err(ServiceError::invalid("identity", Problem::StepNotReached));
    }
    let id = format!("{:032x}", rand::random::<u128>());
    identity::open(&state.db, &id, account_id, &draft.id, ctx.now).await?;
    state
        .identity
        .start(&id, RETURN_PATH)
        .await
        .map_err(|e| ServiceError::Internal(e.into()))
}

/// Names compare as people write them: case, "ё" and surrounding spaces aside.
fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.trim().to_lowercase().replace('ё', "е");
    norm(a) == norm(b)
}

/// Takes the provider's answer; the borrower is identified, or told why not.
pub async fn finish(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
    request_id: &str,
    code: &str,
) -> Result<(), ServiceError> {
    let application_id = identity::open_request(&state.db, account_id, request_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let refused = |problem| ServiceError::invalid("identity", problem);
    if code.is_empty() {
        identity::close(&state.db, request_id, "denied").await?;
        return Err(refused(Problem::IdentityDenied));
    }
    let person = match state.identity.finish(request_id, code).await {
        Ok(person) => person,
        Err(PortError::Refused(_)) => {
            identity::close(&state.db, request_id, "denied").await?;
            return Err(refused(Problem::IdentityDenied));
        }
        Err(e) => return Err(ServiceError::Internal(e.into())),
    };
    let profile = accounts::profile(&state.db, account_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let born = applications::questionnaire(state, account_id, "biometric identification")
        .await?
        .map(|q| q.birth_date);
    let theirs = same_name(&person.surname, &profile.surname)
        && same_name(&person.first_name, &profile.first_name)
        && born == Some(person.birth_date);
    if !theirs {
        identity::close(&state.db, request_id, "mismatch").await?;
        return Err(refused(Problem::IdentityMismatch));
    }
    if identity::close(&state.db, request_id, "verified").await? {
        drafts::reach(&state.db, &application_id, Step::Identity.next(), ctx.now).await?;
    }
    Ok(())
}

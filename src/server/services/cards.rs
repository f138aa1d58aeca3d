//! Card binding (PRODUCT.md J2 step 6): kabinet starts a binding and sends the browser to the
//! gateway's hosted page; the gateway's signed event finishes it, once. A card whose holder is
//! not the borrower is refused; a bound card moves the application on.

use super::Ctx;
use super::plumbing::limit;
use crate::domain::card::{BindingFailure, CardSummary};
use crate::domain::holder::holder_matches;
use crate::domain::lang::Lang;
use crate::server::auth::limits;
use crate::server::error::ServiceError;
use crate::server::ports::gateway::{self, BindingOutcome, Incoming};
use crate::server::state::AppState;
use crate::server::store::accounts;
use crate::server::store::cards::{self, BindingState, NewCard};
use crate::wire::application::BindingView;

/// The key gateway events are signed with (shared with the gateway).
pub const EVENT_KEY: &str = "gateway-events";

/// Starts binding a card; returns where to send the browser (the gateway's page).
pub async fn start_binding(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
) -> Result<String, ServiceError> {
    limit(state, ctx, limits::START_PER_IP, &ctx.client.ip).await?;
    let id = format!("{:032x}", rand::random::<u128>());
    cards::new_binding(&state.db, &id, account_id, ctx.now).await?;
    state
        .gateway
        .start_binding(&id, &format!("/apply?binding={id}"))
        .await
        .map_err(|e| ServiceError::Internal(e.into()))
}

/// Why an event was not taken.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EventError {
    #[error("the signature does not match")]
    BadSignature,
    #[error("the event cannot be read")]
    Malformed,
    #[error("the event could not be stored")]
    Internal,
}

/// Takes an event the gateway signed: verifies it, and applies it once however often it comes
/// (a hosted-page payment's goes to `hosted::accept_charge`).
pub async fn accept_event(
    state: &AppState,
    body: &[u8],
    signature: &str,
    now: i64,
) -> Result<(), EventError> {
    if !gateway::verify(&state.secrets.key(EVENT_KEY), body, signature) {
        return Err(EventError::BadSignature);
    }
    let event = match serde_json::from_slice(body).map_err(|_| EventError::Malformed)? {
        Incoming::Binding(event) => event,
        Incoming::Charge(event) => {
            return super::hosted::accept_charge(state, &event)
                .await
                .map_err(|e| {
                    tracing::error!(error = ?e, event = %event.event_id, "charge event not applied");
                    EventError::Internal
                });
        }
    };
    let internal = |e: anyhow::Error| {
        tracing::error!(error = ?e, event = %event.event_id, "gateway event not applied");
        EventError::Internal
    };
    let owner = cards::binding_owner(&state.db, &event.binding_id)
        .await
        .map_err(|e| internal(e.into()))?;
    let summary;
    let result = match &event.outcome {
        BindingOutcome::Bound {
            token,
            masked,
            holder,
            bank,
            expires,
        } => {
            let profile = match &owner {
                Some(owner) => accounts::profile(&state.db, owner)
                    .await
                    .map_err(|e| internal(e.into()))?,
                None => None,
            };
            let theirs = profile.is_some_and(|p| holder_matches(holder, &p.first_name, &p.surname));
            summary = CardSummary {
                masked: masked.clone(),
                holder: holder.clone(),
                bank: bank.clone(),
                expires: *expires,
            };
            if theirs {
                Ok(NewCard {
                    token,
                    summary: &summary,
                })
            } else {
                Err(BindingFailure::HolderMismatch)
            }
        }
        BindingOutcome::Declined => Err(BindingFailure::Declined),
        BindingOutcome::InsufficientFunds => Err(BindingFailure::InsufficientFunds),
        BindingOutcome::NotAuthenticated => Err(BindingFailure::NotAuthenticated),
    };
    let bound = result.is_ok();
    cards::finish_binding(&state.db, &event.event_id, &event.binding_id, result, now)
        .await
        .map_err(internal)?;
    if bound {
        // The gateway's event: the borrower's address is not known here.
        let client = crate::server::store::audit::Client {
            ip: "gateway".into(),
            user_agent: "payment gateway event".into(),
        };
        let event_kind = crate::server::store::audit::Event::PayoutDestinationChanged;
        crate::server::store::audit::record(
            &state.db,
            event_kind,
            owner.as_deref(),
            &client,
            Some("card bound"),
            now,
        )
        .await
        .map_err(|e| internal(e.into()))?;
    }
    Ok(())
}

/// Where the borrower's binding `id` stands; another borrower's is "not found".
pub async fn binding(
    state: &AppState,
    account_id: &str,
    id: &str,
    lang: Lang,
) -> Result<BindingView, ServiceError> {
    let binding = cards::binding(&state.db, account_id, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(match binding {
        BindingState::Pending => BindingView::Pending,
        BindingState::Bound(card) => BindingView::Bound { card },
        BindingState::Failed(failure) => BindingView::Failed {
            message: failure.message(lang).into(),
        },
    })
}

/// The borrower's cards, newest first.
pub async fn list(
    state: &AppState,
    account_id: &str,
) -> Result<Vec<(String, crate::domain::card::CardSummary)>, ServiceError> {
    Ok(cards::cards(&state.db, account_id).await?)
}

/// What a code that confirms a card binds: the application and the card.
async fn confirmation(
    state: &AppState,
    account_id: &str,
    card_id: &str,
) -> Result<(String, String, crate::domain::card::CardSummary), ServiceError> {
    let draft = crate::server::store::applications::draft(&state.db, account_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if draft.step < crate::domain::application::Step::Payout {
        return Err(ServiceError::invalid(
            "card",
            crate::domain::problem::Problem::StepNotReached,
        ));
    }
    let (_, card) = cards::card(&state.db, account_id, card_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let phone = accounts::profile(&state.db, account_id)
        .await?
        .ok_or(ServiceError::NotFound)?
        .phone;
    Ok((phone, format!("{}:{card_id}", draft.id), card))
}

/// A card bound before, for a new loan (PRODUCT.md J8): texts a code naming the card.
pub async fn send_confirmation(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
    card_id: &str,
) -> Result<(), ServiceError> {
    let (phone, binding, card) = confirmation(state, account_id, card_id).await?;
    let purpose = crate::server::auth::codes::Purpose::ConfirmCard;
    super::plumbing::send_code(state, ctx, purpose, &phone, &binding, |lang, code| {
        crate::i18n::notices::confirm_card(lang, code, &card.masked)
    })
    .await
}

/// Takes the card with the code sent for it, for this application only.
pub async fn confirm(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
    card_id: &str,
    code: &str,
) -> Result<(), ServiceError> {
    let (phone, binding, _) = confirmation(state, account_id, card_id).await?;
    super::plumbing::check_code(
        state,
        ctx,
        crate::server::auth::codes::Purpose::ConfirmCard,
        &phone,
        &binding,
        code,
    )
    .await?;
    cards::choose(&state.db, account_id, card_id, ctx.now).await?;
    let event = crate::server::store::audit::Event::PayoutDestinationChanged;
    super::plumbing::audit(state, ctx, event, Some(account_id), Some("card chosen")).await
}

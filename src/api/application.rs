//! The loan application wizard's endpoints (PRODUCT.md J2): start it with the calculator's loan,
//! ask where it stands (any device resumes there), save the questionnaire. Logged in only.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::questionnaire::QuestionnaireFields;
use crate::wire::application::{ApplicationView, BindingView, CardView, TermsView};
use crate::wire::error::AppError;

/// The borrower's application as it stands after a step.
#[cfg(feature = "ssr")]
async fn resumed(
    state: &crate::server::state::AppState,
    account_id: &str,
) -> Result<ApplicationView, AppError> {
    use super::ssr::fail;
    crate::server::services::applications::resume(state, account_id)
        .await
        .map_err(fail)?
        .map(|resume| crate::server::services::applications::view(state, resume))
        .ok_or_else(|| fail(crate::server::error::ServiceError::NotFound))
}

#[server(name = StartApplication, prefix = "/api", endpoint = "application/start")]
pub async fn start_application(
    #[server(default)] product: String,
    #[server(default)] amount: String,
    #[server(default)] term_days: String,
) -> Result<ApplicationView, AppError> {
    use super::ssr::{ctx, fail, page_session, state};
    use crate::server::services::applications;
    let state = state()?;
    let session = page_session(&state).await?;
    applications::start(
        &state,
        &ctx(&state),
        &session.account_id,
        &product,
        &amount,
        &term_days,
    )
    .await
    .map(|resume| applications::view(&state, resume))
    .map_err(fail)
}

/// `/apply?product=…&amount=…&term=…` (from the landing page or sign-up): the application
/// started with the nearest loan the borrower may take, marked `adjusted` if it is not the one
/// the link named.
#[server(name = BeginApplication, prefix = "/api", endpoint = "application/begin")]
pub async fn begin_application(
    #[server(default)] product: String,
    #[server(default)] amount: String,
    #[server(default)] term_days: String,
) -> Result<ApplicationView, AppError> {
    use super::ssr::{ctx, fail, page_session, state};
    use crate::server::services::applications;
    let state = state()?;
    let session = page_session(&state).await?;
    let (resume, adjusted) = applications::begin(
        &state,
        &ctx(&state),
        &session.account_id,
        &product,
        &amount,
        &term_days,
    )
    .await
    .map_err(fail)?;
    Ok(ApplicationView {
        adjusted,
        ..applications::view(&state, resume)
    })
}

#[server(name = GetApplication, prefix = "/api", endpoint = "application", input = GetUrl)]
pub async fn get_application() -> Result<Option<ApplicationView>, AppError> {
    use super::ssr::{fail, page_session, state};
    use crate::server::services::applications;
    let state = state()?;
    let session = page_session(&state).await?;
    applications::resume(&state, &session.account_id)
        .await
        .map(|r| r.map(|resume| applications::view(&state, resume)))
        .map_err(fail)
}

#[server(name = SaveQuestionnaire, prefix = "/api", endpoint = "application/questionnaire")]
pub async fn save_questionnaire(
    #[server(flatten)] fields: QuestionnaireFields,
) -> Result<ApplicationView, AppError> {
    use super::ssr::{ctx, fail, session, state};
    use crate::server::services::applications;
    let state = state()?;
    let session = session(&state).await?;
    let saved =
        applications::save_questionnaire(&state, &ctx(&state), &session.account_id, &fields)
            .await
            .map(|resume| applications::view(&state, resume))
            .map_err(fail)?;
    // Without JavaScript, back to the wizard, which shows the next step.
    if super::ssr::accepts_html() {
        leptos_axum::redirect("/apply");
    }
    Ok(saved)
}

#[server(name = StartCardBinding, prefix = "/api", endpoint = "cards/bind")]
pub async fn start_card_binding() -> Result<String, AppError> {
    use super::ssr::{ctx, fail, session, state};
    use crate::server::services::cards;
    let state = state()?;
    let session = session(&state).await?;
    cards::start_binding(&state, &ctx(&state), &session.account_id)
        .await
        .map_err(fail)
}

#[server(name = GetCardBinding, prefix = "/api", endpoint = "cards/binding", input = GetUrl)]
pub async fn get_card_binding(#[server(default)] id: String) -> Result<BindingView, AppError> {
    use super::ssr::{fail, lang, session, state};
    use crate::server::services::cards;
    let state = state()?;
    let session = session(&state).await?;
    cards::binding(&state, &session.account_id, &id, lang())
        .await
        .map_err(fail)
}

#[server(name = SaveAddOns, prefix = "/api", endpoint = "application/add_ons")]
pub async fn save_add_ons(
    /// Each add-on is its own checkbox, unticked unless the borrower ticks it.
    #[server(default)]
    insurance: Option<String>,
    #[server(default)] credit_report: Option<String>,
) -> Result<ApplicationView, AppError> {
    use super::ssr::{ctx, fail, session, state};
    use crate::domain::addons::AddOn;
    use crate::server::services::signing;
    let state = state()?;
    let session = session(&state).await?;
    let codes: Vec<String> = [
        (AddOn::Insurance, insurance),
        (AddOn::CreditReport, credit_report),
    ]
    .into_iter()
    .filter(|(_, ticked)| {
        ticked
            .as_deref()
            .is_some_and(|v| !v.is_empty() && v != "false")
    })
    .map(|(a, _)| a.code().to_owned())
    .collect();
    signing::save_add_ons(&state, &ctx(&state), &session.account_id, &codes)
        .await
        .map_err(fail)?;
    resumed(&state, &session.account_id).await
}

#[server(name = GetTerms, prefix = "/api", endpoint = "application/terms", input = GetUrl)]
pub async fn get_terms() -> Result<TermsView, AppError> {
    use super::ssr::{fail, session, state};
    use crate::server::services::signing;
    let state = state()?;
    let session = session(&state).await?;
    let offer = signing::current_offer(&state, &session.account_id)
        .await
        .map_err(fail)?;
    Ok(TermsView {
        debt_load_warning: offer.debt_load_warning(),
        debt_load: offer.debt_load,
        amount: offer.contract.principal,
        total: offer.total,
        psk_percent: offer.psk_percent,
        sha256: offer.sha256,
        html: offer.html,
    })
}

#[server(name = SendSigningCode, prefix = "/api", endpoint = "application/sign/start")]
pub async fn send_signing_code(
    #[server(default)] debt_load_ack: Option<String>,
) -> Result<(), AppError> {
    use super::ssr::{ctx, fail, session, state};
    use crate::server::services::signing;
    let state = state()?;
    let session = session(&state).await?;
    let acknowledged = debt_load_ack
        .as_deref()
        .is_some_and(|v| !v.is_empty() && v != "false");
    signing::send_code(&state, &ctx(&state), &session.account_id, acknowledged)
        .await
        .map_err(fail)
}

#[server(name = SignTerms, prefix = "/api", endpoint = "application/sign")]
pub async fn sign_terms(#[server(default)] code: String) -> Result<ApplicationView, AppError> {
    use super::ssr::{ctx, fail, session, state};
    use crate::server::services::{decisions, signing};
    let state = state()?;
    let session = session(&state).await?;
    let ctx = ctx(&state);
    let signed = signing::sign(&state, &ctx, &session.account_id, &code)
        .await
        .map_err(fail)?;
    decisions::decide(&state, &ctx, &session.account_id, &signed)
        .await
        .map_err(fail)?;
    resumed(&state, &session.account_id).await
}

#[server(name = RefuseLoan, prefix = "/api", endpoint = "loans/refuse")]
pub async fn refuse_loan(#[server(default)] loan_id: String) -> Result<(), AppError> {
    use super::ssr::{ctx, fail, session, state};
    use crate::server::services::payouts;
    let state = state()?;
    let session = session(&state).await?;
    payouts::refuse(&state, &ctx(&state), &session.account_id, &loan_id)
        .await
        .map_err(fail)
}

#[server(name = ChoosePayoutAccount, prefix = "/api", endpoint = "application/account")]
pub async fn choose_payout_account(
    #[server(default)] account_number: String,
    #[server(default)] bik: String,
) -> Result<ApplicationView, AppError> {
    use super::ssr::{ctx, fail, session, state};
    use crate::server::services::signing;
    let state = state()?;
    let session = session(&state).await?;
    signing::choose_account(
        &state,
        &ctx(&state),
        &session.account_id,
        &account_number,
        &bik,
    )
    .await
    .map_err(fail)?;
    resumed(&state, &session.account_id).await
}

#[server(name = StartIdentification, prefix = "/api", endpoint = "application/identify")]
pub async fn start_identification() -> Result<String, AppError> {
    use super::ssr::{ctx, fail, session, state};
    use crate::server::services::identity;
    let state = state()?;
    let session = session(&state).await?;
    identity::start(&state, &ctx(&state), &session.account_id)
        .await
        .map_err(fail)
}

#[server(name = GetCards, prefix = "/api", endpoint = "cards", input = GetUrl)]
pub async fn get_cards() -> Result<Vec<CardView>, AppError> {
    use super::ssr::{fail, session, state};
    use crate::server::services::cards;
    let state = state()?;
    let session = session(&state).await?;
    Ok(cards::list(&state, &session.account_id)
        .await
        .map_err(fail)?
        .into_iter()
        .map(|(id, card)| CardView { id, card })
        .collect())
}

#[server(name = ConfirmCardStart, prefix = "/api", endpoint = "cards/confirm/start")]
pub async fn confirm_card_start(#[server(default)] card_id: String) -> Result<(), AppError> {
    use super::ssr::{ctx, fail, session, state};
    use crate::server::services::cards;
    let state = state()?;
    let session = session(&state).await?;
    cards::send_confirmation(&state, &ctx(&state), &session.account_id, &card_id)
        .await
        .map_err(fail)
}

#[server(name = ConfirmCard, prefix = "/api", endpoint = "cards/confirm")]
pub async fn confirm_card(
    #[server(default)] card_id: String,
    #[server(default)] code: String,
) -> Result<ApplicationView, AppError> {
    use super::ssr::{ctx, fail, session, state};
    use crate::server::services::cards;
    let state = state()?;
    let session = session(&state).await?;
    cards::confirm(&state, &ctx(&state), &session.account_id, &card_id, &code)
        .await
        .map_err(fail)?;
    resumed(&state, &session.account_id).await
}

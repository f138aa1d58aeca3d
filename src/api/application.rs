//! The loan application wizard's endpoints (PRODUCT.md J2): start it with the calculator's loan,
//! ask where it stands (any device resumes there), save the questionnaire. Logged in only.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use super::error::AppError;
use crate::domain::application::Step;
use crate::domain::money::Money;
use crate::domain::product::ProductCode;
use crate::domain::questionnaire::QuestionnaireFields;

/// The application as the wizard shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationView {
    pub id: String,
    pub product: ProductCode,
    pub amount: Money,
    pub term_days: u32,
    /// The first step not yet done.
    pub step: Step,
    /// The newest questionnaire, pre-filled as typed.
    pub questionnaire: Option<QuestionnaireFields>,
}

#[cfg(feature = "ssr")]
fn view(resume: crate::server::services::applications::Resume) -> ApplicationView {
    ApplicationView {
        id: resume.draft.id,
        product: resume.draft.product,
        amount: resume.draft.amount,
        term_days: resume.draft.term_days,
        step: resume.draft.step,
        questionnaire: resume.questionnaire.map(|q| q.fields()),
    }
}

#[server(name = StartApplication, prefix = "/api", endpoint = "application/start")]
pub async fn start_application(
    #[server(default)] product: String,
    #[server(default)] amount: String,
    #[server(default)] term_days: String,
) -> Result<ApplicationView, AppError> {
    use super::ssr::{ctx, fail, session, state};
    use crate::server::services::applications;
    let state = state()?;
    let session = session(&state).await?;
    applications::start(
        &state,
        &ctx(&state),
        &session.account_id,
        &product,
        &amount,
        &term_days,
    )
    .await
    .map(view)
    .map_err(fail)
}

#[server(name = GetApplication, prefix = "/api", endpoint = "application", input = GetUrl)]
pub async fn get_application() -> Result<Option<ApplicationView>, AppError> {
    use super::ssr::{fail, session, state};
    use crate::server::services::applications;
    let state = state()?;
    let session = session(&state).await?;
    applications::resume(&state, &session.account_id)
        .await
        .map(|r| r.map(view))
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
    applications::save_questionnaire(&state, &ctx(&state), &session.account_id, &fields)
        .await
        .map(view)
        .map_err(fail)
}

/// Where a card binding stands, as the payout step shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum BindingView {
    /// The gateway has not reported yet.
    Pending,
    Bound {
        card: crate::domain::card::CardSummary,
    },
    Failed {
        message: String,
    },
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
    use crate::server::store::cards::BindingState;
    let state = state()?;
    let session = session(&state).await?;
    Ok(
        match cards::binding(&state, &session.account_id, &id)
            .await
            .map_err(fail)?
        {
            BindingState::Pending => BindingView::Pending,
            BindingState::Bound(card) => BindingView::Bound { card },
            BindingState::Failed(failure) => BindingView::Failed {
                message: failure.message(lang()).into(),
            },
        },
    )
}

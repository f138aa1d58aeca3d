//! The loan application wizard on the server (PRODUCT.md J2 steps 1 and 5): start it with the
//! calculator's loan, save the questionnaire, and tell any device where to resume. Each step is
//! re-checked here whatever the browser checked, a passport with a self-ban at the credit
//! bureaus is refused at once, and personal data is sealed before it is stored.

use super::Ctx;
use super::pricing;
use crate::domain::application::Step;
use crate::domain::loan::stage::LoanStage;
use crate::domain::problem::Problem;
use crate::domain::questionnaire::{Questionnaire, QuestionnaireFields};
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::applications::{self, Draft};
use crate::wire::application::{ApplicationView, LoanView};

/// The application as the wizard resumes it.
#[derive(Clone, Debug)]
pub struct Resume {
    pub draft: Draft,
    /// The newest questionnaire, to show pre-filled.
    pub questionnaire: Option<Questionnaire>,
    /// The loan an approval made, once decided.
    pub loan: Option<crate::server::store::loans::LoanRow>,
}

/// What a questionnaire is sealed for: its borrower and its version.
pub fn context(account_id: &str, version: i64) -> String {
    format!("questionnaire:{account_id}:v{version}")
}

/// Opens a questionnaire row; one sealed in the first format was bound to the borrower alone.
pub fn open_questionnaire(
    vault: &crate::server::vault::Vault,
    account_id: &str,
    version: i64,
    sealed: &str,
) -> Result<Vec<u8>, crate::server::vault::VaultError> {
    if crate::server::vault::Vault::is_legacy(sealed) {
        return vault.open(&format!("questionnaire:{account_id}"), sealed);
    }
    vault.open(&context(account_id, version), sealed)
}

/// The borrower's newest questionnaire, opened; `why` names the reader in the audit log, where
/// every opening is written (issue 16, item 11).
pub(super) async fn questionnaire(
    state: &AppState,
    account_id: &str,
    why: &str,
) -> Result<Option<Questionnaire>, ServiceError> {
    let Some((version, sealed)) = applications::latest_questionnaire(&state.db, account_id).await?
    else {
        return Ok(None);
    };
    let plain = open_questionnaire(&state.vault, account_id, version, &sealed).map_err(|e| {
        ServiceError::Internal(anyhow::anyhow!(
            "questionnaire {version} of {account_id}: {e}"
        ))
    })?;
    let reader = crate::server::store::audit::Client {
        ip: "server".into(),
        user_agent: "kabinet".into(),
    };
    let event = crate::server::store::audit::Event::PersonalDataRead;
    let now = crate::server::store::now_unix();
    let detail = format!("questionnaire {version}: {why}");
    crate::server::store::audit::record(
        &state.db,
        event,
        Some(account_id),
        &reader,
        Some(&detail),
        now,
    )
    .await?;
    Ok(Some(
        serde_json::from_slice(&plain).map_err(anyhow::Error::from)?,
    ))
}

/// Starts (or re-prices) the borrower's application with the calculator's loan.
pub async fn start(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
    product: &str,
    amount: &str,
    term_days: &str,
) -> Result<Resume, ServiceError> {
    let quote = pricing::price_for(state, account_id, product, amount, term_days).await?;
    let draft = applications::start(
        &state.db,
        account_id,
        quote.product,
        quote.amount,
        quote.term_days,
        ctx.now,
    )
    .await?;
    Ok(Resume {
        questionnaire: questionnaire(state, account_id, "the borrower's application").await?,
        draft,
        loan: None,
    })
}

/// Starts (or re-prices) the application from a link made for anyone — the landing page's
/// calculator, sign-up — with the nearest loan the borrower may take. True when that loan
/// differs from the one the link asked for, so the page can say so.
pub async fn begin(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
    product: &str,
    amount: &str,
    term_days: &str,
) -> Result<(Resume, bool), ServiceError> {
    let (quote, changed) = pricing::fit_for(state, account_id, product, amount, term_days).await?;
    let resume = start(
        state,
        ctx,
        account_id,
        quote.product.code(),
        &quote.amount.as_decimal().to_string(),
        &quote.term_days.to_string(),
    )
    .await?;
    Ok((resume, changed))
}

/// Where the borrower's application stands: the one being filled in, else the newest one with
/// its decision and loan.
pub async fn resume(state: &AppState, account_id: &str) -> Result<Option<Resume>, ServiceError> {
    // The loan first: a payout commits the loan and the application together, so a loan read
    // as paid out is never shown beside its application read from before that commit.
    let loan = crate::server::store::loans::latest_loan(&state.db, account_id).await?;
    let draft = match applications::draft(&state.db, account_id).await? {
        Some(draft) => draft,
        None => match applications::latest(&state.db, account_id).await? {
            Some(latest) => latest,
            None => return Ok(None),
        },
    };
    let loan = loan.filter(|l| l.application_id == draft.id);
    // A loan repaid ends its application's story: the next loan starts from the calculator.
    if loan.as_ref().is_some_and(|l| l.status == LoanStage::Repaid) {
        return Ok(None);
    }
    Ok(Some(Resume {
        questionnaire: questionnaire(state, account_id, "the borrower's application page").await?,
        draft,
        loan,
    }))
}

/// Saves the questionnaire as a new version, sealed, and moves the application on.
pub async fn save_questionnaire(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
    fields: &QuestionnaireFields,
) -> Result<Resume, ServiceError> {
    let draft = applications::draft(&state.db, account_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let today = state.config.today();
    let parsed = Questionnaire::parse(fields, today).map_err(ServiceError::Invalid)?;
    // A self-ban ends the application here: nothing is stored, and the borrower is told why.
    let bureau = state
        .bureau
        .check(&parsed.passport, today)
        .await
        .map_err(|e| ServiceError::Internal(e.into()))?;
    if bureau.self_ban {
        return Err(ServiceError::invalid("passport_number", Problem::SelfBan));
    }
    let plain = serde_json::to_vec(&parsed).map_err(anyhow::Error::from)?;
    let seal = |version| state.vault.seal(&context(account_id, version), &plain);
    applications::add_questionnaire(&state.db, account_id, seal, ctx.now).await?;
    applications::reach(&state.db, &draft.id, Step::Questionnaire.next(), ctx.now).await?;
    Ok(Resume {
        draft: applications::draft(&state.db, account_id)
            .await?
            .ok_or(ServiceError::NotFound)?,
        questionnaire: Some(parsed),
        loan: None,
    })
}

/// The application as the wizard shows it.
pub fn view(state: &AppState, resume: Resume) -> ApplicationView {
    ApplicationView {
        biometric: state.config.biometric_identification,
        adjusted: false,
        id: resume.draft.id,
        product: resume.draft.product,
        amount: resume.draft.amount,
        term_days: resume.draft.term_days,
        step: resume.draft.step,
        questionnaire: resume.questionnaire.map(|q| q.fields()),
        status: resume.draft.status,
        add_ons: resume
            .draft
            .add_ons
            .items()
            .iter()
            .map(|a| a.code().to_owned())
            .collect(),
        decision: resume
            .draft
            .decision
            .and_then(|json| serde_json::from_str(&json).ok()),
        loan: resume.loan.map(|l| LoanView {
            id: l.id,
            status: l.status,
            payout_after: l.payout_after,
            amount: l.contract.principal,
        }),
    }
}

//! The decision on a signed application (PRODUCT.md J2 step 10, §4.6): the facts are gathered
//! here (the questionnaire, the bureaus' answer, kabinet's own loans, the velocity of
//! applications from the device and the address) and `domain::scoring` decides. An approval
//! creates the loan with its contract frozen, waiting out the cooling-off period where the law
//! requires one; the borrower gets an SMS for every outcome.

use rust_decimal::Decimal;

use super::Ctx;
use super::plumbing::sms;
use super::{applications, payouts, signing};
use crate::domain::application::ApplicationStatus;
use crate::domain::eligibility::{self, Applicant, History};
use crate::domain::scoring::{self, Decision, Facts};
use crate::i18n::notices;
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::applications as drafts;
use crate::server::store::decisions as decided;
use crate::server::store::{accounts, signatures};

/// Applications from one device or address are counted over this window.
const VELOCITY_WINDOW_SECONDS: i64 = 24 * 3600;

/// Decides the submitted application `application_id` once; a repeated call changes nothing.
pub async fn decide(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
    application_id: &str,
) -> Result<(), ServiceError> {
    let draft = drafts::by_id(&state.db, application_id)
        .await?
        .filter(|d| d.status == ApplicationStatus::Submitted)
        .ok_or(ServiceError::NotFound)?;
    if draft.card_id.is_none() && draft.payout_account_id.is_none() {
        return Err(ServiceError::NotFound);
    }
    let questionnaire = applications::questionnaire(state, account_id, "the credit decision")
        .await?
        .ok_or(ServiceError::NotFound)?;
    let today = state.config.today();
    let bureau = state
        .bureau
        .check(&questionnaire.passport, today)
        .await
        .map_err(|e| ServiceError::Internal(e.into()))?;
    let offer = signing::offer(state, draft.clone(), &questionnaire, today).await?;
    let mut open_loans_psk = bureau.open_loans_psk.clone();
    for psk in decided::open_loans(&state.db, account_id).await? {
        open_loans_psk.push(psk.parse::<Decimal>().map_err(anyhow::Error::from)?);
    }
    let refusals = eligibility::refusals(
        &state.rulebook.law,
        &Applicant {
            birth_date: questionnaire.birth_date,
            // A Russian passport is the only document the questionnaire takes.
            citizen_of_russia: true,
            self_ban: bureau.self_ban,
        },
        &History {
            open_loans_psk,
            short_loans_in_year: bureau.short_loans_in_year,
            last_expensive_repaid_on: bureau.last_expensive_repaid_on,
        },
        eligibility::Application {
            on: today,
            term_days: draft.term_days,
            psk_percent: offer.psk_percent,
        },
    );
    let (from_ip, from_device) = decided::recent_applications(
        &state.db,
        &ctx.client.ip,
        &ctx.client.user_agent,
        ctx.now - VELOCITY_WINDOW_SECONDS,
    )
    .await?;
    let record = decided::record(&state.db, account_id).await?;
    let product_max = crate::domain::loyalty::for_borrower(&state.rulebook.products, record)
        .iter()
        .find(|p| p.code == draft.product)
        .map_or(draft.amount, |p| p.amount_max);
    let decision = scoring::decide(&Facts {
        on: today,
        requested: draft.amount,
        product_max,
        monthly_income: questionnaire.monthly_income,
        monthly_obligations: questionnaire.monthly_obligations,
        new_monthly_payment: signing::monthly_payment(offer.total, draft.term_days),
        refusals,
        bureau_delinquencies: bureau.delinquencies,
        repaid_here: record.repaid,
        worst_overdue_days_here: record.worst_overdue_days,
        // This application is counted among them: "more than N" means N others.
        applications_from_device_24h: from_device.saturating_sub(1),
        applications_from_ip_24h: from_ip.saturating_sub(1),
        terms_as_signed: signatures::signed_sha256(&state.db, application_id)
            .await?
            .is_some_and(|signed| signed == offer.sha256),
    });
    let status = match decision {
        Decision::Approve { .. } => ApplicationStatus::Approved,
        Decision::Review { .. } => ApplicationStatus::Review,
        Decision::Decline { .. } => ApplicationStatus::Declined,
    };
    let loan_id = format!("{:032x}", rand::random::<u128>());
    let wait_hours =
        eligibility::cooling_off_hours(&state.rulebook.law, today, offer.contract.principal);
    let payout_after = ctx.now + i64::from(wait_hours) * 3600;
    let loan = matches!(decision, Decision::Approve { .. }).then(|| decided::NewLoan {
        id: &loan_id,
        account_id,
        application_id,
        contract: &offer.contract,
        add_ons: &draft.add_ons,
        card_id: draft.card_id.as_deref(),
        payout_account_id: draft.payout_account_id.as_deref(),
        psk_percent: offer.psk_percent,
        payout_after,
    });
    let json = serde_json::to_string(&decision).map_err(anyhow::Error::from)?;
    if !decided::decide(&state.db, application_id, status, &json, loan, ctx.now).await? {
        return Ok(());
    }
    let phone = accounts::profile(&state.db, account_id)
        .await?
        .ok_or(ServiceError::NotFound)?
        .phone;
    let amount = offer.contract.principal.display(ctx.lang);
    let text = match &decision {
        Decision::Approve { .. } => notices::approved(ctx.lang, &amount, wait_hours),
        Decision::Review { .. } => notices::in_review(ctx.lang),
        Decision::Decline { retry_on, .. } => {
            notices::declined(ctx.lang, &retry_on.format("%d.%m.%Y").to_string())
        }
    };
    // The decision stands whether or not the SMS goes: the page shows it too.
    if let Err(e) = sms(state, &phone, text).await {
        tracing::warn!(error = ?e, application = %application_id, "decision SMS not sent");
    }
    if matches!(decision, Decision::Approve { .. }) && wait_hours == 0 {
        // The payout runs beside the answer; the page watches the loan become active, and the
        // background job picks up whatever this attempt leaves unfinished.
        let state = state.clone();
        let lang = ctx.lang;
        tokio::spawn(async move {
            if let Err(e) = payouts::pay_out(&state, &loan_id, lang).await {
                tracing::warn!(error = ?e, loan = %loan_id, "payout left for the next run");
            }
        });
    }
    Ok(())
}

/// Decides the applications signed but left undecided (the bureau did not answer, or the
/// server stopped between the signature and the decision), as the borrower's own request would
/// have: from the address and browser the signature was given from.
pub async fn decide_pending(state: &AppState) -> Result<usize, ServiceError> {
    let mut decided = 0;
    for pending in decided::undecided(&state.db).await? {
        let ctx = Ctx {
            client: crate::server::store::audit::Client {
                ip: pending.ip,
                user_agent: pending.device,
            },
            lang: crate::domain::lang::Lang::default(),
            now: crate::server::store::now_unix(),
        };
        match decide(state, &ctx, &pending.account_id, &pending.application_id).await {
            Ok(()) => decided += 1,
            Err(e) => tracing::warn!(error = ?e, application = %pending.application_id,
                "application still undecided; will retry"),
        }
    }
    Ok(decided)
}

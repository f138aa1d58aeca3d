//! The cabinet's money endpoints (PRODUCT.md J4–J7): the dashboard, repayment by a bound card
//! confirmed by SMS code or by another card on the gateway's page, prolongation with its supplementary agreement, and bank transfer
//! details. Logged in only; another borrower's loan, card or payment is "not found".

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::wire::error::AppError;
use crate::wire::loans::{
    CabinetPage, CabinetView, HostedStart, PaymentView, ProlongationQuoteView, TransferView,
};

/// Everything `/cabinet` shows; an ended session is sent to the login page.
#[server(name = GetCabinetPage, prefix = "/api", endpoint = "cabinet/page", input = GetUrl)]
pub async fn get_cabinet_page() -> Result<CabinetPage, AppError> {
    use super::ssr::{fail, lang, page_session, state};
    use crate::server::services::dashboard;
    let state = state()?;
    let session = page_session(&state).await?;
    dashboard::page(&state, &session.account_id, lang())
        .await
        .map_err(fail)
}

#[server(name = GetCabinet, prefix = "/api", endpoint = "cabinet", input = GetUrl)]
pub async fn get_cabinet() -> Result<CabinetView, AppError> {
    use super::ssr::{fail, lang, session, state};
    use crate::server::services::dashboard;
    let state = state()?;
    let session = session(&state).await?;
    dashboard::cabinet(&state, &session.account_id, lang())
        .await
        .map_err(fail)
}

#[cfg(feature = "ssr")]
fn days_of(text: &str) -> Result<u32, crate::server::error::ServiceError> {
    use crate::domain::loan::prolongation::{DAYS_DEFAULT, DAYS_MAX, DAYS_MIN};
    use crate::domain::problem::Problem;
    match text.trim() {
        "" => Ok(DAYS_DEFAULT),
        t => t.parse().map_err(|_| {
            crate::server::error::ServiceError::invalid(
                "days",
                Problem::NumberOutOfRange {
                    min: DAYS_MIN,
                    max: DAYS_MAX,
                },
            )
        }),
    }
}

/// The amount a form asks to pay ("1 000,50 ₽" and the like), and what an early partial
/// payment of an installment loan shortens.
#[cfg(feature = "ssr")]
pub(super) fn amount_and_early(
    amount: &str,
    early: Option<&str>,
) -> Result<
    (
        crate::domain::money::Money,
        crate::domain::loan::event::EarlyChoice,
    ),
    AppError,
> {
    use crate::domain::loan::event::EarlyChoice;
    let amount = crate::domain::money::Money::parse(amount).ok_or_else(|| {
        super::ssr::fail(crate::server::error::ServiceError::invalid(
            "amount",
            crate::domain::problem::Problem::NotAnAmount,
        ))
    })?;
    let early = match early {
        Some("shorter_term") => EarlyChoice::ShorterTerm,
        _ => EarlyChoice::SmallerInstallment,
    };
    Ok((amount, early))
}

/// Starts a repayment by a bound card: texts a code bound to the amount and the card.
#[server(name = StartPayment, prefix = "/api", endpoint = "payments/start")]
pub async fn start_payment(
    #[server(default)] loan_id: String,
    #[server(default)] amount: String,
    #[server(default)] card_id: String,
    #[server(default)] key: String,
    #[server(default)] early: Option<String>,
) -> Result<PaymentView, AppError> {
    use super::ssr::{ctx, fail, session, state};
    use crate::server::services::card_payments;
    use crate::server::services::repayments::PayRequest;
    let state = state()?;
    let session = session(&state).await?;
    let (amount, early) = amount_and_early(&amount, early.as_deref())?;
    card_payments::start(
        &state,
        &ctx(&state),
        &session.account_id,
        &PayRequest {
            loan_id: &loan_id,
            amount,
            card_id: &card_id,
            key: &key,
            early,
        },
    )
    .await
    .map(crate::server::services::dashboard::payment_view)
    .map(awaiting_code)
    .map_err(fail)
}

/// A started payment waits for its code; a form posted without JavaScript is sent to the
/// cabinet's code step for it (`?confirm=<key>`; keys are letters, digits, `-` and `_`).
#[cfg(feature = "ssr")]
fn awaiting_code(payment: PaymentView) -> PaymentView {
    if super::ssr::accepts_html()
        && payment.status == crate::domain::payment::PaymentStatus::AwaitingCode
    {
        leptos_axum::redirect(&format!("/cabinet?confirm={}", payment.key));
    }
    payment
}

/// Starts a repayment by another card, typed on the gateway's page (kept when `save` is on).
#[server(name = StartHostedPayment, prefix = "/api", endpoint = "payments/hosted")]
pub async fn start_hosted_payment(
    #[server(default)] loan_id: String,
    #[server(default)] amount: String,
    #[server(default)] key: String,
    #[server(default)] early: Option<String>,
    #[server(default)] save: Option<String>,
) -> Result<HostedStart, AppError> {
    use super::ssr::{ctx, fail, session, state};
    use crate::server::services::{hosted, repayments::PayRequest};
    let state = state()?;
    let session = session(&state).await?;
    let (amount, early) = amount_and_early(&amount, early.as_deref())?;
    let (payment, url) = hosted::start(
        &state,
        &ctx(&state),
        &session.account_id,
        &PayRequest {
            loan_id: &loan_id,
            amount,
            card_id: "",
            key: &key,
            early,
        },
        save.is_some_and(|s| !s.is_empty() && s != "false"),
    )
    .await
    .map_err(fail)?;
    Ok(HostedStart {
        payment: crate::server::services::dashboard::payment_view(payment),
        url,
    })
}

/// One of the borrower's payments as it stands (a hosted-page payment is asked after at the
/// gateway when its word has not come).
#[server(name = GetPayment, prefix = "/api", endpoint = "payments/status", input = GetUrl)]
pub async fn get_payment(#[server(default)] id: String) -> Result<PaymentView, AppError> {
    use super::ssr::{fail, session, state};
    let state = state()?;
    let session = session(&state).await?;
    crate::server::services::hosted::own(&state, &session.account_id, &id)
        .await
        .map(crate::server::services::dashboard::payment_view)
        .map_err(fail)
}

/// Confirms a payment (a repayment or a prolongation) with its SMS code and carries it through.
#[server(name = ConfirmPayment, prefix = "/api", endpoint = "payments/confirm")]
pub async fn confirm_payment(
    #[server(default)] key: String,
    #[server(default)] code: String,
) -> Result<PaymentView, AppError> {
    use super::ssr::{ctx, fail, session, state};
    let state = state()?;
    let session = session(&state).await?;
    crate::server::services::card_payments::confirm(
        &state,
        &ctx(&state),
        &session.account_id,
        &key,
        &code,
    )
    .await
    .map(crate::server::services::dashboard::payment_view)
    .inspect(|payment| {
        // Without JavaScript, back to the cabinet, which follows the payment (`?payment=<id>`).
        if super::ssr::accepts_html() {
            leptos_axum::redirect(&format!("/cabinet?payment={}", payment.id));
        }
    })
    .map_err(fail)
}

/// The prolongation by `days` (default 30) as it would be signed today.
#[server(name = GetProlongation, prefix = "/api", endpoint = "loans/prolongation", input = GetUrl)]
pub async fn get_prolongation(
    #[server(default)] loan_id: String,
    #[server(default)] days: String,
) -> Result<ProlongationQuoteView, AppError> {
    use super::ssr::{fail, session, state};
    let state = state()?;
    let session = session(&state).await?;
    let days = days_of(&days).map_err(fail)?;
    let quote = crate::server::services::prolongations::quote_prolongation(
        &state,
        &session.account_id,
        &loan_id,
        days,
    )
    .await
    .map_err(fail)?;
    Ok(ProlongationQuoteView {
        days: quote.offer.days,
        price: quote.offer.price,
        new_due_date: quote.offer.new_due_date,
        agreement_html: quote.agreement.html(),
    })
}

/// Starts a prolongation: texts a code that signs its agreement and pays its price.
#[server(name = StartProlongation, prefix = "/api", endpoint = "loans/prolong/start")]
pub async fn start_prolongation(
    #[server(default)] loan_id: String,
    #[server(default)] days: String,
    #[server(default)] card_id: String,
    #[server(default)] key: String,
) -> Result<PaymentView, AppError> {
    use super::ssr::{ctx, fail, session, state};
    let state = state()?;
    let session = session(&state).await?;
    let days = days_of(&days).map_err(fail)?;
    crate::server::services::prolongations::start_prolongation(
        &state,
        &ctx(&state),
        &session.account_id,
        &loan_id,
        days,
        &card_id,
        &key,
    )
    .await
    .map(|(payment, _)| awaiting_code(crate::server::services::dashboard::payment_view(payment)))
    .map_err(fail)
}

/// The lender's requisites and the loan's payment purpose for a bank transfer.
#[server(name = GetTransfer, prefix = "/api", endpoint = "loans/transfer", input = GetUrl)]
pub async fn get_transfer(#[server(default)] loan_id: String) -> Result<TransferView, AppError> {
    use super::ssr::{fail, session, state};
    let state = state()?;
    let session = session(&state).await?;
    let transfer =
        crate::server::services::transfers::transfer(&state, &session.account_id, &loan_id)
            .await
            .map_err(fail)?;
    let r = &state.config.requisites;
    Ok(TransferView {
        sum: transfer.sum,
        purpose: transfer.purpose,
        payload: transfer.payload,
        name: state.config.lender_name.clone(),
        account: r.account.clone(),
        bik: r.bik.clone(),
        bank_name: r.bank_name.clone(),
        correspondent_account: r.correspondent_account.clone(),
        inn: r.inn.clone(),
    })
}

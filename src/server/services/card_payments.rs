//! Repayment by a bound card (PRODUCT.md J5): the payment opened under the form's key, an SMS
//! code bound to the payment, its amount and card, and its confirmation, which carries the
//! payment through the charge and the credit (`repayments::carry`) once, however often it comes.

use super::Ctx;
use super::plumbing::{self, audit, check_code};
use super::repayments::{PayRequest, check_amount, check_key, code_binding, drive, payable};
use crate::domain::lang::Lang;
use crate::domain::payment::PaymentStatus;
use crate::domain::problem::Problem;
use crate::i18n::notices;
use crate::server::auth::codes::Purpose as CodePurpose;
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::audit::Event;
use crate::server::store::payments::{self, NewPayment, PaymentRow, Purpose};
use crate::server::store::{accounts, cards, overpayments};

/// Starts a repayment by a bound card: opens the payment under its key and texts the code.
/// The same key again answers the same payment (and sends no second code once confirmed).
pub async fn start(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
    req: &PayRequest<'_>,
) -> Result<PaymentRow, ServiceError> {
    check_key(req.key)?;
    let (loan, _, now) = payable(state, account_id, req.loan_id).await?;
    check_amount(req.amount, &now)?;
    let (_, card) = cards::card(&state.db, account_id, req.card_id)
        .await?
        .ok_or_else(|| ServiceError::invalid("card_id", Problem::ChooseOne))?;
    let (payment, opened) = payments::open(
        &state.db,
        &NewPayment {
            payer: account_id,
            client_key: req.key,
            loan_id: &loan.id,
            amount: req.amount,
            method: "card",
            card_id: Some(req.card_id),
            purpose: Purpose::Repay,
            early: req.early,
            agreement: None,
            status: PaymentStatus::AwaitingCode,
        },
        ctx.now,
    )
    .await?;
    let same = payment.loan_id == loan.id
        && payment.amount == req.amount
        && payment.card_id.as_deref() == Some(req.card_id)
        && payment.purpose == Purpose::Repay;
    if !same {
        return Err(ServiceError::invalid("amount", Problem::KeyReused));
    }
    // A second click or tab with the same key finds the code already sent.
    if opened {
        let amount = payment.amount.display(ctx.lang);
        send_code(state, ctx, account_id, &payment, |lang, code| {
            notices::payment_code(lang, code, &amount, &card.short())
        })
        .await?;
    }
    Ok(payment)
}

pub(super) async fn send_code(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
    payment: &PaymentRow,
    text: impl FnOnce(Lang, &str) -> String,
) -> Result<(), ServiceError> {
    let profile = accounts::profile(&state.db, account_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let binding = code_binding(payment);
    plumbing::send_code(
        state,
        ctx,
        CodePurpose::Payment,
        &profile.phone,
        &binding,
        text,
    )
    .await
}

/// Confirms the payment `key` with `code` and carries it through. A payment already confirmed
/// (by another tab, a double click) is carried on whatever the code, so every such request ends
/// with the same payment.
pub async fn confirm(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
    key: &str,
    code: &str,
) -> Result<PaymentRow, ServiceError> {
    let payment = payments::by_key(&state.db, account_id, key)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if payment.status == PaymentStatus::AwaitingCode {
        let profile = accounts::profile(&state.db, account_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let checked = check_code(
            state,
            ctx,
            CodePurpose::Payment,
            &profile.phone,
            &code_binding(&payment),
            code.trim(),
        )
        .await;
        match checked {
            Ok(()) => {
                payments::confirm(
                    &state.db,
                    &payment.id,
                    &ctx.client.ip,
                    &ctx.client.user_agent,
                )
                .await?;
                let event = match payment.purpose {
                    Purpose::Repay => Event::PaymentConfirmed,
                    Purpose::Prolong { .. } => Event::ProlongationSigned,
                };
                audit(state, ctx, event, Some(account_id), Some(&payment.id)).await?;
            }
            Err(e) => {
                let now = payments::by_id(&state.db, &payment.id).await?;
                if now.is_none_or(|p| p.status == PaymentStatus::AwaitingCode) {
                    return Err(e);
                }
            }
        }
    }
    let payment = drive(state, &payment.id, ctx.lang).await?;
    if payment.status == PaymentStatus::Failed {
        // Said the same to every request that confirmed it, the first and any repeat.
        let problem = if overpayments::was_covered(&state.db, &payment.id).await? {
            Problem::DebtCovered
        } else {
            Problem::CardDeclined
        };
        return Err(ServiceError::invalid("code", problem));
    }
    Ok(payment)
}

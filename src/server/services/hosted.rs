//! Payments by a card typed on the gateway's hosted page (PRODUCT.md J5): by another card from
//! the cabinet (optionally saved), and quick payment's.
//!
//! Such a payment is opened `at_gateway` under the payer's key, like a bound card's, and the
//! gateway charges it at most once (key `payment:<id>`). Its outcome comes two ways, and either
//! may come first, twice, or not at all: the gateway's signed `ChargeEvent` (`accept_charge`),
//! and the borrower's return, which asks the gateway (`settle`; the reconciler asks too). Either
//! credits it through `repayments::carry`, which credits once. A refusal on one page does not
//! undo a charge made on another page for the same payment: a charge always ends credited.
//! Quick payment (`quick`) opens its payments here too.

use super::Ctx;
use super::repayments::{self, PayRequest, check_amount, check_key};
use crate::domain::card::CardSummary;
use crate::domain::holder::holder_matches;
use crate::domain::loan::event::EarlyChoice;
use crate::domain::money::Money;
use crate::domain::payment::PaymentStatus;
use crate::domain::problem::Problem;
use crate::server::error::ServiceError;
use crate::server::ports::gateway::{ChargeEvent, ChargeOutcome};
use crate::server::state::AppState;
use crate::server::store::cards::{self, NewCard};
use crate::server::store::loans::LoanRow;
use crate::server::store::payments::{self, NewPayment, PaymentRow, Purpose};
use crate::server::store::{accounts, now_unix};

/// The payer of a payment made without login.
pub const QUICK: &str = "quick";

/// Opens (or finds, by its key) a hosted-page payment of `amount` for `loan`, and the gateway's
/// page for it; returns the payment and where to send the browser.
pub(super) async fn open(
    state: &AppState,
    ctx: &Ctx,
    payer: &str,
    (loan, amount, key, early): (&LoanRow, Money, &str, EarlyChoice),
    (return_to, save_card): (&str, bool),
) -> Result<(PaymentRow, String), ServiceError> {
    let (payment, _) = payments::open(
        &state.db,
        &NewPayment {
            payer,
            client_key: key,
            loan_id: &loan.id,
            amount,
            method: "hosted",
            card_id: None,
            purpose: Purpose::Repay,
            early,
            agreement: None,
            status: PaymentStatus::AtGateway,
        },
        ctx.now,
    )
    .await?;
    let same = payment.loan_id == loan.id
        && payment.amount == amount
        && payment.method == "hosted"
        && payment.purpose == Purpose::Repay;
    if !same {
        return Err(ServiceError::invalid("amount", Problem::KeyReused));
    }
    // Again with the same key (a closed tab, a double click): a new page for the same payment
    // (the gateway charges the payment once whichever page is used) — unless it is paid: then
    // straight to where the borrower sees it so.
    let return_to = format!("{return_to}?payment={}", payment.id);
    if payment.status == PaymentStatus::Done {
        return Ok((payment, return_to));
    }
    let url = state
        .gateway
        .start_payment(&payment.id, amount.kopecks(), &return_to, save_card)
        .await
        .map_err(|e| ServiceError::Internal(e.into()))?;
    Ok((payment, url))
}

/// A logged-in borrower pays by another card on the gateway's page (saved when `save_card`).
pub async fn start(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
    req: &PayRequest<'_>,
    save_card: bool,
) -> Result<(PaymentRow, String), ServiceError> {
    check_key(req.key)?;
    let (loan, _, now) = repayments::payable(state, account_id, req.loan_id).await?;
    check_amount(req.amount, &now)?;
    open(
        state,
        ctx,
        account_id,
        (&loan, req.amount, req.key, req.early),
        ("/cabinet", save_card),
    )
    .await
}

/// Learns how a hosted-page payment ended if its event has not come (asks the gateway; a
/// payment failed on one page may have been charged on another), and carries a charged one
/// through to its credit. Any payment in flight may be settled.
pub async fn settle(state: &AppState, payment_id: &str) -> Result<PaymentRow, ServiceError> {
    let payment = payments::by_id(&state.db, payment_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let open = payment.status == PaymentStatus::AtGateway
        || (payment.status == PaymentStatus::Failed && payment.method == "hosted");
    if !open {
        return repayments::carry(state, payment, Default::default()).await;
    }
    let found = state
        .gateway
        .find_charge(&format!("payment:{}", payment.id))
        .await
        .map_err(|e| ServiceError::Internal(e.into()))?;
    match found {
        Some(receipt) => charged(state, payment, &receipt.reference).await,
        None => Ok(payment),
    }
}

/// The gateway charged `payment` under `reference`: it is credited (once, whichever report
/// comes first; even if another page for it had failed — the money was taken).
async fn charged(
    state: &AppState,
    payment: PaymentRow,
    reference: &str,
) -> Result<PaymentRow, ServiceError> {
    let payment = PaymentRow {
        status: PaymentStatus::Confirmed,
        gateway_ref: Some(reference.to_owned()),
        ..payment
    };
    repayments::carry(state, payment, Default::default()).await
}

/// The borrower's own hosted-page payment, settled; another's is "not found".
pub async fn own(
    state: &AppState,
    account_id: &str,
    payment_id: &str,
) -> Result<PaymentRow, ServiceError> {
    repayments::own_payment(state, account_id, payment_id).await?;
    settle(state, payment_id).await
}

/// Applies the gateway's event for a hosted-page payment: charged (the card saved if asked and
/// the borrower's own) or refused. A replay, or an event after the return settled it, changes
/// nothing.
pub async fn accept_charge(state: &AppState, event: &ChargeEvent) -> Result<(), ServiceError> {
    let Some(payment) = payments::by_id(&state.db, &event.payment_id).await? else {
        tracing::warn!(payment = %event.payment_id, "a charge event for no payment of ours");
        return Ok(());
    };
    if payment.method != "hosted" || payment.amount.kopecks() != event.amount_kopecks {
        tracing::error!(payment = %payment.id, "a charge event that does not match its payment");
        return Ok(());
    }
    match &event.outcome {
        ChargeOutcome::Charged { reference, card } => {
            if let Some(card) = card
                && payment.payer != QUICK
            {
                save_card(state, &payment.payer, card).await?;
            }
            if matches!(
                payment.status,
                PaymentStatus::AtGateway | PaymentStatus::Failed
            ) {
                charged(state, payment, reference).await?;
            }
        }
        refused => {
            // Refused on this page; but another page for the same payment may have been charged.
            let other = state
                .gateway
                .find_charge(&format!("payment:{}", payment.id))
                .await
                .map_err(|e| ServiceError::Internal(e.into()))?;
            if let Some(receipt) = other {
                if payment.status == PaymentStatus::AtGateway {
                    charged(state, payment, &receipt.reference).await?;
                }
                return Ok(());
            }
            let reason = match refused {
                ChargeOutcome::InsufficientFunds => "insufficient_funds",
                ChargeOutcome::NotAuthenticated => "not_authenticated",
                _ => "declined",
            };
            payments::fail(&state.db, &payment.id, reason, now_unix()).await?;
        }
    }
    Ok(())
}

/// Keeps the card the borrower paid with, if it is in their name.
async fn save_card(
    state: &AppState,
    account_id: &str,
    card: &crate::server::ports::gateway::SavedCard,
) -> Result<(), ServiceError> {
    let Some(profile) = accounts::profile(&state.db, account_id).await? else {
        return Ok(());
    };
    if !holder_matches(&card.holder, &profile.first_name, &profile.surname) {
        tracing::info!("a card paid with is not saved: not in the borrower's name");
        return Ok(());
    }
    let summary = CardSummary {
        masked: card.masked.clone(),
        holder: card.holder.clone(),
        bank: card.bank.clone(),
        expires: card.expires,
    };
    let new = NewCard {
        token: &card.token,
        summary: &summary,
    };
    cards::save(&state.db, account_id, &new, now_unix()).await?;
    Ok(())
}

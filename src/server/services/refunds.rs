//! Returning an overpayment (issue 16, item 6): what a payment brought above the debt goes back
//! to the charge it came from through the gateway, once (its key `refund:<payment>`), with the
//! loan's `Refund` event and its ledger lines, and an SMS. A refund is written with the credit
//! that made it; this module sends it right after, and the reconciler sends what a crash or a
//! silent gateway left. A refusal is kept for the staff and never sent again.

use super::plumbing::sms;
use crate::domain::lang::Lang;
use crate::domain::ledger;
use crate::domain::money::Money;
use crate::i18n::notices;
use crate::server::error::ServiceError;
use crate::server::ports::PortError;
use crate::server::state::AppState;
use crate::server::store::overpayments::{self, RefundRow};
use crate::server::store::{accounts, loans, now_unix};

/// Sends the refund of `payment_id`, if it has one waiting.
pub async fn settle(state: &AppState, payment_id: &str, lang: Lang) -> Result<(), ServiceError> {
    match overpayments::of_payment(&state.db, payment_id).await? {
        Some(refund) if refund.status == "pending" => send(state, refund, lang).await,
        _ => Ok(()),
    }
}

/// Sends every refund waiting; answers how many were made.
pub async fn settle_all(state: &AppState) -> Result<usize, ServiceError> {
    let mut made = 0;
    for refund in overpayments::pending(&state.db).await? {
        let payment = refund.payment_id.clone();
        match send(state, refund, Lang::default()).await {
            Ok(()) => made += 1,
            Err(e) => tracing::warn!(error = ?e, %payment, "refund left for the next run"),
        }
    }
    Ok(made)
}

async fn send(state: &AppState, refund: RefundRow, lang: Lang) -> Result<(), ServiceError> {
    let amount = Money::from_kopecks(refund.amount_kopecks);
    let key = format!("refund:{}", refund.payment_id);
    match state
        .gateway
        .refund(&key, &refund.charge_ref, refund.amount_kopecks)
        .await
    {
        Ok(receipt) => {
            let on = state.config.today();
            let lines = ledger::refund_lines(amount);
            let made = (receipt.reference.as_str(), on);
            if overpayments::done(&state.db, &refund, made, &lines, now_unix()).await? {
                tell(state, &refund.loan_id, amount, lang).await;
            }
            Ok(())
        }
        Err(PortError::Refused(reason)) => {
            tracing::warn!(payment = %refund.payment_id, %reason, "refund refused: for the staff");
            Ok(overpayments::failed(&state.db, &refund.payment_id, &reason, now_unix()).await?)
        }
        Err(e) => Err(ServiceError::Internal(e.into())),
    }
}

/// The SMS: the overpayment is on its way back. A failure is logged; the money went.
async fn tell(state: &AppState, loan_id: &str, amount: Money, lang: Lang) {
    let phone = match loans::loan(&state.db, loan_id).await {
        Ok(Some(loan)) => accounts::profile(&state.db, &loan.account_id)
            .await
            .ok()
            .flatten()
            .map(|p| p.phone),
        _ => None,
    };
    let Some(phone) = phone else { return };
    let text = notices::refunded(lang, &amount.display(lang));
    if let Err(e) = sms(state, &phone, text).await {
        tracing::warn!(error = ?e, loan = %loan_id, "refund SMS not sent");
    }
}

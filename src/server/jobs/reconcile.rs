//! The reconciler (PRODUCT.md §7 reliability): decides applications left undecided, finishes
//! every payout a crash left pending, pays out every loan whose cooling-off is over, and credits
//! repayments a crash or a silent gateway left between the charge and the credit, and sends the
//! refunds of overpayments left unsent.

use crate::domain::lang::Lang;
use crate::domain::payment::PaymentStatus;
use crate::server::error::ServiceError;
use crate::server::services::payouts::{self, Outcome};
use crate::server::services::{decisions, hosted, refunds};
use crate::server::state::AppState;
use crate::server::store::{now_unix, payments, payouts as payout_rows};

/// One pass of everything; returns how many payouts it finished.
pub async fn run(state: &AppState) -> Result<usize, ServiceError> {
    // Applications signed but not decided are decided first: an approval may be due a payout.
    decisions::decide_pending(state).await?;
    let finished = pay_out_due(state).await?;
    settle_payments(state).await?;
    refunds::settle_all(state).await?;
    Ok(finished)
}

/// Finishes the payouts left pending and pays out the loans whose cooling-off is over; returns
/// how many it finished.
pub async fn pay_out_due(state: &AppState) -> Result<usize, ServiceError> {
    let mut ids = payout_rows::pending_payouts(&state.db).await?;
    ids.extend(payout_rows::due_for_payout(&state.db, now_unix()).await?);
    ids.dedup();
    let mut finished = 0;
    for id in ids {
        match payouts::pay_out(state, &id, Lang::default()).await {
            Ok(Outcome::PaidOut) => finished += 1,
            Ok(_) => {}
            Err(e) => tracing::warn!(error = ?e, loan = %id, "payout not finished; will retry"),
        }
    }
    Ok(finished)
}

/// Finishes charges a crash or a silent gateway left in flight: the gateway charges once per
/// key and the credit happens once. Returns how many it credited.
pub async fn settle_payments(state: &AppState) -> Result<usize, ServiceError> {
    let mut done = 0;
    for id in payments::in_flight(&state.db, now_unix()).await? {
        match hosted::settle(state, &id).await {
            Ok(p) if p.status == PaymentStatus::Done => done += 1,
            Ok(_) => {}
            Err(e) => tracing::warn!(error = ?e, payment = %id, "payment not finished; will retry"),
        }
    }
    Ok(done)
}

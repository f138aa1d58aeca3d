//! Payouts (PRODUCT.md J2 step 10, §7 reliability): exactly one per loan, however often the step
//! is retried, raced by several requests or server instances, or cut short by a crash.
//!
//! 1. `open_payout` writes the loan's one payout row (pending), keyed `payout:<loan id>`; the
//!    primary key makes a second row impossible, and a loan still cooling off or refused gets none.
//! 2. The gateway is asked to pay under that key; it pays at most once per key, so a repeated
//!    call (a race, a retry, a reconciliation) returns the first receipt and moves no money.
//! 3. `finish_payout` marks the payout done, the loan active, and writes the ledger lines, in one
//!    transaction, only if the payout was still pending; whoever comes second changes nothing.
//!
//! A crash between 2 and 3 leaves a pending row; `reconcile` (at start and then periodically)
//! repeats 2 and 3 for it, which the key makes safe.

use super::applications;
use super::plumbing::sms;
use crate::domain::lang::Lang;
use crate::domain::ledger;
use crate::domain::loan::stage::LoanStage;
use crate::domain::payout::Destination;
use crate::domain::problem::Problem;
use crate::i18n::notices;
use crate::server::error::ServiceError;
use crate::server::ports::bureau::{LoanEvent, LoanReport};
use crate::server::state::AppState;
use crate::server::store::loans::{self, LoanRow};
use crate::server::store::payouts;
use crate::server::store::{accounts, now_unix};

/// What a payout attempt found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// This call finished the payout.
    PaidOut,
    /// It was finished before (by another call, or a run before a crash).
    AlreadyPaid,
    /// Not to be paid (yet): cooling off, or refused.
    NotDue,
}

/// Pays out loan `loan_id` if due, once.
pub async fn pay_out(state: &AppState, loan_id: &str, lang: Lang) -> Result<Outcome, ServiceError> {
    let loan = loans::loan(&state.db, loan_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if loan.status == LoanStage::Active {
        return Ok(Outcome::AlreadyPaid);
    }
    let Some(key) = payouts::open_payout(&state.db, &loan, now_unix()).await? else {
        return Ok(Outcome::NotDue);
    };
    let receipt = state
        .gateway
        .payout(&key, &loan.destination, loan.contract.principal.kopecks())
        .await
        .map_err(|e| ServiceError::Internal(e.into()))?;
    let finished = payouts::finish_payout(
        &state.db,
        &loan.id,
        &receipt.reference,
        &ledger::payout_lines(loan.contract.principal, &loan.add_ons),
        now_unix(),
    )
    .await?;
    if !finished {
        return Ok(Outcome::AlreadyPaid);
    }
    after_payout(state, &loan, lang).await;
    Ok(Outcome::PaidOut)
}

/// Tells the borrower and the bureaus; a failure here is logged, the money has gone either way.
async fn after_payout(state: &AppState, loan: &LoanRow, lang: Lang) {
    let result: Result<(), ServiceError> = async {
        let profile = accounts::profile(&state.db, &loan.account_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let amount = loan.contract.principal.display(lang);
        let text = match loan.destination {
            Destination::Card { .. } => notices::paid_out(lang, &amount, &loan.shown_as),
            Destination::Account { .. } => notices::sent_to_account(lang, &amount, &loan.shown_as),
        };
        sms(state, &profile.phone, text).await?;
        if let Some(questionnaire) =
            applications::questionnaire(state, &loan.account_id, "the credit bureaus' report")
                .await?
        {
            state
                .bureau
                .report(&LoanReport {
                    loan_id: loan.id.clone(),
                    event: LoanEvent::Issued,
                    passport: questionnaire.passport,
                    amount: loan.contract.principal,
                    psk_percent: loan.psk_percent,
                    on: loan.contract.paid_out_on,
                })
                .await
                .map_err(|e| ServiceError::Internal(e.into()))?;
        }
        Ok(())
    }
    .await;
    if let Err(e) = result {
        tracing::warn!(error = ?e, loan = %loan.id, "after the payout: notice or bureau report failed");
    }
}

/// The borrower refuses their loan during its cooling-off period (no money has moved).
pub async fn refuse(
    state: &AppState,
    ctx: &super::Ctx,
    account_id: &str,
    loan_id: &str,
) -> Result<(), ServiceError> {
    let loan = loans::loan(&state.db, loan_id)
        .await?
        .filter(|l| l.account_id == account_id)
        .ok_or(ServiceError::NotFound)?;
    if loan.status == LoanStage::Refused {
        return Ok(());
    }
    if !loans::refuse(&state.db, account_id, loan_id, ctx.now).await? {
        return Err(ServiceError::invalid("loan", Problem::AlreadyPaidOut));
    }
    Ok(())
}

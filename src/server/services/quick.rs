//! Quick payment without login, from the landing page (PRODUCT.md J5): the loan is found by
//! phone and surname, rate-limited per address and per phone; only the amount due is shown, and
//! every miss is answered with the same message. The payment goes through the gateway's page.

use super::Ctx;
use super::hosted::{QUICK, open, settle};
use super::plumbing::{self, would_pass};
use super::repayments::{check_key, loan_state};
use crate::domain::loan::event::EarlyChoice;
use crate::domain::loan::stage::LoanStage;
use crate::domain::money::Money;
use crate::domain::phone::Phone;
use crate::domain::problem::Problem;
use crate::server::auth::limits;
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::accounts;
use crate::server::store::audit::Event;
use crate::server::store::loans::{self, LoanRow};
use crate::server::store::payments::{self, PaymentRow};

/// The loan quick payment finds by `phone` and `surname`, and the amount due on it. Any miss —
/// no such phone, another surname, no loan being repaid — is the same `NoLoanFound`.
pub async fn find(
    state: &AppState,
    ctx: &Ctx,
    phone: &str,
    surname: &str,
) -> Result<(LoanRow, Money), ServiceError> {
    let phone = Phone::parse(phone).map_err(|p| ServiceError::invalid("phone", p))?;
    if surname.trim().is_empty() {
        return Err(ServiceError::invalid("surname", Problem::Required));
    }
    // Only look-ups that find nothing count (a guesser's): the borrower who finds their loan,
    // then pays, then tries again after a declined card is never held up.
    let limited = [
        (limits::QUICK_PER_IP, ctx.client.ip.as_str()),
        (limits::QUICK_PER_PHONE, phone.as_e164()),
    ];
    for (limit, key) in limited {
        would_pass(state, ctx, limit, key).await?;
    }
    match lookup(state, phone.as_e164(), surname).await? {
        Some(found) => {
            let (event, account) = (Event::QuickLookup, Some(found.0.account_id.as_str()));
            plumbing::audit(state, ctx, event, account, Some("found")).await?;
            Ok(found)
        }
        None => {
            for (limit, key) in limited {
                plumbing::limit(state, ctx, limit, key).await?;
            }
            Err(ServiceError::invalid("phone", Problem::NoLoanFound))
        }
    }
}

/// The loan being repaid by the borrower of `phone` named `surname`, with what is due today.
async fn lookup(
    state: &AppState,
    phone: &str,
    surname: &str,
) -> Result<Option<(LoanRow, Money)>, ServiceError> {
    let Some(account_id) = accounts::id_by_phone(&state.db, phone).await? else {
        return Ok(None);
    };
    let Some(profile) = accounts::profile(&state.db, &account_id).await? else {
        return Ok(None);
    };
    let same = |a: &str| a.trim().to_lowercase().replace('ё', "е");
    if same(&profile.surname) != same(surname) {
        return Ok(None);
    }
    let Some(loan) = loans::latest_loan(&state.db, &account_id)
        .await?
        .filter(|l| l.status == LoanStage::Active)
    else {
        return Ok(None);
    };
    let (_, now) = loan_state(state, &loan, state.config.today()).await?;
    let due = now.payable_next();
    Ok(Some((loan, due)))
}

/// Quick payment: the amount the borrower was shown must still be due; opens the payment
/// (payer `quick`, the form's key) and the gateway's page.
pub async fn start(
    state: &AppState,
    ctx: &Ctx,
    (phone, surname): (&str, &str),
    amount: Money,
    key: &str,
) -> Result<(PaymentRow, String), ServiceError> {
    check_key(key)?;
    let (loan, due) = find(state, ctx, phone, surname).await?;
    if amount != due {
        return Err(ServiceError::invalid("amount", Problem::DueChanged));
    }
    open(
        state,
        ctx,
        QUICK,
        (&loan, amount, key, EarlyChoice::default()),
        ("/pay", false),
    )
    .await
}

/// A quick payment by its id (only its amount and status are shown), settled.
pub async fn payment(state: &AppState, payment_id: &str) -> Result<PaymentRow, ServiceError> {
    let payment = payments::by_id(&state.db, payment_id)
        .await?
        .filter(|p| p.payer == QUICK)
        .ok_or(ServiceError::NotFound)?;
    settle(state, &payment.id).await
}

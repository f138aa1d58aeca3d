//! Repayment, early repayment and prolongation (PRODUCT.md J5–J7, §7 reliability).
//!
//! A payment starts under the payer's own key (the form's): `start` opens one payment row per
//! (payer, key) and texts a code bound to the payment, its amount, its card and — for a
//! prolongation — the supplementary agreement's SHA-256. `confirm` checks the code and `drive`s
//! the payment: the gateway charges at most once per key `payment:<id>`, and `credit` marks the
//! payment done, appends the loan's events and writes the ledger lines in one transaction, only
//! while the payment was still confirmed. So a double click, a retry, a second tab, a race of
//! fifty requests or a crash at any point charges once and credits once; the same key with
//! another amount or card is refused; `reconcile` finishes charges a crash left in flight.

use chrono::{Days, NaiveDate};

use super::plumbing::sms;
use super::refunds;
use crate::domain::lang::Lang;
use crate::domain::ledger;
use crate::domain::loan::event::{EarlyChoice, Event};
use crate::domain::loan::prolongation::{self};
use crate::domain::loan::stage::LoanStage;
use crate::domain::loan::state::{LoanState, Status, state_on};
use crate::domain::money::Money;
use crate::domain::payment::PaymentStatus;
use crate::domain::problem::Problem;
use crate::i18n::notices;
use crate::server::error::ServiceError;
use crate::server::ports::PortError;
use crate::server::state::AppState;
use crate::server::store::loans::{self, LoanRow};
use crate::server::store::overpayments::{self, Reservation};
use crate::server::store::payments::{self, PaymentRow, Plan, Purpose};
use crate::server::store::{accounts, cards, now_unix};

/// Every event of a loan: the add-ons bought with it, then what happened after payout.
pub fn all_events(loan: &LoanRow, stored: &[Event]) -> Vec<Event> {
    let mut events = loan.add_ons.events(loan.contract.paid_out_on);
    events.extend_from_slice(stored);
    events
}

/// The borrower's own loan; another borrower's (or none) is "not found".
pub async fn own_loan(
    state: &AppState,
    account_id: &str,
    loan_id: &str,
) -> Result<LoanRow, ServiceError> {
    loans::loan(&state.db, loan_id)
        .await?
        .filter(|l| l.account_id == account_id)
        .ok_or(ServiceError::NotFound)
}

/// The loan's events and its state at the end of `on`.
pub async fn loan_state(
    state: &AppState,
    loan: &LoanRow,
    on: NaiveDate,
) -> Result<(Vec<Event>, LoanState), ServiceError> {
    let events = all_events(loan, &payments::events(&state.db, &loan.id).await?);
    let now = state_on(&loan.contract, &events, on).map_err(|e| anyhow::anyhow!(e))?;
    Ok((events, now))
}

/// What the borrower asks to pay.
pub struct PayRequest<'a> {
    pub loan_id: &'a str,
    pub amount: Money,
    pub card_id: &'a str,
    /// The form's own key: the same key is the same payment.
    pub key: &'a str,
    pub early: EarlyChoice,
}

/// An amount to pay today: more than zero and no more than the debt.
pub(super) fn check_amount(amount: Money, now: &LoanState) -> Result<(), ServiceError> {
    if amount.is_zero() || amount.is_negative() {
        return Err(ServiceError::invalid("amount", Problem::NotAnAmount));
    }
    if amount > now.debt {
        return Err(ServiceError::invalid(
            "amount",
            Problem::AboveDebt { debt: now.debt },
        ));
    }
    Ok(())
}

/// A payer's key: 8–64 letters, digits, `-` or `_` (a UUID fits).
pub(super) fn check_key(key: &str) -> Result<(), ServiceError> {
    let fine = (8..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if fine {
        Ok(())
    } else {
        Err(ServiceError::invalid("key", Problem::Required))
    }
}

pub(super) fn code_binding(p: &PaymentRow) -> String {
    format!(
        "{}:{}:{}:{}",
        p.id,
        p.amount.kopecks(),
        p.card_id.as_deref().unwrap_or_default(),
        p.agreement_sha.as_deref().unwrap_or_default()
    )
}

/// An active loan of the borrower's, with its events and its state today; a repaid one is
/// refused with its message, any other (another's, refused, not yet paid out) is "not found".
pub(super) async fn payable(
    state: &AppState,
    account_id: &str,
    loan_id: &str,
) -> Result<(LoanRow, Vec<Event>, LoanState), ServiceError> {
    let loan = own_loan(state, account_id, loan_id).await?;
    match loan.status {
        LoanStage::Active => {}
        LoanStage::Repaid => return Err(ServiceError::invalid("loan_id", Problem::LoanRepaid)),
        _ => return Err(ServiceError::NotFound),
    }
    let (events, now) = loan_state(state, &loan, state.config.today()).await?;
    Ok((loan, events, now))
}

/// Carries a confirmed payment through: the charge (once per key) and the credit (once).
/// A gateway that does not answer leaves it confirmed, for the reconciler (`jobs::reconcile`).
pub async fn drive(
    state: &AppState,
    payment_id: &str,
    lang: Lang,
) -> Result<PaymentRow, ServiceError> {
    let payment = payments::by_id(&state.db, payment_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    carry(state, payment, lang).await
}

/// `drive` for a payment as just read or just changed; answers it as it ends up.
pub async fn carry(
    state: &AppState,
    payment: PaymentRow,
    lang: Lang,
) -> Result<PaymentRow, ServiceError> {
    if payment.status != PaymentStatus::Confirmed {
        return Ok(payment);
    }
    let loan = loans::loan(&state.db, &payment.loan_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mut reference = payment.gateway_ref.clone();
    // A hosted-page payment was charged by the gateway already (its reference is stored).
    if payment.method != "hosted" && !payment.amount.is_zero() {
        // A repayment is reserved against the debt under the loan's lock before it is charged:
        // two tabs (or the cabinet and quick payment) never both charge the whole debt.
        if payment.purpose == Purpose::Repay {
            let today = state.config.today();
            let ids = (
                payment.id.as_str(),
                payment.loan_id.as_str(),
                payment.amount,
            );
            let reserved = overpayments::reserve(&state.db, ids, now_unix(), |events| {
                let all = all_events(&loan, events);
                Ok(state_on(&loan.contract, &all, today)
                    .map_err(|e| anyhow::anyhow!(e))?
                    .debt)
            })
            .await?;
            if reserved != Reservation::Reserved {
                return payments::by_id(&state.db, &payment.id)
                    .await?
                    .ok_or(ServiceError::NotFound);
            }
        }
        let card_id = payment.card_id.as_deref().unwrap_or_default();
        let (token, _) = cards::card(&state.db, &loan.account_id, card_id)
            .await?
            .ok_or_else(|| ServiceError::invalid("card_id", Problem::ChooseOne))?;
        let charged = state
            .gateway
            .charge(
                &format!("payment:{}", payment.id),
                &token,
                payment.amount.kopecks(),
            )
            .await;
        match charged {
            Ok(receipt) => reference = Some(receipt.reference),
            Err(PortError::Refused(reason)) => {
                // Nothing was taken: the payment ends failed, and is never charged again.
                payments::fail(&state.db, &payment.id, &reason, now_unix()).await?;
                return payments::by_id(&state.db, &payment.id)
                    .await?
                    .ok_or(ServiceError::NotFound);
            }
            Err(e) => return Err(ServiceError::Internal(e.into())),
        }
    }
    match credit(state, &payment, &loan, reference.as_deref(), lang).await? {
        Some(on) => Ok(PaymentRow {
            status: PaymentStatus::Done,
            gateway_ref: reference,
            credited_on: Some(on),
            ..payment
        }),
        // Credited (or failed) by another request meanwhile: as it stands now.
        None => payments::by_id(&state.db, &payment.id)
            .await?
            .ok_or(ServiceError::NotFound),
    }
}

/// Credits a charged payment to its loan, once; tells the borrower. Answers the day it counts on
/// when this call credited it.
pub async fn credit(
    state: &AppState,
    payment: &PaymentRow,
    loan: &LoanRow,
    gateway_ref: Option<&str>,
    lang: Lang,
) -> Result<Option<NaiveDate>, ServiceError> {
    let today = state.config.today();
    let law = &state.rulebook.law;
    let mut after: Option<(LoanState, bool, bool)> = None;
    let credited = payments::credit(
        &state.db,
        payment,
        gateway_ref,
        (
            today,
            matches!(payment.purpose, Purpose::Prolong { .. }).then(|| year_before(today)),
        ),
        now_unix(),
        |before| {
            let events = all_events(loan, before.events);
            let pay = Event::Payment {
                on: today,
                amount: payment.amount,
                early: payment.early,
            };
            let new: Vec<Event> = match payment.purpose {
                Purpose::Prolong { days } => {
                    match prolongation::offer(
                        law,
                        &loan.contract,
                        &events,
                        today,
                        days,
                        before.prolongations,
                    ) {
                        Ok(offer) if offer.price == payment.amount => offer.events(),
                        // The offer no longer holds (a day passed): the money is a repayment.
                        _ if payment.amount.is_zero() => vec![],
                        _ => vec![pay],
                    }
                }
                Purpose::Repay => vec![pay],
            };
            let mut all = events;
            all.extend_from_slice(&new);
            let now = state_on(&loan.contract, &all, today).map_err(|e| anyhow::anyhow!(e))?;
            // This payment's allocation, when it came in as a payment (not a prolongation).
            let paid = new
                .iter()
                .any(|e| matches!(e, Event::Payment { .. }))
                .then(|| now.allocations.last())
                .flatten();
            let lines = paid.map(ledger::payment_lines).unwrap_or_default();
            let refund = paid
                .map(|a| a.overpayment)
                .filter(|excess| !excess.is_zero());
            let repaid = matches!(now.status, Status::Repaid { .. });
            let prolonged = new.iter().any(|e| matches!(e, Event::Prolongation { .. }));
            after = Some((now, prolonged, refund.is_some()));
            Ok(Plan {
                events: new,
                lines,
                repaid,
                refund,
            })
        },
    )
    .await?;
    if credited && let Some((now, prolonged, refund)) = after {
        tell(state, loan, payment, &now, prolonged, lang).await;
        // What came above the debt goes back now; the reconciler retries a failure.
        if refund && let Err(e) = refunds::settle(state, &payment.id, lang).await {
            tracing::warn!(error = ?e, payment = %payment.id, "refund left for the reconciler");
        }
    }
    Ok(credited.then_some(today))
}

/// The SMS after a payment: prolonged, repaid, or received (a prolongation's price that came
/// after its offer lapsed counts as a repayment and is said so). A failure is logged: the money
/// is credited either way.
async fn tell(
    state: &AppState,
    loan: &LoanRow,
    payment: &PaymentRow,
    now: &LoanState,
    prolonged: bool,
    lang: Lang,
) {
    let text = match now.status {
        _ if prolonged => notices::prolonged(lang, &now.due_date.format("%d.%m.%Y").to_string()),
        Status::Repaid { .. } => notices::loan_repaid(lang, &payment.amount.display(lang)),
        _ => {
            notices::payment_received(lang, &payment.amount.display(lang), &now.debt.display(lang))
        }
    };
    let sent = async {
        let profile = accounts::profile(&state.db, &loan.account_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        sms(state, &profile.phone, text).await
    }
    .await;
    if let Err(e) = sent {
        tracing::warn!(error = ?e, payment = %payment.id, "the payment's SMS was not sent");
    }
}

pub(super) fn year_before(day: NaiveDate) -> NaiveDate {
    day.checked_sub_months(chrono::Months::new(12))
        .map_or(day, |d| d + Days::new(1))
}

/// The borrower's payment `id` (a receipt's, an agreement's); another's is "not found".
pub async fn own_payment(
    state: &AppState,
    account_id: &str,
    id: &str,
) -> Result<(PaymentRow, LoanRow), ServiceError> {
    let payment = payments::by_id(&state.db, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let loan = own_loan(state, account_id, &payment.loan_id).await?;
    Ok((payment, loan))
}

/// The receipt of the borrower's credited payment `id`: who paid, from which card, when, and
/// what of the debt it covered (from the payment's ledger lines).
pub async fn receipt(
    state: &AppState,
    account_id: &str,
    id: &str,
) -> Result<crate::server::documents::paper::Paper, ServiceError> {
    use crate::domain::ledger::Account;
    use crate::server::documents::paper::{Covered, receipt};
    let (payment, loan) = own_payment(state, account_id, id).await?;
    let borrower = crate::server::store::accounts::profile(&state.db, &loan.account_id)
        .await?
        .map(|p| p.full_name())
        .unwrap_or_default();
    let card = match payment.card_id.as_deref() {
        Some(card_id) => crate::server::store::cards::card(&state.db, &loan.account_id, card_id)
            .await?
            .map(|(_, card)| card.short()),
        None => None,
    };
    let lines =
        crate::server::store::ledger::operation(&state.db, &format!("payment:{}", payment.id))
            .await?;
    let at = lines.first().map(|(_, _, at)| *at);
    let mut covered = Covered::default();
    for (account, kopecks, _) in lines {
        // The borrower's side of each credit line (credits are negative).
        let amount = Money::from_kopecks(-kopecks);
        match Account::parse(&account) {
            Some(Account::Principal) => covered.principal += amount,
            Some(Account::InterestIncome) => covered.interest += amount,
            Some(Account::PenaltyIncome) => covered.penalty += amount,
            Some(Account::Services) => covered.services += amount,
            Some(Account::Balance) => covered.overpayment += amount,
            _ => {}
        }
    }
    let paid_at = at.map(|at| state.config.local_time(at));
    receipt(
        &state.config.lender_name,
        &payment,
        &loan,
        (&borrower, card.as_deref(), paid_at.as_deref()),
        &covered,
    )
    .ok_or(ServiceError::NotFound)
}

//! Prolongation (PRODUCT.md J6): priced by the loan engine under the law's limits, with its
//! supplementary agreement written for the borrower to read, then paid by a bound card and
//! signed by the same SMS code (`card_payments::send_code`); credited like any payment.

use chrono::NaiveDate;

use super::Ctx;
use super::card_payments::send_code;
use super::repayments::{check_key, payable, year_before};
use crate::domain::lang::Lang;
use crate::domain::loan::event::{EarlyChoice, Event};
use crate::domain::loan::prolongation::{self, ProlongationOffer, Refusal};
use crate::domain::payment::PaymentStatus;
use crate::domain::problem::Problem;
use crate::i18n::notices;
use crate::server::documents::paper::Paper;
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::loans::LoanRow;
use crate::server::store::payments::{self, NewPayment, PaymentRow, Purpose};
use crate::server::store::{accounts, cards};

/// A prolongation as offered: its price, the new due date, and the agreement to sign.
pub struct ProlongationQuote {
    pub offer: ProlongationOffer,
    pub agreement: Paper,
}

fn refusal(r: Refusal) -> ServiceError {
    let problem = match r {
        Refusal::NotSinglePayment => Problem::ProlongNotSingle,
        Refusal::TooEarly => Problem::ProlongTooEarly,
        Refusal::AfterDueDate => Problem::ProlongAfterDue,
        Refusal::Repaid => Problem::LoanRepaid,
        Refusal::YearlyLimit { limit } => Problem::ProlongLimit { limit },
        Refusal::Days => Problem::NumberOutOfRange {
            min: prolongation::DAYS_MIN,
            max: prolongation::DAYS_MAX,
        },
        Refusal::Engine(e) => return ServiceError::Internal(anyhow::anyhow!(e)),
    };
    ServiceError::invalid("days", problem)
}

/// The prolongation of `loan` (with its `events`) by `days` today, and how many prolongations
/// the borrower had in the year before it.
pub(super) async fn prolongation_offer(
    state: &AppState,
    loan: &LoanRow,
    events: &[Event],
    today: NaiveDate,
    days: u32,
) -> Result<(ProlongationOffer, u32), ServiceError> {
    let before = payments::prolongations_since(&state.db, &loan.id, year_before(today)).await?;
    let offer = prolongation::offer(
        &state.rulebook.law,
        &loan.contract,
        events,
        today,
        days,
        before,
    )
    .map_err(refusal)?;
    Ok((offer, before))
}

/// Prices a prolongation by `days` today and writes its supplementary agreement.
pub async fn quote_prolongation(
    state: &AppState,
    account_id: &str,
    loan_id: &str,
    days: u32,
) -> Result<ProlongationQuote, ServiceError> {
    let (loan, events, now) = payable(state, account_id, loan_id).await?;
    let today = state.config.today();
    let (offer, before) = prolongation_offer(state, &loan, &events, today, days).await?;
    let profile = accounts::profile(&state.db, account_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let date = |d: NaiveDate| d.format("%d.%m.%Y").to_string();
    let agreement = Paper {
        title: format!(
            "Дополнительное соглашение № {} к договору потребительского займа № {}",
            now.prolongations + 1,
            loan.application_id
        ),
        paragraphs: vec![
            format!(
                "{}. Кредитор: {}. Заёмщик: {} {}.",
                date(today),
                state.config.lender_name,
                profile.surname,
                profile.first_name
            ),
            format!(
                "Стороны договорились продлить срок возврата займа на {} дн.: с {} до {} \
                 включительно. Заёмщик уплачивает проценты, начисленные по {} включительно. \
                 Сумма основного долга не меняется; неуплаченные проценты к ней не прибавляются; \
                 остальные условия договора действуют без изменений.",
                offer.days,
                date(now.due_date),
                date(offer.new_due_date),
                date(today),
            ),
        ],
        rows: vec![
            ("Основной долг".into(), now.principal.display(Lang::Ru)),
            (
                "Проценты к уплате сейчас".into(),
                offer.price.display(Lang::Ru),
            ),
            ("Новый срок возврата".into(), date(offer.new_due_date)),
            (
                "Продлений за 12 месяцев, с этим".into(),
                (before + 1).to_string(),
            ),
        ],
        note: "Соглашение подписывается простой электронной подписью — кодом из SMS, \
               привязанным к хешу этого документа и сумме оплаты."
            .into(),
    };
    Ok(ProlongationQuote { offer, agreement })
}

/// Starts a prolongation: the price paid by a bound card, the agreement signed by the same code.
pub async fn start_prolongation(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
    loan_id: &str,
    days: u32,
    card_id: &str,
    key: &str,
) -> Result<(PaymentRow, ProlongationQuote), ServiceError> {
    check_key(key)?;
    let quote = quote_prolongation(state, account_id, loan_id, days).await?;
    let price = quote.offer.price;
    let card = match price.is_zero() {
        true => None,
        false => Some(
            cards::card(&state.db, account_id, card_id)
                .await?
                .ok_or_else(|| ServiceError::invalid("card_id", Problem::ChooseOne))?,
        ),
    };
    let html = quote.agreement.html();
    let pdf = quote.agreement.pdf()?;
    let sha = crate::server::documents::terms::sha256(&html);
    let (payment, opened) = payments::open(
        &state.db,
        &NewPayment {
            payer: account_id,
            client_key: key,
            loan_id,
            amount: price,
            method: "card",
            card_id: card.is_some().then_some(card_id),
            purpose: Purpose::Prolong { days },
            early: EarlyChoice::default(),
            agreement: Some((&html, &pdf, &sha)),
            status: PaymentStatus::AwaitingCode,
        },
        ctx.now,
    )
    .await?;
    let same = payment.loan_id == loan_id
        && payment.amount == price
        && payment.purpose == (Purpose::Prolong { days })
        && payment.agreement_sha.as_deref() == Some(sha.as_str());
    if !same {
        return Err(ServiceError::invalid("days", Problem::KeyReused));
    }
    if opened {
        let (price, due) = (
            price.display(ctx.lang),
            quote.offer.new_due_date.format("%d.%m.%Y").to_string(),
        );
        send_code(state, ctx, account_id, &payment, |lang, code| {
            notices::prolongation_code(lang, code, &price, &due)
        })
        .await?;
    }
    Ok((payment, quote))
}

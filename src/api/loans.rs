//! The cabinet's money endpoints (PRODUCT.md J4–J7): the dashboard, repayment by a bound card
//! confirmed by SMS code or by another card on the gateway's page, prolongation with its supplementary agreement, and bank transfer
//! details. Logged in only; another borrower's loan, card or payment is "not found".

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use super::error::AppError;
use crate::domain::loan::schedule::ScheduledPayment;
use crate::domain::loan::state::NextPayment;
use crate::domain::money::Money;

/// The cabinet's first screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CabinetView {
    pub loan: Option<DashboardLoan>,
    /// The borrower's bound cards, to pay from.
    pub cards: Vec<CardChoice>,
    /// A fresh key for the next payment form: the same form sent twice is one payment.
    pub key: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardChoice {
    pub id: String,
    /// "•••• 1111, 12/29"
    pub label: String,
}

/// The borrower's newest loan as the dashboard shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardLoan {
    pub id: String,
    /// The contract's number (its application's id): documents are filed under it.
    pub application_id: String,
    /// cooling_off, approved (being paid out), active, overdue, repaid, refused.
    pub status: String,
    pub overdue_days: u32,
    /// When the cooling-off ends (unix seconds).
    pub payout_after: i64,
    /// The principal lent.
    pub amount: Money,
    /// Everything owed today, and its parts.
    pub debt: Money,
    pub principal: Money,
    pub interest: Money,
    pub penalty: Money,
    pub fees: Money,
    /// The cap on interest, penalties and services, and how much of it is left.
    pub cap: Money,
    pub cap_room: Money,
    pub due_date: Option<NaiveDate>,
    pub next_payment: Option<NextPayment>,
    pub installments: bool,
    pub schedule: Vec<ScheduledPayment>,
    pub history: Vec<HistoryItem>,
    /// The 30-day prolongation allowed today, or why it is not.
    pub prolongation: Option<ProlongationOption>,
    pub prolongation_refused: Option<String>,
    pub prolongations: u32,
    /// Overpayment kept for the borrower.
    pub balance: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryItem {
    pub on: NaiveDate,
    /// payout, payment, prolongation
    pub kind: String,
    pub amount: Money,
    /// The payment, for its receipt (and agreement, for a prolongation).
    pub payment_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProlongationOption {
    pub days: u32,
    pub price: Money,
    pub new_due_date: NaiveDate,
}

/// A prolongation as offered, with the agreement to read before the code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProlongationQuoteView {
    pub days: u32,
    pub price: Money,
    pub new_due_date: NaiveDate,
    pub agreement_html: String,
}

/// A payment as its form follows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentView {
    pub id: String,
    pub key: String,
    pub amount: Money,
    /// awaiting_code, confirmed (being charged), done, failed
    pub status: String,
    pub credited_on: Option<NaiveDate>,
}

/// What a bank transfer needs, and the QR code's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferView {
    pub sum: Money,
    pub purpose: String,
    pub payload: String,
    pub name: String,
    pub account: String,
    pub bik: String,
    pub bank_name: String,
    pub correspondent_account: String,
    pub inn: String,
}

#[cfg(feature = "ssr")]
pub(super) mod map {
    use super::*;
    use crate::domain::lang::Lang;
    use crate::domain::loan::state::Status;
    use crate::server::services::repayments::Dashboard;
    use crate::server::store::payments::{PaymentRow, Purpose};

    pub(in crate::api) fn payment(p: PaymentRow) -> PaymentView {
        PaymentView {
            id: p.id,
            key: p.client_key,
            amount: p.amount,
            status: p.status,
            credited_on: p.credited_on,
        }
    }

    pub fn dashboard(d: Dashboard, lang: Lang) -> DashboardLoan {
        let Dashboard {
            loan,
            now,
            schedule,
            payments,
            prolongation,
        } = d;
        let mut history: Vec<HistoryItem> = payments
            .iter()
            .filter(|p| p.status == "done")
            .filter_map(|p| {
                Some(HistoryItem {
                    on: p.credited_on?,
                    kind: match p.purpose {
                        Purpose::Repay => "payment".into(),
                        Purpose::Prolong { .. } => "prolongation".into(),
                    },
                    amount: p.amount,
                    payment_id: Some(p.id.clone()),
                })
            })
            .collect();
        if matches!(loan.status.as_str(), "active" | "repaid") {
            history.push(HistoryItem {
                on: loan.contract.paid_out_on,
                kind: "payout".into(),
                amount: loan.contract.principal,
                payment_id: None,
            });
        }
        let (status, overdue_days) = match (&now, loan.status.as_str()) {
            (Some(n), _) => match n.status {
                Status::Active => ("active", 0),
                Status::Overdue { days, .. } => ("overdue", days),
                Status::Repaid { .. } => ("repaid", 0),
            },
            (None, other) => (other, 0),
        };
        let (prolongation, prolongation_refused) = match prolongation {
            Some(Ok(o)) => (
                Some(ProlongationOption {
                    days: o.days,
                    price: o.price,
                    new_due_date: o.new_due_date,
                }),
                None,
            ),
            Some(Err(e)) => (None, Some(e.to_app_error(lang).to_string())),
            None => (None, None),
        };
        let zero = Money::ZERO;
        DashboardLoan {
            id: loan.id,
            application_id: loan.application_id,
            status: status.into(),
            overdue_days,
            payout_after: loan.payout_after,
            amount: loan.contract.principal,
            debt: now.as_ref().map_or(zero, |n| n.debt),
            principal: now
                .as_ref()
                .map_or(loan.contract.principal, |n| n.principal),
            interest: now.as_ref().map_or(zero, |n| n.interest),
            penalty: now.as_ref().map_or(zero, |n| n.penalty),
            fees: now.as_ref().map_or(zero, |n| n.fees),
            cap: loan.contract.cap,
            cap_room: now.as_ref().map_or(loan.contract.cap, |n| n.cap_room),
            due_date: now.as_ref().map(|n| n.due_date),
            next_payment: now.as_ref().and_then(|n| n.next_payment),
            installments: loan.contract.repayment
                != crate::domain::loan::contract::Repayment::Single,
            schedule,
            history,
            prolongation,
            prolongation_refused,
            prolongations: now.as_ref().map_or(0, |n| n.prolongations),
            balance: now.as_ref().map_or(zero, |n| n.balance),
        }
    }
}

#[server(name = GetCabinet, prefix = "/api", endpoint = "cabinet", input = GetUrl)]
pub async fn get_cabinet() -> Result<CabinetView, AppError> {
    use super::ssr::{fail, lang, session, state};
    use crate::server::services::{cards, repayments};
    let state = state()?;
    let session = session(&state).await?;
    let loan = repayments::dashboard(&state, &session.account_id)
        .await
        .map_err(fail)?
        .map(|d| map::dashboard(d, lang()));
    let cards = cards::list(&state, &session.account_id)
        .await
        .map_err(fail)?
        .into_iter()
        .map(|(id, card)| CardChoice {
            id,
            label: format!("{}, {}", card.short(), card.expires_label()),
        })
        .collect();
    Ok(CabinetView {
        loan,
        cards,
        key: format!("{:032x}", rand::random::<u128>()),
    })
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
) -> Result<(Money, crate::domain::loan::event::EarlyChoice), AppError> {
    use crate::domain::loan::event::EarlyChoice;
    let amount = Money::parse(amount).ok_or_else(|| {
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
    use crate::server::services::repayments::{self, PayRequest};
    let state = state()?;
    let session = session(&state).await?;
    let (amount, early) = amount_and_early(&amount, early.as_deref())?;
    repayments::start(
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
    .map(map::payment)
    .map_err(fail)
}

/// A payment started on the gateway's page, and where to send the browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostedStart {
    pub payment: PaymentView,
    pub url: String,
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
        payment: map::payment(payment),
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
        .map(map::payment)
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
    crate::server::services::repayments::confirm(
        &state,
        &ctx(&state),
        &session.account_id,
        &key,
        &code,
    )
    .await
    .map(map::payment)
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
    let quote = crate::server::services::repayments::quote_prolongation(
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
    crate::server::services::repayments::start_prolongation(
        &state,
        &ctx(&state),
        &session.account_id,
        &loan_id,
        days,
        &card_id,
        &key,
    )
    .await
    .map(|(payment, _)| map::payment(payment))
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

//! The cabinet's first screen as a read model (PRODUCT.md J4): the borrower's newest loan with its
//! debt and next payment today, schedule, history and the prolongation on offer, and the cards
//! to pay from. Reads only; every figure comes from the loan engine over the loan's events.

use crate::domain::lang::Lang;
use crate::domain::loan::prolongation::{self, ProlongationOffer};
use crate::domain::loan::stage::LoanStage;
use crate::domain::loan::state::{LoanState, Status};
use crate::domain::money::Money;
use crate::domain::payment::PaymentStatus;
use crate::server::error::ServiceError;
use crate::server::services::prolongations::prolongation_offer;
use crate::server::services::repayments::loan_state;
use crate::server::services::{applications, cards, pricing, profile};
use crate::server::state::AppState;
use crate::server::store::loans::{self, LoanRow};
use crate::server::store::payments::{self, PaymentRow, Purpose};
use crate::wire::loans::{
    CabinetPage, CabinetView, CardChoice, DashboardLoan, DashboardStatus, HistoryItem, HistoryKind,
    PaymentView, ProlongationOption,
};

/// The whole of `/cabinet` for the borrower of `account_id`: the dashboard of a paid-out loan, or
/// the application in progress and the borrower's own calculator.
pub async fn page(
    state: &AppState,
    account_id: &str,
    lang: Lang,
) -> Result<CabinetPage, ServiceError> {
    let me = profile::me(state, account_id)
        .await?
        .ok_or(ServiceError::NotLoggedIn)?;
    let cabinet = cabinet(state, account_id, lang).await?;
    let status = cabinet.loan.as_ref().map(|l| l.status);
    let (application, calculator) = if status == Some(DashboardStatus::Repaid) {
        // Repaid: the next loan starts here, with the borrower's tier and limit (J8).
        (
            None,
            Some(pricing::calculator_terms_for(state, account_id).await?),
        )
    } else if status.is_some_and(DashboardStatus::paid_out) {
        (None, None)
    } else {
        let application = applications::resume(state, account_id)
            .await?
            .map(|resume| applications::view(state, resume));
        // The calculator is offered only when no application is under way.
        let calculator = match &application {
            Some(app) if !app.status.closed() => None,
            _ => Some(pricing::calculator_terms_for(state, account_id).await?),
        };
        (application, calculator)
    };
    Ok(CabinetPage {
        me,
        cabinet,
        application,
        calculator,
    })
}

/// The cabinet's first screen: the newest loan, the cards to pay from, a fresh payment key.
pub async fn cabinet(
    state: &AppState,
    account_id: &str,
    lang: Lang,
) -> Result<CabinetView, ServiceError> {
    let loan = read(state, account_id).await?.map(|d| loan_view(d, lang));
    let cards = cards::list(state, account_id)
        .await?
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

/// Everything the cabinet's first screen shows of the borrower's newest loan.
pub struct Dashboard {
    pub loan: LoanRow,
    /// Its state today; `None` before payout (cooling off, approved) or once refused.
    pub now: Option<LoanState>,
    pub schedule: Vec<crate::domain::loan::schedule::ScheduledPayment>,
    pub payments: Vec<PaymentRow>,
    /// The default prolongation (30 days) today, or why it is not allowed.
    pub prolongation: Option<Result<ProlongationOffer, ServiceError>>,
    /// The lender's today, which all of it is as of.
    pub today: chrono::NaiveDate,
}

/// The borrower's newest loan with its state today, or `None` before their first loan.
pub async fn read(state: &AppState, account_id: &str) -> Result<Option<Dashboard>, ServiceError> {
    let Some(loan) = loans::latest_loan(&state.db, account_id).await? else {
        return Ok(None);
    };
    let today = state.config.today();
    let payments = payments::of_loan(&state.db, &loan.id).await?;
    if !matches!(loan.status, LoanStage::Active | LoanStage::Repaid) {
        return Ok(Some(Dashboard {
            loan,
            now: None,
            schedule: vec![],
            payments,
            prolongation: None,
            today,
        }));
    }
    let (events, now) = loan_state(state, &loan, today).await?;
    let schedule = crate::domain::loan::schedule::schedule(&loan.contract, &events, today)
        .map_err(|e| anyhow::anyhow!(e))?;
    let prolongation = match (loan.contract.repayment, now.status) {
        (
            crate::domain::loan::contract::Repayment::Single,
            Status::Active | Status::Overdue { .. },
        ) => Some(
            prolongation_offer(state, &loan, &events, today, prolongation::DAYS_DEFAULT)
                .await
                .map(|(offer, _)| offer),
        ),
        _ => None,
    };
    Ok(Some(Dashboard {
        loan,
        now: Some(now),
        schedule,
        payments,
        prolongation,
        today,
    }))
}

/// A payment as its form follows it.
pub fn payment_view(p: PaymentRow) -> PaymentView {
    PaymentView {
        id: p.id,
        key: p.client_key,
        amount: p.amount,
        status: p.status,
        credited_on: p.credited_on,
    }
}

/// The loan as the dashboard shows it, in the borrower's language.
pub fn loan_view(d: Dashboard, lang: Lang) -> DashboardLoan {
    let Dashboard {
        loan,
        now,
        schedule,
        payments,
        prolongation,
        today,
    } = d;
    let mut history: Vec<HistoryItem> = payments
        .iter()
        .filter(|p| p.status == PaymentStatus::Done)
        .filter_map(|p| {
            Some(HistoryItem {
                on: p.credited_on?,
                kind: match p.purpose {
                    Purpose::Repay => HistoryKind::Payment,
                    Purpose::Prolong { .. } => HistoryKind::Prolongation,
                },
                amount: p.amount,
                payment_id: Some(p.id.clone()),
            })
        })
        .collect();
    if matches!(loan.status, LoanStage::Active | LoanStage::Repaid) {
        history.push(HistoryItem {
            on: loan.contract.paid_out_on,
            kind: HistoryKind::Payout,
            amount: loan.contract.principal,
            payment_id: None,
        });
    }
    let (status, overdue_days) = match (&now, loan.status) {
        (Some(n), _) => match n.status {
            Status::Active => (DashboardStatus::Active, 0),
            Status::Overdue { days, .. } => (DashboardStatus::Overdue, days),
            Status::Repaid { .. } => (DashboardStatus::Repaid, 0),
        },
        (None, LoanStage::CoolingOff) => (DashboardStatus::CoolingOff, 0),
        (None, LoanStage::Approved) => (DashboardStatus::Approved, 0),
        (None, LoanStage::Active) => (DashboardStatus::Active, 0),
        (None, LoanStage::Repaid) => (DashboardStatus::Repaid, 0),
        (None, LoanStage::Refused) => (DashboardStatus::Refused, 0),
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
        status,
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
        pay_next: now.as_ref().map_or(zero, LoanState::payable_next),
        days_left: now
            .as_ref()
            .and_then(|n| n.next_payment)
            .map(|p| (p.on - today).num_days()),
        installments: loan.contract.repayment != crate::domain::loan::contract::Repayment::Single,
        schedule,
        history,
        prolongation,
        prolongation_refused,
        prolongations: now.as_ref().map_or(0, |n| n.prolongations),
        balance: now.as_ref().map_or(zero, |n| n.balance),
    }
}

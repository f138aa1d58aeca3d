//! Prolongation (PRODUCT.md J6): the price is the interest accrued so far, the due date moves by
//! 7–30 days, and unpaid interest is never added to the principal.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::contract::{Contract, Repayment};
use super::engine::EngineError;
use super::event::Event;
use super::state::{Status, state_on};
use crate::domain::law::{LegalTable, Param};
use crate::domain::money::Money;

pub const DAYS_MIN: u32 = 7;
pub const DAYS_MAX: u32 = 30;
pub const DAYS_DEFAULT: u32 = 30;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProlongationOffer {
    pub on: NaiveDate,
    pub days: u32,
    /// The interest accrued and unpaid: what the borrower pays to prolong.
    pub price: Money,
    pub new_due_date: NaiveDate,
}

impl ProlongationOffer {
    /// The events that record the prolongation once its price is paid and the agreement signed.
    pub fn events(&self) -> Vec<Event> {
        let pay = (!self.price.is_zero()).then(|| Event::payment(self.on, self.price));
        pay.into_iter()
            .chain([Event::Prolongation {
                on: self.on,
                days: self.days,
            }])
            .collect()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("only single-payment loans can be prolonged")]
    NotSinglePayment,
    #[error("a loan can be prolonged from the day after payout")]
    TooEarly,
    #[error("the due date has passed")]
    AfterDueDate,
    #[error("the loan is repaid")]
    Repaid,
    #[error("at most {limit} prolongations a year")]
    YearlyLimit { limit: u32 },
    #[error("a prolongation is for {DAYS_MIN} to {DAYS_MAX} days")]
    Days,
    #[error(transparent)]
    Engine(#[from] EngineError),
}

/// Prices a prolongation of `days` on `on`, given how many prolongations the borrower already
/// had in the year before `on` (all their loans of up to 30 days).
pub fn offer(
    law: &LegalTable,
    contract: &Contract,
    events: &[Event],
    on: NaiveDate,
    days: u32,
    prolongations_in_year: u32,
) -> Result<ProlongationOffer, Refusal> {
    if contract.repayment != Repayment::Single {
        return Err(Refusal::NotSinglePayment);
    }
    if !(DAYS_MIN..=DAYS_MAX).contains(&days) {
        return Err(Refusal::Days);
    }
    if on <= contract.paid_out_on {
        return Err(Refusal::TooEarly);
    }
    let state = state_on(contract, events, on)?;
    match state.status {
        Status::Repaid { .. } => return Err(Refusal::Repaid),
        _ if on > state.due_date => return Err(Refusal::AfterDueDate),
        _ => {}
    }
    let short = law
        .value(Param::ShortLoanMaxDays, contract.signed_on)
        .is_some_and(|max| rust_decimal::Decimal::from(contract.term_days) <= max);
    if short && let Some(limit) = law.value(Param::ProlongationsPerYear, on) {
        let limit = u32::try_from(limit).unwrap_or(0);
        if prolongations_in_year >= limit {
            return Err(Refusal::YearlyLimit { limit });
        }
    }
    Ok(ProlongationOffer {
        on,
        days,
        price: state.interest,
        new_due_date: state.due_date + Days::new(days.into()),
    })
}

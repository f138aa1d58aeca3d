//! The state of a loan on a date, as the cabinet shows it: debt, what is overdue and since when,
//! the cap and its room, the next payment, and every payment's allocation.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::allocation::Allocation;
use super::contract::Contract;
use super::engine::{Books, EngineError};
use super::event::Event;
use crate::domain::money::Money;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Active,
    Overdue { since: NaiveDate, days: u32 },
    Repaid { on: NaiveDate },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextPayment {
    pub on: NaiveDate,
    pub amount: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanState {
    pub on: NaiveDate,
    pub status: Status,
    pub principal: Money,
    pub overdue_principal: Money,
    /// Interest owed now (overdue and of the current period).
    pub interest: Money,
    pub overdue_interest: Money,
    pub penalty: Money,
    pub fees: Money,
    /// Everything owed today.
    pub debt: Money,
    pub interest_accrued: Money,
    pub penalty_accrued: Money,
    pub fees_charged: Money,
    pub cap: Money,
    pub cap_room: Money,
    pub due_date: NaiveDate,
    pub next_payment: Option<NextPayment>,
    pub prolongations: u32,
    pub paid: Money,
    /// Overpayment kept for the borrower, refundable.
    pub balance: Money,
    pub refunded: Money,
    pub allocations: Vec<Allocation>,
}

impl LoanState {
    /// What a borrower is offered to pay now (the pre-filled amount, quick payment's amount
    /// due): the next payment, but never more than the debt today — a payment scheduled with
    /// interest not yet accrued (a loan paid out today) is more than is owed now, and more
    /// than the debt is refused.
    pub fn payable_next(&self) -> Money {
        self.next_payment
            .map_or(self.debt, |next| next.amount.min(self.debt))
    }
}

/// Replays `events` and gives the loan's state at the end of `on`.
pub fn state_on(
    contract: &Contract,
    events: &[Event],
    on: NaiveDate,
) -> Result<LoanState, EngineError> {
    let mut books = Books::open(contract);
    let until = on.max(contract.paid_out_on);
    books.run(events, until)?;
    let status = match (books.repaid_on, books.overdue_since) {
        (Some(day), _) => Status::Repaid { on: day },
        (None, Some(since)) => Status::Overdue {
            since,
            days: u32::try_from((until - since).num_days() + 1).unwrap_or(0),
        },
        (None, None) => Status::Active,
    };
    Ok(LoanState {
        on: until,
        status,
        principal: books.principal,
        overdue_principal: books.overdue_principal,
        interest: books.overdue_interest + books.current_interest,
        overdue_interest: books.overdue_interest,
        penalty: books.penalty,
        fees: books.fees,
        debt: books.debt(),
        interest_accrued: books.interest_total,
        penalty_accrued: books.penalty_total,
        fees_charged: books.fees_total,
        cap: contract.cap,
        cap_room: books.cap_room(),
        due_date: books.due_date,
        next_payment: next_payment(&books),
        prolongations: books.prolongations,
        paid: books.paid_total,
        balance: books.balance,
        refunded: books.refunded_total,
        allocations: books.allocations,
    })
}

/// What to pay and when: everything today when overdue, else what the next period end asks for
/// if nothing is paid before it (a period already paid in full is skipped).
fn next_payment(books: &Books) -> Option<NextPayment> {
    if books.repaid_on.is_some() {
        return None;
    }
    if books.overdue_since.is_some_and(|since| since <= books.day) || books.period_end.is_none() {
        return Some(NextPayment {
            on: books.day,
            amount: books.debt(),
        });
    }
    let mut ahead = books.clone();
    while let Some(period_end) = ahead.period_end {
        let mut day = ahead.day;
        while day < period_end {
            ahead.close(day);
            day = day + Days::new(1);
            ahead.accrue(day);
        }
        let amount = ahead.overdue_interest
            + ahead.overdue_principal
            + ahead.penalty
            + ahead.current_interest
            + ahead.current_principal
            + ahead.fees;
        if !amount.is_zero() {
            return Some(NextPayment {
                on: period_end,
                amount,
            });
        }
        ahead.close(period_end);
    }
    None
}

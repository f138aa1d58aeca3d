//! The loan engine: replays a contract's events day by day and says what is owed on any date.
//! Accrual per PRODUCT.md §4.3 (each day after payout, on outstanding principal, up to the cap),
//! allocation per §4.4. Every amount is whole kopecks; nothing here reads a clock.

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

use super::allocation::{Allocation, take};
use super::contract::{Contract, Repayment};
use super::event::{EarlyChoice, Event};
use crate::domain::money::Money;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    #[error("an event on {0} is before the payout")]
    BeforePayout(NaiveDate),
    #[error("the prolongation on {0} is not allowed: {1}")]
    Prolongation(NaiveDate, &'static str),
    #[error("add-on {0} is unknown or already refused")]
    UnknownAddon(u32),
    #[error("add-on {0} can no longer be refused")]
    RefusalTooLate(u32),
    #[error("a refund of more than the balance")]
    RefundAboveBalance,
    #[error("a payment must be positive")]
    EmptyPayment,
}

#[derive(Clone, Debug)]
struct Addon {
    id: u32,
    bought_on: NaiveDate,
    /// What counts toward the cap (the price, unless the cap was nearly reached).
    charged: Money,
}

/// The running books of one loan. Amounts named "unpaid" are owed now.
#[derive(Clone, Debug)]
pub(super) struct Books<'c> {
    pub contract: &'c Contract,
    pub day: NaiveDate,
    pub principal: Money,
    pub current_principal: Money,
    pub overdue_principal: Money,
    pub current_interest: Money,
    pub overdue_interest: Money,
    pub penalty: Money,
    pub fees: Money,
    pub interest_total: Money,
    pub penalty_total: Money,
    pub fees_total: Money,
    pub balance: Money,
    pub paid_total: Money,
    pub refunded_total: Money,
    pub due_date: NaiveDate,
    /// The end of the current payment period; `None` once the last one has passed.
    pub period_end: Option<NaiveDate>,
    pub periods_left: u32,
    pub installment: Money,
    /// Exact interest of the current period and exact penalty so far: amounts are booked as the
    /// rounded running total grows, so kopecks never drift from `principal × rate × days`.
    interest_exact: Decimal,
    penalty_exact: Decimal,
    pub early_choice: EarlyChoice,
    pub overdue_since: Option<NaiveDate>,
    pub repaid_on: Option<NaiveDate>,
    pub prolongations: u32,
    pub allocations: Vec<Allocation>,
    addons: Vec<Addon>,
}

fn per_period_rate(c: &Contract, every_days: u32) -> Decimal {
    c.daily_rate / Decimal::ONE_HUNDRED * Decimal::from(every_days)
}

/// Adds `base × percent / 100` to the exact running total and returns the kopecks it adds to
/// the rounded total.
fn book(exact: &mut Decimal, base: Money, percent: Decimal) -> Money {
    let before = Money::from_decimal(*exact);
    *exact += base.as_decimal() * percent / Decimal::ONE_HUNDRED;
    Money::from_decimal(*exact) - before
}

/// The equal payment that repays `principal` over `n` periods at `r` a period.
fn annuity(principal: Money, r: Decimal, n: u32) -> Money {
    if n == 0 {
        return principal;
    }
    if r.is_zero() {
        return Money::from_decimal(principal.as_decimal() / Decimal::from(n));
    }
    let mut growth = Decimal::ONE;
    for _ in 0..n {
        growth *= Decimal::ONE + r;
    }
    Money::from_decimal(principal.as_decimal() * r * growth / (growth - Decimal::ONE))
}

impl<'c> Books<'c> {
    pub fn open(contract: &'c Contract) -> Self {
        let (period_end, periods) = match contract.repayment {
            Repayment::Single => (contract.original_due_date(), 1),
            Repayment::Installments { count, every_days } => {
                (contract.paid_out_on + Days::new(every_days.into()), count)
            }
        };
        let mut books = Books {
            contract,
            day: contract.paid_out_on,
            principal: contract.principal,
            current_principal: Money::ZERO,
            overdue_principal: Money::ZERO,
            current_interest: Money::ZERO,
            overdue_interest: Money::ZERO,
            penalty: Money::ZERO,
            fees: Money::ZERO,
            interest_total: Money::ZERO,
            penalty_total: Money::ZERO,
            fees_total: Money::ZERO,
            balance: Money::ZERO,
            paid_total: Money::ZERO,
            refunded_total: Money::ZERO,
            due_date: contract.original_due_date(),
            period_end: Some(period_end),
            periods_left: periods,
            installment: Money::ZERO,
            interest_exact: Decimal::ZERO,
            penalty_exact: Decimal::ZERO,
            early_choice: EarlyChoice::default(),
            overdue_since: None,
            repaid_on: None,
            prolongations: 0,
            allocations: Vec::new(),
            addons: Vec::new(),
        };
        if let Repayment::Installments { count, every_days } = contract.repayment {
            books.installment = annuity(
                contract.principal,
                per_period_rate(contract, every_days),
                count,
            );
        }
        books.schedule_period();
        books
    }

    /// Interest, penalties and fees charged so far: what the cap limits.
    pub fn charged(&self) -> Money {
        self.interest_total + self.penalty_total + self.fees_total
    }

    pub fn cap_room(&self) -> Money {
        self.contract.cap.saturating_sub(self.charged())
    }

    pub fn debt(&self) -> Money {
        self.principal + self.overdue_interest + self.current_interest + self.penalty + self.fees
    }

    /// Sets the principal due at the end of the period that starts now.
    fn schedule_period(&mut self) {
        let not_due = self.principal - self.overdue_principal;
        self.current_principal = match self.contract.repayment {
            Repayment::Single => not_due,
            Repayment::Installments { every_days, .. } if self.periods_left > 1 => {
                let r = per_period_rate(self.contract, every_days);
                // The period's interest as it will accrue on this principal.
                let interest =
                    not_due.percent(self.contract.daily_rate * Decimal::from(every_days));
                let payment = match self.early_choice {
                    EarlyChoice::SmallerInstallment => annuity(not_due, r, self.periods_left),
                    EarlyChoice::ShorterTerm => self.installment,
                };
                payment.saturating_sub(interest).min(not_due)
            }
            Repayment::Installments { .. } => not_due,
        };
    }

    /// Replays every event up to and including `until`, closing each day before it; `until`
    /// itself stays open, as it is while the borrower is looking at it.
    pub fn run(&mut self, events: &[Event], until: NaiveDate) -> Result<(), EngineError> {
        let mut events: Vec<&Event> = events.iter().filter(|e| e.on() <= until).collect();
        events.sort_by_key(|e| e.on());
        if let Some(first) = events
            .first()
            .filter(|e| e.on() < self.contract.paid_out_on)
        {
            return Err(EngineError::BeforePayout(first.on()));
        }
        let mut next = events.into_iter().peekable();
        let mut day = self.day;
        loop {
            if day > self.day {
                self.accrue(day);
            }
            while let Some(event) = next.next_if(|e| e.on() == day) {
                self.apply(event)?;
            }
            if day >= until {
                return Ok(());
            }
            self.close(day);
            day = day + Days::new(1);
        }
    }

    /// Accrues `day`'s interest on the outstanding principal and penalty on overdue principal.
    pub fn accrue(&mut self, day: NaiveDate) {
        self.day = day;
        if self.repaid_on.is_some() {
            return;
        }
        let rate = self.contract.rate_on(day);
        let interest = book(&mut self.interest_exact, self.principal, rate).min(self.cap_room());
        self.interest_total += interest;
        if self.period_end.is_some() {
            self.current_interest += interest;
        } else {
            self.overdue_interest += interest;
        }
        if !self.overdue_principal.is_zero() {
            let penalty_rate = if rate.is_zero() {
                self.contract.penalty_daily_without_interest
            } else {
                self.contract.penalty_yearly / Decimal::from(365)
            };
            let penalty = book(
                &mut self.penalty_exact,
                self.overdue_principal,
                penalty_rate,
            )
            .min(self.cap_room());
            self.penalty_total += penalty;
            self.penalty += penalty;
        }
    }

    /// Ends `day`: what fell due and is unpaid becomes overdue.
    pub fn close(&mut self, day: NaiveDate) {
        if self.period_end != Some(day) {
            return;
        }
        self.overdue_interest += std::mem::take(&mut self.current_interest);
        self.interest_exact = Decimal::ZERO;
        self.overdue_principal += std::mem::take(&mut self.current_principal);
        self.periods_left = self.periods_left.saturating_sub(1);
        self.period_end = match self.contract.repayment {
            Repayment::Installments { every_days, .. } if self.periods_left > 0 => {
                Some(day + Days::new(every_days.into()))
            }
            _ => None,
        };
        if self.period_end.is_some() {
            self.schedule_period();
        }
        self.mark_overdue(day);
    }

    fn mark_overdue(&mut self, day: NaiveDate) {
        let overdue = !(self.overdue_interest + self.overdue_principal).is_zero();
        if overdue && self.overdue_since.is_none() {
            self.overdue_since = Some(day + Days::new(1));
        } else if !overdue {
            self.overdue_since = None;
        }
    }

    pub fn apply(&mut self, event: &Event) -> Result<(), EngineError> {
        match *event {
            Event::Payment { on, amount, early } => self.pay(on, amount, early),
            Event::Prolongation { on, days } => self.prolong(on, days),
            Event::AddonPurchased { on, addon, price } => {
                let charged = price.min(self.cap_room());
                self.fees += charged;
                self.fees_total += charged;
                self.addons.push(Addon {
                    id: addon,
                    bought_on: on,
                    charged,
                });
                Ok(())
            }
            Event::AddonRefused { on, addon } => self.refuse_addon(on, addon),
            Event::Refund { amount, .. } => {
                if amount > self.balance {
                    return Err(EngineError::RefundAboveBalance);
                }
                self.balance -= amount;
                self.refunded_total += amount;
                Ok(())
            }
        }
    }

    fn pay(&mut self, on: NaiveDate, amount: Money, early: EarlyChoice) -> Result<(), EngineError> {
        if amount.is_negative() || amount.is_zero() {
            return Err(EngineError::EmptyPayment);
        }
        let mut left = amount;
        let overdue_interest = take(&mut left, &mut self.overdue_interest);
        let overdue_principal = take(&mut left, &mut self.overdue_principal);
        let penalty = take(&mut left, &mut self.penalty);
        let current_interest = take(&mut left, &mut self.current_interest);
        let current_principal = take(&mut left, &mut self.current_principal);
        let fees = take(&mut left, &mut self.fees);
        let mut not_yet_due = self.principal
            - overdue_principal
            - current_principal
            - self.overdue_principal
            - self.current_principal;
        let early_principal = take(&mut left, &mut not_yet_due);
        self.principal -= overdue_principal + current_principal + early_principal;
        self.balance += left;
        self.paid_total += amount;
        if !early_principal.is_zero() {
            self.early_choice = early;
        }
        self.allocations.push(Allocation {
            on,
            amount,
            overdue_interest,
            overdue_principal,
            penalty,
            current_interest,
            current_principal,
            fees,
            early_principal,
            overpayment: left,
        });
        self.mark_overdue(on - Days::new(1));
        if self.repaid_on.is_none() && self.debt().is_zero() {
            self.repaid_on = Some(on);
            self.period_end = None;
        }
        Ok(())
    }

    fn prolong(&mut self, on: NaiveDate, days: u32) -> Result<(), EngineError> {
        let refuse = |why| Err(EngineError::Prolongation(on, why));
        if self.contract.repayment != Repayment::Single {
            return refuse("only single-payment loans are prolonged");
        }
        if on <= self.contract.paid_out_on || on > self.due_date || self.repaid_on.is_some() {
            return refuse("outside the day after payout to the due date");
        }
        if !(self.current_interest + self.overdue_interest).is_zero() {
            return refuse("the accrued interest is unpaid");
        }
        self.due_date = self.due_date + Days::new(days.into());
        self.period_end = Some(self.due_date);
        self.prolongations += 1;
        Ok(())
    }

    fn refuse_addon(&mut self, on: NaiveDate, id: u32) -> Result<(), EngineError> {
        let index = self
            .addons
            .iter()
            .position(|a| a.id == id)
            .ok_or(EngineError::UnknownAddon(id))?;
        let window = Days::new(self.contract.addon_refusal_days.into());
        if on > self.addons[index].bought_on + window {
            return Err(EngineError::RefusalTooLate(id));
        }
        let addon = self.addons.remove(index);
        let unpaid = addon.charged.min(self.fees);
        self.fees -= unpaid;
        self.fees_total -= addon.charged;
        // What was already paid for it comes back to the borrower's balance.
        self.balance += addon.charged - unpaid;
        Ok(())
    }
}

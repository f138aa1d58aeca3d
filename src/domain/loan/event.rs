//! What happens to a loan after payout: payments, prolongations, add-ons bought and refused, refunds.
//! Events are facts with dates; the engine replays them, it never stores derived amounts.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::money::Money;

/// What an early partial payment of an installment loan should shorten.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum EarlyChoice {
    /// Keep the dates, lower every remaining installment.
    #[default]
    SmallerInstallment,
    /// Keep the installment, finish sooner.
    ShorterTerm,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    Payment {
        on: NaiveDate,
        amount: Money,
        early: EarlyChoice,
    },
    /// The due date moves by `days`; the accrued interest must have been paid first that day.
    Prolongation {
        on: NaiveDate,
        days: u32,
    },
    AddonPurchased {
        on: NaiveDate,
        addon: u32,
        price: Money,
    },
    AddonRefused {
        on: NaiveDate,
        addon: u32,
    },
    /// Money paid back to the borrower out of their overpayment balance.
    Refund {
        on: NaiveDate,
        amount: Money,
    },
}

impl Event {
    pub fn on(&self) -> NaiveDate {
        match *self {
            Event::Payment { on, .. }
            | Event::Prolongation { on, .. }
            | Event::AddonPurchased { on, .. }
            | Event::AddonRefused { on, .. }
            | Event::Refund { on, .. } => on,
        }
    }

    pub fn payment(on: NaiveDate, amount: Money) -> Event {
        Event::Payment {
            on,
            amount,
            early: EarlyChoice::default(),
        }
    }
}

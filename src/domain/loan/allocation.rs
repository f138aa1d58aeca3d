//! How one payment is split, in the order of 353-FZ art. 5 part 20 (PRODUCT.md §4.4).
//! The parts always add up to the payment exactly; what is left after the whole debt is overpayment.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::money::Money;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    pub on: NaiveDate,
    pub amount: Money,
    /// 1. interest past its payment date
    pub overdue_interest: Money,
    /// 2. principal past its payment date
    pub overdue_principal: Money,
    /// 3. penalty
    pub penalty: Money,
    /// 4. interest of the current period
    pub current_interest: Money,
    /// 5. principal of the current period
    pub current_principal: Money,
    /// 6. other payments: fees and paid services
    pub fees: Money,
    /// Principal not yet due, repaid early.
    pub early_principal: Money,
    /// Above the whole debt: kept on the borrower's balance, refundable.
    pub overpayment: Money,
}

impl Allocation {
    pub fn parts(&self) -> [Money; 8] {
        [
            self.overdue_interest,
            self.overdue_principal,
            self.penalty,
            self.current_interest,
            self.current_principal,
            self.fees,
            self.early_principal,
            self.overpayment,
        ]
    }

    pub fn interest(&self) -> Money {
        self.overdue_interest + self.current_interest
    }

    pub fn principal(&self) -> Money {
        self.overdue_principal + self.current_principal + self.early_principal
    }
}

/// Takes as much of `owed` as `left` covers; returns what was taken.
pub(super) fn take(left: &mut Money, owed: &mut Money) -> Money {
    let paid = (*left).min(*owed);
    *left -= paid;
    *owed -= paid;
    paid
}

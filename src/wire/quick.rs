//! What quick payment (without login) and its endpoints exchange.
//! Plain data both targets compile; no behaviour beyond (de)serialisation.

use serde::{Deserialize, Serialize};

use crate::domain::money::Money;
use crate::domain::payment::PaymentStatus;

/// What quick payment shows of a loan: the amount due, and a key for the payment form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuickDue {
    pub amount: Money,
    pub key: String,
}

/// A quick payment as its return page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuickPayment {
    pub amount: Money,
    pub status: PaymentStatus,
}

//! What the calculator needs to price loans in the browser exactly as the server does.
//! Plain data both targets compile; no behaviour beyond (de)serialisation.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::law::QuoteLaw;
use crate::domain::product::Product;

/// What the calculator needs to price loans in the browser exactly as the server does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalculatorTerms {
    /// Today in the lender's time zone: the day a loan taken now is paid out.
    pub today: NaiveDate,
    pub products: Vec<Product>,
    pub law: QuoteLaw,
}

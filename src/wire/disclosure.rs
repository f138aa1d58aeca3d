//! The lender's published documents as the «Документы» pages show them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::disclosure::DisclosureCode;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisclosureView {
    pub code: DisclosureCode,
    pub title: String,
    pub version: u32,
    pub effective_from: NaiveDate,
    /// The model text kabinet ships, not yet replaced by the lender's own.
    pub model: bool,
    pub paragraphs: Vec<String>,
}

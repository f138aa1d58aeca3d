//! Business operations, each one transaction with its ledger entries.
//! Services take parsed input and the app state; they know nothing of HTTP or Leptos.

pub mod accounts;
pub mod applications;
pub mod card_payments;
pub mod cards;
pub mod dashboard;
pub mod decisions;
pub mod disclosures;
pub mod hosted;
pub mod identity;
pub mod keys;
pub mod payouts;
pub mod plumbing;
pub mod pricing;
pub mod profile;
pub mod prolongations;
pub mod quick;
pub mod recovery;
pub mod refunds;
pub mod repayments;
pub mod signing;
pub mod signups;
pub mod transfers;

pub use crate::server::request::Ctx;

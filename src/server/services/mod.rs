//! Business operations, each one transaction with its ledger entries.
//! Services take parsed input and the app state; they know nothing of HTTP or Leptos.

pub mod accounts;
pub mod pricing;

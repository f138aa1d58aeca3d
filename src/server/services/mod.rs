//! Business operations, each one transaction with its ledger entries.
//! Services take parsed input and the app state; they know nothing of HTTP or Leptos.

pub mod accounts;
pub mod applications;
pub mod cards;
pub mod decisions;
pub mod hosted;
pub mod identity;
pub mod notices;
pub mod payouts;
pub mod pricing;
pub mod recovery;
pub mod reminders;
pub mod repayments;
pub mod signing;
pub mod transfers;

use crate::domain::lang::Lang;
use crate::server::store::audit::Client;

/// Who is asking, in which language, and when: what every account operation needs besides its
/// input (for rate limits, the audit log, and the texts it sends).
#[derive(Clone, Debug)]
pub struct Ctx {
    pub client: Client,
    pub lang: Lang,
    pub now: i64,
}

//! SQL, one file per aggregate: rows in, domain types out.
//! Money is kopecks only here; nothing above the store sees a row.

pub mod accounts;
pub mod applications;
pub mod audit;
pub mod cards;
pub mod codes;
pub mod decisions;
pub mod disclosures;
pub mod identity;
pub mod ledger;
pub mod limits;
pub mod links;
pub mod loans;
pub mod notices;
pub mod overpayments;
pub mod payments;
pub mod payouts;
pub mod rulebook;
pub mod sealed;
pub mod sessions;
pub mod signatures;
pub mod signups;

/// Now, in unix seconds: how instants are stored.
pub fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}

//! SQL, one file per aggregate: rows in, domain types out.
//! Money is kopecks only here; nothing above the store sees a row.

pub mod accounts;
pub mod applications;
pub mod audit;
pub mod cards;
pub mod identity;
pub mod loans;
pub mod notices;
pub mod payments;
pub mod rulebook;

/// Now, in unix seconds: how instants are stored.
pub fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}

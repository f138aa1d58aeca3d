//! Biometric identification (PRODUCT.md J2 step 7, §6): the `IdentityProvider` port. Lenders
//! that must identify borrowers biometrically (МФК; `KABINET_LENDER_KIND=mfk`) send the borrower
//! to the provider's page instead of taking a selfie; the provider sends them back with a
//! one-time code that kabinet exchanges for the person it identified, OAuth-style.

use chrono::NaiveDate;

use super::PortFuture;

/// The person the provider identified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identified {
    pub surname: String,
    pub first_name: String,
    pub birth_date: NaiveDate,
}

pub trait IdentityProvider: Send + Sync {
    /// Opens an identification for `request_id`; returns where to send the browser. The
    /// provider sends it back to `return_to` with `request` and `code` in the query.
    fn start<'a>(&'a self, request_id: &'a str, return_to: &'a str) -> PortFuture<'a, String>;
    /// Exchanges the code the browser brought back for the person identified (once).
    fn finish<'a>(&'a self, request_id: &'a str, code: &'a str) -> PortFuture<'a, Identified>;
    fn is_sandbox(&self) -> bool;
}

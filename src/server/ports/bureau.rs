//! Credit bureaus (PRODUCT.md §6, §4.6): the `CreditBureau` port and its sandbox. A check answers
//! whether the borrower has a self-ban on loans, their open loans with ПСК, and a history
//! summary; kabinet reports each loan it issues and each it sees repaid.
//!
//! The sandbox answers deterministically by the passport number's last two digits, so testers
//! can reach every branch (any other ending: a clean history):
//!
//! | ends in | answer |
//! | --- | --- |
//! | 13 | a self-ban on loans |
//! | 21 | two open loans, ПСК 290 % and 150 % |
//! | 34 | nine loans of up to 30 days this year |
//! | 55 | a loan with ПСК above 100 % repaid 10 days ago |
//! | 77 | three delinquencies |

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::PortFuture;
use crate::domain::documents::PassportNumber;
use crate::domain::money::Money;

/// What the bureaus know of a borrower on a date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BureauAnswer {
    pub self_ban: bool,
    /// ПСК in % a year of each loan still open, at any lender.
    pub open_loans_psk: Vec<Decimal>,
    pub short_loans_in_year: u32,
    pub last_expensive_repaid_on: Option<NaiveDate>,
    pub delinquencies: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoanEvent {
    Issued,
    Repaid,
}

impl LoanEvent {
    pub fn code(self) -> &'static str {
        match self {
            LoanEvent::Issued => "issued",
            LoanEvent::Repaid => "repaid",
        }
    }
}

/// One loan event for the bureaus; reporting the same loan and event again changes nothing.
#[derive(Clone, Debug)]
pub struct LoanReport {
    pub loan_id: String,
    pub event: LoanEvent,
    pub passport: PassportNumber,
    pub amount: Money,
    pub psk_percent: Decimal,
    pub on: NaiveDate,
}

pub trait CreditBureau: Send + Sync {
    fn check<'a>(
        &'a self,
        passport: &'a PassportNumber,
        on: NaiveDate,
    ) -> PortFuture<'a, BureauAnswer>;
    fn report<'a>(&'a self, report: &'a LoanReport) -> PortFuture<'a, ()>;
    /// True for the sandbox: the UI says so.
    fn is_sandbox(&self) -> bool;
}

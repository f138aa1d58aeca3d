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

use chrono::{Days, NaiveDate};
use hmac::{Hmac, Mac};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use sha2::Sha256;

use super::{PortError, PortFuture};
use crate::domain::documents::PassportNumber;
use crate::domain::money::Money;
use crate::server::db::Db;
use crate::server::secrets::to_hex;

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
    fn code(self) -> &'static str {
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

/// The sandbox: answers from the table above, reports kept in `bureau_sandbox_report`.
pub struct SandboxBureau {
    db: Db,
    key: [u8; 32],
}

impl SandboxBureau {
    /// `key` names borrowers in the stored reports (an HMAC of the passport number).
    pub fn new(db: Db, key: [u8; 32]) -> Self {
        SandboxBureau { db, key }
    }

    /// The sandbox's answer for a passport on a date: a pure function of its number's ending.
    pub fn answer(passport: &PassportNumber, on: NaiveDate) -> BureauAnswer {
        let (_, number) = passport.parts();
        match number.get(4..).unwrap_or_default() {
            "13" => BureauAnswer {
                self_ban: true,
                ..BureauAnswer::default()
            },
            "21" => BureauAnswer {
                open_loans_psk: vec![dec!(290), dec!(150)],
                ..BureauAnswer::default()
            },
            "34" => BureauAnswer {
                short_loans_in_year: 9,
                ..BureauAnswer::default()
            },
            "55" => BureauAnswer {
                last_expensive_repaid_on: on.checked_sub_days(Days::new(10)),
                ..BureauAnswer::default()
            },
            "77" => BureauAnswer {
                delinquencies: 3,
                ..BureauAnswer::default()
            },
            _ => BureauAnswer::default(),
        }
    }

    fn subject(&self, passport: &PassportNumber) -> String {
        // HMAC takes a key of any length: `new_from_slice` cannot fail for it.
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.key).unwrap_or_else(|_| unreachable!("HMAC key"));
        mac.update(passport.as_key().as_bytes());
        to_hex(&mac.finalize().into_bytes())
    }
}

impl CreditBureau for SandboxBureau {
    fn check<'a>(
        &'a self,
        passport: &'a PassportNumber,
        on: NaiveDate,
    ) -> PortFuture<'a, BureauAnswer> {
        Box::pin(async move { Ok(Self::answer(passport, on)) })
    }

    fn report<'a>(&'a self, report: &'a LoanReport) -> PortFuture<'a, ()> {
        Box::pin(async move {
            sqlx::query(
                "INSERT INTO bureau_sandbox_report
                     (loan_id, kind, subject_hmac, amount_kopecks, psk_percent, on_date, reported_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (loan_id, kind) DO NOTHING",
            )
            .bind(&report.loan_id)
            .bind(report.event.code())
            .bind(self.subject(&report.passport))
            .bind(report.amount.kopecks())
            .bind(report.psk_percent.to_string())
            .bind(report.on.to_string())
            .bind(crate::server::store::now_unix())
            .execute(&self.db)
            .await
            .map_err(|e| PortError::Unreachable(e.to_string()))?;
            Ok(())
        })
    }

    fn is_sandbox(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passport(number: &str) -> PassportNumber {
        PassportNumber::parse("5710", number).expect("valid")
    }

    #[test]
    fn the_sandbox_answers_by_the_passport_numbers_ending() {
        let on = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
        assert!(SandboxBureau::answer(&passport("123413"), on).self_ban);
        assert_eq!(
            SandboxBureau::answer(&passport("123421"), on).open_loans_psk,
            vec![dec!(290), dec!(150)]
        );
        assert_eq!(
            SandboxBureau::answer(&passport("123434"), on).short_loans_in_year,
            9
        );
        assert_eq!(
            SandboxBureau::answer(&passport("123455"), on).last_expensive_repaid_on,
            NaiveDate::from_ymd_opt(2026, 11, 14)
        );
        assert_eq!(
            SandboxBureau::answer(&passport("123477"), on).delinquencies,
            3
        );
        assert_eq!(
            SandboxBureau::answer(&passport("123456"), on),
            BureauAnswer::default()
        );
    }
}

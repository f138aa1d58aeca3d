//! The credit bureaus' sandbox: answers by the passport number's ending (the table in
//! `ports::bureau`), and keeps the reports it is sent in `bureau_sandbox_report`.

use chrono::{Days, NaiveDate};
use hmac::{Hmac, Mac};
use rust_decimal_macros::dec;
use sha2::Sha256;

use crate::domain::documents::PassportNumber;
use crate::server::db::Db;
use crate::server::ports::bureau::{BureauAnswer, CreditBureau, LoanReport};
use crate::server::ports::{PortError, PortFuture};
use crate::server::secrets::to_hex;

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

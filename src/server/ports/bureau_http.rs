//! The credit bureaus' adapter for production: the lender's own integration service (the bureaus
//! — НБКИ, ОКБ, Скоринг бюро — need the lender's agreements and its qualified electronic
//! signature, which kabinet does not hold), reached over HTTP with this JSON contract:
//!
//! - `POST {KABINET_BUREAU_URL}/check` with `{"passport": "5710 123456", "on": "2026-12-07"}`
//!   answers `{"self_ban": false, "open_loans_psk": ["290.000"], "short_loans_in_year": 0,
//!   "last_expensive_repaid_on": null, "delinquencies": 0}` (ПСК as decimal strings, dates as
//!   `YYYY-MM-DD`, every field required);
//! - `POST {KABINET_BUREAU_URL}/report` with `{"loan_id", "event": "issued" | "repaid",
//!   "passport", "amount": "5000.00", "psk_percent": "292.000", "on"}` answers any 2xx; the same
//!   loan and event again must change nothing.
//!
//! Both carry `Authorization: Bearer {KABINET_BUREAU_TOKEN}`. A 4xx is a refusal; no answer in
//! 15 s, or a 5xx, is "unreachable", and the application waits for the reconciler.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;

use super::PortFuture;
use super::bureau::{BureauAnswer, CreditBureau, LoanReport};
use super::json_http::JsonService;
use crate::domain::documents::PassportNumber;
use crate::server::config::BureauService;

pub struct HttpBureau {
    service: JsonService,
}

/// The `/check` answer as the contract writes it.
#[derive(Deserialize)]
struct Answer {
    self_ban: bool,
    open_loans_psk: Vec<Decimal>,
    short_loans_in_year: u32,
    last_expensive_repaid_on: Option<NaiveDate>,
    delinquencies: u32,
}

fn passport_text(passport: &PassportNumber) -> String {
    let (series, number) = passport.parts();
    format!("{series} {number}")
}

impl HttpBureau {
    pub fn new(service: &BureauService) -> anyhow::Result<HttpBureau> {
        Ok(HttpBureau {
            service: JsonService::new(&service.url, &service.token)?,
        })
    }
}

impl CreditBureau for HttpBureau {
    fn check<'a>(
        &'a self,
        passport: &'a PassportNumber,
        on: NaiveDate,
    ) -> PortFuture<'a, BureauAnswer> {
        Box::pin(async move {
            let body = serde_json::json!({ "passport": passport_text(passport), "on": on });
            let answer: Answer = self.service.call("/check", body).await?;
            Ok(BureauAnswer {
                self_ban: answer.self_ban,
                open_loans_psk: answer.open_loans_psk,
                short_loans_in_year: answer.short_loans_in_year,
                last_expensive_repaid_on: answer.last_expensive_repaid_on,
                delinquencies: answer.delinquencies,
            })
        })
    }

    fn report<'a>(&'a self, report: &'a LoanReport) -> PortFuture<'a, ()> {
        Box::pin(async move {
            let body = serde_json::json!({
                "loan_id": report.loan_id,
                "event": report.event.code(),
                "passport": passport_text(&report.passport),
                "amount": report.amount.as_decimal().round_dp(2).to_string(),
                "psk_percent": report.psk_percent.to_string(),
                "on": report.on,
            });
            self.service.post("/report", body).await.map(|_| ())
        })
    }

    fn is_sandbox(&self) -> bool {
        false
    }
}

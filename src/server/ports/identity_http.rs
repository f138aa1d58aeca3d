//! Biometric identification for production: the lender's own integration service with the
//! Единая биометрическая система (which needs the lender's accreditation and crypto), reached
//! over HTTP with this JSON contract:
//!
//! - `POST {KABINET_IDENTITY_URL}/start` with `{"request_id", "return_to"}` answers
//!   `{"redirect": "https://…"}`, the page to send the browser to; the service sends it back to
//!   `return_to?request=…&code=…`;
//! - `POST {KABINET_IDENTITY_URL}/finish` with `{"request_id", "code"}` answers the person
//!   identified, `{"surname", "first_name", "birth_date": "YYYY-MM-DD"}`, once; a 4xx means
//!   nobody was identified.
//!
//! Both carry `Authorization: Bearer {KABINET_IDENTITY_TOKEN}` (`json_http`).

use chrono::NaiveDate;
use serde::Deserialize;

use super::PortFuture;
use super::identity::{Identified, IdentityProvider};
use super::json_http::JsonService;
use crate::server::config::IdentityService;

pub struct HttpIdentity {
    service: JsonService,
}

#[derive(Deserialize)]
struct Started {
    redirect: String,
}

#[derive(Deserialize)]
struct Person {
    surname: String,
    first_name: String,
    birth_date: NaiveDate,
}

impl HttpIdentity {
    pub fn new(service: &IdentityService) -> anyhow::Result<HttpIdentity> {
        Ok(HttpIdentity {
            service: JsonService::new(&service.url, &service.token)?,
        })
    }
}

impl IdentityProvider for HttpIdentity {
    fn start<'a>(&'a self, request_id: &'a str, return_to: &'a str) -> PortFuture<'a, String> {
        Box::pin(async move {
            let body = serde_json::json!({ "request_id": request_id, "return_to": return_to });
            let started: Started = self.service.call("/start", body).await?;
            Ok(started.redirect)
        })
    }

    fn finish<'a>(&'a self, request_id: &'a str, code: &'a str) -> PortFuture<'a, Identified> {
        Box::pin(async move {
            let body = serde_json::json!({ "request_id": request_id, "code": code });
            let person: Person = self.service.call("/finish", body).await?;
            Ok(Identified {
                surname: person.surname,
                first_name: person.first_name,
                birth_date: person.birth_date,
            })
        })
    }

    fn is_sandbox(&self) -> bool {
        false
    }
}

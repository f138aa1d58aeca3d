//! The payment gateway (PRODUCT.md §6): the `PaymentGateway` port, and the signed events it
//! sends back to kabinet. Card binding goes through the gateway's hosted page: kabinet starts a
//! binding and sends the browser to the page the gateway names; the card number is typed there
//! and never reaches kabinet; the gateway reports the outcome in an event signed with
//! HMAC-SHA256 (`sign` / `verify`), which kabinet accepts once. A payment by another card goes
//! the same way: the hosted page takes the card and charges it, and a signed `ChargeEvent`
//! reports it.

use chrono::NaiveDate;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::PortFuture;
use crate::server::secrets::{from_hex, to_hex};

/// Where a payout goes (a domain value; named here too, where the port takes it).
pub use crate::domain::payout::Destination;

/// The header a gateway event's signature travels in (hex of HMAC-SHA256 over the body).
pub const SIGNATURE_HEADER: &str = "x-gateway-signature";

/// How a card binding ended at the gateway.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum BindingOutcome {
    /// The card passed the verification charge (refunded at once).
    Bound {
        token: String,
        masked: String,
        holder: String,
        bank: String,
        expires: NaiveDate,
    },
    Declined,
    InsufficientFunds,
    /// 3-D Secure was not passed.
    NotAuthenticated,
}

/// One event from the gateway; `event_id` makes a replay harmless.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatewayEvent {
    pub event_id: String,
    pub binding_id: String,
    #[serde(flatten)]
    pub outcome: BindingOutcome,
}

/// A card the borrower asked to save while paying on the hosted page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedCard {
    pub token: String,
    pub masked: String,
    pub holder: String,
    pub bank: String,
    pub expires: NaiveDate,
}

/// How a payment on the hosted page ended at the gateway.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ChargeOutcome {
    /// The money was taken: `reference` is the charge's; `card` when the borrower saved it.
    Charged {
        reference: String,
        card: Option<SavedCard>,
    },
    Declined,
    InsufficientFunds,
    NotAuthenticated,
}

/// The gateway's report of a hosted-page payment (`payment_id` is kabinet's payment).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargeEvent {
    pub event_id: String,
    pub payment_id: String,
    pub amount_kopecks: i64,
    #[serde(flatten)]
    pub outcome: ChargeOutcome,
}

/// Any event the gateway sends: a payment's (it names `payment_id`) or a binding's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Incoming {
    Charge(ChargeEvent),
    Binding(GatewayEvent),
}

/// The gateway's answer to a payout: its own reference for the transfer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayoutReceipt {
    pub reference: String,
}

pub trait PaymentGateway: Send + Sync {
    /// Sends `amount_kopecks` to `destination`. The gateway pays at most once per
    /// `idempotency_key`: asked again with the same key (a retry, a race, a reconciliation after
    /// a crash) it answers with the first payout's receipt and moves no more money.
    fn payout<'a>(
        &'a self,
        idempotency_key: &'a str,
        destination: &'a Destination,
        amount_kopecks: i64,
    ) -> PortFuture<'a, PayoutReceipt>;
    /// Charges `amount_kopecks` to the bound card `card_token` (a repayment the borrower
    /// confirmed). At most once per `idempotency_key`: asked again with it, the gateway answers
    /// the first charge's receipt (its reference is the charge's, for a refund) and takes no more
    /// money; the same key with another card or amount is refused.
    fn charge<'a>(
        &'a self,
        idempotency_key: &'a str,
        card_token: &'a str,
        amount_kopecks: i64,
    ) -> PortFuture<'a, PayoutReceipt>;
    /// Opens the hosted card page for `binding_id`; returns where to send the browser. When the
    /// borrower is done there, the gateway sends them to `return_to` (a path of kabinet's).
    fn start_binding<'a>(
        &'a self,
        binding_id: &'a str,
        return_to: &'a str,
    ) -> PortFuture<'a, String>;
    /// Opens the hosted page to pay `amount_kopecks` for kabinet's payment `payment_id` by a
    /// card typed there (saved for later when `save_card`); returns where to send the browser.
    /// The gateway charges at most once per payment (its key `payment:<payment_id>`), reports
    /// the outcome in a signed `ChargeEvent`, and sends the borrower back to `return_to`.
    fn start_payment<'a>(
        &'a self,
        payment_id: &'a str,
        amount_kopecks: i64,
        return_to: &'a str,
        save_card: bool,
    ) -> PortFuture<'a, String>;
    /// The charge made under `idempotency_key`, if any: how kabinet learns of a hosted-page
    /// payment whose event has not come (the borrower came back first, or the event was lost).
    fn find_charge<'a>(&'a self, idempotency_key: &'a str)
    -> PortFuture<'a, Option<PayoutReceipt>>;
    /// Returns `amount_kopecks` of the charge `charge_reference` to the card it came from (an
    /// overpayment, a refused add-on). At most once per `idempotency_key`, and never more than
    /// was charged.
    fn refund<'a>(
        &'a self,
        idempotency_key: &'a str,
        charge_reference: &'a str,
        amount_kopecks: i64,
    ) -> PortFuture<'a, PayoutReceipt>;
    fn is_sandbox(&self) -> bool;
}

fn mac(key: &[u8]) -> Hmac<Sha256> {
    // HMAC takes a key of any length: `new_from_slice` cannot fail for it.
    Hmac::<Sha256>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC key"))
}

/// The signature of an event body.
pub fn sign(key: &[u8], body: &[u8]) -> String {
    let mut mac = mac(key);
    mac.update(body);
    to_hex(&mac.finalize().into_bytes())
}

/// Whether `signature` is the body's, compared in constant time.
pub fn verify(key: &[u8], body: &[u8], signature: &str) -> bool {
    let Some(expected) = from_hex(signature.trim()) else {
        return false;
    };
    let mut mac = mac(key);
    mac.update(body);
    mac.verify_slice(&expected).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_verifies_only_with_its_own_body_and_key() {
        let body = br#"{"event_id":"e1","binding_id":"b1","outcome":"declined"}"#;
        let signature = sign(b"key", body);
        assert!(verify(b"key", body, &signature));
        assert!(!verify(b"other key", body, &signature));
        assert!(!verify(
            b"key",
            br#"{"event_id":"e1","binding_id":"b2","outcome":"declined"}"#,
            &signature
        ));
        assert!(!verify(b"key", body, "not hex"));
        let event: GatewayEvent = serde_json::from_slice(body).expect("json");
        assert_eq!(event.outcome, BindingOutcome::Declined);
    }
}

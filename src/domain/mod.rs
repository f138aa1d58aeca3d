//! The rules of money and identity, shared by the browser and the server.
//! Pure Rust: no IO, no async, no Leptos, no sqlx; compiles for wasm32 and native alike.

pub mod addons;
pub mod application;
pub mod bank_account;
pub mod card;
pub mod collection;
pub mod documents;
pub mod eligibility;
pub mod email;
pub mod lang;
pub mod law;
pub mod ledger;
pub mod loan;
pub mod loyalty;
pub mod money;
pub mod password;
pub mod payout;
pub mod person;
pub mod phone;
pub mod problem;
pub mod product;
pub mod psk;
pub mod questionnaire;
pub mod quote;
pub mod recovery;
pub mod scoring;
pub mod signup;
pub mod upload;

/// `TryFrom<String>` through the type's `parse`, and back to `String`: how serde reads and writes
/// a value that is text on the wire but may only exist when valid.
macro_rules! text_conversions {
    ($type:ident) => {
        impl TryFrom<String> for $type {
            type Error = super::problem::Problem;
            fn try_from(text: String) -> Result<Self, Self::Error> {
                $type::parse(&text)
            }
        }

        impl From<$type> for String {
            fn from(value: $type) -> String {
                value.0
            }
        }
    };
}
use text_conversions;

//! The rules of money and identity, shared by the browser and the server.
//! Pure Rust: no IO, no async, no Leptos, no sqlx; compiles for wasm32 and native alike.

pub mod addons;
pub mod application;
pub mod bank_account;
pub mod card;
pub mod collection;
pub mod disclosure;
pub mod documents;
pub mod eligibility;
pub mod email;
pub mod holder;
pub mod lang;
pub mod law;
pub mod ledger;
pub mod loan;
pub mod local_path;
pub mod loyalty;
pub mod money;
pub mod password;
pub mod payment;
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

/// An enum that is stored and sent by its code: `code()`, its one inverse `parse()`, `ALL`, and
/// serde through the code. Each variant names its code once.
macro_rules! coded {
    ($(#[$meta:meta])* pub enum $name:ident {
        $($(#[$vmeta:meta])* $variant:ident = $code:literal,)*
    }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant,)*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)*
                }
            }

            pub fn parse(code: &str) -> Option<$name> {
                match code {
                    $($code => Some($name::$variant),)*
                    _ => None,
                }
            }
        }
    };
}
pub(crate) use coded;

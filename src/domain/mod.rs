//! The rules of money and identity, shared by the browser and the server.
//! Pure Rust: no IO, no async, no Leptos, no sqlx; compiles for wasm32 and native alike.

pub mod eligibility;
pub mod email;
pub mod lang;
pub mod law;
pub mod loan;
pub mod money;
pub mod password;
pub mod person;
pub mod phone;
pub mod problem;
pub mod product;
pub mod psk;
pub mod quote;

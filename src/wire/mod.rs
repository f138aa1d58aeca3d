//! What travels between the browser and the server: the one error with its field messages, and
//! the views the screens read. Both targets compile it; `api` and `server` both use it.

pub mod account;
pub mod application;
pub mod disclosure;
pub mod error;
pub mod loans;
pub mod quick;
pub mod quote;

/// What the server tells every page it renders about itself (given as context by the
/// composition root): whether SMS and emails go to the sandbox outbox, which pages must say.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Site {
    pub messages_sandbox: bool,
}

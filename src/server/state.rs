//! The state every handler and server function shares.
//! Cheap to clone: everything inside is behind an `Arc` or a pool.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use super::auth::passwords::Hasher;
use super::auth::sessions::Lifetime;
use super::config::Config;
use super::db::Db;
use super::ports::messages::Messenger;
use super::secrets::Secrets;
use super::store::rulebook::Rulebook;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub config: Arc<Config>,
    pub db: Db,
    /// Loaded at start; the back office will reload it when an administrator edits a row.
    pub rulebook: Arc<Rulebook>,
    pub secrets: Arc<Secrets>,
    /// SMS and email: the sandbox outbox until a real adapter is configured.
    pub messenger: Arc<dyn Messenger>,
    /// Credit bureaus: the sandbox until a real adapter is configured.
    pub bureau: Arc<dyn super::ports::bureau::CreditBureau>,
    /// The payment gateway: the sandbox with its hosted page until a real one is configured.
    pub gateway: Arc<dyn super::ports::gateway::PaymentGateway>,
    /// Biometric identification (МФК only): the sandbox consent page until a real one is set.
    pub identity: Arc<dyn super::ports::identity::IdentityProvider>,
    pub hasher: Hasher,
    /// Decodes and re-encodes uploaded pictures, a few at a time.
    pub pictures: super::pool::Pool,
    /// Seals personal data (passport, SNILS, INN) before it is stored.
    pub vault: super::vault::Vault,
    pub session_lifetime: Lifetime,
}

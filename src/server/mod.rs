//! Everything that runs only on the server: configuration, database, services, HTTP.
//! Compiled with the `ssr` feature only; the browser never sees this module.

pub mod auth;
pub mod config;
pub mod db;
pub mod error;
pub mod http;
pub mod ports;
pub mod router;
pub mod secrets;
pub mod services;
pub mod state;
pub mod store;

use std::sync::Arc;

use leptos::config::LeptosOptions;

use config::Config;
use state::AppState;

/// Loads the secrets, opens and migrates the database, writes the shipped rulebook where
/// missing, and loads it.
pub async fn prepare(config: Config, leptos_options: LeptosOptions) -> anyhow::Result<AppState> {
    let secrets = secrets::Secrets::load(&config)?;
    let db = db::connect(&config.database_url).await?;
    store::rulebook::seed_shipped(&db).await?;
    let rulebook = store::rulebook::load(&db).await?;
    Ok(AppState {
        leptos_options,
        config: Arc::new(config),
        db: db.clone(),
        rulebook: Arc::new(rulebook),
        secrets: Arc::new(secrets),
        messenger: Arc::new(ports::messages::Outbox::new(db.clone())),
        // Two argon2 workers (one a core here) and a short queue; beyond it, "busy" at once.
        hasher: auth::passwords::Hasher::new(2, 16),
        session_lifetime: auth::sessions::Lifetime::default(),
    })
}

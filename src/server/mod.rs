//! Everything that runs only on the server: configuration, database, services, HTTP.
//! Compiled with the `ssr` feature only; the browser never sees this module.

pub mod auth;
pub mod config;
pub mod db;
pub mod error;
pub mod http;
pub mod images;
pub mod paper;
pub mod ports;
pub mod router;
pub mod secrets;
pub mod services;
pub mod state;
pub mod store;
pub mod terms;
pub mod vault;

use std::sync::Arc;

use leptos::config::LeptosOptions;

use config::Config;
use state::AppState;

/// Loads the secrets, opens and migrates the database, writes the shipped rulebook where
/// missing, and loads it.
pub async fn prepare(config: Config, leptos_options: LeptosOptions) -> anyhow::Result<AppState> {
    let secrets = secrets::Secrets::load(&config)?;
    let vault = vault::Vault::new(&secrets.key("personal-data"));
    let db = db::connect(&config.database_url, config.db_connections).await?;
    let bureau = Arc::new(ports::bureau::SandboxBureau::new(
        db.clone(),
        secrets.key("bureau-subject"),
    ));
    store::rulebook::seed_shipped(&db).await?;
    let rulebook = store::rulebook::load(&db).await?;
    Ok(AppState {
        leptos_options,
        db: db.clone(),
        rulebook: Arc::new(rulebook),
        secrets: Arc::new(secrets),
        messenger: messenger(&config, &db)?,
        vault,
        bureau,
        gateway: Arc::new(http::sandbox_pay::SandboxGateway::new(db.clone())),
        identity: Arc::new(http::sandbox_identity::SandboxIdentity::new(db.clone())),
        // A few argon2 workers and a short queue; beyond it, "busy" at once.
        hasher: auth::passwords::Hasher::new(config.hash_workers, config.hash_queue),
        session_lifetime: auth::sessions::Lifetime {
            idle: config.session_idle,
            absolute: config.session_absolute,
        },
        config: Arc::new(config),
    })
}

/// The SMS and email adapters that are configured; the sandbox outbox for the others.
fn messenger(config: &Config, db: &db::Db) -> anyhow::Result<Arc<dyn ports::messages::Messenger>> {
    use ports::messages::{Channels, Messenger, Outbox};
    let outbox: Arc<dyn Messenger> = Arc::new(Outbox::new(db.clone()));
    let sms: Arc<dyn Messenger> = match &config.sms {
        Some(provider) => Arc::new(ports::sms_http::HttpSms::new(provider.clone())?),
        None => outbox.clone(),
    };
    let email: Arc<dyn Messenger> = match &config.smtp {
        Some(smtp) => Arc::new(ports::smtp::Smtp::new(&smtp.url, &smtp.from)?),
        None => outbox,
    };
    if config.env == config::Env::Production && (sms.is_sandbox() || email.is_sandbox()) {
        tracing::warn!(
            "SMS or email goes to the sandbox outbox: set KABINET_SMS_URL and KABINET_SMTP_URL"
        );
    }
    Ok(Arc::new(Channels { sms, email }))
}

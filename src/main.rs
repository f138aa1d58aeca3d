//! The server's entry: configuration → database → router → serve, until SIGTERM or Ctrl-C.
//! The state and the router come from `kabinet::startup`; this file only wires and starts.

use anyhow::Context;
use kabinet::server::config::Config;
use kabinet::server::http::serve;
use kabinet::server::jobs;
use kabinet::startup::{prepare, router};
use leptos::config::get_configuration;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::from_env()?;
    if std::env::args().nth(1).as_deref() == Some("rotate-key") {
        return rotate_key(config).await;
    }
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    if config.log_json {
        logs.json().init()
    } else {
        logs.init()
    }

    let leptos_options = get_configuration(None)
        .context("leptos configuration")?
        .leptos_options;
    let addr = config.addr;
    let env = config.env;
    let state = prepare(config, leptos_options).await?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    tracing::info!(%addr, ?env, "kabinet is serving");
    // The reconciler (payouts, undecided applications, payments in flight) and the reminders.
    jobs::spawn(state.clone(), jobs::Schedule::default());
    let header_timeout = std::time::Duration::from_secs(state.config.header_timeout.unsigned_abs());
    serve::serve(listener, router(state), header_timeout, shutdown_signal()).await;
    tracing::info!("kabinet stopped");
    Ok(())
}

/// `kabinet rotate-key`: re-seals the personal data under `KABINET_SECRET_KEY`, opening what
/// the keys in `KABINET_PREVIOUS_SECRET_KEYS` sealed (`server::services::keys`).
async fn rotate_key(config: Config) -> anyhow::Result<()> {
    use kabinet::server::{db, secrets::Secrets, services::keys, vault};
    let secrets = Secrets::load(&config)?;
    let vault = vault::Vault::with_previous(
        &secrets.key(vault::PURPOSE),
        &secrets.previous_keys(vault::PURPOSE),
    );
    let db = db::connect(&config.database_url, config.db_connections).await?;
    let done = keys::rotate(&db, &vault).await?;
    println!(
        "re-sealed {} questionnaires and {} selfies under the current key; {} were current already",
        done.questionnaires, done.selfies, done.current
    );
    Ok(())
}

/// Resolves on SIGTERM (how a service manager stops us) or Ctrl-C; requests in flight finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutting down");
}

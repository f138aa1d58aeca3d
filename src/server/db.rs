//! The database pool: SQLite (a file under `data/`) or PostgreSQL, chosen by `DATABASE_URL`.
//! One copy of each query through sqlx's Any driver; migrations run on every start.

use std::str::FromStr;

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};

pub type Db = AnyPool;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of(url: &str) -> anyhow::Result<Backend> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            anyhow::bail!("DATABASE_URL must start with sqlite:// or postgres://")
        }
    }
}

/// Opens the pool (`connections`, or the backend's default) and brings the schema up to date.
pub async fn connect(url: &str, connections: Option<u32>) -> anyhow::Result<Db> {
    install_default_drivers();
    let backend = Backend::of(url)?;
    let url = match backend {
        Backend::Sqlite => prepare_sqlite_file(url)?,
        Backend::Postgres => url.to_owned(),
    };
    let options = AnyConnectOptions::from_str(&url).context("DATABASE_URL is not a valid URL")?;
    let pool = AnyPoolOptions::new()
        .max_connections(connections.unwrap_or(match backend {
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        }))
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // WAL lets readers run beside the one writer; a busy writer is waited for.
                    conn.execute("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
                        .await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .with_context(|| format!("cannot open the {backend:?} database"))?;
    sqlx::migrate!("./migrations")
        .run(&pool)
        .await
        .context("database migrations failed")?;
    Ok(pool)
}

/// Creates the folder of an SQLite file and asks SQLite to create the file when missing.
fn prepare_sqlite_file(url: &str) -> anyhow::Result<String> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path.contains(":memory:") {
        return Ok(url.to_owned());
    }
    if let Some(dir) = std::path::Path::new(path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    Ok(if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    })
}

/// Begins a transaction that writes. On SQLite it takes the write lock at once (`BEGIN
/// IMMEDIATE`): a deferred transaction that reads and then writes fails with "database is
/// locked" whenever another connection wrote since its read, without waiting; an immediate one
/// waits its turn (`busy_timeout`). On PostgreSQL it is a plain `BEGIN`.
pub async fn begin_write(db: &Db) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
    if db.connect_options().database_url.scheme() == "sqlite" {
        db.begin_with("BEGIN IMMEDIATE").await
    } else {
        db.begin().await
    }
}

/// Whether the database answers: what `/readyz` reports.
pub async fn is_ready(db: &Db) -> bool {
    sqlx::query("SELECT 1").execute(db).await.is_ok()
}

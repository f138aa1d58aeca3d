//! A fresh kabinet for each test: the real router over a new, empty database.
//! The backend comes from KABINET_TEST_BACKEND (sqlite, the default, or postgres, with
//! KABINET_TEST_POSTGRES_URL naming a server where the test may create databases).

#![allow(dead_code)] // helpers kept for the tests that a later change adds

pub mod borrower;
pub mod journey;
pub mod process;

use axum::Router;
use axum::body::Body;
use http::{Request, Response, StatusCode};
use http_body_util::BodyExt;
use kabinet::server::config::Config;
use kabinet::server::state::AppState;
use sqlx::{Connection, Executor};
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    /// The database, for a second instance beside this one (`beside`).
    pub database_url: String,
    pub settings: Vec<(String, String)>,
    _dir: Option<std::sync::Arc<tempfile::TempDir>>,
}

/// A database URL of the backend under test, for a database nobody else uses.
pub async fn fresh_database() -> (String, Option<tempfile::TempDir>) {
    match std::env::var("KABINET_TEST_BACKEND").as_deref() {
        Ok("postgres") => {
            let admin = std::env::var("KABINET_TEST_POSTGRES_URL")
                .expect("KABINET_TEST_POSTGRES_URL must name a PostgreSQL server for the tests");
            sqlx::any::install_default_drivers();
            let name = format!("kabinet_test_{:016x}", rand_u64());
            let mut conn = sqlx::AnyConnection::connect(&admin)
                .await
                .expect("PostgreSQL answers");
            conn.execute(format!("CREATE DATABASE {name}").as_str())
                .await
                .expect("create database");
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
            (format!("{base}/{name}"), None)
        }
        Ok("sqlite") | Err(_) => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}/kabinet.db", dir.path().display());
            (url, Some(dir))
        }
        Ok(other) => panic!("unknown KABINET_TEST_BACKEND {other}"),
    }
}

fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::time::SystemTime::now())
}

/// The configuration of a test app: a fresh database, a fixed key, and `settings` on top.
pub fn test_config(database_url: String, settings: &[(&str, &str)]) -> Config {
    Config::from_lookup(|key| {
        let set = settings.iter().find(|(k, _)| *k == key);
        match (key, set) {
            ("DATABASE_URL", _) => Some(database_url.clone()),
            (_, Some((_, value))) => Some(value.to_string()),
            ("KABINET_SECRET_KEY", None) => Some("5e".repeat(32)),
            _ => None,
        }
    })
    .expect("test config")
}

pub async fn spawn() -> TestApp {
    spawn_with(&[]).await
}

/// A test app with some settings of its own, e.g. `[("KABINET_ENV", "production")]`.
pub async fn spawn_with(settings: &[(&str, &str)]) -> TestApp {
    let (url, dir) = fresh_database().await;
    start(url, settings, dir.map(std::sync::Arc::new)).await
}

async fn start(
    url: String,
    settings: &[(&str, &str)],
    dir: Option<std::sync::Arc<tempfile::TempDir>>,
) -> TestApp {
    let mut options = leptos::config::get_configuration(Some("Cargo.toml"))
        .expect("leptos options")
        .leptos_options;
    options.hash_files = false;
    let state = kabinet::startup::prepare(test_config(url.clone(), settings), options)
        .await
        .expect("app starts");
    TestApp {
        router: kabinet::startup::router(state.clone()),
        state,
        database_url: url,
        settings: settings
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        _dir: dir,
    }
}

#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: http::HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

impl TestApp {
    /// A second server instance on the same database, as behind a load balancer.
    pub async fn beside(&self) -> TestApp {
        self.beside_with(&[]).await
    }

    /// A second instance on the same database with `extra` settings on top of this one's.
    pub async fn beside_with(&self, extra: &[(&str, &str)]) -> TestApp {
        // The first of a key wins (`test_config`), so `extra` goes first.
        let settings: Vec<(&str, &str)> = extra
            .iter()
            .copied()
            .chain(self.settings.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .collect();
        start(self.database_url.clone(), &settings, self._dir.clone()).await
    }

    pub async fn call(&self, request: Request<Body>) -> Answer {
        let response: Response<Body> = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        Answer {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, uri: &str) -> Answer {
        self.call(Request::get(uri).body(Body::empty()).expect("request"))
            .await
    }

    /// A form POST as curl sends it: no Origin, no Sec-Fetch-Site.
    pub async fn post_form(&self, uri: &str, form: &str) -> Answer {
        self.call(
            Request::post(uri)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(form.to_owned()))
                .expect("request"),
        )
        .await
    }

    /// A form POST as a browser sends it from `origin` to host 127.0.0.1:3000.
    pub async fn post_form_from(&self, origin: &str, uri: &str, form: &str) -> Answer {
        self.call(
            Request::post(uri)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("host", "127.0.0.1:3000")
                .header("origin", origin)
                .body(Body::from(form.to_owned()))
                .expect("request"),
        )
        .await
    }
}

/// A GET with the session cookie, answering the body's bytes (an image, a PDF).
pub async fn get_bytes(app: &TestApp, uri: &str, cookie: &str) -> Vec<u8> {
    let response: Response<Body> = app
        .router
        .clone()
        .oneshot(
            Request::get(uri)
                .header("cookie", cookie)
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("router answers");
    assert_eq!(response.status(), StatusCode::OK, "{uri}");
    response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec()
}

pub fn assert_status(answer: &Answer, status: StatusCode) {
    assert_eq!(answer.status, status, "body: {}", answer.body);
}

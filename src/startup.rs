//! The composition root: builds the state (choosing each port's adapter from the configuration),
//! the router with every page, endpoint and middleware, and starts the background jobs. The only
//! module that names both the server and the app; tests build the very same router.
//! Server functions register themselves (leptos' `inventory`), so none is listed here.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list, handle_server_fns_with_context};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::app::{App, shell};
use crate::server::config::Config;
use crate::server::http::documents::Doc;
use crate::server::http::{documents, gateway, health, identity, lang, security, selfie, serve};
use crate::server::sandbox::{self, outbox, pay_page};
use crate::server::state::AppState;
use crate::server::{auth, db, ports, secrets, store, vault};

async fn server_fns(State(state): State<AppState>, request: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(move || provide_context(state.clone()), request).await
}

/// The app's routes, listed once per process. Listing them renders the app with resource
/// loading suppressed by a process-wide flag, so a page rendering meanwhile (another router's
/// request: tests build many) could wait forever on a resource that never loads
/// (leptos-rs/leptos#4773). Listed once, before any router exists, nothing renders alongside.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn router(state: AppState) -> Router {
    let options = state.leptos_options.clone();
    let routes = route_list();
    let pkg_dir = format!("{}/{}", options.site_root, options.site_pkg_dir);
    // File names under /pkg carry a content hash, so browsers may keep them for a year.
    let pkg = tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ))
        .service(
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        );
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/lang/{code}", get(lang::switch))
        .merge(sandbox_routes(&state))
        .route("/apply/identity", get(identity::back))
        .route("/api/gateway/events", post(gateway::events))
        .route(
            "/documents/terms/{application}",
            documents::route(Doc::Terms, false),
        )
        .route(
            "/documents/terms/{application}/pdf",
            documents::route(Doc::Terms, true),
        )
        .route(
            "/documents/agreements/{payment}",
            documents::route(Doc::Agreement, false),
        )
        .route(
            "/documents/agreements/{payment}/pdf",
            documents::route(Doc::Agreement, true),
        )
        .route(
            "/documents/receipts/{payment}",
            documents::route(Doc::Receipt, false),
        )
        .route(
            "/documents/receipts/{payment}/pdf",
            documents::route(Doc::Receipt, true),
        )
        .route(
            "/documents/loans/{loan}/qr.png",
            documents::route(Doc::TransferQr, false),
        )
        .route(
            "/apply/selfie",
            post(selfie::upload).layer(DefaultBodyLimit::max(selfie::BODY_LIMIT)),
        )
        .route("/api/{*name}", get(server_fns).post(server_fns))
        .leptos_routes_with_context(
            &state,
            routes,
            {
                let state = state.clone();
                let site = crate::wire::Site {
                    messages_sandbox: state.messenger.is_sandbox(),
                };
                move || {
                    provide_context(state.clone());
                    provide_context(site);
                }
            },
            move || shell(options.clone()),
        )
        .nest_service("/pkg", pkg)
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        // Innermost of the guards, so its refusals carry the security headers too.
        .layer(middleware::from_fn_with_state(state.clone(), serve::limits))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::origin_check,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::headers,
        ))
        // Each request's span names its method and path only: a query string can carry a
        // link's token or a borrower's phone, and the log keeps neither (issue 16, item 13).
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
                tracing::info_span!(
                    "request",
                    method = %request.method(),
                    path = request.uri().path()
                )
            }),
        )
        .with_state(state)
}

/// The pages of the sandboxes in use, and only of those: production, which never runs one,
/// routes none of them (`/sandbox/*`, `/dev/outbox` answer 404 there).
fn sandbox_routes(state: &AppState) -> Router<AppState> {
    let mut routes = Router::new();
    if state.messenger.is_sandbox() {
        routes = routes.route("/dev/outbox", get(outbox::page));
    }
    if state.gateway.is_sandbox() {
        routes = routes
            .route("/sandbox/pay", get(pay_page::show).post(pay_page::submit))
            .route("/sandbox/pay/3ds", post(pay_page::three_ds));
    }
    if state.identity.is_sandbox() {
        routes = routes.route(
            "/sandbox/identity",
            get(sandbox::identity::show).post(sandbox::identity::answer),
        );
    }
    routes
}

/// Loads the secrets, opens and migrates the database, writes the shipped rulebook where
/// missing, and loads it.
pub async fn prepare(config: Config, leptos_options: LeptosOptions) -> anyhow::Result<AppState> {
    let gaps = config.production_gaps();
    if !gaps.is_empty() {
        anyhow::bail!(
            "production does not start on a sandbox; missing:\n  - {}",
            gaps.join("\n  - ")
        );
    }
    let secrets = secrets::Secrets::load(&config)?;
    let vault = vault::Vault::with_previous(
        &secrets.key(vault::PURPOSE),
        &secrets.previous_keys(vault::PURPOSE),
    );
    let db = db::connect(&config.database_url, config.db_connections).await?;
    let bureau: Arc<dyn ports::bureau::CreditBureau> = match &config.bureau {
        Some(service) => Arc::new(ports::bureau_http::HttpBureau::new(service)?),
        None => Arc::new(sandbox::bureau::SandboxBureau::new(
            db.clone(),
            secrets.key("bureau-subject"),
        )),
    };
    store::rulebook::seed_shipped(&db).await?;
    store::disclosures::seed_models(&db).await?;
    let rulebook = store::rulebook::load(&db).await?;
    Ok(AppState {
        leptos_options,
        db: db.clone(),
        rulebook: Arc::new(rulebook),
        secrets: Arc::new(secrets),
        messenger: messenger(&config, &db)?,
        vault,
        bureau,
        gateway: Arc::new(sandbox::gateway::SandboxGateway::new(db.clone())),
        identity: match &config.identity {
            Some(service) => Arc::new(ports::identity_http::HttpIdentity::new(service)?),
            None => Arc::new(sandbox::identity::SandboxIdentity::new(db.clone())),
        },
        // A few argon2 workers and a short queue; beyond it, "busy" at once.
        hasher: auth::passwords::Hasher::new(config.hash_workers, config.hash_queue),
        // One decode at a time (each may take 160 MB and a core), three more waiting.
        pictures: crate::server::pool::Pool::new(1, 3),
        session_lifetime: auth::sessions::Lifetime {
            idle: config.session_idle,
            absolute: config.session_absolute,
        },
        config: Arc::new(config),
    })
}

/// The SMS and email adapters that are configured; the sandbox outbox for the others.
fn messenger(config: &Config, db: &db::Db) -> anyhow::Result<Arc<dyn ports::messages::Messenger>> {
    use ports::messages::{Channels, Messenger};
    use sandbox::outbox::Outbox;
    let outbox: Arc<dyn Messenger> = Arc::new(Outbox::new(db.clone()));
    let sms: Arc<dyn Messenger> = match &config.sms {
        Some(provider) => Arc::new(ports::sms_http::HttpSms::new(provider.clone())?),
        None => outbox.clone(),
    };
    let email: Arc<dyn Messenger> = match &config.smtp {
        Some(smtp) => Arc::new(ports::smtp::Smtp::new(&smtp.url, &smtp.from)?),
        None => outbox,
    };
    Ok(Arc::new(Channels { sms, email }))
}

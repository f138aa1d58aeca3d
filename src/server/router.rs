//! The router: pages, server functions, static files, health, and the middleware around them.
//! Tests build the very same router (`router(state)`) and call it without a socket.

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list, handle_server_fns_with_context};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use super::http::documents::Doc;
use super::http::{
    documents, gateway, health, identity, lang, outbox, sandbox_identity, sandbox_pay, security,
    selfie,
};
use super::state::AppState;
use crate::app::{App, shell};

/// Registers every server function by name, so no linker can drop one (tests link the crate
/// as a library, where `inventory`'s automatic registration is not guaranteed).
fn register_server_fns() {
    use leptos::server_fn::axum::register_explicit;
    register_explicit::<crate::api::quote::PriceLoan>();
    register_explicit::<crate::api::quote::GetCalculatorTerms>();
    register_explicit::<crate::api::quote::GetMyCalculator>();
    register_explicit::<crate::api::account::SignUpStart>();
    register_explicit::<crate::api::account::SignUpConfirm>();
    register_explicit::<crate::api::account::LogIn>();
    register_explicit::<crate::api::account::LogOut>();
    register_explicit::<crate::api::account::WhoAmI>();
    register_explicit::<crate::api::account::LogOutEverywhere>();
    register_explicit::<crate::api::account::GetProfile>();
    register_explicit::<crate::api::account::RevokeSession>();
    register_explicit::<crate::api::account::ResendEmailLink>();
    register_explicit::<crate::api::account::ConfirmEmail>();
    register_explicit::<crate::api::account::ResetStart>();
    register_explicit::<crate::api::account::ResetByCode>();
    register_explicit::<crate::api::account::ResetLinkWorks>();
    register_explicit::<crate::api::account::ResetByLink>();
    register_explicit::<crate::api::account::PhoneChangeStart>();
    register_explicit::<crate::api::account::PhoneChangeConfirm>();
    register_explicit::<crate::api::application::StartApplication>();
    register_explicit::<crate::api::application::GetApplication>();
    register_explicit::<crate::api::application::SaveQuestionnaire>();
    register_explicit::<crate::api::application::StartCardBinding>();
    register_explicit::<crate::api::application::GetCardBinding>();
    register_explicit::<crate::api::application::SaveAddOns>();
    register_explicit::<crate::api::application::ChoosePayoutAccount>();
    register_explicit::<crate::api::application::StartIdentification>();
    register_explicit::<crate::api::application::GetCards>();
    register_explicit::<crate::api::application::ConfirmCardStart>();
    register_explicit::<crate::api::application::ConfirmCard>();
    register_explicit::<crate::api::application::GetTerms>();
    register_explicit::<crate::api::application::SendSigningCode>();
    register_explicit::<crate::api::application::SignTerms>();
    register_explicit::<crate::api::application::RefuseLoan>();
}

async fn server_fns(State(state): State<AppState>, request: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(move || provide_context(state.clone()), request).await
}

pub fn router(state: AppState) -> Router {
    register_server_fns();
    let options = state.leptos_options.clone();
    let routes = generate_route_list(App);
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
        .route("/dev/outbox", get(outbox::page))
        .route(
            "/sandbox/pay",
            get(sandbox_pay::show).post(sandbox_pay::submit),
        )
        .route("/sandbox/pay/3ds", post(sandbox_pay::three_ds))
        .route(
            "/sandbox/identity",
            get(sandbox_identity::show).post(sandbox_identity::answer),
        )
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
                move || provide_context(state.clone())
            },
            move || shell(options.clone()),
        )
        .nest_service("/pkg", pkg)
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::origin_check,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::headers,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

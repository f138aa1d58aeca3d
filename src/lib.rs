//! kabinet: the borrower cabinet of a Russian microfinance lender.
//! This is the module tree and the browser's entry point (hydration); the server starts in main.rs.
#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod domain;
pub mod i18n;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod startup;
pub mod ui;
pub mod wire;

/// Called by the generated JavaScript once the WebAssembly is loaded: takes over the
/// server-rendered page without re-rendering it, first loading the code of a lazy route
/// (every page but the landing one) when the page is one.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_lazy(app::App);
}

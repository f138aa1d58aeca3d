//! Everything that runs only on the server: configuration, database, services, HTTP.
//! Compiled with the `ssr` feature only; the browser never sees this module.

pub mod auth;
pub mod config;
pub mod db;
pub mod documents;
pub mod error;
pub mod http;
pub mod images;
pub mod jobs;
pub mod pool;
pub mod ports;
pub mod request;
pub mod sandbox;
pub mod secrets;
pub mod services;
pub mod state;
pub mod store;
pub mod vault;

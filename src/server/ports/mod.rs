//! Outside services as traits, each with a sandbox that runs inside kabinet (PRODUCT.md §6).
//! A sandbox is a real implementation of its port, and says it is one.

pub mod bureau;
pub mod bureau_http;
pub mod gateway;
pub mod identity;
pub mod identity_http;
pub mod json_http;
pub mod messages;
pub mod sms_http;
pub mod smtp;

use std::future::Future;
use std::pin::Pin;

/// What a port's call returns: a boxed future, so ports can sit behind `Arc<dyn …>`.
pub type PortFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, PortError>> + Send + 'a>>;

#[derive(Debug, thiserror::Error)]
pub enum PortError {
    #[error("the service refused: {0}")]
    Refused(String),
    #[error("the service is unreachable: {0}")]
    Unreachable(String),
}

//! The one error every server function returns, in a form the browser can read back.
//! It carries what the borrower may see; database and other internal messages are logged, never sent.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// One field's message, already in the borrower's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldMessage {
    pub field: String,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum AppError {
    /// Input that breaks a rule; each message belongs next to its field.
    #[error("{}", first_message(fields))]
    Validation { fields: Vec<FieldMessage> },
    #[error("{message}")]
    Unauthorized { message: String },
    #[error("{message}")]
    NotFound { message: String },
    #[error("{message}")]
    Forbidden { message: String },
    /// A rate limit; try again after `retry_after` seconds.
    #[error("{message}")]
    TooManyRequests { message: String, retry_after: u32 },
    /// The server is saturated (password hashing); try again after `retry_after` seconds.
    #[error("{message}")]
    Busy { message: String, retry_after: u32 },
    /// The request could not be read at all (a malformed body, a missing argument).
    #[error("{message}")]
    BadRequest { message: String },
    /// Something failed on our side; the details are in the server's log under `reference`.
    #[error("{message}")]
    Internal { message: String },
}

fn first_message(fields: &[FieldMessage]) -> &str {
    fields
        .first()
        .map(|f| f.message.as_str())
        .unwrap_or_default()
}

impl AppError {
    /// The message for one field, if that field was refused.
    pub fn field(&self, name: &str) -> Option<&str> {
        match self {
            AppError::Validation { fields } => fields
                .iter()
                .find(|f| f.field == name)
                .map(|f| f.message.as_str()),
            _ => None,
        }
    }

    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            AppError::NotFound { .. } => StatusCode::NOT_FOUND,
            AppError::Forbidden { .. } => StatusCode::FORBIDDEN,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            AppError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(message) | ServerFnErrorErr::MissingArg(message) => {
                AppError::BadRequest { message }
            }
            other => AppError::Internal {
                message: other.to_string(),
            },
        }
    }
}

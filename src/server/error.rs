//! What a service can fail with, and how that becomes the `AppError` a borrower sees.
//! Internal causes are logged here with a reference and never sent to the browser.

use crate::domain::lang::Lang;
use crate::domain::problem::FieldProblem;
use crate::i18n::errors::{self, Wait};
use crate::wire::error::{AppError, FieldMessage};

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("invalid input")]
    Invalid(Vec<FieldProblem>),
    /// Phone or password wrong, said the same way whichever it was.
    #[error("bad credentials")]
    BadCredentials,
    /// No session, or it has ended.
    #[error("not logged in")]
    NotLoggedIn,
    #[error("not found")]
    NotFound,
    #[error("saturated")]
    Busy,
    #[error("too many requests ({why:?}); retry in {retry_after} s")]
    TooMany { retry_after: i64, why: Wait },

    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for ServiceError {
    fn from(e: sqlx::Error) -> Self {
        ServiceError::Internal(e.into())
    }
}

impl ServiceError {
    pub fn invalid(field: &str, problem: crate::domain::problem::Problem) -> Self {
        ServiceError::Invalid(vec![FieldProblem::new(field, problem)])
    }

    /// The error as the borrower sees it, in their language; internal ones are logged first.
    pub fn to_app_error(&self, lang: Lang) -> AppError {
        match self {
            ServiceError::Invalid(problems) => AppError::Validation {
                fields: problems
                    .iter()
                    .map(|p| FieldMessage {
                        field: p.field.clone(),
                        message: p.problem.message(lang),
                    })
                    .collect(),
            },
            ServiceError::BadCredentials => AppError::Unauthorized {
                message: errors::bad_credentials(lang).into(),
            },
            ServiceError::NotLoggedIn => AppError::Unauthorized {
                message: errors::session_ended(lang).into(),
            },
            ServiceError::NotFound => AppError::NotFound {
                message: errors::not_found(lang).into(),
            },
            ServiceError::Busy => AppError::Busy {
                message: errors::busy(lang).into(),
                retry_after: 5,
            },
            ServiceError::TooMany { retry_after, why } => AppError::TooManyRequests {
                message: errors::too_many(lang, *why, *retry_after),
                retry_after: u32::try_from(*retry_after).unwrap_or(u32::MAX),
            },
            ServiceError::Internal(cause) => {
                let reference = format!("{:016x}", rand_reference());
                tracing::error!(reference, error = ?cause, "internal error");
                AppError::Internal {
                    message: errors::internal(lang, &reference),
                }
            }
        }
    }
}

/// A short random number that ties a message the borrower reports to a line of the log.
fn rand_reference() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::time::SystemTime::now())
}

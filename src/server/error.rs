//! What a service can fail with, and how that becomes the `AppError` a borrower sees.
//! Internal causes are logged here with a reference and never sent to the browser.

use crate::domain::lang::Lang;
use crate::domain::problem::FieldProblem;
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
    #[error("too many requests; retry in {retry_after} s")]
    TooMany { retry_after: i64 },

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
                message: lang
                    .pick("Неверный телефон или пароль", "Wrong phone or password")
                    .into(),
            },
            ServiceError::NotLoggedIn => AppError::Unauthorized {
                message: lang
                    .pick(
                        "Сеанс завершён — войдите снова",
                        "Your session has ended; please log in again",
                    )
                    .into(),
            },
            ServiceError::NotFound => AppError::NotFound {
                message: lang.pick("Не найдено", "Not found").into(),
            },
            ServiceError::Busy => AppError::Busy {
                message: lang
                    .pick(
                        "Сервер занят, попробуйте через минуту",
                        "The server is busy; try again in a minute",
                    )
                    .into(),
                retry_after: 5,
            },
            ServiceError::TooMany { retry_after } => AppError::TooManyRequests {
                message: match lang {
                    Lang::Ru => format!("Слишком много попыток. Повторите через {retry_after} с"),
                    Lang::En => format!("Too many attempts. Try again in {retry_after} s"),
                },
                retry_after: u32::try_from(*retry_after).unwrap_or(u32::MAX),
            },
            ServiceError::Internal(cause) => {
                let reference = format!("{:016x}", rand_reference());
                tracing::error!(reference, error = ?cause, "internal error");
                AppError::Internal {
                    message: lang
                        .pick(
                            "Что-то пошло не так. Попробуйте ещё раз; код ошибки ",
                            "Something went wrong. Please try again; error code ",
                        )
                        .to_owned()
                        + &reference,
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

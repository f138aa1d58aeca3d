//! The identity provider's sandbox (PRODUCT.md §6): `SandboxIdentity`, the port's implementation,
//! and its consent page at `/sandbox/identity`, which plays the biometric system's part with test
//! citizens. Choosing a citizen and allowing sends the browser back to kabinet with a one-time
//! code; refusing sends it back without one.
//!
//! | test citizen | born |
//! | --- | --- |
//! | Иванов Иван | 1990-05-20 |
//! | Иванова Мария | 1990-05-20 |
//! | Петров Пётр | 1985-01-15 |

use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::Deserialize;
use sqlx::Row;

use crate::server::db::Db;
use crate::server::ports::identity::{Identified, IdentityProvider};
use crate::server::ports::{PortError, PortFuture};
use crate::server::state::AppState;
use crate::server::store::now_unix;

/// The test citizens: surname, first name, date of birth.
pub const CITIZENS: [(&str, &str, &str); 3] = [
    ("Иванов", "Иван", "1990-05-20"),
    ("Иванова", "Мария", "1990-05-20"),
    ("Петров", "Пётр", "1985-01-15"),
];

pub struct SandboxIdentity {
    db: Db,
}

impl SandboxIdentity {
    pub fn new(db: Db) -> Self {
        SandboxIdentity { db }
    }
}

fn unreachable(e: sqlx::Error) -> PortError {
    PortError::Unreachable(e.to_string())
}

impl IdentityProvider for SandboxIdentity {
    fn start<'a>(&'a self, request_id: &'a str, return_to: &'a str) -> PortFuture<'a, String> {
        Box::pin(async move {
            let session = format!("{:032x}", rand::random::<u128>());
            sqlx::query(
                "INSERT INTO sandbox_identity (id, request_id, return_to, status, created_at)
                 VALUES ($1, $2, $3, 'open', $4)",
            )
            .bind(&session)
            .bind(request_id)
            .bind(return_to)
            .bind(now_unix())
            .execute(&self.db)
            .await
            .map_err(unreachable)?;
            Ok(format!("/sandbox/identity?session={session}"))
        })
    }

    fn finish<'a>(&'a self, request_id: &'a str, code: &'a str) -> PortFuture<'a, Identified> {
        Box::pin(async move {
            // The code works once, for its own request.
            let row = sqlx::query(
                "UPDATE sandbox_identity SET status = 'exchanged'
                 WHERE request_id = $1 AND code = $2 AND status = 'allowed'
                 RETURNING citizen",
            )
            .bind(request_id)
            .bind(code)
            .fetch_optional(&self.db)
            .await
            .map_err(unreachable)?
            .ok_or_else(|| PortError::Refused("unknown or used code".into()))?;
            let citizen: i64 = row.try_get("citizen").map_err(unreachable)?;
            let (surname, first_name, born) = usize::try_from(citizen)
                .ok()
                .and_then(|i| CITIZENS.get(i))
                .ok_or_else(|| PortError::Refused("unknown citizen".into()))?;
            Ok(Identified {
                surname: (*surname).into(),
                first_name: (*first_name).into(),
                birth_date: NaiveDate::parse_from_str(born, "%Y-%m-%d")
                    .map_err(|e| PortError::Refused(e.to_string()))?,
            })
        })
    }

    fn is_sandbox(&self) -> bool {
        true
    }
}

#[derive(Deserialize)]
pub struct SessionQuery {
    #[serde(default)]
    session: String,
}

async fn return_to(db: &Db, session: &str) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query(
        "SELECT request_id, return_to FROM sandbox_identity WHERE id = $1 AND status = 'open'",
    )
    .bind(session)
    .fetch_optional(db)
    .await?
    .map(|r| Ok((r.try_get("request_id")?, r.try_get("return_to")?)))
    .transpose()
}

fn gone() -> Response {
    (
        StatusCode::NOT_FOUND,
        "Сеанс идентификации завершён или не найден",
    )
        .into_response()
}

pub async fn show(State(state): State<AppState>, Query(q): Query<SessionQuery>) -> Response {
    match return_to(&state.db, &q.session).await {
        Ok(Some(_)) => {}
        Ok(None) => return gone(),
        Err(e) => {
            tracing::error!(error = %e, "sandbox identity session unreadable");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    }
    let citizens = CITIZENS
        .iter()
        .enumerate()
        .map(|(i, (surname, first, born))| {
            view! {
                <p><label>
                    <input type="radio" name="citizen" value=i.to_string() required/>
                    " "{format!("{surname} {first}, {born}")}
                </label></p>
            }
        })
        .collect_view();
    super::page(
        "Песочница идентификации",
        view! {
            <p class="sandbox">
                "Песочница биометрической идентификации: настоящая система сверила бы лицо с биометрией. \
                 Выберите тестового гражданина."
            </p>
            <h1>"Подтверждение личности"</h1>
            <form method="post" action="/sandbox/identity">
                <input type="hidden" name="session" value=q.session.clone()/>
                <fieldset><legend>"Тестовый гражданин"</legend>{citizens}</fieldset>
                <p>"Сервис kabinet запрашивает ваши фамилию, имя и дату рождения."</p>
                <button type="submit" name="answer" value="allow">"Разрешить"</button>" "
                <button type="submit" name="answer" value="deny" formnovalidate>"Отказать"</button>
            </form>
        }
        .into_any(),
    )
}

#[derive(Deserialize)]
pub struct Consent {
    #[serde(default)]
    session: String,
    #[serde(default)]
    citizen: String,
    #[serde(default)]
    answer: String,
}

pub async fn answer(State(state): State<AppState>, Form(form): Form<Consent>) -> Response {
    let (request_id, back) = match return_to(&state.db, &form.session).await {
        Ok(Some(found)) => found,
        Ok(None) => return gone(),
        Err(e) => {
            tracing::error!(error = %e, "sandbox identity session unreadable");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let citizen = form
        .citizen
        .parse::<usize>()
        .ok()
        .filter(|i| *i < CITIZENS.len());
    let (status, code) = match (form.answer.as_str(), citizen) {
        ("allow", Some(_)) => ("allowed", format!("{:032x}", rand::random::<u128>())),
        _ => ("denied", String::new()),
    };
    let updated = sqlx::query(
        "UPDATE sandbox_identity SET status = $1, code = $2, citizen = $3
         WHERE id = $4 AND status = 'open'",
    )
    .bind(status)
    .bind(&code)
    .bind(citizen.and_then(|i| i64::try_from(i).ok()))
    .bind(&form.session)
    .execute(&state.db)
    .await;
    match updated {
        Ok(done) if done.rows_affected() == 1 => {
            Redirect::to(&format!("{back}?request={request_id}&code={code}")).into_response()
        }
        Ok(_) => gone(),
        Err(e) => {
            tracing::error!(error = %e, "sandbox identity answer not stored");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

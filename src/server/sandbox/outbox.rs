//! The messages' sandbox: `Outbox` keeps every SMS and email in a table instead of sending it,
//! and `/dev/outbox` shows them, newest first, so a newcomer can read a
//! sign-up code on one machine. Development only: in production the address does not exist.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;

use crate::server::config::Env;
use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::server::db::Db;
use crate::server::ports::messages::{Channel, Message, Messenger};
use crate::server::ports::{PortError, PortFuture};
use crate::server::state::AppState;
use crate::server::store::now_unix;

/// The sandbox: every message goes to the outbox table instead of a phone or a mailbox.
#[derive(Clone)]
pub struct Outbox {
    db: Db,
}

impl Outbox {
    pub fn new(db: Db) -> Self {
        Outbox { db }
    }
}

impl Messenger for Outbox {
    fn send<'a>(&'a self, message: &'a Message) -> PortFuture<'a, ()> {
        Box::pin(async move {
            // Ids sort in sending order, even within one second.
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            let id = format!("{nanos:024}-{:08x}", rand::random::<u32>());
            sqlx::query(
                "INSERT INTO outbox_message (id, channel, recipient, subject, body, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(message.channel.code())
            .bind(&message.to)
            .bind(&message.subject)
            .bind(&message.body)
            .bind(now_unix())
            .execute(&self.db)
            .await
            .map_err(|e| PortError::Unreachable(e.to_string()))?;
            Ok(())
        })
    }

    fn is_sandbox(&self) -> bool {
        true
    }
}

/// A message as the outbox page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub channel: Channel,
    pub to: String,
    pub subject: Option<String>,
    pub body: String,
    pub sent_at: i64,
}

/// The newest `limit` messages of the outbox, newest first.
pub async fn recent(db: &Db, limit: i64) -> Result<Vec<OutboxEntry>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT channel, recipient, subject, body, created_at FROM outbox_message
         ORDER BY created_at DESC, id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| {
            let channel: String = row.try_get("channel")?;
            Ok(OutboxEntry {
                channel: if channel == "email" {
                    Channel::Email
                } else {
                    Channel::Sms
                },
                to: row.try_get("recipient")?,
                subject: row.try_get("subject")?,
                body: row.try_get("body")?,
                sent_at: row.try_get("created_at")?,
            })
        })
        .collect()
}

pub async fn page(State(state): State<AppState>) -> Response {
    if state.config.env != Env::Development {
        return StatusCode::NOT_FOUND.into_response();
    }
    let messages = match recent(&state.db, 50).await {
        Ok(messages) => messages,
        Err(e) => {
            tracing::error!(error = %e, "outbox unreadable");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let rows = messages
        .into_iter()
        .map(|m| {
            let when = chrono::DateTime::from_timestamp(m.sent_at, 0)
                .map(|t| {
                    t.with_timezone(&state.config.timezone)
                        .format("%d.%m.%Y %H:%M:%S")
                        .to_string()
                })
                .unwrap_or_default();
            let channel = match m.channel {
                Channel::Sms => "SMS",
                Channel::Email => "Email",
            };
            view! {
                <li class="message">
                    <p><strong>{channel}</strong>" → "<span class="to">{m.to}</span>" · "{when}</p>
                    {m.subject.map(|s| view! { <p><strong>{s}</strong></p> })}
                    <pre class="body">{m.body}</pre>
                </li>
            }
        })
        .collect_view();
    let body = view! {
        <main>
            <p class="sandbox">"Песочница: сообщения никуда не отправлены"</p>
            <h1>"Исходящие SMS и письма"</h1>
            <ol class="outbox">{rows}</ol>
        </main>
    }
    .to_html();
    Html(format!(
        "<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Исходящие — kabinet</title><link rel=\"stylesheet\" href=\"/offline.css\"></head>\
         <body>{body}</body></html>"
    ))
    .into_response()
}

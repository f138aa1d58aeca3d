//! `/dev/outbox`: the SMS and email the sandbox "sent", newest first, so a newcomer can read a
//! sign-up code on one machine. Development only: in production the address does not exist.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;

use crate::server::config::Env;
use crate::server::ports::messages::{Channel, recent};
use crate::server::state::AppState;

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

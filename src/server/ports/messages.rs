//! SMS and email: the `Messenger` port and its sandbox, the outbox (a table shown at
//! `/dev/outbox` in development). The real adapters (an HTTP SMS provider, SMTP) plug in here.

use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::{PortError, PortFuture};
use crate::server::db::Db;
use crate::server::store::now_unix;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Channel {
    Sms,
    Email,
}

impl Channel {
    fn code(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Email => "email",
        }
    }
}

/// One message to one person. For SMS `to` is a phone in E.164; for email, an address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub channel: Channel,
    pub to: String,
    pub subject: Option<String>,
    pub body: String,
}

pub trait Messenger: Send + Sync {
    fn send<'a>(&'a self, message: &'a Message) -> PortFuture<'a, ()>;
    /// True for the sandbox: the UI shows a badge, and nothing leaves the machine.
    fn is_sandbox(&self) -> bool;
}

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

/// SMS through one messenger and email through another: each real adapter where one is
/// configured, the outbox for the rest.
pub struct Channels {
    pub sms: std::sync::Arc<dyn Messenger>,
    pub email: std::sync::Arc<dyn Messenger>,
}

impl Messenger for Channels {
    fn send<'a>(&'a self, message: &'a Message) -> PortFuture<'a, ()> {
        match message.channel {
            Channel::Sms => self.sms.send(message),
            Channel::Email => self.email.send(message),
        }
    }

    fn is_sandbox(&self) -> bool {
        self.sms.is_sandbox() || self.email.is_sandbox()
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

//! SMS and email: the `Messenger` port and its sandbox, the outbox (a table shown at
//! `/dev/outbox` in development). The real adapters (an HTTP SMS provider, SMTP) plug in here.

use serde::{Deserialize, Serialize};

use super::PortFuture;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Channel {
    Sms,
    Email,
}

impl Channel {
    pub fn code(self) -> &'static str {
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

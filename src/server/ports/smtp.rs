//! The email adapter of the `Messenger` port: SMTP through lettre, configured by
//! `KABINET_SMTP_URL` (`smtp://host:25`, `smtp://user:pass@host:587?tls=required`, `smtps://…`).

use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::messages::{Channel, Message, Messenger};
use super::{PortError, PortFuture};

pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: lettre::message::Mailbox,
}

impl Smtp {
    pub fn new(url: &str, from: &str) -> anyhow::Result<Smtp> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("KABINET_SMTP_URL: {e}"))?
            .build();
        let from = from
            .parse()
            .map_err(|e| anyhow::anyhow!("KABINET_SMTP_FROM: {e}"))?;
        Ok(Smtp { transport, from })
    }
}

impl Messenger for Smtp {
    fn send<'a>(&'a self, message: &'a Message) -> PortFuture<'a, ()> {
        Box::pin(async move {
            if message.channel != Channel::Email {
                return Err(PortError::Refused("SMTP carries email only".into()));
            }
            let to = message
                .to
                .parse()
                .map_err(|e| PortError::Refused(format!("address: {e}")))?;
            let email = lettre::Message::builder()
                .from(self.from.clone())
                .to(to)
                .subject(message.subject.clone().unwrap_or_default())
                .header(ContentType::TEXT_PLAIN)
                .body(message.body.clone())
                .map_err(|e| PortError::Refused(e.to_string()))?;
            self.transport
                .send(email)
                .await
                .map_err(|e| PortError::Unreachable(e.to_string()))?;
            Ok(())
        })
    }

    fn is_sandbox(&self) -> bool {
        false
    }
}

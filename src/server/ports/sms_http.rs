//! The SMS adapter of the `Messenger` port: an HTTP provider configured by `KABINET_SMS_URL`,
//! `KABINET_SMS_TOKEN` and `KABINET_SMS_SENDER`. Each SMS is `POST url` with a bearer token and
//! the JSON `{"to": "+79…", "text": "…", "sender": "…"}`; any 2xx answer means accepted.

use std::time::Duration;

use super::messages::{Channel, Message, Messenger};
use super::{PortError, PortFuture};
use crate::server::config::SmsProvider;

pub struct HttpSms {
    client: reqwest::Client,
    provider: SmsProvider,
}

impl HttpSms {
    pub fn new(provider: SmsProvider) -> anyhow::Result<HttpSms> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()?;
        Ok(HttpSms { client, provider })
    }
}

impl Messenger for HttpSms {
    fn send<'a>(&'a self, message: &'a Message) -> PortFuture<'a, ()> {
        Box::pin(async move {
            if message.channel != Channel::Sms {
                return Err(PortError::Refused(
                    "the SMS provider carries SMS only".into(),
                ));
            }
            let answer = self
                .client
                .post(&self.provider.url)
                .bearer_auth(&self.provider.token)
                .json(&serde_json::json!({
                    "to": message.to,
                    "text": message.body,
                    "sender": self.provider.sender,
                }))
                .send()
                .await
                // Without the URL: reqwest's error text would carry it, and the token is not in it,
                // but a provider's URL may hold a key of its own.
                .map_err(|e| PortError::Unreachable(e.without_url().to_string()))?;
            if !answer.status().is_success() {
                return Err(PortError::Refused(format!("HTTP {}", answer.status())));
            }
            Ok(())
        })
    }

    fn is_sandbox(&self) -> bool {
        false
    }
}

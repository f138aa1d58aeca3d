//! What the lender's integration services share (`bureau_http`, `identity_http`): JSON over
//! HTTPS to a base URL with a bearer token, 15 s at most. A 4xx is the service's refusal; a 5xx
//! or no answer is "unreachable", for a later retry. Error texts never carry the URL (a service's
//! URL may hold a key) nor the token.

use std::time::Duration;

use super::PortError;

pub struct JsonService {
    client: reqwest::Client,
    url: String,
    token: String,
}

impl JsonService {
    pub fn new(url: &str, token: &str) -> anyhow::Result<JsonService> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .build()?;
        Ok(JsonService {
            client,
            url: url.trim_end_matches('/').to_owned(),
            token: token.to_owned(),
        })
    }

    /// `POST {url}{path}` with `body`; the answer when it is a 2xx.
    pub async fn post(
        &self,
        path: &str,
        body: serde_json::Value,
    ) -> Result<reqwest::Response, PortError> {
        let answer = self
            .client
            .post(format!("{}{path}", self.url))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .map_err(|e| PortError::Unreachable(e.without_url().to_string()))?;
        let status = answer.status();
        if status.is_server_error() {
            return Err(PortError::Unreachable(format!("HTTP {status}")));
        }
        if !status.is_success() {
            return Err(PortError::Refused(format!("HTTP {status}")));
        }
        Ok(answer)
    }

    /// `post`, and the answer read as `T` (anything else is a refusal: not the contract's).
    pub async fn call<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        body: serde_json::Value,
    ) -> Result<T, PortError> {
        self.post(path, body)
            .await?
            .json()
            .await
            .map_err(|e| PortError::Refused(format!("not the contract's answer: {e}")))
    }
}

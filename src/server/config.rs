//! Configuration from environment variables, each with a safe default (README.md lists them).
//! Read once at start; nothing else in the server reads the environment.

use std::net::SocketAddr;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use chrono_tz::Tz;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Env {
    /// Sandboxes visible, development pages on, cookies without HSTS.
    Development,
    /// HSTS on, development pages off.
    Production,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub addr: SocketAddr,
    pub database_url: String,
    /// Connections in the database pool. Default: 8 on SQLite, 16 on PostgreSQL.
    pub db_connections: Option<u32>,
    pub env: Env,
    /// The lender's time zone: "today", due dates and reminder hours are counted in it.
    pub timezone: Tz,
    /// The origin browsers reach kabinet at; state-changing requests from any other are refused.
    /// Unset: the request's own Host is taken as the origin (fine behind a proxy that keeps it).
    pub public_origin: Option<String>,
    /// Log lines as JSON (production) or as text for people.
    pub log_json: bool,
    /// 64 hex digits: the key every other secret key is derived from (HMAC of codes, …).
    /// Unset in development: one is made and kept under `data_dir`.
    pub secret_key: Option<String>,
    /// Master keys replaced by `secret_key` (`KABINET_PREVIOUS_SECRET_KEYS`, comma-separated):
    /// personal data sealed under them still opens until `kabinet rotate-key` re-seals it.
    pub previous_secret_keys: Vec<String>,
    /// Where development keeps its generated secret key.
    pub data_dir: std::path::PathBuf,
    /// The header a trusted reverse proxy puts the client's address in (e.g. `x-real-ip`).
    /// Unset: the address of the TCP peer; a header a client could forge is never trusted.
    pub client_ip_header: Option<http::HeaderName>,
    /// How many proxies of the lender's own append to that header (`KABINET_TRUSTED_HOPS`,
    /// default 1): the address taken is that many entries from the right, the one the
    /// outermost trusted proxy wrote; entries to its left are whatever the client sent.
    pub trusted_hops: usize,
    /// Email through SMTP, e.g. `smtps://user:password@smtp.example.ru` (lettre's URL form).
    /// Unset: emails go to the sandbox outbox.
    pub smtp: Option<Smtp>,
    /// SMS through an HTTP provider. Unset: SMS go to the sandbox outbox.
    pub sms: Option<SmsProvider>,
    /// The lender's credit-bureau integration service (`ports::bureau_http`). Unset: the
    /// sandbox bureau, in development only.
    pub bureau: Option<BureauService>,
    /// The lender's identification service (`ports::identity_http`), for an МФК. Unset: the
    /// sandbox identity provider, in development only.
    pub identity: Option<IdentityService>,
    /// Password hashes computed at once (argon2id, one core each); the rest of the server keeps
    /// the other cores. Default: all cores but one, at least one.
    pub hash_workers: usize,
    /// Password hashes that may wait for a worker; beyond them, "busy" (503) at once.
    pub hash_queue: usize,
    /// A client must send a request's headers within this many seconds of starting it (or of
    /// the previous answer on a kept-alive connection), or the connection is closed: slowloris.
    pub header_timeout: i64,
    /// A request's body must arrive and its answer be made within this many seconds, or it is
    /// answered 408. Pictures (`/apply/selfie`) get four times as long, for a slow phone line.
    pub request_timeout: i64,
    /// Session limits in seconds (PRODUCT.md §7: 15 minutes idle, 12 hours in all).
    pub session_idle: i64,
    pub session_absolute: i64,
    /// The lender's name as documents give it.
    pub lender_name: String,
    /// МФК identify borrowers biometrically (the identity provider); МКК take a selfie.
    pub biometric_identification: bool,
    /// Where borrowers send bank transfers.
    pub requisites: Requisites,
}

/// The lender's bank requisites for transfers (PRODUCT.md J5): the payment QR code carries them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requisites {
    pub account: String,
    pub bik: String,
    pub bank_name: String,
    pub correspondent_account: String,
    pub inn: String,
}

#[derive(Clone, Debug)]
pub struct Smtp {
    pub url: String,
    /// The From address, e.g. `kabinet <noreply@example.ru>`.
    pub from: String,
}

/// The lender's credit-bureau integration service (`ports::bureau_http`), and its token.
#[derive(Clone, Debug)]
pub struct BureauService {
    pub url: String,
    pub token: String,
}

/// The lender's biometric-identification service (`ports::identity_http`), and its token.
#[derive(Clone, Debug)]
pub struct IdentityService {
    pub url: String,
    pub token: String,
}

/// A provider that takes `POST url` with JSON `{"to", "text", "sender"}` and a bearer token.
#[derive(Clone, Debug)]
pub struct SmsProvider {
    pub url: String,
    pub token: String,
    pub sender: String,
}

impl Config {
    pub fn from_env() -> anyhow::Result<Config> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads configuration through `lookup`, so tests can pass their own environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Config> {
        let env = match lookup("KABINET_ENV").as_deref() {
            None | Some("development") => Env::Development,
            Some("production") => Env::Production,
            Some(other) => bail!("KABINET_ENV must be development or production, not {other:?}"),
        };
        let addr = lookup("KABINET_ADDR")
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .context("KABINET_ADDR must be host:port, e.g. 127.0.0.1:3000")?;
        let timezone = lookup("KABINET_TIMEZONE")
            .unwrap_or_else(|| "Europe/Moscow".into())
            .parse::<Tz>()
            .map_err(|e| anyhow::anyhow!("KABINET_TIMEZONE: {e}"))?;
        let public_origin = lookup("KABINET_PUBLIC_ORIGIN")
            .map(|o| o.trim_end_matches('/').to_owned())
            .filter(|o| !o.is_empty());
        let log_json = match lookup("KABINET_LOG_FORMAT").as_deref() {
            Some("json") => true,
            Some("text") => false,
            None => env == Env::Production,
            Some(other) => bail!("KABINET_LOG_FORMAT must be json or text, not {other:?}"),
        };
        Ok(Config {
            addr,
            database_url: lookup("DATABASE_URL")
                .unwrap_or_else(|| "sqlite://data/kabinet.db".into()),
            env,
            timezone,
            public_origin,
            log_json,
            secret_key: lookup("KABINET_SECRET_KEY").filter(|k| !k.is_empty()),
            previous_secret_keys: lookup("KABINET_PREVIOUS_SECRET_KEYS")
                .map(|keys| {
                    keys.split(',')
                        .map(str::trim)
                        .filter(|k| !k.is_empty())
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default(),
            data_dir: lookup("KABINET_DATA_DIR")
                .unwrap_or_else(|| "data".into())
                .into(),
            client_ip_header: lookup("KABINET_CLIENT_IP_HEADER")
                .filter(|h| !h.is_empty())
                .map(|h| h.parse::<http::HeaderName>())
                .transpose()
                .context("KABINET_CLIENT_IP_HEADER must be a header name, e.g. x-real-ip")?,
            trusted_hops: match lookup("KABINET_TRUSTED_HOPS").filter(|h| !h.is_empty()) {
                None => 1,
                Some(hops) => {
                    hops.parse::<usize>().ok().filter(|h| *h >= 1).context(
                        "KABINET_TRUSTED_HOPS must be a whole number of proxies, 1 or more",
                    )?
                }
            },
            smtp: match lookup("KABINET_SMTP_URL").filter(|u| !u.is_empty()) {
                None => None,
                Some(url) => Some(Smtp {
                    url,
                    from: lookup("KABINET_SMTP_FROM")
                        .context("KABINET_SMTP_FROM is required with KABINET_SMTP_URL")?,
                }),
            },
            sms: lookup("KABINET_SMS_URL")
                .filter(|u| !u.is_empty())
                .map(|url| SmsProvider {
                    url,
                    token: lookup("KABINET_SMS_TOKEN").unwrap_or_default(),
                    sender: lookup("KABINET_SMS_SENDER").unwrap_or_else(|| "kabinet".into()),
                }),
            bureau: lookup("KABINET_BUREAU_URL")
                .filter(|u| !u.is_empty())
                .map(|url| BureauService {
                    url,
                    token: lookup("KABINET_BUREAU_TOKEN").unwrap_or_default(),
                }),
            identity: lookup("KABINET_IDENTITY_URL")
                .filter(|u| !u.is_empty())
                .map(|url| IdentityService {
                    url,
                    token: lookup("KABINET_IDENTITY_TOKEN").unwrap_or_default(),
                }),
            hash_workers: match lookup("KABINET_HASH_WORKERS") {
                None => std::thread::available_parallelism()
                    .map_or(1, |n| n.get().saturating_sub(1))
                    .max(1),
                Some(text) => match text.parse::<usize>() {
                    Ok(n) if n > 0 => n,
                    _ => bail!("KABINET_HASH_WORKERS must be a positive number, not {text:?}"),
                },
            },
            db_connections: match lookup("KABINET_DB_CONNECTIONS") {
                None => None,
                Some(text) => match text.parse::<u32>() {
                    Ok(n) if n > 0 => Some(n),
                    _ => bail!("KABINET_DB_CONNECTIONS must be a positive number, not {text:?}"),
                },
            },
            hash_queue: match lookup("KABINET_HASH_QUEUE") {
                None => 8,
                Some(text) => text.parse::<usize>().map_err(|_| {
                    anyhow::anyhow!("KABINET_HASH_QUEUE must be a number, not {text:?}")
                })?,
            },
            header_timeout: seconds(&lookup, "KABINET_HEADER_TIMEOUT_SECONDS", 10)?,
            request_timeout: seconds(&lookup, "KABINET_REQUEST_TIMEOUT_SECONDS", 30)?,
            session_idle: seconds(&lookup, "KABINET_SESSION_IDLE_SECONDS", 15 * 60)?,
            session_absolute: seconds(&lookup, "KABINET_SESSION_ABSOLUTE_SECONDS", 12 * 3600)?,
            lender_name: lookup("KABINET_LENDER_NAME")
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| "ООО МКК «Кабинет» (песочница)".into()),
            biometric_identification: match lookup("KABINET_LENDER_KIND").as_deref() {
                None | Some("mkk") => false,
                Some("mfk") => true,
                Some(other) => bail!("KABINET_LENDER_KIND must be mkk or mfk, not {other:?}"),
            },
            requisites: requisites(&lookup)?,
        })
    }

    /// What production lacks to run without a sandbox (issue 15, item 1), one line per setting;
    /// empty in development, where the sandboxes are the default. Production never starts on a
    /// sandbox: the gateway's accepts test cards, the identity provider's lets anyone pick a
    /// citizen, the outbox keeps codes on a page.
    pub fn production_gaps(&self) -> Vec<String> {
        if self.env != Env::Production {
            return Vec::new();
        }
        let mut gaps = Vec::new();
        if self.secret_key.is_none() {
            gaps.push(
                "KABINET_SECRET_KEY is not set: 64 hex digits, kept outside the database"
                    .to_owned(),
            );
        }
        if self.public_origin.is_none() {
            gaps.push(
                "KABINET_PUBLIC_ORIGIN is not set: the links in emails and the cross-site check \
                 need the public address, e.g. https://lk.example.ru"
                    .to_owned(),
            );
        }
        if self.sms.is_none() {
            gaps.push(
                "KABINET_SMS_URL is not set: codes would go to the development outbox".to_owned(),
            );
        }
        if self.smtp.is_none() {
            gaps.push(
                "KABINET_SMTP_URL is not set: emails would go to the development outbox".to_owned(),
            );
        }
        gaps.push(
            "no payment gateway is configured: the only one built so far is the development \
             sandbox, which takes test cards (a real acquirer's adapter comes with issue 15)"
                .to_owned(),
        );
        if self.bureau.is_none() {
            gaps.push(
                "KABINET_BUREAU_URL is not set: the lender's credit-bureau service (README, \
                 production); without it the development sandbox bureau would answer"
                    .to_owned(),
            );
        }
        if self.biometric_identification && self.identity.is_none() {
            gaps.push(
                "KABINET_IDENTITY_URL is not set: an МФК identifies borrowers through its \
                 identification service; without it the development sandbox, where anyone can \
                 pick a citizen, would answer"
                    .to_owned(),
            );
        }
        gaps
    }

    /// The origin links in emails point to: the public origin, or this server's own address.
    pub fn origin(&self) -> String {
        self.public_origin
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.addr))
    }

    /// An instant (unix seconds) as the lender's clock shows it: "07.12.2026 17:05 (Europe/Moscow)".
    pub fn local_time(&self, unix: i64) -> String {
        chrono::DateTime::from_timestamp(unix, 0)
            .map(|t| {
                let local = t.with_timezone(&self.timezone);
                format!(
                    "{} ({})",
                    local.format("%d.%m.%Y %H:%M"),
                    self.timezone.name()
                )
            })
            .unwrap_or_default()
    }

    /// Today's date in the lender's time zone.
    pub fn today(&self) -> NaiveDate {
        chrono::Utc::now()
            .with_timezone(&self.timezone)
            .date_naive()
    }
}

/// The lender's requisites; the sandbox's (a made-up account at a real BIK) unless configured.
fn requisites(lookup: &impl Fn(&str) -> Option<String>) -> anyhow::Result<Requisites> {
    let get = |key: &str, default: &str| {
        lookup(key)
            .filter(|v| !v.trim().is_empty())
            .map_or_else(|| default.to_owned(), |v| v.trim().to_owned())
    };
    let requisites = Requisites {
        account: get("KABINET_LENDER_ACCOUNT", "40701810900000000001"),
        bik: get("KABINET_LENDER_BIK", "044525225"),
        bank_name: get("KABINET_LENDER_BANK", "ПАО Сбербанк (песочница)"),
        correspondent_account: get("KABINET_LENDER_CORR_ACCOUNT", "30101810400000000225"),
        inn: get("KABINET_LENDER_INN", "7700000000"),
    };
    crate::domain::bank_account::BankAccount::parse(&requisites.account, &requisites.bik).map_err(
        |problems| {
            anyhow::anyhow!(
                "KABINET_LENDER_ACCOUNT and KABINET_LENDER_BIK do not fit together ({problems:?})"
            )
        },
    )?;
    for (key, text) in [
        ("KABINET_LENDER_BANK", &requisites.bank_name),
        (
            "KABINET_LENDER_CORR_ACCOUNT",
            &requisites.correspondent_account,
        ),
        ("KABINET_LENDER_INN", &requisites.inn),
    ] {
        if text.contains('|') {
            bail!("{key} must not contain '|' (it separates the payment QR code's fields)");
        }
    }
    Ok(requisites)
}

fn seconds(
    lookup: &impl Fn(&str) -> Option<String>,
    key: &str,
    default: i64,
) -> anyhow::Result<i64> {
    match lookup(key) {
        None => Ok(default),
        Some(text) => match text.parse::<i64>() {
            Ok(n) if n > 0 => Ok(n),
            _ => bail!("{key} must be a positive number of seconds, not {text:?}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> anyhow::Result<Config> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|key| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
    }

    #[test]
    fn an_empty_environment_gives_a_local_development_server_on_sqlite() {
        let c = config(&[]).expect("defaults are valid");
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.database_url, "sqlite://data/kabinet.db");
        assert_eq!(c.env, Env::Development);
        assert_eq!(c.timezone, chrono_tz::Europe::Moscow);
        assert!(!c.log_json);
    }

    #[test]
    fn a_mistyped_setting_stops_the_start_instead_of_being_ignored() {
        assert!(config(&[("KABINET_ENV", "prod")]).is_err());
        assert!(config(&[("KABINET_ADDR", "localhost")]).is_err());
        assert!(config(&[("KABINET_TIMEZONE", "Mars/Olympus")]).is_err());
    }

    #[test]
    fn production_logs_json_and_trims_the_public_origin() {
        let c = config(&[
            ("KABINET_ENV", "production"),
            ("KABINET_PUBLIC_ORIGIN", "https://lk.example.ru/"),
        ])
        .expect("valid");
        assert!(c.log_json);
        assert_eq!(c.public_origin.as_deref(), Some("https://lk.example.ru"));
    }
}

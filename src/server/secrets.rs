//! The server's secret key and the keys derived from it, one per use.
//! Production must be given the key; development makes one under `data/` and says so.

use std::path::Path;

use anyhow::{Context, bail};
use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::Sha256;

use super::config::{Config, Env};

#[derive(Clone)]
pub struct Secrets {
    master: [u8; 32],
    /// Master keys replaced by `master`, for opening what they sealed.
    previous: Vec<[u8; 32]>,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets(…)")
    }
}

/// Bytes as lowercase hex digits.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hex digits as bytes; `None` for an odd length or a non-hex character.
pub fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| {
            text.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect()
}

fn parse_key(hex: &str) -> anyhow::Result<[u8; 32]> {
    let hex = hex.trim();
    if hex.len() != 64 {
        bail!("KABINET_SECRET_KEY must be 64 hex digits (32 bytes)");
    }
    let mut key = [0u8; 32];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16)
            .context("KABINET_SECRET_KEY must be hex digits")?;
    }
    Ok(key)
}

impl Secrets {
    pub fn load(config: &Config) -> anyhow::Result<Secrets> {
        let master = match (&config.secret_key, config.env) {
            (Some(hex), _) => parse_key(hex)?,
            (None, Env::Production) => bail!("KABINET_SECRET_KEY is required in production"),
            (None, Env::Development) => development_key(&config.data_dir.join("secret.key"))?,
        };
        let previous = config
            .previous_secret_keys
            .iter()
            .map(|hex| parse_key(hex).context("KABINET_PREVIOUS_SECRET_KEYS"))
            .collect::<anyhow::Result<_>>()?;
        Ok(Secrets { master, previous })
    }

    /// The key for one use (`"one-time-codes"`, …): HMAC-SHA256 of the use under the master key.
    pub fn key(&self, purpose: &str) -> [u8; 32] {
        derive(&self.master, purpose)
    }

    /// The keys for one use under the previous master keys.
    pub fn previous_keys(&self, purpose: &str) -> Vec<[u8; 32]> {
        self.previous.iter().map(|m| derive(m, purpose)).collect()
    }
}

fn derive(master: &[u8; 32], purpose: &str) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(master)
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(purpose.as_bytes());
    mac.finalize().into_bytes().into()
}

fn development_key(path: &Path) -> anyhow::Result<[u8; 32]> {
    if let Ok(hex) = std::fs::read_to_string(path) {
        return parse_key(&hex).with_context(|| format!("{} is not a key", path.display()));
    }
    let mut key = [0u8; 32];
    rand::rng().fill(&mut key);
    let hex = to_hex(&key);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, &hex).with_context(|| format!("cannot write {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    tracing::warn!(path = %path.display(), "no KABINET_SECRET_KEY: generated a development key");
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, String)]) -> Config {
        let pairs = pairs.to_vec();
        Config::from_lookup(|k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()))
            .expect("config")
    }

    #[test]
    fn production_refuses_to_start_without_a_key() {
        let c = config(&[("KABINET_ENV", "production".into())]);
        assert!(Secrets::load(&c).is_err());
        let c = config(&[
            ("KABINET_ENV", "production".into()),
            ("KABINET_SECRET_KEY", "ab".repeat(32)),
        ]);
        assert!(Secrets::load(&c).is_ok());
        let c = config(&[("KABINET_SECRET_KEY", "xyz".into())]);
        assert!(Secrets::load(&c).is_err());
    }

    #[test]
    fn development_makes_a_key_once_and_keeps_it() {
        let dir = tempfile::tempdir().expect("dir");
        let c = config(&[("KABINET_DATA_DIR", dir.path().display().to_string())]);
        let first = Secrets::load(&c).expect("made").key("x");
        let second = Secrets::load(&c).expect("read").key("x");
        assert_eq!(first, second);
        assert_ne!(
            first,
            Secrets::load(&c).expect("read").key("y"),
            "each use its own key"
        );
    }
}

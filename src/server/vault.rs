//! Personal data at rest (PRODUCT.md §7): passport, SNILS and INN are stored only sealed with
//! XChaCha20-Poly1305 under a key derived from `KABINET_SECRET_KEY`. Each sealed value is bound
//! to its context (the table, the row and, for a questionnaire, its version), so a value moved
//! to another row or version does not open. Format: `v2:` + the key's id + `:` + hex(24-byte
//! random nonce ‖ ciphertext and tag); the id (8 hex digits of the key's SHA-256) says which key
//! opens it, so the master key can be rotated: the old one stays in
//! `KABINET_PREVIOUS_SECRET_KEYS` until `kabinet rotate-key` has re-sealed everything under the
//! new one. Values of the first format (`v1:`, no key id) still open, under any key given.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::Rng;
use sha2::{Digest, Sha256};

use super::secrets::{from_hex, to_hex};

/// The master key's use that the vault's key is derived for.
pub const PURPOSE: &str = "personal-data";
const VERSION: &str = "v2:";
const LEGACY: &str = "v1:";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum VaultError {
    /// Not ours, tampered with, or sealed for another context or under another key.
    #[error("the sealed value does not open")]
    Unopenable,
}

#[derive(Clone)]
struct Key {
    id: String,
    cipher: XChaCha20Poly1305,
}

impl Key {
    fn new(key: &[u8; 32]) -> Key {
        let digest = Sha256::new()
            .chain_update(b"kabinet vault key id\0")
            .chain_update(key)
            .finalize();
        Key {
            id: to_hex(&digest[..4]),
            cipher: XChaCha20Poly1305::new(key.into()),
        }
    }

    fn open(&self, context: &str, bytes: &[u8]) -> Result<Vec<u8>, VaultError> {
        if bytes.len() <= 24 {
            return Err(VaultError::Unopenable);
        }
        let (nonce, ciphertext) = bytes.split_at(24);
        self.cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| VaultError::Unopenable)
    }
}

/// The current key, which seals, and the previous ones, which only open.
#[derive(Clone)]
pub struct Vault {
    current: Key,
    previous: Vec<Key>,
}

impl Vault {
    pub fn new(key: &[u8; 32]) -> Vault {
        Vault::with_previous(key, &[])
    }

    /// A vault that seals under `key` and still opens what `previous` keys sealed.
    pub fn with_previous(key: &[u8; 32], previous: &[[u8; 32]]) -> Vault {
        Vault {
            current: Key::new(key),
            previous: previous.iter().map(Key::new).collect(),
        }
    }

    pub fn seal(&self, context: &str, plaintext: &[u8]) -> String {
        let mut nonce = [0u8; 24];
        rand::rng().fill(&mut nonce);
        // Encryption into a Vec only fails for messages beyond 256 GiB.
        let sealed = self
            .current
            .cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: context.as_bytes(),
                },
            )
            .unwrap_or_default();
        format!(
            "{VERSION}{}:{}{}",
            self.current.id,
            to_hex(&nonce),
            to_hex(&sealed)
        )
    }

    pub fn open(&self, context: &str, sealed: &str) -> Result<Vec<u8>, VaultError> {
        let keys = std::iter::once(&self.current).chain(&self.previous);
        if let Some(rest) = sealed.strip_prefix(VERSION) {
            let (id, hex) = rest.split_once(':').ok_or(VaultError::Unopenable)?;
            let bytes = from_hex(hex).ok_or(VaultError::Unopenable)?;
            let mut keys = keys;
            return keys
                .find(|k| k.id == id)
                .ok_or(VaultError::Unopenable)?
                .open(context, &bytes);
        }
        let bytes = sealed
            .strip_prefix(LEGACY)
            .and_then(from_hex)
            .ok_or(VaultError::Unopenable)?;
        let mut keys = keys;
        keys.find_map(|k| k.open(context, &bytes).ok())
            .ok_or(VaultError::Unopenable)
    }

    /// Whether `sealed` is of the first format (without a key id or a questionnaire's version).
    pub fn is_legacy(sealed: &str) -> bool {
        sealed.starts_with(LEGACY)
    }

    /// Whether `sealed` is sealed under the current key in the current format: nothing to redo.
    pub fn is_current(&self, sealed: &str) -> bool {
        sealed
            .strip_prefix(VERSION)
            .and_then(|rest| rest.split_once(':'))
            .is_some_and(|(id, _)| id == self.current.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_only_in_its_context_and_under_its_key() {
        let vault = Vault::new(&[7; 32]);
        let sealed = vault.seal("questionnaire:a1", "паспорт 5710 123456".as_bytes());
        assert!(sealed.starts_with("v2:"));
        assert!(!sealed.contains("5710"));
        assert_eq!(
            vault.open("questionnaire:a1", &sealed).as_deref(),
            Ok("паспорт 5710 123456".as_bytes())
        );
        assert_eq!(
            vault.open("questionnaire:a2", &sealed),
            Err(VaultError::Unopenable)
        );
        assert_eq!(
            Vault::new(&[8; 32]).open("questionnaire:a1", &sealed),
            Err(VaultError::Unopenable)
        );
        let mut tampered = sealed.clone();
        tampered.pop();
        tampered.push(if sealed.ends_with('0') { '1' } else { '0' });
        assert_eq!(
            vault.open("questionnaire:a1", &tampered),
            Err(VaultError::Unopenable)
        );
        assert_ne!(
            sealed,
            vault.seal("questionnaire:a1", "паспорт 5710 123456".as_bytes())
        );
    }

    #[test]
    fn a_value_names_its_key_and_opens_after_the_key_is_rotated() {
        let old = Vault::new(&[7; 32]);
        let sealed = old.seal("selfie:a1", b"jpeg");
        let rotated = Vault::with_previous(&[9; 32], &[[7; 32]]);
        assert!(old.is_current(&sealed));
        assert!(!rotated.is_current(&sealed));
        assert_eq!(
            rotated.open("selfie:a1", &sealed).as_deref(),
            Ok(&b"jpeg"[..])
        );
        let resealed = rotated.seal("selfie:a1", b"jpeg");
        assert!(rotated.is_current(&resealed));
        assert_eq!(
            old.open("selfie:a1", &resealed),
            Err(VaultError::Unopenable)
        );
        assert_eq!(
            Vault::new(&[9; 32]).open("selfie:a1", &resealed).as_deref(),
            Ok(&b"jpeg"[..])
        );
        // A value of the first format opens under whichever key sealed it.
        let legacy = format!("v1:{}", sealed.rsplit(':').next().expect("hex"));
        assert!(Vault::is_legacy(&legacy));
        assert_eq!(
            rotated.open("selfie:a1", &legacy).as_deref(),
            Ok(&b"jpeg"[..])
        );
        assert_eq!(
            Vault::new(&[9; 32]).open("selfie:a1", &legacy),
            Err(VaultError::Unopenable)
        );
    }
}

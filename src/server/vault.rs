//! Personal data at rest (PRODUCT.md §7): passport, SNILS and INN are stored only sealed with
//! XChaCha20-Poly1305 under a key derived from `KABINET_SECRET_KEY`. Each sealed value is bound
//! to its context (the table and the row it belongs to), so a value moved to another row does
//! not open. Format: `v1:` + hex(24-byte random nonce ‖ ciphertext and tag).

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::Rng;

use super::secrets::{from_hex, to_hex};

const VERSION: &str = "v1:";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum VaultError {
    /// Not ours, tampered with, or sealed for another context or under another key.
    #[error("the sealed value does not open")]
    Unopenable,
}

#[derive(Clone)]
pub struct Vault {
    cipher: XChaCha20Poly1305,
}

impl Vault {
    pub fn new(key: &[u8; 32]) -> Vault {
        Vault {
            cipher: XChaCha20Poly1305::new(key.into()),
        }
    }

    pub fn seal(&self, context: &str, plaintext: &[u8]) -> String {
        let mut nonce = [0u8; 24];
        rand::rng().fill(&mut nonce);
        // Encryption into a Vec only fails for messages beyond 256 GiB.
        let sealed = self
            .cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: context.as_bytes(),
                },
            )
            .unwrap_or_default();
        format!("{VERSION}{}{}", to_hex(&nonce), to_hex(&sealed))
    }

    pub fn open(&self, context: &str, sealed: &str) -> Result<Vec<u8>, VaultError> {
        let bytes = sealed
            .strip_prefix(VERSION)
            .and_then(from_hex)
            .filter(|b| b.len() > 24)
            .ok_or(VaultError::Unopenable)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_only_in_its_context_and_under_its_key() {
        let vault = Vault::new(&[7; 32]);
        let sealed = vault.seal("questionnaire:a1", "паспорт 5710 123456".as_bytes());
        assert!(sealed.starts_with("v1:"));
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
}

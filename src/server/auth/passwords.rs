//! Passwords: argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane) on a bounded pool of
//! blocking workers (`server::pool`), so a flood of logins waits in a short queue or is told
//! "busy" at once, and never starves the rest of the server. Also the check against common passwords.

use std::collections::HashSet;
use std::sync::LazyLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::domain::password::Password;
use crate::server::pool::{Pool, PoolError};

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("common_passwords.txt")
        .lines()
        .map(str::trim)
        .collect()
});

/// Whether `password` is one of the 19,640 most common (case-insensitive).
pub fn is_common(password: &Password) -> bool {
    COMMON.contains(password.expose().to_lowercase().as_str())
}

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    /// Every worker is busy and the queue is full: answer 503 with Retry-After.
    #[error("password hashing is saturated")]
    Busy,
    #[error("password hashing failed: {0}")]
    Failed(String),
}

/// Hashes on a bounded pool: `workers` at a time, at most `queue` more waiting.
#[derive(Clone)]
pub struct Hasher {
    pool: Pool,
}

fn argon2() -> Argon2<'static> {
    // OWASP: m = 19 MiB, t = 2, p = 1. `Params::new` only fails on values out of range.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

impl Hasher {
    pub fn new(workers: usize, queue: usize) -> Self {
        Hasher {
            pool: Pool::new(workers, queue),
        }
    }

    /// True when no hash could be admitted now: a login can be refused before any other work.
    pub fn is_saturated(&self) -> bool {
        self.pool.is_saturated()
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashError> {
        self.pool.run(work).await.map_err(|e| match e {
            PoolError::Busy => HashError::Busy,
            PoolError::Failed(cause) => HashError::Failed(cause),
        })
    }

    /// A PHC string ("$argon2id$v=19$m=19456,t=2,p=1$…") with a fresh random salt.
    pub async fn hash(&self, password: &Password) -> Result<String, HashError> {
        let text = password.expose().to_owned();
        self.run(move || {
            let salt = SaltString::generate(&mut OsRng);
            argon2()
                .hash_password(text.as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| HashError::Failed(e.to_string()))
        })
        .await?
    }

    /// Whether `password` matches `phc`. A malformed stored hash never matches.
    pub async fn verify(&self, password: &str, phc: &str) -> Result<bool, HashError> {
        let text = password.to_owned();
        let phc = phc.to_owned();
        self.run(move || {
            PasswordHash::new(&phc)
                .map(|parsed| argon2().verify_password(text.as_bytes(), &parsed).is_ok())
                .unwrap_or(false)
        })
        .await
    }

    /// Spends the time of one verification without a stored hash, so that an unknown phone
    /// takes as long to refuse as a wrong password.
    pub async fn verify_nothing(&self, password: &str) -> Result<bool, HashError> {
        static DUMMY: LazyLock<String> = LazyLock::new(|| {
            let salt = SaltString::generate(&mut OsRng);
            argon2()
                .hash_password(b"kabinet", &salt)
                .map(|h| h.to_string())
                .unwrap_or_default()
        });
        let dummy = DUMMY.clone();
        self.verify(password, &dummy).await.map(|_| false)
    }
}

impl From<HashError> for crate::server::error::ServiceError {
    fn from(e: HashError) -> Self {
        match e {
            HashError::Busy => crate::server::error::ServiceError::Busy,
            other => {
                crate::server::error::ServiceError::Internal(anyhow::anyhow!(other.to_string()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn password(text: &str) -> Password {
        Password::parse(text, text, None).expect("valid")
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_hash_verifies_its_password_and_no_other() {
        let hasher = Hasher::new(2, 4);
        let phc = hasher
            .hash(&password("верный пароль"))
            .await
            .expect("hashed");
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(
            hasher
                .verify("верный пароль", &phc)
                .await
                .expect("verified")
        );
        assert!(
            !hasher
                .verify("неверный пароль", &phc)
                .await
                .expect("verified")
        );
        assert!(
            !hasher
                .verify("верный пароль", "not a hash")
                .await
                .expect("verified")
        );
        assert!(
            !hasher
                .verify_nothing("верный пароль")
                .await
                .expect("verified")
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn beyond_the_workers_and_the_queue_a_hash_is_refused_at_once() {
        let hasher = Hasher::new(1, 1);
        let p = password("достаточно длинный");
        let (a, b, c) = tokio::join!(hasher.hash(&p), hasher.hash(&p), async {
            // Let the first two take the worker and the queue place.
            tokio::task::yield_now().await;
            let saturated = hasher.is_saturated();
            (hasher.hash(&p).await, saturated)
        });
        assert!(a.is_ok() && b.is_ok());
        // Refused without waiting for a worker (how fast: `make bench`, the login flood).
        let (third, saturated) = c;
        assert!(saturated);
        assert!(matches!(third, Err(HashError::Busy)), "{third:?}");
        assert!(!hasher.is_saturated(), "the places are free again");
    }

    #[test]
    fn common_passwords_are_known_whatever_the_case() {
        assert!(is_common(&password("password")));
        assert!(is_common(&password("QWERTY123")));
        assert!(!is_common(&password("пароль от кабинета 2026")));
    }
}

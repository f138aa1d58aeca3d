//! Identity on the server: password hashing, sessions, one-time codes, email links and rate
//! limits.
//! Nothing here logs a password, a code or a token.

pub mod codes;
pub mod cookies;
pub mod limits;
pub mod links;
pub mod passwords;
pub mod sessions;

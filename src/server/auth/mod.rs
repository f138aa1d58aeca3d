//! Identity on the server: password hashing, and soon sessions and one-time codes.
//! Nothing here logs a password, a code or a token.

pub mod codes;
pub mod passwords;
pub mod sessions;

//! HTTP plumbing around the app: security headers, origin checks, health, language switch.
//! Middleware decides nothing about money or people; it only guards the door.

pub mod documents;
pub mod gateway;
pub mod health;
pub mod identity;
pub mod lang;
pub mod security;
pub mod selfie;
pub mod serve;

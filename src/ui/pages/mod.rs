//! Whole screens, one module per route (or per group of routes).
//! A page composes components and calls server functions; it holds no business rule.

pub mod apply;
pub mod apply_steps;
pub mod cabinet;
pub mod dashboard;
pub mod dashboard_actions;
pub mod documents;
pub mod landing;
pub mod login;
pub mod not_found;
pub mod quick;
pub mod recovery;
pub mod signup;

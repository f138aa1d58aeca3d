//! The loan engine: contracts, their events, and the state they add up to on any date.
//! Pure and deterministic: the same contract, events and date always give the same kopecks.

pub mod allocation;
pub mod contract;
mod engine;
pub mod event;
pub mod prolongation;
pub mod schedule;
pub mod stage;
pub mod state;

#[cfg(test)]
mod tests;

pub use engine::EngineError;

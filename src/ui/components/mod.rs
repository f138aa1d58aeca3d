//! Pieces of screens used by more than one page: inputs, money, layout.
//! Components take domain types and show them; they call no server function themselves.

pub mod calculator;
pub mod form;
pub mod layout;

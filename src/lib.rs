//! kabinet: the borrower cabinet of a Russian microfinance lender.
//! This is the module tree and the browser's entry point (hydration); the server starts in main.rs.

pub mod domain;

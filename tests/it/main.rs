//! kabinet's integration tests, one binary: each module tests one area through the real router
//! (or the real process) on a fresh database of the backend under test (see `common`).
//! One binary links the crate once; eighteen binaries linked it eighteen times.

mod common;

mod accounts;
mod adapters;
mod applications;
mod bench_repayments;
mod borrower_way;

mod cards;
mod crash;
mod hosted;
mod limits_and_audit;
mod loans;
mod one_time_codes;
mod outbox;
mod overpayments;
mod pages;
mod quote_api;
mod recovery;
mod reminders;
mod repayments;
mod rulebook_store;
mod security;
mod without_javascript;

//! Pricing: the authoritative quote and the terms the browser's calculator runs on.
//! The browser's own quote is only a preview; this one is what a contract uses.

use chrono::NaiveDate;

use crate::api::quote::CalculatorTerms;
use crate::domain::problem::Problem;
use crate::domain::quote::{LoanRequest, Quote, quote};
use crate::server::error::ServiceError;
use crate::server::state::AppState;

/// Prices the loan the calculator's fields describe, on `date` (default: today).
pub fn price(
    state: &AppState,
    product: &str,
    amount: &str,
    term_days: &str,
    date: Option<&str>,
) -> Result<Quote, ServiceError> {
    let date = match date.map(str::trim).filter(|d| !d.is_empty()) {
        None => state.config.today(),
        Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| ServiceError::invalid("date", Problem::NotADate))?,
    };
    let rulebook = &state.rulebook;
    let (request, product) =
        LoanRequest::parse(&rulebook.products, product, amount, term_days, date)
            .map_err(ServiceError::Invalid)?;
    let law = rulebook
        .law
        .for_quote(date)
        .map_err(|_| ServiceError::invalid("date", Problem::DateNotCovered))?;
    quote(product, &law, request).map_err(|e| ServiceError::Internal(e.into()))
}

/// The products and the law in force today, for the calculator in the browser.
pub fn calculator_terms(state: &AppState) -> Result<CalculatorTerms, ServiceError> {
    let today = state.config.today();
    let law = state
        .rulebook
        .law
        .for_quote(today)
        .map_err(anyhow::Error::from)?;
    Ok(CalculatorTerms {
        today,
        products: state.rulebook.products.clone(),
        law,
    })
}

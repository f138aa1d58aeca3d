//! Pricing: the authoritative quote and the terms the browser's calculator runs on.
//! The browser's own quote is only a preview; this one is what a contract uses.

use chrono::NaiveDate;

use crate::domain::loyalty;
use crate::domain::problem::Problem;
use crate::domain::product::Product;
use crate::domain::quote::{LoanRequest, Quote, quote};
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::wire::quote::CalculatorTerms;

/// Prices the loan the calculator's fields describe, on `date` (default: today).
pub fn price(
    state: &AppState,
    product: &str,
    amount: &str,
    term_days: &str,
    date: Option<&str>,
) -> Result<Quote, ServiceError> {
    price_among(
        state,
        &state.rulebook.products,
        product,
        amount,
        term_days,
        date,
    )
}

/// The products `account_id` may take (their loyalty tier from the loans repaid here).
pub async fn products_for(
    state: &AppState,
    account_id: &str,
) -> Result<Vec<Product>, ServiceError> {
    let record = crate::server::store::decisions::record(&state.db, account_id).await?;
    Ok(loyalty::for_borrower(&state.rulebook.products, record))
}

/// Prices a loan for `account_id`, among the products their tier allows.
pub async fn price_for(
    state: &AppState,
    account_id: &str,
    product: &str,
    amount: &str,
    term_days: &str,
) -> Result<Quote, ServiceError> {
    let products = products_for(state, account_id).await?;
    price_among(state, &products, product, amount, term_days, None)
}

/// Prices the loan nearest to the one asked for that `account_id` may take (a link made for
/// anyone: the landing page offers every product). True when it differs from the one asked for.
pub async fn fit_for(
    state: &AppState,
    account_id: &str,
    product: &str,
    amount: &str,
    term_days: &str,
) -> Result<(Quote, bool), ServiceError> {
    let products = products_for(state, account_id).await?;
    let today = state.config.today();
    let (request, product, changed) =
        LoanRequest::fit(&products, product, amount, term_days, today)
            .ok_or_else(|| ServiceError::invalid("product", Problem::UnknownProduct))?;
    let law = state
        .rulebook
        .law
        .for_quote(today)
        .map_err(|_| ServiceError::invalid("date", Problem::DateNotCovered))?;
    let quote = quote(product, &law, request).map_err(|e| ServiceError::Internal(e.into()))?;
    Ok((quote, changed))
}

fn price_among(
    state: &AppState,
    products: &[Product],
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
    let (request, product) = LoanRequest::parse(products, product, amount, term_days, date)
        .map_err(ServiceError::Invalid)?;
    let law = rulebook
        .law
        .for_quote(date)
        .map_err(|_| ServiceError::invalid("date", Problem::DateNotCovered))?;
    quote(product, &law, request).map_err(|e| ServiceError::Internal(e.into()))
}

/// The products and the law in force today, for the calculator in the browser.
pub fn calculator_terms(state: &AppState) -> Result<CalculatorTerms, ServiceError> {
    terms_among(state, state.rulebook.products.clone())
}

/// The calculator of a logged-in borrower: their products, their limit, their rates.
pub async fn calculator_terms_for(
    state: &AppState,
    account_id: &str,
) -> Result<CalculatorTerms, ServiceError> {
    terms_among(state, products_for(state, account_id).await?)
}

fn terms_among(state: &AppState, products: Vec<Product>) -> Result<CalculatorTerms, ServiceError> {
    let today = state.config.today();
    let law = state
        .rulebook
        .law
        .for_quote(today)
        .map_err(anyhow::Error::from)?;
    Ok(CalculatorTerms {
        today,
        products,
        law,
    })
}

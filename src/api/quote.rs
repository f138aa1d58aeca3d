//! Pricing endpoints: `POST /api/quote` (the authoritative quote) and `GET /api/calculator`
//! (the products and law the browser's calculator runs on). Neither changes anything.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::quote::Quote;
use crate::wire::error::AppError;
use crate::wire::quote::CalculatorTerms;

/// Prices a loan. Form fields: `product` (`first`|`repeat`), `amount` (roubles), `term_days`,
/// optional `date` (`YYYY-MM-DD`, default today). Answers the quote as JSON with decimal strings.
#[server(name = PriceLoan, prefix = "/api", endpoint = "quote")]
pub async fn price_loan(
    #[server(default)] product: String,
    #[server(default)] amount: String,
    #[server(default)] term_days: String,
    #[server(default)] date: Option<String>,
) -> Result<Quote, AppError> {
    use super::ssr::{fail, state};
    use crate::server::services::pricing;
    pricing::price(&state()?, &product, &amount, &term_days, date.as_deref()).map_err(fail)
}

#[server(name = GetCalculatorTerms, prefix = "/api", endpoint = "calculator", input = GetUrl)]
pub async fn calculator_terms() -> Result<CalculatorTerms, AppError> {
    use super::ssr::{fail, state};
    crate::server::services::pricing::calculator_terms(&state()?).map_err(fail)
}

/// The calculator's terms for a page being rendered on the server (no request of its own).
#[cfg(feature = "ssr")]
pub fn calculator_terms_for_page() -> Option<CalculatorTerms> {
    let state = super::ssr::state().ok()?;
    crate::server::services::pricing::calculator_terms(&state).ok()
}

/// The quote of the loan a page shows, priced on the server while it renders.
#[cfg(feature = "ssr")]
pub fn price_for_page(product: &str, amount: &str, term_days: &str) -> Result<Quote, AppError> {
    let state = super::ssr::state()?;
    crate::server::services::pricing::price(&state, product, amount, term_days, None)
        .map_err(|e| e.to_app_error(super::ssr::lang()))
}

/// The calculator of the logged-in borrower: the products their loyalty tier allows, with their
/// limit and rates (a newcomer's first loan, a returning borrower's repeat loan).
#[server(name = GetMyCalculator, prefix = "/api", endpoint = "calculator/mine", input = GetUrl)]
pub async fn my_calculator_terms() -> Result<CalculatorTerms, AppError> {
    use super::ssr::{fail, session, state};
    let state = state()?;
    let session = session(&state).await?;
    crate::server::services::pricing::calculator_terms_for(&state, &session.account_id)
        .await
        .map_err(fail)
}

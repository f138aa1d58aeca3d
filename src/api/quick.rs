//! Quick payment without login (PRODUCT.md J5), from the landing page: phone and surname find
//! the loan and show only the amount due; the card is typed on the gateway's page. Rate-limited;
//! every miss gets the same answer.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::wire::error::AppError;
use crate::wire::quick::{QuickDue, QuickPayment};

/// Finds the loan to pay by phone and surname.
#[server(name = QuickFind, prefix = "/api", endpoint = "quick/find")]
pub async fn quick_find(
    #[server(default)] phone: String,
    #[server(default)] surname: String,
) -> Result<QuickDue, AppError> {
    use super::ssr::{ctx, fail, state};
    let state = state()?;
    let (_, amount) = crate::server::services::quick::find(&state, &ctx(&state), &phone, &surname)
        .await
        .map_err(fail)?;
    Ok(QuickDue {
        amount,
        key: format!("{:032x}", rand::random::<u128>()),
    })
}

/// Opens the quick payment of the amount shown; answers the gateway's page to go to.
#[server(name = QuickPay, prefix = "/api", endpoint = "quick/pay")]
pub async fn quick_pay(
    #[server(default)] phone: String,
    #[server(default)] surname: String,
    #[server(default)] amount: String,
    #[server(default)] key: String,
) -> Result<String, AppError> {
    use super::ssr::{ctx, fail, state};
    let state = state()?;
    let (amount, _) = super::loans::amount_and_early(&amount, None)?;
    crate::server::services::quick::start(&state, &ctx(&state), (&phone, &surname), amount, &key)
        .await
        .map(|(_, url)| url)
        .map_err(fail)
}

/// A quick payment's amount and status, by its id (from the gateway's return link).
#[server(name = GetQuickPayment, prefix = "/api", endpoint = "quick/status", input = GetUrl)]
pub async fn get_quick_payment(#[server(default)] id: String) -> Result<QuickPayment, AppError> {
    use super::ssr::{fail, state};
    let state = state()?;
    let p = crate::server::services::quick::payment(&state, &id)
        .await
        .map_err(fail)?;
    Ok(QuickPayment {
        amount: p.amount,
        status: p.status,
    })
}

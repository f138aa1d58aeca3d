//! The lender's published documents: `GET /api/documents` (every one in force) and
//! `GET /api/documents/one?code=…`. Public; nothing personal.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::wire::disclosure::DisclosureView;
use crate::wire::error::AppError;

#[server(name = GetDisclosures, prefix = "/api", endpoint = "documents", input = GetUrl)]
pub async fn get_disclosures() -> Result<Vec<DisclosureView>, AppError> {
    use super::ssr::{fail, state};
    crate::server::services::disclosures::in_force(&state()?)
        .await
        .map_err(fail)
}

#[server(name = GetDisclosure, prefix = "/api", endpoint = "documents/one", input = GetUrl)]
pub async fn get_disclosure(code: String) -> Result<DisclosureView, AppError> {
    use super::ssr::{fail, state};
    crate::server::services::disclosures::one(&state()?, &code)
        .await
        .map_err(fail)
}

//! The lender's published documents: each in the version in force today, with the lender's
//! configured name and INN in place of the model texts' `{lender}` and `{inn}`.

use crate::domain::disclosure::DisclosureCode;
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::disclosures::{self, DisclosureRow};
use crate::wire::disclosure::DisclosureView;

/// Every document in force today, in the order of `DisclosureCode`.
pub async fn in_force(state: &AppState) -> Result<Vec<DisclosureView>, ServiceError> {
    let today = state.config.today();
    let rows = disclosures::in_force(&state.db, &today.to_string()).await?;
    let mut views: Vec<DisclosureView> = rows
        .into_iter()
        .filter_map(|row| view(state, row))
        .collect();
    views.sort_by_key(|v| DisclosureCode::ALL.iter().position(|c| *c == v.code));
    Ok(views)
}

/// The document `code` (as the address names it) in force today.
pub async fn one(state: &AppState, code: &str) -> Result<DisclosureView, ServiceError> {
    let code = DisclosureCode::parse(code).ok_or(ServiceError::NotFound)?;
    in_force(state)
        .await?
        .into_iter()
        .find(|v| v.code == code)
        .ok_or(ServiceError::NotFound)
}

fn view(state: &AppState, row: DisclosureRow) -> Option<DisclosureView> {
    let fill = |text: &str| {
        text.replace("{lender}", &state.config.lender_name)
            .replace("{inn}", &state.config.requisites.inn)
    };
    Some(DisclosureView {
        code: DisclosureCode::parse(&row.code)?,
        title: fill(&row.title),
        version: u32::try_from(row.version).ok()?,
        effective_from: row.effective_from.parse().ok()?,
        model: row.model != 0,
        paragraphs: row
            .body
            .split("\n\n")
            .map(|p| fill(p.trim()))
            .filter(|p| !p.is_empty())
            .collect(),
    })
}

//! The sandboxes of the outside services (PRODUCT.md §6): real implementations of the ports that
//! keep everything on this machine, with the pages that play the bank's and the provider's part.
//! Only the composition root (`startup`) names this module; production never builds one.

pub mod bureau;
pub mod gateway;
pub mod identity;
pub mod outbox;
pub mod pay_page;

use axum::response::{Html, IntoResponse, Response};
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;

/// A sandbox's own page: `title`, and `body` under the sandbox's badge (escaped by Leptos).
pub fn page(title: &str, body: AnyView) -> Response {
    let body = view! { <main>{body}</main> }.to_html();
    Html(format!(
        "<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} — kabinet</title><link rel=\"stylesheet\" href=\"/offline.css\"></head>\
         <body>{body}</body></html>"
    ))
    .into_response()
}

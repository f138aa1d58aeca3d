//! The page for an address kabinet does not know; answers with status 404.
//! It offers the way home and nothing else.

use leptos::prelude::*;

use crate::i18n::use_texts;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let t = use_texts();
    view! {
        <section class="not-found">
            <h1>{t.not_found_title}</h1>
            <p>{t.not_found_text}</p>
            <a class="button primary" href="/">{t.home}</a>
        </section>
    }
}

//! The public landing page: the calculator first, then why to trust the lender.
//! It reads the calculator's starting values from the URL, so a form sent without JavaScript
//! comes back recomputed by the server.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::ui::components::calculator::{Calculator, Start};
use crate::ui::components::page_data::page_data;
use crate::ui::i18n::use_texts;

#[component]
pub fn LandingPage() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map();
    let (terms, terms_script) = page_data("calculator-terms", || {
        #[cfg(feature = "ssr")]
        return crate::api::quote::calculator_terms_for_page();
        #[cfg(not(feature = "ssr"))]
        None
    });
    let calculator = terms.and_then(|terms| {
        let q = query.read_untracked();
        Start::from_query(
            &terms,
            q.get_str("product"),
            q.get_str("amount"),
            q.get_str("term"),
        )
        .map(|start| view! { <Calculator terms start/> })
    });
    view! {
        <section class="hero">
            <h1>{t.hero_title}</h1>
            <p class="lead">{t.hero_lead}</p>
        </section>
        <p class="quick-link"><a href="/pay">{t.quick_link}</a></p>
        {terms_script}
        {match calculator {
            Some(calculator) => calculator.into_any(),
            None => view! { <p class="problem">{t.quote_unavailable}</p> }.into_any(),
        }}
        <section class="facts" aria-labelledby="facts-title">
            <h2 id="facts-title">{t.facts_title}</h2>
            <ul>{t.facts.iter().map(|f| view! { <li>{*f}</li> }).collect_view()}</ul>
        </section>
    }
}

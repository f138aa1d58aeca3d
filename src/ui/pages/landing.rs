//! The public landing page: the calculator first, then why to trust the lender.
//! It reads the calculator's starting values from the URL, so a form sent without JavaScript
//! comes back recomputed by the server.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::quote::calculator_terms;
use crate::ui::components::calculator::{Calculator, Start};
use crate::ui::i18n::use_texts;

#[component]
pub fn LandingPage() -> impl IntoView {
    let t = use_texts();
    let terms = OnceResource::new(calculator_terms());
    let query = use_query_map();
    view! {
        <section class="hero">
            <h1>{t.hero_title}</h1>
            <p class="lead">{t.hero_lead}</p>
        </section>
        <Suspense fallback=move || view! { <p class="loading">{t.loading}</p> }>
            {move || Suspend::new(async move {
                let terms = terms.await;
                let view = terms.map(|terms| {
                    let q = query.read();
                    Start::from_query(&terms, q.get_str("product"), q.get_str("amount"), q.get_str("term"))
                        .map(|start| view! { <Calculator terms start/> })
                });
                match view {
                    Ok(Some(calculator)) => calculator.into_any(),
                    Ok(None) => view! { <p class="problem">{t.quote_unavailable}</p> }.into_any(),
                    Err(e) => view! { <p class="problem">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
        <section class="facts" aria-labelledby="facts-title">
            <h2 id="facts-title">{t.facts_title}</h2>
            <ul>{t.facts.iter().map(|f| view! { <li>{*f}</li> }).collect_view()}</ul>
        </section>
    }
}

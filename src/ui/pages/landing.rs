//! The public landing page: the calculator first, then why to trust the lender.
//! It reads the calculator's starting values from the URL, so a form sent without JavaScript
//! comes back recomputed by the server.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::i18n::use_texts;
use crate::ui::components::calculator::{Calculator, Start};

#[component]
pub fn LandingPage() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map();
    // Priced on the server while it renders; the browser reads the same terms back from the
    // page when it hydrates (Leptos' SharedValue), without asking again.
    let terms = SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        return crate::api::quote::calculator_terms_for_page();
        #[cfg(not(feature = "ssr"))]
        None
    })
    .into_inner();
    // "Получить деньги" goes to sign-up, or straight to the application when the browser is
    // logged in (told by the cookie alone: a dead one ends at the login, which comes back).
    let signed_in = SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        return crate::api::ssr::has_session_cookie();
        #[cfg(not(feature = "ssr"))]
        false
    })
    .into_inner();
    let get_money = if signed_in { "/apply" } else { "/signup" };
    let calculator = terms.and_then(|terms| {
        let q = query.read_untracked();
        Start::from_query(
            &terms,
            q.get_str("product"),
            q.get_str("amount"),
            q.get_str("term"),
        )
        .map(|start| view! { <Calculator terms start get_money/> })
    });
    view! {
        <section class="hero">
            <h1>{t.hero_title}</h1>
            <p class="lead">{t.hero_lead}</p>
        </section>
        {match calculator {
            Some(calculator) => calculator.into_any(),
            None => view! { <p class="problem">{t.quote_unavailable}</p> }.into_any(),
        }}
        <p class="quick-link"><a href="/pay">{t.quick_link}</a></p>
        <section class="facts" aria-labelledby="facts-title">
            <h2 id="facts-title">{t.facts_title}</h2>
            <ul>{t.facts.iter().map(|f| view! { <li>{*f}</li> }).collect_view()}</ul>
        </section>
    }
}

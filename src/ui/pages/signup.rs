//! `/signup`: where "Получить деньги" leads, with the loan the borrower chose.
//! The sign-up wizard itself arrives with the accounts issue; this page says so plainly.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::quote::price_loan;
use crate::domain::money::Money;
use crate::ui::format;
use crate::ui::i18n::{use_lang, use_texts};

#[component]
pub fn SignupPage() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let query = use_query_map();
    let chosen = Resource::new(
        move || {
            let q = query.read();
            let get = |k: &str| q.get(k).unwrap_or_default();
            (get("product"), get("amount"), get("term"))
        },
        |(product, amount, term)| price_loan(product, amount, term, None),
    );
    view! {
        <section class="signup">
            <h1>{t.signup_title}</h1>
            <p>{t.signup_soon}</p>
            <Suspense fallback=move || view! { <p class="loading">{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match chosen.await {
                        Ok(q) => view! {
                            <dl class="chosen">
                                <div class="row"><dt>{t.you_get}</dt><dd>{q.amount.display(lang)}</dd></div>
                                <div class="row"><dt>{t.total}</dt><dd>{q.total.display(lang)}</dd></div>
                                <div class="row"><dt>{t.due_date}</dt><dd>{format::date(lang, q.due_date)}</dd></div>
                                <div class="row"><dt>{t.psk}</dt><dd>{format::percent(lang, q.psk_percent, 3)}</dd></div>
                            </dl>
                        }.into_any(),
                        Err(e) => view! { <p class="problem">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <a class="button secondary" href=move || {
                let q = query.read();
                let amount = q.get("amount").and_then(|a| Money::parse(&a)).map(format::roubles_input).unwrap_or_default();
                let term: String = q.get("term").unwrap_or_default().chars().filter(char::is_ascii_digit).collect();
                let product = if q.get_str("product") == Some("repeat") { "repeat" } else { "first" };
                format!("/?product={product}&amount={amount}&term={term}")
            }>{t.back_to_calculator}</a>
        </section>
    }
}

//! `/signup`: where "Получить деньги" leads, with the loan the borrower chose.
//! The sign-up wizard itself arrives with the accounts issue; this page says so plainly.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::error::AppError;
use crate::domain::money::Money;
use crate::domain::quote::Quote;
use crate::ui::components::page_data::page_data;
use crate::ui::format;
use crate::ui::i18n::{use_lang, use_texts};

#[component]
pub fn SignupPage() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let query = use_query_map();
    let field = move |name: &str| query.read_untracked().get(name).unwrap_or_default();
    let (product, amount, term) = (field("product"), field("amount"), field("term"));
    let back = format!(
        "/?product={}&amount={}&term={}",
        if product == "repeat" || product == "installment" {
            product.as_str()
        } else {
            "first"
        },
        Money::parse(&amount)
            .map(format::roubles_input)
            .unwrap_or_default(),
        term.chars()
            .filter(char::is_ascii_digit)
            .collect::<String>(),
    );
    let (chosen, chosen_script) = page_data::<Result<Quote, AppError>>("chosen-loan", || {
        #[cfg(feature = "ssr")]
        return Some(crate::api::quote::price_for_page(&product, &amount, &term));
        #[cfg(not(feature = "ssr"))]
        None
    });
    let summary = match chosen {
        Some(Ok(q)) => view! {
            <dl class="chosen">
                <div class="row"><dt>{t.you_get}</dt><dd>{q.amount.display(lang)}</dd></div>
                <div class="row"><dt>{t.total}</dt><dd>{q.total.display(lang)}</dd></div>
                <div class="row"><dt>{t.due_date}</dt><dd>{format::date(lang, q.due_date)}</dd></div>
                <div class="row"><dt>{t.psk}</dt><dd>{format::percent(lang, q.psk_percent, 3)}</dd></div>
            </dl>
        }
        .into_any(),
        Some(Err(e)) => view! { <p class="problem">{e.to_string()}</p> }.into_any(),
        None => view! { <p class="problem">{t.quote_unavailable}</p> }.into_any(),
    };
    view! {
        <section class="signup">
            <h1>{t.signup_title}</h1>
            <p>{t.signup_soon}</p>
            {chosen_script}
            {summary}
            <a class="button secondary" href=back>{t.back_to_calculator}</a>
        </section>
    }
}

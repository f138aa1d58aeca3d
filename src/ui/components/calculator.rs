//! The loan calculator (PRODUCT.md J1): sliders and typed inputs in sync, the quote recomputed on
//! every move by the same domain code the server uses. A plain GET form underneath, so it works
//! before (and without) WebAssembly.

use leptos::prelude::*;

use crate::api::quote::CalculatorTerms;
use crate::domain::lang::Lang;
use crate::domain::money::Money;
use crate::domain::problem::Problem;
use crate::domain::product::{Product, ProductCode};
use crate::domain::quote::{LoanRequest, Quote, quote};
use crate::ui::format;
use crate::ui::i18n::{use_lang, use_texts};

/// What the calculator shows first: the values in the URL, or the product's defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct Start {
    pub product: ProductCode,
    pub amount: Money,
    pub term_days: u32,
    /// What the borrower typed, kept when it was refused so they can correct it.
    pub amount_text: String,
    pub term_text: String,
    pub amount_problem: Option<Problem>,
    pub term_problem: Option<Problem>,
}

impl Start {
    /// Reads `product`, `amount` and `term` as a form sends them; anything unusable falls back
    /// to the product's default with the problem shown at its field.
    pub fn from_query(
        terms: &CalculatorTerms,
        product: Option<&str>,
        amount: Option<&str>,
        term: Option<&str>,
    ) -> Option<Start> {
        let code = product
            .and_then(|p| ProductCode::parse(p).ok())
            .unwrap_or(ProductCode::First);
        let p = terms
            .products
            .iter()
            .find(|p| p.code == code)
            .or(terms.products.first())?;
        let typed_amount = amount;
        let (amount, amount_problem) = match amount.map(|a| p.amount(a)) {
            None => (p.default_amount, None),
            Some(Ok(a)) => (a, None),
            Some(Err(problem)) => (p.default_amount, Some(problem)),
        };
        let (term_days, term_problem) = match term.map(|t| p.term(t)) {
            None => (p.default_term_days, None),
            Some(Ok(t)) => (t, None),
            Some(Err(problem)) => (p.default_term_days, Some(problem)),
        };
        Some(Start {
            product: p.code,
            amount,
            term_days,
            amount_text: match &amount_problem {
                Some(_) => typed_amount.map_or(String::new(), str::to_owned),
                None => format::roubles_input(amount),
            },
            term_text: match &term_problem {
                Some(_) => term.map_or(String::new(), str::to_owned),
                None => term_days.to_string(),
            },
            amount_problem,
            term_problem,
        })
    }
}

#[component]
pub fn Calculator(terms: CalculatorTerms, start: Start) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let terms = StoredValue::new(terms);
    let product = RwSignal::new(start.product);
    let amount = RwSignal::new(start.amount);
    let term = RwSignal::new(start.term_days);
    let amount_text = RwSignal::new(start.amount_text.clone());
    let term_text = RwSignal::new(start.term_text.clone());
    let amount_problem = RwSignal::new(start.amount_problem.clone());
    let term_problem = RwSignal::new(start.term_problem.clone());
    // Before hydration the form needs its "recalculate" button; after it, the numbers move live.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));

    let current = Memo::new(move |_| {
        terms.with_value(|t| t.products.iter().find(|p| p.code == product.get()).cloned())
    });
    let priced = Memo::new(move |_| -> Option<Quote> {
        let p = current.get()?;
        terms.with_value(|t| {
            let request = LoanRequest {
                product: p.code,
                amount: amount.get(),
                term_days: term.get(),
                date: t.today,
            };
            quote(&p, &t.law, request).ok()
        })
    });
    let bound =
        move |f: fn(&Product) -> String| move || current.get().map(|p| f(&p)).unwrap_or_default();

    let set_amount = move |value: Money| {
        amount.set(value);
        amount_text.set(format::roubles_input(value));
        amount_problem.set(None);
    };
    let choose_product = move |code: ProductCode| {
        product.set(code);
        if let Some(p) = current.get_untracked() {
            set_amount(p.snap_amount(amount.get_untracked()));
            let days = p.snap_term(term.get_untracked());
            term.set(days);
            term_text.set(days.to_string());
            term_problem.set(None);
        }
    };
    let on_amount_typed = move |text: String| {
        amount_text.set(text.clone());
        match current.get_untracked().map(|p| p.amount(&text)) {
            Some(Ok(value)) => {
                amount.set(value);
                amount_problem.set(None);
            }
            Some(Err(problem)) => amount_problem.set(Some(problem)),
            None => {}
        }
    };
    let on_term_typed = move |text: String| {
        term_text.set(text.clone());
        match current.get_untracked().map(|p| p.term(&text)) {
            Some(Ok(days)) => {
                term.set(days);
                term_problem.set(None);
            }
            Some(Err(problem)) => term_problem.set(Some(problem)),
            None => {}
        }
    };
    let product_choice = move |code: ProductCode| {
        view! {
            <label class="choice">
                <input
                    type="radio"
                    name="product"
                    value=code.code()
                    checked=start.product == code
                    prop:checked=move || product.get() == code
                    on:change=move |_| choose_product(code)
                />
                <span>{t.product(code)}</span>
            </label>
        }
    };
    let codes: Vec<ProductCode> = terms.with_value(|t| t.products.iter().map(|p| p.code).collect());
    let problem_text = move |p: RwSignal<Option<Problem>>| move || p.get().map(|p| p.message(lang));

    view! {
        <form class="calculator" method="get" action="/" aria-labelledby="calculator-title">
            <h2 id="calculator-title">{t.calculator_title}</h2>
            <fieldset class="products">
                <legend>{t.product_legend}</legend>
                {codes.into_iter().map(product_choice).collect_view()}
            </fieldset>

            <div class="inputs">
            <div class="field">
                <label for="amount">{t.amount_label}</label>
                <input
                    id="amount"
                    name="amount"
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    value=start.amount_text
                    prop:value=amount_text
                    aria-invalid=move || amount_problem.with(Option::is_some).to_string()
                    aria-describedby="amount-problem"
                    on:input=move |ev| on_amount_typed(event_target_value(&ev))
                />
                <input
                    id="amount-slider"
                    type="range"
                    aria-label=t.amount_label
                    min=bound(|p| format::roubles_input(p.amount_min))
                    max=bound(|p| format::roubles_input(p.amount_max))
                    step=bound(|p| format::roubles_input(p.amount_step))
                    value=format::roubles_input(start.amount)
                    prop:value=move || format::roubles_input(amount.get())
                    on:input=move |ev| {
                        let wanted = Money::parse(&event_target_value(&ev));
                        if let (Some(p), Some(wanted)) = (current.get_untracked(), wanted) {
                            set_amount(p.snap_amount(wanted));
                        }
                    }
                />
                <p class="problem" id="amount-problem" aria-live="polite">{problem_text(amount_problem)}</p>
            </div>

            <div class="field">
                <label for="term">{t.term_label}</label>
                <input
                    id="term"
                    name="term"
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    value=start.term_text
                    prop:value=term_text
                    aria-invalid=move || term_problem.with(Option::is_some).to_string()
                    aria-describedby="term-problem"
                    on:input=move |ev| on_term_typed(event_target_value(&ev))
                />
                <input
                    id="term-slider"
                    type="range"
                    aria-label=t.term_label
                    min=bound(|p| p.term_min_days.to_string())
                    max=bound(|p| p.term_max_days.to_string())
                    step=bound(|p| p.term_step_days.to_string())
                    value=start.term_days.to_string()
                    prop:value=move || term.get().to_string()
                    on:input=move |ev| {
                        let wanted = event_target_value(&ev).parse::<u32>();
                        if let (Some(p), Ok(wanted)) = (current.get_untracked(), wanted) {
                            let days = p.snap_term(wanted);
                            term.set(days);
                            term_text.set(days.to_string());
                            term_problem.set(None);
                        }
                    }
                />
                <p class="problem" id="term-problem" aria-live="polite">{problem_text(term_problem)}</p>
            </div>
            </div>

            <QuoteView quote=priced/>

            <div class="actions">
                <button type="submit" class="secondary" formaction="/" class:hidden=hydrated>
                    {t.recompute}
                </button>
                <button type="submit" class="primary" formaction="/signup">{t.get_money}</button>
            </div>
        </form>
    }
}

#[component]
fn QuoteView(quote: Memo<Option<Quote>>) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let row = move |label: &'static str, id: &'static str, show: fn(&Quote, Lang) -> String| {
        view! {
            <div class="row">
                <dt>{label}</dt>
                <dd id=id>{move || quote.with(|q| q.as_ref().map(|q| show(q, lang)))}</dd>
            </div>
        }
    };
    view! {
        <section class="quote" aria-labelledby="quote-title" aria-live="polite">
            <h3 id="quote-title">{t.quote_title}</h3>
            <Show
                when=move || quote.with(Option::is_some)
                fallback=move || view! { <p class="problem">{t.quote_unavailable}</p> }
            >
                <dl>
                    {row(t.you_get, "q-amount", |q, l| q.amount.display(l))}
                    {row(t.interest, "q-interest", |q, l| q.interest.display(l))}
                    {row(t.total, "q-total", |q, l| q.total.display(l))}
                    {row(t.due_date, "q-due", |q, l| format::date(l, q.due_date))}
                    {row(t.daily_rate, "q-rate", |q, l| format::percent(l, q.daily_rate, 1))}
                    {row(t.psk, "q-psk", |q, l| format::percent(l, q.psk_percent, 3))}
                    {row(t.psk_rub, "q-psk-rub", |q, l| q.psk_rub.display(l))}
                    {row(t.cap, "q-cap", |q, l| q.cap_rub.display(l))}
                </dl>
                {move || quote.with(|q| q.as_ref().filter(|q| q.payments.len() > 1).map(|q| {
                    let first = q.payments[0].total.display(lang);
                    let count = q.payments.len();
                    view! {
                        <dl class="installments">
                            <div class="row"><dt>{t.installment_payment}</dt><dd id="q-installment">{first}</dd></div>
                            <div class="row"><dt>{t.payments_count}</dt><dd id="q-payments">{count}</dd></div>
                        </dl>
                    }
                }))}
                <p class="note">{t.cap_note}</p>
                {move || quote.with(|q| q.as_ref().and_then(|q| q.rate_after_due)).map(|after| view! {
                    <p class="promo">
                        {t.promo_note} " " {t.rate_after_due} " " {format::percent(lang, after, 1)} "."
                    </p>
                })}
            </Show>
        </section>
    }
}

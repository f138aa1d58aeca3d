//! The loan calculator (PRODUCT.md J1): sliders and typed inputs in sync, the quote recomputed on
//! every move by the same domain code the server uses. A plain GET form underneath, so it works
//! before (and without) WebAssembly.

use leptos::prelude::*;

use crate::domain::lang::Lang;
use crate::domain::money::Money;
use crate::domain::problem::Problem;
use crate::domain::product::{Product, ProductCode};
use crate::domain::quote::{LoanRequest, Quote, quote};
use crate::i18n::{use_lang, use_texts};
use crate::ui::format;
use crate::wire::quote::CalculatorTerms;

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

/// `get_money` is where "Получить деньги" sends the chosen loan: sign-up on the landing page,
/// the application in the cabinet.
#[component]
pub fn Calculator(
    terms: CalculatorTerms,
    start: Start,
    #[prop(default = "/signup")] get_money: &'static str,
) -> impl IntoView {
    let t = use_texts();
    let terms = StoredValue::new(terms);
    let product = RwSignal::new(start.product);
    let amount = Field::new(start.amount, &start.amount_text, &start.amount_problem);
    let term = Field::new(start.term_days, &start.term_text, &start.term_problem);
    // Before hydration the form needs its "recalculate" button; after it, the numbers move live.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));

    let current = Memo::new(move |_| {
        terms.with_value(|t| t.products.iter().find(|p| p.code == product.get()).cloned())
    });
    // No quote while a field holds what cannot be lent: the last good one would be a lie.
    let invalid =
        Signal::derive(move || amount.problem.read().is_some() || term.problem.read().is_some());
    let priced = Memo::new(move |_| -> Option<Quote> {
        if invalid.get() {
            return None;
        }
        let p = current.get()?;
        terms.with_value(|t| {
            let request = LoanRequest {
                product: p.code,
                amount: amount.value.get(),
                term_days: term.value.get(),
                date: t.today,
            };
            quote(&p, &t.law, request).ok()
        })
    });
    let bound =
        move |f: fn(&Product) -> String| move || current.get().map(|p| f(&p)).unwrap_or_default();

    let choose_product = move |code: ProductCode| {
        product.set(code);
        if let Some(p) = current.get_untracked() {
            amount.set(
                p.snap_amount(amount.value.get_untracked()),
                format::roubles_input,
            );
            term.set(p.snap_term(term.value.get_untracked()), |d| d.to_string());
        }
    };
    let with_product = move |f: &dyn Fn(&Product)| {
        if let Some(p) = current.get_untracked() {
            f(&p)
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

    view! {
        <form class="calculator" method="get" action="/" aria-labelledby="calculator-title">
            <h2 id="calculator-title">{t.calculator_title}</h2>
            <fieldset class="products">
                <legend>{t.product_legend}</legend>
                {codes.into_iter().map(product_choice).collect_view()}
            </fieldset>

            <div class="inputs">
            <SliderField
                id="amount"
                label=t.amount_label
                field=amount.text_and_problem()
                start_text=start.amount_text
                start_slider=format::roubles_input(start.amount)
                slider=Signal::derive(move || format::roubles_input(amount.value.get()))
                min=Signal::derive(bound(|p| format::roubles_input(p.amount_min)))
                max=Signal::derive(bound(|p| format::roubles_input(p.amount_max)))
                step=Signal::derive(bound(|p| format::roubles_input(p.amount_step)))
                on_typed=Callback::new(move |text: String| {
                    with_product(&|p| amount.typed(&text, p.amount(&text)))
                })
                on_slid=Callback::new(move |text: String| {
                    with_product(&|p| {
                        if let Some(wanted) = Money::parse(&text) {
                            amount.set(p.snap_amount(wanted), format::roubles_input);
                        }
                    })
                })
            />
            <SliderField
                id="term"
                label=t.term_label
                field=term.text_and_problem()
                start_text=start.term_text
                start_slider=start.term_days.to_string()
                slider=Signal::derive(move || term.value.get().to_string())
                min=Signal::derive(bound(|p| p.term_min_days.to_string()))
                max=Signal::derive(bound(|p| p.term_max_days.to_string()))
                step=Signal::derive(bound(|p| p.term_step_days.to_string()))
                on_typed=Callback::new(move |text: String| {
                    with_product(&|p| term.typed(&text, p.term(&text)))
                })
                on_slid=Callback::new(move |text: String| {
                    with_product(&|p| {
                        if let Ok(wanted) = text.parse::<u32>() {
                            term.set(p.snap_term(wanted), |d| d.to_string());
                        }
                    })
                })
            />
            </div>

            <QuoteView quote=priced invalid/>

            <div class="actions">
                <button type="submit" class="secondary" formaction="/" class:hidden=hydrated>
                    {t.recompute}
                </button>
                <button type="submit" class="primary" formaction=get_money
                    disabled=move || invalid.get()>{t.get_money}</button>
            </div>
            <QuoteNotes quote=priced/>
        </form>
    }
}

/// One number the borrower sets: its value, the text in its box, and what is wrong with that text.
#[derive(Clone, Copy)]
struct Field<T: Send + Sync + 'static> {
    value: RwSignal<T>,
    text: RwSignal<String>,
    problem: RwSignal<Option<Problem>>,
}

impl<T: Clone + Send + Sync + 'static> Field<T> {
    fn new(value: T, text: &str, problem: &Option<Problem>) -> Self {
        Field {
            value: RwSignal::new(value),
            text: RwSignal::new(text.to_owned()),
            problem: RwSignal::new(problem.clone()),
        }
    }

    /// A value from a slider or a product switch: always valid, shown in the box.
    fn set(&self, value: T, show: fn(T) -> String) {
        self.text.set(show(value.clone()));
        self.value.set(value);
        self.problem.set(None);
    }

    /// What the borrower typed: kept as typed; the value moves only when it is valid.
    fn typed(&self, text: &str, parsed: Result<T, Problem>) {
        self.text.set(text.to_owned());
        match parsed {
            Ok(value) => {
                self.value.set(value);
                self.problem.set(None);
            }
            Err(problem) => self.problem.set(Some(problem)),
        }
    }

    fn text_and_problem(&self) -> (RwSignal<String>, RwSignal<Option<Problem>>) {
        (self.text, self.problem)
    }
}

/// A typed input named `id` (what the form sends) with a slider beside it and its problem below.
#[component]
fn SliderField(
    id: &'static str,
    label: &'static str,
    field: (RwSignal<String>, RwSignal<Option<Problem>>),
    start_text: String,
    start_slider: String,
    #[prop(into)] slider: Signal<String>,
    #[prop(into)] min: Signal<String>,
    #[prop(into)] max: Signal<String>,
    #[prop(into)] step: Signal<String>,
    on_typed: Callback<String>,
    on_slid: Callback<String>,
) -> impl IntoView {
    let lang = use_lang();
    let (text, problem) = field;
    let problem_id = format!("{id}-problem");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                name=id
                type="text"
                inputmode="numeric"
                autocomplete="off"
                value=start_text
                prop:value=text
                aria-invalid=move || problem.with(Option::is_some).to_string()
                aria-describedby=problem_id.clone()
                on:input=move |ev| on_typed.run(event_target_value(&ev))
            />
            <input
                id=format!("{id}-slider")
                type="range"
                aria-label=label
                min=min
                max=max
                step=step
                value=start_slider
                prop:value=slider
                on:input=move |ev| on_slid.run(event_target_value(&ev))
            />
            <p class="problem" id=problem_id aria-live="polite">
                {move || problem.get().map(|p| p.message(lang))}
            </p>
        </div>
    }
}

#[component]
fn QuoteView(quote: Memo<Option<Quote>>, invalid: Signal<bool>) -> impl IntoView {
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
                fallback=move || view! {
                    <p class="problem" id="quote-problem">
                        {move || if invalid.get() { t.quote_needs_fix } else { t.quote_unavailable }}
                    </p>
                }
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
            </Show>
        </section>
    }
}

/// What the quote's numbers mean: the legal cap, and the promo's rate after the due date.
/// Under the button, so that on a phone the numbers and the button share the first screen.
#[component]
fn QuoteNotes(quote: Memo<Option<Quote>>) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    view! {
        <div class="quote-notes">
            <p class="note">{t.cap_note}</p>
            {move || quote.with(|q| q.as_ref().and_then(|q| q.rate_after_due)).map(|after| view! {
                <p class="promo">
                    {t.promo_note} " " {t.rate_after_due} " " {format::percent(lang, after, 1)} "."
                </p>
            })}
        </div>
    }
}

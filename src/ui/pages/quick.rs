//! `/pay`: quick payment without login (PRODUCT.md J5). Phone and surname find the loan and
//! show only the amount due; "Оплатить картой" sends the browser to the gateway's page, which
//! brings it back here with `?payment=<id>` to say how it went.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::quick::{QuickFind, QuickPay, get_quick_payment};
use crate::domain::payment::PaymentStatus;
use crate::i18n::money::use_money_texts;
use crate::i18n::use_lang;
use crate::ui::components::form::{
    Answer, FormProblem, Input, checks, field_problem, form_problem, go, load, ready,
};

#[component]
pub fn QuickPayPage() -> impl IntoView {
    let t = use_money_texts();
    // Followed from the address each time it changes: "Оплатить ещё" (`/pay` from
    // `/pay?payment=…`) is a move within this same page, which must show the form again.
    let query = use_query_map();
    let returned = Memo::new(move |_| query.read().get("payment").filter(|id| !id.is_empty()));
    view! {
        <section class="account narrow" data-ready=ready()>
            <h1>{t.quick_title}</h1>
            {move || match returned.get() {
                Some(id) => view! { <QuickResult id/> }.into_any(),
                None => view! { <QuickForm/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn QuickForm() -> impl IntoView {
    let t = use_money_texts();
    let lang = use_lang();
    let find = ServerAction::<QuickFind>::new();
    let found: Answer<_> = Signal::derive(move || find.value().get());
    let pay = ServerAction::<QuickPay>::new();
    let paying: Answer<_> = Signal::derive(move || pay.value().get());
    Effect::new(move |_| {
        if let Some(Ok(url)) = &*paying.read() {
            go(url);
        }
    });
    let (phone, surname) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    view! {
        <p class="lead">{t.quick_lead}</p>
        <ActionForm action=find>
            <Input label=t.phone name="phone" kind="tel" autocomplete="tel" value=phone
                check=checks::phone problem=field_problem(found, "phone")/>
            <Input label=t.surname name="surname" autocomplete="family-name" value=surname
                problem=field_problem(found, "surname")/>
            <FormProblem problem=form_problem(found, &["phone", "surname"])/>
            <button type="submit" class="primary" disabled=move || find.pending().get()>{t.quick_find}</button>
        </ActionForm>
        {move || match found.get() {
            Some(Ok(due)) => Some(view! {
                <ActionForm action=pay attr:class="quick-pay">
                    <p class="next">{t.quick_due}": "<strong id="quick-due">{due.amount.display(lang)}</strong></p>
                    <input type="hidden" name="phone" value=phone.get_untracked()/>
                    <input type="hidden" name="surname" value=surname.get_untracked()/>
                    <input type="hidden" name="amount" value=due.amount.as_decimal().round_dp(2).to_string()/>
                    <input type="hidden" name="key" value=due.key/>
                    <p class="hint">{t.other_card_hint}</p>
                    <FormProblem problem=form_problem(paying, &[])/>
                    <button type="submit" class="primary" disabled=move || pay.pending().get()>{t.quick_pay}</button>
                </ActionForm>
            }),
            _ => None,
        }}
    }
}

/// Back from the gateway's page: the payment's amount and how it went (asked again each second
/// until the bank's word is in).
#[component]
fn QuickResult(id: String) -> impl IntoView {
    let t = use_money_texts();
    let lang = use_lang();
    let tick = RwSignal::new(0u32);
    let id = StoredValue::new(id);
    let payment = load(tick, move || get_quick_payment(id.get_value()));
    Effect::new(move |_| {
        if matches!(&*payment.read(), Some(Ok(p)) if !matches!(p.status, PaymentStatus::Done | PaymentStatus::Failed))
        {
            set_timeout(
                move || tick.update(|v| *v += 1),
                std::time::Duration::from_secs(1),
            );
        }
    });
    move || match &*payment.read() {
        Some(Ok(p)) => {
            let said = match p.status {
                PaymentStatus::Done => t.quick_done,
                PaymentStatus::Failed => t.card_failed,
                _ => t.in_progress,
            };
            view! {
                <p class="done" role="status" id="quick-result">{said}" "{p.amount.display(lang)}</p>
                <p><a href="/pay">{t.quick_again}</a></p>
            }
            .into_any()
        }
        Some(Err(e)) => view! { <p class="problem" role="alert">{e.to_string()}</p> }.into_any(),
        None => ().into_any(),
    }
}

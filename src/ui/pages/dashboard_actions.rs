//! What the dashboard lets the borrower do with an open loan (PRODUCT.md J5–J7): repay by a
//! bound card (the amount pre-filled, confirmed by an SMS code that names it) or by another card
//! on the gateway's page, prolong with the price and the agreement signed by code, or pay by
//! bank transfer with the payment QR code. Each form works without JavaScript too (its start
//! comes back as `?confirm=<key>`).

use leptos::prelude::*;

use crate::api::loans::{
    ConfirmPayment, StartHostedPayment, StartPayment, StartProlongation, get_prolongation,
    get_transfer,
};
use crate::domain::money::Money;
use crate::domain::payment::PaymentStatus;
use crate::i18n::money::use_money_texts;
use crate::i18n::use_lang;
use crate::ui::components::form::{
    Answer, CodeField, CopyButton, FormProblem, Input, field_problem, form_problem, go, load,
};
use crate::ui::format::date;
use crate::ui::pages::dashboard::Refresh;
use crate::wire::loans::{CardChoice, DashboardLoan, PaymentView};

fn input_amount(m: Money) -> String {
    m.as_decimal().round_dp(2).to_string()
}

/// A form's code step. It shows while a code is awaited: after the start's answer (with
/// JavaScript), or at `?confirm=<key>` in the address, where a start posted without JavaScript
/// comes back to (its key ends with the form's `suffix`). "Отменить" goes back to the form with
/// a fresh key, so a changed amount or card is a new payment, never a key reused.
#[derive(Clone, Copy)]
struct CodeStep {
    shown: Signal<bool>,
    /// The key of the payment the code confirms.
    confirm_key: Signal<String>,
    /// The key the start form sends.
    start_key: RwSignal<String>,
    /// The amount the code was sent for, once the start has answered.
    amount: Signal<Option<Money>>,
    cancel: Callback<()>,
}

fn code_step<A>(
    start: ServerAction<A>,
    started: Answer<PaymentView>,
    key: String,
    suffix: &'static str,
) -> CodeStep
where
    A: leptos::server_fn::ServerFn + Clone + Send + Sync + 'static,
    A::Output: Send + Sync + 'static,
    A::Error: Send + Sync + 'static,
{
    let returned = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("confirm")
        .filter(|k| k.ends_with(suffix));
    let from_address = RwSignal::new(returned.is_some());
    let start_key = RwSignal::new(key.clone());
    let fallback = returned.unwrap_or(key.clone());
    let shown = Signal::derive(move || match &*started.read() {
        Some(Ok(p)) => p.status == PaymentStatus::AwaitingCode,
        Some(Err(_)) => false,
        None => from_address.get(),
    });
    let confirm_key = Signal::derive(move || match &*started.read() {
        Some(Ok(p)) => p.key.clone(),
        _ => fallback.clone(),
    });
    let amount = Signal::derive(move || match &*started.read() {
        Some(Ok(p)) => Some(p.amount),
        _ => None,
    });
    let base = key.trim_end_matches(suffix).to_owned();
    let cancel = Callback::new(move |()| {
        start.value().set(None);
        from_address.set(false);
        start_key.update(|k| {
            let n = k.len();
            *k = format!("{base}_{n}{suffix}");
        });
    });
    CodeStep {
        shown,
        confirm_key,
        start_key,
        amount,
        cancel,
    }
}

#[component]
fn CardSelect(cards: Vec<CardChoice>) -> impl IntoView {
    let t = use_money_texts();
    let options = cards
        .into_iter()
        .map(|c| view! { <option value=c.id>{c.label}</option> })
        .collect_view();
    view! {
        <div class="field">
            <label for="f-card_id">{t.card}</label>
            <select id="f-card_id" name="card_id">{options}</select>
        </div>
    }
}

/// The code step of a payment: `shown` only while a code is awaited (so one code field is on
/// the page at a time), with the amount the code was sent for and a way back to the form; once
/// the payment is through it says `done` and reloads.
#[component]
fn CodeForm(
    step: CodeStep,
    refresh: Refresh,
    /// Where "Отменить" goes without JavaScript: the form's tab.
    back: &'static str,
    done: &'static str,
    submit: &'static str,
) -> impl IntoView {
    let t = use_money_texts();
    let lang = use_lang();
    let action = ServerAction::<ConfirmPayment>::new();
    let answer: Answer<_> = Signal::derive(move || action.value().get());
    Effect::new(move |_| match &*answer.read() {
        Some(Ok(p)) if p.status == PaymentStatus::Done => {
            refresh.notice.set(Some(done));
            refresh.version.update(|v| *v += 1);
        }
        Some(Ok(_)) => refresh.notice.set(Some(t.in_progress)),
        _ => {}
    });
    view! {
        {move || step.shown.get().then(|| view! {
            <ActionForm action=action attr:class="code-step">
                <p role="status">{t.code_sent}
                    {move || step.amount.get().map(|m| view! {
                        " "{t.code_for}" "<strong id="code-amount">{m.display(lang)}</strong>"."
                    })}
                </p>
                <input type="hidden" name="key" value=move || step.confirm_key.get()
                    prop:value=move || step.confirm_key.get()/>
                <CodeField label=t.code answer/>
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || action.pending().get()>{submit}</button>
                    <a class="button secondary" href=back
                        on:click=move |ev| { ev.prevent_default(); step.cancel.run(()); }>{t.cancel}</a>
                </div>
                <p class="hint">{t.code_resend_hint}</p>
            </ActionForm>
        })}
    }
}

#[component]
pub fn RepayForm(
    loan: DashboardLoan,
    cards: Vec<CardChoice>,
    key: String,
    refresh: Refresh,
) -> impl IntoView {
    let t = use_money_texts();
    let lang = use_lang();
    let start = ServerAction::<StartPayment>::new();
    let started: Answer<_> = Signal::derive(move || start.value().get());
    // The server's offer: the next payment, never more than the debt it takes today.
    let next = loan.pay_next;
    let amount = RwSignal::new(input_amount(next));
    let debt = loan.debt;
    let step = code_step(start, started, key.clone(), "-r");
    let code_sent = step.shown;
    let early = RwSignal::new(String::from("smaller_installment"));
    let installments = loan.installments;
    let hosted =
        view! { <HostedForm loan_id=loan.id.clone() amount early key=format!("{key}-h")/> };
    // An installment loan: what a payment above the next one shortens (PRODUCT.md J7).
    let early_choice = move || {
        installments.then(|| {
            view! {
                <div class="field">
                    <label for="f-early">{t.early_choice}</label>
                    <select id="f-early" name="early"
                        on:change=move |ev| early.set(event_target_value(&ev))>
                        <option value="smaller_installment">{t.early_smaller}</option>
                        <option value="shorter_term">{t.early_shorter}</option>
                    </select>
                </div>
            }
        })
    };
    let choices = view! {
        <p class="choices">
            <button type="button" class="secondary" on:click=move |_| amount.set(input_amount(next))>
                {t.fill_next}" "{next.display(lang)}</button>" "
            <button type="button" class="secondary" on:click=move |_| amount.set(input_amount(debt))>
                {t.fill_all}" "{debt.display(lang)}</button>
        </p>
    };
    if cards.is_empty() {
        return view! {
            <h2>{t.repay_title}</h2>
            <p class="hint">{t.no_card}</p>
            <Input label=t.amount name="amount" inputmode="decimal" value=amount
                problem=Signal::derive(|| None::<String>)/>
            {choices}
            {early_choice}
            {hosted}
        }
        .into_any();
    }
    view! {
        <h2>{t.repay_title}</h2>
        <p class="hint">{t.early_note}</p>
        <ActionForm action=start attr:class="repay" attr:hidden=move || code_sent.get()>
            <input type="hidden" name="loan_id" value=loan.id.clone()/>
            <input type="hidden" name="key" value=key.clone() prop:value=move || step.start_key.get()/>
            <CardSelect cards/>
            <Input label=t.amount name="amount" inputmode="decimal" value=amount
                problem=field_problem(started, "amount")/>
            {choices}
            {early_choice}
            <FormProblem problem=form_problem(started, &["amount"])/>
            <button type="submit" class="primary" disabled=move || start.pending().get()>{t.pay}</button>
        </ActionForm>
        <CodeForm step refresh back="/cabinet?tab=repay" done=t.paid submit=t.confirm_payment/>
        <div hidden=move || code_sent.get()>{hosted}</div>
    }
    .into_any()
}

/// Payment of the `amount` typed above by another card, on the gateway's page (the browser is
/// sent there; it comes back to the cabinet with the payment's id).
#[component]
fn HostedForm(
    loan_id: String,
    amount: RwSignal<String>,
    early: RwSignal<String>,
    key: String,
) -> impl IntoView {
    let t = use_money_texts();
    let start = ServerAction::<StartHostedPayment>::new();
    let started = Signal::derive(move || start.value().get());
    Effect::new(move |_| {
        if let Some(Ok(s)) = &*started.read() {
            go(&s.url);
        }
    });
    view! {
        <ActionForm action=start attr:class="hosted">
            <input type="hidden" name="loan_id" value=loan_id/>
            <input type="hidden" name="key" value=key/>
            <input type="hidden" name="amount" prop:value=move || amount.get()/>
            <input type="hidden" name="early" prop:value=move || early.get()/>
            <p class="hint">{t.other_card_hint}</p>
            <label class="check"><input type="checkbox" name="save" value="on"/>" "{t.save_card}</label>
            <FormProblem problem=form_problem(started, &[])/>
            <button type="submit" class="secondary" disabled=move || start.pending().get()>{t.other_card}</button>
        </ActionForm>
    }
}

#[component]
pub fn ProlongForm(
    loan: DashboardLoan,
    cards: Vec<CardChoice>,
    key: String,
    refresh: Refresh,
) -> impl IntoView {
    let t = use_money_texts();
    let lang = use_lang();
    let Some(offer) = loan.prolongation.clone() else {
        return loan
            .prolongation_refused
            .map(|why| view! { <h2>{t.prolong_title}</h2><p class="hint" id="prolong-refused">{why}</p> })
            .into_any();
    };
    let start = ServerAction::<StartProlongation>::new();
    let started: Answer<_> = Signal::derive(move || start.value().get());
    let step = code_step(start, started, key.clone(), "-p");
    let code_sent = step.shown;
    let loan_id = StoredValue::new(loan.id.clone());
    let agreement = load(RwSignal::new(0), move || {
        get_prolongation(loan_id.get_value(), String::new())
    });
    view! {
        <h2>{t.prolong_title}</h2>
        <p class="prolong-offer">{t.prolong_offer}" "
            <strong>{offer.price.display(lang)}</strong>" → "{t.due_date}" "
            <strong id="new-due-date">{date(lang, offer.new_due_date)}</strong></p>
        <details>
            <summary>{t.agreement_text}</summary>
            {move || match &*agreement.read() {
                Some(Ok(q)) => view! { <article class="document" inner_html=q.agreement_html.clone()></article> }.into_any(),
                Some(Err(e)) => view! { <p class="problem">{e.to_string()}</p> }.into_any(),
                None => ().into_any(),
            }}
        </details>
        <ActionForm action=start attr:class="prolong" attr:hidden=move || code_sent.get()>
            <input type="hidden" name="loan_id" value=loan.id.clone()/>
            <input type="hidden" name="key" value=key.clone() prop:value=move || step.start_key.get()/>
            <input type="hidden" name="days" value=offer.days.to_string()/>
            {(!offer.price.is_zero() && !cards.is_empty()).then(|| view! { <CardSelect cards=cards.clone()/> })}
            <FormProblem problem=form_problem(started, &[])/>
            <button type="submit" class="primary" disabled=move || start.pending().get()>{t.prolong_send}</button>
        </ActionForm>
        <CodeForm step refresh back="/cabinet?tab=prolong" done=t.prolonged submit=t.prolong_sign/>
    }
    .into_any()
}

#[component]
pub fn TransferPanel(loan_id: String) -> impl IntoView {
    let t = use_money_texts();
    let lang = use_lang();
    let id = StoredValue::new(loan_id.clone());
    let transfer = load(RwSignal::new(0), move || get_transfer(id.get_value()));
    view! {
        <h2>{t.transfer_title}</h2>
        <details class="transfer">
            <summary>{t.transfer_show}</summary>
            <p class="notice">{t.transfer_warning}</p>
            {move || match &*transfer.read() {
                Some(Ok(tr)) => view! {
                    <dl class="contacts">
                        <div class="row"><dt>{t.recipient}</dt><dd>{tr.name.clone()}" "<CopyButton text=tr.name.clone()/></dd></div>
                        <div class="row"><dt>{t.inn}</dt><dd>{tr.inn.clone()}" "<CopyButton text=tr.inn.clone()/></dd></div>
                        <div class="row"><dt>{t.account}</dt><dd>{tr.account.clone()}" "<CopyButton text=tr.account.clone()/></dd></div>
                        <div class="row"><dt>{t.bank}</dt><dd>{tr.bank_name.clone()}</dd></div>
                        <div class="row"><dt>{t.bik}</dt><dd>{tr.bik.clone()}" "<CopyButton text=tr.bik.clone()/></dd></div>
                        <div class="row"><dt>{t.correspondent}</dt><dd>{tr.correspondent_account.clone()}" "<CopyButton text=tr.correspondent_account.clone()/></dd></div>
                        <div class="row"><dt>{t.sum}</dt><dd>{tr.sum.display(lang)}</dd></div>
                        <div class="row"><dt>{t.purpose}</dt><dd>{tr.purpose.clone()}" "<CopyButton text=tr.purpose.clone()/></dd></div>
                    </dl>
                    <img class="qr" src=format!("/documents/loans/{loan_id}/qr.png") alt=t.qr_alt width="264" height="264"/>
                }.into_any(),
                Some(Err(e)) => view! { <p class="problem">{e.to_string()}</p> }.into_any(),
                None => ().into_any(),
            }}
        </details>
    }
}

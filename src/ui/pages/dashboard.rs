//! The cabinet's first screen for a paid-out loan (PRODUCT.md J4–J7): the debt today and the next
//! payment first, then repayment by a bound card (the amount pre-filled, confirmed by SMS code)
//! or by another card on the gateway's page (followed on return, `?payment=<id>`),
//! prolongation with its price and agreement, bank transfer with the payment QR code, the
//! schedule, the operations with their receipts, and the documents. Rendered on the server with
//! the rest of `/cabinet` (sent `no-store`: never kept by a cache); reloaded after each payment.

use leptos::prelude::*;

use crate::api::loans::{
    ConfirmPayment, StartHostedPayment, StartPayment, StartProlongation, get_payment,
    get_prolongation, get_transfer,
};
use crate::domain::money::Money;
use crate::domain::payment::PaymentStatus;
use crate::i18n::account::use_account_texts;
use crate::i18n::money::use_money_texts;
use crate::i18n::plural::DAYS;
use crate::i18n::use_lang;
use crate::ui::components::form::{
    Answer, CodeField, FormProblem, Input, field_problem, form_problem, go, load,
};
use crate::ui::format::date;
use crate::ui::pages::apply_steps::TermsLinks;
use crate::wire::loans::{
    CabinetView, CardChoice, DashboardLoan, DashboardStatus, HistoryKind, PaymentView,
};

/// The borrower's loan once paid out, or `fallback` (no loan, an application, cooling-off).
/// `cabinet` comes rendered from the server; `refresh` reloads it after a payment.
#[component]
pub fn Dashboard(cabinet: CabinetView, refresh: Refresh, fallback: ViewFn) -> impl IntoView {
    match cabinet.loan {
        Some(loan) if loan.status.paid_out() => view! {
            <LoanScreen loan cards=cabinet.cards key=cabinet.key refresh/>
        }
        .into_any(),
        _ => fallback.run(),
    }
}

/// The borrower is back from the gateway's page with a payment (`?payment=<id>`): asks how it
/// went (once a second until the bank's word is in), then says so and reloads the dashboard,
/// once. It stands outside what it reloads, so the reload does not start it again.
#[component]
pub fn PaymentReturn(refresh: Refresh) -> impl IntoView {
    let returned = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("payment")
        .filter(|id| !id.is_empty());
    returned.map(|id| view! { <FollowPayment id refresh/> })
}

#[component]
fn FollowPayment(id: String, refresh: Refresh) -> impl IntoView {
    let t = use_money_texts();
    let tick = RwSignal::new(0u32);
    let id = StoredValue::new(id);
    let payment = load(tick, move || get_payment(id.get_value()));
    Effect::new(move |_| match &*payment.read() {
        Some(Ok(p)) if p.status == PaymentStatus::Done => {
            refresh.notice.set(Some(t.paid));
            refresh.version.update(|v| *v += 1);
        }
        Some(Ok(p)) if p.status == PaymentStatus::Failed => refresh.notice.set(Some(t.card_failed)),
        Some(Ok(_)) => {
            refresh.notice.set(Some(t.in_progress));
            set_timeout(
                move || tick.update(|v| *v += 1),
                std::time::Duration::from_secs(1),
            );
        }
        _ => {}
    });
    move || match &*payment.read() {
        Some(Err(e)) => Some(view! { <p class="problem" role="alert">{e.to_string()}</p> }),
        _ => None,
    }
}

fn input_amount(m: Money) -> String {
    m.as_decimal().round_dp(2).to_string()
}

#[component]
fn LoanScreen(
    loan: DashboardLoan,
    cards: Vec<CardChoice>,
    key: String,
    refresh: Refresh,
) -> impl IntoView {
    let t = use_money_texts();
    let a = use_account_texts();
    let lang = use_lang();
    let open = loan.status != DashboardStatus::Repaid;
    let status = match loan.status {
        DashboardStatus::Overdue => format!(
            "{} {}",
            t.status_overdue,
            DAYS.count(lang, loan.overdue_days.into())
        ),
        DashboardStatus::Repaid => t.status_repaid.to_owned(),
        _ => t.status_active.to_owned(),
    };
    let next = loan.next_payment.map(|p| {
        view! {
            <p class="next">{t.next_payment}": "<strong id="next-payment">{p.amount.display(lang)}</strong>
                " "{t.due_by}" "<span id="next-date">{date(lang, p.on)}</span></p>
        }
    });
    let rows = [
        (t.principal, loan.principal),
        (t.interest, loan.interest),
        (t.penalty, loan.penalty),
        (t.fees, loan.fees),
        (t.cap, loan.cap),
        (t.cap_room, loan.cap_room),
        (t.balance, loan.balance),
    ]
    .into_iter()
    .filter(|(_, m)| !m.is_zero() || open)
    .map(|(label, m)| view! { <div class="row"><dt>{label}</dt><dd>{m.display(lang)}</dd></div> })
    .collect_view();
    let schedule = loan
        .schedule
        .iter()
        .map(|p| {
            view! {
                <tr><td>{date(lang, p.on)}</td><td>{p.principal.display(lang)}</td>
                    <td>{p.charges.display(lang)}</td><td>{p.total.display(lang)}</td></tr>
            }
        })
        .collect_view();
    let history = loan
        .history
        .iter()
        .map(|h| {
            let kind = match h.kind {
                HistoryKind::Payout => t.kind_payout,
                HistoryKind::Prolongation => t.kind_prolongation,
                HistoryKind::Payment => t.kind_payment,
            };
            let receipt = h.payment_id.clone().map(|id| view! {
                " · "<a href=format!("/documents/receipts/{id}") target="_blank" rel="noopener">{t.receipt}</a>
                " "<a href=format!("/documents/receipts/{id}/pdf") download="receipt.pdf">"PDF"</a>
            });
            let agreement = (h.kind == HistoryKind::Prolongation).then(|| h.payment_id.clone()).flatten().map(|id| view! {
                " · "<a href=format!("/documents/agreements/{id}") target="_blank" rel="noopener">{t.agreement}</a>
                " "<a href=format!("/documents/agreements/{id}/pdf") download="agreement.pdf">"PDF"</a>
            });
            view! {
                <li data-kind=h.kind.code()>{date(lang, h.on)}" — "{kind}" "{h.amount.display(lang)}{receipt}{agreement}</li>
            }
        })
        .collect_view();
    let head = t.schedule_head.map(|h| view! { <th scope="col">{h}</th> });
    view! {
        <section class="loan-dashboard" data-loan=loan.status.code()>
            <div class="debt-card">
                <p class="label">{t.debt_today}</p>
                <p class="debt" id="debt">{loan.debt.display(lang)}</p>
                {next}
                <p class="status">{status}
                    {loan.due_date.map(|d| view! { " · "{t.due_date}" "<span id="due-date">{date(lang, d)}</span> })}
                </p>
            </div>
            <p class="done" role="status">{move || refresh.notice.get()}</p>
            <dl class="contacts">{rows}</dl>
            {open.then(|| view! {
                <RepayForm loan=loan.clone() cards=cards.clone() key=format!("{key}-r") refresh/>
                <ProlongForm loan=loan.clone() cards=cards.clone() key=format!("{key}-p") refresh/>
                <TransferPanel loan_id=loan.id.clone()/>
            })}
            {(!loan.schedule.is_empty()).then(|| view! {
                <h2>{t.schedule_title}</h2>
                <table class="schedule"><thead><tr>{head}</tr></thead><tbody>{schedule}</tbody></table>
            })}
            <h2>{t.history_title}</h2>
            <ul class="history">{history}</ul>
            <h2>{t.documents_title}</h2>
            <p><TermsLinks application=loan.application_id.clone() label=a.signed_terms/></p>
        </section>
    }
}

/// What a payment's confirmation changes on the screen: the notice it leaves, and the
/// dashboard reloaded (with a fresh key for the next form).
#[derive(Clone, Copy)]
pub struct Refresh {
    pub version: RwSignal<u32>,
    pub notice: RwSignal<Option<&'static str>>,
}

/// Whether a form's code step shows, and the key of the payment it confirms: the start's answer
/// (with JavaScript), or `?confirm=<key>` in the address, where a start posted without JavaScript
/// comes back to (its key ends with the form's `suffix`). Otherwise the form's own `key`.
fn code_step(started: Answer<PaymentView>, key: String, suffix: &str) -> (Signal<bool>, String) {
    let returned = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("confirm")
        .filter(|k| k.ends_with(suffix));
    let from_address = returned.is_some();
    let shown = Signal::derive(move || match &*started.read() {
        Some(Ok(p)) => p.status == PaymentStatus::AwaitingCode,
        Some(Err(_)) => false,
        None => from_address,
    });
    (shown, returned.unwrap_or(key))
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

/// The code step of the payment under `key`: `shown` only while a code is awaited (so one
/// code field is on the page at a time); once the payment is through it says `done` and reloads.
#[component]
fn CodeForm(
    shown: Signal<bool>,
    key: String,
    refresh: Refresh,
    done: &'static str,
    submit: &'static str,
) -> impl IntoView {
    let t = use_money_texts();
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
    let key = StoredValue::new(key);
    view! {
        {move || shown.get().then(|| view! {
            <ActionForm action=action>
                <p role="status">{t.code_sent}</p>
                <input type="hidden" name="key" value=key.get_value()/>
                <CodeField label=t.code answer/>
                <button type="submit" class="primary" disabled=move || action.pending().get()>{submit}</button>
            </ActionForm>
        })}
    }
}

#[component]
fn RepayForm(
    loan: DashboardLoan,
    cards: Vec<CardChoice>,
    key: String,
    refresh: Refresh,
) -> impl IntoView {
    let t = use_money_texts();
    let lang = use_lang();
    let start = ServerAction::<StartPayment>::new();
    let started: Answer<_> = Signal::derive(move || start.value().get());
    // The next payment as the schedule has it is more than the debt today when it carries
    // interest not yet accrued (a loan paid out today): never offer more than the server takes.
    let next = loan
        .next_payment
        .map_or(loan.debt, |p| p.amount.min(loan.debt));
    let amount = RwSignal::new(input_amount(next));
    let debt = loan.debt;
    let (code_sent, code_key) = code_step(started, key.clone(), "-r");
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
            <input type="hidden" name="key" value=key.clone()/>
            <CardSelect cards/>
            <Input label=t.amount name="amount" inputmode="decimal" value=amount
                problem=field_problem(started, "amount")/>
            {choices}
            {early_choice}
            <FormProblem problem=form_problem(started, &["amount"])/>
            <button type="submit" class="primary" disabled=move || start.pending().get()>{t.pay}</button>
        </ActionForm>
        <CodeForm shown=code_sent key=code_key refresh done=t.paid submit=t.confirm_payment/>
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
fn ProlongForm(
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
    let (code_sent, code_key) = code_step(started, key.clone(), "-p");
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
            <input type="hidden" name="key" value=key.clone()/>
            <input type="hidden" name="days" value=offer.days.to_string()/>
            {(!offer.price.is_zero() && !cards.is_empty()).then(|| view! { <CardSelect cards=cards.clone()/> })}
            <FormProblem problem=form_problem(started, &[])/>
            <button type="submit" class="primary" disabled=move || start.pending().get()>{t.prolong_send}</button>
        </ActionForm>
        <CodeForm shown=code_sent key=code_key refresh done=t.prolonged submit=t.prolong_sign/>
    }
    .into_any()
}

#[component]
fn TransferPanel(loan_id: String) -> impl IntoView {
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
                        <div class="row"><dt>{t.recipient}</dt><dd>{tr.name.clone()}</dd></div>
                        <div class="row"><dt>{t.inn}</dt><dd>{tr.inn.clone()}</dd></div>
                        <div class="row"><dt>{t.account}</dt><dd>{tr.account.clone()}</dd></div>
                        <div class="row"><dt>{t.bank}</dt><dd>{tr.bank_name.clone()}</dd></div>
                        <div class="row"><dt>{t.bik}</dt><dd>{tr.bik.clone()}</dd></div>
                        <div class="row"><dt>{t.correspondent}</dt><dd>{tr.correspondent_account.clone()}</dd></div>
                        <div class="row"><dt>{t.sum}</dt><dd>{tr.sum.display(lang)}</dd></div>
                        <div class="row"><dt>{t.purpose}</dt><dd>{tr.purpose.clone()}</dd></div>
                    </dl>
                    <img class="qr" src=format!("/documents/loans/{loan_id}/qr.png") alt=t.qr_alt width="264" height="264"/>
                }.into_any(),
                Some(Err(e)) => view! { <p class="problem">{e.to_string()}</p> }.into_any(),
                None => ().into_any(),
            }}
        </details>
    }
}

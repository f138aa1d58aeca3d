//! The cabinet's first screen for a paid-out loan (PRODUCT.md J4): a hero card with the debt
//! today, the next payment counting down and one primary action; then the loan's sections as
//! tabs (`?tab=`: repay, prolong, transfer, schedule, history, documents; the forms are in
//! `dashboard_actions`), one shown at a time, so the screen is the debt and one action with the
//! rest a tap away; on phones the pay button stays at the bottom. Rendered on the server with
//! the rest of `/cabinet` (sent `no-store`: never kept by a cache); reloaded after each payment.

use leptos::prelude::*;

use crate::api::loans::get_payment;
use crate::domain::payment::PaymentStatus;
use crate::i18n::account::use_account_texts;
use crate::i18n::money::use_money_texts;
use crate::i18n::plural::DAYS;
use crate::i18n::use_lang;
use crate::ui::components::form::load;
use crate::ui::format::date;
use crate::ui::pages::apply_steps::TermsLinks;
use crate::ui::pages::dashboard_actions::{ProlongForm, RepayForm, TransferPanel};
use crate::wire::loans::{CabinetView, CardChoice, DashboardLoan, DashboardStatus, HistoryKind};

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

/// The dashboard's sections, one shown at a time (`?tab=`), so the screen is the debt and one
/// action, the rest a tap away. With a payment's code awaited (`?confirm=<key>`, a form posted
/// without JavaScript) its section is the one shown.
const TABS: [&str; 6] = [
    "repay",
    "prolong",
    "transfer",
    "schedule",
    "history",
    "documents",
];

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
    let query = leptos_router::hooks::use_query_map();
    let tab = Memo::new(move |_| {
        let q = query.read();
        let asked = q.get("tab").filter(|t| TABS.contains(&t.as_str()));
        let confirming = q.get("confirm").map(|k| match k.ends_with("-p") {
            true => "prolong".to_owned(),
            false => "repay".to_owned(),
        });
        asked
            .or(confirming)
            .unwrap_or_else(|| if open { "repay" } else { "history" }.to_owned())
    });
    let status = match loan.status {
        DashboardStatus::Overdue => format!(
            "{} {}",
            t.status_overdue,
            DAYS.count(lang, loan.overdue_days.into())
        ),
        DashboardStatus::Repaid => t.status_repaid.to_owned(),
        _ => t.status_active.to_owned(),
    };
    let countdown = match loan.days_left {
        Some(0) => Some(t.due_today.to_owned()),
        Some(1) => Some(t.due_tomorrow.to_owned()),
        Some(n) if n > 1 => Some(
            t.due_in
                .replace("{days}", &DAYS.count(lang, n.unsigned_abs())),
        ),
        _ => None,
    };
    let next = loan.next_payment.map(|p| {
        view! {
            <p class="next">{t.next_payment}": "<strong id="next-payment">{p.amount.display(lang)}</strong>
                " "{t.due_by}" "<span id="next-date">{date(lang, p.on)}</span>
                {countdown.map(|c| view! { " · "<span class="countdown" id="countdown">{c}</span> })}</p>
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
    let tabs = [
        ("repay", t.tab_repay, open),
        (
            "prolong",
            t.tab_prolong,
            open && (loan.prolongation.is_some() || loan.prolongation_refused.is_some()),
        ),
        ("transfer", t.tab_transfer, open),
        ("schedule", t.tab_schedule, !loan.schedule.is_empty()),
        ("history", t.tab_history, true),
        ("documents", t.tab_documents, true),
    ];
    let nav = tabs
        .into_iter()
        .filter(|(_, _, shown)| *shown)
        .map(|(code, label, _)| {
            view! {
                <a href=format!("/cabinet?tab={code}") data-tab=code
                    aria-current=move || (tab.get() == code).then_some("page")>{label}</a>
            }
        })
        .collect_view();
    let section = move |code: &'static str| move || tab.get() != code;
    view! {
        <section class="loan-dashboard" data-loan=loan.status.code()>
            <div class="debt-card">
                <div>
                    <p class="label">{t.debt_today}</p>
                    <p class="debt" id="debt">{loan.debt.display(lang)}</p>
                    {next}
                    <p class="status">{status}
                        {loan.due_date.map(|d| view! { " · "{t.due_date}" "<span id="due-date">{date(lang, d)}</span> })}
                    </p>
                </div>
                {open.then(|| view! { <a class="button primary" href="/cabinet?tab=repay#repay">{t.pay_now}</a> })}
            </div>
            <p class="done" role="status">{move || refresh.notice.get()}</p>
            <details class="breakdown">
                <summary>{t.breakdown}</summary>
                <dl class="contacts">{rows}</dl>
            </details>
            <nav class="tabs" aria-label=t.loan_sections>{nav}</nav>
            {open.then(|| view! {
                <div class="tab" id="repay" hidden=section("repay")>
                    <RepayForm loan=loan.clone() cards=cards.clone() key=format!("{key}-r") refresh/>
                </div>
                <div class="tab" id="prolong" hidden=section("prolong")>
                    <ProlongForm loan=loan.clone() cards=cards.clone() key=format!("{key}-p") refresh/>
                </div>
                <div class="tab" id="transfer" hidden=section("transfer")>
                    <TransferPanel loan_id=loan.id.clone()/>
                </div>
            })}
            <div class="tab" id="schedule" hidden=section("schedule")>
                <h2>{t.schedule_title}</h2>
                <div class="table-scroll"><table class="schedule"><thead><tr>{head}</tr></thead><tbody>{schedule}</tbody></table></div>
            </div>
            <div class="tab" id="history" hidden=section("history")>
                <h2>{t.history_title}</h2>
                <ul class="history">{history}</ul>
            </div>
            <div class="tab" id="documents" hidden=section("documents")>
                <h2>{t.documents_title}</h2>
                <p><TermsLinks application=loan.application_id.clone() label=a.signed_terms/></p>
            </div>
            {open.then(|| view! {
                <div class="sticky-action" hidden=move || tab.get() == "repay">
                    <a class="button primary" href="/cabinet?tab=repay#repay">{t.pay_now}" "{loan.debt.display(lang)}</a>
                </div>
            })}
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
